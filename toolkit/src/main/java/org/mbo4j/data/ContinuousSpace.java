package org.mbo4j.data;

import java.util.Arrays;
import java.util.Random;

/** A continuous box {@code [lower_i, upper_i]} in d dimensions. Immutable. */
public final class ContinuousSpace implements DesignSpace {
    private final double[] lower;
    private final double[] upper;

    private ContinuousSpace(double[] lower, double[] upper) {
        if (lower.length == 0 || lower.length != upper.length) {
            throw new IllegalArgumentException("a box needs the same positive number of lower and upper bounds, got "
                    + lower.length + " and " + upper.length);
        }
        for (int i = 0; i < lower.length; i++) {
            if (!Double.isFinite(lower[i]) || !Double.isFinite(upper[i]) || !(lower[i] < upper[i])) {
                throw new IllegalArgumentException(
                        "bound " + i + " must be finite with lower < upper, got [" + lower[i] + ", " + upper[i] + "]");
            }
        }
        this.lower = lower.clone();
        this.upper = upper.clone();
    }

    /** A box with per-dimension bounds. */
    public static ContinuousSpace box(double[] lower, double[] upper) {
        return new ContinuousSpace(lower, upper);
    }

    /** The cube {@code [lo, hi]^d}. */
    public static ContinuousSpace cube(int d, double lo, double hi) {
        double[] l = new double[d];
        double[] u = new double[d];
        Arrays.fill(l, lo);
        Arrays.fill(u, hi);
        return new ContinuousSpace(l, u);
    }

    public double lower(int i) {
        return lower[i];
    }

    public double upper(int i) {
        return upper[i];
    }

    public double[] lower() {
        return lower.clone();
    }

    public double[] upper() {
        return upper.clone();
    }

    @Override
    public int dims() {
        return lower.length;
    }

    @Override
    public boolean isDiscrete() {
        return false;
    }

    @Override
    public boolean contains(double[] x) {
        if (x.length != lower.length) return false;
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= lower[i] && x[i] <= upper[i])) return false;
        }
        return true;
    }

    @Override
    public double[] sample(Random rng) {
        double[] x = new double[lower.length];
        for (int i = 0; i < x.length; i++) x[i] = lower[i] + rng.nextDouble() * (upper[i] - lower[i]);
        return x;
    }

    @Override
    public double[] project(double[] x) {
        double[] p = new double[lower.length];
        for (int i = 0; i < p.length; i++) {
            double v = Double.isNaN(x[i]) ? (lower[i] + upper[i]) / 2 : x[i];
            p[i] = Math.min(upper[i], Math.max(lower[i], v));
        }
        return p;
    }

    @Override
    public String coordinateName(int i) {
        return "x" + i;
    }

    @Override
    public String describe() {
        boolean cube = true;
        for (int i = 1; i < lower.length; i++) cube &= lower[i] == lower[0] && upper[i] == upper[0];
        if (cube) return "box [" + fmt(lower[0]) + ", " + fmt(upper[0]) + "]^" + lower.length;
        return "box " + lower.length + "-d " + Arrays.toString(lower) + " .. " + Arrays.toString(upper);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContinuousSpace c && Arrays.equals(lower, c.lower) && Arrays.equals(upper, c.upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return describe();
    }
}
