package org.mbo4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void linearMatchesNumpy() {
        // np.percentile([1, 2, 3, 4], 50) = 2.5 ; np.percentile([1,2,3,4,10], 40) = 2.6
        assertEquals(2.5, Percentiles.linear(new double[] {4, 1, 3, 2}, 50), 1e-12);
        assertEquals(2.6, Percentiles.linear(new double[] {10, 1, 3, 2, 4}, 40), 1e-12);
        assertEquals(10, Percentiles.linear(new double[] {10, 1, 3, 2, 4}, 100), 0);
    }

    @Test
    void nearestFollowsTfpDescendingRoundHalfEven() {
        // 128 values 0..127: tfp sorts descending, index rint(127 * 0.5) = rint(63.5) = 64 -> value 127 - 64 = 63
        double[] v = new double[128];
        for (int i = 0; i < v.length; i++) v[i] = i;
        assertEquals(63, Percentiles.nearest(v, 50), 0);
        assertEquals(127, Percentiles.nearest(v, 100), 0);
        assertEquals(0, Percentiles.nearest(v, 0), 0);
        // 5 values: index rint(4 * 0.5) = 2 -> the middle
        assertEquals(3, Percentiles.nearest(new double[] {5, 1, 3, 2, 4}, 50), 0);
    }

    @Test
    void badInput() {
        var e = assertThrows(IllegalArgumentException.class, () -> Percentiles.nearest(new double[0], 50));
        assertEquals("percentile of an empty array", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Percentiles.linear(new double[] {1}, 101));
    }
}
