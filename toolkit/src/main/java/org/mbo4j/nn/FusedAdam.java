package org.mbo4j.nn;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Adam}'s update as one pass over memory: per element m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * u ← lrₜ·m/(√v + ε), θ ← θ − u, g ← u (optional). Reads θ, g, m, v once and writes them once, in contiguous chunks
 * on a small pool of threads ({@code OMP_NUM_THREADS}, else the processor count). float32 goes through
 * {@link FloatKernels} (SIMD with the Vector API where available). Arrays that are not one contiguous block of the
 * same layout are copied to such a block and back.
 *
 * <p><b>Subnormals are flushed to zero</b> (g, g², m and v below the smallest normal number). A parameter whose
 * gradient stays zero (a dead ReLU unit) has m and v decaying geometrically (×β₁, ×β₂ per step) through the
 * subnormal range, where x86 arithmetic takes a microcode assist per operation, and ND4J's {@code adam_updater} slows
 * the same way (docs/performance.md: the measured cost, and IOM's training that spent most of its time there). The
 * flush changes an update by less than
 * √(smallest normal)/ε ≈ 1e-11 relative (flushing v; float, ε ≥ 1e-8) or lrₜ·(smallest normal)/ε ≈ 1e-34
 * absolute (flushing m): far below the resolution of θ.
 */
final class FusedAdam {
    /** Host-memory tensors (ND4J's CPU backend): the only place this pass may run. */
    static final boolean AVAILABLE = Gemm.cpuBackend();

    /** √(smallest normal double): a gradient below it has a subnormal square. */
    private static final double SQRT_MIN_NORMAL_D = Math.sqrt(Double.MIN_NORMAL);
    /** Below this many elements the update runs on the calling thread. */
    private static final int PARALLEL_MIN = 1 << 16;
    /** Elements per chunk of a parallel update (a multiple of any SIMD width; 256 KB per float32 stream). */
    private static final int CHUNK = 1 << 16;

    private static final int THREADS = threads();
    private static volatile ExecutorService pool;

    private FusedAdam() {}

    /** The update; g receives it when {@code writeUpdate} and is left untouched otherwise. */
    static void apply(
            INDArray theta,
            INDArray g,
            INDArray m,
            INDArray v,
            double b1,
            double b2,
            double lrT,
            double eps,
            boolean writeUpdate) {
        DataType t = theta.dataType();
        if (!sameBlock(theta, g, m, v) || (t != DataType.FLOAT && t != DataType.DOUBLE)) {
            // contiguous C-order copies of one type (θ's, or float64 for other types), so the pass below applies
            DataType work = t == DataType.FLOAT || t == DataType.DOUBLE ? t : DataType.DOUBLE;
            INDArray[] c = {
                theta.dup('c').castTo(work),
                g.dup('c').castTo(work),
                m.dup('c').castTo(work),
                v.dup('c').castTo(work)
            };
            apply(c[0], c[1], c[2], c[3], b1, b2, lrT, eps, writeUpdate);
            theta.assign(c[0]);
            if (writeUpdate) g.assign(c[1]);
            m.assign(c[2]);
            v.assign(c[3]);
            return;
        }
        int n = (int) theta.length();
        int parts = n < PARALLEL_MIN ? 1 : THREADS;
        if (t == DataType.FLOAT) {
            ByteBuffer th = Tensors.hostBytes(theta),
                    gb = Tensors.hostBytes(g),
                    mb = Tensors.hostBytes(m),
                    vb = Tensors.hostBytes(v);
            run(
                    n,
                    parts,
                    (from, to) -> FloatKernels.INSTANCE.adam(
                            th, gb, mb, vb, from, to, (float) b1, (float) b2, (float) lrT, (float) eps, writeUpdate));
        } else {
            DoubleBuffer th = Tensors.hostBytes(theta).asDoubleBuffer(),
                    gb = Tensors.hostBytes(g).asDoubleBuffer(),
                    mb = Tensors.hostBytes(m).asDoubleBuffer(),
                    vb = Tensors.hostBytes(v).asDoubleBuffer();
            run(n, parts, (from, to) -> doubles(th, gb, mb, vb, from, to, b1, b2, lrT, eps, writeUpdate));
        }
    }

    private interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code r} over [0, n) on {@code parts} threads (the caller and pool helpers), in chunks taken from a
     * shared counter. A helper woken from sleep can start late (docs/performance.md), and a fixed split left the
     * caller waiting for it; with chunks the late starter takes fewer, and the caller waits only for chunks already
     * being processed, never for a helper that has not started. Each element is computed by exactly one thread, so
     * the result does not depend on the schedule.
     */
    private static void run(int n, int parts, Range r) {
        if (parts <= 1) {
            r.run(0, n);
            return;
        }
        int chunks = (n + CHUNK - 1) / CHUNK;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    r.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.incrementAndGet(); // publishes the chunk's writes to the caller's read below
                }
            }
        };
        for (int i = 1; i < parts; i++) pool().execute(worker);
        worker.run();
        while (done.get() < chunks) Thread.onSpinWait(); // at most one chunk's time (tens of µs)
        Throwable t = failure.get();
        if (t != null) throw new IllegalStateException("Adam step failed: " + t, t);
    }

    // the float loop is FloatKernels.adam (SIMD where available); this is its float64 twin for tests and gradient
    // checks: Java cannot abstract over primitive buffers without boxing
    private static void doubles(
            DoubleBuffer th,
            DoubleBuffer g,
            DoubleBuffer m,
            DoubleBuffer v,
            int from,
            int to,
            double b1,
            double b2,
            double lrT,
            double eps,
            boolean writeUpdate) {
        double c1 = 1 - b1, c2 = 1 - b2;
        for (int i = from; i < to; i++) {
            double gi = g.get(i);
            if (Math.abs(gi) < Double.MIN_NORMAL) gi = 0;
            double mi = b1 * m.get(i) + c1 * gi;
            double vi = b2 * v.get(i) + (Math.abs(gi) < SQRT_MIN_NORMAL_D ? 0 : c2 * gi * gi);
            if (Math.abs(mi) < Double.MIN_NORMAL) mi = 0;
            if (vi < Double.MIN_NORMAL) vi = 0;
            double u = lrT * mi / (Math.sqrt(vi) + eps);
            m.put(i, mi);
            v.put(i, vi);
            if (writeUpdate) g.put(i, u);
            th.put(i, th.get(i) - u);
        }
    }

    /** One contiguous block each, same element order, same type, at most 2³¹ − 1 elements. */
    private static boolean sameBlock(INDArray... xs) {
        INDArray a = xs[0];
        if (a.length() >= Integer.MAX_VALUE) return false;
        for (INDArray x : xs) {
            if (x.dataType() != a.dataType() || x.length() != a.length() || x.elementWiseStride() != 1) return false;
            if (x.rank() > 1 && x.ordering() != a.ordering() && !x.isVectorOrScalar()) return false;
        }
        return true;
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (FusedAdam.class) {
                if (pool == null) {
                    pool = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), r -> {
                        Thread th = new Thread(r, "mbo4j-adam");
                        th.setDaemon(true);
                        return th;
                    });
                }
                p = pool;
            }
        }
        return p;
    }

    private static int threads() {
        try {
            String s = System.getenv("OMP_NUM_THREADS");
            if (s != null && !s.isBlank()) return Math.max(1, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            // fall through to the processor count
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}
