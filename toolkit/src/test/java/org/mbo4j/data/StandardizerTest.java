package org.mbo4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StandardizerTest {
    @Test
    void ordinaryColumnsGiveTheHandComputedPopulationZScores() {
        // column 0: 1, 2, 3, 6 → mean 3, variance (4 + 1 + 0 + 9)/4 = 3.5; column 1 constant → std 1
        Standardizer s = Standardizer.fit(new double[][] {{1, 5}, {2, 5}, {3, 5}, {6, 5}});
        assertEquals(3.0, s.mean(0));
        assertEquals(Math.sqrt(3.5), s.std(0));
        assertEquals(5.0, s.mean(1));
        assertEquals(1.0, s.std(1));
        assertArrayEquals(new double[] {3 / Math.sqrt(3.5), 0}, s.apply(new double[] {6, 5}));
        assertArrayEquals(new double[] {6, 5}, s.invert(s.apply(new double[] {6, 5})), 1e-15);
    }

    @Test
    void columnsUpToThePlainLimitGiveExactlyTheTextbookArithmetic() {
        // the scaled path is only for huge columns: every existing method sees bit-identical targets
        SplittableRandom r = new SplittableRandom(3);
        double[][] rows = new double[257][3];
        for (double[] row : rows) {
            row[0] = r.nextGaussian();
            row[1] = r.nextGaussian() * 1e6 + 4e6;
            row[2] = (r.nextDouble() * 2 - 1) * Standardizer.PLAIN_LIMIT;
        }
        Standardizer s = Standardizer.fit(rows);
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (double[] row : rows) mean += row[j];
            mean /= rows.length;
            double var = 0;
            for (double[] row : rows) var += (row[j] - mean) * (row[j] - mean);
            double std = Math.sqrt(var / rows.length);
            assertEquals(mean, s.mean(j), 0.0, "mean " + j);
            assertEquals(std, s.std(j), 0.0, "std " + j);
            for (double[] row : rows) {
                assertEquals((row[j] - mean) / std, s.apply(row)[j], 0.0);
                assertEquals(row[j] * std + mean, s.invert(row)[j], 0.0);
            }
        }
    }

    @Test
    void columnsNearTheLargestDoubleGiveFiniteStatisticsAndZScores() {
        // ±1e308: the textbook sum of squares is 4e616 = ∞, so std was ∞ and every z-score 0
        Standardizer pm = Standardizer.fit(new double[][] {{-1e308}, {1e308}, {-1e308}, {1e308}});
        assertEquals(0.0, pm.mean(0));
        assertEquals(1e308, pm.std(0));
        assertArrayEquals(new double[] {1}, pm.apply(new double[] {1e308}));
        assertArrayEquals(new double[] {-1}, pm.apply(new double[] {-1e308}));
        // three at 1.7e308 and one at −1.7e308: the textbook sum overflows; v/s = 1, 1, 1, −1 → mean 0.5, variance
        // 0.75, and the negative row's z = (−1 − 0.5)/√0.75 = −√3 (v − mean, −2.55e308, is not a double)
        double big = 1.7e308;
        Standardizer s = Standardizer.fit(new double[][] {{big}, {big}, {big}, {-big}});
        assertEquals(0.5 * big, s.mean(0), 1e293);
        assertEquals(Math.sqrt(0.75) * big, s.std(0), 1e293);
        assertEquals(-Math.sqrt(3), s.apply(new double[] {-big})[0], 1e-15);
        assertEquals(1 / Math.sqrt(3), s.apply(new double[] {big})[0], 1e-15);
        assertEquals(-big, s.invert(new double[] {-Math.sqrt(3)})[0], 1e293, "inverse of a data z-score");
        assertEquals(Double.POSITIVE_INFINITY, s.invert(new double[] {3})[0], "3 std above: beyond the doubles");
        // a constant huge column: z-scores 0, std its magnitude
        Standardizer c = Standardizer.fit(new double[][] {{-big}, {-big}});
        assertEquals(-big, c.mean(0));
        assertEquals(big, c.std(0));
        assertEquals(0.0, c.apply(new double[] {-big})[0]);
        SplittableRandom r = new SplittableRandom(5);
        double[][] rows = new double[1000][1];
        for (double[] row : rows) row[0] = (r.nextDouble() * 2 - 1) * Double.MAX_VALUE;
        Standardizer wide = Standardizer.fit(rows);
        assertTrue(Double.isFinite(wide.mean(0)) && wide.std(0) > 0 && Double.isFinite(wide.std(0)));
        for (double[] row : rows) assertTrue(Math.abs(wide.apply(row)[0]) < 2, "uniform data lie within √3 std");
    }
}
