package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DiffusionTest {
    private static final VpSde SDE = VpSde.ddom();

    @Test
    void scheduleClosedFormsMatchHandValuesAndTheIntegralOfBeta() {
        // m(t) = exp(−¼t²(β_max − β_min) − ½tβ_min), v = 1 − m², by hand (Python, double precision)
        assertEquals(0.968173715156388, SDE.meanWeight(0.25), 1e-15);
        assertEquals(0.06263965728027743, SDE.variance(0.25), 1e-15);
        assertEquals(0.6050162268931433, SDE.meanWeight(1.0), 1e-15);
        assertEquals(0.6339553651959846, SDE.variance(1.0), 1e-15);
        assertEquals(1.0, SDE.meanWeight(0), 0);
        assertEquals(0.0, SDE.variance(0), 0);
        assertEquals(Math.sqrt(2.0), SDE.diffusion(1.0), 1e-15);
        // m(t) = exp(−½∫₀ᵗβ): Simpson's rule on the linear β is exact
        for (double t : new double[] {0.1, 0.5, 0.9}) {
            double integral = t / 6 * (SDE.beta(0) + 4 * SDE.beta(t / 2) + SDE.beta(t));
            assertEquals(Math.exp(-0.5 * integral), SDE.meanWeight(t), 1e-14);
            assertEquals(1 - Math.pow(SDE.meanWeight(t), 2), SDE.variance(t), 1e-14);
        }
        assertEquals(
                "beta_max must be a number ≥ beta_min (0.5), got 0.1",
                assertThrows(IllegalArgumentException.class, () -> new VpSde(0.5, 0.1, 1))
                        .getMessage());
    }

    @Test
    void weightedDsmLossMatchesItsFormulaAndGradientsMatchFiniteDifferences() {
        Denoiser net = Denoiser.create(2, List.of(5, 4), 3, DataType.DOUBLE);
        double[][] x0 = {{0.5, -1.0}, {1.5, 0.25}, {-0.3, 0.8}};
        double[] y = {0.7, 0, -1.2};
        double[] w = {1.0, 0.5, 2.0};
        double[] t = {0.1, 0.6, 0.95};
        double[][] eps = {{0.3, -0.2}, {-1.1, 0.4}, {0.05, 1.3}};
        // by hand: x_t = m·x₀ + s·ε, r = a·s/g + ε, loss = mean of w·½Σr²
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double m = SDE.meanWeight(t[i]);
            double s = Math.sqrt(1 - m * m);
            double g = Math.sqrt(0.01 + 1.99 * t[i]);
            double[] xt = {m * x0[i][0] + s * eps[i][0], m * x0[i][1] + s * eps[i][1]};
            double[] a = net.drift(new double[][] {xt}, new double[] {t[i]}, new double[] {y[i]})[0];
            double r0 = a[0] * s / g + eps[i][0];
            double r1 = a[1] * s / g + eps[i][1];
            expected += w[i] * 0.5 * (r0 * r0 + r1 * r1) / 3;
        }
        assertEquals(expected, Diffusion.loss(net, SDE, x0, y, w, t, eps, false), 1e-12);
        net.zeroGrad();
        Diffusion.loss(net, SDE, x0, y, w, t, eps, true);
        INDArray grads = net.parameters().get(0).grad().dup();
        GradCheck.check(
                net.network().flatParameters(), grads, () -> Diffusion.loss(net, SDE, x0, y, w, t, eps, false), 1e-6);
    }

    @Test
    void guidedEulerMaruyamaStepIsTheHandComputedUpdate() {
        // a stub drift a(x, t, y) = y: the guided drift is (1 + γ)·y* − γ·0 for every row
        Diffusion.Drift stub = (x, t, y) -> {
            double[][] a = new double[x.length][x[0].length];
            for (int i = 0; i < x.length; i++) java.util.Arrays.fill(a[i], y[i]);
            return a;
        };
        double[][] x0 = {{0.4}, {-0.2}};
        double[][] out = Diffusion.sample(
                stub, SDE, x0, 1.5, 2.0, 1, Diffusion.Sampler.EULER_MARUYAMA, new SplittableRandom(5), null);
        SplittableRandom r = new SplittableRandom(5);
        double g = Math.sqrt(2.0); // s = T = 1
        for (int i = 0; i < 2; i++) {
            double mu = g * (3 * 1.5 - 2 * 0) + 0.5 * 2.0 * x0[i][0];
            assertEquals(x0[i][0] + mu + g * r.nextGaussian(), out[i][0], 1e-15);
        }
        // DDOM's sampler, 2 steps of δ = ½: Euler–Maruyama, then ½(g(½) − g(1))·√δ·ξ′, then a plain last step
        double[][] heun = Diffusion.sample(
                stub,
                SDE,
                new double[][] {{0.0}},
                1.0,
                0.0,
                2,
                Diffusion.Sampler.DDOM_HEUN,
                new SplittableRandom(9),
                null);
        SplittableRandom q = new SplittableRandom(9);
        double d = 0.5;
        double x = 0;
        double g1 = Math.sqrt(2.0);
        double gh = Math.sqrt(0.01 + 1.99 * 0.5);
        x += d * (g1 * 1.0 + 0.5 * 2.0 * x) + Math.sqrt(d) * g1 * q.nextGaussian();
        x += 0.5 * (gh - g1) * Math.sqrt(d) * q.nextGaussian();
        x += d * (gh * 1.0 + 0.5 * SDE.beta(0.5) * x) + Math.sqrt(d) * gh * q.nextGaussian();
        assertEquals(x, heun[0][0], 1e-15);
    }

    @Test
    void samplerWithTheExactScoreRecoversAGaussian() {
        // data N(μ, σ₀²): x_t ~ N(m·μ, m²σ₀² + v), so a = g·∇log p_t = −g·(x − m·μ)/(m²σ₀² + v) exactly
        double mu = 2.0;
        double s0 = 0.5;
        Diffusion.Drift exact = (x, t, y) -> {
            double[][] a = new double[x.length][1];
            for (int i = 0; i < x.length; i++) {
                double m = SDE.meanWeight(t[i]);
                double var = m * m * s0 * s0 + SDE.variance(t[i]);
                a[i][0] = -SDE.diffusion(t[i]) * (x[i][0] - m * mu) / var;
            }
            return a;
        };
        SplittableRandom rng = new SplittableRandom(1);
        int n = 4000;
        // start from the exact marginal at T (the VP prior N(0, 1) is only approximately reached with β_max = 2)
        double mT = SDE.meanWeight(1.0);
        double sdT = Math.sqrt(mT * mT * s0 * s0 + SDE.variance(1.0));
        double[][] x0 = new double[n][1];
        for (double[] row : x0) row[0] = mT * mu + sdT * rng.nextGaussian();
        double[][] out = Diffusion.sample(exact, SDE, x0, 0, 0, 1000, Diffusion.Sampler.EULER_MARUYAMA, rng, null);
        double mean = 0;
        for (double[] r : out) mean += r[0] / n;
        double var = 0;
        for (double[] r : out) var += (r[0] - mean) * (r[0] - mean) / (n - 1);
        // standard errors for n = 4000: 0.008 on the mean, 0.006 on the std; the discretisation adds less
        assertEquals(mu, mean, 0.03);
        assertEquals(s0, Math.sqrt(var), 0.025);
    }

    @Test
    void trainingIsDeterministicPerSeedAndDropoutMasksTheCondition() {
        double[][] x = new double[64][2];
        double[] y = new double[64];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 64; i++) {
            x[i][0] = r.nextGaussian();
            x[i][1] = r.nextGaussian();
            y[i] = x[i][0] + x[i][1];
        }
        double[] first = null;
        for (int rep = 0; rep < 2; rep++) {
            Denoiser net = Denoiser.create(2, List.of(16, 16), 4, DataType.FLOAT);
            Trainer trainer = Trainer.builder()
                    .epochs(3)
                    .batchSize(16)
                    .shuffle(false)
                    .seed(1)
                    .build();
            Diffusion.fit(net, SDE, x, y, null, 0.15, trainer, 8);
            double[] flat = net.network().flatParameters().toDoubleVector();
            if (first == null) first = flat;
            else assertArrayEquals(first, flat, 0, "same seed, same weights");
        }
        assertEquals(
                "condition dropout must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> Diffusion.weightedDsm(SDE, 1.0, 0))
                        .getMessage());
    }
}
