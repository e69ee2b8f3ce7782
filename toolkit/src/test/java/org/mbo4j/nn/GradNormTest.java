package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** GradNorm's task-weight update (Off-MOO-Bench's variant) against hand-computed steps. */
class GradNormTest {

    /**
     * Three tasks, α = 0.5, lr 0.1. Step 1: losses (1, 4, 2) become L⁽⁰⁾, so every ratio is 1 and rᵢ = 1; norms
     * (2, 1, 1) with weights 1 give gw = (2, 1, 1), mean 4/3, targets 4/3 each; gw − c has signs (+, −, −), so the
     * fresh Adam step moves each weight by lr against the sign: (0.9, 1.1, 1.1) (up to ε = 1e-8 relative), sum 3.1,
     * renormalised to sum 3: (0.9, 1.1, 1.1)·3/3.1. GradNorm loss |2 − 4/3| + 2·|1 − 4/3| = 4/3.
     */
    @Test
    void firstStepByHand() {
        GradNorm gn = new GradNorm(3, 0.5, 0.1, 0.99, 1);
        assertArrayEquals(new double[] {1, 1, 1}, gn.weights(), 0);
        gn.step(new double[] {1, 4, 2}, new double[] {2, 1, 1}, 0.1);
        double k = 3 / 3.1;
        assertArrayEquals(new double[] {0.9 * k, 1.1 * k, 1.1 * k}, gn.weights(), 1e-8);
        assertEquals(4.0 / 3, gn.lastLoss(), 1e-12);
        assertEquals(3, gn.weights()[0] + gn.weights()[1] + gn.weights()[2], 1e-12);
    }

    /**
     * Two tasks, α = 0.5, lr 0.1, scale 5. Step 1 (losses (1, 4), norms (2, 1)): gw = (2, 1), signs (+, −): weights
     * (0.9, 1.1). Step 2: losses (0.5, 4) → ratios (0.5, 1) against L⁽⁰⁾, mean 0.75, r = (2/3, 4/3); norms (1, 1):
     * gw = (0.9, 1.1), mean 1, targets (√(2/3), √(4/3)) = (0.8165, 1.1547); signs (+, −): weights (0.8, 1.2).
     * GradNorm loss 5·(|0.9 − 0.8165| + |1.1 − 1.1547|); the scale changes nothing else (the Adam step is a sign).
     */
    @Test
    void lossRatiosAreAgainstTheFirstBatch() {
        GradNorm gn = new GradNorm(2, 0.5, 0.1, 0.99, 5);
        // the factors of the network's share, s·sign(gw − c)·|w| at the weights before each step
        assertArrayEquals(new double[] {5, -5}, gn.step(new double[] {1, 4}, new double[] {2, 1}, 0.1), 1e-12);
        assertArrayEquals(new double[] {0.9, 1.1}, gn.weights(), 1e-8);
        // step 2: gw = (0.9, 1.1), targets 1·(2/3)^½ ≈ 0.816 and 1·(4/3)^½ ≈ 1.155: signs (+, −)
        assertArrayEquals(
                new double[] {5 * 0.9, -5 * 1.1}, gn.step(new double[] {0.5, 4}, new double[] {1, 1}, 0.1), 1e-8);
        assertArrayEquals(new double[] {0.8, 1.2}, gn.weights(), 1e-8);
        double expected = 5 * (Math.abs(0.9 - Math.sqrt(2.0 / 3)) + Math.abs(1.1 - Math.sqrt(4.0 / 3)));
        assertEquals(expected, gn.lastLoss(), 1e-7);
    }

    /** gw equal to its target: torch's |·| has gradient 0 there, and Adam's first step with g = 0 moves nothing. */
    @Test
    void balancedNormsLeaveTheWeights() {
        GradNorm gn = new GradNorm(2, 0.12, 5e-4, 0.99, 1);
        gn.step(new double[] {1, 3}, new double[] {2, 2}, 5e-4);
        assertArrayEquals(new double[] {1, 1}, gn.weights(), 0);
        assertEquals(0, gn.lastLoss(), 0);
    }

    /**
     * The optimiser is rebuilt at {@code weight_lr} after every step and the per-epoch decay reaches only the next
     * epoch's first step: epoch e's first batch steps at lr·0.99^(e−1), every other batch at lr.
     */
    @Test
    void learningRateDecaysOnlyForEachEpochsFirstStep() {
        GradNorm gn = new GradNorm(2, 0.12, 5e-4, 0.99, 1);
        assertEquals(5e-4, gn.learningRate(1, 0), 0);
        assertEquals(5e-4, gn.learningRate(1, 7), 0);
        assertEquals(5e-4 * 0.99, gn.learningRate(2, 0), 1e-18);
        assertEquals(5e-4, gn.learningRate(2, 1), 0);
        assertEquals(5e-4 * 0.99 * 0.99, gn.learningRate(3, 0), 1e-18);
    }

    @Test
    void stateRoundTripsThroughACheckpoint() {
        GradNorm a = new GradNorm(2, 0.5, 0.1, 0.99, 1);
        a.step(new double[] {1, 4}, new double[] {2, 1}, 0.1);
        GradNorm b = new GradNorm(2, 0.5, 0.1, 0.99, 1);
        b.restoreState(a.state());
        a.step(new double[] {0.5, 4}, new double[] {1, 1}, 0.1);
        b.step(new double[] {0.5, 4}, new double[] {1, 1}, 0.1);
        assertArrayEquals(a.weights(), b.weights(), 0);
    }

    @Test
    void refusesBadSettings() {
        var e = assertThrows(IllegalArgumentException.class, () -> new GradNorm(2, 0.12, 0, 0.99, 1));
        assertEquals("GradNorm's weight learning rate must be positive, got 0.0", e.getMessage());
        var f = assertThrows(
                IllegalArgumentException.class,
                () -> new GradNorm(2, 0.12, 5e-4, 0.99, 1).step(new double[] {1}, new double[] {1, 2}, 5e-4));
        assertEquals("GradNorm has 2 tasks but got 1 losses and 2 gradient norms", f.getMessage());
    }
}
