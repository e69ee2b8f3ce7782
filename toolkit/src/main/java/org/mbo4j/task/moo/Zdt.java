package org.mbo4j.task.moo;

/** Shared pieces of the ZDT functions. */
final class Zdt {
    private Zdt() {}

    /** Σ_{i≥2} x_i (1-based), summed left to right as numpy's small-array sum does. */
    static double tailSum(double[] x) {
        double s = 0;
        for (int i = 1; i < x.length; i++) s += x[i];
        return s;
    }
}
