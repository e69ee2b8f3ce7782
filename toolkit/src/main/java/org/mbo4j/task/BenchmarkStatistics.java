package org.mbo4j.task;

import java.util.Arrays;

/**
 * The normalisation statistics a benchmark hands its methods beside the visible data: per design coordinate and per
 * objective (raw units), the minimum and maximum over the task's <em>whole</em> data, visible and hidden rows.
 * Off-MOO-Bench min-max scales x and y with these ({@code get_xy_min_max} over the training and the test rows,
 * {@code off_moo_bench/datasets/dataset_builder.py} 477–500 of {@code lamda-bbo/offline-moo}; protocols.md B.4), so
 * its proxies' inputs and targets span [0, 1] only over the whole data and the visible rows sit inside that range.
 * They reveal the hidden rows' range, not the rows; like the hard-coded nadir point, they are part of the benchmark's
 * protocol, and a method uses them only to reproduce it ({@code method.moo.MultiObjectiveData}). Immutable.
 */
public record BenchmarkStatistics(double[] xMin, double[] xMax, double[] yMin, double[] yMax) {
    public BenchmarkStatistics {
        if (xMin.length != xMax.length || yMin.length != yMax.length || xMin.length == 0 || yMin.length == 0) {
            throw new IllegalArgumentException("benchmark statistics need as many minima as maxima and at least one "
                    + "coordinate and objective, got x " + xMin.length + "/" + xMax.length + " and y " + yMin.length
                    + "/" + yMax.length);
        }
        xMin = xMin.clone();
        xMax = xMax.clone();
        yMin = yMin.clone();
        yMax = yMax.clone();
        check(xMin, xMax, "coordinate");
        check(yMin, yMax, "objective");
    }

    private static void check(double[] lo, double[] hi, String what) {
        for (int j = 0; j < lo.length; j++) {
            if (!(Double.isFinite(lo[j]) && Double.isFinite(hi[j]) && lo[j] <= hi[j])) {
                throw new IllegalArgumentException("benchmark statistics: " + what + " " + j + " has min " + lo[j]
                        + " and max " + hi[j] + "; they must be finite with min ≤ max");
            }
        }
    }

    /** The minima over the whole data per design coordinate and per objective (copies). */
    @Override
    public double[] xMin() {
        return xMin.clone();
    }

    @Override
    public double[] xMax() {
        return xMax.clone();
    }

    @Override
    public double[] yMin() {
        return yMin.clone();
    }

    @Override
    public double[] yMax() {
        return yMax.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BenchmarkStatistics s
                && Arrays.equals(xMin, s.xMin)
                && Arrays.equals(xMax, s.xMax)
                && Arrays.equals(yMin, s.yMin)
                && Arrays.equals(yMax, s.yMax);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Arrays.hashCode(xMin) + Arrays.hashCode(xMax)) + Arrays.hashCode(yMin))
                + Arrays.hashCode(yMax);
    }

    @Override
    public String toString() {
        return "BenchmarkStatistics[x " + Arrays.toString(xMin) + " … " + Arrays.toString(xMax) + ", y "
                + Arrays.toString(yMin) + " … " + Arrays.toString(yMax) + "]";
    }
}
