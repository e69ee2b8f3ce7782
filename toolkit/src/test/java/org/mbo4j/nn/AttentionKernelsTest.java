package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The float32 SIMD attention kernels against the BLAS path, and the float exponential against Math.exp. */
class AttentionKernelsTest {
    private static final DataType F = DataType.FLOAT;

    static INDArray random(long rows, long cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray a = Nd4j.create(F, new long[] {rows, cols}, 'f');
        Host h = Host.of(a);
        for (int i = 0; i < h.length(); i++) h.set(i, 2 * r.nextDouble() - 1);
        return a;
    }

    @Test
    void kernelsLoadWithTheVectorModule() {
        assertNotNull(AttentionKernels.INSTANCE, "the tests run with jdk.incubator.vector: the kernels must load");
    }

    @Test
    void expIsWithinTwoTenthsOfAMillionthOfMathExp() {
        double worst = 0;
        for (int i = 0; i <= 200_000; i++) {
            float x = -87.3f * i / 200_000;
            double want = Math.exp(x), got = FloatExp.exp(x);
            worst = Math.max(worst, Math.abs(got - want) / want);
        }
        assertTrue(worst < 2e-7, "worst relative error " + worst);
        assertEquals(1f, FloatExp.exp(0f));
        assertEquals(0f, FloatExp.exp(-88f));
        assertEquals(0f, FloatExp.exp(Float.NEGATIVE_INFINITY));
    }

    @Test
    void vectorExpEqualsTheScalarOneBitForBit() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] x = new float[lanes * 64];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) x[i] = (float) (-95 * r.nextDouble());
        x[0] = 0f;
        x[1] = -87.33f;
        x[2] = Float.NEGATIVE_INFINITY;
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += lanes) {
            VectorFloatKernels.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i))
                    .intoArray(y, i);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(FloatExp.exp(x[i])), Float.floatToRawIntBits(y[i]), "x = " + x[i]);
        }
    }

    /**
     * Forward output, input gradient and parameter gradients of the SIMD path against the BLAS path, on sizes that
     * leave vector tails (T not a multiple of the lanes, head sizes 8 and 16, 1 and 2 heads), with and without
     * dropout (both draw the same masks from the same seed).
     */
    @Test
    void simdPathAgreesWithTheBlasPath() {
        int[][] cases = { // embed, heads, tokens, sequences
            {16, 1, 1, 2}, {16, 1, 37, 2}, {8, 1, 17, 3}, {32, 2, 20, 2}, {16, 2, 5, 4}, {16, 2, 33, 1}
        };
        for (int[] c : cases) {
            for (double drop : new double[] {0, 0.3}) {
                String what = "embed " + c[0] + ", heads " + c[1] + ", T " + c[2] + ", dropout " + drop;
                CausalSelfAttention simd = new CausalSelfAttention("a", c[0], c[1], drop, F);
                CausalSelfAttention blas = new CausalSelfAttention("a", c[0], c[1], drop, F).simdKernels(false);
                CausalTransformerTest.randomize(simd, 10 + c[2]);
                CausalTransformerTest.randomize(blas, 10 + c[2]);
                INDArray x = random(c[0], (long) c[2] * c[3], 11).muli(2);
                INDArray dOut = random(c[0], (long) c[2] * c[3], 12);
                simd.zeroGrad();
                blas.zeroGrad();
                SplittableRandom r1 = drop > 0 ? new SplittableRandom(5) : null;
                SplittableRandom r2 = drop > 0 ? new SplittableRandom(5) : null;
                close(blas.forward(x, c[2], r2).dup(), simd.forward(x, c[2], r1).dup(), what + ": output");
                close(blas.backward(dOut).dup(), simd.backward(dOut).dup(), what + ": dx");
                List<Param> ps = simd.parameters(), pb = blas.parameters();
                for (int i = 0; i < ps.size(); i++) {
                    close(
                            pb.get(i).grad(),
                            ps.get(i).grad(),
                            what + ": " + ps.get(i).name());
                }
            }
        }
    }

    /** Elements agree within 1e-4 of the largest magnitude (float32 sums in another order), and are not all 0. */
    private static void close(INDArray want, INDArray got, String what) {
        double[] w = want.dup('f').castTo(DataType.DOUBLE).data().asDouble();
        double[] g = got.dup('f').castTo(DataType.DOUBLE).data().asDouble();
        assertEquals(w.length, g.length, what);
        double scale = 0;
        for (double v : w) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0, what + " is all zero");
        for (int i = 0; i < w.length; i++) assertEquals(w[i], g[i], 1e-4 * scale, what + " element " + i);
    }
}
