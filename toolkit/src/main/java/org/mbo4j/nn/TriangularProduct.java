package org.mbo4j.nn;

import java.util.Random;

/**
 * The product of a lower-triangular matrix and a dense one, row by row: {@code out[i][s] = Σ_{b ≤ i} l[i][b]·z[b][s]}
 * for rows i &lt; n and columns s &lt; cols, with {@code l[i]} holding row i's first i + 1 entries (the layout of
 * Cholesky factors here). Each entry is l[i][0]·z[0][s], then + l[i][b]·z[b][s] for b = 1 … i in that order, each
 * product and sum rounded (no fused multiply-add): the scalar loops (four rows share each load of z[b]) and the SIMD
 * ones (four rows × two vectors of columns held in registers across b) give the same bits, checked when the SIMD
 * class is loaded and tested. Used by the Monte-Carlo acquisitions' joint samples (the factor of a posterior
 * covariance times the base samples). Stateless.
 */
public final class TriangularProduct {
    private TriangularProduct() {}

    /** One implementation of {@link #lowerTimes}. */
    interface Rows {
        void lowerTimes(double[][] l, double[][] z, int n, int cols, double[][] out);
    }

    static final Rows SCALAR = TriangularProduct::scalar;

    /** Writes the product of the first n rows of {@code l} and the first n rows of {@code z} into out's first n rows. */
    public static void lowerTimes(double[][] l, double[][] z, int n, int cols, double[][] out) {
        if (n == 0) return;
        Loaded.ROWS.lowerTimes(l, z, n, cols, out);
    }

    /** Whether the SIMD loops are in use (the module present and agreeing with the scalar loops). */
    public static boolean simd() {
        return Loaded.ROWS != SCALAR;
    }

    private static final class Loaded {
        static final Rows ROWS =
                VectorApi.load(Rows.class, "VectorTriangularProduct", TriangularProduct::agrees, SCALAR);
    }

    /** The whole product in the scalar loops. */
    static void scalar(double[][] l, double[][] z, int n, int cols, double[][] out) {
        scalarRows(l, z, 0, n, 0, cols, out);
    }

    /** Rows [from, n) of the product over columns [c0, c1), four rows at a time sharing each load of z[b][s]. */
    static void scalarRows(double[][] l, double[][] z, int from, int n, int c0, int c1, double[][] out) {
        int i = from;
        double[] z0 = z[0];
        for (; i + 4 <= n; i += 4) {
            double[] f0 = out[i], f1 = out[i + 1], f2 = out[i + 2], f3 = out[i + 3];
            double[] l0 = l[i], l1 = l[i + 1], l2 = l[i + 2], l3 = l[i + 3];
            for (int s = c0; s < c1; s++) {
                double zs = z0[s];
                f0[s] = l0[0] * zs;
                f1[s] = l1[0] * zs;
                f2[s] = l2[0] * zs;
                f3[s] = l3[0] * zs;
            }
            for (int b = 1; b <= i; b++) {
                double a0 = l0[b], a1 = l1[b], a2 = l2[b], a3 = l3[b];
                double[] zb = z[b];
                for (int s = c0; s < c1; s++) {
                    double zs = zb[s];
                    f0[s] += a0 * zs;
                    f1[s] += a1 * zs;
                    f2[s] += a2 * zs;
                    f3[s] += a3 * zs;
                }
            }
            corner(l, z, i, c0, c1, out);
        }
        for (; i < n; i++) {
            double[] fi = out[i];
            double[] li = l[i];
            double a = li[0];
            for (int s = c0; s < c1; s++) fi[s] = a * z0[s];
            for (int b = 1; b <= i; b++) {
                double lb = li[b];
                double[] zb = z[b];
                for (int s = c0; s < c1; s++) fi[s] += lb * zb[s];
            }
        }
    }

    /** The terms a block of four rows from i does not share: rows i + 1 … i + 3 with b = i + 1 … their own index. */
    static void corner(double[][] l, double[][] z, int i, int c0, int c1, double[][] out) {
        for (int b = i + 1; b < i + 4; b++) {
            double[] zb = z[b];
            for (int r = b; r < i + 4; r++) {
                double a = l[r][b];
                double[] fr = out[r];
                for (int s = c0; s < c1; s++) fr[s] += a * zb[s];
            }
        }
    }

    /** Whether {@code simd} gives the scalar loops' bits on a product with a row and column tail. */
    static boolean agrees(Rows simd) {
        Random r = new Random(11);
        int n = 23, cols = 37;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            l[i] = new double[i + 1];
            for (int b = 0; b <= i; b++) l[i][b] = r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
        }
        double[][] z = new double[n][cols];
        for (double[] row : z) for (int s = 0; s < cols; s++) row[s] = r.nextGaussian();
        double[][] a = new double[n][cols], b = new double[n][cols];
        simd.lowerTimes(l, z, n, cols, a);
        SCALAR.lowerTimes(l, z, n, cols, b);
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < cols; s++) {
                if (Double.doubleToLongBits(a[i][s]) != Double.doubleToLongBits(b[i][s])) return false;
            }
        }
        return true;
    }
}
