package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CmaEvolutionStrategyTest {
    /** f(x) = Σ 10^{i/(n-1)}·(xᵢ − i)², an ill-conditioned quadratic with optimum xᵢ = i. */
    private static double ellipsoid(double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += Math.pow(10, (double) i / (x.length - 1)) * (x[i] - i) * (x[i] - i);
        return s;
    }

    private static CmaEvolutionStrategy run(long seed, int iterations) {
        CmaEvolutionStrategy es = new CmaEvolutionStrategy(new double[8], 0.5, seed);
        for (int it = 0; it < iterations && !es.stopped(); it++) {
            double[][] xs = es.ask();
            double[] f = new double[xs.length];
            for (int k = 0; k < xs.length; k++) f[k] = ellipsoid(xs[k]);
            es.tell(f);
        }
        return es;
    }

    @Test
    void findsTheOptimumOfAnIllConditionedQuadratic() {
        CmaEvolutionStrategy es = run(1, 600);
        assertEquals(4 + (int) Math.floor(3 * Math.log(8)), es.populationSize());
        double[] best = es.best();
        for (int i = 0; i < 8; i++) assertEquals(i, best[i], 1e-4);
        assertTrue(es.bestFitness() < 1e-8, "f = " + es.bestFitness());
    }

    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() {
        assertArrayEquals(run(7, 40).best(), run(7, 40).best(), 0);
        assertTrue(run(7, 40).bestFitness() != run(8, 40).bestFitness());
    }

    @Test
    void tellRequiresOneFitnessPerCandidate() {
        CmaEvolutionStrategy es = new CmaEvolutionStrategy(new double[3], 1, 0);
        es.ask();
        var e = assertThrows(IllegalArgumentException.class, () -> es.tell(new double[2]));
        assertEquals("expected 7 fitness values, got 2", e.getMessage());
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
    }

    /**
     * Strategy parameters for TFBind8's 24 logits (λ = 13) equal pycma 3.2.2's ({@code es.sp.weights}, incl. the
     * active update's negative weights; printed by {@code crosscheck/cma_es_active_pycma.py}).
     */
    @Test
    void weightsEqualPycmasIncludingTheNegativeOnes() {
        CmaEvolutionStrategy es = new CmaEvolutionStrategy(new double[24], 0.5, 0);
        assertClose(
                new double[] {
                    0.3818347890600878,
                    0.24582249290900893,
                    0.1662604000236473,
                    0.10981019675793004,
                    0.0660240173767575,
                    0.03024810387256846,
                    0.0,
                    -0.08093809345409644,
                    -0.15233055151128025,
                    -0.21619328142876085,
                    -0.273964147803388,
                    -0.32670481667485857,
                    -0.3752215289375438
                },
                es.weights(),
                1e-12,
                "weights");
    }

    /**
     * Two generations with fixed candidates and fitness (n = 3, λ = 7, x₀ = (0.5, −1, 2), σ₀ = 0.7) leave mean,
     * σ and C exactly where pycma 3.2.2 leaves them ({@code es.tell(solutions, f)}; values printed by
     * {@code crosscheck/cma_es_active_pycma.py}). The worst three candidates carry negative weights, so C is
     * shaped by the active update: without it C would differ in the second decimal.
     */
    @Test
    void twoGenerationsWithFixedCandidatesMatchPycma() {
        CmaEvolutionStrategy es = new CmaEvolutionStrategy(new double[] {0.5, -1.0, 2.0}, 0.7, 1);
        assertEquals(7, es.populationSize());
        assertClose(
                new double[] {
                    0.5856451065097651,
                    0.29282255325488254,
                    0.12153234023535246,
                    0.0,
                    -0.42412694184317423,
                    -0.7706638857059223,
                    -1.0636566969842556
                },
                es.weights(),
                1e-12,
                "weights");
        es.tell(
                new double[][] {
                    {0.9, -0.7, 2.3},
                    {0.1, -1.4, 1.5},
                    {1.2, -0.2, 2.9},
                    {-0.4, -1.9, 2.2},
                    {0.6, -1.1, 1.1},
                    {0.3, 0.2, 2.6},
                    {1.5, -2.0, 1.8}
                },
                new double[] {3.0, 1.0, 6.0, 2.0, 0.5, 5.0, 4.0});
        assertClose(
                new double[] {0.3320563831372063, -1.2850726381647468, 1.350814595560841}, es.mean(), 1e-12, "mean 1");
        assertEquals(0.6665852358584405, es.sigma(), 1e-12, "sigma 1");
        double[][] c1 = {
            {0.9197168165106471, 0.037197526536728254, -0.016260727503274758},
            {0.037197526536728254, 0.7991185691292715, -0.07523762637511855},
            {-0.016260727503274758, -0.07523762637511855, 1.0943285966527303}
        };
        for (int i = 0; i < 3; i++) assertClose(c1[i], es.covariance()[i], 1e-12, "C 1 row " + i);
        es.tell(
                new double[][] {
                    {0.2, -1.5, 1.0},
                    {0.8, -0.9, 1.6},
                    {-0.3, -1.2, 0.7},
                    {0.5, -2.1, 1.4},
                    {1.1, -1.6, 0.4},
                    {0.0, -0.6, 1.9},
                    {0.4, -1.0, 1.2}
                },
                new double[] {2.5, 4.0, 1.5, 0.2, 3.3, 6.1, 0.9});
        assertClose(
                new double[] {0.37349187248622984, -1.668516085207812, 1.2563628511842768}, es.mean(), 1e-12, "mean 2");
        assertEquals(0.635726964854219, es.sigma(), 1e-12, "sigma 2");
        double[][] c2 = {
            {0.7952411300247753, 0.030146665800585833, 0.03428810404688959},
            {0.030146665800585833, 0.8048716139775023, -0.1342551417110527},
            {0.03428810404688959, -0.1342551417110527, 1.015700524304549}
        };
        for (int i = 0; i < 3; i++) assertClose(c2[i], es.covariance()[i], 1e-12, "C 2 row " + i);
        assertEquals(new double[] {0.5, -2.1, 1.4}[1], es.best()[1], 0, "best = the f = 0.2 candidate");
        assertEquals(0.2, es.bestFitness(), 0);
    }

    /**
     * On a linear function (what a ReLU-type surrogate becomes far from the data) the search diverges and stops on
     * pycma's {@code tolfacupx} (σ·√C_ii &gt; 10³·σ₀). pycma 3.2.2, 24 dimensions, σ₀ = 0.5, 30 seeds: stop at
     * iteration 52–70, quartiles 59 / 61 / 64 ({@code crosscheck/cma_es_active_pycma.py}).
     */
    @Test
    void divergingSearchStopsOnTolfacupxWhenPycmaDoes() {
        int[] stops = new int[30];
        for (int s = 0; s < stops.length; s++) {
            CmaEvolutionStrategy es = new CmaEvolutionStrategy(new double[24], 0.5, 500 + s);
            while (!es.stopped() && es.generation() < 1000) {
                double[][] xs = es.ask();
                double[] f = new double[xs.length];
                for (int k = 0; k < xs.length; k++) f[k] = -Arrays.stream(xs[k]).sum();
                es.tell(f);
            }
            assertEquals("tolfacupx", es.stopReason(), "seed " + s);
            stops[s] = es.generation();
        }
        Arrays.sort(stops);
        double median = (stops[14] + stops[15]) / 2.0;
        assertTrue(median >= 58 && median <= 64, "median stopping iteration " + median + " (pycma: 61)");
        assertTrue(stops[0] >= 48 && stops[29] <= 75, "range " + stops[0] + "–" + stops[29] + " (pycma: 52–70)");
    }

    @Test
    void tellWithCandidatesChecksTheirShape() {
        CmaEvolutionStrategy es = new CmaEvolutionStrategy(new double[3], 1, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> es.tell(new double[6][3], new double[6]));
        assertEquals("expected 7 candidates, got 6", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> es.tell(new double[7][2], new double[7]));
        assertEquals("candidate 0 has 2 coordinates, expected 3", e2.getMessage());
    }

    @Test
    void aCollapsedSearchStopsOnTolx() {
        CmaEvolutionStrategy es = run(1, 5000);
        assertTrue(es.stopped());
        assertTrue(
                es.stopReason().equals("tolx")
                        || es.stopReason().equals("tolfun")
                        || es.stopReason().startsWith("noeffect"),
                es.stopReason());
    }
}
