package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TriangularProductTest {
    private static double[][] lower(int n, Random r) {
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            l[i] = new double[i + 1];
            for (int b = 0; b <= i; b++) l[i][b] = r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4);
        }
        return l;
    }

    private static double[][] dense(int n, int cols, Random r) {
        double[][] z = new double[n][cols];
        for (double[] row : z) for (int s = 0; s < cols; s++) row[s] = r.nextGaussian();
        return z;
    }

    /** The plain triple loop: each entry's terms in index order. */
    private static double[][] naive(double[][] l, double[][] z, int n, int cols) {
        double[][] out = new double[n][cols];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < cols; s++) {
                double acc = l[i][0] * z[0][s];
                for (int b = 1; b <= i; b++) acc += l[i][b] * z[b][s];
                out[i][s] = acc;
            }
        }
        return out;
    }

    @Test
    void handValues() {
        // [[2], [1, 3]] × [[1, -1], [4, 0.5]] = [[2, -2], [13, 0.5]]
        double[][] out = new double[2][2];
        TriangularProduct.lowerTimes(new double[][] {{2}, {1, 3}}, new double[][] {{1, -1}, {4, 0.5}}, 2, 2, out);
        assertArrayEquals(new double[] {2, -2}, out[0], 0);
        assertArrayEquals(new double[] {13, 0.5}, out[1], 0);
    }

    @Test
    void scalarAndSimdGiveThePlainLoopsBitsWithRowAndColumnTails() {
        assertTrue(TriangularProduct.simd(), "the SIMD loops did not load or disagreed with the scalar ones");
        Random r = new Random(3);
        for (int[] shape : new int[][] {{1, 1}, {3, 5}, {4, 16}, {9, 17}, {37, 131}, {64, 128}}) {
            int n = shape[0], cols = shape[1];
            double[][] l = lower(n + 2, r); // more rows and columns than used: only the first n and cols count
            double[][] z = dense(n + 2, cols + 3, r);
            double[][] expected = naive(l, z, n, cols);
            double[][] scalar = new double[n + 1][cols + 3];
            double[][] simd = new double[n + 1][cols + 3];
            scalar[n][0] = simd[n][0] = 42;
            TriangularProduct.SCALAR.lowerTimes(l, z, n, cols, scalar);
            TriangularProduct.lowerTimes(l, z, n, cols, simd);
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < cols; s++) {
                    String at = n + "×" + cols + " at " + i + ", " + s;
                    assertEquals(Double.doubleToLongBits(expected[i][s]), Double.doubleToLongBits(scalar[i][s]), at);
                    assertEquals(Double.doubleToLongBits(expected[i][s]), Double.doubleToLongBits(simd[i][s]), at);
                }
                assertEquals(0, simd[i][cols], "column past cols written");
            }
            assertEquals(42, simd[n][0], "row past n written");
            assertEquals(42, scalar[n][0], "row past n written");
        }
    }
}
