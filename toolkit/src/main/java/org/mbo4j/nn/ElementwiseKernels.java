package org.mbo4j.nn;

/**
 * Which implementation runs the neural core's element-wise float32 loops (Adam's update, the (Leaky)ReLU passes):
 * the SIMD one when the JVM was started with {@code --add-modules jdk.incubator.vector} (the launcher, the notebook
 * kernel and the tests do) on JDK 16–18, whose incubator API the SIMD loops use; plain Java otherwise. Both give
 * bit-identical results; the SIMD loops are faster (docs/performance.md).
 */
public final class ElementwiseKernels {
    private ElementwiseKernels() {}

    /** Whether the SIMD loops are in use. */
    public static boolean simd() {
        return FloatKernels.vectorized();
    }

    /** A one-line description for reports, e.g. "SIMD (jdk.incubator.vector, 16 float lanes)". */
    public static String describe() {
        return simd()
                ? "SIMD (jdk.incubator.vector, " + VectorFloatKernels.lanes() + " float lanes)"
                : "scalar Java (SIMD needs JDK 16-18 started with --add-modules jdk.incubator.vector)";
    }
}
