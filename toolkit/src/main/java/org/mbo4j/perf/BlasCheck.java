package org.mbo4j.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.mbo4j.nn.Gemm;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Correctness check of the BLAS kernel this JVM loaded (the one {@code OPENBLAS_CORETYPE} selects): sgemm and
 * dgemm through both calls the neural core can make — {@link Gemm#gemm} (a direct cblas call for column-major
 * operands) and {@link Nd4j#gemm} (libnd4j's op, which {@code Gemm} falls back to) — against a double-precision
 * reference on many shapes (odd sizes, 1×n, n×1, every transpose combination, α/β ≠ 1/0, F- and C-order
 * outputs) — and LAPACK's Cholesky factorisation and solve ({@code dpotrf}, {@code dpotrs}, which
 * {@link org.mbo4j.nn.KernelRegression} calls) on symmetric positive definite systems of the sizes where the blocked
 * algorithm's inner BLAS calls start (40 to 600 rows). A kernel that computes wrong results on this processor fails
 * here: on an Intel Xeon with AVX-512 (2026-12-05) OpenBLAS's SkylakeX kernel passes every GEMM above, yet its
 * Cholesky solve of a 40-row system leaves a residual of about 1 and larger kernel matrices come out "not positive
 * definite", while the Haswell and Zen kernels pass; so the GEMMs alone are not enough. Run per candidate kernel in a
 * child JVM by {@link BlasKernels}.
 */
public final class BlasCheck {
    private BlasCheck() {}

    /** One GEMM shape: C (m×n) = α·op(A)·op(B) + β·C with inner size k. */
    record Shape(int m, int n, int k, boolean transA, boolean transB, double alpha, double beta, char cOrder) {}

