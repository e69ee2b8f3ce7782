package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        for (int it = 0; it < iterations && !es.converged(); it++) {
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
}
