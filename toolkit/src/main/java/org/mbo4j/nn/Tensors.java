package org.mbo4j.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between Java arrays (what {@code data} uses) and ND4J matrices, and small buffer helpers. */
public final class Tensors {
    private Tensors() {}

    /** {@code t} if it is FLOAT or DOUBLE, the two types the models train in; else a one-line refusal. */
    public static DataType floatOrDouble(DataType t) {
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type must be FLOAT or DOUBLE, got " + t);
        }
        return t;
    }

    /** n × d matrix (F-order, the layout GEMMs want) of {@code type} from rows. */
    public static INDArray matrix(double[][] rows, DataType type) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != d)
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + d);
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
     * element by element, which costs more than a forward pass of a small net: docs/performance.md.)
     */
    public static double[] columnMajor(INDArray m) {
        if (m.rank() != 2)
            throw new IllegalArgumentException("expected a matrix, got shape " + Arrays.toString(m.shape()));
        if (hostReal(m)) { // read in place: no ND4J op for a C-order or offset matrix
            int rows = (int) m.rows(), cols = (int) m.columns();
            boolean f = columnMajorLayout(m), f32 = m.dataType() == DataType.FLOAT;
            double[] out = new double[rows * cols];
            ByteBuffer b = hostBytes(m);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) out[j * rows + i] = read(b, f32, at(f, i, j, rows, cols));
            }
            return out;
        }
        INDArray f = m.ordering() == 'f' && !m.isView() ? m : m.dup('f');
        return f.data().getDoublesAt(f.offset(), (int) f.length());
    }

    /** Writes column-major {@code values} into the F-order matrix {@code dst} (one bulk copy, cast to its type). */
    public static void assignColumnMajor(INDArray dst, double[] values) {
        if (values.length != dst.length()) {
            throw new IllegalArgumentException(values.length + " values for a matrix of " + dst.length());
        }
        if (hostReal(dst) && columnMajorLayout(dst)) { // in place, rounded as castTo
            ByteBuffer b = hostBytes(dst);
            boolean f32 = dst.dataType() == DataType.FLOAT;
            for (int i = 0; i < values.length; i++) write(b, f32, i, values[i]);
            return;
        }
        dst.assign(Nd4j.create(values, dst.shape(), 'f').castTo(dst.dataType()));
    }

    /**
     * dst ← src for two matrices of the same shape: a Java loop when both are one contiguous block of the same
     * real type in host memory (an ND4J assign between layouts is slow even for small matrices:
     * docs/performance.md), else
     * {@code dst.assign(src)}.
     */
    public static void copy(INDArray src, INDArray dst) {
        if (src.rank() == 2
                && dst.rank() == 2
                && src.rows() == dst.rows()
                && src.columns() == dst.columns()
                && src.dataType() == dst.dataType()
                && hostReal(src)
                && hostReal(dst)) {
            int rows = (int) src.rows(), cols = (int) src.columns();
            boolean sf = columnMajorLayout(src), df = columnMajorLayout(dst), f32 = src.dataType() == DataType.FLOAT;
            ByteBuffer s = hostBytes(src), d = hostBytes(dst);
            for (int i = 0; i < rows; i++) { // a float32 value passes through double exactly
                for (int j = 0; j < cols; j++) {
                    write(d, f32, at(df, i, j, rows, cols), read(s, f32, at(sf, i, j, rows, cols)));
                }
            }
            return;
        }
        dst.assign(src);
    }

    /** One contiguous block (element-wise stride 1) in host memory (ND4J's CPU backend), under 2³¹ elements. */
    static boolean hostContiguous(INDArray x) {
        return FusedAdam.AVAILABLE && x.elementWiseStride() == 1 && x.length() < Integer.MAX_VALUE && !x.isEmpty();
    }

    /** Whether a contiguous matrix stores its elements column by column (a vector counts as both). */
    private static boolean columnMajorLayout(INDArray x) {
        return x.ordering() == 'f' || x.isVectorOrScalar();
    }

    /** Position of element (i, j) in a contiguous rows × cols block, column-major when {@code f}. */
    private static int at(boolean f, int i, int j, int rows, int cols) {
        return f ? j * rows + i : i * cols + j;
    }

    private static double read(ByteBuffer b, boolean f32, int index) {
        return f32 ? b.getFloat(4 * index) : b.getDouble(8 * index);
    }

    /** Writes {@code v}, rounded to float32 when {@code f32} (as ND4J's cast rounds). */
    private static void write(ByteBuffer b, boolean f32, int index, double v) {
        if (f32) b.putFloat(4 * index, (float) v);
        else b.putDouble(8 * index, v);
    }

    /** {@link #hostContiguous} and float32 or float64. */
    private static boolean hostReal(INDArray x) {
        return (x.dataType() == DataType.FLOAT || x.dataType() == DataType.DOUBLE) && hostContiguous(x);
    }

    /**
     * A native-order byte view of a {@link #hostContiguous} array's elements, from its offset (its data buffer's
     * address already includes a view's offset).
     */
    static ByteBuffer hostBytes(INDArray x) {
        long bytes = x.length() * x.dataType().width();
        BytePointer p = new BytePointer((Pointer) x.data().addressPointer());
        p.capacity(bytes).limit(bytes);
        return p.asByteBuffer().order(ByteOrder.nativeOrder());
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
