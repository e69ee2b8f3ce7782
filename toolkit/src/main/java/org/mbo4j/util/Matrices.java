package org.mbo4j.util;

import java.util.Arrays;

/** Small helpers for row-major {@code double[][]} matrices. */
public final class Matrices {
    private Matrices() {}

    /** A deep copy (each row cloned). */
    public static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    /**
     * Per-column minimum and maximum of the rows, as {@code {min, max}}: two arrays as long as the first row. A NaN in
     * a column makes both of its entries NaN ({@link Math#min}'s rule); callers that need finite bounds check them.
     *
     * @throws IllegalArgumentException when there are no rows
     */
    public static double[][] columnRange(double[][] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("no rows: a column range needs at least one row");
        int n = rows[0].length;
        double[] min = new double[n];
        double[] max = new double[n];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (double[] r : rows) {
            for (int j = 0; j < n; j++) {
                min[j] = Math.min(min[j], r[j]);
                max[j] = Math.max(max[j], r[j]);
            }
        }
        return new double[][] {min, max};
    }
}
