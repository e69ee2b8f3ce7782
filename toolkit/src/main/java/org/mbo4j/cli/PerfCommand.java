package org.mbo4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mbo4j.perf.PerfCase;
import org.mbo4j.perf.PerfReport;
import org.mbo4j.perf.PerfSuite;
import org.mbo4j.perf.SameDiffComparison;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./mbo4j perf}: the performance suite (see docs/performance.md). */
@Command(name = "perf", mixinStandardHelpOptions = true,
        description = {"Measure the training and ascent paths (train-epoch, ascent-step, coms-batch, gemm) and print"
                + " a JSON report: time, samples/s and GFLOP/s per case.",
                "With --torch, also runs the same cases in PyTorch (CPU, same threads; installed once into"
                        + " .venv-perf) and numpy's GEMM peak in the same run, and reports mbo4j/PyTorch time ratios."})
final class PerfCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Fewer repetitions and a partial epoch (extrapolated); ~1 minute.")
    boolean quick;

    @Option(names = "--torch", description = "Also run the PyTorch CPU reference and report ratios.")
    boolean torch;

    @Option(names = "--samediff", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Include the SameDiff vs hand-written backprop comparison (default: on).")
    boolean samediff;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the report to FILE.")
    Path out;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        String home = System.getenv("MBO4J_HOME");
        if (torch && (home == null || home.isBlank())) {
            throw new UserError("--torch needs MBO4J_HOME: run it as ./mbo4j perf --torch");
        }
        err.println("mbo4j perf: measuring mbo4j" + (quick ? " (quick)" : "") + "...");
        err.flush();
        List<PerfCase> cases = new PerfSuite(quick, line -> {
            err.println("  " + line);
            err.flush();
        }).run();
        List<PerfCase> sd = new ArrayList<>();
        if (samediff) {
            err.println("mbo4j perf: SameDiff vs hand-written backprop...");
            sd = SameDiffComparison.run(quick, line -> {
                err.println("  " + line);
                err.flush();
            });
        }
        JsonNode ref = torch ? runTorch(Path.of(home), quick, err) : null;
        JsonNode report = PerfReport.build(quick, cases, sd, ref);
        spec.commandLine().getOut().println(PerfReport.toJson(report));
        if (out != null) {
            PerfReport.write(report, out);
            err.println("mbo4j perf: report written to " + out);
        }
        return 0;
    }

    private static JsonNode runTorch(Path home, boolean quick, java.io.PrintWriter err) throws IOException, InterruptedException {
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS",
                Integer.toString(Runtime.getRuntime().availableProcessors()));
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("scripts/perf.sh").toString(), "torch",
                "--threads", threads));
        if (quick) cmd.add("--quick");
        if (!Files.isRegularFile(home.resolve("scripts/perf.sh"))) {
            throw new UserError("scripts/perf.sh not found under " + home);
        }
        err.println("mbo4j perf: measuring the PyTorch reference (" + threads + " threads)...");
        err.flush();
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0) throw new UserError("the PyTorch reference failed (exit " + code + "); see the lines above");
        return PerfReport.parseTorch(stdout);
    }
}
