package org.mbo4j.nn;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to a contiguous float32 or float64 ND4J buffer in host memory, for the Java kernels of the
 * transformer layers (layer norm, GELU, softmax, embeddings): index i is the i-th element in memory order (for the
 * token-major C × N F-order activations, element (c, n) is at n·C + c). Made once per buffer: it holds the buffer's
 * address.
 */
public final class Host {
    private final ByteBuffer bytes;
    private final boolean f32;
    private final int length;

    private Host(INDArray x) {
        if (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("host kernels need float32 or float64, got " + x.dataType());
        }
        if (x.elementWiseStride() != 1 || x.length() >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("host kernels need one contiguous block, got shape "
                    + Arrays.toString(x.shape()) + " with strides "
                    + Arrays.toString(x.stride()));
        }
        this.bytes = Tensors.hostBytes(x);
        this.f32 = x.dataType() == DataType.FLOAT;
        this.length = (int) x.length();
    }

    static Host of(INDArray x) {
        return new Host(x);
    }

    /** x ← f·x in place, a Java loop (for many small arrays ND4J's per-op cost dominates). */
    public static void scale(INDArray x, double f) {
        Host h = new Host(x);
        for (int i = 0; i < h.length; i++) h.set(i, f * h.get(i));
    }

    /** Σ x², a Java loop. */
    public static double sumOfSquares(INDArray x) {
        Host h = new Host(x);
        double s = 0;
        for (int i = 0; i < h.length; i++) s += h.get(i) * h.get(i);
        return s;
    }

    int length() {
        return length;
    }

    double get(int i) {
        return f32 ? bytes.getFloat(i << 2) : bytes.getDouble(i << 3);
    }

    void set(int i, double v) {
        if (f32) bytes.putFloat(i << 2, (float) v);
        else bytes.putDouble(i << 3, v);
    }

    void add(int i, double v) {
        set(i, get(i) + v);
    }
}
