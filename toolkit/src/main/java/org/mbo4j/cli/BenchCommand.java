package org.mbo4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mbo4j.eval.Benchmark;
import org.mbo4j.eval.Engine;
import org.mbo4j.eval.ResultsStore;
import org.mbo4j.eval.Summary;
import org.mbo4j.eval.SummaryText;
import org.mbo4j.method.Method;
import org.mbo4j.method.Methods;
import org.mbo4j.offline.OfflineGuard;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./mbo4j bench}. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Run tasks × methods × seeds with the benchmark protocol.",
            "Writes DIR/results.json (one record per task × method × seed, raw and normalized percentiles),",
            "DIR/summary.csv and DIR/summary.md (mean ± std, D(best), paper numbers, mean rank).",
            "Each finished run is saved at once; rerunning with the same --out skips finished runs.",
            "A method that reaches for an oracle or task data while proposing stops the benchmark with an",
            "OfflineViolationException naming the call; nothing is written for that run.",
            "Tasks and methods from jars named in MBO4J_CLASSPATH (colon-separated) run like built-in ones."
        })
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--tasks",
            required = true,
            split = ",",
            description = "Comma-separated task names (see ./mbo4j tasks).")
    List<String> tasks;

    @Option(
            names = "--methods",
            required = true,
            split = ",",
            completionCandidates = ProposeCommand.MethodNames.class,
            description = "Comma-separated method names, of: ${COMPLETION-CANDIDATES}.")
    List<String> methods;

    @Option(
            names = "--seeds",
            defaultValue = "1",
            description = "N: seeds 0..N-1 (default ${DEFAULT-VALUE}); or A..B: "
                    + "seeds A to B, e.g. one share of a long run on a second machine, gathered later with --import.")
    String seeds;

    @Option(
            names = "--k",
            defaultValue = "128",
            description = "Designs proposed per run (default ${DEFAULT-VALUE}). An --out folder holds one k per task "
                    + "(a summary row averages its runs): runs at another k go to another folder.")
    int k;

    @Option(
            names = "--out",
            required = true,
            description = "Output folder (created; resumed if it holds results.json).")
    Path out;

    @Option(
            names = "--import",
            description = "Copy the finished runs of another results folder into --out first "
                    + "(repeatable); they are not run again. A record in --out without a build is replaced by the "
                    + "imported run's record when that one names its build; the old one goes to superseded.json.")
    List<Path> imports = new ArrayList<>();

    @Option(
            names = "--supersede",
            description = "With --import: the imported runs take over their rows (task, method, k, quick "
                    + "or paper settings); the records of those rows from other builds, whatever their settings text, "
                    + "move to superseded.json, so "
                    + "each row stays on one build (e.g. after a method changed and its rows were rerun). Refuses a "
                    + "folder holding runs of tasks or methods the command does not name, at another --k, or of the "
                    + "other variant (--quick or not).")
    boolean supersede;

    @Option(names = "--force", description = "Write into an existing folder that is not an mbo4j results folder.")
    boolean force;

    @Option(
            names = "--quick",
            description = "Use each method's quick settings (small models, few epochs) instead of the paper's.")
    boolean quick;

    @Option(names = "--data-dir", description = "Folder holding Design-Bench shards (else MBO4J_DATA, then the cache).")
    Path dataDir;

    @Option(
            names = "--engine",
            defaultValue = "in-process",
            description = "Where the runs execute: in-process (default, one at a time, with training checkpoints) or "
                    + "spark (every run a Spark task; needs the spark module built).")
    String engine;

    @Option(
            names = "--master",
            defaultValue = "local[2]",
            description = "Spark master for --engine spark: local[N] or spark://HOST:PORT (default ${DEFAULT-VALUE}).")
    String master;

    @Option(
            names = "--run-threads",
            defaultValue = "1",
            description = "GEMM threads per run under --engine spark (default ${DEFAULT-VALUE}).")
    int runThreads;

    @Option(names = "--verbose", description = "Show Spark's own log lines (--engine spark).")
    boolean verbose;

    @Option(
            names = "--plan",
            description = "Run nothing and write nothing: list per task and method the seeds already recorded "
                    + "(in --out and the --import folders), the pending ones with their checkpoints, and an estimate "
                    + "of the pending time from the recorded runs of the same rows.")
    boolean plan;

    @Override
    public Integer call() {
        if (dataDir != null) System.setProperty("mbo4j.data", dataDir.toString());
        Method[] ms = methods.stream()
                .map(Methods::create)
                .map(m -> quick ? OfflineGuard.during(m.name(), m::quick) : m)
                .toArray(Method[]::new);
        Benchmark bench = Benchmark.tasks(tasks.toArray(String[]::new))
                .methods(ms)
                .k(k)
                .out(out)
                .force(force)
                .command(commandLine(spec.commandLine().getParseResult().originalArgs()));
        seeds(bench, seeds);
        if (supersede && imports.isEmpty()) {
            throw new IllegalArgumentException(
                    "--supersede applies to imported runs and there is no --import. Fix: add --import DIR");
        }
        imports.forEach(supersede ? bench::importSuperseding : bench::importFrom);
        if (!engine.equals("in-process") && !engine.equals("spark")) {
            throw new IllegalArgumentException(
                    "--engine " + engine + " is not an engine: use in-process (the default) or spark");
        }
        if (engine.equals("spark") && runThreads < 1) {
            throw new IllegalArgumentException("--run-threads must be at least 1, got " + runThreads);
        }
        if (plan) {
            // the same pending runs on either engine; planning needs no Spark
            spec.commandLine().getOut().print(bench.plan().toText());
            spec.commandLine().getOut().println("Nothing was run or written (--plan).");
            return 0;
        }
        if (engine.equals("spark")) bench.engine(Engine.spark(master, runThreads, verbose));
        Summary s = bench.run();
        var o = spec.commandLine().getOut();
        o.print(SummaryText.render(s, TasksCommand.WIDTH));
        o.println();
        o.println("wrote " + out.resolve(ResultsStore.RESULTS) + ", " + out.resolve(ResultsStore.SUMMARY_CSV) + ", "
                + out.resolve(ResultsStore.SUMMARY_MD));
        if (!bench.failures().isEmpty()) {
            var e = spec.commandLine().getErr();
            e.println(bench.failures().size() + " run(s) failed (listed in " + out.resolve(ResultsStore.FAILED)
                    + "; the same command retries them):");
            for (String f : bench.failures()) e.println("  " + f);
        }
        return 0;
    }

    /**
     * The command line as a shell would take it back: {@code ./mbo4j ARGS} (ARGS from the subcommand's name on),
     * each argument a shell would split or expand in single quotes.
     */
    static String commandLine(List<String> args) {
        StringBuilder b = new StringBuilder("./mbo4j");
        for (String a : args) {
            b.append(' ');
            b.append(a.matches("[A-Za-z0-9_./:=,@+%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }

    /** Applies {@code --seeds}: a count N (seeds 0..N-1) or an inclusive range A..B. */
    static void seeds(Benchmark bench, String spec) {
        String s = spec.strip();
        try {
            int dots = s.indexOf("..");
            if (dots < 0) {
                bench.seeds(Integer.parseInt(s));
            } else {
                bench.seedRange(Long.parseLong(s.substring(0, dots)), Long.parseLong(s.substring(dots + 2)));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seeds '" + spec + "' is neither a count N (seeds 0..N-1) nor a range "
                    + "A..B (seeds A to B); e.g. --seeds 8 or --seeds 4..7");
        }
    }
}
