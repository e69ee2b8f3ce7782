package org.mbo4j.task.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbo4j.moo.Hypervolume;

class NsgaIIDataCollectorTest {
    private static final double[] REF = {1.1, 8};

    private static double hv(NsgaIIDataCollector c, long seed) {
        return Hypervolume.compute(c.collect(SyntheticSuite.zdt1(), 3000, seed).y(), REF);
    }

    @Test
    void plainNsgaIIImprovesAndTheAmateurSurvivalHoldsItBack() {
        // one run of 30 generations: 3000 records
        double random = Hypervolume.compute(
                NsgaIIDataCollector.of(100, 1, 0)
                        .collect(SyntheticSuite.zdt1(), 100, 1)
                        .y(),
                REF);
        double plain = hv(NsgaIIDataCollector.of(100, 30, 0.0), 1);
        double offMoo = hv(NsgaIIDataCollector.offMooBench(), 1);
        double worst = hv(NsgaIIDataCollector.of(100, 30, 1.0), 1);
        assertTrue(
                plain > offMoo && offMoo > worst && worst >= random,
                "plain " + plain + ", p=0.45 " + offMoo + ", p=1 " + worst + ", random " + random);
    }

    @Test
    void recordsAreSeededInTheBoxAndConsistent() {
        var a = NsgaIIDataCollector.offMooBench().collect(SyntheticSuite.dtlz2(), 3500, 9);
        var b = NsgaIIDataCollector.offMooBench().collect(SyntheticSuite.dtlz2(), 3500, 9);
        assertEquals(3500, a.x().length);
        assertTrue(Arrays.deepEquals(a.x(), b.x()));
        for (int i = 0; i < a.x().length; i++) {
            assertTrue(SyntheticSuite.dtlz2().domain().contains(a.x()[i]), "row " + i);
            assertTrue(Arrays.equals(SyntheticSuite.dtlz2().evaluate(a.x()[i]), a.y()[i]), "row " + i);
        }
    }

    @Test
    void badSettingsAreNamed() {
        assertEquals(
                "the population size must be an even number ≥ 4, got 7",
                assertThrows(IllegalArgumentException.class, () -> NsgaIIDataCollector.of(7, 30, 0.45))
                        .getMessage());
        assertEquals(
                "the amateur survival probability must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> NsgaIIDataCollector.of(100, 30, 1.5))
                        .getMessage());
    }
}
