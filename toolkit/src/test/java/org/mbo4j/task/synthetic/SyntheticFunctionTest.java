package org.mbo4j.task.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Values at the optimum and at one point computed independently (numpy, or by hand where noted). */
class SyntheticFunctionTest {

    @Test
    void valuesAtTheKnownOptima() {
        for (SyntheticFunction f : List.of(
                new Branin(), new Ackley(8), new Rosenbrock(8), new Levy(8), new Hartmann6(), new StyblinskiTang(8))) {
            assertEquals(f.minimum(), f.value(f.minimizer()), 1e-9, f.name());
            assertTrue(f.domain().contains(f.minimizer()), f.name());
        }
        assertEquals(5 / (4 * Math.PI), new Branin().minimum(), 1e-15);
        assertEquals(5 / (4 * Math.PI), new Branin().value(new double[] {-Math.PI, 12.275}), 1e-9);
        assertEquals(5 / (4 * Math.PI), new Branin().value(new double[] {3 * Math.PI, 2.475}), 1e-9);
        assertEquals(-3.32237, new Hartmann6().minimum(), 5e-6); // the published 6-digit value
        assertEquals(-2.903534, StyblinskiTang.X_STAR, 1e-6);
        assertEquals(-39.16616570377141 * 8, new StyblinskiTang(8).minimum(), 1e-9);
    }

    @Test
    void valuesAtAHandComputedPoint() {
        assertEquals(21.62763539206238, new Branin().value(new double[] {1, 2}), 1e-9);
        assertEquals(5.972029779887098, new Ackley(3).value(new double[] {1, -2, 0.5}), 1e-9);
        // 101 + 100 + 2501 by hand
        assertEquals(2702.0, new Rosenbrock(4).value(new double[] {0, 1, 2, -1}), 1e-9);
        assertEquals(9.263327128618736, new Levy(3).value(new double[] {2, -3, 0.5}), 1e-9);
        assertEquals(-1.4069105761385297, new Hartmann6().value(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}), 1e-9);
        // ½[(1 − 16 + 5) + (16 − 64 − 10) + (81 − 144 + 15)] by hand
        assertEquals(-58.0, new StyblinskiTang(3).value(new double[] {1, -2, 3}), 1e-9);
    }

    @Test
    void noSampledPointBeatsTheOptimum() {
        Random rng = new Random(5);
        for (SyntheticFunction f : List.of(
                new Branin(), new Ackley(4), new Levy(4), new Hartmann6(), new StyblinskiTang(4), new Rosenbrock(4))) {
            for (int i = 0; i < 2000; i++) {
                assertTrue(f.value(f.domain().sample(rng)) >= f.minimum() - 1e-12, f.name());
            }
        }
    }
}
