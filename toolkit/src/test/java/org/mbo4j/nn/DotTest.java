package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DotTest {

    @Test
    void byHand() {
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        double[] b = {1, -1, 2, -2, 0.5, 0, 1, 1, 2, 0.25, -1};
        // 1 − 2 + 6 − 8 + 2.5 + 0 + 7 + 8 + 18 + 2.5 − 11
        assertEquals(24.0, Dot.dot(a, b, 11), 0);
        assertEquals(1 - 2 + 6, Dot.dot(a, b, 3), 0);
        assertEquals(0, Dot.dot(a, b, 0), 0);
    }

    @Test
    void eightSumsThenTheTail() {
        // 1e16 + 1 rounds back to 1e16 (ulp 2, ties to even), so a plain left-to-right loop loses all seven ones and
        // returns 0; the eight sums keep three pairs of them, (1 + 1) + ((1 + 1) + (1 + 1)), and the tail cancels 1e16
        // exactly
        double[] a = {1e16, 1, 1, 1, 1, 1, 1, 1, -1e16};
        double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        double plain = 0;
        for (int i = 0; i < a.length; i++) plain += a[i] * ones[i];
        assertEquals(0.0, plain, 0);
        assertEquals(6.0, Dot.dot(a, ones, 9), 0);
    }

    @Test
    void multiplyIsRowDots() {
        double[][] m = {{1, 2}, {3, 4}, {0, -1}};
        assertArrayEquals(new double[] {-3, -5, 2}, Dot.multiply(m, new double[] {1, -2}), 0);
    }

    /**
     * The Vector API loops load where vectors are at least 256 bits wide (the tests run with the module), so they
     * passed their start-up check; on narrower vectors the scalar loop runs.
     */
    @Test
    void theSimdLoopsLoadWhereVectorsAreWideEnough() {
        boolean wide = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
        assertEquals(wide, Dot.simd(), "the SIMD loops did not load or disagreed with the scalar ones");
    }

    /**
     * The compiled loops give the scalar bits too: the start-up check runs before the JIT compiles the kernel, so
     * this warms both products up (enough calls for the optimising compiler) before comparing.
     */
    @Test
    void theCompiledLoopsGiveTheScalarBitsAfterAWarmUp() {
        Random r = new Random(9);
        double[][] m = new double[6][45];
        double[] v = new double[45];
        for (double[] row : m) for (int i = 0; i < 45; i++) row[i] = r.nextGaussian() * Math.exp(6 * r.nextGaussian());
        for (int i = 0; i < 45; i++) v[i] = r.nextGaussian();
        double[] out = new double[6];
        double sink = 0;
        for (int it = 0; it < 60_000; it++) {
            int n = it % 46;
            Dot.rows(m, 1 + it % 6, v, n, out);
            sink += out[0] + Dot.dot(m[it % 6], v, n);
        }
        assertTrue(Double.isFinite(sink));
        for (int n = 0; n <= 45; n++) {
            Dot.rows(m, 6, v, n, out);
            for (int i = 0; i < 6; i++) {
                long expected = Double.doubleToLongBits(Dot.scalarDot(m[i], v, n));
                assertEquals(expected, Double.doubleToLongBits(out[i]), "rows, n = " + n + ", row " + i);
                assertEquals(expected, Double.doubleToLongBits(Dot.dot(m[i], v, n)), "dot, n = " + n);
            }
        }
    }

    /**
     * Bit for bit against the scalar loop at the sizes the GP posteriors use (n up to 767; 11 rows: two blocks of four
     * rows and a remainder of three), for {@link Dot#dot}, {@link Dot#rows} and {@link Dot#multiply}; and the check catches a kernel that
     * sums in another order (one running sum fewer).
     */
    @Test
    void theLoadedLoopsGiveTheScalarBits() {
        Random r = new Random(5);
        for (int n : new int[] {1, 7, 8, 9, 255, 256, 511, 767}) {
            double[][] m = new double[11][n];
            double[] v = new double[n];
            for (double[] row : m)
                for (int i = 0; i < n; i++) row[i] = r.nextGaussian() * Math.exp(8 * r.nextGaussian());
            for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
            double[] rows = new double[m.length];
            Dot.rows(m, m.length, v, n, rows);
            double[] product = Dot.multiply(m, v);
            for (int i = 0; i < m.length; i++) {
                long expected = Double.doubleToLongBits(Dot.scalarDot(m[i], v, n));
                assertEquals(expected, Double.doubleToLongBits(Dot.dot(m[i], v, n)), "dot, n = " + n);
                assertEquals(expected, Double.doubleToLongBits(Dot.dot(v, m[i], n)), "dot, swapped, n = " + n);
                assertEquals(expected, Double.doubleToLongBits(rows[i]), "rows, n = " + n + ", row " + i);
                assertEquals(expected, Double.doubleToLongBits(product[i]), "multiply, n = " + n + ", row " + i);
            }
        }
        Dot.Kernel sevenSums = new Dot.Kernel() {
            @Override
            public double dot(double[] a, double[] b, int n) {
                double[] s = new double[7];
                int i = 0;
                for (; i + 8 <= n; i += 8) for (int j = 0; j < 8; j++) s[j % 7] += a[i + j] * b[i + j];
                double t = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + s[6]);
                for (; i < n; i++) t += a[i] * b[i];
                return t;
            }

            @Override
            public void rows(double[][] m, int rows, double[] v, int n, double[] out) {
                for (int i = 0; i < rows; i++) out[i] = dot(m[i], v, n);
            }
        };
        assertTrue(!Dot.agrees(sevenSums), "the start-up check accepted a kernel that sums in another order");
    }
}
