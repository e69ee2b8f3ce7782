package org.mbo4j.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between Java arrays (what {@code data} uses) and ND4J matrices, and small buffer helpers. */
public final class Tensors {
    private Tensors() {}

    /** n × d matrix (F-order, the layout GEMMs want) of {@code type} from rows. */
    public static INDArray matrix(double[][] rows, DataType type) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != d) throw new IllegalArgumentException("row " + i + " has " + rows[i].length
                    + " values, expected " + d);
            for (int j = 0; j < d; j++) flat[j * n + i] = rows[i][j];
        }
        return Nd4j.create(flat, new long[] {n, d}, 'f').castTo(type);
    }

    /** n × 1 column of {@code type}. */
    public static INDArray column(double[] values, DataType type) {
        return Nd4j.create(values, new long[] {values.length, 1}, 'f').castTo(type);
    }

    /** Rows of a matrix as Java arrays. */
    public static double[][] rows(INDArray m) {
        double[] f = columnMajor(m);
        int n = (int) m.rows();
        int d = (int) m.columns();
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) out[i][j] = f[j * n + i];
        return out;
    }

    /** Column {@code j} of a matrix as a Java array. */
    public static double[] column(INDArray m, int j) {
        return columnMajor(m.getColumn(j).reshape(m.rows(), 1));
    }

    /**
     * The values of a matrix in column-major (F) order as doubles: one bulk copy. (INDArray.toDoubleMatrix reads
     * element by element: 2.8 ms for 128 × 2, measured, more than a forward pass of a small net.)
     */
    public static double[] columnMajor(INDArray m) {
        if (m.rank() != 2) throw new IllegalArgumentException("expected a matrix, got shape "
                + java.util.Arrays.toString(m.shape()));
        INDArray f = m.ordering() == 'f' && !m.isView() ? m : m.dup('f');
        return f.data().getDoublesAt(f.offset(), (int) f.length());
    }

    /** Writes column-major {@code values} into the F-order matrix {@code dst} (one bulk copy, cast to its type). */
    public static void assignColumnMajor(INDArray dst, double[] values) {
        if (values.length != dst.length()) {
            throw new IllegalArgumentException(values.length + " values for a matrix of " + dst.length());
        }
        dst.assign(Nd4j.create(values, dst.shape(), 'f').castTo(dst.dataType()));
    }

    /** A zero F-order buffer. */
    public static INDArray zeros(DataType type, long rows, long cols) {
        return Nd4j.create(type, new long[] {rows, cols}, 'f');
    }

    /** B × k array shaped like {@code like} with ones in column {@code j} and zeros elsewhere. */
    public static INDArray unitColumn(INDArray like, int j) {
        INDArray s = Nd4j.create(like.dataType(), like.shape(), 'f');
        s.getColumn(j).assign(1);
        return s;
    }
}
