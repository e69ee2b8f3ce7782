package org.mbo4j.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The JSON report: machine description, each case's time, samples/s and GFLOP/s for mbo4j and (when measured in
 * the same run) PyTorch, the ratio mbo4j/PyTorch time, numpy's GEMM peak and train-epoch's fraction of it, and
 * the acceptance targets of issue 4 evaluated honestly.
 */
public final class PerfReport {
    /** Cases with a ratio target ≤ 1.0. */
    public static final List<String> RATIO_TARGETS = List.of(
            "train-epoch",
            "ascent-step",
            "ascent-step-ensemble5",
            "coms-batch",
            "gan-step",
            "gan-step-mins",
            "vae-epoch");
    /** train-epoch's target fraction of the numpy GEMM peak. */
    public static final double PEAK_TARGET = 0.6;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PerfReport() {}

    /**
     * Builds the report from each side's best (fastest) measurement per case. {@code torchMeta} and
     * {@code torchCases} are null without --torch; {@code numpyPeak} is NaN then.
     */
    public static ObjectNode build(
            boolean quick,
            int rounds,
            List<PerfCase> cases,
            List<PerfCase> samediff,
            JsonNode torchMeta,
            Map<String, JsonNode> torchCases,
            double numpyPeak) {
        ObjectNode r = JSON.createObjectNode();
        r.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        r.put("build", org.mbo4j.eval.BuildInfo.withRuntime());
        r.put("quick", quick);
        r.put("rounds", rounds);
        r.put(
                "method",
                "each case alternates mbo4j and PyTorch runs (" + rounds + " round(s)); each side's fastest"
                        + " round is reported, so both sides see the same machine load");
        r.set("machine", machine(torchMeta));
        ArrayNode arr = r.putArray("cases");
        for (PerfCase c : cases) {
            ObjectNode o = arr.addObject();
            o.put("case", c.name());
            o.put("description", c.description());
            o.set("mbo4j", numbers(c.seconds(), c.samplesPerSecond(), c.gflops()));
            JsonNode t = torchCases == null ? null : torchCases.get(c.name());
            if (t != null) {
                o.set(
                        "torch",
                        numbers(
                                t.get("seconds").asDouble(),
                                t.get("samples_per_s").asDouble(),
                                t.get("gflops").asDouble()));
                o.put(
                        "ratio_mbo4j_over_torch",
                        round(c.seconds() / t.get("seconds").asDouble(), 3));
            }
        }
        if (samediff != null && !samediff.isEmpty()) {
            ArrayNode s = r.putArray("samediff_vs_handwritten");
            for (PerfCase c : samediff) {
                ObjectNode o = s.addObject();
                o.put("case", c.name());
                o.put("description", c.description());
                o.set("mbo4j", numbers(c.seconds(), c.samplesPerSecond(), c.gflops()));
            }
        }
        if (torchCases != null) {
            r.put("numpy_gemm_2048_gflops", round(numpyPeak, 1));
            PerfCase train = cases.stream()
                    .filter(c -> c.name().equals("train-epoch"))
                    .findFirst()
                    .orElse(null);
            ObjectNode acc = r.putObject("acceptance");
            if (train != null) {
                double frac = train.gflops() / numpyPeak;
                r.put("train_epoch_fraction_of_numpy_peak", round(frac, 3));
                acc.put("train-epoch >= 60% of numpy GEMM peak", frac >= PEAK_TARGET);
            }
            for (String name : RATIO_TARGETS) {
                JsonNode c = findCase(arr, name);
                if (c != null && c.has("ratio_mbo4j_over_torch")) {
                    acc.put(
                            name + " ratio <= 1.0",
                            c.get("ratio_mbo4j_over_torch").asDouble() <= 1.0);
                }
            }
        }
        return r;
    }

    /** Adds {@code load_before}: the machine's busy share (3 decimals) and load average before measuring (null if unknown). */
    public static void addLoad(ObjectNode report, MachineLoad load) {
        ObjectNode o = report.putObject("load_before");
        o.put("busy_fraction", Double.isNaN(load.busyFraction()) ? null : round(load.busyFraction(), 3));
        o.put("load_average_1min", Double.isNaN(load.loadAverage()) ? null : load.loadAverage());
    }

    private static JsonNode findCase(ArrayNode arr, String name) {
        for (JsonNode c : arr) if (c.get("case").asText().equals(name)) return c;
        return null;
    }

    private static ObjectNode numbers(double seconds, double samplesPerSecond, double gflops) {
        ObjectNode o = JSON.createObjectNode();
        o.put(
                "seconds",
                seconds < 1e-3
                        ? Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4g", seconds))
                        : round(seconds, 5));
        o.put("samples_per_s", round(samplesPerSecond, 1));
        o.put("gflops", round(gflops, 1));
        return o;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** CPU model, cores, memory, OS, JVM, library versions, BLAS kernel and thread settings. */
    static ObjectNode machine(JsonNode torch) {
        ObjectNode m = JSON.createObjectNode();
        m.put("cpu", cpuModel());
        m.put("logical_cpus", Runtime.getRuntime().availableProcessors());
        m.put("memory_gib", memoryGib());
        m.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("nd4j", "1.0.0-M2.1 nd4j-native linux-x86_64");
        m.put("openblas", jarVersion("openblas"));
        m.put("onednn", jarVersion("dnnl"));
        m.put("gemm_library", org.mbo4j.nn.Gemm.library().id() + " (MBO4J_GEMM, chosen by the launcher's check)");
        m.put("elementwise_kernels", org.mbo4j.nn.ElementwiseKernels.describe());
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        m.put("libnd4j_variant", ext.isEmpty() ? "generic linux-x86_64" : "linux-x86_64" + ext);
        Map<String, String> env = System.getenv();
        m.put("OPENBLAS_CORETYPE", env.getOrDefault("OPENBLAS_CORETYPE", "(unset: OpenBLAS auto-detect)"));
        m.put("OMP_NUM_THREADS", env.getOrDefault("OMP_NUM_THREADS", "(unset)"));
        m.put("OMP_WAIT_POLICY", env.getOrDefault("OMP_WAIT_POLICY", "(unset)"));
        if (torch != null) {
            m.put("torch", torch.get("torch").asText());
            m.put("numpy", torch.get("numpy").asText());
            if (torch.has("adam")) m.put("torch_adam", torch.get("adam").asText());
            m.put("python", torch.get("python").asText());
            m.put("torch_threads", torch.get("threads").asInt());
            m.put("torch_build", "PyPI wheel (CUDA build, run on the CPU)");
        }
        return m;
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name"))
                    return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    static double memoryGib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0, 1);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return Double.NaN;
    }

    static String jarVersion(String artifact) {
        for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String f = Path.of(p).getFileName().toString();
            if (f.startsWith(artifact + "-") && f.endsWith(".jar") && !f.contains("linux")) {
                return f.substring(artifact.length() + 1, f.length() - 4);
            }
        }
        return "unknown";
    }

    /** Pretty JSON text. */
    public static String toJson(JsonNode report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the report atomically (temporary file + rename). */
    public static void write(JsonNode report, Path out) throws IOException {
        Path abs = out.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), ".perf", ".tmp");
        try {
            Files.writeString(tmp, toJson(report) + "\n");
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
