package org.mbo4j.method.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.eval.Score;
import org.mbo4j.method.Method;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.baseline.RandomSearch;
import org.mbo4j.method.surrogate.ConservativeLoss;
import org.mbo4j.method.surrogate.InvariantObjectiveModels.InvarianceLoss;
import org.mbo4j.method.surrogate.InvariantObjectiveModels.RepresentationModel;
import org.mbo4j.method.surrogate.RobustModelAdaptation;
import org.mbo4j.moo.Pareto;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Tensors;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code mm-coms}, {@code mm-roma}, {@code mm-iom}: each objective's loss is the single-objective method's loss with
 * Off-MOO-Bench's values (checked by hand on tiny batches), the data pruning, and the whole methods on ZDT1.
 */
class MultipleModelsVariantsTest {

    /**
     * COMs on a minimised target, by hand on a linear model f(x) = w·x (w = (1, 2), b = 0), two steps of η = 0.05·√2:
     * x⁻ = x − 2η·w, so mean f(x) − mean f(x⁻) = 2η·‖w‖² = 0.70711. x = (0.1, 0.2), (0.3, −0.1), y = (0.2, 0.4):
     * f(x) = (0.5, 0.1), residuals (0.3, −0.3), MSE 0.09; loss 0.09 + 0.1·0.70711. Gradients (×5, the pruning's
     * 1/0.2): ∂/∂w = 5·[Σ rᵢxᵢ + α·2η·w] = 5·[(−0.06, 0.09) + 0.0141421·(1, 2)], ∂/∂b = 5·mean 2r = 0. The
     * overestimation exceeds the limit 0.5, so α grows: log α + 0.01 after Adam's first step.
     */
    @Test
    void comsLossIsTheConservativeLossOnTheMinimisedTarget() {
        MultipleModelsComs m = MultipleModelsComs.defaults().with(MultipleModelsComs.Settings::particleSteps, 2);
        ConservativeLoss loss = m.loss(2);
        Mlp f = Mlp.builder(2).hidden().outputs(1).dataType(DataType.DOUBLE).build();
        f.weight(0).assign(Tensors.matrix(new double[][] {{1}, {2}}, DataType.DOUBLE));
        f.bias(0).assign(0);
        INDArray x = Tensors.matrix(new double[][] {{0.1, 0.2}, {0.3, -0.1}}, DataType.DOUBLE);
        INDArray negY = Tensors.matrix(new double[][] {{-0.2}, {-0.4}}, DataType.DOUBLE);
        NegatedOutput h = new NegatedOutput(f);
        f.zeroGrad();
        Batch batch = new Batch(x, negY, null, 1, 0);
        double value = loss.lossAndGradients(h, batch);
        double over = 2 * 0.05 * Math.sqrt(2) * 5;
        assertEquals(0.7071068, over, 1e-6);
        assertEquals(0.09 + 0.1 * over, value, 1e-12);
        assertEquals(over, loss.lastOverestimation(), 1e-12);
        double pen = 0.1 * 2 * 0.05 * Math.sqrt(2);
        assertArrayEquals(
                new double[] {5 * (-0.06 + pen), 5 * (0.09 + 2 * pen)},
                new double[] {f.weightGrad(0).getDouble(0, 0), f.weightGrad(0).getDouble(1, 0)},
                1e-12);
        assertEquals(0, f.biasGrad(0).getDouble(0), 1e-12);
        assertEquals(0.09, loss.loss(h, batch), 1e-12, "validation: the MSE");
        loss.afterStep(h, batch);
        assertEquals(Math.log(0.1) + 0.01, Math.log(loss.alpha()), 1e-6);
    }

