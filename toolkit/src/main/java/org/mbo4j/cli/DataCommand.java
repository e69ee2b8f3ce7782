package org.mbo4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mbo4j.task.designbench.DataLocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./mbo4j data fetch|verify|path}. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Design-Bench data: fetch (download with SHA-256 check), verify, or show where files are found.",
        subcommands = {DataCommand.Fetch.class, DataCommand.Verify.class, DataCommand.Where.class})
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by the data subcommands. */
    static class DirOption {
        @CommandLine.Option(
                names = "--data-dir",
                description = "Folder holding Design-Bench shards (else MBO4J_DATA, then the cache).")
        Path dataDir;

        void apply() {
            if (dataDir != null) System.setProperty("mbo4j.data", dataDir.toString());
        }
    }

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description = {
                "Download every Design-Bench file on the dataset card into the cache, verifying SHA-256.",
                "Mirrors are tried in order: MBO4J_DATA_MIRROR (yours, if set), the Hugging Face dataset "
                        + "beckhamc/design_bench_data, the old storage.googleapis.com bucket."
            })
    static final class Fetch implements Callable<Integer> {
        @CommandLine.Mixin
        DirOption dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            dir.apply();
            var out = spec.commandLine().getOut();
            List<String> mirrors = DataLocator.mirrors();
            boolean announced = false;
            for (String rel : DataLocator.checksums().keySet()) {
                Path p = DataLocator.find(rel);
                if (p != null) {
                    DataLocator.verify(rel, p);
                    out.println("ok       " + rel + "  " + p);
                    continue;
                }
                if (!announced) {
                    out.println("mirrors, in order: " + String.join(", ", mirrors));
                    announced = true;
                }
                DataLocator.Download d = DataLocator.download(rel, mirrors);
                for (String f : d.failures()) out.println("skipped  " + f);
                out.println("fetched  " + rel + "  from " + d.mirror() + "  into " + d.file());
            }
            return 0;
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Check the SHA-256 of every Design-Bench file found against the dataset card.")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Mixin
        DirOption dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            dir.apply();
            int missing = 0;
            for (Map.Entry<String, String> e : DataLocator.checksums().entrySet()) {
                Path p = DataLocator.find(e.getKey());
                if (p == null) {
                    spec.commandLine().getOut().println("missing  " + e.getKey());
                    missing++;
                    continue;
                }
                DataLocator.verify(e.getKey(), p);
                spec.commandLine().getOut().println("ok       " + e.getKey() + "  " + p);
            }
            if (missing > 0) {
                throw new UserError(missing + " file(s) missing; looked in " + DataLocator.searchPath()
                        + ". Fix: ./mbo4j data fetch, or --data-dir / MBO4J_DATA");
            }
            return 0;
        }
    }

    @Command(
            name = "path",
            mixinStandardHelpOptions = true,
            description = "Print the folders searched for data, in order, and where each file was found.")
    static final class Where implements Callable<Integer> {
        @CommandLine.Mixin
        DirOption dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            dir.apply();
            var out = spec.commandLine().getOut();
            out.println("search path: " + DataLocator.searchPath());
            for (String rel : DataLocator.checksums().keySet()) {
                Path p = DataLocator.find(rel);
                out.println((p == null ? "missing  " : "found    ") + rel + (p == null ? "" : "  " + p));
            }
            return 0;
        }
    }
}
