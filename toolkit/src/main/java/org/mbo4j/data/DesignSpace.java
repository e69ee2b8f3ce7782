package org.mbo4j.data;

import java.util.Random;

/**
 * The set of admissible designs: a continuous box or a categorical sequence.
 *
 * <p>Designs are always carried as {@code double[]} rows of length {@link #dims()}; for a
 * {@link SequenceSpace} every entry is an integer class index in {@code [0, K)}.
 */
public sealed interface DesignSpace permits ContinuousSpace, SequenceSpace {

    /** Number of coordinates of a design (box dimension or sequence length). */
    int dims();

    /** True when the design is categorical (sequence over an alphabet). */
    boolean isDiscrete();

    /** True when {@code design} lies in the space (right length, in bounds / valid class indices). */
    boolean contains(double[] design);

    /** A uniform random design. */
    double[] sample(Random rng);

    /** Maps an arbitrary vector onto the nearest admissible design (clip to box / round and clamp classes). */
    double[] project(double[] design);

    /** Names of the design coordinates, e.g. {@code x0..x7} or {@code p0..p7}. */
    String coordinateName(int i);

    /** Short human description, e.g. {@code "box [0,1]^30"} or {@code "sequence 8 over acgt"}. */
    String describe();

    /** Throws a clear {@link IllegalArgumentException} naming the first problem in {@code designs}. */
    default void requireContains(double[][] designs, String what) {
        for (int i = 0; i < designs.length; i++) {
            if (designs[i].length != dims()) {
                throw new IllegalArgumentException(what + " row " + i + " has " + designs[i].length
                        + " values but the design space (" + describe() + ") has " + dims() + " dimensions");
            }
            if (!contains(designs[i])) {
                throw new IllegalArgumentException(
                        what + " row " + i + " lies outside the design space (" + describe() + ")");
            }
        }
    }
}
