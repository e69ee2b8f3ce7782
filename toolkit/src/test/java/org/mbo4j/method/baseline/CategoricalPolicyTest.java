package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Tensors;
import org.nd4j.linalg.api.buffer.DataType;

class CategoricalPolicyTest {
    @Test
    void initialisesFromFrequenciesAndExcludesUnseenLetters() {
        double[][] top = {{0, 2}, {0, 2}, {1, 2}, {0, 1}};
        CategoricalPolicy p = CategoricalPolicy.fromFrequencies(top, 3, 0);
        double[][] probs = p.probabilities();
        assertArrayEquals(new double[] {0.75, 0.25, 0}, probs[0], 1e-12);
        assertArrayEquals(new double[] {0, 0.25, 0.75}, probs[1], 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, p.logits()[0][2]);
        double[][] s = p.sample(2000, new Random(1));
        int c0 = 0;
        for (double[] x : s) {
            assertEquals(true, x[0] != 2 && x[1] != 0, "excluded letter sampled");
            if (x[0] == 0) c0++;
        }
        assertEquals(0.75, c0 / 2000.0, 0.03);
        // with the older revision's floor, unseen letters keep log 0.001
        assertEquals(
                Math.log(0.001),
                CategoricalPolicy.fromFrequencies(top, 3, 0.001).logits()[0][2],
                1e-12);
    }

    @Test
    void policyGradientOnOnePositionMatchesHandComputation() {
        // one position, 3 letters, θ = log(0.5, 0.3, 0.2); samples 0, 2, 0, 1 with rewards 1, 3, 2, 6
        CategoricalPolicy p = new CategoricalPolicy(
                new double[][] {{Math.log(0.5), Math.log(0.3), Math.log(0.2)}}, new boolean[1][3]);
        double[][] samples = {{0}, {2}, {0}, {1}};
        double[] adv = Reinforce.advantages(new double[] {1, 3, 2, 6});
        // mean 3, population std sqrt((4+0+1+9)/4) = sqrt(3.5)
        double sd = Math.sqrt(3.5);
        assertArrayEquals(new double[] {-2 / sd, 0, -1 / sd, 3 / sd}, adv, 1e-12);
        double[][] g = p.lossGradient(samples, adv);
        // ∂/∂θ_k = −(1/4) Σ_s A_s (1[x_s = k] − π_k); Σ A = 0 so the π term vanishes
        double[] expected = {-(adv[0] + adv[2]) / 4, -adv[3] / 4, -adv[1] / 4};
        assertArrayEquals(expected, g[0], 1e-12);
        // one Adam step (tf.keras form, lr 0.01, ε 1e-7 added to √v, not √v̂): Δ = lr·g/(|g| + ε/√(1−β₂))
        Param param = new Param("θ", Tensors.zeros(DataType.DOUBLE, 1, 3), Tensors.zeros(DataType.DOUBLE, 1, 3));
        param.grad().assign(Tensors.matrix(g, DataType.DOUBLE));
        new Adam(0.01).step(List.of(param));
        p.subtract(Tensors.rows(param.grad()));
        double[] after = p.logits()[0];
        double[] before = {Math.log(0.5), Math.log(0.3), Math.log(0.2)};
        for (int k = 0; k < 3; k++) {
            double step = expected[k] == 0 ? 0 : 0.01 * expected[k] / (Math.abs(expected[k]) + 1e-7 / Math.sqrt(0.001));
            assertEquals(before[k] - step, after[k], 1e-9);
        }
        // letter 1 (reward 6) gained probability, letter 0 lost it
        assertEquals(true, p.probabilities()[0][1] > 0.3 && p.probabilities()[0][0] < 0.5);
    }

    /** L = 2 positions, K = 3 letters: π₀ = (0.5, 0.3, 0.2), π₁ = (0.5, 0.25, 0.25); S = 4 samples. */
    private static CategoricalPolicy twoPositions() {
        return new CategoricalPolicy(
                new double[][] {
                    {Math.log(0.5), Math.log(0.3), Math.log(0.2)}, {Math.log(0.5), Math.log(0.25), Math.log(0.25)}
                },
                new boolean[2][3]);
    }

    private static final double[][] SAMPLES = {{0, 2}, {2, 2}, {0, 1}, {1, 0}};

    @Test
    void broadcastLossGradientIsTheMeanScoreTimesTheMeanAdvantage() {
        CategoricalPolicy p = twoPositions();
        double[] adv = {1, 3, 2, 6}; // hand-made, mean 3 (not standardised, so the broadcast term is not zero)
        // design-baselines: mean over [S, S, L] of −log πₗ(xᵢₗ)·Aⱼ = −(Ā/L)·(1/S) Σᵢ log π(xᵢ), so
        // ∂/∂θₗₖ = −(Ā/L)·(1/S) Σᵢ (1[xᵢₗ = k] − πₗₖ) = −(3/2)·(countₗₖ/4 − πₗₖ)
        // position 0: counts (2, 1, 1) → (0, −0.05, 0.05); position 1: counts (1, 1, 2) → (−0.25, 0, 0.25)
        double[][] g = p.broadcastLossGradient(SAMPLES, adv);
        assertArrayEquals(new double[] {0, 0.075, -0.075}, g[0], 1e-12);
        assertArrayEquals(new double[] {0.375, 0, -0.375}, g[1], 1e-12);
        // the per-sample (textbook) gradient −(1/S) Σₛ Aₛ (1[xₛₗ = k] − πₗₖ) of the same batch differs:
        // position 0: (−(3 − 6)/4, −(6 − 3.6)/4, −(3 − 2.4)/4); position 1: (−(6 − 6)/4, −(2 − 3)/4, −(4 − 3)/4)
        double[][] perSample = p.lossGradient(SAMPLES, adv);
        assertArrayEquals(new double[] {0.75, -0.6, -0.15}, perSample[0], 1e-12);
        assertArrayEquals(new double[] {0, 0.25, -0.25}, perSample[1], 1e-12);
    }

    @Test
    void withStandardisedAdvantagesTheBroadcastGradientVanishesAndThePerSampleOneDoesNot() {
        CategoricalPolicy p = twoPositions();
        double[] adv = Reinforce.advantages(new double[] {1, 3, 2, 6});
        for (double[] row : p.broadcastLossGradient(SAMPLES, adv)) {
            for (double v : row) assertEquals(0, v, 1e-15);
        }
        double sd = Math.sqrt(3.5);
        // position 0, letter 0: −(1/4)(A₁ + A₃) = −(1/4)(−2 − 1)/sd (Σ A = 0 removes the π term)
        assertEquals(0.75 / sd, p.lossGradient(SAMPLES, adv)[0][0], 1e-12);
    }

    @Test
    void excludedLettersGetNoBroadcastGradient() {
        boolean[][] ex = {{false, false, true}};
        CategoricalPolicy p = new CategoricalPolicy(new double[][] {{0, 0, 0}}, ex);
        // π = (0.5, 0.5, 0); samples 0, 0, 1; Ā = 2: −(2/3)·(count − 3π) = −(2/3)·(0.5, −0.5, 0)
        double[][] g = p.broadcastLossGradient(new double[][] {{0}, {0}, {1}}, new double[] {1, 2, 3});
        assertArrayEquals(new double[] {-1.0 / 3, 1.0 / 3, 0}, g[0], 1e-12);
    }

    @Test
    void equalRewardsGiveZeroAdvantage() {
        assertArrayEquals(new double[] {0, 0, 0}, Reinforce.advantages(new double[] {2, 2, 2}), 0);
    }
}
