package org.mbo4j.method.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.Method;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.FitCheck;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Tensors;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** COMs, RoMA and IOM: loss terms against hand computations, gradients against finite differences, behaviour. */
class ConservativeRobustTest {

    private static Mlp linear(double w0, double w1, double b) {
        Mlp m = Mlp.builder(2)
                .hidden()
                .outputs(1)
                .dataType(DataType.DOUBLE)
                .seed(0)
                .build();
        m.weight(0).putScalar(0, 0, w0);
        m.weight(0).putScalar(1, 0, w1);
        m.bias(0).putScalar(0, 0, b);
        return m;
    }

    private static INDArray mat(double[][] rows) {
        return Tensors.matrix(rows, DataType.DOUBLE);
    }

    @Test
    void comsLossAndAlphaStepMatchHandComputation() {
        // f(x) = 0.5 x0 − x1 + 0.2: ∇f = w, so T steps of lr η give x⁻ = x + Tηw and f(x⁻) − f(x) = Tη‖w‖² = 3·0.1·1.25
        Mlp m = linear(0.5, -1.0, 0.2);
        INDArray x = mat(new double[][] {{1, 2}, {-1, 0.5}});
        INDArray y = mat(new double[][] {{0.3}, {-0.4}});
        ConservativeLoss loss = new ConservativeLoss(0.1, 0.01, 2.0, 0.1, 3);
        m.zeroGrad();
        double l = loss.lossAndGradients(m, new Batch(x, y, null, 1, 0));
        double f1 = 0.5 - 2 + 0.2; // -1.3
        double f2 = -0.5 - 0.5 + 0.2; // -0.8
        double r1 = f1 - 0.3;
        double r2 = f2 + 0.4;
        double mse = (r1 * r1 + r2 * r2) / 2;
        double over = 3 * 0.1 * 1.25;
        assertEquals(over, loss.lastOverestimation(), 1e-12);
        assertEquals(mse + 0.1 * over, l, 1e-12);
        // dL/dw = mean 2 r x + α (mean x⁻ − mean x) = mean 2 r x + α T η w; dL/db = mean 2 r + α − α
        assertEquals(
                (2 * r1 * 1 + 2 * r2 * -1) / 2 + 0.1 * 0.3 * 0.5,
                m.weightGrad(0).getDouble(0, 0),
                1e-12);
        assertEquals(
                (2 * r1 * 2 + 2 * r2 * 0.5) / 2 + 0.1 * 0.3 * -1,
                m.weightGrad(0).getDouble(1, 0),
                1e-12);
        assertEquals((2 * r1 + 2 * r2) / 2, m.biasGrad(0).getDouble(0, 0), 1e-12);
        // α: ∂/∂log α = α (limit − over) > 0, so Adam's first (TF-form) step lowers log α by
        // lr·g/(|g| + ε/√(1−β₂)) ≈ 0.01
        loss.afterStep(m, null);
        double g = 0.1 * (2.0 - over);
        assertEquals(Math.exp(Math.log(0.1) - 0.01 * g / (g + 1e-7 / Math.sqrt(0.001))), loss.alpha(), 1e-12);
    }

    @Test
    void comsAlphaRisesWhenOverestimationExceedsTheLimit() {
        Mlp m = linear(2, 2, 0);
        ConservativeLoss loss = new ConservativeLoss(0.1, 0.01, 0.5, 1.0, 1); // over = 8 > 0.5
        INDArray x = mat(new double[][] {{0, 0}, {1, 1}});
        loss.lossAndGradients(m, new Batch(x, mat(new double[][] {{0}, {4}}), null, 1, 0));
        assertEquals(8.0, loss.lastOverestimation(), 1e-12);
        loss.afterStep(m, null);
        assertEquals(Math.exp(Math.log(0.1) + 0.01), loss.alpha(), 1e-6);
    }

