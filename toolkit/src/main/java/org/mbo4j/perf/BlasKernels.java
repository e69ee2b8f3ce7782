package org.mbo4j.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mbo4j.nn.Gemm;

/**
 * Chooses the GEMM set-up for this processor by measurement, in two steps: first the OpenBLAS kernel
 * ({@code OPENBLAS_CORETYPE}): each candidate the CPU supports runs {@link BlasCheck} in a child JVM and the fastest
 * candidate that computes correct results wins; then the library behind the neural core's float32 products
 * ({@code MBO4J_GEMM}, see {@link Gemm}): OpenBLAS with that kernel against oneDNN, again checked for correctness
 * and timed on the neural core's own shapes in child JVMs. The launcher ({@code scripts/common.sh}) calls
 * {@code select} once per CPU model + library versions and caches the answer; nobody picks a kernel by hand.
 */
public final class BlasKernels {
    private static final Pattern CRASH_SIGNAL = Pattern.compile("^#\\s+(SIG[A-Z]+) \\(");
    private static final Pattern CRASH_FRAME = Pattern.compile("\\[([^\\]]+)\\]");

    private BlasKernels() {}

    /** Outcome of one candidate: an OpenBLAS kernel and the GEMM library ({@link Gemm.Library#id()}). */
    public record Result(String kernel, String gemm, boolean passed, double gflops, String failure) {
        /** An OpenBLAS-kernel candidate (library {@code openblas}). */
        public Result(String kernel, boolean passed, double gflops, String failure) {
            this(kernel, Gemm.Library.OPENBLAS.id(), passed, gflops, failure);
        }

        String label() {
            return gemm.equals(Gemm.Library.OPENBLAS.id()) ? kernel : kernel + "+" + gemm;
        }
    }

    /**
     * OpenBLAS 0.3.19 x86-64 kernels worth trying, fastest-first by design, filtered by the CPU flags they need.
     * Sandybridge (AVX) and Nehalem (SSE4.2) are the slow fallbacks should every AVX2/AVX-512 kernel fail.
     */
    public static List<String> candidates(Set<String> flags) {
        List<String> c = new ArrayList<>();
        boolean avx512 = flags.containsAll(Set.of("avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"));
        if (avx512 && flags.contains("avx512_bf16")) c.add("Cooperlake");
        if (avx512) c.add("SkylakeX");
        if (flags.containsAll(Set.of("avx2", "fma"))) {
            c.add("Haswell");
            c.add("Zen");
        }
        if (flags.contains("avx")) c.add("Sandybridge");
        c.add("Nehalem");
        return c;
    }

