package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Dropout's float32 loop (heap copies) against its float64 one: the same mask, the same values rounded. */
class DropoutTest {
    @Test
    void float32MatchesFloat64RoundedWithTheSameMask() {
        INDArray x64 = CausalTransformerTest.random(7, 37, 1), d64 = CausalTransformerTest.random(7, 37, 2);
        INDArray x32 = x64.castTo(DataType.FLOAT), d32 = d64.castTo(DataType.FLOAT);
        x64 = x32.castTo(DataType.DOUBLE); // the same inputs on both sides
        d64 = d32.castTo(DataType.DOUBLE);
        float[] in = x32.dup('f').data().asFloat(); // forward works in place
        Dropout a = new Dropout(0.3), b = new Dropout(0.3);
        double[] y64 = a.forward(x64, new SplittableRandom(4)).dup('f').data().asDouble();
        float[] y32 = b.forward(x32, new SplittableRandom(4)).dup('f').data().asFloat();
        double[] g64 = a.backward(d64).dup('f').data().asDouble();
        float[] g32 = b.backward(d32).dup('f').data().asFloat();
        int dropped = 0;
        for (int i = 0; i < y32.length; i++) {
            assertEquals((float) y64[i], y32[i], 0f, "forward " + i);
            assertEquals((float) g64[i], g32[i], 0f, "backward " + i);
            assertEquals(a.kept(i), b.kept(i));
            dropped += a.kept(i) ? 0 : 1;
            if (a.kept(i)) assertEquals((float) (in[i] / 0.7), y32[i], 1e-6f);
        }
        assertTrue(dropped > 40 && dropped < 120, dropped + " of 259 dropped at p = 0.3");
    }

    /** The integer draw test is nextDouble() ≥ p exactly: the same decisions from the same stream, and at the edge. */
    @Test
    void integerThresholdIsTheDoubleComparison() {
        for (double p : new double[] {0.1, 0.3, 0.5, 1e-9, 0.999999, 0.0}) {
            long threshold = Dropout.threshold(p);
            SplittableRandom a = new SplittableRandom(7), b = new SplittableRandom(7);
            for (int i = 0; i < 200_000; i++) {
                assertEquals(a.nextDouble() >= p, Dropout.kept(b, threshold), "p " + p + ", draw " + i);
            }
            for (long u = Math.max(0, threshold - 2); u <= threshold + 2; u++) {
                assertEquals(u * 0x1.0p-53 >= p, u >= threshold, "p " + p + ", u " + u);
            }
        }
        assertEquals(900719925474100L, Dropout.threshold(0.1)); // 0.1·2⁵³ = 900719925474099.2 in double
        assertEquals(1L << 52, Dropout.threshold(0.5));
    }
}
