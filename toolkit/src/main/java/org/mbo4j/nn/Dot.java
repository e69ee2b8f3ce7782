package org.mbo4j.nn;

import java.util.Random;

/**
 * Dot products of double vectors in a fixed order that a CPU can overlap: eight running sums (element i goes to sum
 * i mod 8), combined as ((s₀+s₁)+(s₂+s₃))+((s₄+s₅)+(s₆+s₇)), then the elements past the last multiple of 8 added in
 * index order. One chain of dependent additions (the plain loop) waits for each addition's latency; eight do not: at
 * n = 256 the product takes about half the plain loop's time. Products and sums are plain (unfused) double
 * operations, so the result is the same on every JVM and CPU (Java's strict arithmetic; no lane count or FMA unit
 * enters it) and differs from the plain loop's by rounding only.
 *
 * <p>With {@code jdk.incubator.vector} and vectors of at least 256 bits the eight sums are two four-lane vectors
 * ({@code VectorDot}), and {@link #rows} runs four rows at once (eight independent vector sums sharing each load of
 * the vector), each element the same product added to the same sum in the same order, so the same bits as the scalar
 * loops: checked when the class loads (else the scalar loops run) and tested after a warm-up. Used by the GP posteriors of the Bayesian-optimisation
 * baselines (qEI, qNEHVI, qParEGO). Stateless.
 */
public final class Dot {
    private Dot() {}

    /** One implementation of the two products. */
    interface Kernel {
        double dot(double[] a, double[] b, int n);

        /** out[i] = dot(m[i], v, n) for i &lt; rows. */
        void rows(double[][] m, int rows, double[] v, int n, double[] out);
    }

    static final Kernel SCALAR = new Kernel() {
        @Override
        public double dot(double[] a, double[] b, int n) {
            return scalarDot(a, b, n);
        }

        @Override
        public void rows(double[][] m, int rows, double[] v, int n, double[] out) {
            for (int i = 0; i < rows; i++) out[i] = scalarDot(m[i], v, n);
        }
    };

    /** Σ_{i<n} aᵢbᵢ in the order above. */
    public static double dot(double[] a, double[] b, int n) {
        return Loaded.KERNEL.dot(a, b, n);
    }

    /** {@code out[i] = dot(m[i], v, n)} for the first {@code rows} rows of m (each of length at least n). */
    public static void rows(double[][] m, int rows, double[] v, int n, double[] out) {
        Loaded.KERNEL.rows(m, rows, v, n, out);
    }

    /** {@code m·v}, each row's product by {@link #dot}. */
    public static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[m.length];
        rows(m, m.length, v, v.length, out);
        return out;
    }

    /** Whether the Vector API loops are in use (the module present and agreeing with the scalar loops). */
    public static boolean simd() {
        return Loaded.KERNEL != SCALAR;
    }

    private static final class Loaded {
        static final Kernel KERNEL = VectorApi.load(Kernel.class, "VectorDot", Dot::agrees, SCALAR);
    }

    /** The scalar loop: eight running sums, their pairwise sum, then the tail in index order. */
    static double scalarDot(double[] a, double[] b, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
            s4 += a[i + 4] * b[i + 4];
            s5 += a[i + 5] * b[i + 5];
            s6 += a[i + 6] * b[i + 6];
            s7 += a[i + 7] * b[i + 7];
        }
        double s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }

    /**
     * Whether {@code k} gives the scalar loops' bits: lengths 0 to 40 (every tail), rows 0 to 11 (two four-row blocks
     * and every remainder), values spread over twenty orders of magnitude with cancellations, signed zeros. It runs
     * when the class loads, before the JIT compiles the kernel: it checks the implementation; {@code DotTest} also
     * compares the compiled code after a warm-up.
     */
    static boolean agrees(Kernel k) {
        Random r = new Random(17);
        for (int n = 0; n <= 40; n++) {
            double[][] m = new double[11][n + 3];
            double[] v = new double[n + 3];
            for (double[] row : m) fill(row, r);
            fill(v, r);
            for (int rows = 0; rows <= 11; rows++) {
                double[] a = new double[rows], b = new double[rows];
                k.rows(m, rows, v, n, a);
                SCALAR.rows(m, rows, v, n, b);
                for (int i = 0; i < rows; i++) {
                    if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) return false;
                }
            }
            for (double[] row : m) {
                if (Double.doubleToLongBits(k.dot(row, v, n)) != Double.doubleToLongBits(scalarDot(row, v, n))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void fill(double[] x, Random r) {
        for (int i = 0; i < x.length; i++) {
            int kind = r.nextInt(10);
            x[i] = kind == 0
                    ? -0.0
                    : kind == 1
                            ? 1e16 * (r.nextBoolean() ? 1 : -1)
                            : r.nextGaussian() * Math.pow(10, r.nextInt(21) - 10);
        }
    }
}
