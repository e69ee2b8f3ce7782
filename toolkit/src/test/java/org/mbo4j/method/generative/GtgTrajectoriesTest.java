package org.mbo4j.method.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GtgTrajectoriesTest {
    @Test
    void percentileIsNumpysLinearOne() {
        // np.percentile([1, 2, 3, 4, 10], 20) = 1 + 0.8·(2 − 1) = 1.8; 50 → 3; 100 → 10
        double[] v = {4, 1, 10, 3, 2};
        assertEquals(1.8, SortedTrajectories.percentile(v, 20), 1e-12);
        assertEquals(3.0, SortedTrajectories.percentile(v, 50), 0);
        assertEquals(10.0, SortedTrajectories.percentile(v, 100), 0);
    }

    @Test
    void nearestBreaksTiesByRowAndMarksPersistPerRow() {
        // Hamming distances from row 0 = (0, 0): row 1 (0, 1) → 1, row 2 (1, 0) → 1, row 3 (1, 1) → 2
        double[][] x = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        var d = new GtgTrajectories.MaskedDistances(x, true);
        assertArrayEquals(new int[] {0, 1, 2}, d.nearest(0, null, 3));
        assertArrayEquals(new int[] {2, 3}, d.nearest(0, List.of(3, 2), 2));
        d.mark(0, List.of(0, 1));
        // row 0's distances to 0 and 1 are now 1000; row 1's own distances are unchanged (only row 0 was written)
        assertEquals(1000.0, d.distance(0, 1), 0);
        assertEquals(1.0, d.distance(1, 0), 0);
        assertArrayEquals(new int[] {2, 3, 0, 1}, d.nearest(0, null, 4));
        var e = new GtgTrajectories.MaskedDistances(new double[][] {{0, 0}, {3, 4}}, false);
        assertEquals(5.0, e.distance(0, 1), 0);
    }

    @Test
    void aLoneCandidateFallsBackToTheBestOfTheNearest() {
        // values: row 3 is the best by far, so from it only row 3 itself is within ε of the best: the walk takes the
        // best-valued row among the k nearest (k = 2): rows 2 (value 0.5) and 1 (value 0.4) → row 2
        double[][] x = {{0}, {1}, {2}, {3}};
        double[] v = {0.1, 0.4, 0.5, 0.9};
        var s = new GtgTrajectories.Settings(1, 3, 2, 0.05, 100); // starts at the 100th percentile: row 3
        var w = GtgTrajectories.construct(x, v, false, s, 0);
        assertArrayEquals(new int[] {3, 2, 1}, w.rows()[0]);
        // step 2 from row 2: rows 3 and 2 are marked (visited), so the 2 nearest are 1 (distance 1) and 0 (2): row 1
        assertArrayEquals(new double[] {0.9, 0.5, 0.4}, w.values()[0]);
    }

    @Test
    void walksClimbWithinEpsilonAndAreDeterministicPerSeed() {
        SplittableRandom r = new SplittableRandom(4);
        int n = 300;
        double[][] x = new double[n][6];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 6; j++) x[i][j] = r.nextInt(4);
            v[i] = r.nextDouble();
        }
        var s = new GtgTrajectories.Settings(20, 16, 10, 0.05, 20);
        var w = GtgTrajectories.construct(x, v, true, s, 7);
        double start = SortedTrajectories.percentile(v, 20);
        for (int k = 0; k < 20; k++) {
            assertTrue(v[w.rows()[k][0]] >= start, "start of walk " + k);
            double best = v[w.rows()[k][0]];
            for (int t = 1; t < 16; t++) {
                int row = w.rows()[k][t];
                assertEquals(v[row], w.values()[k][t], 0);
                // with hundreds of uniform values there is always more than one candidate: each step stays within ε
                assertTrue(v[row] >= best - 0.05, "walk " + k + " step " + t);
                best = Math.max(best, v[row]);
            }
        }
        var again = GtgTrajectories.construct(x, v, true, s, 7);
        assertArrayEquals(w.rows(), again.rows());
        var other = GtgTrajectories.construct(x, v, true, s, 8);
        assertTrue(!java.util.Arrays.deepEquals(w.rows(), other.rows()));
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertEquals(
                "k must be ≥ 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new GtgTrajectories.Settings(1, 2, 0, 0.05, 20))
                        .getMessage());
        assertEquals(
                "the start percentile must be in [0, 100], got 120.0",
                assertThrows(IllegalArgumentException.class, () -> new GtgTrajectories.Settings(1, 2, 3, 0.05, 120))
                        .getMessage());
        assertEquals(new GtgTrajectories.Settings(1000, 64, 50, 0.05, 20), GtgTrajectories.Settings.tfbind8());
    }
}
