package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic fact the float32 bias loops of {@link Linear} rest on: a float sum a + b is the double sum rounded
 * to float (double has 53 ≥ 2·24 + 2 significand bits, so double rounding is innocuous for one addition), so moving
 * a loop from {@code (float) ((double) a + b)} to float addition changes no result.
 */
class FloatArithmeticTest {
    @Test
    void floatSumIsTheDoubleSumRounded() {
        SplittableRandom r = new SplittableRandom(12);
        for (int i = 0; i < 4_000_000; i++) {
            float a, b;
            if (i % 2 == 0) { // any bit patterns: subnormals, infinities, NaNs, far-apart exponents
                a = Float.intBitsToFloat(r.nextInt());
                b = Float.intBitsToFloat(r.nextInt());
            } else { // activations and biases of similar or different scales, with cancellation
                a = (float) r.nextGaussian();
                b = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-8, 9)));
                if (i % 6 == 1) b = -a + (float) (r.nextGaussian() * 1e-6);
            }
            float f = a + b;
            float d = (float) ((double) a + (double) b);
            if (Float.isNaN(f) && Float.isNaN(d)) continue;
            float fa = a, fb = b;
            assertEquals(Float.floatToIntBits(d), Float.floatToIntBits(f), () -> fa + " + " + fb);
        }
    }
}