    /**
     * RoMA's warm-up as Off-MOO-Bench runs it: with one perturbation step and no noise, each weight and bias tensor
     * moves by η·‖w‖/‖g‖·g (g the NLL's gradient: ascent on the NLL), the loss is the NLL at the perturbed weights,
     * its gradient is clipped element by element to [−1, 1], and after the step the perturbation is removed.
     */
    @Test
    void romaLossIsTheWarmupLossWithElementwiseClipping() {
        MultipleModelsRoma m = MultipleModelsRoma.defaults()
                .with(MultipleModelsRoma.Settings::noiseStd, 0.0)
                .with(MultipleModelsRoma.Settings::perturbSteps, 1)
                .with(MultipleModelsRoma.Settings::innerLr, 0.05);
        RobustModelAdaptation.WarmupLoss loss = m.loss(3);
        GaussianMlp model = GaussianMlp.of(
                Mlp.builder(2)
                        .hidden(4)
                        .activation(Activation.softplus())
                        .dataType(DataType.DOUBLE)
                        .seed(3),
                1);
        INDArray x = Tensors.matrix(new double[][] {{0.1, 0.9}, {0.7, 0.2}, {0.4, 0.4}}, DataType.DOUBLE);
        INDArray y = Tensors.matrix(new double[][] {{3}, {-2}, {4}}, DataType.DOUBLE); // far off: big gradients
        GaussianMlp ref = model.copy();
        ref.zeroGrad();
        ref.nll(x, y, null, true);
        GaussianMlp perturbed = model.copy();
        for (int l = 0; l < 2; l++) {
            move(perturbed.core().weight(l), ref.core().weightGrad(l), 0.05);
            move(perturbed.core().bias(l), ref.core().biasGrad(l), 0.05);
        }
        perturbed.zeroGrad();
        double nll = perturbed.nll(x, y, null, true);
        INDArray w0 = model.core().flatParameters().dup();
        model.zeroGrad();
        Batch batch = new Batch(x, y, null, 1, 0);
        assertEquals(nll, loss.lossAndGradients(model, batch), 1e-12);
        for (int l = 0; l < 2; l++) {
            assertEquals(
                    0,
                    perturbed
                            .core()
                            .weight(l)
                            .sub(model.core().weight(l))
                            .norm2Number()
                            .doubleValue(),
                    1e-12);
        }
        boolean clipped = false;
        for (int p = 0; p < 2; p++) {
            INDArray want = perturbed.parameters().get(p).grad();
            INDArray got = model.parameters().get(p).grad();
            for (long i = 0; i < want.length(); i++) {
                double g = want.getDouble(i);
                clipped |= Math.abs(g) > 1;
                assertEquals(Math.max(-1, Math.min(1, g)), got.getDouble(i), 1e-12);
            }
        }
        assertTrue(clipped, "the batch must have gradient elements beyond ±1");
        loss.afterStep(model, batch);
        assertEquals(0, model.core().flatParameters().sub(w0).norm2Number().doubleValue(), 1e-12);
    }

    /** w ← w + η·‖w‖/‖g‖·g. */
    private static void move(INDArray w, INDArray g, double lr) {
        double gn = g.norm2Number().doubleValue();
        w.addi(g.mul(lr * w.norm2Number().doubleValue() / gn));
    }

    /**
     * IOM as Off-MOO-Bench's trainer runs it: the particles stay put, the loss is MSE − 2·d_loss with
     * d_loss = ½·mean(σ(D(z(x))) − 1)² + ½·mean σ(D(z(x⁻)))², the model's gradients are those of λ = 2, and the
     * discriminator's gradient is −3 times the one that minimises d_loss.
     */
    @Test
    void iomLossIsTheInvarianceLossWithStaticParticlesAndOffMooBenchsWeights() {
        MultipleModelsIom m = MultipleModelsIom.defaults().quick();
        assertEquals(-3, m.config().discriminatorGradScale(), 0);
        INDArray x = Tensors.matrix(new double[][] {{0.1, 0.9}, {0.7, 0.2}, {0.4, 0.4}}, DataType.FLOAT);
        INDArray y = Tensors.matrix(new double[][] {{0.3}, {0.1}, {0.8}}, DataType.FLOAT);
        INDArray particles = Tensors.matrix(new double[][] {{0.2, 0.1}, {0.5, 0.5}}, DataType.FLOAT);
        RepresentationModel model = m.network(2, 7);
        Mlp disc = m.discriminator(7);
        InvarianceLoss loss = m.loss(disc, particles);
        RepresentationModel model1 = m.network(2, 7);
        Mlp disc1 = m.discriminator(7);
        InvarianceLoss plain = new InvarianceLoss(disc1, 1e-3, 2, particles, 0, 1);
        // by hand, before the step
        double[] pred = column(model.forward(x));
        double mse = 0;
        for (int i = 0; i < 3; i++) mse += Math.pow(pred[i] - y.getDouble(i, 0), 2) / 3;
        double[] real = column(disc.forward(model.representation(x)));
        double[] fake = column(disc.forward(model.representation(particles)));
        double dLoss = 0;
        for (double r : real) dLoss += 0.5 * Math.pow(sigmoid(r) - 1, 2) / 3;
        for (double f : fake) dLoss += 0.5 * Math.pow(sigmoid(f), 2) / 2;
        model.zeroGrad();
        model1.zeroGrad();
        Batch batch = new Batch(x, y, null, 1, 0);
        double value = loss.lossAndGradients(model, batch);
        assertEquals(mse - 2 * dLoss, value, 1e-5);
        assertEquals(value, plain.lossAndGradients(model1, batch), 0);
        assertEquals(0, loss.particles().sub(particles).norm2Number().doubleValue(), 0, "the particles stay put");
        for (int p = 0; p < model.parameters().size(); p++) {
            assertEquals(
                    model1.parameters().get(p).grad(), model.parameters().get(p).grad(), "model gradient " + p);
        }
        List<Param> d = disc.parameters();
        List<Param> d1 = disc1.parameters();
        double norm = 0;
        for (int p = 0; p < d.size(); p++) {
            INDArray want = d1.get(p).grad().mul(-3);
            assertEquals(0, want.sub(d.get(p).grad()).norm2Number().doubleValue(), 1e-6, "disc gradient " + p);
            norm += want.norm2Number().doubleValue();
        }
        assertTrue(norm > 0, "the discriminator has a gradient");
    }

