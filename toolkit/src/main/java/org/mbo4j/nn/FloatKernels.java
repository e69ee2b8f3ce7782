package org.mbo4j.nn;

import java.nio.ByteBuffer;

/**
 * The element-wise float32 loops of the neural core (Adam's update, the (Leaky)ReLU forward and backward passes)
 * over host memory given as native-order byte buffers, element indices {@code [from, to)}.
 *
 * <p>Two implementations give bit-identical results (tested in {@code FloatKernelsTest}): {@link VectorFloatKernels}
 * uses the JDK's SIMD Vector API ({@code jdk.incubator.vector}), and is used whenever the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the launcher, the notebook kernel and the tests do this);
 * {@link ScalarFloatKernels} is plain Java, used otherwise. Measured on the 4.25 M-parameter Grad surrogate, 2
 * threads: Adam 1.7 ms against 4.7 ms; one activation pass on 128 × 2048 in 35–60 µs against 110–120 µs for an
 * ND4J op (docs/performance.md). Both evaluate every element with the same IEEE float operations in the same
 * order (no fused multiply-add), which is why they agree bit for bit.
 */
interface FloatKernels {
    /** The SIMD kernels when {@code jdk.incubator.vector} is loaded, else the scalar ones. */
    FloatKernels INSTANCE = load();

    /**
     * Adam's update as in {@link FusedAdam}: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², u ← lrₜ·m/(√v + ε),
     * θ ← θ − u, g ← u (g untouched unless {@code writeUpdate}), with subnormal g, g², m and v flushed to zero.
     */
    void adam(ByteBuffer theta, ByteBuffer g, ByteBuffer m, ByteBuffer v, int from, int to, float b1, float b2,
            float lrT, float eps, boolean writeUpdate);

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

    /** Whether the SIMD implementation is in use. */
    static boolean vectorized() {
        return !(INSTANCE instanceof ScalarFloatKernels); // never names the SIMD class: it may not link
    }

    private static FloatKernels load() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                // by name, so that this interface never links the Vector API classes when the module is absent
                return (FloatKernels) Class.forName("org.mbo4j.nn.VectorFloatKernels").getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall through to the scalar loops
            }
        }
        return new ScalarFloatKernels();
    }
}
