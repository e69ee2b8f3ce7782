package org.mbo4j.method.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Tensors;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class RgdTest {
    private static Rgd tiny() {
        return Rgd.defaults()
                .quick()
                .with(Rgd.Settings::proxyHidden, 16)
                .with(Rgd.Settings::proxyEpochs, 3)
                .with(Rgd.Settings::hidden, 16)
                .with(Rgd.Settings::embeddingHidden, 16)
                .with(Rgd.Settings::epochs, 3)
                .with(Rgd.Settings::candidates, 4)
                .with(Rgd.Settings::candidateSteps, 5)
                .with(Rgd.Settings::copies, 3)
                .with(Rgd.Settings::fineTuneEpochs, 1)
                .with(Rgd.Settings::steps, 12);
    }

    @Test
    void proposesDecodedSequencesWithAProxyTrajectoryAndIsDeterministic() {
        OfflineProblem p = BonetTest.tfBind8Slice(600);
        Rgd.clearCache();
        Proposal a = tiny().propose(p, 8, 5);
        assertEquals(8, a.size());
        for (double[] d : a.designs()) assertTrue(p.space().contains(d));
        // steps 0, 3, 6, 9, 12 of 12: the noise decoded, each quarter, the proposal last
        Trajectory tr = a.trajectory().orElseThrow();
        assertEquals(5, tr.steps().size());
        assertArrayEquals(a.designs(), tr.steps().get(4).designs());
        Rgd.clearCache(); // the shared denoiser and refinement data are rebuilt from the shared seed: same numbers
        Proposal b = tiny().propose(p, 8, 5);
        assertArrayEquals(a.designs(), b.designs(), "same seed, same designs");
        assertEquals("rgd", Methods.create("rgd").name());
    }

    @Test
    void sharedPiecesAreKeptBesideTheRunsFoldersAndReused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        OfflineProblem p = BonetTest.tfBind8Slice(300);
        Rgd.clearCache();
        Proposal first;
        try (var scope =
                org.mbo4j.nn.TrainingCheckpoints.open(dir.resolve("run-seed4"), java.time.Duration.ZERO, dir)) {
            first = tiny().propose(p, 8, 4);
        }
        java.nio.file.Path shared;
        try (var files = java.nio.file.Files.list(dir)) {
            shared = files.filter(f -> f.getFileName().toString().startsWith("rgd-shared-"))
                    .findFirst()
                    .orElseThrow();
        }
        java.nio.file.Path refinement;
        try (var files = java.nio.file.Files.list(shared)) {
            List<String> names =
                    files.map(f -> f.getFileName().toString()).sorted().toList();
            assertTrue(names.contains("fit-00-rgd_denoiser.ckpt"), names.toString());
            assertTrue(
                    names.contains("fit-00-rgd_proxy_shared_.ckpt"),
                    "seed 4 trained the shared seed's proxy: " + names);
            refinement = shared.resolve(names.stream()
                    .filter(n -> n.startsWith("refinement-"))
                    .findFirst()
                    .orElseThrow());
        }
        java.nio.file.attribute.FileTime written = java.nio.file.Files.getLastModifiedTime(refinement);
        Rgd.clearCache(); // a new JVM: the shared pieces come from disk
        Proposal again;
        try (var scope =
                org.mbo4j.nn.TrainingCheckpoints.open(dir.resolve("run-seed4-again"), java.time.Duration.ZERO, dir)) {
            again = tiny().propose(p, 8, 4);
        }
        assertArrayEquals(first.designs(), again.designs());
        assertEquals(
                written,
                java.nio.file.Files.getLastModifiedTime(refinement),
                "the refinement data were read, not rebuilt");
    }

    @Test
    void boxesKeepTheirBoxAndUseTheContinuousCandidateRate() {
        OfflineProblem box = CbasTest.box();
        Rgd m = tiny();
        assertTrue(
                m.forProblem(box).settings().contains("cand_lr=0.001"),
                m.forProblem(box).settings());
        Proposal p = m.propose(box, 8, 3);
        for (double[] d : p.designs()) assertTrue(((ContinuousSpace) box.space()).contains(d));
    }

    private static GaussianMlp smallProxy(long seed) {
        return GaussianMlp.withFixedBounds(Mlp.builder(2)
                .hidden(4)
                .activation(Activation.relu())
                .outputs(2)
                .init(Init.TORCH_DEFAULT)
                .dataType(DataType.DOUBLE)
                .seed(seed)
                .build());
    }

    @Test
    void kdeIsScottsRuleByHand() {
        // y = 0, 1, 3: variance (ddof 1) 7/3, bandwidth² = 7/3 · 3^(−2/5)
        Rgd.Kde kde = new Rgd.Kde(new double[] {0, 1, 3});
        double h2 = 7.0 / 3 * Math.pow(3, -0.4);
        double expected = 0;
        for (double v : new double[] {0, 1, 3}) expected += Math.exp(-(1.5 - v) * (1.5 - v) / (2 * h2));
        expected /= 3 * Math.sqrt(2 * Math.PI * h2);
        assertEquals(expected, kde.density(1.5), 1e-15);
    }

    @Test
    void klTermWeightsAreClippedAndItsGradientIsTheWeightedScore() {
        GaussianMlp q = smallProxy(3);
        assertEquals(1, q.parameters().size(), "fixed bounds are not parameters");
        INDArray x = Tensors.matrix(new double[][] {{0.5, -1}, {1, 2}, {-0.3, 0.1}}, DataType.DOUBLE);
        INDArray y = Tensors.column(new double[] {0.2, -1.0, 3.0}, DataType.DOUBLE);
        double[] logP = {-1.0, 50.0, -50.0}; // the last two push the weight to its clip, 1 ∓ 4.6052
        double[] mu = Tensors.column(q.forward(x), 0);
        double[] ls = Tensors.column(q.predictLogStd(x), 0);
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            double z = (new double[] {0.2, -1.0, 3.0}[i] - mu[i]) * Math.exp(-ls[i]);
            double lq = -0.5 * Math.log(2 * Math.PI) - ls[i] - 0.5 * z * z;
            double w = Math.min(Math.max(1 + lq - logP[i], 1 - 4.6052), 1 + 4.6052);
            expected += w * lq / 3;
        }
        assertEquals(expected, Rgd.kl(q, x, y, logP, 4.6052, false), 1e-12);
        // its gradient: Σ (w/N)·∇ln q, against a finite difference of Σ (w/N)·ln q with w held
        q.zeroGrad();
        Rgd.kl(q, x, y, logP, 4.6052, true);
        INDArray grad = q.parameters().get(0).grad().dup();
        INDArray theta = q.parameters().get(0).value();
        double[] w = new double[3];
        for (int i = 0; i < 3; i++) {
            double z = (new double[] {0.2, -1.0, 3.0}[i] - mu[i]) * Math.exp(-ls[i]);
            double lq = -0.5 * Math.log(2 * Math.PI) - ls[i] - 0.5 * z * z;
            w[i] = Math.min(Math.max(1 + lq - logP[i], 1 - 4.6052), 1 + 4.6052);
        }
        for (int j = 0; j < theta.length(); j += 7) {
            double old = theta.getDouble(j);
            theta.putScalar(j, old + 1e-6);
            double up = -q.weightedNll(x, y, new double[] {w[0] / 3, w[1] / 3, w[2] / 3}, false);
            theta.putScalar(j, old - 1e-6);
            double down = -q.weightedNll(x, y, new double[] {w[0] / 3, w[1] / 3, w[2] / 3}, false);
            theta.putScalar(j, old);
            assertEquals((up - down) / 2e-6, grad.getDouble(j), 1e-6, "parameter " + j);
        }
    }

    @Test
    void alphasLookAheadGradientMatchesFiniteDifferencesOfTorchsAdamStep() {
        GaussianMlp q = smallProxy(5);
        Param theta = q.parameters().get(0);
        INDArray xb = Tensors.matrix(new double[][] {{0.5, -1}, {1, 2}}, DataType.DOUBLE);
        INDArray yb = Tensors.column(new double[] {0.2, -1.0}, DataType.DOUBLE);
        INDArray xv = Tensors.matrix(new double[][] {{-0.3, 0.1}, {0.7, 0.4}, {2, -1}}, DataType.DOUBLE);
        INDArray yv = Tensors.column(new double[] {1.0, 0.3, -0.5}, DataType.DOUBLE);
        Adam adam = new Adam(1e-2, 0.9, 0.999, Adam.TORCH_EPSILON);
        q.zeroGrad();
        q.nll(xb, yb, null, true);
        adam.step(q.parameters()); // Adam has moments now
        q.zeroGrad();
        q.nll(xb, yb, null, true);
        double[] gNll = theta.grad().dup().data().asDouble();
        double[] gKl = new double[gNll.length];
        for (int i = 0; i < gKl.length; i++) gKl[i] = Math.sin(i + 1.0); // any direction
        double a = 0.004, lr = 1e-2;
        double hyper = Rgd.lookAheadGradient(q, theta, adam, lr, gNll, gKl, a, xv, yv);
        // L_v after PyTorch's Adam step (ε on √v̂) from the same moments, by hand
        java.util.Map<String, INDArray> st = adam.state(List.of(theta), "p");
        double[] m = st.get("p0.m").dup().data().asDouble(),
                v = st.get("p0.v").dup().data().asDouble();
        double[] base = theta.value().dup().data().asDouble();
        java.util.function.DoubleUnaryOperator lv = al -> {
            double b1 = 1 - Math.pow(0.9, 2), b2 = 1 - Math.pow(0.999, 2);
            double[] stepped = new double[base.length];
            for (int i = 0; i < base.length; i++) {
                double g = gNll[i] + al * gKl[i];
                double m1 = 0.9 * m[i] + 0.1 * g, v1 = 0.999 * v[i] + 0.001 * g * g;
                stepped[i] = base[i] - lr / b1 * m1 / (Math.sqrt(v1) / Math.sqrt(b2) + 1e-8);
            }
            theta.value().assign(org.nd4j.linalg.factory.Nd4j.create(stepped));
            double l = q.nll(xv, yv, null, false);
            theta.value().assign(org.nd4j.linalg.factory.Nd4j.create(base));
            return l;
        };
        double fd = (lv.applyAsDouble(a + 1e-7) - lv.applyAsDouble(a - 1e-7)) / 2e-7;
        assertEquals(fd, hyper, 1e-5 * Math.abs(fd));
        assertTrue(Math.abs(fd) > 1e-4, "a gradient worth checking: " + fd);
        assertArrayEquals(base, theta.value().dup().data().asDouble(), 0, "the look-ahead leaves θ as it was");
    }

    @Test
    void refinementMovesTheProxyAndCanBeTurnedOff() {
        OfflineProblem p = BonetTest.tfBind8Slice(400);
        Proposal refined = tiny().propose(p, 8, 2);
        Proposal plain = tiny().with(Rgd.Settings::refine, false).propose(p, 8, 2);
        assertTrue(tiny().settings().contains("refine"), tiny().settings());
        // the same denoiser and start; only the guiding proxy differs, so the predictions along the way differ
        double[] a = refined.trajectory().orElseThrow().steps().get(4).predicted();
        double[] b = plain.trajectory().orElseThrow().steps().get(4).predicted();
        assertTrue(!java.util.Arrays.equals(a, b), "refinement changed the guide");
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertEquals(
                "need 0 ≤ alpha ≤ alpha_max < ∞, got alpha 0.1, alpha_max 0.01",
                assertThrows(IllegalArgumentException.class, () -> tiny().with(Rgd.Settings::alpha, 0.1))
                        .getMessage());
        assertEquals(
                "val must be in (0, 1): the proxy and the diffusion model are selected on held-out rows, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> tiny().with(Rgd.Settings::validationFraction, 0.0))
                        .getMessage());
        assertEquals(
                "omega0 (initial guidance weight) must be a number ≥ 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> tiny().with(Rgd.Settings::guidance, -1.0))
                        .getMessage());
    }
}
