package org.mbo4j.method.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.Method;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.nn.TrainingLoss;
import org.mbo4j.task.Direction;
import org.mbo4j.task.Objective;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class CbasTest {
    private static final int[] TARGET = {0, 1, 2, 3, 0, 1};

    private static double matches(double[] d) {
        double s = 0;
        for (int p = 0; p < TARGET.length; p++) if ((int) d[p] == TARGET[p]) s++;
        return s;
    }

    /** 300 random DNA 6-mers scored by how many positions match a target; the data holds none with > 3 matches. */
    static OfflineProblem sequences() {
        SequenceSpace space = SequenceSpace.of(6, SequenceSpace.DNA);
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = new double[300][];
        double[] y = new double[300];
        int i = 0;
        while (i < x.length) {
            double[] d = new double[6];
            for (int p = 0; p < 6; p++) d[p] = rng.nextInt(4);
            if (matches(d) > 3) continue;
            x[i] = d;
            y[i++] = matches(d);
        }
        return new OfflineProblem(
                "match6", space, Dataset.of(space, x, y), List.of(new Objective("y", Direction.MAXIMIZE)));
    }

    static OfflineProblem box() {
        ContinuousSpace space = ContinuousSpace.box(new double[] {-2, -2, -2}, new double[] {2, 2, 2});
        SplittableRandom rng = new SplittableRandom(4);
        double[][] x = new double[120][];
        double[] y = new double[120];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {rng.nextDouble(-2, 2), rng.nextDouble(-2, 2), rng.nextDouble(-2, 2)};
            y[i] = -(x[i][0] - 1) * (x[i][0] - 1) - x[i][1] * x[i][1] - x[i][2] * x[i][2];
        }
        return new OfflineProblem(
                "bowl3", space, Dataset.of(space, x, y), List.of(new Objective("y", Direction.MAXIMIZE)));
    }

    private static Cbas small(Cbas m) {
        return m.withConfig(m.config()
                .quick()
                .with(Cbas.Settings::hiddenSize, 32)
                .with(Cbas.Settings::latentSize, 4)
                .with(Cbas.Settings::oracleEpochs, 40)
                .with(Cbas.Settings::offlineEpochs, 30)
                .with(Cbas.Settings::iterations, 6)
                .with(Cbas.Settings::onlineEpochs, 5)
                .with(Cbas.Settings::vaeLearningRate, 3e-3)
                .with(Cbas.Settings::oracleLearningRate, 3e-3));
    }

    @Test
    void registeredWithPaperDefaults() {
        Method c = Methods.create("cbas");
        Method a = Methods.create("auto-cbas");
        assertInstanceOf(Cbas.class, c);
        assertInstanceOf(AutofocusedCbas.class, a);
        assertEquals(
                "oracles=5 hidden=256 latent=32 std_max=0.20 std_min=0.10 oracle_lr=3.0e-04 oracle_epochs=100"
                        + " oracle_batch=100 vae_lr=3.0e-04 vae_batch=100 beta=1.00 offline_epochs=200"
                        + " online_batches=10 online_epochs=10 iterations=20 percentile=80.0 val=200 adam=carried",
                c.settings());
        assertTrue(a.settings().endsWith("val=200 autofocus_epochs=10 adam=carried ratios=raw"), a.settings());
        // the variants with a fresh Adam per fit: the settings text of the rows committed before adam=carried
        for (Method m : List.of(c, a)) {
            Method fresh = Methods.create(m.name() + "-fresh-adam");
            assertEquals(m.name() + "-fresh-adam", fresh.name());
            assertEquals(m.getClass(), fresh.getClass());
            assertEquals(m.settings().replace(" adam=carried", "").replace(" ratios=raw", ""), fresh.settings());
            assertEquals(m.name() + "-fresh-adam", fresh.quick().name());
        }
        assertInstanceOf(AutofocusedCbas.class, a.quick());
        assertTrue(
                a.quick().settings().startsWith("quick: oracles=2 "), a.quick().settings());
        assertTrue(
                a.quick().settings().endsWith("autofocus_epochs=2 adam=carried ratios=raw"),
                a.quick().settings());
    }

    @Test
    void onBoxesTheFitsOnTheDataGetAStepFloorAndSequencesKeepThePaperValues() {
        Cbas c = Cbas.defaults();
        assertEquals(c, c.forProblem(sequences()));
        Cbas onBox = c.forProblem(box());
        assertEquals(2000, onBox.config().minSteps());
        assertTrue(onBox.settings().endsWith("val=200 min_steps=2000 adam=carried"), onBox.settings());
        assertEquals(onBox.config(), onBox.forProblem(box()).config()); // idempotent
        assertEquals(500, c.quick().forProblem(box()).config().minSteps());
        Cbas auto = AutofocusedCbas.defaults().forProblem(box());
        assertInstanceOf(AutofocusedCbas.class, auto);
        assertTrue(
                auto.settings().endsWith("autofocus_epochs=10 min_steps=2000 adam=carried ratios=raw"),
                auto.settings());
    }

    @Test
    void eachMethodRefusesTheOthersAutofocusSetting() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Cbas.defaults().with(Cbas.Settings::autofocusEpochs, 5));
        assertEquals(
                "cbas does not retrain its oracle, but autofocus_epochs is 5; use auto-cbas (AutofocusedCbas) or set"
                        + " it to 0",
                e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> new AutofocusedCbas(Cbas.Settings.paper()));
        assertEquals(
                "auto-cbas retrains its oracle every iteration: autofocus_epochs must be ≥ 1, got 0 (for no"
                        + " retraining use cbas)",
                f.getMessage());
        var g = assertThrows(
                IllegalArgumentException.class, () -> Cbas.Settings.paper().with(Cbas.Settings::percentile, 101.0));
        assertEquals("the percentile must be in [0, 100], got 101.0", g.getMessage());
    }

    @Test
    void percentileIsTfpsNearestRank() {
        assertEquals(4, Cbas.percentile(new double[] {5, 1, 4, 2, 3}, 80)); // index rint(3.2) = 3
        assertEquals(3, Cbas.percentile(new double[] {4, 1, 3, 2}, 50)); // index rint(1.5) = 2 (ties to even)
        assertEquals(1, Cbas.percentile(new double[] {4, 1, 3, 2}, 0));
        assertEquals(4, Cbas.percentile(new double[] {4, 1, 3, 2}, 100));
    }

    @Test
    void weightsAreDensityRatioTimesTheProbabilityOfExceedingGamma() {
        // two members; rows: both N(0, 1); both N(2, 1); N(1, 1) and N(3, 1). Mixture means 0, 2, 2 → γ(80) = 2
        double[][][] moments = {{{0, 2, 1}, {0, 2, 3}}, {{1, 1, 1}, {1, 1, 1}}};
        double[] w = Cbas.weights(new double[] {0, Math.log(2), -1}, new double[] {0, 0, 0}, moments, 80);
        double phi2 = 0.9772498680518208; // Φ(2)
        assertArrayEquals(new double[] {1 - phi2, 2 * 0.5, Math.exp(-1) * 0.5}, w, 1e-12);
    }

    @Test
    void autofocusRatiosAreRawUnlessTheLargestWouldOverflow() {
        // the authors' unscaled ratios q/p: 1 and 3, and 0.5 where log q − log p = −ln 2
        assertArrayEquals(
                new double[] {1, 3, 0.5},
                AutofocusedCbas.ratios(new double[] {0, Math.log(3), -1}, new double[] {0, 0, -1 + Math.log(2)}),
                1e-12);
        // a log-ratio of 1000 overflows exp(): all scaled by one factor, the largest to 1e15, the others below 1e-300
        double[] v = AutofocusedCbas.ratios(new double[] {0, 1000 - Math.log(2), 1000}, new double[] {0, 0, 0});
        assertEquals(0, v[0], 0);
        assertEquals(5e14, v[1], 1e3);
        assertEquals(1e15, v[2], 1e3);
        double[] bad = AutofocusedCbas.ratios(new double[] {0, Double.POSITIVE_INFINITY}, new double[] {0, 0});
        assertTrue(Double.isNaN(bad[0]) && Double.isNaN(bad[1]));
        // the -fresh-adam variant's ratios, scaled to mean 1 (mbo4j's earlier choice)
        assertArrayEquals(
                new double[] {0.5, 1.5},
                AutofocusedCbas.selfNormalised(new double[] {0, Math.log(3)}, new double[] {0, 0}),
                1e-12);
        double[] w = AutofocusedCbas.selfNormalised(new double[] {0, Math.log(3), 1000}, new double[] {0, 0, 0});
        assertArrayEquals(new double[] {0, 0, 3}, w, 1e-12);
        bad = AutofocusedCbas.selfNormalised(new double[] {0, Double.POSITIVE_INFINITY}, new double[] {0, 0});
        assertTrue(Double.isNaN(bad[0]) && Double.isNaN(bad[1]));
    }

    @Test
    void autofocusLossIsRatioTimesBootstrapOverBootstrapCounts() {
        List<GaussianMlp> ms = List.of(member(1), member(2));
        Ensemble<GaussianMlp> e = new Ensemble<>(ms, Ensemble.Aggregation.MEAN);
        INDArray x = Tensors.matrix(new double[][] {{0.1, -0.3}, {0.5, 0.2}, {-0.7, 0.9}}, DataType.DOUBLE);
        INDArray y = Tensors.matrix(new double[][] {{0.2}, {-0.1}, {0.4}}, DataType.DOUBLE);
        double[] v = {0.5, 2.0, 1.5};
        double[][] b = {{1, 0}, {2, 1}, {0, 3}};
        double[][] w = new double[3][4];
        for (int i = 0; i < 3; i++) {
            for (int m = 0; m < 2; m++) {
                w[i][m] = v[i] * b[i][m];
                w[i][2 + m] = b[i][m];
            }
        }
        INDArray wa = Tensors.matrix(w, DataType.DOUBLE);
        Batch batch = new Batch(x, y, wa, 1, 0);
        double expected = 0;
        for (int m = 0; m < 2; m++) {
            double num = 0;
            double den = 0;
            for (int i = 0; i < 3; i++) {
                double nll = ms.get(m).nll(x.getRow(i, true), y.getRow(i, true), null, false);
                num += v[i] * b[i][m] * nll;
                den += b[i][m];
            }
            expected += num / den / 2;
        }
        TrainingLoss<Ensemble<GaussianMlp>> loss = AutofocusedCbas.autofocusLoss();
        e.discardGrad();
        assertEquals(expected, loss.lossAndGradients(e, batch), 1e-12);
        // gradients against central differences on every parameter of member 1
        INDArray p = ms.get(1).parameters().get(0).value();
        INDArray g = ms.get(1).parameters().get(0).grad().dup();
        double h = 1e-6;
        for (long j = 0; j < p.length(); j++) {
            double old = p.getDouble(j);
            p.putScalar(j, old + h);
            double up = lossValue(loss, e, batch);
            p.putScalar(j, old - h);
            double down = lossValue(loss, e, batch);
            p.putScalar(j, old);
            // the reported loss is the members' mean; each member's gradient is that of its own loss (as
            // Losses.perMember: members train independently), so it is 2 × the mean's derivative
            assertEquals(2 * (up - down) / (2 * h), g.getDouble(j), 1e-6, "parameter " + j);
        }
    }

    private static double lossValue(TrainingLoss<Ensemble<GaussianMlp>> loss, Ensemble<GaussianMlp> e, Batch b) {
        e.discardGrad();
        return loss.lossAndGradients(e, b);
    }

    private static GaussianMlp member(long seed) {
        return new GaussianMlp(
                Mlp.builder(2)
                        .hidden(3)
                        .outputs(2)
                        .dataType(DataType.DOUBLE)
                        .seed(seed)
                        .build(),
                0.2,
                0.1);
    }

    /** Carrying q's and the oracle's Adam across fits changes the run; each way is deterministic. */
    @Test
    void theCarriedAdamReachesTheFits() {
        OfflineProblem p = sequences();
        for (Cbas m : List.of(Cbas.defaults(), AutofocusedCbas.defaults())) {
            Proposal carried = m.quick().propose(p, 16, 2);
            Proposal again = m.quick().propose(p, 16, 2);
            Proposal fresh = m.freshAdam().quick().propose(p, 16, 2);
            assertArrayEquals(carried.designs(), again.designs(), m.name());
            assertEquals(
                    carried.training().get("iteration 1").trainLoss(),
                    fresh.training().get("iteration 1").trainLoss(),
                    m.name() + ": the first refit of q starts with a fresh Adam either way");
            assertFalse(
                    carried.training()
                            .get("iteration 2")
                            .trainLoss()
                            .equals(fresh.training().get("iteration 2").trainLoss()),
                    m.name() + ": the second refit continues the first's Adam");
            assertEquals(m.freshAdam().name(), m.freshAdam().freshAdam().name(), "one suffix");
            if (m
                    instanceof
                    AutofocusedCbas) { // q is the same after iteration 1 either way: the oracle's Adam (and ratios)
                assertFalse(
                        carried.training()
                                .get("autofocus 1")
                                .trainLoss()
                                .equals(fresh.training().get("autofocus 1").trainLoss()),
                        "the first autofocus retraining continues the oracle's Adam");
            }
        }
    }

    @Test
    void sameSeedSameDesignsAndTrajectoryOnSequencesAndBoxes() {
        for (OfflineProblem p : List.of(sequences(), box())) {
            for (Cbas quick :
                    List.of(Cbas.defaults().quick(), AutofocusedCbas.defaults().quick())) {
                Cbas m = quick.with(Cbas.Settings::iterations, 3);
                Proposal a = m.propose(p, 16, 7);
                Proposal b = m.propose(p, 16, 7);
                assertArrayEquals(a.designs(), b.designs(), m.name() + " on " + p.name());
                assertArrayEquals(a.predicted().orElseThrow(), b.predicted().orElseThrow());
                if (p.space() instanceof SequenceSpace) {
                    Proposal c = m.propose(p, 16, 8);
                    assertFalse(Arrays.deepEquals(a.designs(), c.designs()), m.name() + " ignores its seed");
                }
                for (double[] d : a.designs()) assertTrue(p.space().contains(d), m.name() + " left the space");
                List<String> fits = new ArrayList<>(List.of("oracle", "prior vae"));
                for (int i = 1; i <= 3; i++) {
                    fits.add("iteration " + i);
                    if (m instanceof AutofocusedCbas) fits.add("autofocus " + i);
                }
                assertEquals(fits, List.copyOf(a.training().keySet()), m.name());
                assertEquals(a.training().get("iteration 3"), b.training().get("iteration 3"));
                assertEquals(
                        List.of("nll", "kl"),
                        List.copyOf(a.training().get("prior vae").metrics().keySet()));
                assertEquals(3, a.training().get("iteration 2").epochs()); // quick: 3 online epochs
                Trajectory t = a.trajectory().orElseThrow();
                assertEquals(3, t.steps().size());
                for (int i = 0; i < 3; i++) {
                    assertEquals(i, t.steps().get(i).step());
                    assertEquals(500, t.steps().get(i).designs().length); // 5 batches × 100 samples
                    assertEquals(500, t.steps().get(i).predicted().length);
                    assertArrayEquals(
                            t.steps().get(i).designs(),
                            b.trajectory().orElseThrow().steps().get(i).designs());
                }
            }
        }
    }

    private static double meanScore(double[][] designs) {
        double s = 0;
        for (double[] d : designs) s += matches(d);
        return s / designs.length;
    }

    @Test
    void adaptiveSamplingMovesTheSamplesTowardHighScores() {
        OfflineProblem p = sequences();
        double dataMean = meanScore(p.dataset().designs());
        for (Cbas m : List.of(small(Cbas.defaults()), small(AutofocusedCbas.defaults()))) {
            Proposal a = m.propose(p, 64, 1);
            List<Trajectory.Step> steps = a.trajectory().orElseThrow().steps();
            double first = meanScore(steps.get(0).designs());
            double last = meanScore(a.designs());
            assertTrue(
                    last > first + 0.5 && last > dataMean + 0.5,
                    m.name() + ": data " + dataMean + ", first iteration " + first + ", proposal " + last);
        }
    }

    @Test
    void divergenceNamesTheModelTheEpochAndTheSetting() {
        OfflineProblem p = sequences();
        TrainingDivergedException oracle = assertThrows(
                TrainingDivergedException.class,
                () -> Cbas.defaults()
                        .quick()
                        .with(Cbas.Settings::oracleLearningRate, 1e30)
                        .propose(p, 8, 0));
        assertTrue(
                oracle.getMessage().startsWith("cbas: the oracle diverged at epoch " + oracle.epoch() + " of 5 ("),
                oracle.getMessage());
        assertTrue(
                oracle.getMessage()
                        .endsWith(
                                "; lower oracle_lr (now 1.0E30) with with(Cbas.Settings::oracleLearningRate," + " …)"),
                oracle.getMessage());
        TrainingDivergedException vae = assertThrows(
                TrainingDivergedException.class,
                () -> AutofocusedCbas.defaults()
                        .quick()
                        .with(Cbas.Settings::vaeLearningRate, 1e30)
                        .propose(p, 8, 0));
        assertTrue(
                vae.getMessage().startsWith("auto-cbas: the prior VAE diverged at epoch " + vae.epoch() + " of "),
                vae.getMessage());
        assertTrue(vae.getMessage().contains("; lower vae_lr (now 1.0E30)"), vae.getMessage());
    }
}