    @Test
    void inputGradientNormWeightGradientsMatchFiniteDifferences() {
        Mlp m = Mlp.builder(3)
                .hidden(5, 4)
                .activation(Activation.leakyRelu(0.3))
                .outputs(2)
                .init(Init.TORCH_DEFAULT)
                .dataType(DataType.DOUBLE)
                .seed(3)
                .build();
        INDArray x = mat(new double[][] {{0.3, -0.2, 0.9}, {-0.7, 0.4, 0.1}, {0.5, 0.5, -0.5}});
        m.zeroGrad();
        double mean = InputGradientNorm.addGradients(m, x, 0, 1.0);
        assertEquals(normSum(m, x) / 3, mean, 1e-7); // ND4J's LeakyReLU keeps its slope in float32
        for (int l = 0; l < m.layers(); l++) {
            INDArray w = m.weight(l);
            INDArray analytic = m.weightGrad(l).dup();
            double h = 1e-6;
            for (int i = 0; i < w.rows(); i++) {
                for (int j = 0; j < w.columns(); j++) {
                    double old = w.getDouble(i, j);
                    w.putScalar(i, j, old + h);
                    double up = normSum(m, x);
                    w.putScalar(i, j, old - h);
                    double down = normSum(m, x);
                    w.putScalar(i, j, old);
                    assertEquals(
                            (up - down) / (2 * h), analytic.getDouble(i, j), 1e-6, "layer " + l + " " + i + "," + j);
                }
            }
        }
    }

    /** Σᵢ ‖∇ₓ f̂₀(xᵢ)‖ via the model's own backward pass. */
    private static double normSum(Mlp m, INDArray x) {
        INDArray g = m.inputGradient(x, 0);
        double s = 0;
        for (int i = 0; i < g.rows(); i++) s += g.getRow(i).norm2Number().doubleValue();
        return s;
    }

