package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class ReluNtkTest {

    @Test
    void handValues() {
        // depth 0: one Dense layer, Θ = x·x'/D
        assertEquals(0.3, new ReluNtk(0).value(0.3, 1, 2), 0);
        // orthogonal unit inputs, one ReLU: r = 1, θ = π/2, σ̇ = 1/4, c₁ = 1/(2π), Θ = 0/4 + 1/(2π)
        assertEquals(1 / (2 * Math.PI), new ReluNtk(1).value(0, 1, 1), 1e-15);
        // equal inputs (c = q = 1): every layer has θ = 0, σ̇ = 1/2, c halves; Θ₁ = 1/2 + 1/2, Θ₂ = 1/2 + 1/4
        assertEquals(1.0, new ReluNtk(1).value(1, 1, 1), 1e-15);
        assertEquals(0.75, new ReluNtk(2).value(1, 1, 1), 1e-15);
        // opposite inputs (c = −1): θ = π, σ̇ = 0, c₁ = 0: Θ₁ = 0
        assertEquals(0.0, new ReluNtk(1).value(-1, 1, 1), 1e-15);
        // from designs: x = (1, 0), x' = (1, 1): c = 1/2, q₁ = 1/2, q₂ = 1; r = 1/2, θ = π/4, σ̇ = 3/8
        double c1 = 0.5 / (2 * Math.PI) + 0.375 * 0.5;
        assertEquals(0.375 * 0.5 + c1, new ReluNtk(1).value(new double[] {1, 0}, new double[] {1, 1}), 1e-15);
    }

    @Test
    void partialsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        ReluNtk ntk = new ReluNtk(5);
        double[] out = new double[3];
        for (int t = 0; t < 20; t++) {
            double q1 = 0.2 + 2 * rng.nextDouble();
            double q2 = 0.2 + 2 * rng.nextDouble();
            double c = (2 * rng.nextDouble() - 1) * 0.95 * Math.sqrt(q1 * q2);
            double v = ntk.partials(c, q1, q2, out);
            assertEquals(ntk.value(c, q1, q2), v, 1e-15);
            double h = 1e-6;
            double dc = (ntk.value(c + h, q1, q2) - ntk.value(c - h, q1, q2)) / (2 * h);
            double d1 = (ntk.value(c, q1 + h, q2) - ntk.value(c, q1 - h, q2)) / (2 * h);
            double d2 = (ntk.value(c, q1, q2 + h) - ntk.value(c, q1, q2 - h)) / (2 * h);
            assertArrayEquals(new double[] {dc, d1, d2}, out, 1e-7, "at c=" + c + " q1=" + q1 + " q2=" + q2);
        }
    }

    @Test
    void equalDesignsHaveTheSafeSquareRootsGradient() {
        // c = q₁ = q₂: r = 0 at every layer and neural-tangents' _sqrt gives r no gradient. Then Θ = q·G with
        // G = Σ_l (1/2)^(L-l) (1/2)^l ... computed by the recursion: only the c and q paths through σ̇·c remain
        ReluNtk ntk = new ReluNtk(2);
        double[] out = new double[3];
        double v = ntk.partials(1, 1, 1, out);
        assertEquals(0.75, v, 1e-15);
        // Θ₂ = σ̇₁(σ̇₀c + c₁) + c₂ with σ̇ = 1/2 held and c₁ = c/2, c₂ = c/4 (r has no gradient; ∂θ/∂c = −r/(r²+c²) =
        // 0)
        assertArrayEquals(new double[] {0.25 + 0.25 + 0.25, 0, 0}, out, 1e-15);
    }

    @Test
    void finiteWidthEmpiricalKernelConvergesToTheLimit() {
        int depth = 3;
        int dim = 6;
        SplittableRandom rng = new SplittableRandom(11);
        double[][] xs = new double[3][dim];
        for (double[] x : xs) for (int j = 0; j < dim; j++) x[j] = rng.nextGaussian();
        ReluNtk ntk = new ReluNtk(depth);
        int[] widths = {32, 256, 2048};
        double[] err = new double[widths.length];
        for (int w = 0; w < widths.length; w++) {
            int nets = 3;
            double sum = 0;
            int pairs = 0;
            for (int net = 0; net < nets; net++) {
                EmpiricalNtk e = new EmpiricalNtk(dim, widths[w], depth, new SplittableRandom(100 * w + net));
                for (int a = 0; a < xs.length; a++) {
                    for (int b = a; b < xs.length; b++) {
                        double exact = ntk.value(xs[a], xs[b]);
                        sum += Math.abs(e.kernel(xs[a], xs[b]) - exact) / Math.abs(exact);
                        pairs++;
                    }
                }
            }
            err[w] = sum / pairs;
        }
        System.out.printf(
                "NTK relative error by width %s: %s%n",
                java.util.Arrays.toString(widths), java.util.Arrays.toString(err));
        // measured 0.394, 0.129, 0.059: the O(1/√width) fluctuation of a finite network's kernel about the limit
        assertTrue(err[2] < 0.08, "width 2048 error " + err[2]);
        assertTrue(
                err[1] < err[0] / 2 && err[2] < err[1] / 1.5,
                "error does not shrink with width: " + java.util.Arrays.toString(err));
    }

    @Test
    void kernelRegressionInterpolatesAndRidgeShifts() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] x = new double[7][3];
        double[] y = new double[7];
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 3; j++) x[i][j] = rng.nextGaussian();
            y[i] = rng.nextGaussian();
        }
        ReluNtk ntk = new ReluNtk(5);
        double[][] k = new double[7][7];
        double trace = 0;
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) k[i][j] = ntk.value(x[i], x[j]);
            trace += k[i][i];
        }
        for (double ridge : new double[] {0, 0.1}) {
            double[] d = KernelRegression.weights(ntk, x, y, ridge);
            for (int i = 0; i < 7; i++) {
                double s = ridge * trace / 7 * d[i];
                for (int j = 0; j < 7; j++) s += k[i][j] * d[j];
                assertEquals(y[i], s, 1e-9, "row " + i + " ridge " + ridge);
            }
        }
    }

    @Test
    void kernelRegressionErrors() {
        double[][] twice = {{1, 2}, {1, 2}};
        var e = assertThrows(
                IllegalStateException.class,
                () -> KernelRegression.weights(new ReluNtk(1), twice, new double[] {1, 2}, 0));
        assertEquals(
                "the kernel matrix over 2 rows is not positive definite with ridge 0.0 (pivot 2): raise the ridge or "
                        + "remove duplicate rows",
                e.getMessage());
        var f = assertThrows(
                IllegalArgumentException.class,
                () -> KernelRegression.weights(new ReluNtk(1), twice, new double[] {1}, 0));
        assertEquals("kernel regression has 2 rows and 1 targets", f.getMessage());
        long cap = Pointer.maxBytes();
        if (cap > 0 && cap < (1L << 40)) {
            int n = (int) Math.ceil(Math.sqrt(cap / 8.0)) + 1000;
            double[][] many = new double[n][1];
            var g = assertThrows(
                    IllegalStateException.class,
                    () -> KernelRegression.weights(new ReluNtk(1), many, new double[n], 0));
            assertTrue(g.getMessage().startsWith("the kernel matrix over " + n + " rows needs "), g.getMessage());
            assertTrue(g.getMessage().contains("raise MBO4J_OFFHEAP"), g.getMessage());
        }
    }

    /** A finite-width NTK-parameterised ReLU network with scalar output and its empirical NTK, by hand. */
    static final class EmpiricalNtk {
        final double[][][] w; // w[l][out][in]; layers 0..depth-1 hidden, depth the output
        final int dim;
        final int width;

        EmpiricalNtk(int dim, int width, int depth, SplittableRandom rng) {
            this.dim = dim;
            this.width = width;
            w = new double[depth + 1][][];
            for (int l = 0; l <= depth; l++) {
                int in = l == 0 ? dim : width;
                int out = l == depth ? 1 : width;
                w[l] = new double[out][in];
                for (double[] row : w[l]) for (int j = 0; j < in; j++) row[j] = rng.nextGaussian();
            }
        }

        /** Pre-activations h[l] and activations a[l] (a[0] = x), then δ[l] = ∂f/∂h[l]. */
        double[][][] pass(double[] x) {
            int depth = w.length - 1;
            double[][] a = new double[depth + 1][];
            double[][] h = new double[depth][];
            a[0] = x;
            for (int l = 0; l < depth; l++) {
                double[] in = a[l];
                double norm = 1 / Math.sqrt(in.length);
                h[l] = new double[width];
                a[l + 1] = new double[width];
                for (int i = 0; i < width; i++) {
                    double s = 0;
                    for (int j = 0; j < in.length; j++) s += w[l][i][j] * in[j];
                    h[l][i] = s * norm;
                    a[l + 1][i] = Math.max(h[l][i], 0);
                }
            }
            double[][] delta = new double[depth][];
            double norm = 1 / Math.sqrt(width);
            double[] up = new double[width];
            for (int i = 0; i < width; i++) up[i] = w[depth][0][i] * norm;
            for (int l = depth - 1; l >= 0; l--) {
                delta[l] = new double[width];
                for (int i = 0; i < width; i++) delta[l][i] = h[l][i] > 0 ? up[i] : 0;
                if (l > 0) {
                    double[] next = new double[width];
                    for (int i = 0; i < width; i++) {
                        double di = delta[l][i];
                        if (di == 0) continue;
                        for (int j = 0; j < width; j++) next[j] += w[l][i][j] * di;
                    }
                    for (int j = 0; j < width; j++) next[j] *= norm;
                    up = next;
                }
            }
            return new double[][][] {a, delta};
        }

        double kernel(double[] x, double[] y) {
            double[][][] px = pass(x);
            double[][][] py = pass(y);
            int depth = w.length - 1;
            double[][] ax = px[0];
            double[][] ay = py[0];
            // output layer: ∂f/∂w_out = a_L/√n
            double k = ReluNtk.dot(ax[depth], ay[depth]) / width;
            for (int l = 0; l < depth; l++) {
                k += ReluNtk.dot(px[1][l], py[1][l]) * ReluNtk.dot(ax[l], ay[l]) / ax[l].length;
            }
            return k;
        }
    }

    /** The plain-Java angle against Math.atan2 (fdlibm): within 3 ulps of θ over [0, π], and the edge cases exactly. */
    @Test
    void angleMatchesAtan2() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            double r = Math.abs(rng.nextGaussian()) * Math.pow(10, rng.nextInt(-6, 7));
            double c = rng.nextGaussian() * Math.pow(10, rng.nextInt(-6, 7));
            if (i % 3 == 0) c = r * (rng.nextDouble() * 2.2 - 1.1); // around |c| = r and tan(π/8)·r
            double want = Math.atan2(r, c);
            worst = Math.max(worst, Math.abs(ReluNtk.angle(r, c) - want) / Math.ulp(want));
        }
        assertTrue(worst <= 3, "worst |angle − atan2| in ulps of θ: " + worst);
        assertEquals(0.0, ReluNtk.angle(0, 2));
        assertEquals(Math.PI, ReluNtk.angle(0, -2));
        assertEquals(Math.PI / 2, ReluNtk.angle(3, 0));
        assertEquals(Math.PI / 4, ReluNtk.angle(1, 1), 1e-16);
        assertEquals(3 * Math.PI / 4, ReluNtk.angle(1, -1), 4e-16);
        assertEquals(Math.atan2(0.0, 0.0), ReluNtk.angle(0, 0));
        assertEquals(Math.atan2(0.0, -0.0), ReluNtk.angle(0, -0.0));
        assertTrue(Double.isNaN(ReluNtk.angle(Double.NaN, 1)));
        assertTrue(Double.isNaN(ReluNtk.angle(1, Double.NaN)));
        assertTrue(Double.isNaN(ReluNtk.angle(Double.NaN, 0.0)));
        assertTrue(Double.isNaN(ReluNtk.angle(Double.NaN, -0.0)));
        assertEquals(Math.PI / 2 + Math.ulp(Math.PI / 2), ReluNtk.angle(3, -0.0)); // atan2 gives π/2: 1 ulp
    }

    /** The SIMD rows equal the scalar loop bit for bit: random pairs, a zero design (atan2's own case), tails. */
    @Test
    void simdRowsEqualTheScalarLoopBitForBit() {
        assertTrue(ReluNtk.rows() != ReluNtk.SCALAR_ROWS, "SIMD rows not in use");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        // the first pass runs mostly interpreted; repeat so the comparison also covers the JIT-compiled loops
        for (int pass = 0; pass < 400; pass++) {
            compareRows(rng);
        }
    }

    private static void compareRows(java.util.SplittableRandom rng) {
        for (int n : new int[] {1, 7, 8, 9, 64, 203, 1100}) {
            double[] c = new double[n], q = new double[n];
            double qi = 0.2 + rng.nextDouble() * 3;
            for (int j = 0; j < n; j++) {
                q[j] = 0.2 + rng.nextDouble() * 3;
                double bound = Math.sqrt(qi * q[j]);
                c[j] = j % 11 == 3 ? bound : j % 13 == 5 ? -bound : (2 * rng.nextDouble() - 1) * bound;
            }
            if (n > 20) {
                q[17] = 0; // a zero design: c = 0 and r = 0 in its lane
                c[17] = 0;
                q[18] = 0; // the same with c's sign bit set: atan2(0, −0) = π
                c[18] = -0.0;
                c[19] = -0.0; // orthogonal, sign bit set: θ = π/2
                c[20] = Double.NaN; // NaN in, NaN out in both
                q[21] = Double.NaN;
                c[21] = 0;
            }
            double[] simd = new double[n], scalar = new double[n];
            ReluNtk.rows().values(c, qi, q, n, 5, simd);
            ReluNtk.SCALAR_ROWS.values(c, qi, q, n, 5, scalar);
            for (int j = 0; j < n; j++) // NaNs compared as NaN (their payload may differ), all else bit for bit
            assertEquals(Double.doubleToLongBits(scalar[j]), Double.doubleToLongBits(simd[j]), "n " + n + ", j " + j);
            if (n > 20) assertTrue(Double.isNaN(simd[20]) && Double.isNaN(simd[21]));
            ReluNtk.rows().values(c, qi, q, n, 5, c); // in place, as gram uses it
            assertArrayEquals(scalar, c, 0);
        }
    }
}
