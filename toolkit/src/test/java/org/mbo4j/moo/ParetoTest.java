package org.mbo4j.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ParetoTest {

    @Test
    void twoObjectiveRanksByHand() {
        double[][] pts = {{6, 6}, {1, 5}, {2, 2}, {5, 1}, {3, 3}, {4, 4}, {2, 2}, {1, 6}};
        // (1,6) is dominated by (1,5); duplicates (2,2) share front 0
        assertArrayEquals(new int[] {3, 0, 0, 0, 1, 2, 0, 1}, Pareto.frontRanks(pts));
        assertArrayEquals(new int[] {1, 2, 3, 6}, Pareto.nonDominated(pts));
    }

    @Test
    void threeObjectiveRanksByHand() {
        double[][] pts = {{1, 1, 1}, {0, 2, 1}, {0, 0, 0}, {2, 0, 1}, {2, 2, 2}, {0, 2, 0}};
        // (0,0,0) dominates everything else; (0,2,0) dominates (0,2,1) and (2,2,2)
        assertArrayEquals(new int[] {1, 2, 0, 1, 3, 1}, Pareto.frontRanks(pts));
    }

    @Test
    void ranksMatchBruteForcePeelingOnRandomSets() {
        Random rng = new Random(11);
        for (int m = 2; m <= 4; m++) {
            for (int rep = 0; rep < 6; rep++) {
                int n = 50 + rng.nextInt(400);
                double[][] pts = new double[n][m];
                for (double[] p : pts) {
                    for (int j = 0; j < m; j++) p[j] = rep % 2 == 0 ? rng.nextInt(7) : rng.nextGaussian();
                }
                assertArrayEquals(bruteForceRanks(pts), Pareto.frontRanks(pts), "m=" + m + " rep=" + rep);
            }
        }
    }

    /** Deb's definition: front k = points not dominated by any point outside fronts 0..k−1. */
    private static int[] bruteForceRanks(double[][] pts) {
        int n = pts.length;
        int[] rank = new int[n];
        Arrays.fill(rank, -1);
        int assigned = 0;
        for (int k = 0; assigned < n; k++) {
            boolean[] inFront = new boolean[n];
            for (int i = 0; i < n; i++) {
                if (rank[i] >= 0) continue;
                boolean dominated = false;
                for (int o = 0; o < n && !dominated; o++) dominated = rank[o] < 0 && Pareto.dominates(pts[o], pts[i]);
                inFront[i] = !dominated;
            }
            for (int i = 0; i < n; i++) {
                if (inFront[i]) {
                    rank[i] = k;
                    assigned++;
                }
            }
        }
        return rank;
    }

    @Test
    @Timeout(20) // the O(N²) scan this replaced took ~17 s on one 3-objective front of 60,000 points
    void sixtyThousandPointsOnOneThreeObjectiveFrontSortQuickly() {
        Random rng = new Random(2);
        double[][] pts = new double[60_000][];
        for (int i = 0; i < pts.length; i++) {
            double a = Math.abs(rng.nextGaussian());
            double b = Math.abs(rng.nextGaussian());
            double c = Math.abs(rng.nextGaussian());
            double norm = Math.sqrt(a * a + b * b + c * c);
            pts[i] = new double[] {a / norm, b / norm, c / norm};
        }
        double[][] withDominated = Arrays.copyOf(pts, 60_001);
        withDominated[60_000] = new double[] {1, 1, 1};
        int[] rank = Pareto.frontRanks(withDominated);
        for (int i = 0; i < 60_000; i++) assertEquals(0, rank[i]);
        assertEquals(1, rank[60_000]);
    }

    @Test
    void crowdingDistanceByHand() {
        double[][] front = {{0, 4}, {1, 2}, {2, 1}, {4, 0}};
        double inf = Double.POSITIVE_INFINITY;
        // (1,2): ((2-0)/4 + (4-1)/4)/2 ; (2,1): ((4-1)/4 + (2-0)/4)/2
        assertArrayEquals(new double[] {inf, 0.625, 0.625, inf}, Pareto.crowdingDistance(front), 1e-12);
        // a duplicate gets 0 and is ignored by the others: (1,2) then sees (0,4) and (4,0)
        double[][] dup = {{0, 4}, {1, 2}, {1, 2}, {4, 0}};
        assertArrayEquals(new double[] {inf, 1.0, 0.0, inf}, Pareto.crowdingDistance(dup), 1e-12);
        // an objective with one value contributes nothing
        double[][] flat = {{0, 1}, {1, 1}, {3, 1}};
        assertArrayEquals(new double[] {inf, 0.5, inf}, Pareto.crowdingDistance(flat), 1e-12);
    }

    @Test
    void selectBestTakesWholeFrontsThenTheLeastCrowded() {
        double[][] pts = {{3, 3.5}, {2, 4}, {0, 3}, {5, 1}, {9, 9}, {1, 5}, {3, 0}};
        // front 0 = {2, 6}; front 1 = {0, 1, 3, 5} with crowding (3,3.5) 0.75, (2,4) 0.4375, extremes ∞
        assertArrayEquals(new int[] {2, 6}, Pareto.selectBest(pts, 2));
        assertArrayEquals(new int[] {2, 6, 3, 5}, Pareto.selectBest(pts, 4));
        assertArrayEquals(new int[] {2, 6, 3, 5, 0}, Pareto.selectBest(pts, 5));
        assertArrayEquals(new int[] {2, 6, 0, 1, 3, 5, 4}, Pareto.selectBest(pts, 7));
        assertArrayEquals(new int[0], Pareto.selectBest(pts, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> Pareto.selectBest(pts, 8));
        assertEquals("cannot select 8 of 7 points; ask for between 0 and 7", e.getMessage());
    }

    @Test
    void raggedInputIsNamed() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Pareto.frontRanks(new double[][] {{1, 2}, {1, 2, 3}}));
        assertEquals("point 1 has 3 objectives but point 0 has 2", e.getMessage());
    }
}
