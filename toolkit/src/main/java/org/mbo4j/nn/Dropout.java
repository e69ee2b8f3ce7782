package org.mbo4j.nn;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout (PyTorch {@code nn.Dropout(p)} in training mode): each element is kept with probability 1 − p
 * and scaled by 1/(1 − p), or zeroed. Forward works in place on the buffer it is given; the mask is drawn from the
 * generator passed to each call (null: evaluation mode, the identity), so a seeded caller reproduces it.
 */
final class Dropout {
    private final double p;
    private final Map<Long, INDArray> grads = new HashMap<>();
    private boolean[] keep = new boolean[0];
    private boolean active;
    private float[] heap = new float[0];

    Dropout(double p) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
        this.p = p;
    }

    double rate() {
        return p;
    }

    /**
     * The draw threshold of {@link #kept(SplittableRandom, long)}: ⌈p·2⁵³⌉. {@code SplittableRandom.nextDouble()} is
     * (nextLong() ⋙ 11)·2⁻⁵³ (JDK 17's {@code RandomGenerator} default), exact, so nextDouble() ≥ p exactly when
     * nextLong() ⋙ 11 ≥ ⌈p·2⁵³⌉ (p·2⁵³ is exact in double).
     */
    static long threshold(double p) {
        return (long) Math.ceil(p * 0x1.0p53);
    }

    /**
     * {@code rng.nextDouble() >= p} for {@code threshold == threshold(p)}, the same draw from the generator without
     * the conversion to double (tested against it).
     */
    static boolean kept(SplittableRandom rng, long threshold) {
        return rng.nextLong() >>> 11 >= threshold;
    }

    /** Applies dropout to {@code x} in place (nothing when {@code rng} is null or p = 0); returns x. */
    INDArray forward(INDArray x, SplittableRandom rng) {
        active = rng != null && p > 0;
        if (!active) return x;
        double scale = 1 / (1 - p);
        if (floats(x)) { // heap copy, the same arithmetic: the same floats as the Host loop below
            int n = (int) x.length();
            if (keep.length < n) keep = new boolean[n];
            float[] v = heap(n);
            FloatBuffer b = Tensors.hostBytes(x).asFloatBuffer();
            b.get(v, 0, n);
            long threshold = threshold(p);
            for (int i = 0; i < n; i++) {
                keep[i] = kept(rng, threshold);
                v[i] = keep[i] ? (float) (v[i] * scale) : 0f;
            }
            b.rewind();
            b.put(v, 0, n);
            return x;
        }
        Host h = Host.of(x);
        int n = h.length();
        if (keep.length < n) keep = new boolean[n];
        for (int i = 0; i < n; i++) {
            keep[i] = rng.nextDouble() >= p;
            h.set(i, keep[i] ? h.get(i) * scale : 0);
        }
        return x;
    }

    /** The gradient through the last forward's mask: dy itself when it was the identity, else a new buffer. */
    INDArray backward(INDArray dy) {
        if (!active) return dy;
        INDArray dx = grads.computeIfAbsent(dy.length(), n -> Nd4j.create(dy.dataType(), dy.shape(), 'f'));
        double scale = 1 / (1 - p);
        if (floats(dy)) {
            int n = (int) dy.length();
            float[] v = heap(n);
            Tensors.hostBytes(dy).asFloatBuffer().get(v, 0, n);
            for (int i = 0; i < n; i++) v[i] = keep[i] ? (float) (v[i] * scale) : 0f;
            Tensors.hostBytes(dx).asFloatBuffer().put(v, 0, n);
            return dx;
        }
        Host hd = Host.of(dy), hx = Host.of(dx);
        for (int i = 0; i < hd.length(); i++) hx.set(i, keep[i] ? hd.get(i) * scale : 0);
        return dx;
    }

    /** A heap buffer of at least n floats (reused). */
    private float[] heap(int n) {
        if (heap.length < n) heap = new float[n];
        return heap;
    }

    private static boolean floats(INDArray x) {
        return x.dataType() == DataType.FLOAT && Tensors.hostContiguous(x);
    }

    /** Whether element i was kept by the last active forward (for layers that apply the mask themselves). */
    boolean kept(int i) {
        return keep[i];
    }
}
