package org.mbo4j.moo;

/** Exact hypervolume of a point set (all objectives minimised) w.r.t. a reference point. */
public final class Hypervolume {
    private Hypervolume() {}

    /** The hypervolume dominated by {@code points} and bounded by {@code ref}; points not below ref are ignored. */
    public static double compute(double[][] points, double[] ref) {
        throw new UnsupportedOperationException("TODO: implemented by the MOO work");
    }
}
