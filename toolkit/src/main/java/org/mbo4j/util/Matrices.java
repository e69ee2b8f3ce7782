package org.mbo4j.util;

/** Small helpers for row-major {@code double[][]} matrices. */
public final class Matrices {
    private Matrices() {}

    /** A deep copy (each row cloned). */
    public static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