    @Test
    void representationModelInputGradientMatchesFiniteDifferences() {
        Mlp rep = Mlp.builder(3)
                .hidden(6)
                .activation(Activation.relu())
                .outputs(4)
                .init(Init.TORCH_DEFAULT)
                .dataType(DataType.DOUBLE)
                .seed(1)
                .build();
        Mlp head = Mlp.builder(4)
                .hidden(5)
                .activation(Activation.relu())
                .outputs(1)
                .init(Init.TORCH_DEFAULT)
                .dataType(DataType.DOUBLE)
                .seed(2)
                .build();
        var f = new InvariantObjectiveModels.RepresentationModel(rep, head);
        INDArray x = mat(new double[][] {{0.3, -0.2, 0.9}, {-0.7, 0.4, 0.1}});
        INDArray g = f.inputGradient(x, 0).dup();
        double h = 1e-6;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double old = x.getDouble(i, j);
                x.putScalar(i, j, old + h);
                double up = f.forward(x).getDouble(i, 0);
                x.putScalar(i, j, old - h);
                double down = f.forward(x).getDouble(i, 0);
                x.putScalar(i, j, old);
                assertEquals((up - down) / (2 * h), g.getDouble(i, j), 1e-6);
            }
        }
        // the representation has unit norm (up to the 1e-6 guards)
        INDArray z = f.representation(x);
        assertEquals(1.0, z.getRow(0).norm2Number().doubleValue(), 1e-5);
    }

    @Test
    void iomDiscriminatorLossAtAnUninformedDiscriminatorIsAQuarter() {
        Mlp rep = Mlp.builder(2)
                .hidden(4)
                .activation(Activation.relu())
                .outputs(3)
                .dataType(DataType.DOUBLE)
                .seed(1)
                .build();
        Mlp head = linear3();
        Mlp disc = Mlp.builder(3)
                .hidden(4)
                .activation(Activation.leakyRelu(0.2))
                .outputs(1)
                .dataType(DataType.DOUBLE)
                .seed(4)
                .build();
        disc.flatParameters().assign(0); // D ≡ σ(0) = ½: real and fake terms are both ¼, d_loss = ¼
        var model = new InvariantObjectiveModels.RepresentationModel(rep, head);
        INDArray x = mat(new double[][] {{0.1, 0.2}, {0.3, -0.4}});
        INDArray y = mat(new double[][] {{0.5}, {-0.5}});
        var loss = new InvariantObjectiveModels.InvarianceLoss(disc, 1e-3, 1.0, x.dup(), 0.0);
        model.zeroGrad();
        double l = loss.lossAndGradients(model, new Batch(x, y, null, 1, 0));
        INDArray p = model.forward(x);
        double mse = (Math.pow(p.getDouble(0, 0) - 0.5, 2) + Math.pow(p.getDouble(1, 0) + 0.5, 2)) / 2;
        assertEquals(0.25, loss.lastDiscriminatorLoss(), 1e-12);
        assertEquals(mse - 0.25, l, 1e-12);
    }

    private static Mlp linear3() {
        Mlp m = Mlp.builder(3)
                .hidden()
                .outputs(1)
                .dataType(DataType.DOUBLE)
                .seed(0)
                .build();
        m.weight(0).assign(Nd4j.create(new double[] {1, -1, 0.5}, new long[] {3, 1}, 'f'));
        return m;
    }

    @Test
    void romaNormalizedStepAndCandidateGradientMatchHandComputation() {
        Mlp m = Mlp.builder(2)
                .hidden()
                .outputs(1)
                .dataType(DataType.DOUBLE)
                .seed(0)
                .build();
        m.weight(0).assign(Nd4j.create(new double[] {3, 4}, new long[] {2, 1}, 'f'));
        m.weightGrad(0).assign(Nd4j.create(new double[] {0, 2}, new long[] {2, 1}, 'f'));
        RobustModelAdaptation.normalizedStep(m, m, -0.1, 0);
        // w − 0.1·(‖w‖/‖g‖)·g = (3, 4) − 0.1·2.5·(0, 2)
        assertEquals(3.0, m.weight(0).getDouble(0, 0), 1e-12);
        assertEquals(3.5, m.weight(0).getDouble(1, 0), 1e-12);

        // μ(x) = w·x + b: ∂/∂x [−μ + (μ − μ₀)²/(2·region)] = (−1 + (μ − μ₀)/region)·w
        GaussianMlp g =
                GaussianMlp.of(Mlp.builder(2).hidden().dataType(DataType.DOUBLE).seed(0), 1);
        g.core().weight(0).putScalar(0, 0, 0.5);
        g.core().weight(0).putScalar(1, 0, -2);
        INDArray x = mat(new double[][] {{1, 1}});
        double mu = 0.5 - 2 + g.core().bias(0).getDouble(0, 0);
        INDArray mu0 = mat(new double[][] {{mu - 2}});
        INDArray grad = Nd4j.create(DataType.DOUBLE, 1, 2);
        RobustModelAdaptation.defaults()
                .with(RobustModelAdaptation.Settings::region, 4.0)
                .candidateGradient(g, x, mu0, grad);
        double c = -1 + 2.0 / 4;
        assertEquals(c * 0.5, grad.getDouble(0, 0), 1e-12);
        assertEquals(c * -2, grad.getDouble(0, 1), 1e-12);
    }

    @Test
    void romaWarmupPerturbationIsRemovedAfterTheStep() {
        GaussianMlp g = GaussianMlp.of(
                Mlp.builder(2)
                        .hidden(4)
                        .activation(Activation.leakyRelu(0.3))
                        .dataType(DataType.DOUBLE)
                        .seed(5),
                1);
        INDArray before = g.core().flatParameters().dup();
        var loss = new RobustModelAdaptation.WarmupLoss(3, 0.05, 0.0, 0);
        INDArray x = mat(new double[][] {{0.1, 0.2}, {0.3, -0.4}, {1, 0}});
        INDArray y = mat(new double[][] {{0.5}, {-0.5}, {0}});
        double l = loss.lossAndGradients(g, new Batch(x, y, null, 1, 0));
        // perturbed weights raise the NLL above its value at the unperturbed weights
        GaussianMlp ref = GaussianMlp.of(
                Mlp.builder(2)
                        .hidden(4)
                        .activation(Activation.leakyRelu(0.3))
                        .dataType(DataType.DOUBLE)
                        .seed(5),
                1);
        assertTrue(l > ref.nll(x, y, null, false), "adversarial perturbation must increase the NLL");
        for (int layer = 0; layer < 2; layer++) {
            assertTrue(g.core().weightGrad(layer).norm2Number().doubleValue() <= 1 + 1e-12, "clipped to norm 1");
        }
        loss.afterStep(g, null);
        assertArrayEquals(before.toDoubleVector(), g.core().flatParameters().toDoubleVector(), 1e-12);
    }

    @Test
    void comsUsesTheContinuousTaskSettingsOnBoxesOnly() {
        ConservativeObjectiveModels coms = ConservativeObjectiveModels.defaults();
        ConservativeObjectiveModels box = coms.forProblem(quadratic(10));
        assertTrue(
                box.settings().contains("alpha0=0.00 ")
                        && box.settings().contains("limit=0.500")
                        && box.settings().contains("particle_lr=0.0500·sqrt(d)"),
                box.settings());
        var seq = SequenceSpace.of(3, SequenceSpace.DNA);
        OfflineProblem dna = OfflineProblem.maximize(
                "dna", Dataset.of(seq, new double[][] {{0, 1, 2}, {3, 3, 0}}, new double[] {1, 2}));
        assertTrue(coms.forProblem(dna) == coms, "sequences keep the TFBind8 settings");
        assertTrue(
                coms.settings()
                        .startsWith(
                                "hidden=[2048,2048] relu epochs=50 lr=3.0e-04 batch=128 val=500 "
                                        + "alpha0=0.100 alpha_lr=0.0100 limit=2.00 particle_lr=2.00·sqrt(d) train_steps=50 solve_steps=50"),
                coms.settings());
    }

    @Test
    void iomUsesTheContinuousTaskSettingsOnBoxesOnly() {
        InvariantObjectiveModels iom = InvariantObjectiveModels.defaults();
        // the TFBind8 records in notebooks/results/tfbind8 carry this exact string: bench skips finished runs by it
        assertEquals(
                "rep=[2048,2048] latent=128 head=[2048,2048] disc=[512,512,256] epochs=50 lr=3.0e-04 "
                        + "disc_lr=1.0e-03 batch=128 val=500 lambda=1.00 particles=128 particle_lr=2.00·sqrt(d) "
                        + "solve_steps=50",
                iom.settings());
        InvariantObjectiveModels box = iom.forProblem(quadratic(10));
        assertTrue(
                box.settings()
                        .endsWith("particle_lr=0.0500·sqrt(d) solve_steps=50 normalize_xs min_steps="
                                + InvariantObjectiveModels.CONTINUOUS_MIN_STEPS),
                box.settings());
        assertTrue(box.forProblem(quadratic(10)) == box, "the profile is applied once");
        var seq = SequenceSpace.of(3, SequenceSpace.DNA);
        OfflineProblem dna = OfflineProblem.maximize(
                "dna", Dataset.of(seq, new double[][] {{0, 1, 2}, {3, 3, 0}}, new double[] {1, 2}));
        assertTrue(iom.forProblem(dna) == iom, "sequences keep the TFBind8 settings");
        assertTrue(
                iom.with(InvariantObjectiveModels.Settings::continuousProfile, false)
                        .forProblem(quadratic(10))
                        .settings()
                        .equals(iom.settings()),
                "the profile can be switched off");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> iom.with(InvariantObjectiveModels.Settings::minSteps, -1));
        assertEquals("minimum steps must be ≥ 0, got -1", e.getMessage());
    }

    @Test
    void iomContextmboTakesTheFirstAuthorsTfbind8ScriptValuesAndKeepsItsName() {
        InvariantObjectiveModels m = InvariantObjectiveModels.contextmbo();
        assertEquals("iom-contextmbo", m.name());
        assertEquals(
                "rep=[2048,2048] latent=128 head=[2048,2048] disc=[512,512,256] epochs=50 lr=3.0e-04 "
                        + "disc_lr=1.0e-03 batch=128 val=200 lambda=1.00 particles=128 particle_lr=0.0500·sqrt(d) "
                        + "solve_steps=50 normalize_xs",
                m.settings());
        assertEquals("iom-contextmbo", m.quick().name(), "variants keep the name");
        assertEquals("iom-contextmbo", m.forProblem(quadratic(10)).name());
    }

    /** 2-D quadratic f(x) = −‖x − 0.75‖² on [0,1]², data only where x₀, x₁ &lt; 0.5 (optimum outside the data). */
    static OfflineProblem quadratic(int n) {
        SplittableRandom r = new SplittableRandom(11);
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = 0.5 * r.nextDouble();
            x[i][1] = 0.5 * r.nextDouble();
            y[i] = f(x[i]);
        }
        ContinuousSpace space = ContinuousSpace.box(new double[] {0, 0}, new double[] {1, 1});
        return OfflineProblem.maximize("quadratic", Dataset.of(space, x, y));
    }

    /**
     * The same quadratic with data all over [0,1]² except its top: no row scores above −0.1, a disc of radius 0.32
     * around the optimum (the set-up of {@code benchmarks/propose_hidden.py}).
     */
    static OfflineProblem quadraticWithoutTop(int n) {
        SplittableRandom r = new SplittableRandom(11);
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int kept = 0; kept < n; ) {
            double[] c = {r.nextDouble(), r.nextDouble()};
            if (f(c) > -0.1) continue;
            x[kept] = c;
            y[kept++] = f(c);
        }
        ContinuousSpace space = ContinuousSpace.box(new double[] {0, 0}, new double[] {1, 1});
        return OfflineProblem.maximize("quadratic-without-top", Dataset.of(space, x, y));
    }

    static double f(double[] x) {
        return -Math.pow(x[0] - 0.75, 2) - Math.pow(x[1] - 0.75, 2);
    }

    static double best(double[][] designs) {
        double b = Double.NEGATIVE_INFINITY;
        for (double[] d : designs) b = Math.max(b, f(d));
        return b;
    }

    /**
     * The collapse {@link InvariantObjectiveModels#quick()} documents (TFBind8, seed 0): at λ = 1 three quick epochs
     * flatten the surrogate (and its ranking of the designs), and {@link FitCheck} flags it; the quick λ = 0.1 learns.
     */
    @Test
    void iomCollapseUnderAStrongInvarianceTermIsFlagged() {
        Task t = Tasks.load("TFBind8");
        SurrogateData data =
                SurrogateData.of(new OfflineProblem("TFBind8", t.space(), t.dataset(), t.objectives()), false, true);
        InvariantObjectiveModels quick = InvariantObjectiveModels.defaults().quick();
        FitCheck strong = FitCheck.of(
                quick.with(InvariantObjectiveModels.Settings::invarianceWeight, 1.0)
                        .train(data, 0),
                data.x(),
                data.y());
        assertTrue(strong.collapsed(), "lambda = 1: " + strong.summary());
        assertTrue(Math.abs(strong.spearman()) < 0.2, "flat and unordered: " + strong.summary()); // measured 0.054
        FitCheck mild = FitCheck.of(quick.train(data, 0), data.x(), data.y());
        assertFalse(mild.collapsed(), "lambda = 0.1: " + mild.summary());
        assertTrue(mild.r2() > 0.05, "lambda = 0.1: " + mild.summary()); // measured 0.153
        assertTrue(mild.spearman() > 0.2, "lambda = 0.1: " + mild.summary()); // measured 0.391
    }

    /**
     * Quick settings beat the data on both quadratics, except IOM where the optimum lies outside the data: its
     * invariance term makes designs the representation can tell from the data look mediocre, so with the continuous
     * profile it ends near the data's edge and beat the data in 1 of 3 seeds (measured, seeds 3/0/1:
     * −0.175/−0.133/−0.120 against the data's −0.126).
     */
    @Test
    void quickSettingsBeatTheDatasetBestAndAreDeterministic() {
        beatsTheDataAndIsDeterministic(quadratic(1000), List.of("coms", "roma"));
        beatsTheDataAndIsDeterministic(quadraticWithoutTop(1000), List.of("coms", "roma", "iom"));
    }

    private static void beatsTheDataAndIsDeterministic(OfflineProblem p, List<String> methods) {
        double dBest = best(p.dataset().designs());
        for (String name : methods) {
            Method m = Methods.create(name).quick();
            assertTrue(m.settings().startsWith("quick:"), m.settings());
            Proposal a = m.propose(p, 16, 3);
            Proposal b = m.propose(p, 16, 3);
            assertArrayEquals(a.designs(), b.designs(), name + ": same seed, same designs");
            assertTrue(
                    a.trajectory().isPresent() && a.trajectory().get().steps().size() > 1, name + " trajectory");
            double got = best(a.designs());
            assertTrue(got > dBest, p.name() + ", " + name + ": best proposed " + got + " ≤ dataset best " + dBest);
        }
    }
}