    /** Shapes covering edge cases of blocked kernels: tails, vectors, transposes, accumulation. */
    static List<Shape> shapes() {
        int[][] mnk = {
            {1, 1, 1},
            {1, 37, 19},
            {37, 1, 19},
            {19, 37, 1},
            {2, 3, 4},
            {7, 5, 3},
            {17, 23, 29},
            {16, 16, 16},
            {33, 65, 31},
            {64, 64, 64},
            {127, 129, 131},
            {128, 2, 2048},
            {128, 2048, 24},
            {255, 257, 129},
            {1, 1000, 300},
            {1000, 1, 300},
            {300, 301, 299},
            {513, 127, 5},
            {24, 128, 2048}
        };
        List<Shape> s = new ArrayList<>();
        int i = 0;
        for (int[] d : mnk) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                double alpha = (i % 3 == 0) ? 1.0 : 0.75;
                double beta = (i % 2 == 0) ? 0.0 : 1.0;
                s.add(new Shape(d[0], d[1], d[2], ta, tb, alpha, beta, i % 5 == 4 ? 'c' : 'f'));
                i++;
            }
        }
        return s;
    }

    /** Failures (empty when every shape passes) for one data type. */
    static List<String> check(DataType type) {
        List<String> failures = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(42);
        for (Shape s : shapes()) {
            double[][] a = random(rng, s.transA ? s.k : s.m, s.transA ? s.m : s.k);
            double[][] b = random(rng, s.transB ? s.n : s.k, s.transB ? s.k : s.n);
            double[][] c0 = random(rng, s.m, s.n);
            INDArray ai = Nd4j.create(a).castTo(type).dup('f');
            INDArray bi = Nd4j.create(b).castTo(type).dup('f');
            INDArray c = Nd4j.create(c0).castTo(type).dup(s.cOrder);
            // the reference uses the operands as rounded to the tested type
            double[][] ar = ai.castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] br = bi.castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] cr = c.castTo(DataType.DOUBLE).toDoubleMatrix();
            for (boolean viaGemm : new boolean[] {true, false}) {
                INDArray ci = c.dup(s.cOrder);
                if (viaGemm) Gemm.gemm(ai, bi, ci, s.transA, s.transB, s.alpha, s.beta);
                else Nd4j.gemm(ai, bi, ci, s.transA, s.transB, s.alpha, s.beta);
                String f = compare(s, ar, br, cr, ci.castTo(DataType.DOUBLE).toDoubleMatrix(), type);
                if (f != null) failures.add((viaGemm ? "Gemm.gemm " : "Nd4j.gemm ") + f);
            }
        }
        return failures;
    }

    /** Null when {@code got} matches the reference within a rounding bound, else a description. */
    static String compare(Shape s, double[][] a, double[][] b, double[][] c0, double[][] got, DataType type) {
        double eps = type == DataType.FLOAT ? 0x1p-23 : 0x1p-52;
        for (int i = 0; i < s.m; i++) {
            for (int j = 0; j < s.n; j++) {
                double dot = 0;
                double mag = 0;
                for (int l = 0; l < s.k; l++) {
                    double p = (s.transA ? a[l][i] : a[i][l]) * (s.transB ? b[j][l] : b[l][j]);
                    dot += p;
                    mag += Math.abs(p);
                }
                double ref = s.alpha * dot + s.beta * c0[i][j];
                double bound = 4 * (s.k + 2) * eps * (Math.abs(s.alpha) * mag + Math.abs(s.beta * c0[i][j])) + 1e-30;
                double g = got[i][j];
                if (!(Math.abs(g - ref) <= bound)) {
                    return String.format(
                            "%s gemm m=%d n=%d k=%d transA=%b transB=%b alpha=%s beta=%s C-order=%c: "
                                    + "C[%d][%d] = %s, expected %s",
                            type == DataType.FLOAT ? "s" : "d",
                            s.m,
                            s.n,
                            s.k,
                            s.transA,
                            s.transB,
                            s.alpha,
                            s.beta,
                            s.cOrder,
                            i,
                            j,
                            g,
                            ref);
                }
            }
        }
        return null;
    }

    /**
     * Failures (empty when all pass) of LAPACK's {@code dpotrf} + {@code dpotrs} (column-major, upper triangle, as
     * {@link org.mbo4j.nn.KernelRegression}) on M = B·Bᵀ/k + I for random B (n × k): the factorisation must succeed
     * and the solution's residual ‖M·d − y‖∞ must be within 1e-9·(‖M‖∞‖d‖∞ + ‖y‖∞).
     */
    static List<String> checkCholesky() {
        List<String> failures = new ArrayList<>();
        Loader.load(openblas.class);
        SplittableRandom rng = new SplittableRandom(7);
        for (int n : new int[] {40, 97, 256, 400, 600}) {
            int k = n / 2 + 3;
            double[][] b = random(rng, n, k);
            double[][] m = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double dot = 0;
                    for (int l = 0; l < k; l++) dot += b[i][l] * b[j][l];
                    m[i][j] = dot / k + (i == j ? 1 : 0);
                    m[j][i] = m[i][j];
                }
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) y[i] = rng.nextDouble() * 2 - 1;
            try (DoublePointer a = new DoublePointer((long) n * n);
                    DoublePointer rhs = new DoublePointer(n)) {
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a.put((long) i * n + j, m[i][j]);
                for (int i = 0; i < n; i++) rhs.put(i, y[i]);
                int info = openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, a, n);
                if (info != 0) {
                    failures.add("dpotrf n=" + n + ": info " + info + " on a positive definite matrix");
                    continue;
                }
                info = openblas.LAPACKE_dpotrs(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, 1, a, n, rhs, n);
                if (info != 0) {
                    failures.add("dpotrs n=" + n + ": info " + info);
                    continue;
                }
                double[] d = new double[n];
                rhs.get(d);
                double res = 0;
                double normM = 0;
                double normD = 0;
                double normY = 0;
                for (int i = 0; i < n; i++) {
                    double r = -y[i];
                    double row = 0;
                    for (int j = 0; j < n; j++) {
                        r += m[i][j] * d[j];
                        row += Math.abs(m[i][j]);
                    }
                    res = Math.max(res, Math.abs(r));
                    normM = Math.max(normM, row);
                    normD = Math.max(normD, Math.abs(d[i]));
                    normY = Math.max(normY, Math.abs(y[i]));
                }
                if (!(res <= 1e-9 * (normM * normD + normY))) {
                    failures.add(String.format(
                            java.util.Locale.ROOT,
                            "dpotrf/dpotrs n=%d: residual %.3g (|M| %.3g, |d| %.3g)",
                            n,
                            res,
                            normM,
                            normD));
                }
            }
        }
        return failures;
    }

    private static double[][] random(SplittableRandom rng, int r, int c) {
        double[][] x = new double[r][c];
        for (double[] row : x) for (int j = 0; j < c; j++) row[j] = rng.nextDouble() * 2 - 1;
        return x;
    }

    /**
     * sgemm GFLOP/s on the neural core's own products (best of {@code reps} each, total FLOPs over total time): a
     * 2048-wide layer with its bias row at batch 128, forward [a, 1]·[W; b] (NN), input gradient g·[W; b]ᵀ (NT)
     * and accumulated weight gradient [a, 1]ᵀ·g (TN, β = 1), through {@link Gemm#gemm}.
     */
    static double coreGflops(int reps) {
        int b = 128, n = 2048;
        INDArray in = Nd4j.rand(DataType.FLOAT, b, n + 1).dup('f');
        INDArray w = Nd4j.rand(DataType.FLOAT, n + 1, n).dup('f');
        INDArray g = Nd4j.rand(DataType.FLOAT, b, n).dup('f');
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {b, n}, 'f');
        INDArray dIn = Nd4j.create(DataType.FLOAT, new long[] {b, n + 1}, 'f');
        INDArray dW = Nd4j.create(DataType.FLOAT, new long[] {n + 1, n}, 'f');
        Runnable[] products = {
            () -> Gemm.gemm(in, w, out, false, false, 1.0, 0.0),
            () -> Gemm.gemm(g, w, dIn, false, true, 1.0, 0.0),
            () -> Gemm.gemm(in, g, dW, true, false, 1.0, 1.0)
        };
        double seconds = 0;
        for (Runnable p : products) seconds += Timing.best(1, reps, p);
        return 3 * 2.0 * b * (n + 1.0) * n / seconds / 1e9;
    }

    /**
     * Child-JVM entry point: prints one JSON line {@code {"kernel":…,"gemm":…,"passed":…,"gflops":…,"failure":…}}
     * for the OpenBLAS kernel and GEMM library this JVM loaded ({@code gflops}: {@link #coreGflops}).
     * Exit code 0 whether or not the kernel passed (a crash is a non-zero exit, also a failure).
     */
    public static void main(String[] args) {
        String kernel = System.getenv().getOrDefault("OPENBLAS_CORETYPE", "auto");
        String gemm = System.getProperty("mbo4j.gemm", System.getenv().getOrDefault("MBO4J_GEMM", "openblas"));
        List<String> failures = new ArrayList<>();
        double gflops = 0;
        try {
            gemm = Gemm.library().id();
            failures.addAll(check(DataType.FLOAT));
            failures.addAll(check(DataType.DOUBLE));
            failures.addAll(checkCholesky());
            if (failures.isEmpty()) gflops = coreGflops(25);
        } catch (RuntimeException | LinkageError e) { // e.g. the requested GEMM library does not load here
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            failures.add(String.valueOf(cause.getMessage()));
        }
        String failure = failures.isEmpty()
                ? null
                : failures.get(0) + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : "");
        System.out.println("{\"kernel\":\"" + kernel + "\",\"gemm\":\"" + gemm.toLowerCase(java.util.Locale.ROOT)
                + "\",\"passed\":" + failures.isEmpty() + ",\"gflops\":"
                + String.format(java.util.Locale.ROOT, "%.1f", gflops) + ",\"failure\":"
                + (failure == null ? "null" : "\"" + failure.replace("\"", "'") + "\"") + "}");
        System.out.flush();
        System.exit(0);
    }
}
