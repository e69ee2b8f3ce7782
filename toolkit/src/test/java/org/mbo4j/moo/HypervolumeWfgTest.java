package org.mbo4j.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** WFG behind {@link Hypervolume#compute} for m ≥ 4: hand-computed unions, the slicing reference, speed. */
class HypervolumeWfgTest {

    @Test
    void fourObjectiveThreeBoxesByInclusionExclusion() {
        double[][] pts = {{0, 0, 1, 1}, {1, 1, 0, 0}, {0.5, 0.5, 0.5, 0.5}};
        // boxes 4, 4, 1.5^4 = 5.0625; pairwise a∩b = [1,2]^4 = 1, a∩c = b∩c = 1.5·1.5·1·1 = 2.25; a∩b∩c = 1
        // union = 4 + 4 + 5.0625 − 1 − 2.25 − 2.25 + 1 = 8.5625
        assertEquals(8.5625, Hypervolume.compute(pts, new double[] {2, 2, 2, 2}), 1e-12);
    }

    @Test
    void fiveObjectiveTwoBoxesByInclusionExclusion() {
        double[][] pts = {{0, 1, 0, 1, 0}, {1, 0, 1, 0, 1}};
        double[] ref = {2, 3, 2, 3, 2};
        // boxes 2·2·2·2·2 = 32 and 1·3·1·3·1 = 9, meeting in (1,1,1,1,1)..ref = 1·2·1·2·1 = 4: union 37
        assertEquals(37.0, Hypervolume.compute(pts, ref), 1e-12);
        // a dominated point, a duplicate and a point on the reference point's face change nothing
        double[][] noisy = {{1, 1, 1, 1, 1}, pts[1], pts[0], {0, 0, 0, 0, 2}, pts[1].clone()};
        assertEquals(37.0, Hypervolume.compute(noisy, ref), 1e-12);
    }

    @Test
    void sixObjectiveBoxAndNestedPoint() {
        double[] ref = {1, 2, 1, 2, 1, 2};
        assertEquals(8.0, Hypervolume.compute(new double[][] {{0, 0, 0, 0, 0, 0}}, ref), 1e-12);
        // boxes 1·2·1·2·1·1 = 4 and 0.5·1·0.5·1·0.5·2 = 0.25 meeting in (0.5, 1, 0.5, 1, 0.5, 1)..ref = 0.125
        double[][] two = {{0, 0, 0, 0, 0, 1}, {0.5, 1, 0.5, 1, 0.5, 0}};
        assertEquals(4.125, Hypervolume.compute(two, ref), 1e-12);
        // nested: the second point dominates the first, so the union is its box 1·2·1·2·1·1.5
        assertEquals(6.0, Hypervolume.compute(new double[][] {{0, 0, 0, 0, 0, 1.5}, {0, 0, 0, 0, 0, 0.5}}, ref), 1e-12);
    }

    @Test
    void agreesWithTheSlicingReferenceOnLargerFronts() {
        // n = 100 at m = 4 and 5, n = 40 at m = 6 (slicing's n^(m−2) cost)
        for (int m = 4; m <= 6; m++) {
            for (long seed = 1; seed <= 3; seed++) {
                double[][] pts = randomFront(new Random(seed * 10 + m), m == 6 ? 40 : 100, m);
                double[] ref = filled(m, 1.1);
                double sliced = Hypervolume.sliced(pts, ref);
                assertEquals(sliced, Hypervolume.compute(pts, ref), 1e-12 * sliced, "m=" + m + " seed=" + seed);
                assertTrue(sliced > 0.5, "m=" + m + " seed=" + seed + ": volume " + sliced);
            }
        }
        // a grid with many ties and duplicates, some on the reference point's faces
        Random rng = new Random(7);
        double[][] grid = new double[120][5];
        for (double[] p : grid) for (int j = 0; j < 5; j++) p[j] = rng.nextInt(6) / 5.0;
        double[] ref = filled(5, 1.0);
        assertEquals(Hypervolume.sliced(grid, ref), Hypervolume.compute(grid, ref), 1e-12);
    }

    /** 256 points on a random 6-objective front in under 5 s (a loose bound for a busy CI machine). */
    @Test
    void twoHundredFiftySixPointsAtSixObjectivesIsFast() {
        double[][] pts = randomFront(new Random(2024), 256, 6);
        long t0 = System.nanoTime();
        double hv = Hypervolume.compute(pts, filled(6, 1.1));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 5, "256 points at m = 6 took " + seconds + " s");
        // at most the cube minus the unit ball's positive orthant (π³/6 / 2⁶), which no point on the sphere dominates
        double bound = Math.pow(1.1, 6) - Math.pow(Math.PI, 3) / 384;
        assertTrue(hv > 1 && hv < bound, "hv " + hv + " against the sphere's bound " + bound);
        // the order of the points does not matter
        double[][] reversed = new double[pts.length][];
        for (int i = 0; i < pts.length; i++) reversed[i] = pts[pts.length - 1 - i];
        assertEquals(hv, Hypervolume.compute(reversed, filled(6, 1.1)), 1e-12);
    }

    /**
     * Timings for the report: {@code -Dmbo4j.wfgTiming=true} prints the thread CPU seconds and wall seconds for 256
     * points at m = 4, 5, 6 (best of three after one warm-up).
     */
    @Test
    void timings() {
        if (!Boolean.getBoolean("mbo4j.wfgTiming")) return;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int m = 4; m <= 6; m++) {
            double[][] pts = randomFront(new Random(2024), 256, m);
            double[] ref = filled(m, 1.1);
            double cpu = Double.MAX_VALUE;
            double wall = Double.MAX_VALUE;
            double hv = 0;
            for (int rep = 0; rep < 4; rep++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                hv = Hypervolume.compute(pts, ref);
                if (rep == 0) continue;
                cpu = Math.min(cpu, (threads.getCurrentThreadCpuTime() - c0) / 1e9);
                wall = Math.min(wall, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf("WFG m=%d n=256: %.4f s CPU, %.4f s wall (hv %.12f)%n", m, cpu, wall, hv);
        }
    }

    /**
     * n points: |N(0, 1)| vectors normalised onto the unit sphere's positive orthant, the first n / 3 pushed up by
     * U(0, 0.5) per objective (dominated noise), as {@code crosscheck/hypervolume_pymoo.py}'s "front" sets.
     */
    static double[][] randomFront(Random rng, int n, int m) {
        double[][] pts = new double[n][m];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < m; j++) {
                pts[i][j] = Math.abs(rng.nextGaussian());
                norm += pts[i][j] * pts[i][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < m; j++) {
                pts[i][j] /= norm;
                if (i < n / 3) pts[i][j] += rng.nextDouble() * 0.5;
            }
        }
        return pts;
    }

    private static double[] filled(int m, double v) {
        double[] a = new double[m];
        Arrays.fill(a, v);
        return a;
    }
}
