package org.mbo4j.method.baseline;

import java.util.Arrays;
import org.mbo4j.nn.Dot;

/**
 * A growing list of rows kept as the first {@link #size()} entries of one array (grown by doubling), so that products
 * over all rows ({@link Dot#rows}) take the array itself with no copy per call. The GP posteriors keep K⁻¹k(X, pᵢ)
 * per pending point this way ({@link BatchPosterior}, {@link ParEgoAcquisition}). Mutable; not thread-safe.
 */
final class Rows {
    private double[][] rows = new double[16][];
    private int size;

    int size() {
        return size;
    }

    double[] get(int i) {
        if (i >= size) throw new IndexOutOfBoundsException("row " + i + " of " + size);
        return rows[i];
    }

    void add(double[] row) {
        if (size == rows.length) rows = Arrays.copyOf(rows, 2 * rows.length);
        rows[size++] = row;
    }

    /** {@code out[i] = rowᵢ · v} over the first n entries, for every row ({@link Dot#rows}). */
    void times(double[] v, int n, double[] out) {
        Dot.rows(rows, size, v, n, out);
    }

    /**
     * {@code out[a] −= cᵢ rowᵢ[a]} for a &lt; n, i over the first {@code c.length} rows (a candidate's row made before
     * later points were added has fewer) in index order, rows with cᵢ = 0 skipped: the bits of
     * the loop row by row, four rows per pass over {@code out} (so {@code out} is read and written a quarter as
     * often; each element still takes its four subtractions in index order, rounded one by one).
     */
    void subtractCombination(double[] c, double[] out, int n) {
        if (c.length > size) throw new IllegalArgumentException(c.length + " coefficients for " + size + " rows");
        int[] nz = new int[c.length];
        int count = 0;
        for (int i = 0; i < c.length; i++) if (c[i] != 0) nz[count++] = i;
        int b = 0;
        for (; b + 4 <= count; b += 4) {
            double c0 = c[nz[b]], c1 = c[nz[b + 1]], c2 = c[nz[b + 2]], c3 = c[nz[b + 3]];
            double[] r0 = rows[nz[b]], r1 = rows[nz[b + 1]], r2 = rows[nz[b + 2]], r3 = rows[nz[b + 3]];
            for (int a = 0; a < n; a++) out[a] = (((out[a] - c0 * r0[a]) - c1 * r1[a]) - c2 * r2[a]) - c3 * r3[a];
        }
        for (; b < count; b++) {
            double ci = c[nz[b]];
            double[] r = rows[nz[b]];
            for (int a = 0; a < n; a++) out[a] -= ci * r[a];
        }
    }
}
