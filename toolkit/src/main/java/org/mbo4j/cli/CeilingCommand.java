package org.mbo4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mbo4j.eval.HypervolumeCeiling;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./mbo4j ceiling}: {@link HypervolumeCeiling} for multi-objective tasks. */
@Command(
        name = "ceiling",
        mixinStandardHelpOptions = true,
        description = {
            "How high the hypervolume of multi-objective tasks can go on our data's scale: NSGA-II on the exact",
            "function, started from the data's best k rows, gives the hypervolume of its final k designs and of",
            "the front it found (every evaluated design no other dominates). Not a method: it queries the oracle.",
            "Writes DIR/ceiling.json (one record per task, with command, date and build, saved as each task",
            "finishes) and DIR/ceiling.md (beside the published rows of ParetoFlow's Tables 8 and 13); records of",
            "other tasks or settings stay."
        })
final class CeilingCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--tasks",
            required = true,
            split = ",",
            description = "Comma-separated multi-objective task names (see ./mbo4j tasks).")
    List<String> tasks;

    @Option(names = "--k", defaultValue = "256", description = "Designs per set (default ${DEFAULT-VALUE}).")
    int k;

    @Option(
            names = "--generations",
            defaultValue = "500",
            description = "NSGA-II generations, the initial population the first (default ${DEFAULT-VALUE}).")
    int generations;

    @Option(names = "--seed", defaultValue = "0", description = "NSGA-II's seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Folder for ceiling.json and ceiling.md.")
    Path out;

    @Option(names = "--data-dir", description = "Folder with the task data (default: MBO4J_DATA or the bundled data).")
    Path dataDir;

    @Override
    public Integer call() {
        if (dataDir != null) System.setProperty("mbo4j.data", dataDir.toString());
        HypervolumeCeiling.requireSettings(k, generations);
        if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a folder. Fix: choose a folder path");
        }
        // every task is checked before the first is searched, so bad input writes nothing
        List<Task> loaded = new ArrayList<>();
        for (String name : tasks) {
            Task t = Tasks.load(name);
            HypervolumeCeiling.requireApplicable(t);
            loaded.add(t);
        }
        HypervolumeCeiling.read(out); // a file, or an unreadable ceiling.json, is refused before the search
        String command =
                BenchCommand.commandLine(spec.commandLine().getParseResult().originalArgs());
        var o = spec.commandLine().getOut();
        for (Task t : loaded) {
            HypervolumeCeiling.Result r = HypervolumeCeiling.of(t, k, generations, seed, command);
            o.println(String.format(
                    Locale.ROOT,
                    "%s: D(best) %.4f, NSGA-II's %d designs %.4f, front %s (%d designs), %.0f s",
                    r.task(),
                    r.dBest(),
                    r.k(),
                    r.nsga2(),
                    r.front() == null ? "not computed" : String.format(Locale.ROOT, "%.4f", r.front()),
                    r.frontSize(),
                    r.seconds()));
            o.flush();
            try {
                HypervolumeCeiling.write(out, List.of(r)); // each task as it finishes: a long run keeps what it did
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        o.println(
                "wrote " + out.resolve(HypervolumeCeiling.JSON_FILE) + ", " + out.resolve(HypervolumeCeiling.MD_FILE));
        return 0;
    }
}
