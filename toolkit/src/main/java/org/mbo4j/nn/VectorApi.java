package org.mbo4j.nn;

import java.util.function.Predicate;

/**
 * Loads the SIMD implementations of the neural core and of the GP arithmetic ({@code jdk.incubator.vector}) by class
 * name, so that no interface links the Vector API's classes when the module is absent: {@link FloatKernels},
 * {@link AttentionKernels}, {@link ReluNtk}'s rows, {@link Mish}'s loop, {@link Conversions}, {@link TriangularProduct}
 * and {@link Dot} each name their SIMD class here and give a start-up check (usually a bit-for-bit comparison with the
 * scalar loop on a few awkward values).
 */
final class VectorApi {
    private VectorApi() {}

    /** Whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    static boolean present() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * An instance of {@code org.mbo4j.nn.<simpleName>} (no-argument constructor) when the module is present, the class
     * links and {@code check} accepts it; else {@code fallback} (which may be null). A JDK whose incubator API lacks
     * what the class calls (JDK 19 replaced the {@code ByteBuffer} loads) fails the link or the check and gets the
     * fallback.
     */
    static <T> T load(Class<T> type, String simpleName, Predicate<? super T> check, T fallback) {
        if (!present()) return fallback;
        try {
            T simd = type.cast(Class.forName("org.mbo4j.nn." + simpleName)
                    .getDeclaredConstructor()
                    .newInstance());
            return check.test(simd) ? simd : fallback;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return fallback;
        }
    }
}
