package org.mbo4j.nn;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between a contiguous float32 or float64 host buffer and a Java {@code double[]}, for the Java loops
 * of the convolution layers ({@link Conv1d}, {@link GroupNorm}, {@link Mish}, {@link TemporalUnet}): one bulk
 * transfer each way instead of a checked buffer access per element. Arithmetic on the copies is in double; writing
 * back to float32 rounds once. Each holder keeps its own scratch, grown to the largest buffer seen; not thread-safe.
 */
final class HostArray {
    private double[] values = new double[0];
    private float[] floats = new float[0];

    /** The elements of {@code x} in memory order, in this holder's array (valid until its next read). */
    double[] read(INDArray x) {
        int n = check(x);
        if (values.length < n) values = new double[n];
        readInto(x, values, n);
        return values;
    }

    /** An array of at least {@code n} values (contents undefined), this holder's. */
    double[] scratch(int n) {
        if (values.length < n) values = new double[n];
        return values;
    }

    /** Writes the first {@code x.length()} values of {@code v} into {@code x} (rounded to float32 there). */
    void write(double[] v, INDArray x) {
        int n = check(x);
        ByteBuffer b = Tensors.hostBytes(x);
        if (x.dataType() == DataType.FLOAT) {
            if (floats.length < n) floats = new float[n];
            float[] f = floats;
            JavaThreads.chunks(n, (from, to) -> {
                for (int i = from; i < to; i++) f[i] = (float) v[i];
            });
            b.asFloatBuffer().put(floats, 0, n);
        } else {
            b.asDoubleBuffer().put(v, 0, n);
        }
    }

    /** A float array of at least {@code n} values (contents undefined), this holder's. */
    float[] floatScratch(int n) {
        if (floats.length < n) floats = new float[n];
        return floats;
    }

    /** The elements of float32 {@code x} in memory order, in this holder's float array (valid until its next use). */
    float[] readFloats(INDArray x) {
        int n = check(x);
        if (floats.length < n) floats = new float[n];
        Tensors.hostBytes(x).asFloatBuffer().get(floats, 0, n);
        return floats;
    }

    /** Writes the first {@code x.length()} values of {@code v} into float32 {@code x}. */
    static void writeFloats(float[] v, INDArray x) {
        Tensors.hostBytes(x).asFloatBuffer().put(v, 0, check(x));
    }

    private void readInto(INDArray x, double[] into, int n) {
        ByteBuffer b = Tensors.hostBytes(x);
        if (x.dataType() == DataType.FLOAT) {
            if (floats.length < n) floats = new float[n];
            b.asFloatBuffer().get(floats, 0, n);
            float[] f = floats;
            JavaThreads.chunks(n, (from, to) -> {
                for (int i = from; i < to; i++) into[i] = f[i];
            });
        } else {
            b.asDoubleBuffer().get(into, 0, n);
        }
    }

    private static int check(INDArray x) {
        if ((x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE)
                || x.elementWiseStride() != 1
                || x.length() >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("host arrays need one contiguous float32 or float64 block, got "
                    + x.dataType() + " of shape " + Arrays.toString(x.shape()));
        }
        return (int) x.length();
    }
}
