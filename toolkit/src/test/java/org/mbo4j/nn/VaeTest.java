package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class VaeTest {
    private static double softplus(double v) {
        return Math.log(1 + Math.exp(v));
    }

    /** σ of the encoder for a raw log-std with the initial bounds 0.2 / 0.1, written out by hand. */
    private static double encoderSigma(double raw) {
        double max = Math.log(0.2);
        double min = Math.log(0.1);
        double l1 = max - softplus(max - raw);
        double logstd = min + softplus(l1 - min);
        return softplus(logstd);
    }

    /** One-hot rows of a batch of class indices. */
    private static INDArray oneHot(int[][] classes, int k) {
        double[][] rows = new double[classes.length][classes[0].length * k];
        for (int i = 0; i < classes.length; i++)
            for (int l = 0; l < classes[i].length; l++) rows[i][l * k + classes[i][l]] = 1;
        return Tensors.matrix(rows, DataType.DOUBLE);
    }

    private static Vae tiny(Vae.Builder b, long seed) {
        return b.hidden(4).latent(2).dataType(DataType.DOUBLE).seed(seed).build();
    }

    private static double[][] eps(int n, int j, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] e = new double[n][j];
        for (double[] row : e) for (int c = 0; c < j; c++) row[c] = r.nextGaussian();
        return e;
    }

    @Test
    void categoricalElboGradientsMatchFiniteDifferences() {
        Vae v = tiny(Vae.categorical(3, 3), 4);
        INDArray x = oneHot(new int[][] {{0, 1, 2}, {2, 2, 0}, {1, 0, 1}, {0, 0, 0}}, 3);
        INDArray w = Nd4j.create(new double[][] {{1}, {0.5}, {2}, {0}});
        double[][] e = eps(4, 2, 7);
        v.zeroGrad();
        v.loss(x, w, 0.7, e, true);
        for (Param p : v.parameters()) {
            INDArray grad = p.grad().dup();
            GradCheck.check(p.value(), grad, () -> v.loss(x, w, 0.7, e, false).loss(), 1e-5);
        }
    }

    @Test
    void gaussianElboGradientsMatchFiniteDifferencesIncludingBothBounds() {
        Vae v = tiny(Vae.gaussian(3), 5);
        INDArray x = MlpTest.randomX(5, 3, 12);
        INDArray w = Nd4j.create(new double[][] {{1}, {3}, {0.2}, {1}, {2}});
        double[][] e = eps(5, 2, 8);
        v.zeroGrad();
        v.loss(x, w, 1.3, e, true);
        assertEquals(4, v.logStdBounds().length());
        for (Param p : v.parameters()) {
            INDArray grad = p.grad().dup();
            GradCheck.check(p.value(), grad, () -> v.loss(x, w, 1.3, e, false).loss(), 1e-5);
        }
    }

    @Test
    void gradientsAccumulateAfterDiscardAsAfterZero() {
        Vae v = tiny(Vae.categorical(2, 3), 6);
        INDArray x = oneHot(new int[][] {{0, 1}, {2, 2}}, 3);
        double[][] e = eps(2, 2, 9);
        v.zeroGrad();
        v.loss(x, null, 1, e, true);
        double[] zeroed = v.parameters().get(0).grad().toDoubleVector();
        v.loss(x, null, 1, e, true); // accumulates: twice the gradient
        v.discardGrad();
        v.loss(x, null, 1, e, true);
        assertArrayEquals(zeroed, v.parameters().get(0).grad().toDoubleVector(), 1e-12);
    }

    /** Encoder and decoder whose last layers are zero: outputs are their last biases, whatever x and z. */
    private static Vae constant(Vae v, double[] encBias, double[] decBias) {
        v.encoder().weight(1).assign(0);
        v.encoder().bias(1).assign(Nd4j.create(new double[][] {encBias}));
        v.decoder().weight(1).assign(0);
        v.decoder().bias(1).assign(Nd4j.create(new double[][] {decBias}));
        return v;
    }

    @Test
    void elboAndKlMatchHandComputedValues() {
        // latent 2: means (0.5, −1), raw log-stds (0, −2); 2 positions × 2 classes with logits (1, 0) and (0, 2)
        Vae v = constant(tiny(Vae.categorical(2, 2), 1), new double[] {0.5, -1, 0, -2}, new double[] {1, 0, 0, 2});
        double s1 = encoderSigma(0);
        double s2 = encoderSigma(-2);
        double kl = (-Math.log(s1) + 0.5 * (s1 * s1 + 0.25) - 0.5) + (-Math.log(s2) + 0.5 * (s2 * s2 + 1) - 0.5);
        // row 0 = classes (0, 1): −log(e/(e+1)) − log(e²/(1+e²)); row 1 = classes (1, 0): −log(1/(e+1)) − log(1/(1+e²))
        double e = Math.E;
        double nll0 = -Math.log(e / (e + 1)) - Math.log(e * e / (1 + e * e));
        double nll1 = Math.log(e + 1) + Math.log(1 + e * e);
        INDArray x = oneHot(new int[][] {{0, 1}, {1, 0}}, 2);
        INDArray w = Nd4j.create(new double[][] {{2}, {0.5}});
        double[][] eps = eps(2, 2, 3);
        Elbo got = v.loss(x, w, 0.5, eps, false);
        assertEquals((nll0 + nll1) / 2, got.nll(), 1e-12);
        assertEquals(kl, got.kl(), 1e-12);
        // the authors' mean of wᵢ·(nllᵢ + β·KLᵢ), not a weight-normalised mean
        assertEquals((2 * (nll0 + 0.5 * kl) + 0.5 * (nll1 + 0.5 * kl)) / 2, got.loss(), 1e-12);
        assertArrayEquals(new double[] {-nll0 - kl, -nll1 - kl}, v.elbo(x, eps), 1e-12);
        assertArrayEquals(
                new double[] {-nll0, -nll1}, v.logLikelihood(new double[][] {{3, 3}, {-1, 0}}, Tensors.rows(x)), 1e-12);
    }

    @Test
    void gaussianLikelihoodMatchesHandComputedValue() {
        Vae v = Vae.gaussian(1).hidden(3).latent(1).dataType(DataType.DOUBLE).build();
        v.decoder().weight(1).assign(0);
        v.decoder().bias(1).assign(Nd4j.create(new double[][] {{0.25, 0.0}})); // mean 0.25, raw log-std 0
        double max = Math.log(0.2);
        double min = Math.log(0.1);
        double logstd = min + softplus(max - softplus(max) - min);
        double r = (1.0 - 0.25) / Math.exp(logstd);
        double expected = -0.5 * Math.log(2 * Math.PI) - logstd - 0.5 * r * r;
        assertEquals(expected, v.logLikelihood(new double[][] {{0.3}}, new double[][] {{1.0}})[0], 1e-12);
    }

    @Test
    void posteriorMeanAndScaleMatchHandComputedValues() {
        Vae v = constant(tiny(Vae.categorical(1, 2), 2), new double[] {0.5, -1, 0, -2}, new double[] {0, 0});
        double[][][] post = v.posterior(oneHot(new int[][] {{1}}, 2));
        assertArrayEquals(new double[] {0.5, -1}, post[0][0], 1e-12);
        assertArrayEquals(new double[] {encoderSigma(0), encoderSigma(-2)}, post[1][0], 1e-12);
    }

    @Test
    void samplingIsDeterministicPerSeed() {
        Vae v = Vae.categorical(8, 4).hidden(16).latent(4).seed(3).build();
        double[][] z1 = v.standardNormal(50, new SplittableRandom(11));
        double[][] z2 = v.standardNormal(50, new SplittableRandom(11));
        double[][] z3 = v.standardNormal(50, new SplittableRandom(12));
        assertArrayEquals(z1, z2);
        assertFalse(Arrays.deepEquals(z1, z3));
        double[][] x1 = v.sample(z1, new SplittableRandom(5));
        double[][] x2 = v.sample(z2, new SplittableRandom(5));
        assertArrayEquals(x1, x2);
        for (double[] row : x1) {
            double s = 0;
            for (double d : row) s += d;
            assertEquals(8, s); // one class per position
        }
        Vae g = Vae.gaussian(3).hidden(8).latent(2).seed(1).build();
        double[][] zg = g.standardNormal(10, new SplittableRandom(1));
        assertArrayEquals(g.sample(zg, new SplittableRandom(2)), g.sample(zg, new SplittableRandom(2)));
    }

    /** Two positions over two classes: position 0 is class 1 with probability 0.2, position 1 with 0.7. */
    private static int[][] twoClassData(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] c = new int[n][2];
        for (int[] row : c) {
            row[0] = r.nextDouble() < 0.2 ? 1 : 0;
            row[1] = r.nextDouble() < 0.7 ? 1 : 0;
        }
        return c;
    }

    private static double[] marginals(Vae v, int n, long seed) {
        double[][] x = v.sample(v.standardNormal(n, new SplittableRandom(seed)), new SplittableRandom(seed + 1));
        double[] m = new double[2];
        for (double[] row : x) {
            m[0] += row[1] / n; // position 0, class 1
            m[1] += row[3] / n; // position 1, class 1
        }
        return m;
    }

    @Test
    void trainedOnAKnownDistributionItsPriorSamplesRecoverTheMarginals() {
        int n = 2000;
        int[][] c = twoClassData(n, 1);
        INDArray x = oneHot(c, 2).castTo(DataType.FLOAT);
        Vae v = Vae.categorical(2, 2).hidden(16).latent(2).seed(0).build();
        Trainer t = Trainer.builder()
                .epochs(15)
                .learningRate(1e-2)
                .batchSize(100)
                .seed(0)
                .build();
        t.fit(v, x, Nd4j.zeros(DataType.FLOAT, n, 1), null, Vae.elboLoss(1.0, 0));
        double[] m = marginals(v, 4000, 9);
        assertEquals(0.2, m[0], 0.04);
        assertEquals(0.7, m[1], 0.04);

        // weighted maximum likelihood: weight 4 on rows whose position 0 is class 1 moves that marginal to
        // 0.2·4 / (0.2·4 + 0.8) = 0.5 and leaves position 1 (independent) at 0.7
        double[][] w = new double[n][1];
        for (int i = 0; i < n; i++) w[i][0] = c[i][0] == 1 ? 4 : 1;
        Vae q = Vae.categorical(2, 2).hidden(16).latent(2).seed(0).build();
        t.fit(q, x, Nd4j.zeros(DataType.FLOAT, n, 1), Tensors.matrix(w, DataType.FLOAT), Vae.elboLoss(1.0, 0));
        double[] mq = marginals(q, 4000, 9);
        assertEquals(0.5, mq[0], 0.05);
        assertEquals(0.7, mq[1], 0.05);
    }

    @Test
    void aNonFiniteWeightStopsTrainingWithTheEpoch() {
        INDArray x = oneHot(twoClassData(50, 2), 2).castTo(DataType.FLOAT);
        double[][] w = new double[50][1];
        for (double[] row : w) row[0] = 1;
        w[7][0] = Double.POSITIVE_INFINITY;
        Vae v = Vae.categorical(2, 2).hidden(4).latent(2).build();
        Trainer t = Trainer.builder().epochs(3).batchSize(100).build();
        TrainingDivergedException e = assertThrows(
                TrainingDivergedException.class,
                () -> t.fit(
                        v,
                        x,
                        Nd4j.zeros(DataType.FLOAT, 50, 1),
                        Tensors.matrix(w, DataType.FLOAT),
                        Vae.elboLoss(1, 0)));
        assertEquals(1, e.epoch());
        assertTrue(e.getMessage().startsWith("training diverged at epoch 1 of 3 (loss = Infinity)"), e.getMessage());
    }

    /**
     * The loss's parts per epoch: unweighted, β = 1, the epoch's training loss is the mean of nll + KL over its rows,
     * so it equals the recorded nll plus kl; with β = 0.25 it is nll + 0.25·kl.
     */
    @Test
    void epochMetricsAreTheReconstructionAndKlWhoseSumIsTheLoss() {
        int n = 300;
        INDArray x = oneHot(twoClassData(n, 3), 2).castTo(DataType.FLOAT);
        for (double beta : new double[] {1.0, 0.25}) {
            Vae v = Vae.categorical(2, 2).hidden(8).latent(2).seed(1).build();
            TrainingHistory h = Trainer.builder()
                    .epochs(3)
                    .learningRate(1e-2)
                    .batchSize(64)
                    .validationSize(50)
                    .seed(2)
                    .build()
                    .fit(v, x, Nd4j.zeros(DataType.FLOAT, n, 1), null, Vae.elboLoss(beta, 0));
            assertEquals(List.of("nll", "kl"), List.copyOf(h.metrics().keySet()));
            for (int e = 0; e < 3; e++) {
                double nll = h.metrics().get("nll").get(e);
                double kl = h.metrics().get("kl").get(e);
                assertTrue(nll > 0 && kl >= 0, "nll " + nll + ", kl " + kl);
                assertEquals(
                        h.trainLoss().get(e),
                        nll + beta * kl,
                        1e-5 * h.trainLoss().get(e),
                        "epoch " + e);
            }
        }
    }

    /** Both VAEs' losses refuse the same bad β with the same line (one shared ELBO loss). */
    @Test
    void bothVaeLossesRefuseABadKlWeight() {
        for (double beta : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            var a = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> Vae.elboLoss(beta, 0));
            var b = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> ConvSequenceVae.meanLatentElbo(beta));
            assertEquals("the KL weight β must be a finite number ≥ 0, got " + beta, a.getMessage());
            assertEquals(a.getMessage(), b.getMessage());
        }
    }
}
