package org.mbo4j.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The element-wise float32 loops of the neural core (Adam's update, the (Leaky)ReLU forward and backward passes)
 * over host memory given as native-order byte buffers, element indices {@code [from, to)}.
 *
 * <p>Two implementations give bit-identical results (tested in {@code FloatKernelsTest}): {@link VectorFloatKernels}
 * uses the JDK's SIMD Vector API ({@code jdk.incubator.vector}), and is used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the launcher, the notebook kernel and the tests do this) and a short
 * check at start-up finds it agreeing with the scalar loops; {@link ScalarFloatKernels} is plain Java, used
 * otherwise. The SIMD loops load through {@code ByteBuffer}s, which the incubator API has on JDK 16–18 only (JDK 19
 * moved to memory segments): on a newer JDK the check fails and the scalar loops run (timings of both, and of the
 * ND4J ops they replace, in docs/performance.md). Both evaluate every element with the same IEEE float operations in
 * the same order (no fused multiply-add), which is why they agree bit for bit.
 */
interface FloatKernels {
    /** The SIMD kernels when {@code jdk.incubator.vector} is loaded, else the scalar ones. */
    FloatKernels INSTANCE = load();

    /**
     * Adam's update as in {@link FusedAdam}: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², u ← lrₜ·m/(√v + ε),
     * θ ← θ − u, g ← u (g untouched unless {@code writeUpdate}), with subnormal g, g², m and v flushed to zero.
     */
    void adam(
            ByteBuffer theta,
            ByteBuffer g,
            ByteBuffer m,
            ByteBuffer v,
            int from,
            int to,
            float b1,
            float b2,
            float lrT,
            float eps,
            boolean writeUpdate);

    /**
     * In place: z ← z where z ≥ 0, slope·z elsewhere (slope &gt; 0); for slope 0 (ReLU) z ← z where z &gt; 0, else
     * 0 (NaN included, as libnd4j's max(z, 0)).
     */
    void leakyRelu(ByteBuffer z, int from, int to, float slope);

    /**
     * In place: grad ← grad ⊙ act'(z), read from the activation's output a (sign(a) = sign(z)): 1 where a ≥ 0,
     * slope elsewhere (slope &gt; 0); for ReLU 1 where a &gt; 0, else 0 (multiplied, so 0·∞ stays NaN).
     */
    void leakyReluBackward(ByteBuffer out, ByteBuffer grad, int from, int to, float slope);

    /**
     * GELU forward, y ← x·Φ(x) = ½x(1 + erf(x/√2)), with {@link Gelu}'s erf (Abramowitz–Stegun 7.1.26) in float
     * operations and e^(−u²) by {@link FloatExp#exp}. For x = −∞ the result is NaN (∞·0, as in
     * {@link Gelu}'s double evaluation; so is GELU′ at ±∞), whose sign bit may differ between the implementations.
     */
    void gelu(ByteBuffer x, ByteBuffer y, int from, int to);

    /** GELU backward, dx ← dy ⊙ GELU′(x), the derivative of {@link #gelu}'s approximation (as {@link Gelu}'s). */
    void geluBackward(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int from, int to);

    /**
     * Swish forward in place, z ← z·σ(z), and its derivative into {@code mask}: σ(z)·(1 + z·(1 − σ(z))), with
     * σ(z) = 1/(1 + e) for z ≥ 0 and e/(1 + e) otherwise, e = {@link FloatExp#exp}(−|z|).
     */
    void swish(ByteBuffer z, ByteBuffer mask, int from, int to);

    /**
     * SELU forward in place, z ← λz for z &gt; 0, else λα·(e^z − 1) by {@link FloatExp#expm1}, with λ and λα the
     * float roundings of {@link Activation#SELU_SCALE} and its product with {@link Activation#SELU_ALPHA}.
     */
    void selu(ByteBuffer z, int from, int to);

    /** SELU backward in place from the output a: grad ← grad·λ where a &gt; 0, else grad·(a + λα). */
    void seluBackward(ByteBuffer out, ByteBuffer grad, int from, int to);

    /** λ of {@link #selu} in float. */
    float SELU_SCALE = (float) Activation.SELU_SCALE;

    /** λα of {@link #selu} in float. */
    float SELU_SCALE_ALPHA = (float) (Activation.SELU_SCALE * Activation.SELU_ALPHA);

    /** out ← a + b element-wise (the float sum, which equals the double sum rounded to float). */
    void add(ByteBuffer a, ByteBuffer b, ByteBuffer out, int from, int to);

    /** Whether the SIMD implementation is in use. */
    static boolean vectorized() {
        return !(INSTANCE instanceof ScalarFloatKernels); // never names the SIMD class: it may not link
    }

    private static FloatKernels load() {
        ScalarFloatKernels scalar = new ScalarFloatKernels();
        return VectorApi.load(FloatKernels.class, "VectorFloatKernels", simd -> agree(simd, scalar), scalar);
    }

    /**
     * Whether {@code a} computes what {@code b} does, bit for bit, on a few values of every kind (signed zeros,
     * subnormals, both signs) and a length that leaves a tail: the check that keeps a JDK whose Vector API lacks
     * what {@link VectorFloatKernels} calls (JDK 19 replaced its ByteBuffer loads) on the scalar loops.
     */
    private static boolean agree(FloatKernels a, FloatKernels b) {
        int n = 37;
        ByteBuffer[] x = new ByteBuffer[8];
        for (int k = 0; k < x.length; k++) {
            x[k] = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
            int role = k % 4; // θ, g, m, v: buffers k and k + 4 start equal
            for (int i = 0; i < n; i++) {
                float v = (float) Math.sin(7.0 * i + role) * (i % 5 == 0 ? 1e-39f : 1f);
                x[k].putFloat(4 * i, role == 3 ? Math.abs(v) : (i % 7 == 0 ? -0f : v));
            }
        }
        a.adam(x[0], x[1], x[2], x[3], 0, n, 0.9f, 0.999f, 1e-3f, 1e-7f, true);
        b.adam(x[4], x[5], x[6], x[7], 0, n, 0.9f, 0.999f, 1e-3f, 1e-7f, true);
        for (float slope : new float[] {0f, 0.3f}) {
            a.leakyRelu(x[0], 0, n, slope);
            b.leakyRelu(x[4], 0, n, slope);
            a.leakyReluBackward(x[0], x[1], 0, n, slope);
            b.leakyReluBackward(x[4], x[5], 0, n, slope);
        }
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < n; i++) {
                if (x[k].getInt(4 * i) != x[k + 4].getInt(4 * i)) return false;
            }
        }
        // GELU on values across erf's range (|x| up to 18: e^(−x²/2) underflows to 0), both signs, zeros
        for (int i = 0; i < n; i++) {
            float v = (i - n / 2) + 0.25f * (i % 4);
            x[1].putFloat(4 * i, i == 0 ? -0f : v);
            x[5].putFloat(4 * i, i == 0 ? -0f : v);
        }
        a.add(x[0], x[1], x[1], 0, n);
        b.add(x[4], x[5], x[5], 0, n);
        a.gelu(x[1], x[2], 0, n);
        b.gelu(x[5], x[6], 0, n);
        a.geluBackward(x[1], x[0], x[3], 0, n);
        b.geluBackward(x[5], x[0], x[7], 0, n);
        for (int k = 1; k < 4; k++) {
            for (int i = 0; i < n; i++) {
                if (x[k].getInt(4 * i) != x[k + 4].getInt(4 * i)) return false;
            }
        }
        // SELU forward and backward on both branches: e^z − 1 near 0, saturated below FloatExp.MIN, −∞, NaN, ±0
        for (int i = 0; i < n; i++) {
            float v = i == 0
                    ? -0f
                    : i == 1
                            ? Float.NEGATIVE_INFINITY
                            : i == 2 ? Float.NaN : i == 3 ? -100f : (i - n / 2) * 0.37f + 1e-3f * (i % 3);
            x[1].putFloat(4 * i, v);
            x[5].putFloat(4 * i, v);
            x[2].putFloat(4 * i, 1f + i);
            x[6].putFloat(4 * i, 1f + i);
        }
        a.selu(x[1], 0, n);
        b.selu(x[5], 0, n);
        a.seluBackward(x[1], x[2], 0, n);
        b.seluBackward(x[5], x[6], 0, n);
        for (int k = 1; k < 3; k++) {
            for (int i = 0; i < n; i++) {
                if (Float.floatToIntBits(x[k].getFloat(4 * i)) != Float.floatToIntBits(x[k + 4].getFloat(4 * i)))
                    return false;
            }
        }
        return true;
    }
}
