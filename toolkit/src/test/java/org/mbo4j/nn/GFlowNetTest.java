package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class GFlowNetTest {
    private static int[][] all(int tokens, int length) {
        int n = (int) Math.pow(tokens, length);
        int[][] out = new int[n][length];
        for (int i = 0; i < n; i++) {
            int v = i;
            for (int t = length - 1; t >= 0; t--) {
                out[i][t] = v % tokens;
                v /= tokens;
            }
        }
        return out;
    }

    /** A reward on {0, 1, 2}³ with a clear mode: 0.2 + x₁ + 2·[x₂ = 1] + 0.5·[x₃ = 0]. */
    private static double reward(int[] x) {
        return 0.2 + x[0] + 2 * (x[1] == 1 ? 1 : 0) + 0.5 * (x[2] == 0 ? 1 : 0);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GFlowNet g = GFlowNet.builder(3, 3)
                .width(5)
                .layers(2)
                .logZ(0.7, 2)
                .dataType(DataType.DOUBLE)
                .seed(4)
                .build();
        int[][] seqs = {{0, 1, 2}, {2, 2, 1}, {1, 0, 0}};
        double[] logR = {0.3, -1.2, 2.0};
        g.lossAndGradient(seqs, logR);
        for (Param p : g.parameters()) {
            GradCheck.check(p.value(), p.grad().dup(), () -> g.loss(seqs, logR), 1e-5);
        }
    }

    /**
     * All weights 0: the policy is uniform, log π(x) = 3·log ½ = −2.079442 for every x of {0, 1}³. log Z = 1.5 (3
     * parts of 0.5), rewards 0.5 and 2 with β = 2: log R = ∓1.386294, so δ = 0.806852 and −1.965736, the loss
     * (0.651010 + 3.864118)/2 = 2.257564 and ∂L/∂(each part) = δ₁ + δ₂ = −1.158883.
     */
    @Test
    void lossMatchesHandComputedValue() {
        GFlowNet g = GFlowNet.builder(2, 3)
                .width(4)
                .layers(1)
                .logZ(1.5, 3)
                .dataType(DataType.DOUBLE)
                .build();
        for (Param p : g.policyParameters()) p.value().assign(0);
        int[][] seqs = {{0, 1, 1}, {1, 0, 1}};
        double[] logR = {GFlowNet.logReward(0.5, 2, 1e-32), GFlowNet.logReward(2.0, 2, 1e-32)};
        assertEquals(-1.3862944, logR[0], 1e-7);
        assertEquals(2.2575641, g.loss(seqs, logR), 1e-6);
        assertEquals(2.2575641, g.lossAndGradient(seqs, logR), 1e-6);
        List<Param> ps = g.parameters();
        Param z = ps.get(ps.size() - 1);
        for (int i = 0; i < 3; i++) assertEquals(-1.1588830, z.grad().getDouble(i), 1e-6);
        assertArrayEquals(new double[] {-2.0794415, -2.0794415}, g.logProbability(seqs), 1e-7);
        // the floor: a reward of 0 (or NaN) counts as 1e-32
        assertEquals(Math.log(1e-32), GFlowNet.logReward(0, 2, 1e-32), 0);
        assertEquals(Math.log(1e-32), GFlowNet.logReward(Double.NaN, 2, 1e-32), 0);
        assertEquals(Math.log(1e-32), GFlowNet.logReward(1e-20, 8, 1e-32), 0);
    }

    /**
     * The authors' released code ({@code authorsCode}): the output at prefix length j against token j + 1, so with all
     * weights 0 log π(x) = 2·log ½ = −1.386294 for x of {0, 1}³ (two scored outputs); log Z = 1.5 and log R = ∓1.386294
     * give δ = 1.5 and −1.272589, the loss (2.25 + 1.619483)/2 = 1.934741 and ∂L/∂(each part) = 0.227411; gradients
     * match finite differences.
     */
    @Test
    void theAuthorsPairingScoresEachPrefixAgainstTheNextToken() {
        GFlowNet g = GFlowNet.builder(2, 3)
                .width(4)
                .layers(1)
                .logZ(1.5, 3)
                .authorsCode(true)
                .dataType(DataType.DOUBLE)
                .build();
        for (Param p : g.policyParameters()) p.value().assign(0);
        int[][] seqs = {{0, 1, 1}, {1, 0, 1}};
        double[] logR = {GFlowNet.logReward(0.5, 2, 1e-32), GFlowNet.logReward(2.0, 2, 1e-32)};
        assertArrayEquals(new double[] {-1.3862944, -1.3862944}, g.logProbability(seqs), 1e-7);
        assertEquals(1.9347410, g.loss(seqs, logR), 1e-6);
        assertEquals(1.9347410, g.lossAndGradient(seqs, logR), 1e-6);
        List<Param> ps = g.parameters();
        for (int i = 0; i < 3; i++)
            assertEquals(0.2274113, ps.get(ps.size() - 1).grad().getDouble(i), 1e-6);
        GFlowNet h = GFlowNet.builder(3, 3)
                .width(5)
                .layers(2)
                .logZ(0.7, 2)
                .authorsCode(true)
                .dataType(DataType.DOUBLE)
                .seed(4)
                .build();
        int[][] s3 = {{0, 1, 2}, {2, 2, 1}, {1, 0, 0}};
        double[] r3 = {0.3, -1.2, 2.0};
        h.lossAndGradient(s3, r3);
        for (Param p : h.parameters()) GradCheck.check(p.value(), p.grad().dup(), () -> h.loss(s3, r3), 1e-5);
        // length 2: the one scored output is the empty prefix's, against the second token; the first never enters
        GFlowNet two = GFlowNet.builder(3, 2)
                .width(5)
                .layers(1)
                .authorsCode(true)
                .seed(2)
                .build();
        assertArrayEquals(
                two.logProbability(new int[][] {{0, 2}, {0, 1}}),
                two.logProbability(new int[][] {{1, 2}, {2, 1}}),
                0.0);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> GFlowNet.builder(2, 1).authorsCode(true).build());
        assertEquals(
                "the authors' pairing needs at least 2 tokens and 2 positions (it forbids token 0 first and scores each"
                        + " output against the next token), got 2 tokens of length 1",
                e.getMessage());
    }

    /**
     * The authors' first step never draws token 0, not even as a random action; the paper's sampler does. When token 0
     * dominates the logits the others keep their relative weights (token 0 is left out before normalising).
     */
    @Test
    void theAuthorsSamplerNeverStartsWithTokenZero() {
        GFlowNet biased = GFlowNet.builder(4, 2)
                .width(4)
                .layers(1)
                .authorsCode(true)
                .seed(1)
                .build();
        for (Param p : biased.policyParameters()) p.value().assign(0);
        List<Param> head = biased.policyParameters();
        head.get(head.size() - 1).value().putScalar(0, 60.0); // the output bias: token 0's logit 60, the others 0
        int[][] drawn = biased.sample(600, 0.2, 0.0, new SplittableRandom(7));
        for (int k = 1; k < 4; k++) {
            final int tok = k;
            long c = Arrays.stream(drawn).filter(r -> r[0] == tok).count();
            assertTrue(c > 120, "token " + k + " first in " + c + " of 600");
        }
        for (boolean authors : new boolean[] {true, false}) {
            GFlowNet g = GFlowNet.builder(4, 3)
                    .width(8)
                    .layers(1)
                    .seed(3)
                    .authorsCode(authors)
                    .build();
            for (double eps : new double[] {0, 1}) {
                int[][] x = g.sample(400, 1.0, eps, new SplittableRandom(5));
                long zeros = Arrays.stream(x).filter(r -> r[0] == 0).count();
                long laterZeros = Arrays.stream(x).filter(r -> r[1] == 0).count();
                if (authors) assertEquals(0, zeros, "epsilon " + eps);
                else assertTrue(zeros > 40, "epsilon " + eps + ": " + zeros);
                assertTrue(laterZeros > 40, "token 0 at the second step: " + laterZeros);
            }
        }
    }

    private static GFlowNet trained(long seed, int steps) {
        GFlowNet g = GFlowNet.builder(3, 3)
                .width(64)
                .layers(2)
                .learningRate(1e-3)
                .logZLearningRate(0.05)
                .logZ(0, 1)
                .seed(seed)
                .build();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int s = 0; s < steps; s++) {
            int[][] batch = g.sample(16, 2.0, 0.05, rng); // exploring: hotter, with random actions
            double[] logR = new double[batch.length];
            for (int i = 0; i < batch.length; i++) logR[i] = GFlowNet.logReward(reward(batch[i]), 2, 1e-32);
            g.step(batch, logR);
        }
        return g;
    }

    /**
     * On {0, 1, 2}³ with β = 2 the learned policy (temperature 1, no random actions) is the exact target
     * R(x)²/Z: total variation below 0.01 and log Z within 0.05 of log Σ R(x)² = log 155.13 = 5.0443.
     */
    @Test
    void reachesTheExactTargetDistribution() {
        GFlowNet g = trained(1, 600);
        int[][] xs = all(3, 3);
        double[] target = new double[xs.length];
        double z = 0;
        for (int i = 0; i < xs.length; i++) z += target[i] = Math.pow(reward(xs[i]), 2);
        double[] lp = g.logProbability(xs);
        double tv = 0, mass = 0;
        for (int i = 0; i < xs.length; i++) {
            tv += Math.abs(Math.exp(lp[i]) - target[i] / z) / 2;
            mass += Math.exp(lp[i]);
        }
        assertEquals(1, mass, 1e-4, "the policy's probabilities sum to 1");
        assertEquals(155.13, z, 1e-9);
        System.out.printf("tv %.6f, log Z %.4f vs %.4f%n", tv, g.logZ(), Math.log(z));
        assertTrue(tv < 0.01, "total variation " + tv);
        assertEquals(Math.log(z), g.logZ(), 0.05);
    }

    @Test
    void sameSeedSameNetworkAndSamples() {
        GFlowNet a = trained(7, 30), b = trained(7, 30);
        assertEquals(a.logZ(), b.logZ(), 0);
        int[][] xs = all(3, 3);
        assertArrayEquals(a.logProbability(xs), b.logProbability(xs), 0);
        assertArrayEquals(a.sample(20, 1, 0.1, new SplittableRandom(3)), b.sample(20, 1, 0.1, new SplittableRandom(3)));
        GFlowNet c = trained(8, 30);
        assertTrue(a.logZ() != c.logZ(), "another seed trains another network");
    }

    @Test
    void randomActionsAndTemperatureShapeTheSampler() {
        GFlowNet g = GFlowNet.builder(4, 2).width(8).layers(1).seed(2).build();
        for (Param p : g.policyParameters()) p.value().assign(0);
        // zero weights: uniform policy, so ε = 1 is uniform too; count first tokens over 4,000 draws
        int[][] s = g.sample(4000, 1, 1.0, new SplittableRandom(5));
        int[] counts = new int[4];
        for (int[] x : s) counts[x[0]]++;
        for (int c : counts) assertEquals(1000, c, 100);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> g.sample(2, 0, 0, new SplittableRandom(1)));
        assertEquals("the sampling temperature must be a positive number, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.loss(new int[][] {{0, 4}}, new double[] {0}));
        assertEquals("token 4 is outside [0, 4)", e.getMessage());
    }

    @Test
    void nonFiniteLossIsRefusedBeforeAnyUpdate() {
        GFlowNet g = GFlowNet.builder(2, 2).width(4).layers(1).build();
        double before = g.logZ();
        TrainingDivergedException e = assertThrows(
                TrainingDivergedException.class,
                () -> g.step(new int[][] {{0, 1}}, new double[] {Double.NEGATIVE_INFINITY}));
        assertEquals("the trajectory-balance loss is Infinity at step 1", e.getMessage());
        assertEquals(1, e.epoch());
        assertEquals(before, g.logZ(), 0);
    }
}
