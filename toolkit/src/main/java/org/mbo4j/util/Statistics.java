package org.mbo4j.util;

import java.util.Arrays;

/**
 * Small sample statistics shared by the evaluation, the plots and the surrogate checks: population mean and
 * standard deviation (ddof 0, numpy's default, as the Design-Bench tables report) and Spearman's rank correlation
 * with average ranks for ties (as {@code scipy.stats.spearmanr}).
 */
public final class Statistics {
    private Statistics() {}

    /** Population mean. */
    public static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Population standard deviation (ddof 0). */
    public static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    /** Pearson correlation of the average ranks of {@code a} and {@code b}; 0 when either is constant. */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("rank correlation of " + a.length + " against " + b.length + " values");
        }
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0);
        double mb = Arrays.stream(rb).average().orElse(0);
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < a.length; i++) {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return da == 0 || db == 0 ? 0 : num / Math.sqrt(da * db);
    }

    /** Ranks from 1 (ties share the mean rank). */
    public static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        int p = 0;
        while (p < v.length) {
            int q = p;
            while (q + 1 < v.length && v[idx[q + 1]] == v[idx[p]]) q++;
            for (int t = p; t <= q; t++) r[idx[t]] = (p + q) / 2.0 + 1;
            p = q + 1;
        }
        return r;
    }
}
