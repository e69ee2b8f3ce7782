package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class GemmTest {

    /** A rows × cols F-order view that starts {@code offset} elements into a larger flat buffer. */
    static INDArray viewAt(double[][] v, DataType type, long offset) {
        int rows = v.length, cols = v[0].length;
        INDArray flat = Nd4j.rand(type, 1, offset + (long) rows * cols + 3);
        INDArray m = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + (long) rows * cols))
                .reshape('f', rows, cols);
        m.assign(Nd4j.create(v).castTo(type));
        return m;
    }

    static double[][] random(int rows, int cols, SplittableRandom r) {
        double[][] v = new double[rows][cols];
        for (double[] row : v) for (int j = 0; j < cols; j++) row[j] = r.nextDouble() * 2 - 1;
        return v;
    }

    /** α·op(A)·op(B) + β·C in double precision, by the definition. */
    static double[][] reference(
            double[][] a, double[][] b, double[][] c, boolean ta, boolean tb, double alpha, double beta) {
        int m = ta ? a[0].length : a.length, k = ta ? a.length : a[0].length, n = tb ? b.length : b[0].length;
        double[][] out = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (ta ? a[p][i] : a[i][p]) * (tb ? b[j][p] : b[p][j]);
                out[i][j] = alpha * s + beta * c[i][j];
            }
        }
        return out;
    }

    @Test
    void libraryChoiceFollowsTheRequestAndTheBackend() {
        assertEquals(Gemm.Library.OPENBLAS, Gemm.select(null, true));
        assertEquals(Gemm.Library.OPENBLAS, Gemm.select(" ", true));
        assertEquals(Gemm.Library.ONEDNN, Gemm.select("oneDNN", true));
        assertEquals(Gemm.Library.ND4J, Gemm.select("nd4j", true));
        assertEquals(Gemm.Library.ND4J, Gemm.select("onednn", false), "other backends always use Nd4j.gemm");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.select("mkl", true));
        assertEquals(
                "MBO4J_GEMM=mkl is not a GEMM library; use one of [onednn, openblas, nd4j] (or unset it)",
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Gemm.Library.class)
    void matchesTheDefinitionOnViewsWithOffsetsEveryTransposeAndScale(Gemm.Library lib) {
        SplittableRandom r = new SplittableRandom(11);
        int[][] shapes = {{1, 1, 1}, {1, 7, 5}, {7, 1, 5}, {6, 5, 1}, {13, 17, 9}, {128, 33, 25}};
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 2e-5;
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int m = s[0], n = s[1], k = s[2];
                    double[][] a = random(ta ? k : m, ta ? m : k, r);
                    double[][] b = random(tb ? n : k, tb ? k : n, r);
                    double[][] c = random(m, n, r);
                    double alpha = t == 3 ? -0.5 : 1.0, beta = t % 2 == 0 ? 0.0 : 0.75;
                    INDArray cv = viewAt(c, type, 5 + t);
                    Gemm.gemm(lib, viewAt(a, type, 3), viewAt(b, type, 1 + t), cv, ta, tb, alpha, beta);
                    double[][] want = reference(a, b, c, ta, tb, alpha, beta);
                    double[][] got = cv.toDoubleMatrix();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double scale = 1 + Math.abs(want[i][j]) + k;
                            assertEquals(
                                    want[i][j],
                                    got[i][j],
                                    tol * scale,
                                    lib + " " + type + " m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb);
                        }
                    }
                }
            }
        }
    }

    @Test
    void openBlasGivesTheSameBitsAsNd4jGemm() {
        SplittableRandom r = new SplittableRandom(3);
        INDArray a = viewAt(random(64, 129, r), DataType.FLOAT, 7);
        INDArray b = viewAt(random(129, 96, r), DataType.FLOAT, 2);
        INDArray g = viewAt(random(64, 96, r), DataType.FLOAT, 1);
        assertSameAsNd4j(a, b, false, 64, 96); // forward [a, 1]·[W; b]
        assertSameAsNd4j(g, b, true, 64, 129); // input gradient g·[W; b]ᵀ
    }

    static void assertSameAsNd4j(INDArray a, INDArray b, boolean transB, int rows, int cols) {
        INDArray ours = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'f');
        INDArray theirs = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'f');
        Gemm.gemm(Gemm.Library.OPENBLAS, a, b, ours, false, transB, 1.0, 0.0);
        Nd4j.gemm(a, b, theirs, false, transB, 1.0, 0.0);
        assertEquals(theirs, ours, "transB=" + transB);
    }

    @Test
    void rowMajorOperandsFallBackToNd4jAndStayCorrect() {
        SplittableRandom r = new SplittableRandom(5);
        double[][] a = random(4, 3, r), b = random(3, 2, r);
        INDArray c = Nd4j.create(DataType.DOUBLE, new long[] {4, 2}, 'c');
        Gemm.gemm(Nd4j.create(a), Nd4j.create(b), c, false, false, 1.0, 0.0);
        double[][] want = reference(a, b, new double[4][2], false, false, 1, 0);
        for (int i = 0; i < 4; i++) for (int j = 0; j < 2; j++) assertEquals(want[i][j], c.getDouble(i, j), 1e-12);
    }

    @Test
    void shapesThatDoNotChainAreRejectedWithTheShapes() {
        INDArray a = Nd4j.create(DataType.FLOAT, new long[] {4, 3}, 'f');
        INDArray b = Nd4j.create(DataType.FLOAT, new long[] {2, 5}, 'f');
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {4, 5}, 'f');
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Gemm.gemm(a, b, c, false, false, 1.0, 0.0));
        assertTrue(e.getMessage().contains("op(A) 4×3") && e.getMessage().contains("op(B) 2×5"), e.getMessage());
    }
}
