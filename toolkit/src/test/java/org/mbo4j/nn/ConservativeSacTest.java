package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConservativeSacTest {
    private static final DataType D = DataType.DOUBLE;

    private static double[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
        return v;
    }

    private static INDArray matrix(double[] v, int rows, int cols) {
        INDArray m = Nd4j.create(D, new long[] {rows, cols}, 'f');
        Tensors.assignColumnMajor(m, v);
        return m;
    }

    private static TanhGaussianPolicy policy(int s, int a, long seed, double offset) {
        Mlp base = Mlp.builder(s)
                .hidden(5)
                .outputs(2 * a)
                .init(Init.TORCH_DEFAULT)
                .dataType(D)
                .seed(seed)
                .build();
        return new TanhGaussianPolicy(base, 1.0, offset);
    }

    @Test
    void logProbabilityOfOneDrawMatchesAHandComputedValue() {
        // a linear policy on one input with μ = 0.3 and raw log-std 0, so log σ = 1·0 − 1 = −1; ε = 0.5:
        // u = 0.3 + e⁻¹·0.5, log π = −ε²/2 − log σ − ½ log 2π − log(1 − tanh²u) = 0.18165087032887217 (Python)
        Mlp base = Mlp.builder(1).hidden().outputs(2).dataType(D).build();
        base.weight(0).assign(0);
        base.bias(0).putScalar(0, 0, 0.3);
        base.bias(0).putScalar(0, 1, 0.0);
        TanhGaussianPolicy p = new TanhGaussianPolicy(base, 1.0, -1.0);
        TanhGaussianPolicy.Sample s = p.sample(Nd4j.zeros(D, 1, 1), new double[] {0.5});
        assertEquals(0.44939324744361586, s.actions()[0], 1e-15);
        assertEquals(0.18165087032887217, s.logProb()[0], 1e-14);
    }

    @Test
    void logProbabilityIsTheGaussianOfThePreTanhValueMinusTheTanhJacobian() {
        int s = 3, a = 2, b = 4;
        TanhGaussianPolicy p = policy(s, a, 1, -1.0);
        INDArray obs = matrix(gaussian(b * s, 2), b, s);
        double[] eps = gaussian(b * a, 3);
        double[] out = Tensors.columnMajor(p.network().forward(obs));
        TanhGaussianPolicy.Sample sample = p.sample(obs, eps);
        for (int i = 0; i < b; i++) {
            double want = 0;
            for (int d = 0; d < a; d++) {
                int k = d * b + i;
                double mu = out[k], ls = Math.max(-20, Math.min(2, out[b * a + k] - 1)), sigma = Math.exp(ls);
                double u = mu + sigma * eps[k];
                assertEquals(Math.tanh(u), sample.actions()[k], 1e-15);
                want += -(u - mu) * (u - mu) / (2 * sigma * sigma)
                        - ls
                        - 0.5 * Math.log(2 * Math.PI)
                        - Math.log(1 - Math.tanh(u) * Math.tanh(u));
            }
            assertEquals(want, sample.logProb()[i], 1e-12, "row " + i);
        }
    }

    @Test
    void policyGradientsMatchFiniteDifferencesWithAndWithoutTheClamp() {
        for (double offset : new double[] {-1.0, 1.6}) { // at 1.6 some log σ = raw + 1.6 pass the clamp at 2
            int s = 4, a = 3, b = 5;
            TanhGaussianPolicy p = policy(s, a, 7, offset);
            INDArray obs = matrix(gaussian(b * s, 8), b, s);
            double[] eps = gaussian(b * a, 9), c = gaussian(b * a, 10), e = gaussian(b, 11);
            p.zeroGrad();
            p.backward(p.sample(obs, eps), c, e);
            List<Param> ps = p.parameters();
            List<INDArray> grads = ps.stream().map(q -> q.grad().dup()).toList();
            java.util.function.DoubleSupplier loss = () -> {
                TanhGaussianPolicy.Sample smp = p.sample(obs, eps);
                double[] act = smp.actions(), lp = smp.logProb();
                double l = 0;
                for (int i = 0; i < act.length; i++) l += c[i] * act[i];
                for (int i = 0; i < b; i++) l += e[i] * lp[i];
                return l;
            };
            for (int i = 0; i < ps.size(); i++) GradCheck.check(ps.get(i).value(), grads.get(i), loss, 1e-6);
        }
    }

    @Test
    void criticTermsMatchHandComputedValuesAndTheirDerivatives() {
        // one state, N = 1: Q(s, a) = 0.5, Q at the uniform, a′ and ã draws 1.0, −0.2, 0.3 with offsets −log 0.5,
        // 0.7, −0.4; y = 0.1: TD = 0.4², CQL = logsumexp(1.693…, 0.5, −0.1) − 0.5 = 1.5782060720081565 (Python)
        double[] out = {0.5, 1.0, -0.2, 0.3};
        double[] d = new double[4];
        double[] l = ConservativeSac.criticTerms(
                out, new double[] {0.1}, new double[] {-Math.log(0.5), 0.7, -0.4}, 1, 1, 5.0, 1.0, d);
        assertEquals(0.16000000000000003, l[0], 1e-15);
        assertEquals(1.5782060720081565, l[1], 1e-14);
        // derivatives of TD + w·CQL by each output, against central differences, for B = 3, N = 2, T = 0.7
        int b = 3, n = 2;
        double[] q = gaussian(b + 3 * b * n, 20), y = gaussian(b, 21), off = gaussian(3 * b * n, 22);
        double[] g = new double[q.length];
        ConservativeSac.criticTerms(q, y, off, b, n, 5.0, 0.7, g);
        for (int i = 0; i < q.length; i++) {
            double old = q[i];
            q[i] = old + 1e-6;
            double[] up = ConservativeSac.criticTerms(q, y, off, b, n, 5.0, 0.7, new double[q.length]);
            q[i] = old - 1e-6;
            double[] down = ConservativeSac.criticTerms(q, y, off, b, n, 5.0, 0.7, new double[q.length]);
            q[i] = old;
            double fd = ((up[0] + 5 * up[1]) - (down[0] + 5 * down[1])) / 2e-6;
            assertEquals(fd, g[i], 1e-7, "output " + i);
        }
    }

    @Test
    void theBroadcastTdLossIsTheMeanOverAllPairsAndItsGradientUsesTheBatchMeanReward() {
        // PGS: rewards r (B × 1), dones d (B × 1), targets T (B) → (q_j − r_i − (1 − d_i)·γ·T_j)² over all (i, j)
        double[] r = {1.0, -2.0, 0.5}, d = {0, 0, 1}, t = {0.3, -0.7, 2.0}, q = {0.1, 0.4, -0.2};
        double g = 0.9, exact = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double e = q[j] - r[i] - (1 - d[i]) * g * t[j];
                exact += e * e / 9;
            }
        }
        double[] y = new double[3];
        double c = ConservativeSac.tdTargets(r, d, t, g, ConservativeSac.TdTarget.BATCH_BROADCAST, y);
        double viaY = c;
        for (int j = 0; j < 3; j++) {
            // r̄ = −1/6, d̄ = 1/3: y_j = −1/6 + (2/3)·0.9·T_j
            assertEquals(-1.0 / 6 + 2.0 / 3 * 0.9 * t[j], y[j], 1e-15);
            viaY += (q[j] - y[j]) * (q[j] - y[j]) / 3;
        }
        assertEquals(exact, viaY, 1e-14);
        assertEquals(0.0, ConservativeSac.tdTargets(r, d, t, g, ConservativeSac.TdTarget.PER_TRANSITION, y));
        assertArrayEquals(new double[] {1.0 + 0.9 * 0.3, -2.0 - 0.9 * 0.7, 0.5}, y, 1e-15);
    }

    @Test
    void targetsMoveTowardTheCriticsByTau() {
        Mlp q = Mlp.builder(2).hidden(3).dataType(D).seed(1).build();
        Mlp t = Mlp.builder(2).hidden(3).dataType(D).seed(2).build();
        double[] qv = q.flatParameters().toDoubleVector(),
                tv = t.flatParameters().toDoubleVector();
        ConservativeSac.softUpdate(q, t, 0.25);
        double[] got = t.flatParameters().toDoubleVector();
        for (int i = 0; i < got.length; i++) assertEquals(0.75 * tv[i] + 0.25 * qv[i], got[i], 1e-15);
    }

    @Test
    void repeatPutsEachStateOnNConsecutiveRows() {
        // two states of two features (column-major [[1, 2], [3, 4]]) repeated 3 times
        assertArrayEquals(
                new double[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4},
                ConservativeSac.repeat(new double[] {1, 2, 3, 4}, 2, 2, 3),
                0);
    }

    private static ConservativeSac learner(long seed) {
        int s = 3, a = 2;
        TanhGaussianPolicy p = policy(s, a, 1, -1.0);
        Mlp q1 = Mlp.builder(s + a)
                .hidden(6)
                .init(Init.TORCH_DEFAULT)
                .dataType(D)
                .seed(2)
                .build();
        Mlp q2 = Mlp.builder(s + a)
                .hidden(6)
                .init(Init.TORCH_DEFAULT)
                .dataType(D)
                .seed(3)
                .build();
        ConservativeSac.Settings set = new ConservativeSac.Settings(
                0.99, 1e-3, 1e-3, 5e-3, 3, 5.0, 1.0, -a, ConservativeSac.TdTarget.PER_TRANSITION);
        return new ConservativeSac(p, q1, q2, set, seed);
    }

    private static ConservativeSac.Batch batch(double reward) {
        int b = 4, s = 3, a = 2;
        double[] r = new double[b], done = new double[b];
        java.util.Arrays.fill(r, reward);
        done[b - 1] = 1;
        double[] act = gaussian(b * a, 31);
        for (int i = 0; i < act.length; i++) act[i] = Math.tanh(act[i]);
        return new ConservativeSac.Batch(
                matrix(gaussian(b * s, 30), b, s), matrix(act, b, a), r, done, matrix(gaussian(b * s, 32), b, s));
    }

    @Test
    void theSameSeedGivesTheSameStepsAndAnotherSeedOthers() {
        ConservativeSac x = learner(5), y = learner(5), z = learner(6);
        ConservativeSac.Metrics mx = null, my = null, mz = null;
        for (int i = 0; i < 3; i++) {
            mx = x.step(batch(0.5));
            my = y.step(batch(0.5));
            mz = z.step(batch(0.5));
        }
        assertEquals(mx, my);
        assertNotEquals(mx.q1Loss(), mz.q1Loss());
        assertEquals(3, x.steps());
        assertArrayEquals(
                x.policy().network().flatParameters().toDoubleVector(),
                y.policy().network().flatParameters().toDoubleVector(),
                0);
        // α moved from 1 by one Adam step per update (|Δ log α| ≤ lr each)
        assertEquals(1.0, x.alpha(), 3.01e-3);
        assertNotEquals(1.0, x.alpha());
    }

    /**
     * A learner restored from a checkpoint file (a fresh process: new networks, state from disk) and reseeded goes on
     * exactly as the original: parameters, targets, log α, the three Adams' moments and the step count all travel.
     */
    @Test
    void aRestoredStateContinuesExactlyAsTheOriginal(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ConservativeSac original = learner(5);
        original.logAlpha(0.3);
        original.reseed(11);
        original.step(batch(0.5));
        original.step(batch(-0.2));
        LoopCheckpoint file = LoopCheckpoint.at(dir.resolve("cql.ckpt"), java.time.Duration.ZERO, "fp");
        file.save(2, false, java.util.Map.of("q1", List.of(1.5, 2.5)), original.state());

        ConservativeSac resumed = learner(5);
        LoopCheckpoint.Saved saved = LoopCheckpoint.at(dir.resolve("cql.ckpt"), java.time.Duration.ZERO, "fp")
                .load(2);
        assertEquals(2, saved.epoch());
        assertEquals(List.of(1.5, 2.5), saved.history().get("q1"));
        resumed.restore(saved.arrays());
        assertEquals(2, resumed.steps());
        assertEquals(original.alpha(), resumed.alpha(), 0);
        original.reseed(12);
        resumed.reseed(12);
        for (int i = 0; i < 2; i++) assertEquals(original.step(batch(0.1 * i)), resumed.step(batch(0.1 * i)));
        for (int t = 1; t <= 2; t++)
            assertArrayEquals(
                    original.target(t).flatParameters().toDoubleVector(),
                    resumed.target(t).flatParameters().toDoubleVector(),
                    0);
        // a file past the epochs asked for, or whose history is not one value per epoch, is not used either
        assertEquals(
                null,
                LoopCheckpoint.at(dir.resolve("cql.ckpt"), java.time.Duration.ZERO, "fp")
                        .load(1));
        LoopCheckpoint.at(dir.resolve("short.ckpt"), java.time.Duration.ZERO, "fp")
                .save(2, false, java.util.Map.of("q1", List.of(1.5)), original.state());
        assertEquals(
                null,
                LoopCheckpoint.at(dir.resolve("short.ckpt"), java.time.Duration.ZERO, "fp")
                        .load(2));
        // a file of another loop is not restored
        assertEquals(
                null,
                LoopCheckpoint.at(dir.resolve("cql.ckpt"), java.time.Duration.ZERO, "other")
                        .load(2));
        // without the Adams' moments the next step would differ: the state really carries them
        ConservativeSac fresh = learner(5);
        java.util.Map<String, INDArray> noMoments = new java.util.LinkedHashMap<>(saved.arrays());
        noMoments.keySet().removeIf(k -> k.startsWith("adam."));
        fresh.restore(noMoments);
        ConservativeSac again = learner(5);
        again.restore(saved.arrays());
        fresh.reseed(12);
        again.reseed(12);
        fresh.step(batch(0.0));
        again.step(batch(0.0));
        assertNotEquals(
                java.util.Arrays.toString(
                        again.policy().network().flatParameters().toDoubleVector()),
                java.util.Arrays.toString(
                        fresh.policy().network().flatParameters().toDoubleVector()));
        var e = assertThrows(IllegalArgumentException.class, () -> learner(5).restore(java.util.Map.of()));
        assertEquals("the saved learner state has no policy.0", e.getMessage());
        // a state that does not fit is refused before anything is assigned: the learner stays as it was
        ConservativeSac intact = learner(5);
        double[] before = intact.policy().network().flatParameters().toDoubleVector();
        java.util.Map<String, INDArray> wrong = new java.util.LinkedHashMap<>(saved.arrays());
        wrong.put("q2.0", Nd4j.zeros(D, 2, 2));
        var shape = assertThrows(IllegalArgumentException.class, () -> intact.restore(wrong));
        assertEquals(
                true,
                shape.getMessage().startsWith("the saved learner state's q2.0 has shape [2, 2], this"),
                shape.getMessage());
        java.util.Map<String, INDArray> noMomentV = new java.util.LinkedHashMap<>(saved.arrays());
        noMomentV.remove("adam.q.1.v");
        var moments = assertThrows(IllegalArgumentException.class, () -> intact.restore(noMomentV));
        assertEquals(
                true,
                moments.getMessage().startsWith("the saved learner state's optimizer moments adam.q.1"),
                moments.getMessage());
        assertArrayEquals(before, intact.policy().network().flatParameters().toDoubleVector(), 0);
        assertEquals(0, intact.steps());
    }

    @Test
    void aNonFiniteLossStopsWithTheStepAndTheSettingsToChange() {
        ConservativeSac x = learner(5);
        x.step(batch(0.5));
        var e = assertThrows(TrainingDivergedException.class, () -> x.step(batch(Double.NaN)));
        assertEquals(2, e.epoch());
        assertEquals(true, e.getMessage().startsWith("CQL-SAC diverged at step 2 (policy loss "), e.getMessage());
        assertEquals(true, e.getMessage().endsWith("; lower the learning rates (policy_lr, qf_lr) or the CQL weight"));
    }

    /** Row-major nested lists [[…], …] (any depth) flattened in order. */
    private static double[] flat(JsonNode n) {
        java.util.List<Double> v = new java.util.ArrayList<>();
        collect(n, v);
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonNode n, java.util.List<Double> v) {
        if (n.isArray()) {
            for (JsonNode c : n) collect(c, v);
        } else {
            v.add(n.asDouble());
        }
    }

    /** A row-major rows × cols list as a column-major array. */
    private static double[] columnMajor(JsonNode n, int rows, int cols) {
        double[] r = flat(n), c = new double[r.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) c[j * rows + i] = r[i * cols + j];
        return c;
    }

    /** torch's [W₀ (out × in), b₀, W₁, b₁] into an MLP (its weight(l) is in × out). */
    private static void load(Mlp m, JsonNode torch) {
        for (int l = 0; l < m.layers(); l++) {
            int in = m.sizes()[l], out = m.sizes()[l + 1];
            double[] w = flat(torch.get(2 * l)), b = flat(torch.get(2 * l + 1));
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) m.weight(l).putScalar(i, o, w[o * in + i]);
                m.bias(l).putScalar(0, o, b[o]);
            }
        }
    }

    private static void assertMlp(JsonNode torch, Mlp m, String name) {
        for (int l = 0; l < m.layers(); l++) {
            int in = m.sizes()[l], out = m.sizes()[l + 1];
            double[] w = flat(torch.get(2 * l)), b = flat(torch.get(2 * l + 1));
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    assertEquals(
                            w[o * in + i],
                            m.weight(l).getDouble(i, o),
                            1e-12,
                            name + " W" + l + "[" + o + "," + i + "]");
                }
                assertEquals(b[o], m.bias(l).getDouble(0, o), 1e-12, name + " b" + l + "[" + o + "]");
            }
        }
    }

    /**
     * One step from the weights, batch and draws of {@code crosscheck/cql_sac_torch.py} (PyTorch autograd on an
     * independent transcription of PGS's conservative_sac.py and model.py, float64), with per-transition rewards
     * and with PGS's B × 1 reward and done columns (the broadcast TD target): every loss, α, and every parameter
     * after the α, policy and critic updates and the soft target update agree to 1e-12.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cql-sac-step.json", "cql-sac-step-broadcast.json"})
    void oneStepMatchesPyTorchAutograd(String file) throws IOException {
        JsonNode f;
        try (InputStream in = getClass().getResourceAsStream(file)) {
            f = new ObjectMapper().readTree(in);
        }
        int s = f.at("/sizes/S").asInt(),
                a = f.at("/sizes/A").asInt(),
                h = f.at("/sizes/H").asInt();
        int b = f.at("/sizes/B").asInt(), n = f.at("/sizes/N").asInt();
        Mlp base = Mlp.builder(s).hidden(h).outputs(2 * a).dataType(D).build();
        load(base, f.at("/before/policy"));
        TanhGaussianPolicy p = new TanhGaussianPolicy(
                base,
                f.at("/before/log_std/0").asDouble(),
                f.at("/before/log_std/1").asDouble());
        Mlp q1 = Mlp.builder(s + a).hidden(h).dataType(D).build();
        Mlp q2 = Mlp.builder(s + a).hidden(h).dataType(D).build();
        load(q1, f.at("/before/q1"));
        load(q2, f.at("/before/q2"));
        JsonNode set = f.get("settings");
        ConservativeSac sac = new ConservativeSac(
                p,
                q1,
                q2,
                new ConservativeSac.Settings(
                        set.get("discount").asDouble(),
                        set.get("lr").asDouble(),
                        set.get("lr").asDouble(),
                        set.get("tau").asDouble(),
                        n,
                        set.get("min_q_weight").asDouble(),
                        set.get("temperature").asDouble(),
                        set.get("target_entropy").asDouble(),
                        set.get("td_target").asText().equals("batch-broadcast")
                                ? ConservativeSac.TdTarget.BATCH_BROADCAST
                                : ConservativeSac.TdTarget.PER_TRANSITION),
                0);
        sac.logAlpha(f.at("/before/log_alpha").asDouble());
        JsonNode bt = f.get("batch"), dr = f.get("draws");
        ConservativeSac.Batch batch = new ConservativeSac.Batch(
                matrix(columnMajor(bt.get("obs"), b, s), b, s),
                matrix(columnMajor(bt.get("actions"), b, a), b, a),
                flat(bt.get("rewards")),
                flat(bt.get("dones")),
                matrix(columnMajor(bt.get("next_obs"), b, s), b, s));
        ConservativeSac.Draws draws = new ConservativeSac.Draws(
                columnMajor(dr.get("policy"), b, a),
                columnMajor(dr.get("next"), b, a),
                columnMajor(dr.get("uniform"), b * n, a),
                columnMajor(dr.get("current"), b * n, a),
                columnMajor(dr.get("next_repeated"), b * n, a));
        ConservativeSac.Metrics m = sac.step(batch, draws);
        JsonNode l = f.get("losses");
        assertEquals(l.get("policy_loss").asDouble(), m.policyLoss(), 1e-12);
        assertEquals(l.get("q1_loss").asDouble(), m.q1Loss(), 1e-12);
        assertEquals(l.get("q2_loss").asDouble(), m.q2Loss(), 1e-12);
        assertEquals(l.get("cql1").asDouble(), m.cql1(), 1e-12);
        assertEquals(l.get("cql2").asDouble(), m.cql2(), 1e-12);
        assertEquals(l.get("alpha").asDouble(), m.alpha(), 1e-12);
        assertEquals(l.get("alpha_loss").asDouble(), m.alphaLoss(), 1e-12);
        assertEquals(l.get("mean_log_pi").asDouble(), m.meanLogPi(), 1e-12);
        JsonNode after = f.get("after");
        assertMlp(after.get("policy"), base, "policy");
        List<Param> ps = p.parameters();
        assertEquals(
                after.at("/log_std/0").asDouble(), ps.get(ps.size() - 2).value().getDouble(0), 1e-12);
        assertEquals(
                after.at("/log_std/1").asDouble(), ps.get(ps.size() - 1).value().getDouble(0), 1e-12);
        assertMlp(after.get("q1"), q1, "q1");
        assertMlp(after.get("q2"), q2, "q2");
        assertMlp(after.get("target1"), sac.target(1), "target1");
        assertMlp(after.get("target2"), sac.target(2), "target2");
        assertEquals(Math.exp(after.get("log_alpha").asDouble()), sac.alpha(), 1e-12);
    }
}
