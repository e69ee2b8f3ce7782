package org.mbo4j.util;

/**
 * Argument checks shared by settings records and builders, with one wording for each refusal: the message names the
 * argument ({@code what}) and the value given.
 */
public final class Checks {
    private Checks() {}

    /** {@code v} if it is at least 1; else "WHAT must be ≥ 1, got V". */
    public static int atLeastOne(String what, int v) {
        if (v < 1) throw new IllegalArgumentException(what + " must be ≥ 1, got " + v);
        return v;
    }

    /** {@code v} if it is a positive finite number; else "WHAT must be a positive number, got V" (NaN included). */
    public static double positiveNumber(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a positive number, got " + v);
        }
        return v;
    }
}
