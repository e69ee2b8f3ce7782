package org.mbo4j.task.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mbo4j.moo.Pareto;

/** The reference fronts pymoo cannot give us (DTLZ5–7) and which tasks have one at all. */
class ParetoFrontsTest {

    @Test
    void frontsExistExactlyForZdtAndDtlz() {
        Set<String> withFront = Set.of(
                "ZDT1", "ZDT2", "ZDT3", "ZDT4", "ZDT6", "DTLZ1", "DTLZ2", "DTLZ3", "DTLZ4", "DTLZ5", "DTLZ6", "DTLZ7");
        for (MultiObjectiveFunction f : SyntheticSuite.problems()) {
            assertEquals(withFront.contains(f.name()), f.referenceFront().isPresent(), f.name());
        }
        for (MultiObjectiveFunction f : ReSuite.problems())
            assertTrue(f.referenceFront().isEmpty(), f.name());
    }

    @Test
    void degenerateFrontsAreTheFunctionsAtTheirOptimalDesigns() {
        // DTLZ5: g = Σ(x_i − 0.5)² = 0 at x_3.. = 0.5; DTLZ6: g = Σ x_i^0.1 = 0 at x_3.. = 0; x2 then does not matter
        double[][] pf5 = SyntheticSuite.dtlz5().referenceFront().orElseThrow();
        double[][] pf6 = SyntheticSuite.dtlz6().referenceFront().orElseThrow();
        assertEquals(100, pf5.length);
        for (int i = 0; i < pf5.length; i++) {
            double t = i / 99.0;
            double[] x5 = new double[10];
            Arrays.fill(x5, 0.5);
            x5[0] = t;
            double[] x6 = new double[10];
            x6[0] = t;
            x6[1] = 0.3;
            assertArrayEquals(SyntheticSuite.dtlz5().evaluate(x5), pf5[i], 1e-12, "DTLZ5 point " + i);
            assertArrayEquals(SyntheticSuite.dtlz6().evaluate(x6), pf6[i], 1e-12, "DTLZ6 point " + i);
            // the quarter circle f1 = f2, f1² + f2² + f3² = 1
            assertEquals(pf5[i][0], pf5[i][1], 1e-15);
            assertEquals(1.0, pf5[i][0] * pf5[i][0] * 2 + pf5[i][2] * pf5[i][2], 1e-12);
        }
    }

    @Test
    void dtlz7FrontIsNondominatedAndInItsFourPieces() {
        double[][] pf = SyntheticSuite.dtlz7().referenceFront().orElseThrow();
        assertEquals(pf.length, Pareto.nonDominated(pf).length, "every point non-dominated");
        boolean[] quadrant = new boolean[4];
        for (double[] p : pf) {
            double[] x = new double[10];
            x[0] = p[0];
            x[1] = p[1];
            assertArrayEquals(SyntheticSuite.dtlz7().evaluate(x), p, 1e-12);
            // the pieces: each of f1, f2 in [0, 0.2514] ∪ [0.6316, 0.8594] (up to the 1/59 grid step)
            for (int j = 0; j < 2; j++) {
                assertTrue(
                        p[j] <= 0.2514 + 1 / 59.0 || (p[j] >= 0.6316 - 1 / 59.0 && p[j] <= 0.8594 + 1 / 59.0), "f" + j);
            }
            quadrant[(p[0] > 0.5 ? 1 : 0) + (p[1] > 0.5 ? 2 : 0)] = true;
        }
        assertArrayEquals(new boolean[] {true, true, true, true}, quadrant, "four disconnected pieces");
    }

    @Test
    void dasDennisCountsAndSums() {
        double[][] dirs = ParetoFronts.dasDennis(3, 15);
        assertEquals(136, dirs.length); // C(17, 2)
        for (double[] d : dirs) assertEquals(1.0, d[0] + d[1] + d[2], 1e-12);
        assertEquals(6, ParetoFronts.dasDennis(6, 1).length);
        assertEquals(21, ParetoFronts.dasDennis(6, 2).length); // C(7, 5)
    }
}
