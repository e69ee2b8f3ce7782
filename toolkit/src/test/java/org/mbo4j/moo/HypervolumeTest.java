package org.mbo4j.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HypervolumeTest {

    @Test
    void twoObjectiveStaircaseByHand() {
        double[][] front = {{1, 3}, {2, 2}, {3, 1}};
        // strips: (4-1)(4-3) + (4-2)(3-2) + (4-3)(2-1) = 3 + 2 + 1
        assertEquals(6.0, Hypervolume.compute(front, new double[] {4, 4}), 1e-12);
        double[][] withNoise = {{3, 3}, {1, 3}, {5, 0}, {2, 2}, {4, 0}, {3, 1}, {2, 2}, {0, 4}};
        // (3,3) dominated, (5,0) beyond ref, (4,0) and (0,4) on the ref boundary, (2,2) duplicated
        assertEquals(6.0, Hypervolume.compute(withNoise, new double[] {4, 4}), 1e-12);
    }

    @Test
    void threeAndFourObjectivesByHand() {
        assertEquals(6.0, Hypervolume.compute(new double[][] {{0, 0, 0}}, new double[] {1, 2, 3}), 1e-12);
        // boxes 2·2·1 = 4 and 1·1·2 = 2 overlapping in [1,2]^3 = 1
        assertEquals(5.0, Hypervolume.compute(new double[][] {{0, 0, 1}, {1, 1, 0}}, new double[] {2, 2, 2}), 1e-12);
        // boxes 8 and 2 overlapping in [1,2]^4 = 1
        assertEquals(
                9.0,
                Hypervolume.compute(new double[][] {{0, 0, 0, 1}, {1, 1, 1, 0}}, new double[] {2, 2, 2, 2}),
                1e-12);
        assertEquals(0.5, Hypervolume.compute(new double[][] {{1.5}, {3}}, new double[] {2}), 1e-12);
    }

    @Test
    void emptyAndOutsideSetsHaveZeroVolume() {
        assertEquals(0.0, Hypervolume.compute(new double[0][], new double[] {1, 1}));
        assertEquals(0.0, Hypervolume.compute(new double[][] {{1, 0.5, 0}, {2, 0, 0}}, new double[] {1, 1, 1}));
    }

    @Test
    void agreesWithInclusionExclusionOnRandomSets() {
        Random rng = new Random(3);
        for (int m = 2; m <= 5; m++) {
            for (int rep = 0; rep < 20; rep++) {
                int n = 1 + rng.nextInt(9);
                double[][] pts = new double[n][m];
                for (double[] p : pts) {
                    for (int j = 0; j < m; j++) p[j] = rep % 3 == 0 ? rng.nextInt(4) / 3.0 : rng.nextDouble() * 1.2;
                }
                double[] ref = new double[m];
                Arrays.fill(ref, 1.0);
                assertEquals(
                        inclusionExclusion(pts, ref), Hypervolume.compute(pts, ref), 1e-12, "m=" + m + " rep=" + rep);
            }
        }
    }

    /** HV = Σ over non-empty subsets S of (−1)^{|S|+1} · volume of the intersection of their boxes. */
    private static double inclusionExclusion(double[][] pts, double[] ref) {
        int n = pts.length;
        int m = ref.length;
        double total = 0;
        for (int mask = 1; mask < (1 << n); mask++) {
            double vol = 1;
            for (int j = 0; j < m; j++) {
                double hi = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) if ((mask & (1 << i)) != 0) hi = Math.max(hi, pts[i][j]);
                vol *= Math.max(0, ref[j] - hi);
            }
            total += (Integer.bitCount(mask) % 2 == 1 ? 1 : -1) * vol;
        }
        return total;
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Hypervolume.compute(new double[][] {{1, 2, 3}}, new double[] {4, 4}));
        assertEquals("point 0 has 3 objectives but the reference point has 2", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Hypervolume.compute(new double[][] {{1, 2}}, new double[] {4, Double.NaN}));
        assertEquals("reference point coordinate 1 is NaN; it must be finite", e.getMessage());
    }
}
