package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConversionsTest {
    @Test
    void theTestJvmLoadsTheSimdConversions() {
        // surefire's argLine passes --add-modules jdk.incubator.vector; without it the scalar loops would be loaded
        assertTrue(Conversions.get() instanceof VectorConversions, "Conversions fell back to the scalar loops");
    }

    @Test
    void toFloatRoundsToNearestLikeACast() {
        double[] d = {0.1, 1 + 0x1p-24, 1 + 0x1.8p-24, 1e-46, -1e39, Double.NaN, -0.0, 3.4028235677973366e38, 7, 8};
        float[] f = new float[d.length + 2];
        Conversions.get().toFloat(d, 0, f, 2, d.length);
        assertEquals(0f, f[0], 0); // before the range: untouched
        assertEquals(0.1f, f[2], 0);
        assertEquals(1f, f[3], 0); // the tie rounds to even
        assertEquals(Math.nextUp(1f), f[4], 0);
        assertEquals(0f, f[5], 0); // underflow
        assertEquals(Float.NEGATIVE_INFINITY, f[6], 0);
        assertTrue(Float.isNaN(f[7]));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(f[8]));
        assertEquals(Float.POSITIVE_INFINITY, f[9], 0); // above the largest float by more than half an ulp
        assertEquals(8f, f[11], 0);
    }

    @Test
    void channelSumsAddEachChannelOverTheTokens() {
        double[] src = {9, 1, 2, 3, 10, 20, 30, 100, 200, 300};
        double[] sums = {0.5, 0, 0};
        Conversions.get().addChannelSums(src, 1, 3, 3, sums);
        assertEquals(111.5, sums[0], 0);
        assertEquals(222, sums[1], 0);
        assertEquals(333, sums[2], 0);
    }

    @Test
    void toDoubleAddsEachChannelsBiasAndMatchesTheScalarLoopsBits() {
        float[] f = {1.5f, -2f, 0.25f, 4f, 5f, 6f};
        double[] bias = {0.25, -1, 0.1};
        double[] out = new double[7];
        Conversions.get().toDouble(f, 0, out, 1, 6, bias, 3);
        assertEquals(0.0, out[0], 0);
        assertEquals(1.75, out[1], 0);
        assertEquals(-3.0, out[2], 0);
        assertEquals(0.25 + 0.1, out[3], 0);
        assertEquals(4.25, out[4], 0);
        assertEquals(6.1, out[6], 0);
        SplittableRandom rng = new SplittableRandom(4);
        float[] f32 = new float[40];
        double[] f64 = new double[40], eight = new double[8];
        TemporalUnetTest.warmUp(() -> {
            Conversions.get().toDouble(f32, 0, f64, 0, 40, eight, 8);
            Conversions.get().toDouble(f32, 1, f64, 0, 37, null, 1);
            Conversions.get().toFloat(f64, 1, f32, 0, 37);
            Conversions.get().addChannelSums(f64, 0, 5, 8, eight);
        });
        for (int channels : new int[] {1, 7, 25, 32, 256}) {
            int n = channels * 37;
            float[] src = new float[n + 3];
            for (int i = 0; i < src.length; i++)
                src[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(9) - 4));
            double[] b = new double[channels];
            for (int c = 0; c < channels; c++) b[c] = rng.nextGaussian();
            for (double[] withBias : new double[][] {null, b}) {
                double[] simd = new double[n + 5], scalar = new double[n + 5];
                Conversions.get().toDouble(src, 3, simd, 5, n, withBias, channels);
                Conversions.SCALAR.toDouble(src, 3, scalar, 5, n, withBias, channels);
                for (int i = 0; i < simd.length; i++) {
                    assertEquals(Double.doubleToLongBits(scalar[i]), Double.doubleToLongBits(simd[i]), "at " + i);
                }
            }
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(90) - 45);
            double[] sumsSimd = new double[channels], sumsScalar = new double[channels];
            Conversions.get().addChannelSums(d, 0, 37, channels, sumsSimd);
            Conversions.SCALAR.addChannelSums(d, 0, 37, channels, sumsScalar);
            for (int c = 0; c < channels; c++) {
                assertEquals(Double.doubleToLongBits(sumsScalar[c]), Double.doubleToLongBits(sumsSimd[c]));
            }
            float[] simd = new float[n], scalar = new float[n];
            Conversions.get().toFloat(d, 1, simd, 0, n - 1);
            Conversions.SCALAR.toFloat(d, 1, scalar, 0, n - 1);
            for (int i = 0; i < n; i++) assertEquals(Float.floatToIntBits(scalar[i]), Float.floatToIntBits(simd[i]));
        }
    }
}
