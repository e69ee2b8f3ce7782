package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * BoTorch's start selection ({@code initialize_q_batch_nonneg}, the same in 0.3.3 and 0.8.5), the joint L-BFGS-B of
 * the starts, and the two maximisers built on them.
 */
class AcquisitionMaximiserTest {
    private static double[][] points(int n) {
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) x[i] = new double[] {i};
        return x;
    }

    /**
     * Inclusion probabilities of a Boltzmann draw of 2 of 4 points without replacement, the best forced in, match
     * the exact values: weights exp(y/max − 1) = (1, e^−½, e^−½, e^−1 + tiny), drawn one after the other.
     */
    @Test
    void startsAreBoltzmannDrawsWithTheBestAlwaysIn() {
        double[][] x = points(4);
        double[] y = {1.0, 0.5, 0.5, 1e-4};
        double[] w = new double[4];
        for (int i = 0; i < 4; i++) w[i] = Math.exp(y[i] - 1);
        double total = w[0] + w[1] + w[2] + w[3];
        // P(i in the pair) before forcing the best: P(first = i) + Σ_{j≠i} P(first = j) w_i / (total − w_j);
        // forcing replaces the second pick by point 0 when 0 was not drawn
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                if (j == i) continue;
                double pji = w[j] / total * w[i] / (total - w[j]); // first j, then i
                double pij = w[i] / total * w[j] / (total - w[i]); // first i, then j
                boolean zeroIn = i == 0 || j == 0;
                // (first, second): the second is replaced by 0 when neither is 0
                if (zeroIn) {
                    expected[i] += pji + pij;
                } else {
                    expected[i] += pij; // i first survives, j (second) replaced by 0
                }
            }
        }
        expected[0] = 1;
        Random rng = new Random(3);
        int draws = 40_000;
        double[] seen = new double[4];
        for (int r = 0; r < draws; r++) {
            boolean[] random = new boolean[1];
            double[][] s = AcquisitionMaximiser.nonNegativeStarts(x, y, 2, rng, random);
            assertFalse(random[0]);
            assertEquals(2, s.length);
            assertTrue(s[0] != s[1], "drawn without replacement");
            for (double[] p : s) seen[(int) p[0]]++;
        }
        for (int i = 0; i < 4; i++) assertEquals(expected[i], seen[i] / draws, 0.01, "inclusion of point " + i);
        assertEquals(2.0, expected[0] + expected[1] + expected[2] + expected[3], 1e-12);
    }

    @Test
    void pointsBelowAlphaTimesTheBestAreLeftOutUnlessTooFewRemain() {
        double[][] x = points(5);
        double[] y = {1.0, 0.9, 0.8, 1e-5, 0};
        Random rng = new Random(1);
        for (int r = 0; r < 200; r++) {
            double[][] s = AcquisitionMaximiser.nonNegativeStarts(x, y, 3, rng, new boolean[1]);
            Set<Double> picked = new HashSet<>();
            for (double[] p : s) picked.add(p[0]);
            assertEquals(Set.of(0.0, 1.0, 2.0), picked); // 1e-5 < 1e-4 · 1.0
        }
        // four starts: α shrinks to 1e-5, so the 1e-5 point comes in; the zero never does while α·max > 0
        double[][] s = AcquisitionMaximiser.nonNegativeStarts(x, y, 4, rng, new boolean[1]);
        Set<Double> picked = new HashSet<>();
        for (double[] p : s) picked.add(p[0]);
        assertEquals(Set.of(0.0, 1.0, 2.0, 3.0), picked);
    }

    @Test
    void fewPositiveValuesTakeThemAllPlusRandomOthersInTheirOrder() {
        double[][] x = points(6);
        double[] y = {0, 0.3, 0, 0, 0.2, 0};
        boolean[] random = new boolean[1];
        double[][] s = AcquisitionMaximiser.nonNegativeStarts(x, y, 4, new Random(5), random);
        assertFalse(random[0]);
        assertEquals(4, s.length);
        Set<Double> picked = new HashSet<>();
        double last = -1;
        for (double[] p : s) {
            assertTrue(p[0] > last, "X[pos] keeps the raw order");
            last = p[0];
            picked.add(p[0]);
        }
        assertTrue(picked.contains(1.0) && picked.contains(4.0));
        double[][] none = AcquisitionMaximiser.nonNegativeStarts(x, new double[6], 3, new Random(5), random);
        assertTrue(random[0], "all values ≤ 0: random starts");
        assertEquals(3, new HashSet<>(java.util.Arrays.asList(none)).size());
        assertSame(x, AcquisitionMaximiser.nonNegativeStarts(x, y, 6, new Random(5), random));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> AcquisitionMaximiser.nonNegativeStarts(x, y, 7, new Random(5), new boolean[1]));
        assertEquals("cannot pick 7 starts from 6 points", e.getMessage());
    }

    /** Starts optimised jointly on the sum end at each start's own maximiser of a separable concave function. */
    @Test
    void jointOptimisationMovesEveryStartToItsMaximiser() {
        double[] c = {0.3, 0.7};
        LbfgsB.Function f = (x, g) -> {
            double v = 0;
            for (int j = 0; j < 2; j++) {
                v -= (x[j] - c[j]) * (x[j] - c[j]);
                g[j] = -2 * (x[j] - c[j]);
            }
            return v;
        };
        double[][] starts = {{0, 0}, {1, 1}, {0.9, 0.1}};
        LbfgsB.Result r =
                AcquisitionMaximiser.optimiseJointly(f, starts, new double[] {0, 0}, new double[] {1, 1}, 200);
        assertTrue(r.converged(), r.stop().toString());
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(c, java.util.Arrays.copyOfRange(r.x(), 2 * k, 2 * k + 2), 1e-5, "start " + k);
        }
    }

    /** Two bumps in the box: the higher one wins whatever the seed. */
    @Test
    void theBestEndPointWins() {
        LbfgsB.Function f = (x, g) -> {
            double a = Math.exp(-20 * ((x[0] - 0.2) * (x[0] - 0.2) + (x[1] - 0.2) * (x[1] - 0.2)));
            double b = 2 * Math.exp(-20 * ((x[0] - 0.8) * (x[0] - 0.8) + (x[1] - 0.7) * (x[1] - 0.7)));
            g[0] = -40 * (x[0] - 0.2) * a - 40 * (x[0] - 0.8) * b;
            g[1] = -40 * (x[1] - 0.2) * a - 40 * (x[1] - 0.7) * b;
            return a + b;
        };
        for (long seed = 0; seed < 5; seed++) {
            double[] best = AcquisitionMaximiser.maximiseAsBoTorch(
                    x -> f.valueAndGradient(x, new double[2]),
                    f,
                    new double[] {0, 0},
                    new double[] {1, 1},
                    64,
                    4,
                    200,
                    seed);
            assertArrayEquals(new double[] {0.8, 0.7}, best, 1e-4, "seed " + seed);
        }
    }

    /**
     * A q-batch of two points in 2-D, each with its own maximiser of a positive separable acquisition: the joint
     * maximiser (starts in groups of two) returns both maximisers, in the batch's order, whatever the seed.
     */
    @Test
    void theJointBatchMaximiserFindsEveryPointsMaximiser() {
        double[] c = {0.2, 0.7, 0.9, 0.1};
        LbfgsB.Function f = (x, g) -> {
            double v = 4;
            for (int j = 0; j < 4; j++) {
                v -= (x[j] - c[j]) * (x[j] - c[j]);
                g[j] = -2 * (x[j] - c[j]);
            }
            return v;
        };
        int[] calls = new int[1];
        for (long seed = 0; seed < 3; seed++) {
            double[] best = AcquisitionMaximiser.maximiseBatch(
                    x -> {
                        assertEquals(4, x.length, "the value sees whole q-batches");
                        calls[0]++;
                        return f.valueAndGradient(x, new double[4]);
                    },
                    f,
                    new double[] {0, 0},
                    new double[] {1, 1},
                    2,
                    32,
                    4,
                    2,
                    200,
                    seed);
            assertArrayEquals(c, best, 1e-5, "seed " + seed);
        }
        // per seed: 32 raw q-batches scored, then the 4 end batches
        assertEquals(3 * (32 + 4), calls[0]);
    }

    /**
     * A flat (zero) acquisition: one round of raw batches only (BoTorch 0.3.3 never sees the warning that would start
     * more), random starts among them, no start moves, and the first end batch wins, as torch.argmax picks the first.
     */
    @Test
    void aFlatAcquisitionTakesOneRawRoundAndKeepsTheFirstStart() {
        int[] calls = new int[1];
        double[] best = AcquisitionMaximiser.maximiseBatch(
                x -> {
                    calls[0]++;
                    return 0;
                },
                (x, g) -> 0,
                new double[] {-1},
                new double[] {1},
                3,
                16,
                4,
                2,
                200,
                5);
        assertEquals(16 + 4, calls[0], "16 raw batches once, then the 4 end batches");
        double[][] starts = AcquisitionMaximiser.initialConditions(
                x -> 0, new double[] {-1, -1, -1}, new double[] {1, 1, 1}, 16, 4, 1, new Random(5));
        assertArrayEquals(starts[0], best, 0);
    }
}
