package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FloatKernelsTest {
    /** Values that exercise every branch: signed zeros, subnormals, the flush thresholds, infinities, NaN. */
    private static final float[] SPECIAL = {
        0f,
        -0f,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        Float.MIN_NORMAL,
        -Float.MIN_NORMAL,
        0.99f * Float.MIN_NORMAL,
        0x1p-63f,
        -0x1p-63f,
        0x1p-64f,
        1e-30f,
        -1e-30f,
        1f,
        -1f,
        3.5e4f,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.NaN
    };

    private static float[] values(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(4) == 0
                    ? SPECIAL[r.nextInt(SPECIAL.length)]
                    : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-8, 3)));
        }
        return v;
    }

    private static ByteBuffer buffer(float[] v) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(v);
        return b;
    }

    /** As {@link #bits(ByteBuffer)} with every NaN as the canonical one (∞·0 gives NaNs of either sign). */
    private static int[] canonicalBits(ByteBuffer b) {
        int[] out = new int[b.capacity() / 4];
        for (int i = 0; i < out.length; i++) out[i] = Float.floatToIntBits(b.getFloat(4 * i));
        return out;
    }

    private static int[] bits(ByteBuffer b) {
        int[] out = new int[b.capacity() / 4];
        for (int i = 0; i < out.length; i++) out[i] = Float.floatToRawIntBits(b.getFloat(4 * i));
        return out;
    }

    /** The SIMD loops use the incubator API's ByteBuffer loads, which JDK 19 removed. */
    private static void assumeSimdJdk() {
        assumeTrue(Runtime.version().feature() <= 18, "SIMD loops need JDK 16-18; this is " + Runtime.version());
    }

    @Test
    void theTestJvmLoadsTheVectorApiSoTheSimdLoopsAreTheOnesTested() {
        assumeSimdJdk();
        // surefire's argLine and the launcher pass --add-modules jdk.incubator.vector; without it this fails
        assertTrue(
                FloatKernels.vectorized(),
                "FloatKernels fell back to the scalar loops: is --add-modules "
                        + "jdk.incubator.vector missing from the JVM options?");
    }

    @Test
    void simdAdamMatchesTheScalarLoopBitForBitIncludingTailsAndFlushes() {
        assumeSimdJdk();
        FloatKernels simd = new VectorFloatKernels();
        FloatKernels scalar = new ScalarFloatKernels();
        int n = 1000;
        for (int[] range : new int[][] {{0, n}, {3, 997}, {5, 12}})
            for (boolean write : new boolean[] {false, true}) {
                float[] th = values(n, 1), g = values(n, 2), m = values(n, 3), v = values(n, 4);
                for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]); // a second moment is never negative
                ByteBuffer[] a = {buffer(th), buffer(g), buffer(m), buffer(v)};
                ByteBuffer[] b = {buffer(th), buffer(g), buffer(m), buffer(v)};
                simd.adam(a[0], a[1], a[2], a[3], range[0], range[1], 0.9f, 0.999f, 3e-4f, 1e-7f, write);
                scalar.adam(b[0], b[1], b[2], b[3], range[0], range[1], 0.9f, 0.999f, 3e-4f, 1e-7f, write);
                for (int k = 0; k < 4; k++) assertArrayEquals(bits(b[k]), bits(a[k]), "buffer " + k);
                if (range[0] > 0) { // outside the range nothing changed
                    assertEquals(Float.floatToRawIntBits(th[0]), Float.floatToRawIntBits(a[0].getFloat(0)));
                    assertEquals(
                            Float.floatToRawIntBits(g[n - 1]), Float.floatToRawIntBits(a[1].getFloat(4 * (n - 1))));
                }
            }
    }

    @Test
    void scalarAdamFlushesSubnormalsAndMatchesTheFormulaOnNormalNumbers() {
        FloatKernels k = new ScalarFloatKernels();
        // element 0: ordinary numbers; element 1: a subnormal gradient is flushed (m and v decay only);
        // element 2: a gradient below 2^-63 keeps m but adds nothing to v
        float[] th = {1f, 1f, 1f}, g = {0.5f, 1e-39f, 1e-20f}, m = {0.1f, 0.1f, 0f}, v = {0.01f, 0.01f, 0.01f};
        ByteBuffer[] b = {buffer(th), buffer(g), buffer(m), buffer(v)};
        ByteBuffer[] z = {buffer(th), buffer(g), buffer(m), buffer(v)};
        k.adam(b[0], b[1], b[2], b[3], 0, 3, 0.9f, 0.999f, 0.01f, 1e-7f, true);
        k.adam(z[0], z[1], z[2], z[3], 0, 3, 0.9f, 0.999f, 0.01f, 1e-7f, false);
        for (int i : new int[] {0, 2, 3}) assertArrayEquals(bits(b[i]), bits(z[i]), "buffer " + i);
        assertArrayEquals(bits(buffer(g)), bits(z[1]), "without write-back the gradient is untouched");
        float c1 = 1 - 0.9f, c2 = 1 - 0.999f; // as the kernel computes them, in float
        float m0 = 0.9f * 0.1f + c1 * 0.5f, v0 = 0.999f * 0.01f + c2 * 0.5f * 0.5f;
        float u0 = 0.01f * m0 / ((float) Math.sqrt(v0) + 1e-7f);
        assertEquals(m0, b[2].getFloat(0));
        assertEquals(v0, b[3].getFloat(0));
        assertEquals(1f - u0, b[0].getFloat(0));
        assertEquals(u0, b[1].getFloat(0));
        assertEquals(0.9f * 0.1f, b[2].getFloat(4));
        assertEquals(0.999f * 0.01f, b[3].getFloat(4));
        assertEquals(c1 * 1e-20f, b[2].getFloat(8));
        assertEquals(0.999f * 0.01f, b[3].getFloat(8));
    }

    @Test
    void simdActivationsMatchTheScalarLoopBitForBit() {
        assumeSimdJdk();
        FloatKernels simd = new VectorFloatKernels();
        FloatKernels scalar = new ScalarFloatKernels();
        for (float slope : new float[] {0f, 0.3f, 0.01f}) {
            float[] z = values(517, 7), d = values(517, 8);
            ByteBuffer za = buffer(z), zb = buffer(z);
            simd.leakyRelu(za, 1, 517, slope);
            scalar.leakyRelu(zb, 1, 517, slope);
            assertArrayEquals(bits(zb), bits(za), "forward, slope " + slope);
            ByteBuffer da = buffer(d), db = buffer(d);
            simd.leakyReluBackward(za, da, 0, 516, slope);
            scalar.leakyReluBackward(zb, db, 0, 516, slope);
            assertArrayEquals(bits(db), bits(da), "backward, slope " + slope);
        }
    }

    @Test
    void simdGeluMatchesTheScalarLoopBitForBit() {
        assumeSimdJdk();
        FloatKernels simd = new VectorFloatKernels();
        FloatKernels scalar = new ScalarFloatKernels();
        float[] x = values(517, 9), d = values(517, 10);
        for (int i = 0; i < x.length; i += 3) x[i] = (float) (i - 258) / 16; // dense over erf's range, |x| ≤ 16
        ByteBuffer xb = buffer(x), ya = buffer(new float[517]), yb = buffer(new float[517]);
        simd.gelu(xb, ya, 1, 517);
        scalar.gelu(xb, yb, 1, 517);
        assertArrayEquals(canonicalBits(yb), canonicalBits(ya), "forward");
        ByteBuffer ga = buffer(new float[517]), gb = buffer(new float[517]);
        simd.geluBackward(xb, buffer(d), ga, 0, 516);
        scalar.geluBackward(xb, buffer(d), gb, 0, 516);
        assertArrayEquals(canonicalBits(gb), canonicalBits(ga), "backward");
        int nans = 0;
        for (int i = 0; i < 517; i++) nans += Float.isNaN(ya.getFloat(4 * i)) ? 1 : 0;
        assertTrue(nans > 0 && nans < 100, nans + " NaN outputs (from ±∞ and NaN inputs)");
    }

    @Test
    void simdSwishMatchesTheScalarLoopBitForBitAndTheDoubleFormula() {
        assumeSimdJdk();
        FloatKernels simd = new VectorFloatKernels();
        FloatKernels scalar = new ScalarFloatKernels();
        float[] z = values(517, 13);
        for (int i = 0; i < z.length; i += 3) z[i] = (float) (i - 258) / 8; // dense over [−32, 32]
        ByteBuffer za = buffer(z), zb = buffer(z);
        ByteBuffer ma = buffer(new float[517]), mb = buffer(new float[517]);
        simd.swish(za, ma, 1, 517);
        scalar.swish(zb, mb, 1, 517);
        assertArrayEquals(canonicalBits(zb), canonicalBits(za), "forward");
        assertArrayEquals(canonicalBits(mb), canonicalBits(ma), "derivative");
        for (int i = 1; i < 517; i += 3) {
            double v = z[i];
            double s = 1 / (1 + Math.exp(-v));
            assertEquals(v * s, zb.getFloat(4 * i), 1e-6 * Math.max(1, Math.abs(v)), "swish(" + v + ")");
            assertEquals(s * (1 + v * (1 - s)), mb.getFloat(4 * i), 1e-6, "swish'(" + v + ")");
        }
    }

    @Test
    void simdSeluMatchesTheScalarLoopBitForBit() {
        assumeSimdJdk();
        FloatKernels simd = new VectorFloatKernels();
        FloatKernels scalar = new ScalarFloatKernels();
        float[] z = values(517, 17);
        for (int i = 0; i < z.length; i += 3) z[i] = (float) (i - 400) / 4; // dense over [−100, 29]
        ByteBuffer za = buffer(z), zb = buffer(z);
        simd.selu(za, 1, 517);
        scalar.selu(zb, 1, 517);
        assertArrayEquals(canonicalBits(zb), canonicalBits(za), "forward");
        float[] g = values(517, 18);
        ByteBuffer ga = buffer(g), gb = buffer(g);
        simd.seluBackward(za, ga, 1, 517);
        scalar.seluBackward(zb, gb, 1, 517);
        assertArrayEquals(canonicalBits(gb), canonicalBits(ga), "backward");
    }

    /**
     * The float SELU against PyTorch's formula in double (λ, α from torch): relative error below 3e-7 on both
     * branches, including x → 0⁻ where e^x − 1 computed as exp(x) − 1 would lose its digits, and saturation at −λα.
     */
    @Test
    void floatSeluAndExpm1AreWithinFloatRoundingOfTheDoubleFormula() {
        int n = 60_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (i - 50_000) / 500f; // −100 … 20
        x[1] = -1e-6f;
        x[2] = -3e-30f;
        x[3] = -87.5f; // below FloatExp.MIN
        ByteBuffer y = buffer(x);
        FloatKernels.INSTANCE.selu(y, 0, n);
        double worst = 0, worstExpm1 = 0;
        for (int i = 0; i < n; i++) {
            double ref = x[i] > 0
                    ? Activation.SELU_SCALE * x[i]
                    : Activation.SELU_SCALE * Activation.SELU_ALPHA * Math.expm1(x[i]);
            worst = Math.max(worst, Math.abs(y.getFloat(4 * i) - ref) / Math.max(Math.abs(ref), 1e-30));
            if (x[i] <= 0) {
                double e = Math.expm1(x[i]);
                worstExpm1 = Math.max(worstExpm1, Math.abs(FloatExp.expm1(x[i]) - e) / Math.max(Math.abs(e), 1e-30));
            }
        }
        assertTrue(worst < 3e-7, "selu: worst relative error " + worst);
        assertTrue(worstExpm1 < 3e-7, "expm1: worst relative error " + worstExpm1);
        assertEquals(-1f, FloatExp.expm1(-87.5f));
        assertEquals(Math.expm1(-1e-6), FloatExp.expm1(-1e-6f), 1e-13); // −1e-6 + 5e-13
        // derivative read from the output: λ for a > 0, a + λα = λα·e^z otherwise
        float[] out = {-1.5201664f, 0f, 3.1521028f};
        ByteBuffer g = buffer(new float[] {2f, 2f, 2f});
        FloatKernels.INSTANCE.seluBackward(buffer(out), g, 0, 3);
        assertEquals(2 * 0.2379328722516818, g.getFloat(0), 1e-6);
        assertEquals(2 * 1.7580993408473766, g.getFloat(4), 1e-6);
        assertEquals(2 * 1.0507009873554805, g.getFloat(8), 1e-6);
    }

    @Test
    void addIsTheFloatSumInBothImplementations() {
        assumeSimdJdk();
        float[] a = values(517, 11), b = values(517, 12);
        ByteBuffer sa = buffer(new float[517]), sb = buffer(new float[517]);
        new VectorFloatKernels().add(buffer(a), buffer(b), sa, 0, 517);
        new ScalarFloatKernels().add(buffer(a), buffer(b), sb, 0, 517);
        assertArrayEquals(canonicalBits(sb), canonicalBits(sa));
        for (int i = 0; i < 517; i++) {
            assertEquals(
                    Float.floatToIntBits((float) ((double) a[i] + b[i])), Float.floatToIntBits(sa.getFloat(4 * i)));
        }
    }

    /** The float32 GELU against Gelu's double evaluation of the same approximation (Math.exp, double rounding). */
    @Test
    void floatGeluIsWithinAFewUlpsOfTheDoubleEvaluation() {
        int n = 40_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (i - n / 2) / 2000f; // −10 … 10
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        ByteBuffer xb = buffer(x), y = buffer(new float[n]), g = buffer(new float[n]);
        FloatKernels.INSTANCE.gelu(xb, y, 0, n);
        FloatKernels.INSTANCE.geluBackward(xb, buffer(ones), g, 0, n);
        double worstY = 0, worstG = 0;
        for (int i = 0; i < n; i++) {
            double scale = Math.max(1, Math.abs(x[i]));
            worstY = Math.max(worstY, Math.abs(y.getFloat(4 * i) - Gelu.gelu(x[i])) / scale);
            worstG = Math.max(worstG, Math.abs(g.getFloat(4 * i) - Gelu.geluDerivative(x[i])) / scale);
        }
        assertTrue(worstY < 1e-6, "forward: worst error " + worstY);
        assertTrue(worstG < 1e-6, "derivative: worst error " + worstG);
        assertEquals(0f, y.getFloat(4 * (n / 2)));
        assertEquals(10f, y.getFloat(4 * (n - 1)), 0f);
    }

    @Test
    void activationsOnContiguousFloatsMatchTheNd4jMaskPathBitForBit() {
        for (Activation act : new Activation[] {Activation.relu(), Activation.leakyRelu(0.3)}) {
            float[] z = values(64 * 33, 11), d = values(64 * 33, 12);
            INDArray fast = Nd4j.create(z, new long[] {64, 33}, 'f');
            // a column range of a wider C-order matrix is not one contiguous block: the ND4J path
            INDArray wide = Nd4j.create(DataType.FLOAT, 64, 40);
            INDArray slow = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 33));
            slow.assign(fast);
            INDArray maskA = Nd4j.create(DataType.FLOAT, 64, 33), maskB = Nd4j.create(DataType.FLOAT, 64, 33);
            act.applyInPlace(fast, maskA);
            act.applyInPlace(slow, maskB);
            assertArrayEquals(bits(fast), bits(slow.dup('f')), act + " forward");
            INDArray gFast = Nd4j.create(d, new long[] {64, 33}, 'f');
            INDArray gWide = Nd4j.create(DataType.FLOAT, 64, 40);
            INDArray gSlow = gWide.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 33));
            gSlow.assign(gFast);
            act.backwardInPlace(fast, maskA, gFast);
            act.backwardInPlace(slow, maskB, gSlow);
            assertArrayEquals(bits(gFast), bits(gSlow.dup('f')), act + " backward");
        }
    }

    @Test
    void leakyReluForwardAndBackwardOnKnownValues() {
        INDArray z = Nd4j.create(new float[] {-2f, -0f, 0f, 3f}, new long[] {1, 4}, 'f');
        INDArray mask = Nd4j.create(DataType.FLOAT, 1, 4);
        Activation.leakyRelu(0.25).applyInPlace(z, mask);
        assertArrayEquals(new float[] {-0.5f, -0f, 0f, 3f}, z.toFloatVector());
        INDArray g = Nd4j.create(new float[] {4f, 4f, 4f, 4f}, new long[] {1, 4}, 'f');
        Activation.leakyRelu(0.25).backwardInPlace(z, mask, g);
        assertArrayEquals(new float[] {1f, 4f, 4f, 4f}, g.toFloatVector()); // at z = 0 the derivative is 1
        INDArray r = Nd4j.create(new float[] {-2f, 0f, Float.NaN, 3f}, new long[] {1, 4}, 'f');
        Activation.relu().applyInPlace(r, mask);
        assertArrayEquals(new float[] {0f, 0f, 0f, 3f}, r.toFloatVector()); // libnd4j's max(NaN, 0) is 0
        INDArray gr = Nd4j.create(new float[] {4f, 4f, 4f, 4f}, new long[] {1, 4}, 'f');
        Activation.relu().backwardInPlace(r, mask, gr);
        assertArrayEquals(new float[] {0f, 0f, 0f, 4f}, gr.toFloatVector()); // ReLU'(0) = 0
    }

    private static int[] bits(INDArray a) {
        float[] v = a.dup('f').data().asFloat();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Float.floatToRawIntBits(v[i]);
        return out;
    }
}
