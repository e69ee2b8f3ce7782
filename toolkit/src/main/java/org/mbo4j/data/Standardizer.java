package org.mbo4j.data;

/**
 * Per-column z-score {@code (v − mean)/std} with the population (ddof 0) std and std = 0 replaced by 1,
 * as Design-Bench's {@code normalize_x}/{@code normalize_y}. Immutable.
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] std;

    private Standardizer(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** Fits column statistics of {@code rows} (n × d). */
    public static Standardizer fit(double[][] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("cannot standardize an empty array");
        int d = rows[0].length;
        double[] mean = new double[d];
        double[] std = new double[d];
        for (double[] r : rows) for (int j = 0; j < d; j++) mean[j] += r[j];
        for (int j = 0; j < d; j++) mean[j] /= rows.length;
        for (double[] r : rows) for (int j = 0; j < d; j++) std[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / rows.length);
            if (std[j] == 0) std[j] = 1;
        }
        return new Standardizer(mean, std);
    }

    /** The identity transform for d columns. */
    public static Standardizer identity(int d) {
        double[] one = new double[d];
        java.util.Arrays.fill(one, 1);
        return new Standardizer(new double[d], one);
    }

    public double mean(int j) { return mean[j]; }

    public double std(int j) { return std[j]; }

    public int columns() { return mean.length; }

    public double[] apply(double[] r) {
        double[] o = new double[r.length];
        for (int j = 0; j < r.length; j++) o[j] = (r[j] - mean[j]) / std[j];
        return o;
    }

    public double[][] apply(double[][] rows) {
        double[][] o = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) o[i] = apply(rows[i]);
        return o;
    }

    public double[] invert(double[] r) {
        double[] o = new double[r.length];
        for (int j = 0; j < r.length; j++) o[j] = r[j] * std[j] + mean[j];
        return o;
    }

    public double[][] invert(double[][] rows) {
        double[][] o = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) o[i] = invert(rows[i]);
        return o;
    }
}
