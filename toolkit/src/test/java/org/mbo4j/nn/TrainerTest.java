package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbo4j.util.Shuffle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {
    /** y = sin(2x₀) + x₁² on [−1, 1]², n rows. */
    static INDArray[] data(int n, long seed) {
        INDArray x = MlpTest.randomX(n, 2, seed).castTo(DataType.FLOAT);
        INDArray y = Nd4j.create(DataType.FLOAT, n, 1);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, 0, Math.sin(2 * x.getDouble(i, 0)) + x.getDouble(i, 1) * x.getDouble(i, 1));
        }
        return new INDArray[] {x, y};
    }

    @Test
    void mseTrainingFitsASmoothFunction() {
        INDArray[] d = data(512, 1);
        Mlp m = Mlp.builder(2)
                .hidden(32, 32)
                .activation(Activation.leakyRelu(0.3))
                .seed(0)
                .build();
        TrainingHistory h = Trainer.builder()
                .epochs(60)
                .batchSize(32)
                .learningRate(3e-3)
                .validationSize(64)
                .seed(0)
                .build()
                .fit(m, d[0], d[1], null, Losses.mse());
        assertEquals(60, h.epochs());
        assertTrue(
                h.trainLoss().get(0) > 0.05, "first epoch loss " + h.trainLoss().get(0));
        assertTrue(h.finalTrainLoss() < 0.01, "final loss " + h.finalTrainLoss());
        assertTrue(
                h.validationLoss().get(59) < 0.02,
                "val loss " + h.validationLoss().get(59));
    }

    /**
     * A carried Adam continues its moments and step counts: two fits with one Adam end where one Adam stepped through
     * both fits' batches, which a fresh Adam for the second fit does not; and the builder refuses a schedule or another
     * learning rate with it.
     */
    @Test
    void aCarriedOptimiserContinuesItsMomentsAcrossFits() {
        INDArray[] d = data(200, 6);
        Mlp.Builder arch =
                Mlp.builder(2).hidden(8).activation(Activation.leakyRelu(0.3)).seed(1);
        Trainer.Builder b =
                Trainer.builder().epochs(2).batchSize(50).learningRate(1e-2).seed(3);
        // the same two fits (seeds 3 and 4), the second with a carried Adam or a fresh one
        Mlp carried = arch.build(), fresh = arch.build();
        Adam adam = new Adam(1e-2, 0.9, 0.999, Adam.TF_EPSILON);
        b.optimizer(adam).build().fit(carried, d[0], d[1], null, Losses.mse());
        b.optimizer(null).build().fit(fresh, d[0], d[1], null, Losses.mse());
        assertEquals(carried.flatParameters(), fresh.flatParameters(), "first fits: a new Adam either way");
        Map<String, INDArray> state = adam.state(carried.parameters(), "a.");
        assertEquals(8, state.get("a.0.t").getInt(0), "2 epochs × 4 batches");
        b.seed(4).optimizer(adam).build().fit(carried, d[0], d[1], null, Losses.mse());
        b.seed(4).optimizer(null).build().fit(fresh, d[0], d[1], null, Losses.mse());
        assertEquals(16, adam.state(carried.parameters(), "a.").get("a.0.t").getInt(0), "the count went on");
        assertNotEquals(carried.flatParameters(), fresh.flatParameters(), "the second fits differ");
        // the carried fit equals a fresh fit that starts from the first fit's moments
        Mlp again = arch.build();
        Adam restored = new Adam(1e-2, 0.9, 0.999, Adam.TF_EPSILON);
        Trainer.builder()
                .epochs(2)
                .batchSize(50)
                .learningRate(1e-2)
                .seed(3)
                .optimizer(restored)
                .build()
                .fit(again, d[0], d[1], null, Losses.mse());
        Adam copy = new Adam(1e-2, 0.9, 0.999, Adam.TF_EPSILON);
        copy.restore(again.parameters(), "a.", restored.state(again.parameters(), "a."));
        Trainer.builder()
                .epochs(2)
                .batchSize(50)
                .learningRate(1e-2)
                .seed(4)
                .optimizer(copy)
                .build()
                .fit(again, d[0], d[1], null, Losses.mse());
        assertEquals(carried.flatParameters(), again.flatParameters());
        // the builder's own Adam: its rate, betas and ε, accepted as a carried optimiser
        Adam made = Trainer.builder().learningRate(1e-2).adamBetas(0.5, 0.9).newAdam();
        assertEquals(
                List.of(1e-2, 0.5, 0.9, Adam.TF_EPSILON),
                List.of(made.learningRate(), made.beta1(), made.beta2(), made.epsilon()));
        Trainer.builder().learningRate(1e-2).adamBetas(0.5, 0.9).optimizer(made).build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Trainer.builder().learningRate(1e-3).optimizer(adam).build());
        assertEquals(
                "the carried optimiser's learning rate 0.01 differs from the trainer's 0.001; set learningRate to the"
                        + " same value",
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Trainer.builder()
                        .learningRate(1e-2)
                        .epsilon(1e-8)
                        .optimizer(adam)
                        .build());
        assertEquals(
                "the carried optimiser's betas and epsilon (0.9, 0.999, 1.0E-7) differ from the trainer's (0.9, 0.999,"
                        + " 1.0E-8); set adamBetas and epsilon to the same values",
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Trainer.builder()
                        .learningRate(1e-2)
                        .learningRateDecay(0.98)
                        .optimizer(adam)
                        .build());
        assertEquals(
                "a carried optimiser keeps its learning rate across fits: drop the learning-rate schedule or let the"
                        + " fit use a fresh Adam",
                e.getMessage());
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndOutputs() {
        INDArray[] d = data(300, 2);
        INDArray[] runs = new INDArray[3];
        INDArray[] outputs = new INDArray[3];
        INDArray before = null;
        for (int r = 0; r < 3; r++) {
            GaussianMlp g = GaussianMlp.of(
                    Mlp.builder(2)
                            .hidden(16, 16)
                            .activation(Activation.leakyRelu(0.3))
                            .seed(r < 2 ? 4 : 5),
                    1);
            if (r == 0) before = g.core().flatParameters().dup();
            Trainer.builder()
                    .epochs(3)
                    .batchSize(64)
                    .learningRate(1e-3)
                    .validationSize(20)
                    .seed(4)
                    .build()
                    .fit(g, d[0], d[1], null, Losses.gaussianNll());
            runs[r] = g.core().flatParameters().dup();
            outputs[r] = g.predict(d[0]).dup();
        }
        assertNotEquals(before, runs[0], "training changed no weight");
        assertEquals(runs[0], runs[1]);
        assertEquals(outputs[0], outputs[1], "same seed, same predictions on all 300 rows");
        assertNotEquals(runs[0], runs[2]);
        assertNotEquals(outputs[0], outputs[2], "another initialisation seed, other predictions");
    }

    @Test
    void divergenceStopsWithTheEpochAndTheSettingToChange() {
        INDArray[] d = data(64, 3);
        // a huge learning rate blows the weights up within the first epochs
        d[1].muli(1e6f);
        Mlp m = Mlp.builder(2).hidden(8).seed(0).build();
        Trainer t = Trainer.builder().epochs(5).batchSize(16).learningRate(1e30).build();
        TrainingDivergedException e =
                assertThrows(TrainingDivergedException.class, () -> t.fit(m, d[0], d[1], null, Losses.mse()));
        // whether the first non-finite loss is +∞ or NaN (∞ − ∞ inside a GEMM) depends on the GEMM kernel's
        // summation order and the processor (one build gave Infinity on an AMD EPYC, NaN on an Intel Xeon)
        String loss = e.getMessage().contains("(loss = NaN)") ? "NaN" : "Infinity";
        assertEquals(
                "training diverged at epoch " + e.epoch() + " of 5 (loss = " + loss + "): lower the learning rate "
                        + "(now 1.0E30) or standardize x and y",
                e.getMessage());
    }

    @Test
    void minStepsRaisesTheEpochsOnSmallDataOnly() {
        // 60 rows - 15 validation = 45 training rows; batch 10 -> 5 steps per epoch (the last batch has 5 rows)
        INDArray[] d = data(60, 6);
        Trainer floor = Trainer.builder()
                .epochs(2)
                .batchSize(10)
                .validationSize(15)
                .minSteps(23)
                .seed(0)
                .build();
        assertEquals(5, floor.epochsFor(45)); // ceil(23 / 5)
        assertEquals(2, floor.epochsFor(1000)); // 2 epochs of 100 steps already pass the floor
        assertEquals(2, Trainer.builder().epochs(2).batchSize(10).build().epochsFor(45)); // floor off by default
        Mlp m = Mlp.builder(2).hidden(8).seed(0).build();
        TrainingHistory h = floor.fit(m, d[0], d[1], null, Losses.mse());
        assertEquals(5, h.epochs());
        assertEquals(5, h.validationLoss().size());
        // the raised run equals asking for 5 epochs outright
        Mlp m2 = Mlp.builder(2).hidden(8).seed(0).build();
        Trainer.builder()
                .epochs(5)
                .batchSize(10)
                .validationSize(15)
                .seed(0)
                .build()
                .fit(m2, d[0], d[1], null, Losses.mse());
        assertEquals(m2.flatParameters(), m.flatParameters());
        var err = assertThrows(
                IllegalArgumentException.class, () -> Trainer.builder().minSteps(-1));
        assertEquals("minimum steps must be ≥ 0, got -1", err.getMessage());
    }

    /**
     * 50 rows with one and the same x: the model cannot tell the 10 validation rows (the first 10 of the trainer's
     * seeded permutation) from the 40 training rows. Training rows have y = 5, validation rows {@code yVal}.
     */
    static INDArray[] conflicting(double yVal, long seed) {
        int n = 50;
        INDArray x = Nd4j.create(DataType.FLOAT, n, 2);
        x.getColumn(0).assign(0.5);
        x.getColumn(1).assign(-0.25);
        INDArray y = Nd4j.valueArrayOf(new long[] {n, 1}, 5f);
        int[] perm = Shuffle.permutation(n, new SplittableRandom(seed));
        for (int i = 0; i < 10; i++) y.putScalar(perm[i], 0, yVal);
        return new INDArray[] {x, y};
    }

    private static Trainer.Builder conflictingTrainer() {
        // full batch (40 training rows): one Adam step per epoch
        return Trainer.builder()
                .batchSize(40)
                .learningRate(0.05)
                .validationSize(10)
                .seed(7);
    }

    @Test
    void earlyStoppingStopsPatienceEpochsAfterAValidationLossThatRisesFromTheFirstEpoch() {
        // a linear model f(x) = w·x + b starts near 0 and climbs towards the training target 5 at every full-batch
        // Adam step (every gradient has the sign of f − 5 < 0, so Adam's moments keep that sign): the validation
        // loss (f + 5)² rises every epoch, the best epoch is the first, and patience 3 stops after epoch 4
        INDArray[] d = conflicting(-5, 7);
        Mlp m = Mlp.builder(2).hidden().seed(0).build();
        TrainingHistory h =
                conflictingTrainer().epochs(400).earlyStopping(3).build().fit(m, d[0], d[1], null, Losses.mse());
        assertEquals(4, h.epochs(), "validation loss " + h.validationLoss());
        assertTrue(h.stoppedEarly());
        assertEquals(1, h.keptEpoch());
        for (int e = 1; e < 4; e++) {
            assertTrue(h.validationLoss().get(e) > h.validationLoss().get(e - 1), "rises: " + h.validationLoss());
        }
        // the weights kept are those after epoch 1: a plain 1-epoch run on the same split gives them bit for bit
        Mlp one = Mlp.builder(2).hidden().seed(0).build();
        conflictingTrainer().epochs(1).build().fit(one, d[0], d[1], null, Losses.mse());
        assertEquals(one.flatParameters(), m.flatParameters());
        Mlp four = Mlp.builder(2).hidden().seed(0).build();
        conflictingTrainer().epochs(4).build().fit(four, d[0], d[1], null, Losses.mse());
        assertNotEquals(four.flatParameters(), m.flatParameters(), "the last epoch's weights were kept");
    }

    @Test
    void earlyStoppingKeepsTheBestValidationEpoch() {
        // validation target 2 on the way from f ≈ 0 to the training target 5: the validation loss (f − 2)² falls
        // until f passes 2, then rises every epoch, so training stops exactly 3 epochs after the best one
        INDArray[] d = conflicting(2, 7);
        Mlp m = Mlp.builder(2).hidden().seed(0).build();
        TrainingHistory h =
                conflictingTrainer().epochs(400).earlyStopping(3).build().fit(m, d[0], d[1], null, Losses.mse());
        assertTrue(h.stoppedEarly(), "did not stop: " + h.validationLoss());
        int kept = h.keptEpoch();
        assertTrue(kept > 1, "the validation loss fell at first: " + h.validationLoss());
        assertEquals(kept + 3, h.epochs());
        double best = h.validationLoss().stream()
                .mapToDouble(Double::doubleValue)
                .min()
                .orElseThrow();
        assertEquals(best, h.validationLoss().get(kept - 1));
        Mlp plain = Mlp.builder(2).hidden().seed(0).build();
        conflictingTrainer().epochs(kept).build().fit(plain, d[0], d[1], null, Losses.mse());
        assertEquals(plain.flatParameters(), m.flatParameters(), "the best epoch's weights are restored");
        var err = assertThrows(
                IllegalArgumentException.class,
                () -> Trainer.builder().earlyStopping(2).build().fit(m, d[0], d[1], null, Losses.mse()));
        assertEquals("early stopping needs a validation split: set validationSize", err.getMessage());
    }

    /** An Mlp seen only through {@link Regressor}: discardGrad is the default, an eager zeroGrad. */
    private record Eager(Mlp m) implements Regressor {
        @Override
        public int inputSize() {
            return m.inputSize();
        }

        @Override
        public int outputSize() {
            return m.outputSize();
        }

        @Override
        public INDArray forward(INDArray x) {
            return m.forward(x);
        }

        @Override
        public INDArray backward(INDArray d, boolean w, boolean i) {
            return m.backward(d, w, i);
        }

        @Override
        public List<Param> parameters() {
            return m.parameters();
        }

        @Override
        public void zeroGrad() {
            m.zeroGrad();
        }
    }

    @Test
    void lazilyDiscardedGradientsTrainExactlyAsZeroedOnesEvenWhenABatchHasNoBackwardPass() {
        INDArray[] d = data(200, 8);
        // odd batches produce no gradient (as a bootstrap member whose weights are all 0 in a batch): their
        // optimizer step must see zeros, not the previous batch's gradient
        TrainingLoss<Regressor> skipOdd = new TrainingLoss<>() {
            @Override
            public double lossAndGradients(Regressor r, Batch b) {
                return Losses.mse(r, b.x(), b.y(), null, b.index() % 2 == 0);
            }

            @Override
            public double loss(Regressor r, Batch b) {
                return Losses.mse(r, b.x(), b.y(), null, false);
            }
        };
        Mlp lazy = Mlp.builder(2).hidden(16, 16).seed(3).build();
        Mlp eager = Mlp.builder(2).hidden(16, 16).seed(3).build();
        Trainer t = Trainer.builder()
                .epochs(4)
                .batchSize(32)
                .learningRate(1e-2)
                .seed(0)
                .build();
        t.fit((Regressor) lazy, d[0], d[1], null, skipOdd);
        t.fit(new Eager(eager), d[0], d[1], null, skipOdd);
        assertEquals(eager.flatParameters(), lazy.flatParameters());
        Mlp stale = Mlp.builder(2).hidden(16, 16).seed(3).build();
        Trainer.builder()
                .epochs(4)
                .batchSize(32)
                .learningRate(1e-2)
                .seed(0)
                .build()
                .fit(stale, d[0], d[1], null, Losses.mse());
        assertNotEquals(stale.flatParameters(), lazy.flatParameters(), "the skipped batches changed nothing?");
    }

    @Test
    void bootstrapEnsembleMembersTrainOnTheirOwnWeights() {
        INDArray[] d = data(256, 5);
        Ensemble<GaussianMlp> e =
                Ensemble.of(3, 0, s -> GaussianMlp.of(Mlp.builder(2).hidden(16).seed(s), 1), Ensemble.Aggregation.MEAN);
        INDArray w = Bootstrap.weights(256, 3, 0, DataType.FLOAT);
        TrainingHistory h = Trainer.builder()
                .epochs(30)
                .batchSize(32)
                .learningRate(3e-3)
                .seed(0)
                .build()
                .fit(e, d[0], d[1], w, Losses.perMember(Losses.gaussianNll()));
        assertTrue(h.finalTrainLoss() < h.trainLoss().get(0) - 0.5, "ensemble NLL did not drop: " + h.trainLoss());
        // member 0 alone, same data, same weights column, same seed: identical weights
        GaussianMlp solo = GaussianMlp.of(Mlp.builder(2).hidden(16).seed(0), 1);
        Trainer.builder()
                .epochs(30)
                .batchSize(32)
                .learningRate(3e-3)
                .seed(0)
                .build()
                .fit(solo, d[0], d[1], w.getColumn(0, true).dup(), Losses.gaussianNll());
        assertEquals(solo.core().flatParameters(), e.member(0).core().flatParameters());
    }

    /**
     * A COMs-style extra term as a method would write it: x⁻ from a few input-ascent steps (no weight grads), then
     * MSE(f̂(x), y) + α·(mean f̂(x⁻) − mean f̂(x)), α updated by its own Adam step on log α after each batch.
     */
    static final class ConservativeLoss implements TrainingLoss<Mlp> {
        final Param logAlpha =
                new Param("log_alpha", Nd4j.create(new double[] {Math.log(0.1)}), Nd4j.create(DataType.DOUBLE, 1));
        final Adam alphaOpt = new Adam(0.01);
        final int innerSteps;
        INDArray xNeg;
        double gap;

        ConservativeLoss(int innerSteps) {
            this.innerSteps = innerSteps;
        }

        double alpha() {
            return Math.exp(logAlpha.value().getDouble(0));
        }

        INDArray negatives(Mlp m, INDArray x) {
            INDArray xn = x.dup('f');
            InputAscent.ascend(m, xn, 0, 0.05, innerSteps);
            return xn;
        }

        @Override
        public double lossAndGradients(Mlp m, Batch b) {
            xNeg = negatives(m, b.x());
            return value(m, b, xNeg, true);
        }

        @Override
        public double loss(Mlp m, Batch b) {
            return value(m, b, negatives(m, b.x()), false);
        }

        double value(Mlp m, Batch b, INDArray xn, boolean grads) {
            int n = b.size();
            double a = alpha();
            INDArray neg = m.forward(xn);
            double meanNeg = neg.meanNumber().doubleValue();
            if (grads) m.backward(Nd4j.valueArrayOf(neg.shape(), a / n, neg.dataType()), true, false);
            double mse = Losses.mse(m, b.x(), b.y(), null, grads); // forward on x, adds MSE grads
            INDArray pos = m.forward(b.x());
            double meanPos = pos.meanNumber().doubleValue();
            if (grads) m.backward(Nd4j.valueArrayOf(pos.shape(), -a / n, pos.dataType()), true, false);
            gap = meanNeg - meanPos;
            return mse + a * gap;
        }

        @Override
        public void afterStep(Mlp m, Batch b) {
            // Lagrangian: minimise α·(τ − gap) w.r.t. log α, i.e. d/dlogα = α·(τ − gap), τ = 2.0
            logAlpha.grad().putScalar(0, alpha() * (2.0 - gap));
            alphaOpt.step(logAlpha);
        }

        @Override
        public String status() {
            return String.format("alpha=%.3f", alpha());
        }
    }

    @Test
    void comsStyleExtraTermHasCorrectGradientsAndTrainsThroughTheSharedLoop() {
        INDArray[] d = data(64, 6);
        Mlp m = Mlp.builder(2)
                .hidden(6)
                .init(Init.TORCH_DEFAULT)
                .dataType(DataType.DOUBLE)
                .seed(3)
                .build();
        ConservativeLoss loss = new ConservativeLoss(5);
        Batch b = new Batch(d[0].castTo(DataType.DOUBLE), d[1].castTo(DataType.DOUBLE), null, 1, 0);
        m.zeroGrad();
        loss.lossAndGradients(m, b);
        INDArray grad = m.parameters().get(0).grad().dup();
        INDArray xn = loss.xNeg;
        // x⁻ is a constant (stop-gradient) in the loss, as in COMs
        GradCheck.check(m.flatParameters(), grad, () -> loss.value(m, b, xn, false), 1e-6);

        double before = loss.alpha();
        TrainingHistory h = Trainer.builder()
                .epochs(5)
                .batchSize(16)
                .learningRate(1e-2)
                .seed(0)
                .build()
                .fit(m, d[0], d[1], null, loss);
        assertEquals(5, h.epochs());
        assertNotEquals(before, loss.alpha());
        assertTrue(Double.isFinite(h.finalTrainLoss()));
    }

    /** Records, per row index (x₀ = row index), the weights each training and validation batch gave it. */
    private static final class WeightSpy implements TrainingLoss<Mlp> {
        final double[] trainWeight;
        final int[] trainVisits;
        final double[] valWeight;
        final int[] valVisits;

        WeightSpy(int n) {
            trainWeight = new double[n];
            trainVisits = new int[n];
            valWeight = new double[n];
            valVisits = new int[n];
        }

        private void see(Batch b, double[] w, int[] visits) {
            for (int i = 0; i < b.size(); i++) {
                int row = (int) b.x().getDouble(i, 0);
                w[row] = b.weights() == null ? Double.NaN : b.weights(0).getDouble(i);
                visits[row]++;
            }
        }

        @Override
        public double lossAndGradients(Mlp model, Batch b) {
            see(b, trainWeight, trainVisits);
            return Losses.mse().lossAndGradients(model, b);
        }

        @Override
        public double loss(Mlp model, Batch b) {
            see(b, valWeight, valVisits);
            return Losses.mse().loss(model, b);
        }
    }

    @Test
    void bootstrapWeighsEachTrainingRowByItsDrawCountAndLeavesTheSplitAndValidationUnweighted() {
        int n = 50;
        int nVal = 10;
        long seed = 11;
        INDArray x = Nd4j.create(DataType.FLOAT, n, 1);
        for (int i = 0; i < n; i++) x.putScalar(i, 0, i);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 1);
        Trainer.Builder b =
                Trainer.builder().epochs(2).batchSize(8).validationSize(nVal).seed(seed);
        WeightSpy spy = new WeightSpy(n);
        b.bootstrap(true).build().fit(Mlp.builder(1).hidden().seed(0).build(), x, y, null, spy);

        // the split is the one without resampling: the first nVal rows of the seed's permutation
        int[] perm = Shuffle.permutation(n, new SplittableRandom(seed));
        int[] counts = Bootstrap.counts(n - nVal, ~seed);
        int total = 0;
        for (int j = 0; j < n; j++) {
            int row = perm[j];
            if (j < nVal) {
                assertEquals(0, spy.trainVisits[row], "validation row " + row + " was trained on");
                assertEquals(2, spy.valVisits[row], "validated once per epoch");
                assertEquals(1.0, spy.valWeight[row], "validation is unweighted");
            } else {
                assertEquals(2, spy.trainVisits[row], "every training row passes once per epoch, drawn or not");
                assertEquals(counts[j - nVal], spy.trainWeight[row], "row " + row);
                total += (int) spy.trainWeight[row];
            }
        }
        assertEquals(n - nVal, total, "n − val draws over the n − val training rows");
        assertTrue(Arrays.stream(counts).anyMatch(c -> c == 0), "some rows were not drawn");

        WeightSpy plain = new WeightSpy(n);
        b.bootstrap(false).build().fit(Mlp.builder(1).hidden().seed(0).build(), x, y, null, plain);
        assertEquals(
                Arrays.toString(spy.valVisits),
                Arrays.toString(plain.valVisits),
                "same validation rows with and without resampling");

        var err = assertThrows(
                IllegalArgumentException.class,
                () -> b.bootstrap(true)
                        .build()
                        .fit(Mlp.builder(1).hidden().seed(0).build(), x, y, Nd4j.ones(DataType.FLOAT, n, 1), spy));
        assertEquals(
                "bootstrap resampling draws its own example weights: pass null weights, or turn bootstrap off to "
                        + "train with your own",
                err.getMessage());
    }

    @Test
    void bootstrapTrainingIsDeterministicPerSeedAndDiffersFromUnweightedTraining() {
        INDArray[] d = data(300, 12);
        Trainer.Builder b = Trainer.builder()
                .epochs(3)
                .batchSize(32)
                .learningRate(1e-2)
                .validationSize(20)
                .seed(4);
        INDArray[] params = new INDArray[3];
        for (int r = 0; r < 3; r++) {
            Mlp m = Mlp.builder(2).hidden(8).seed(1).build();
            b.bootstrap(r < 2).build().fit(m, d[0], d[1], null, Losses.mse());
            params[r] = m.flatParameters();
        }
        assertEquals(params[0], params[1]);
        assertNotEquals(params[0], params[2]);
    }

    @Test
    void validationRowsArePaperCountsCappedAtAFifth() {
        assertEquals(200, Trainer.validationRows(200, 32_898), "TFBind8 keeps the paper's 200");
        assertEquals(500, Trainer.validationRows(500, 32_898));
        assertEquals(112, Trainer.validationRows(200, 560), "560 rows: a fifth");
        assertEquals(27, Trainer.validationRows(200, 139));
        assertEquals(8, Trainer.validationRows(500, 40));
        assertEquals(0, Trainer.validationRows(200, 4), "fewer than 5 rows: no validation split");
        assertEquals(0, Trainer.validationRows(0, 1000), "no split requested");
    }

    /**
     * adamBetas reach the optimizer: two full-batch epochs equal two hand-driven Adam(lr, 0.0, 0.9) steps, and
     * differ from the default betas (Adam's first step is lr·sign(g) for any betas, so one step would not tell).
     */
    @Test
    void adamBetasAreTheOptimizers() {
        INDArray[] d = data(16, 3);
        Mlp start = Mlp.builder(2).hidden(4).seed(1).build();
        Mlp trained = start.copy();
        Mlp withDefaults = start.copy();
        Trainer.Builder tb = Trainer.builder().epochs(2).batchSize(16).learningRate(0.1);
        tb.build().fit(withDefaults, d[0], d[1], null, Losses.mse());
        tb.adamBetas(0.0, 0.9).build().fit(trained, d[0], d[1], null, Losses.mse());
        Mlp manual = start.copy();
        Adam adam = new Adam(0.1, 0.0, 0.9, Adam.TF_EPSILON);
        for (int step = 0; step < 2; step++) {
            manual.zeroGrad();
            Losses.mse(manual, d[0], d[1], null, true);
            adam.step(manual.parameters());
        }
        assertEquals(manual.flatParameters(), trained.flatParameters());
        assertNotEquals(withDefaults.flatParameters(), trained.flatParameters());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Trainer.builder().adamBetas(0.9, 1.0));
        assertEquals("Adam betas must be in [0, 1), got 0.9, 1.0", e.getMessage());
    }

    /** A mean-squared-error loss that also reports, per epoch, the rows it trained on and its mean batch loss. */
    private static final class PartsLoss implements TrainingLoss<Mlp> {
        private double sum;
        private int rows;

        @Override
        public double lossAndGradients(Mlp m, Batch b) {
            double l = Losses.mse(m, b.x(), b.y(), null, true);
            sum += l * b.size();
            rows += b.size();
            return l;
        }

        @Override
        public double loss(Mlp m, Batch b) {
            return Losses.mse(m, b.x(), b.y(), null, false);
        }

        @Override
        public Map<String, Double> epochMetrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("rows", (double) rows);
            m.put("mse", sum / rows);
            sum = 0;
            rows = 0;
            return m;
        }
    }

    @Test
    void theLossPartsAreRecordedPerEpochInTheHistory() {
        INDArray[] d = data(100, 5);
        Mlp m = Mlp.builder(2).hidden(4).seed(1).build();
        TrainingHistory h = Trainer.builder()
                .epochs(3)
                .batchSize(32)
                .validationSize(20)
                .seed(2)
                .build()
                .fit(m, d[0], d[1], null, new PartsLoss());
        assertEquals(List.of("rows", "mse"), List.copyOf(h.metrics().keySet()));
        assertEquals(List.of(80.0, 80.0, 80.0), h.metrics().get("rows")); // the 80 training rows, reset each epoch
        for (int e = 0; e < 3; e++)
            assertEquals(h.trainLoss().get(e), h.metrics().get("mse").get(e), 1e-12);
        assertTrue(Trainer.builder()
                .epochs(1)
                .build()
                .fit(m, d[0], d[1], null, Losses.mse())
                .metrics()
                .isEmpty());
    }

    @Test
    void aPartMissingFromSomeEpochsIsNaNThere() {
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        Trainer.recordMetrics(metrics, Map.of(), 1);
        Trainer.recordMetrics(metrics, Map.of("a", 1.0), 2); // first reported in epoch 2 (e.g. after a resume)
        Trainer.recordMetrics(metrics, Map.of("b", 2.0), 3);
        assertEquals(Arrays.asList(Double.NaN, 1.0, Double.NaN), metrics.get("a"));
        assertEquals(Arrays.asList(Double.NaN, Double.NaN, 2.0), metrics.get("b"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new TrainingHistory(List.of(1.0, 2.0), List.of(1.0, 2.0), 2, false, Map.of("a", List.of(1.0))));
        assertEquals("metric 'a' has 1 values for 2 epochs", e.getMessage());
    }

    /**
     * learningRateDecay(d) trains epoch e at lr·d^(e−1): on a one-weight linear model fitted full-batch with a tiny lr,
     * Adam's first two steps move the weight by ≈ lr each (m̂/√v̂ ≈ 1 while the gradient barely changes), so the
     * second epoch's move over the first is ≈ d.
     */
    @Test
    void learningRateDecayScalesEachEpochsSteps() {
        INDArray x = Nd4j.create(new double[][] {{1}, {2}, {3}}).castTo(DataType.DOUBLE);
        INDArray y = Nd4j.create(new double[][] {{2}, {4}, {6}}).castTo(DataType.DOUBLE);
        for (double d : new double[] {1, 0.5}) {
            double[] w = new double[3];
            for (int epochs = 0; epochs <= 2; epochs++) {
                Mlp lin = Mlp.builder(1).hidden().dataType(DataType.DOUBLE).build();
                lin.weight(0).assign(0);
                if (epochs > 0) {
                    Trainer.builder()
                            .epochs(epochs)
                            .batchSize(8)
                            .learningRate(1e-4)
                            .learningRateDecay(d)
                            .build()
                            .fit(lin, x, y, null, Losses.mse());
                }
                w[epochs] = lin.weight(0).getDouble(0, 0);
            }
            assertEquals(1e-4, w[1] - w[0], 1e-7, "first epoch at lr");
            assertEquals(d, (w[2] - w[1]) / (w[1] - w[0]), 1e-3, "second epoch at lr·" + d);
        }
        var e = assertThrows(
                IllegalArgumentException.class, () -> Trainer.builder().learningRateDecay(0));
        assertEquals("the learning-rate decay must be in (0, 1], got 0.0", e.getMessage());
    }

    @Test
    void cosineAnnealingTrainsEpochEAtTheCosineRateAndRefusesASecondSchedule() {
        // utils.py 107-111 of ICT / Tri-mentoring: lr0 (1 + cos(pi e / T)) / 2 for e = 0..T-1
        assertEquals(0.1, Trainer.cosineRate(0.1, 1, 200), 0);
        assertEquals(0.05, Trainer.cosineRate(0.1, 101, 200), 1e-15);
        assertEquals(0.1 * (1 + Math.cos(Math.PI * 199 / 200)) / 2, Trainer.cosineRate(0.1, 200, 200), 1e-18);
        // one batch per epoch, so the run is Adam with the per-epoch rate set by hand
        INDArray x = Nd4j.rand(DataType.DOUBLE, 20, 3);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 20, 1);
        Mlp base = Mlp.builder(3)
                .hidden(5)
                .outputs(1)
                .dataType(DataType.DOUBLE)
                .seed(3)
                .build();
        Mlp trained = base.copy();
        Trainer.builder()
                .epochs(6)
                .batchSize(20)
                .learningRate(0.05)
                .cosineAnnealing(true)
                .seed(1)
                .build()
                .fit(trained, x, y, null, Losses.mse());
        Mlp byHand = base.copy();
        Adam adam = new Adam(0.05);
        for (int e = 1; e <= 6; e++) {
            adam.setLearningRate(Trainer.cosineRate(0.05, e, 6));
            byHand.zeroGrad();
            Losses.mse(byHand, x, y, null, true);
            adam.step(byHand.parameters());
        }
        assertEquals(
                0,
                trained.flatParameters()
                        .sub(byHand.flatParameters())
                        .amaxNumber()
                        .doubleValue(),
                1e-12);
        Mlp constant = base.copy();
        Trainer.builder()
                .epochs(6)
                .batchSize(20)
                .learningRate(0.05)
                .seed(1)
                .build()
                .fit(constant, x, y, null, Losses.mse());
        assertTrue(constant.flatParameters()
                        .sub(trained.flatParameters())
                        .amaxNumber()
                        .doubleValue()
                > 1e-3);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Trainer.builder()
                        .cosineAnnealing(true)
                        .learningRateDecay(0.98)
                        .build());
        assertEquals(
                "choose one learning-rate schedule: cosine annealing or a decay of 0.98 per epoch, not both",
                e.getMessage());
    }

    /** Records the y values (= row indices) of every batch it sees; loss = the batch's mean y. */
    private static final class BatchSpy implements TrainingLoss<Mlp> {
        final List<double[]> seen = new java.util.ArrayList<>();

        @Override
        public double lossAndGradients(Mlp m, Batch b) {
            double[] y = Tensors.column(b.y(), 0);
            seen.add(y);
            return Arrays.stream(y).average().orElseThrow();
        }

        @Override
        public double loss(Mlp m, Batch b) {
            return 0;
        }
    }

    @Test
    void aBatchPlanReplacesTheShuffleBatchByBatchAndTheEpochLossIsTheMeanOverItsRows() {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 6, 1);
        INDArray y = Nd4j.create(new double[] {0, 1, 2, 3, 4, 5}, new long[] {6, 1}, DataType.DOUBLE);
        Mlp m = Mlp.builder(1).hidden(2).outputs(1).dataType(DataType.DOUBLE).build();
        Trainer.BatchPlan plan = new Trainer.BatchPlan() {
            @Override
            public int[][] batches(int epoch) {
                return epoch == 1 ? new int[][] {{5, 0}, {3}} : new int[][] {{1, 2, 4}};
            }

            @Override
            public String fingerprint() {
                return "spy";
            }
        };
        BatchSpy spy = new BatchSpy();
        TrainingHistory h =
                Trainer.builder().epochs(2).batchSize(1).batchPlan(plan).build().fit(m, x, y, null, spy);
        assertEquals(3, spy.seen.size());
        assertEquals(List.of(5.0, 0.0), Arrays.stream(spy.seen.get(0)).boxed().toList());
        assertEquals(List.of(3.0), Arrays.stream(spy.seen.get(1)).boxed().toList());
        assertEquals(
                List.of(1.0, 2.0, 4.0), Arrays.stream(spy.seen.get(2)).boxed().toList());
        // epoch 1: (2.5·2 + 3·1)/3 rows; epoch 2: 7/3
        assertEquals(List.of(8.0 / 3, 7.0 / 3), h.trainLoss());
        assertEquals(
                "a batch plan draws every batch from all rows: set validationSize(0), no validation fraction, "
                        + "bootstrap or minimum steps, and train rows, not lists",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Trainer.builder()
                                        .validationSize(1)
                                        .batchPlan(plan)
                                        .build()
                                        .fit(m, x, y, null, spy))
                        .getMessage());
        Trainer.BatchPlan outside = new Trainer.BatchPlan() {
            @Override
            public int[][] batches(int epoch) {
                return new int[][] {{6}};
            }

            @Override
            public String fingerprint() {
                return "outside";
            }
        };
        assertEquals(
                "the batch plan named row 6 in epoch 1, outside the 6 rows",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Trainer.builder()
                                        .batchPlan(outside)
                                        .build()
                                        .fit(m, x, y, null, spy))
                        .getMessage());
    }
}
