package org.mbo4j.data;

import java.util.Arrays;

/**
 * Per-column z-score {@code (v − mean)/std} with the population (ddof 0) std and std = 0 replaced by 1,
 * as Design-Bench's {@code normalize_x}/{@code normalize_y}. Immutable.
 *
 * <p>Any finite column gives a finite mean and std. A column whose magnitudes stay at or below {@link #PLAIN_LIMIT}
 * is handled with the textbook sums above (the sums of n values and of n squares cannot overflow below 1e8 rows).
 * A column with larger values (scores near the largest double, ±1.8e308) is divided by its largest magnitude
 * {@code s} first: mean and std of {@code v/s} lie in [−1, 1] and [0, 1], so nothing overflows, and
 * {@link #apply} computes {@code (v/s − mean/s)/(std/s)}, which is finite for finite {@code v}. {@link #invert}
 * may still overflow to ±∞ for values far outside the data's range (a z-score of 2 on a column reaching 1e308);
 * callers that write such values must check them. A constant column on that path gets std {@code s} instead of 1
 * (its own z-scores are 0 either way).
 */
public final class Standardizer {
    /** The largest magnitude a column may reach and still be standardised with the plain sums. */
    public static final double PLAIN_LIMIT = 1e150;

    /** Per column: mean and std of the column divided by {@code scale}, and {@code scale} (1 for the plain sums). */
    private final double[] mean;

    private final double[] std;
    private final double[] scale;

    private Standardizer(double[] mean, double[] std, double[] scale) {
        this.mean = mean;
        this.std = std;
        this.scale = scale;
    }

    /** Fits column statistics of {@code rows} (n × d, finite values). */
    public static Standardizer fit(double[][] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("cannot standardize an empty array");
        int n = rows.length;
        int d = rows[0].length;
        double[] scale = new double[d];
        Arrays.fill(scale, 1);
        for (int j = 0; j < d; j++) {
            double max = 0;
            for (double[] r : rows) max = Math.max(max, Math.abs(r[j]));
            if (max > PLAIN_LIMIT) scale[j] = max;
        }
        double[] mean = new double[d];
        double[] std = new double[d];
        // the plain path divides by scale 1: v / 1 is v exactly, so ordinary data give the textbook numbers
        for (double[] r : rows) for (int j = 0; j < d; j++) mean[j] += r[j] / scale[j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                double c = r[j] / scale[j] - mean[j];
                std[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / n);
            if (std[j] == 0) std[j] = 1; // a constant column: std 1, or s on the scaled path
        }
        return new Standardizer(mean, std, scale);
    }

    /** The identity transform for d columns. */
    public static Standardizer identity(int d) {
        double[] one = new double[d];
        Arrays.fill(one, 1);
        return new Standardizer(new double[d], one, one.clone());
    }

    /** The column's mean (finite for finite data). */
    public double mean(int j) {
        return mean[j] * scale[j];
    }

    /** The column's std: 1 for a constant column (s on the scaled path); finite and positive for finite data. */
    public double std(int j) {
        return std[j] * scale[j];
    }

    public int columns() {
        return mean.length;
    }

    public double[] apply(double[] r) {
        double[] o = new double[r.length];
        for (int j = 0; j < r.length; j++) o[j] = (r[j] / scale[j] - mean[j]) / std[j];
        return o;
    }

    public double[][] apply(double[][] rows) {
        double[][] o = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) o[i] = apply(rows[i]);
        return o;
    }

    /** {@code z·std + mean}; may overflow to ±∞ on a column whose values approach the double range. */
    public double[] invert(double[] r) {
        double[] o = new double[r.length];
        for (int j = 0; j < r.length; j++) o[j] = (r[j] * std[j] + mean[j]) * scale[j];
        return o;
    }

    public double[][] invert(double[][] rows) {
        double[][] o = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) o[i] = invert(rows[i]);
        return o;
    }
}
