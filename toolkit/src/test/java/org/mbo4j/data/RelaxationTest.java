package org.mbo4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RelaxationTest {
    private static final double L = Math.log(0.1 / 0.7); // -1.9459101

    @Test
    void toLogitsMatchesDesignBench() {
        // K=4, s=0.6: class 0 -> all three entries log(0.1/0.7); class j>=1 -> entry j-1 = log(0.7/0.1), others 0
        double[] l = Relaxation.toLogits(new double[] {0, 1, 3}, 4);
        assertArrayEquals(new double[] {L, L, L, -L, 0, 0, 0, 0, -L}, l, 1e-12);
        assertEquals(-1.9459101, L, 1e-7);
    }

    @Test
    void toIntegersInvertsAndBreaksTiesLow() {
        double[] x = {0, 1, 2, 3, 3, 2, 1, 0};
        assertArrayEquals(x, Relaxation.toIntegers(Relaxation.toLogits(x, 4), 4), 0);
        // all-zero logits tie with the prepended class-0 logit: class 0 wins
        assertArrayEquals(new double[] {0}, Relaxation.toIntegers(new double[] {0, 0, 0}, 4), 0);
        // equal positive logits: the lowest class among them wins
        assertArrayEquals(new double[] {2}, Relaxation.toIntegers(new double[] {-1, 2, 2}, 4), 0);
    }

    @Test
    void rejectsBadInput() {
        var e = assertThrows(IllegalArgumentException.class, () -> Relaxation.toLogits(new double[] {4}, 4));
        assertEquals("class index 4.0 at position 0 is not an integer in [0, 4)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Relaxation.toIntegers(new double[] {1, 2}, 4));
    }
}
