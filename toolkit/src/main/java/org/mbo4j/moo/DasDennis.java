package org.mbo4j.moo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Das and Dennis's (1998) uniform weight vectors on the simplex: every w = (k₁, …, kₘ)/p with non-negative integers
 * summing to p, C(m + p − 1, p) of them, in lexicographic order (column 0 the primary key, as pymoo's
 * {@code ReferenceDirectionFactory} with {@code lexsort}), with the cosine neighbourhoods and local angles that
 * decomposition methods (MOEA/D, ParetoFlow) use.
 */
public final class DasDennis {
    private DasDennis() {}

    /** C(m + p − 1, p), the number of weight vectors with m objectives and p partitions (saturates at Long.MAX). */
    public static long count(int m, int p) {
        long c = 1;
        for (int i = 1; i <= p; i++) {
            c = c * (m - 1 + i) / i; // exact: c·(m−1+i)/i = C(m−1+i, i)
            if (c < 0 || c > Long.MAX_VALUE / (m + p)) return Long.MAX_VALUE;
        }
        return c;
    }

    /**
     * The smallest p ≥ 1 with C(m + p − 1, p) ≥ {@code atLeast} (ParetoFlow's {@code calculate_objectives_weights},
     * {@code experiments/paretoflow_nets.py} 264–280 at 2278ffd, with 300).
     */
    public static int partitionsFor(int m, int atLeast) {
        if (m < 2) throw new IllegalArgumentException("weight vectors need at least 2 objectives, got " + m);
        int p = 1;
        while (count(m, p) < atLeast) p++;
        return p;
    }

    /** The C(m + p − 1, p) weight vectors with p partitions, lexicographically ascending. */
    public static double[][] weights(int m, int p) {
        if (m < 1 || p < 1) throw new IllegalArgumentException("need m ≥ 1 objectives and p ≥ 1 partitions");
        List<int[]> out = new ArrayList<>();
        fill(new int[m], 0, p, out);
        double[][] w = new double[out.size()][m];
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < m; j++) w[i][j] = (double) out.get(i)[j] / p;
        }
        return w;
    }

    /** Compositions of {@code left} into the coordinates from {@code at} on, in lexicographic order. */
    private static void fill(int[] k, int at, int left, List<int[]> out) {
        if (at == k.length - 1) {
            k[at] = left;
            out.add(k.clone());
            return;
        }
        for (int v = 0; v <= left; v++) {
            k[at] = v;
            fill(k, at + 1, left - v, out);
        }
    }

    /** Cosine similarity of two vectors (0 when either is zero). */
    public static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int j = 0; j < a.length; j++) {
            ab += a[j] * b[j];
            aa += a[j] * a[j];
            bb += b[j] * b[j];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /** The angle between two vectors in [0, π] (π/2 when either is zero). */
    public static double angle(double[] a, double[] b) {
        return Math.acos(Math.max(-1, Math.min(1, cosine(a, b))));
    }

    /**
     * For each weight, the indices of the {@code k} weights with the largest cosine similarity to it, itself included
     * (first, at similarity 1), ties by lower index.
     */
    public static int[][] neighbours(double[][] w, int k) {
        if (k < 1 || k > w.length) {
            throw new IllegalArgumentException("cannot take " + k + " neighbours among " + w.length + " weights");
        }
        int[][] out = new int[w.length][];
        for (int i = 0; i < w.length; i++) {
            double[] cos = new double[w.length];
            Integer[] order = new Integer[w.length];
            for (int j = 0; j < w.length; j++) {
                cos[j] = j == i ? Double.POSITIVE_INFINITY : cosine(w[i], w[j]);
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> cos[a] != cos[b] ? Double.compare(cos[b], cos[a]) : Integer.compare(a, b));
            out[i] = new int[k];
            for (int j = 0; j < k; j++) out[i][j] = order[j];
        }
        return out;
    }

    /**
     * ParetoFlow's local filtering angle of each weight: the mean angle from wᵢ to its m nearest other weights by
     * cosine, i.e. φᵢ/2 with φᵢ = 2·Σ(angles to the m + 1 nearest, itself included)/m ({@code paretoflow_nets.py}
     * 621–641, used as angle ≤ φᵢ/2 at 464–480).
     */
    public static double[] filterAngles(double[][] w) {
        int m = w[0].length;
        int[][] nb = neighbours(w, Math.min(m + 1, w.length));
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double s = 0;
            for (int j : nb[i]) if (j != i) s += angle(w[i], w[j]);
            out[i] = s / m;
        }
        return out;
    }
}
