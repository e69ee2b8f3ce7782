package org.mbo4j.nn;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * How many threads the Java loops of the convolution layers use: {@code OMP_NUM_THREADS} (which the launcher sets
 * from {@code MBO4J_THREADS}, as for the GEMMs), else the available processors. {@link #forEach} splits a loop over
 * independent items (sequences of a batch, chunks of an array) across them; the body must write disjoint memory per
 * item, so the result is the same for every thread count. Each thread also has one growing scratch array per
 * element type ({@link #scratchFloats}, {@link #scratchDoubles}) for those bodies.
 */
final class JavaThreads {
    /** The thread count (at least 1). */
    static final int COUNT = count(System.getenv("OMP_NUM_THREADS"));

    private JavaThreads() {}

    static int count(String omp) {
        if (omp != null) {
            try {
                int n = Integer.parseInt(omp.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // fall through to the processor count
            }
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** body(i) for i = 0 … n − 1, on up to {@link #COUNT} threads when {@code work} (elements touched) is large. */
    static void forEach(int n, long work, IntConsumer body) {
        if (COUNT == 1 || n < 2 || work < 1 << 16) {
            for (int i = 0; i < n; i++) body.accept(i);
        } else {
            IntStream.range(0, n).parallel().forEach(body);
        }
    }

    /** body(from, to) over [0, n) cut into one chunk per thread (sequential chunks when the work is small). */
    static void chunks(int n, ChunkBody body) {
        chunks(n, n, body);
    }

    /**
     * body(from, to) over [0, n) cut into one contiguous chunk per thread when {@code work} (elements touched) is
     * large, else one chunk.
     */
    static void chunks(int n, long work, ChunkBody body) {
        int parts = COUNT == 1 || work < 1 << 16 ? 1 : Math.min(COUNT, n);
        if (parts <= 1) {
            if (n > 0) body.run(0, n);
            return;
        }
        forEach(parts, work, p -> body.run((int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts)));
    }

    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<double[]> DOUBLES = ThreadLocal.withInitial(() -> new double[0]);

    /**
     * This thread's scratch of at least n floats, grown as needed and shared by every caller on the thread: use it
     * within one loop body, not across a call that may take it too.
     */
    static float[] scratchFloats(int n) {
        float[] s = FLOATS.get();
        if (s.length < n) {
            s = new float[n];
            FLOATS.set(s);
        }
        return s;
    }

    /** As {@link #scratchFloats}, for doubles. */
    static double[] scratchDoubles(int n) {
        double[] s = DOUBLES.get();
        if (s.length < n) {
            s = new double[n];
            DOUBLES.set(s);
        }
        return s;
    }

    /** A loop body over [from, to). */
    interface ChunkBody {
        void run(int from, int to);
    }
}
