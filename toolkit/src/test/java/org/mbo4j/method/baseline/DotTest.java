package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DotTest {

    @Test
    void byHand() {
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        double[] b = {1, -1, 2, -2, 0.5, 0, 1, 1, 2, 0.25, -1};
        // 1 − 2 + 6 − 8 + 2.5 + 0 + 7 + 8 + 18 + 2.5 − 11
        assertEquals(24.0, Dot.dot(a, b, 11), 0);
        assertEquals(1 - 2 + 6, Dot.dot(a, b, 3), 0);
        assertEquals(0, Dot.dot(a, b, 0), 0);
    }

    @Test
    void eightSumsThenTheTail() {
        // 1e16 + 1 rounds back to 1e16 (ulp 2, ties to even), so a plain left-to-right loop loses all seven ones and
        // returns 0; the eight sums keep three pairs of them, (1 + 1) + ((1 + 1) + (1 + 1)), and the tail cancels 1e16
        // exactly
        double[] a = {1e16, 1, 1, 1, 1, 1, 1, 1, -1e16};
        double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        double plain = 0;
        for (int i = 0; i < a.length; i++) plain += a[i] * ones[i];
        assertEquals(0.0, plain, 0);
        assertEquals(6.0, Dot.dot(a, ones, 9), 0);
    }

    @Test
    void multiplyIsRowDots() {
        double[][] m = {{1, 2}, {3, 4}, {0, -1}};
        assertArrayEquals(new double[] {-3, -5, 2}, Dot.multiply(m, new double[] {1, -2}), 0);
    }
}
