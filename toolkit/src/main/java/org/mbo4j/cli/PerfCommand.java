package org.mbo4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.mbo4j.perf.MachineLoad;
import org.mbo4j.perf.PerfCase;
import org.mbo4j.perf.PerfReport;
import org.mbo4j.perf.PerfSuite;
import org.mbo4j.perf.SameDiffComparison;
import org.mbo4j.perf.TorchReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./mbo4j perf}: the performance suite (see docs/performance.md). Standard output carries the JSON report
 * alone: progress goes to standard error, and so does whatever the libraries print to {@code System.out} while the
 * cases run (ND4J SameDiff prints an "Added differentiated op ..." line per op when it builds a gradient graph).
 */
@Command(
        name = "perf",
        mixinStandardHelpOptions = true,
        description = {
            "Measure the training and ascent paths (train-epoch, ascent-step, coms-batch, gan-step, gemm) and print"
                    + " a JSON report: time, samples/s and GFLOP/s per case.",
            "With --torch, also runs the same cases in PyTorch (CPU, same threads; installed once into"
                    + " .venv-perf), alternating with mbo4j case by case, plus numpy's GEMM peak, and reports"
                    + " mbo4j/PyTorch time ratios."
        })
final class PerfCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Fewer repetitions and a partial epoch (extrapolated); a few minutes.")
    boolean quick;

    @Option(names = "--torch", description = "Also run the PyTorch CPU reference and report ratios.")
    boolean torch;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            description = "Alternating mbo4j/PyTorch rounds per case; each"
                    + " side's fastest round counts (default: 2, or 1 with --quick).")
    Integer rounds;

    @Option(
            names = "--no-samediff",
            negatable = false,
            description = "Skip the SameDiff vs hand-written backprop comparison.")
    boolean noSamediff;

    @Option(
            names = "--cases",
            split = ",",
            paramLabel = "CASE",
            description = "Only these cases, comma-separated (default: all of them).")
    List<String> cases;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the report to FILE.")
    Path out;

    @Override
    public Integer call() throws Exception {
        return stdoutToStderr(this::measureAndReport);
    }

    /**
     * Runs {@code body} with {@code System.out} pointing at {@code System.err}, and restores it afterwards (also on
     * failure). The command's own output writer is unaffected: {@link Main#main} built it around the original
     * stream.
     */
    static <T> T stdoutToStderr(Callable<T> body) throws Exception {
        PrintStream stdout = System.out;
        System.out.flush();
        System.setOut(System.err);
        try {
            return body.call();
        } finally {
            System.err.flush();
            System.setOut(stdout);
        }
    }

    private Integer measureAndReport() throws Exception {
        var err = spec.commandLine().getErr();
        int r = rounds != null ? rounds : quick ? 1 : 2;
        if (r < 1) throw new UserError("--rounds must be at least 1, got " + r);
        String home = System.getenv("MBO4J_HOME");
        if (torch && (home == null || home.isBlank())) {
            throw new UserError("--torch needs MBO4J_HOME: run it as ./mbo4j perf --torch");
        }
        int threads = Integer.parseInt(System.getenv()
                .getOrDefault(
                        "OMP_NUM_THREADS", Integer.toString(Runtime.getRuntime().availableProcessors())));
        Consumer<String> log = line -> {
            err.println("  " + line);
            err.flush();
        };
        List<String> selected = cases == null || cases.isEmpty() ? PerfSuite.CASES : List.copyOf(cases);
        for (String c : selected) {
            if (!PerfSuite.CASES.contains(c)) {
                throw new UserError("unknown perf case '" + c + "'; known: " + String.join(", ", PerfSuite.CASES));
            }
        }
        MachineLoad before = MachineLoad.sample(1000);
        if (before.busy()) {
            err.println(String.format(
                    Locale.ROOT,
                    "mbo4j perf: warning: the machine is busy (%.0f %% of its CPU time in use before the measurement, "
                            + "load average %.2f): ratios against PyTorch measured now can differ from idle ones by a"
                            + " factor of 2 or more; pause other work (kill -STOP) for the measurement",
                    100 * before.busyFraction(),
                    before.loadAverage()));
            err.flush();
        }
        PerfSuite suite = new PerfSuite(quick, log);
        Map<String, PerfCase> best = new LinkedHashMap<>();
        Map<String, JsonNode> torchBest = torch ? new HashMap<>() : null;
        JsonNode meta = null;
        double peak = Double.NaN;
        TorchReference ref = null;
        try {
            if (torch) {
                err.println("mbo4j perf: starting the PyTorch reference (" + threads + " threads)...");
                err.flush();
                ref = new TorchReference(Path.of(home), threads, quick);
                meta = ref.meta();
            }
            for (int round = 1; round <= r; round++) {
                err.println("mbo4j perf: round " + round + " of " + r + (quick ? " (quick)" : ""));
                err.flush();
                if (ref != null) {
                    JsonNode p = ref.measure("numpy-peak");
                    peak = Double.isNaN(peak)
                            ? p.get("gflops").asDouble()
                            : Math.max(peak, p.get("gflops").asDouble());
                    log.accept(String.format(
                            Locale.ROOT,
                            "%-22s numpy float32 2048³: %.1f GFLOP/s",
                            "numpy-peak",
                            p.get("gflops").asDouble()));
                }
                for (String name : selected) {
                    PerfCase c = suite.run(name);
                    best.merge(name, c, (a, b) -> a.seconds() <= b.seconds() ? a : b);
                    if (ref != null) {
                        JsonNode t = ref.measure(name);
                        log.accept(String.format(
                                Locale.ROOT,
                                "%-22s %9.4f s  (PyTorch)  ratio %.2f",
                                name,
                                t.get("seconds").asDouble(),
                                c.seconds() / t.get("seconds").asDouble()));
                        torchBest.merge(
                                name,
                                t,
                                (a, b) -> a.get("seconds").asDouble()
                                                <= b.get("seconds").asDouble()
                                        ? a
                                        : b);
                    }
                }
            }
        } finally {
            if (ref != null) ref.close();
        }
        List<PerfCase> sd = new ArrayList<>();
        if (!noSamediff) {
            err.println("mbo4j perf: SameDiff vs hand-written backprop...");
            sd = SameDiffComparison.run(quick, log);
        }
        ObjectNode report = PerfReport.build(quick, r, new ArrayList<>(best.values()), sd, meta, torchBest, peak);
        PerfReport.addLoad(report, before);
        spec.commandLine().getOut().println(PerfReport.toJson(report));
        if (out != null) {
            PerfReport.write(report, out);
            err.println("mbo4j perf: report written to " + out);
        }
        return 0;
    }
}
