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
        if (m.rank() != 2) throw new IllegalArgumentException("expected a matrix, got shape "
                + java.util.Arrays.toString(m.shape()));
        return m.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** Column {@code j} of a matrix as a Java array. */
    public static double[] column(INDArray m, int j) {
        return m.getColumn(j).castTo(DataType.DOUBLE).toDoubleVector();
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
