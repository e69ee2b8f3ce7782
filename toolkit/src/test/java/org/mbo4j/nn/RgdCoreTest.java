package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** RGD's pieces of the diffusion core: the embedding denoiser, the score objective, the ELBO and the sampler. */
class RgdCoreTest {
    private static final VpSde SDE = VpSde.ddom();
    private static final DataType D = DataType.DOUBLE;

    @Test
    void embeddingDenoiserGradientsMatchFiniteDifferences() {
        EmbeddingDenoiser net = EmbeddingDenoiser.create(3, 6, 5, 11, D);
        double[][] x = {{0.5, -1.0, 0.2}, {1.5, 0.25, -0.7}};
        double[] t = {0.3, 0.9};
        double[] y = {1.2, 0};
        double[][] c = {{0.3, -0.2, 0.7}, {-1.1, 0.4, 0.05}}; // loss = Σ c·n
        java.util.function.DoubleSupplier loss = () -> {
            double[][] n = net.drift(x, t, y);
            double s = 0;
            for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) s += c[i][j] * n[i][j];
            return s;
        };
        net.zeroGrad();
        net.forward(x, t, y);
        INDArray dx = net.backward(Tensors.matrix(c, D)).dup();
        for (Param p : net.parameters()) {
            GradCheck.check(p.value(), p.grad().dup(), loss, 1e-6);
        }
        // dLoss/dx against central differences in x
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double old = x[i][j];
                x[i][j] = old + 1e-6;
                double up = loss.getAsDouble();
                x[i][j] = old - 1e-6;
                double down = loss.getAsDouble();
                x[i][j] = old;
                assertEquals((up - down) / 2e-6, dx.getDouble(i, j), 1e-6, "dx " + i + "," + j);
            }
        }
        assertEquals(4, net.parameters().size());
    }

    @Test
    void ddomsDenoiserReturnsItsInputGradientToo() {
        Denoiser net = Denoiser.create(2, List.of(5, 4), 3, D);
        double[][] x = {{0.5, -1.0}, {1.5, 0.25}};
        double[] t = {0.3, 0.8}, y = {0.7, 0};
        double[][] c = {{0.3, -0.2}, {-1.1, 0.4}};
        net.forward(x, t, y);
        INDArray dx = net.backward(Tensors.matrix(c, D)).dup();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double old = x[i][j];
                x[i][j] = old + 1e-6;
                double[][] up = net.drift(x, t, y);
                x[i][j] = old - 1e-6;
                double[][] down = net.drift(x, t, y);
                x[i][j] = old;
                double fd = 0;
                for (int r = 0; r < 2; r++) for (int k = 0; k < 2; k++) fd += c[r][k] * (up[r][k] - down[r][k]) / 2e-6;
                assertEquals(fd, dx.getDouble(i, j), 1e-6, "dx " + i + "," + j);
            }
        }
    }

    @Test
    void scoreObjectiveClampsTheNoisyRowsAndScalesByTheStd() {
        EmbeddingDenoiser net = EmbeddingDenoiser.create(2, 4, 4, 3, D);
        double[][] data = {{0.0, -1.0}, {1.0, 1.0}, {0.5, 0.0}};
        Diffusion.Objective rgd = Diffusion.Objective.clipped(SDE, data); // clamp to [0, 1] × [−1, 1]
        double[][] x0 = {{0.5, -1.0}, {1.0, 0.5}};
        double[] y = {0.7, 0};
        double[] w = {1.0, 2.0};
        double[] t = {0.6, 0.95};
        double[][] eps = {{2.5, -0.2}, {-1.1, 3.0}};
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            double m = SDE.meanWeight(t[i]);
            double s = Math.sqrt(1 - m * m);
            double[] xt = {
                Math.min(Math.max(m * x0[i][0] + s * eps[i][0], 0), 1),
                Math.min(Math.max(m * x0[i][1] + s * eps[i][1], -1), 1)
            };
            double[] a = net.drift(new double[][] {xt}, new double[] {t[i]}, new double[] {y[i]})[0];
            double r0 = a[0] * s + eps[i][0];
            double r1 = a[1] * s + eps[i][1];
            expected += w[i] * 0.5 * (r0 * r0 + r1 * r1) / 2;
        }
        assertTrue(0.6 * 0.5 + 0.5 * 2.5 > 1, "the test's first row leaves the range");
        assertEquals(expected, Diffusion.loss(net, rgd, x0, y, w, t, eps, false), 1e-12);
        net.zeroGrad();
        Diffusion.loss(net, rgd, x0, y, w, t, eps, true);
        for (Param p : net.parameters()) {
            GradCheck.check(p.value(), p.grad().dup(), () -> Diffusion.loss(net, rgd, x0, y, w, t, eps, false), 1e-6);
        }
        assertEquals(
                "the clamp needs both bounds, of one width",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new Diffusion.Objective(SDE, Diffusion.Target.SCORE, new double[1], null))
                        .getMessage());
    }

    @Test
    void elboMatchesItsFormulaWithAFiniteDifferenceJacobian() {
        EmbeddingDenoiser net = EmbeddingDenoiser.create(2, 5, 4, 7, D);
        double[][] x = {{0.4, -0.3}, {-1.2, 0.8}, {0.1, 0.0}};
        double[] y = {0.5, -0.5, 0};
        double[] got = Diffusion.elbo(net, SDE, x, y, new SplittableRandom(9));
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 3; i++) {
            double t = r.nextDouble();
            double m = SDE.meanWeight(t), s = SDE.std(t);
            double[] xt = {m * x[i][0] + s * r.nextGaussian(), m * x[i][1] + s * r.nextGaussian()};
            double[] v = {r.nextDouble() >= 0.5 ? 1 : -1, r.nextDouble() >= 0.5 ? 1 : -1};
            double mT = SDE.meanWeight(1), sT = SDE.std(1);
            double[] xT = {mT * x[i][0] + sT * r.nextGaussian(), mT * x[i][1] + sT * r.nextGaussian()};
            double g2 = SDE.beta(t);
            // μ(z) = g²·s(z) + ½β·z; vᵀ(∂μ/∂z)v by a central difference along v
            double h = 1e-6;
            double[] up = net.drift(
                            new double[][] {{xt[0] + h * v[0], xt[1] + h * v[1]}}, new double[] {t}, new double[] {y[i]
                            })[0];
            double[] down = net.drift(
                            new double[][] {{xt[0] - h * v[0], xt[1] - h * v[1]}}, new double[] {t}, new double[] {y[i]
                            })[0];
            double vjv = 0;
            for (int j = 0; j < 2; j++) vjv += (g2 * (up[j] - down[j]) / (2 * h) + 0.5 * g2 * v[j]) * v[j];
            double[] sc = net.drift(new double[][] {xt}, new double[] {t}, new double[] {y[i]})[0];
            double aa = g2 * (sc[0] * sc[0] + sc[1] * sc[1]);
            double lp = 0;
            for (int j = 0; j < 2; j++) lp += -xT[j] * xT[j] / (2 + 1e-5) - 0.5 * Math.log(2 * Math.PI);
            assertEquals(lp - vjv - 0.5 * aa, got[i], 1e-7, "row " + i);
        }
    }

    /**
     * s(x, t, y) = −(x − m(t)·μ_y)/(m(t)²σ₀² + v(t)), the exact score of data N(μ_y, σ₀²) under the VP SDE, with
     * μ_y = {@code conditional} for y ≠ 0 and {@code unconditional} for y = 0.
     */
    private static final class GaussianScore implements DiffusionNetwork {
        final double conditional;
        final double unconditional;
        final double s0;
        double[] slope = new double[0];

        GaussianScore(double conditional, double unconditional, double s0) {
            this.conditional = conditional;
            this.unconditional = unconditional;
            this.s0 = s0;
        }

        @Override
        public int dims() {
            return 1;
        }

        @Override
        public DataType dataType() {
            return D;
        }

        @Override
        public INDArray forward(double[][] x, double[] t, double[] y) {
            double[][] out = new double[x.length][1];
            slope = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double m = SDE.meanWeight(t[i]);
                double var = m * m * s0 * s0 + SDE.variance(t[i]);
                double mu = y[i] != 0 ? conditional : unconditional;
                out[i][0] = -(x[i][0] - m * mu) / var;
                slope[i] = -1 / var;
            }
            return Tensors.matrix(out, D);
        }

        @Override
        public INDArray backward(INDArray dn) {
            INDArray dx = dn.dup('f');
            for (int i = 0; i < slope.length; i++) dx.putScalar(i, 0, dn.getDouble(i, 0) * slope[i]);
            return dx;
        }

        @Override
        public List<Param> parameters() {
            return List.of();
        }
    }

    private static Mlp linearProxy(double weight) {
        Mlp f = Mlp.builder(1).hidden().outputs(1).dataType(D).build();
        f.weight(0).assign(weight);
        f.bias(0).assign(0);
        return f;
    }

    @Test
    void withAFlatProxyTheOdeCarriesTheMarginalAtTToTheData() {
        double mu = 2.0, s0 = 0.5;
        GaussianScore exact = new GaussianScore(mu, mu, s0);
        SplittableRandom rng = new SplittableRandom(1);
        int n = 4000;
        double mT = SDE.meanWeight(1.0);
        double sdT = Math.sqrt(mT * mT * s0 * s0 + SDE.variance(1.0));
        double[][] x0 = new double[n][1];
        for (double[] row : x0) row[0] = mT * mu + sdT * rng.nextGaussian();
        ProxyEnhancedSampling.Result out =
                ProxyEnhancedSampling.sample(exact, SDE, linearProxy(0), x0, 1.0, 2.0, 0.01, 200, null);
        double mean = 0;
        for (double[] r : out.x()) mean += r[0] / n;
        double var = 0;
        for (double[] r : out.x()) var += (r[0] - mean) * (r[0] - mean) / (n - 1);
        // the flow is deterministic: only the draws at T (standard errors 0.008 and 0.006) and Heun's error remain
        assertEquals(mu, mean, 0.03);
        assertEquals(s0, Math.sqrt(var), 0.02);
        for (double w : out.guidance()) assertEquals(2.0, w, 0, "a zero proxy gradient leaves ω alone");
    }

    @Test
    void guidanceRisesWhenTheProxyRewardsTheConditionalDirection() {
        GaussianScore net = new GaussianScore(2.0, 0.0, 0.5); // the conditional model sits to the right
        double[][] x0 = new double[16][1];
        SplittableRandom rng = new SplittableRandom(3);
        for (double[] row : x0) row[0] = rng.nextGaussian();
        ProxyEnhancedSampling.Result up =
                ProxyEnhancedSampling.sample(net, SDE, linearProxy(1), x0, 1.0, 2.0, 0.01, 50, null);
        ProxyEnhancedSampling.Result down =
                ProxyEnhancedSampling.sample(net, SDE, linearProxy(-1), x0, 1.0, 2.0, 0.01, 50, null);
        for (int i = 0; i < 16; i++) {
            assertTrue(up.guidance()[i] > 2.0, "f(x) = x: ω grows, row " + i + ": " + up.guidance()[i]);
            assertTrue(down.guidance()[i] < 2.0, "f(x) = −x: ω shrinks, row " + i + ": " + down.guidance()[i]);
            assertTrue(up.x()[i][0] > down.x()[i][0], "row " + i);
        }
    }

    @Test
    void guidanceGradientMatchesFiniteDifferencesOnHeunAndLastSteps() {
        EmbeddingDenoiser net = EmbeddingDenoiser.create(2, 6, 5, 13, D);
        for (Param p : net.parameters()) p.value().muli(2.5); // outputs that depend on y, so ω matters
        Mlp proxy = Mlp.builder(2)
                .hidden(5)
                .activation(Activation.swish())
                .init(Init.TORCH_DEFAULT)
                .dataType(D)
                .seed(4)
                .build();
        double[][] x = {{0.4, -0.3}, {-1.2, 0.8}, {0.1, 0.0}};
        double[] w = {2.0, 0.5, 3.0};
        for (int i : new int[] {0, 1}) { // of two steps: the first has Heun's correction, the second is the last
            ProxyEnhancedSampling.Pair first = ProxyEnhancedSampling.evaluate(net, x, 1.0 - i * 0.5, 4.0);
            ProxyEnhancedSampling.Step at =
                    ProxyEnhancedSampling.step(net, SDE, proxy, x, first, 4.0, i, 2, w, true, null);
            double[] grad = at.gradient();
            double[] s = at.score(); // held constant, as the authors detach it
            for (int r = 0; r < 3; r++) {
                double old = w[r];
                w[r] = old + 1e-6;
                double lu = ProxyEnhancedSampling.step(net, SDE, proxy, x, first, 4.0, i, 2, w, false, s)
                        .loss();
                w[r] = old - 1e-6;
                double ld = ProxyEnhancedSampling.step(net, SDE, proxy, x, first, 4.0, i, 2, w, false, s)
                        .loss();
                w[r] = old;
                double fd = (lu - ld) / 2e-6;
                assertEquals(fd, grad[r], 1e-6 * Math.max(Math.abs(fd), 1e-2), "step " + i + ", row " + r);
                assertTrue(Math.abs(grad[r]) > 1e-4, "a gradient worth checking: " + grad[r]);
            }
        }
        assertEquals(
                "the initial guidance weight must be a number ≥ 0, got -1.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ProxyEnhancedSampling.sample(net, SDE, proxy, x, 1, -1, 0.01, 10, null))
                        .getMessage());
    }
}
