package org.mbo4j.nn;

import java.util.Arrays;
import java.util.Locale;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * C ← α·op(A)·op(B) + β·C into a preallocated C: the one matrix product of the neural core.
 *
 * <p>Which library computes it ({@link Library}) is chosen once per JVM from {@code MBO4J_GEMM} (or the system
 * property {@code mbo4j.gemm}), which the launcher sets after checking every choice for correctness and speed on
 * this processor ({@code org.mbo4j.perf.BlasKernels}); unset, it is OpenBLAS. On ND4J's CPU backend, when A, B and
 * C are float32 or float64 matrices stored column-major (F-order, unit row stride, any leading dimension ≥ rows:
 * the layouts {@link Mlp} keeps), the product is one native call:
 * <ul>
 *   <li>{@link Library#ONEDNN}: oneDNN's {@code dnnl_sgemm} for float32 (row-major, so it is handed the
 *   transposed problem Cᵀ = op(B)ᵀ·op(A)ᵀ), OpenBLAS for float64;</li>
 *   <li>{@link Library#OPENBLAS}: {@code cblas_?gemm} of the OpenBLAS library ND4J itself loads (JavaCPP's
 *   {@code openblas_nolapack}, which ND4J's CPU {@code Level3} calls).</li>
 * </ul>
 * Anything else (other layouts or types, other backends, {@link Library#ND4J}) goes through {@link Nd4j#gemm}.
 *
 * <p>Why not always {@link Nd4j#gemm}: it runs libnd4j's {@code Mmul} op, which adds a set-up cost per call, and
 * its OpenBLAS 0.3.19 kernels ran the neural core's 128-row shapes slower than oneDNN's on the AVX-512 development
 * machine (timings in docs/performance.md). The OpenBLAS path gives bit-identical results to
 * {@link Nd4j#gemm}; oneDNN rounds differently (a different summation order), which is why the choice is fixed per
 * JVM: the same seed gives the same designs within one configuration.
 */
public final class Gemm {

    /** The library behind {@link #gemm}. */
    public enum Library {
        /** oneDNN {@code dnnl_sgemm} for float32 (float64 through OpenBLAS). */
        ONEDNN,
        /** OpenBLAS {@code cblas_?gemm}, called directly. */
        OPENBLAS,
        /** {@link Nd4j#gemm} (libnd4j's op): every backend, every layout. */
        ND4J;

        /** The name used by {@code MBO4J_GEMM}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Library LIBRARY =
            select(System.getProperty("mbo4j.gemm", System.getenv("MBO4J_GEMM")), cpuBackend());

    private Gemm() {}

    /** The library this JVM uses for float32 column-major products. */
    public static Library library() {
        return LIBRARY;
    }

    /**
     * c ← alpha·op(a)·op(b) + beta·c, where op transposes when asked.
     *
     * @throws IllegalArgumentException when the shapes do not chain (the message names them)
     */
    public static void gemm(
            INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        gemm(LIBRARY, a, b, c, transA, transB, alpha, beta);
    }

    /** {@link #gemm} through a given library (tests compare them; {@code lib} must have passed {@link #select}). */
    static void gemm(
            Library lib,
            INDArray a,
            INDArray b,
            INDArray c,
            boolean transA,
            boolean transB,
            double alpha,
            double beta) {
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
            throw new IllegalArgumentException(
                    "gemm needs matrices, got ranks " + a.rank() + ", " + b.rank() + ", " + c.rank());
        }
        long m = transA ? a.columns() : a.rows();
        long k = transA ? a.rows() : a.columns();
        long kb = transB ? b.columns() : b.rows();
        long n = transB ? b.rows() : b.columns();
        if (k != kb || c.rows() != m || c.columns() != n) {
            throw new IllegalArgumentException("gemm shapes do not chain: op(A) " + m + "×" + k + ", op(B) " + kb + "×"
                    + n + ", C " + Arrays.toString(c.shape()));
        }
        if (lib != Library.ND4J && native_(lib, a, b, c, transA, transB, (int) m, (int) n, (int) k, alpha, beta)) {
            return;
        }
        Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
    }

    /**
     * The library for a requested name on a backend: blank means OpenBLAS on the CPU backend; other backends always
     * use {@link Nd4j#gemm}.
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws IllegalStateException when oneDNN or OpenBLAS was asked for on the CPU backend and cannot be loaded
     */
    static Library select(String requested, boolean cpu) {
        Library want = Library.OPENBLAS;
        if (requested != null && !requested.isBlank()) {
            try {
                want = Library.valueOf(requested.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("MBO4J_GEMM=" + requested + " is not a GEMM library; use one of "
                        + Arrays.stream(Library.values()).map(Library::id).toList() + " (or unset it)");
            }
        }
        if (!cpu || want == Library.ND4J) return Library.ND4J;
        String failure = probe(want);
        if (failure != null) {
            throw new IllegalStateException("MBO4J_GEMM=" + want.id() + " but " + failure
                    + "; unset MBO4J_GEMM (or set it to nd4j) to use ND4J's own GEMM");
        }
        return want;
    }

    /** Whether ND4J runs on its CPU backend (tensors in host memory that native code may read and write). */
    static boolean cpuBackend() {
        try {
            return Nd4j.getBackend().getClass().getName().contains(".cpu.");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Null when {@code lib} loads and computes a 2 × 2 product right, else what went wrong. */
    private static String probe(Library lib) {
        try {
            INDArray p = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2}, 'f');
            INDArray q = Nd4j.create(DataType.FLOAT, new long[] {2, 2}, 'f');
            gemm(lib, p, p, q, false, false, 1.0, 0.0); // column-major floats: the library's own native call
            // [[1,3],[2,4]]² = [[7,15],[10,22]]
            float[] want = {7, 10, 15, 22};
            float[] got = q.data().asFloat();
            return Arrays.equals(want, got)
                    ? null
                    : lib.id() + " computed " + Arrays.toString(got) + " for a 2×2 " + "product, expected "
                            + Arrays.toString(want);
        } catch (LinkageError | RuntimeException e) {
            return lib.id() + " could not be loaded (" + e + ")";
        }
    }

    /**
     * The product of blocks inside three contiguous column-major buffers, without making views: op(A) is m × k and
     * starts at element {@code offA} of {@code a} with leading dimension {@code lda} (likewise B and C), and
     * C ← alpha·op(A)·op(B) + beta·C. For the many small products of attention (one per sequence and head), where
     * creating ND4J views would cost more than the products. Off the native path the blocks become views.
     */
    static void gemmBlock(
            INDArray a,
            long offA,
            int lda,
            boolean transA,
            INDArray b,
            long offB,
            int ldb,
            boolean transB,
            INDArray c,
            long offC,
            int ldc,
            int m,
            int n,
            int k,
            double alpha,
            double beta) {
        DataType t = c.dataType();
        boolean nativeOk = LIBRARY != Library.ND4J
                && (t == DataType.FLOAT || t == DataType.DOUBLE)
                && a.dataType() == t
                && b.dataType() == t
                && m > 0
                && n > 0
                && k > 0;
        if (nativeOk) {
            nativeGemm(LIBRARY, t, transA, transB, m, n, k, alpha, a, offA, lda, b, offB, ldb, beta, c, offC, ldc);
            return;
        }
        INDArray va = block(a, offA, lda, transA ? k : m, transA ? m : k);
        INDArray vb = block(b, offB, ldb, transB ? n : k, transB ? k : n);
        INDArray vc = block(c, offC, ldc, m, n);
        Nd4j.gemm(va, vb, vc, transA, transB, alpha, beta);
    }

    /** A rows × cols column-major view at element {@code off} of a contiguous buffer with leading dimension ld. */
    private static INDArray block(INDArray base, long off, int ld, int rows, int cols) {
        return Nd4j.create(base.data(), new long[] {rows, cols}, new long[] {1, ld}, base.offset() + off, 'f');
    }

    private static FloatPointer fp(INDArray x, long off) {
        return fp(x).position(off);
    }

    private static DoublePointer dp(INDArray x, long off) {
        return dp(x).position(off);
    }

    private static boolean native_(
            Library lib,
            INDArray a,
            INDArray b,
            INDArray c,
            boolean ta,
            boolean tb,
            int m,
            int n,
            int k,
            double alpha,
            double beta) {
        DataType t = c.dataType();
        if ((t != DataType.FLOAT && t != DataType.DOUBLE) || a.dataType() != t || b.dataType() != t) return false;
        if (!columnMajor(a) || !columnMajor(b) || !columnMajor(c) || m == 0 || n == 0 || k == 0) return false;
        // addressPointer() already points at a view's first element (DataBuffer views carry their offset)
        nativeGemm(lib, t, ta, tb, m, n, k, alpha, a, 0, ld(a), b, 0, ld(b), beta, c, 0, ld(c));
        return true;
    }

    /**
     * The native call of {@link #gemm} and {@link #gemmBlock}: oneDNN's sgemm for floats when {@code lib} is oneDNN,
     * else OpenBLAS' sgemm or dgemm; the blocks start {@code off} elements into their buffers (column-major, leading
     * dimensions given). The caller has checked types and sizes.
     */
    private static void nativeGemm(
            Library lib,
            DataType t,
            boolean ta,
            boolean tb,
            int m,
            int n,
            int k,
            double alpha,
            INDArray a,
            long offA,
            int lda,
            INDArray b,
            long offB,
            int ldb,
            double beta,
            INDArray c,
            long offC,
            int ldc) {
        if (t == DataType.FLOAT && lib == Library.ONEDNN) {
            sgemmOneDnn(
                    ta, tb, m, n, k, (float) alpha, fp(a, offA), lda, fp(b, offB), ldb, (float) beta, fp(c, offC), ldc);
            return;
        }
        int tA = ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tB = tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int order = openblas_nolapack.CblasColMajor;
        if (t == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(
                    order,
                    tA,
                    tB,
                    m,
                    n,
                    k,
                    (float) alpha,
                    fp(a, offA),
                    lda,
                    fp(b, offB),
                    ldb,
                    (float) beta,
                    fp(c, offC),
                    ldc);
        } else {
            openblas_nolapack.cblas_dgemm(
                    order, tA, tB, m, n, k, alpha, dp(a, offA), lda, dp(b, offB), ldb, beta, dp(c, offC), ldc);
        }
    }

    /**
     * Column-major C (m × n) = op(A)·op(B) through oneDNN's row-major sgemm: the same memory read row-major is Cᵀ,
     * and Cᵀ = op(B)ᵀ·op(A)ᵀ, so B goes first and the dimensions swap.
     */
    private static void sgemmOneDnn(
            boolean ta,
            boolean tb,
            long m,
            long n,
            long k,
            float alpha,
            FloatPointer a,
            long lda,
            FloatPointer b,
            long ldb,
            float beta,
            FloatPointer c,
            long ldc) {
        int status = dnnl.dnnl_sgemm(
                (byte) (tb ? 'T' : 'N'), (byte) (ta ? 'T' : 'N'), n, m, k, alpha, b, ldb, a, lda, beta, c, ldc);
        if (status != 0) {
            throw new IllegalStateException("oneDNN dnnl_sgemm failed with status " + status + " (m=" + m + " n=" + n
                    + " k=" + k + "); set MBO4J_GEMM=openblas to use OpenBLAS");
        }
    }

    private static FloatPointer fp(INDArray x) {
        return new FloatPointer((Pointer) x.data().addressPointer());
    }

    private static DoublePointer dp(INDArray x) {
        return new DoublePointer((Pointer) x.data().addressPointer());
    }

    /** Unit stride down a column, and a leading dimension BLAS accepts. */
    private static boolean columnMajor(INDArray x) {
        if (x.rows() > Integer.MAX_VALUE || x.columns() > Integer.MAX_VALUE) return false;
        long ld = x.columns() == 1 ? Math.max(1, x.rows()) : x.stride(1);
        return (x.rows() == 1 || x.stride(0) == 1) && ld >= Math.max(1, x.rows()) && ld <= Integer.MAX_VALUE;
    }

    private static int ld(INDArray x) {
        return (int) (x.columns() == 1 ? Math.max(1, x.rows()) : x.stride(1));
    }
}