    private static double[] column(INDArray a) {
        double[] c = new double[(int) a.rows()];
        for (int i = 0; i < c.length; i++) c[i] = a.getDouble(i, 0);
        return c;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * softplus(z) = log(1 + eᶻ) and its derivative σ(z), through an Mlp, in float64 (ND4J ops) and float32 (the Java
     * loop on host buffers).
     */
    @Test
    void softplusForwardAndBackward() {
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-6;
            Mlp net = Mlp.builder(1)
                    .hidden(1)
                    .activation(Activation.softplus())
                    .outputs(1)
                    .dataType(type)
                    .build();
            net.weight(0).assign(1);
            net.bias(0).assign(0);
            net.weight(1).assign(1);
            net.bias(1).assign(0);
            for (double z : new double[] {-30, -2, 0, 0.5, 40}) {
                INDArray x = Tensors.matrix(new double[][] {{z}, {z}}, type);
                double want = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
                assertEquals(want, net.forward(x).getDouble(1, 0), tol * Math.max(1, want), type + " z = " + z);
                double g = net.inputGradient(x, 0).getDouble(1, 0);
                assertEquals(sigmoid(z), g, tol, type + " z = " + z);
            }
        }
        assertEquals("softplus", Activation.softplus().toString());
    }

    /** Pruning keeps ⌊0.2·n⌋ rows, the best by non-dominated sorting and crowding, with the full data's scaling. */
    @Test
    void pruningKeepsTheNdsBestRowsWithTheSameScaling() {
        MultiObjectiveData all = MultiObjectiveData.of(DnnProxiesTest.twoObjectives());
        MultiObjectiveData kept = all.pruned(0.2);
        assertEquals(12, kept.size());
        int[] rows = Pareto.selectBest(all.targets(), 12);
        double[][] x = all.inputs();
        double[][] t = all.targets();
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(x[rows[i]], kept.inputs()[i]);
            assertArrayEquals(t[rows[i]], kept.targets()[i]);
        }
        assertArrayEquals(all.decode(new double[][] {{0.3, 0.2, 0.9}}), kept.decode(new double[][] {{0.3, 0.2, 0.9}}));
        var e = assertThrows(IllegalArgumentException.class, () -> all.pruned(0.02));
        assertEquals(
                "pruning 60 rows to 0.02 keeps 1; a proxy needs at least 2 rows: use more data or a larger preserved "
                        + "ratio",
                e.getMessage());
    }

    @Test
    void registeredWithOffMooBenchDefaults() {
        assertEquals(
                "hidden=[2048,2048] leaky=0.01 epochs=200 lr=1.0e-03 batch=128 val=0.10 keep=0.20 alpha0=0.100 "
                        + "alpha_lr=0.0100 limit=0.500 particle_lr=0.0500·sqrt(d) particle_steps=50 nsga2_gen=50",
                Methods.create("mm-coms").settings());
        assertEquals(
                "hidden=[64,64] softplus gaussian warmup=50 lr=3.0e-04 batch=128 val=0.10 keep=0.20 noise=0.20x2 "
                        + "perturb_steps=20 inner_lr=0.0050 nsga2_gen=50",
                Methods.create("mm-roma").settings());
        assertEquals(
                "hidden=[2048,2048] latent=128 disc=[512,512,256] epochs=200 lr=3.0e-04 disc_lr=1.0e-03 batch=128 "
                        + "val=0.10 keep=0.20 mmd_param=2.00 particles=256 nsga2_gen=50",
                Methods.create("mm-iom").settings());
        for (String name : List.of("mm-coms", "mm-roma", "mm-iom")) {
            Method m = Methods.create(name);
            assertEquals(name, m.name());
            assertTrue(m.quick().settings().startsWith("quick: "), name);
            assertTrue(m.handlesObjectives(2) && m.handlesObjectives(6), name);
            assertFalse(m.handlesObjectives(1), name);
            assertTrue(m.supports(SequenceSpace.of(4, SequenceSpace.DNA)), name);
        }
    }

    /**
     * Each variant end to end on ZDT1 with its quick settings: 256 designs in the box with two predicted objectives,
     * and a hypervolume (Off-MOO-Bench's protocol) not below 256 random designs' for {@code mm-coms}, within
     * 0.85 × random's for the other two (see the comment below).
     */
    @Test
    void quickRunsOnZdt1() {
        Task t = Tasks.load("ZDT1");
        Evaluation ev = Evaluation.of(t);
        double random =
                ev.score(new RandomSearch().propose(t.problem(), 256, 0)).hv100();
        for (String name : List.of("mm-coms", "mm-roma", "mm-iom")) {
            Proposal a = Methods.create(name).quick().propose(t.problem(), 256, 1);
            assertEquals(256, a.size(), name);
            for (double[] d : a.designs()) assertTrue(t.space().contains(d), name);
            assertEquals(2, a.predicted().orElseThrow()[0].length, name);
            Score s = ev.score(a);
            System.out.printf(
                    "%s quick on ZDT1: hv100 %.4f (random %.4f, D(best) %.4f)%n", name, s.hv100(), random, s.dBest());
            if (name.equals("mm-coms")) {
                assertTrue(s.hv100() >= random, name + ": hv " + s.hv100() + " < random " + random);
            } else {
                // measured (seed 1): mm-roma 4.397, mm-iom 4.136 against random's 4.539; their quick proxies are
                // near or below random (docs/methods/moo-conservative.md), so this only guards against a collapse
                assertTrue(s.hv100() >= 0.85 * random, name + ": hv " + s.hv100() + " < 0.85 × random " + random);
            }
        }
    }

    /** The same seed gives the same designs, another seed others (on a small problem: 60 rows pruned to 12). */
    @Test
    void deterministicPerSeed() {
        var p = DnnProxiesTest.twoObjectives();
        for (String name : List.of("mm-coms", "mm-roma", "mm-iom")) {
            Method m = Methods.create(name).quick();
            Proposal a = m.propose(p, 8, 5);
            Proposal b = m.propose(p, 8, 5);
            Proposal c = m.propose(p, 8, 6);
            assertEquals(8, a.size(), name);
            assertArrayEquals(a.designs(), b.designs(), name);
            assertArrayEquals(a.predicted().orElseThrow(), b.predicted().orElseThrow(), name);
            assertFalse(Arrays.deepEquals(a.designs(), c.designs()), name + ": another seed");
            for (double[] d : a.designs()) assertTrue(p.space().contains(d), name);
        }
    }

    /**
     * Like {@code mm}, the variants also run on one objective and on sequences (the registry's every-method tests run
     * them on TFBind8 slices and a 40-row box): 30 rows pruned to 6.
     */
    @Test
    void runOnOneObjectiveOverSequences() {
        SequenceSpace seq = SequenceSpace.of(4, SequenceSpace.DNA);
        SplittableRandom rng = new SplittableRandom(2);
        double[][] x = new double[30][4];
        double[] y = new double[30];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 4; j++) x[i][j] = rng.nextInt(4);
            y[i] = x[i][0] + x[i][3];
        }
        OfflineProblem p = OfflineProblem.maximize("seq", Dataset.of(seq, x, y));
        for (String name : List.of("mm-coms", "mm-roma", "mm-iom")) {
            Proposal a = Methods.create(name).quick().propose(p, 4, 1);
            assertEquals(4, a.size(), name);
            for (double[] d : a.designs()) assertTrue(seq.contains(d), name);
        }
    }

    /** The trained proxies are the per-objective models themselves (the search sees the minimised targets). */
    @Test
    void proxiesAreOneModelPerObjective() {
        MultiObjectiveData data =
                MultiObjectiveData.of(DnnProxiesTest.twoObjectives()).pruned(0.5);
        DnnProxies.Proxy coms = MultipleModelsComs.defaults().quick().train(data, 2);
        DnnProxies.Proxy roma = MultipleModelsRoma.defaults().quick().train(data, 2);
        DnnProxies.Proxy iom = MultipleModelsIom.defaults().quick().train(data, 2);
        assertArrayEquals(
                new int[] {3, 32, 32, 1},
                assertInstanceOf(Mlp.class, coms.networks().get(1)).sizes());
        assertArrayEquals(
                new int[] {3, 64, 64, 2},
                assertInstanceOf(GaussianMlp.class, roma.networks().get(0))
                        .core()
                        .sizes());
        RepresentationModel r =
                assertInstanceOf(RepresentationModel.class, iom.networks().get(0));
        assertArrayEquals(new int[] {3, 32, 32, 8}, r.representationNet().sizes());
        for (DnnProxies.Proxy p : List.of(coms, roma, iom)) {
            assertEquals(2, p.networks().size());
            double[][] pred = p.predict(data.inputs());
            assertEquals(30, pred.length);
            for (double[] row : pred) assertTrue(Double.isFinite(row[0]) && Double.isFinite(row[1]));
        }
    }
}
