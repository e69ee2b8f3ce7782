package org.mbo4j.nn;

import java.util.Locale;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.mbo4j.util.Progress;

/**
 * Exact kernel ridge regression weights d = (K + λ·tr(K)/n·I)⁻¹ y for the Gram matrix K of a {@link ReluNtk}, in
 * double precision: the Gram matrix is filled off-heap (n² doubles), factorised by LAPACK's Cholesky
 * ({@code dpotrf}, OpenBLAS) and solved ({@code dpotrs}). This is BDI's {@code npy/compute_d.py} 40–44 (λ = 1e-6,
 * the regulariser scaled by the mean diagonal, as neural-tangents' KIP code), whose d the forward mapping uses.
 *
 * <p>Memory: 8n² bytes off-heap (8.7 GB for TFBind8's 32,898 rows), checked against JavaCPP's cap before
 * allocating; a matrix that is not positive definite after regularisation is an error naming λ.
 */
public final class KernelRegression {
    private KernelRegression() {}

    /** The n × n matrix does not fit under JavaCPP's off-heap cap; the message names the setting to raise. */
    public static final class OffHeapTooSmall extends IllegalStateException {
        OffHeapTooSmall(String message) {
            super(message);
        }
    }

    /** The weights d for targets {@code y} (length n) over rows {@code x}. */
    public static double[] weights(ReluNtk kernel, double[][] x, double[] y, double ridge) {
        return weights(kernel, x, y, ridge, "kernel regression");
    }

    /** {@link #weights(ReluNtk, double[][], double[], double)} with progress bars labelled {@code label}. */
    public static double[] weights(ReluNtk kernel, double[][] x, double[] y, double ridge, String label) {
        int n = x.length;
        if (n < 1) throw new IllegalArgumentException("kernel regression needs at least one row");
        if (y.length != n) {
            throw new IllegalArgumentException("kernel regression has " + n + " rows and " + y.length + " targets");
        }
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("the ridge must be a finite number ≥ 0, got " + ridge);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(y[i])) throw new IllegalArgumentException("target " + i + " is " + y[i]);
        }
        long bytes = 8L * n * n;
        long cap = Pointer.maxBytes();
        if (cap > 0 && Pointer.totalBytes() + bytes > cap) {
            throw new OffHeapTooSmall(String.format(
                    Locale.ROOT,
                    "the kernel matrix over %d rows needs %.1f GiB off-heap and %.1f GiB are free under the cap: "
                            + "raise MBO4J_OFFHEAP (e.g. MBO4J_OFFHEAP=%dg) or use fewer rows",
                    n,
                    bytes / 1073741824.0,
                    (cap - Pointer.totalBytes()) / 1073741824.0,
                    (long) Math.ceil((Pointer.totalBytes() + bytes) / 1073741824.0) + 1));
        }
        Loader.load(openblas.class);
        try (DoublePointer a = new DoublePointer((long) n * n);
                DoublePointer b = new DoublePointer(n)) {
            // row-major lower triangle = column-major upper triangle: LAPACKE then needs no transposed copy
            try (Progress.Bar bar = Progress.start(label + " kernel matrix", (long) n * (n + 1) / 2)) {
                long[] done = {0};
                kernel.gram(x, (i, row) -> {
                    a.getPointer((long) i * n).put(row, 0, row.length);
                    synchronized (done) {
                        done[0] += row.length;
                        if ((i & 255) == 0) bar.set(done[0], "entries");
                    }
                });
                bar.set(done[0], "entries");
            }
            double trace = 0;
            for (int i = 0; i < n; i++) trace += a.get((long) i * n + i);
            double shift = ridge * trace / n;
            for (int i = 0; i < n; i++) {
                long ii = (long) i * n + i;
                a.put(ii, a.get(ii) + shift);
            }
            for (int i = 0; i < n; i++) b.put(i, y[i]);
            byte upper = (byte) 'U';
            int info;
            try (Progress.Bar bar = Progress.start(label + " cholesky", 1)) {
                info = openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, upper, n, a, n);
                bar.step("n=" + n);
            }
            if (info > 0) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "the kernel matrix over %d rows is not positive definite with ridge %s (pivot %d): raise the "
                                + "ridge or remove duplicate rows",
                        n,
                        ridge,
                        info));
            }
            if (info < 0) throw new IllegalStateException("LAPACK dpotrf rejected argument " + (-info));
            info = openblas.LAPACKE_dpotrs(openblas.LAPACK_COL_MAJOR, upper, n, 1, a, n, b, n);
            if (info != 0) throw new IllegalStateException("LAPACK dpotrs rejected argument " + (-info));
            double[] d = new double[n];
            b.get(d);
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(d[i])) {
                    throw new IllegalStateException(
                            "the kernel regression weights are not finite: raise the ridge (now " + ridge + ")");
                }
            }
            return d;
        }
    }
}