    /** CPU flags of this machine from /proc/cpuinfo (empty when unreadable). */
    public static Set<String> cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    return Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                }
            }
        } catch (IOException e) {
            // no /proc: only the generic fallback candidates apply
        }
        return Set.of();
    }

    /** Runs {@link BlasCheck} in a child JVM with {@code OPENBLAS_CORETYPE=kernel} and OpenBLAS GEMMs. */
    public static Result run(String kernel) {
        return run(kernel, Gemm.Library.OPENBLAS);
    }

    /** Runs {@link BlasCheck} in a child JVM with {@code OPENBLAS_CORETYPE=kernel} and {@code MBO4J_GEMM=gemm}. */
    public static Result run(String kernel, Gemm.Library gemm) {
        String lib = gemm.id();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g"));
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension");
        if (ext != null) cmd.add("-Dorg.bytedeco.javacpp.platform.extension=" + ext); // same libnd4j variant
        Path err = null;
        try {
            err = Files.createTempFile("mbo4j-blas-check", ".err");
            // a native crash writes its report beside the error output, not into the working directory
            cmd.add(1, "-XX:ErrorFile=" + err + ".hs_err");
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BlasCheck.class.getName()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("OPENBLAS_CORETYPE", kernel);
            pb.environment().put("MBO4J_GEMM", lib);
            pb.redirectError(err.toFile());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(kernel, lib, false, 0, "timed out");
            }
            if (p.exitValue() != 0) {
                List<String> output = new ArrayList<>(out.lines().toList()); // HotSpot's crash summary: stdout
                output.addAll(Files.readAllLines(err));
                return new Result(
                        kernel, lib, false, 0, "child JVM exited with " + p.exitValue() + crashReason(output));
            }
            String line = out.lines()
                    .filter(l -> l.startsWith("{\"kernel\""))
                    .reduce((a, b) -> b)
                    .orElse(null);
            if (line == null) return new Result(kernel, lib, false, 0, "no result from the child JVM");
            JsonNode n = new ObjectMapper().readTree(line);
            if (!lib.equals(n.path("gemm").asText())) {
                return new Result(
                        kernel,
                        lib,
                        false,
                        0,
                        "the child JVM used " + n.path("gemm").asText() + ", not " + lib);
            }
            return new Result(
                    kernel,
                    lib,
                    n.get("passed").asBoolean(),
                    n.get("gflops").asDouble(),
                    n.get("failure").isNull() ? null : n.get("failure").asText());
        } catch (IOException e) {
            return new Result(kernel, lib, false, 0, "could not start a child JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(kernel, lib, false, 0, "interrupted");
        } finally {
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                    Files.deleteIfExists(Path.of(err + ".hs_err"));
                } catch (IOException e) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /**
     * The signal and native frame of a JVM crash summary in the child's output, e.g. {@code ": SIGILL in
     * libnd4jcpu.so+0x17af9f3"}, with a hint on the libnd4j variant for SIGILL; empty when the output holds no crash
     * summary.
     */
    static String crashReason(List<String> output) {
        String signal = null;
        String frame = null;
        for (int i = 0; i < output.size(); i++) {
            String line = output.get(i).trim();
            Matcher m = CRASH_SIGNAL.matcher(line);
            if (signal == null && m.find()) signal = m.group(1);
            if (frame == null && line.startsWith("# Problematic frame:") && i + 1 < output.size()) {
                Matcher f = CRASH_FRAME.matcher(output.get(i + 1));
                if (f.find()) frame = f.group(1);
            }
        }
        if (signal == null) return "";
        String reason = ": " + signal + (frame == null ? "" : " in " + frame);
        if ("SIGILL".equals(signal)) {
            reason += " (a native library built for instructions this CPU lacks; the libnd4j variant is chosen by"
                    + " -Dorg.bytedeco.javacpp.platform.extension, see MBO4J_NATIVE_OPTS in scripts/common.sh)";
        }
        return reason;
    }

    /** The fastest passing result, if any. */
    public static Optional<Result> fastest(List<Result> results) {
        return results.stream().filter(Result::passed).max(Comparator.comparingDouble(Result::gflops));
    }

    /**
     * Runs every candidate in {@link #ROUNDS} round-robin passes (the machine may be shared: a kernel's speed is
     * its best pass, and it is correct only if every pass was). Sandybridge/Nehalem are tried only when no faster
     * kernel passed.
     */
    public static List<Result> evaluate(List<String> candidates) {
        return evaluate(candidates, ROUNDS);
    }

    /** {@link #evaluate(List)} with a given number of passes. */
    public static List<Result> evaluate(List<String> candidates, int rounds) {
        Map<String, Result> best = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String k : candidates) {
                boolean fallback = k.equals("Sandybridge") || k.equals("Nehalem");
                if (fallback
                        && fastest(new ArrayList<>(best.values()))
                                .filter(r -> !r.kernel().equals(k))
                                .isPresent()
                        && !best.containsKey(k)) {
                    continue;
                }
                measure(best, k, Gemm.Library.OPENBLAS);
            }
        }
        return new ArrayList<>(best.values());
    }

    /**
     * The GEMM libraries with OpenBLAS kernel {@code kernel}, in {@code rounds} alternating passes (OpenBLAS, then
     * oneDNN): what {@code MBO4J_GEMM} should be.
     */
    public static List<Result> evaluateLibraries(String kernel, int rounds) {
        Map<String, Result> best = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Gemm.Library lib : List.of(Gemm.Library.OPENBLAS, Gemm.Library.ONEDNN)) measure(best, kernel, lib);
        }
        return new ArrayList<>(best.values());
    }

    /** One more pass of a candidate: correct only if every pass was, speed = best pass. */
    private static void measure(Map<String, Result> best, String kernel, Gemm.Library lib) {
        String key = kernel + "+" + lib.id();
        Result prev = best.get(key);
        if (prev != null && !prev.passed()) return;
        Result r = run(kernel, lib);
        Result merged = prev == null || !r.passed()
                ? r
                : new Result(kernel, lib.id(), true, Math.max(prev.gflops(), r.gflops()), null);
        best.put(key, merged);
        System.err.printf(
                Locale.ROOT,
                "mbo4j: GEMM %-18s %s%n",
                r.label(),
                r.passed()
                        ? String.format(Locale.ROOT, "correct, %.0f GFLOP/s on the neural core's shapes", r.gflops())
                        : "REJECTED: " + r.failure());
    }

    /** Passes over the candidates. */
    static final int ROUNDS = 2;

    /**
     * {@code select CACHE_FILE}: evaluates the candidates, writes the chosen kernel (first line), the chosen GEMM
     * library ({@code gemm=<id>}, second line) and every result to CACHE_FILE atomically, prints the kernel. Exits 3
     * when no OpenBLAS kernel computes correct results.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !args[0].equals("select")) {
            System.err.println("usage: BlasKernels select CACHE_FILE");
            System.exit(2);
        }
        List<Result> rs = evaluate(candidates(cpuFlags()));
        Optional<Result> best = fastest(rs);
        if (best.isEmpty()) {
            System.err.println("mbo4j: no OpenBLAS kernel computed correct results on this processor; "
                    + "leaving OPENBLAS_CORETYPE unchanged (report this with the lines above)");
            System.exit(3);
        }
        List<Result> libs = evaluateLibraries(best.get().kernel(), ROUNDS);
        String gemm = fastest(libs).map(Result::gemm).orElse(Gemm.Library.OPENBLAS.id());
        StringBuilder sb = new StringBuilder(best.get().kernel())
                .append('\n')
                .append("gemm=")
                .append(gemm)
                .append('\n');
        ObjectMapper om = new ObjectMapper();
        for (Result r : rs) sb.append(om.writeValueAsString(r)).append('\n');
        for (Result r : libs) sb.append(om.writeValueAsString(r)).append('\n');
        Path cache = Path.of(args[1]);
        Files.createDirectories(cache.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(cache.toAbsolutePath().getParent(), ".blas", ".tmp");
        Files.writeString(tmp, sb.toString());
        Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println(best.get().kernel());
    }
}
