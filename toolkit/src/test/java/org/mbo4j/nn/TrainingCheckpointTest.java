package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TrainingCheckpointTest {
    static GaussianMlp model() {
        return GaussianMlp.of(
                Mlp.builder(2)
                        .hidden(16, 16)
                        .activation(Activation.leakyRelu(0.3))
                        .seed(3),
                1);
    }

    static Trainer.Builder trainer() {
        return Trainer.builder()
                .epochs(6)
                .batchSize(32)
                .learningRate(3e-3)
                .validationSize(40)
                .seed(9);
    }

    @Test
    void aKilledTrainingResumesToTheSameWeightsAsAnUninterruptedOne(@TempDir Path dir) {
        INDArray[] d = TrainerTest.data(300, 5);
        GaussianMlp plain = model();
        TrainingHistory hp = trainer().build().fit(plain, d[0], d[1], null, Losses.gaussianNll());

        Path file = dir.resolve("grad.ckpt");
        Trainer t = trainer().checkpoint(file).checkpointEvery(Duration.ZERO).build();
        assertThrows(
                TestLosses.Killed.class,
                () -> t.fit(model(), d[0], d[1], null, TestLosses.dyingAt(4, Losses.gaussianNll())));
        assertTrue(Files.isRegularFile(file), "epochs 1-3 were checkpointed");
        GaussianMlp resumed = model(); // a fresh process: same initialisation, state comes from the file
        TrainingHistory hr = t.fit(resumed, d[0], d[1], null, Losses.gaussianNll());
        assertEquals(plain.core().flatParameters(), resumed.core().flatParameters());
        assertEquals(plain.maxLogStd(0), resumed.maxLogStd(0));
        assertEquals(hp.trainLoss(), hr.trainLoss());
        assertEquals(hp.validationLoss(), hr.validationLoss());

        // finished: a rerun returns the trained model without computing a single batch
        GaussianMlp again = model();
        t.fit(again, d[0], d[1], null, TestLosses.dyingAt(1, Losses.gaussianNll()));
        assertEquals(plain.core().flatParameters(), again.core().flatParameters());
    }

    /** With a learning-rate decay the resumed epochs run at the decayed rate, as they would have uninterrupted. */
    @Test
    void aKilledTrainingWithLearningRateDecayResumesToTheSameWeights(@TempDir Path dir) {
        INDArray[] d = TrainerTest.data(300, 5);
        GaussianMlp plain = model();
        trainer().learningRateDecay(0.5).build().fit(plain, d[0], d[1], null, Losses.gaussianNll());
        GaussianMlp constant = model();
        trainer().build().fit(constant, d[0], d[1], null, Losses.gaussianNll());
        assertFalse(
                plain.core().flatParameters().equals(constant.core().flatParameters()), "the decay changes the fit");

        Path file = dir.resolve("decay.ckpt");
        Trainer t = trainer()
                .learningRateDecay(0.5)
                .checkpoint(file)
                .checkpointEvery(Duration.ZERO)
                .build();
        assertThrows(
                TestLosses.Killed.class,
                () -> t.fit(model(), d[0], d[1], null, TestLosses.dyingAt(4, Losses.gaussianNll())));
        GaussianMlp resumed = model();
        t.fit(resumed, d[0], d[1], null, Losses.gaussianNll());
        assertEquals(plain.core().flatParameters(), resumed.core().flatParameters());
    }

    @Test
    void aCheckpointOfAnotherTrainingIsIgnored(@TempDir Path dir) {
        INDArray[] d = TrainerTest.data(300, 5);
        Path file = dir.resolve("x.ckpt");
        trainer().checkpoint(file).build().fit(model(), d[0], d[1], null, Losses.gaussianNll());
        // another learning rate: the saved state must not be used
        GaussianMlp fresh = model();
        trainer().learningRate(1e-3).build().fit(fresh, d[0], d[1], null, Losses.gaussianNll());
        GaussianMlp viaFile = model();
        trainer().learningRate(1e-3).checkpoint(file).build().fit(viaFile, d[0], d[1], null, Losses.gaussianNll());
        assertEquals(fresh.core().flatParameters(), viaFile.core().flatParameters());
    }

    @Test
    void theDataChecksumIsASequentialHashOfShapeAndValues() {
        INDArray x = TrainerTest.data(50, 7)[0];
        assertEquals(Trainer.checksum(x), Trainer.checksum(x.dup('c'))); // memory order does not matter
        INDArray changed = x.dup();
        changed.putScalar(17, 1, changed.getDouble(17, 1) + 1e-3);
        assertFalse(Trainer.checksum(x).equals(Trainer.checksum(changed)));
        // hand-computed for a 1 x 2 matrix [1, 2]: h = 31·1 + 2, then h = 31·h + bits(v) per value
        INDArray tiny = Nd4j.create(new double[][] {{1, 2}});
        long h = 31L + 2;
        h = 31L * h + Double.doubleToLongBits(1.0);
        h = 31L * h + Double.doubleToLongBits(2.0);
        assertEquals("h" + Long.toHexString(h), Trainer.checksum(tiny));
    }

    /**
     * A module's layout beyond its parameter shapes is part of the fingerprint (the sequence VAE's decoder lengths), so
     * a checkpoint of another layout does not resume; a module without one keeps the fingerprint it had.
     */
    @Test
    void theFingerprintCarriesTheLayoutWhereShapesDoNotShowIt() {
        INDArray[] d = TrainerTest.data(30, 5);
        Trainer t = trainer().build();
        String vae =
                t.fingerprint(new ConvSequenceVae(8, 4, 4, 2, 4, 3, DataType.FLOAT, 0), d[0], d[1], null, 3, 6, false);
        assertTrue(vae.contains("|layout decoder [8, 8, 4, 2] upsample-first|data "), vae);
        String mlp = t.fingerprint(model(), d[0], d[1], null, 3, 6, false);
        assertFalse(mlp.contains("layout"), mlp);
    }

    @Test
    void aCheckpointWithTheOldThreadDependentChecksumStillResumes(@TempDir Path dir) {
        INDArray[] d = TrainerTest.data(300, 5);
        Path file = dir.resolve("old.ckpt");
        Trainer t = trainer().checkpoint(file).checkpointEvery(Duration.ZERO).build();
        GaussianMlp trained = model();
        t.fit(trained, d[0], d[1], null, Losses.gaussianNll());
        // rewrite the finished state under the fingerprint older versions wrote
        GaussianMlp probe = model();
        int nVal = 40;
        Checkpoint c = new Checkpoint(file, Duration.ZERO);
        Checkpoint.State s = c.load(t.fingerprint(probe, d[0], d[1], null, nVal, 6, false));
        assertTrue(s != null && s.finished());
        c.save(t.fingerprint(probe, d[0], d[1], null, nVal, 6, true), s);
        GaussianMlp resumed = model();
        t.fit(resumed, d[0], d[1], null, TestLosses.dyingAt(1, Losses.gaussianNll())); // no batch is computed
        assertEquals(trained.core().flatParameters(), resumed.core().flatParameters());
    }

    @Test
    void scopesNumberTheirTrainingsAndCleanUp(@TempDir Path dir) throws IOException {
        INDArray[] d = TrainerTest.data(100, 6);
        Path run = dir.resolve("run");
        try (TrainingCheckpoints.Scope s = TrainingCheckpoints.open(run, Duration.ofHours(1))) {
            trainer().epochs(1).label("first model").build().fit(model(), d[0], d[1], null, Losses.gaussianNll());
            trainer().epochs(1).label("second").build().fit(model(), d[0], d[1], null, Losses.gaussianNll());
            try (var files = Files.list(run)) {
                assertEquals(
                        List.of("fit-00-first_model.ckpt", "fit-01-second.ckpt"),
                        files.map(p -> p.getFileName().toString()).sorted().toList());
            }
            s.deleteAll();
        }
        assertFalse(Files.exists(run));
        // outside a scope nothing is written
        trainer().epochs(1).build().fit(model(), d[0], d[1], null, Losses.gaussianNll());
        assertFalse(Files.exists(run));
    }

    @Test
    void progressReadsEachCheckpointsHeaderInCallOrder(@TempDir Path dir) throws IOException {
        INDArray[] d = TrainerTest.data(100, 6);
        Path run = dir.resolve("run");
        assertEquals(List.of(), TrainingCheckpoints.progress(run)); // no folder: nothing to say
        try (TrainingCheckpoints.Scope s = TrainingCheckpoints.open(run, Duration.ZERO)) {
            trainer().epochs(2).label("proxy").build().fit(model(), d[0], d[1], null, Losses.gaussianNll());
            assertThrows(
                    TestLosses.Killed.class,
                    () -> trainer()
                            .label("generator net")
                            .build()
                            .fit(model(), d[0], d[1], null, TestLosses.dyingAt(4, Losses.gaussianNll())));
        }
        Files.writeString(run.resolve("fit-02-junk.ckpt"), "not a checkpoint");
        // a loop's own file (LoopCheckpoint.at) comes after the trainings, by name
        LoopCheckpoint.at(run.resolve("refinement-1a.ckpt"), Duration.ZERO, "a loop")
                .save(4, false, java.util.Map.of(), java.util.Map.of("w", Nd4j.zeros(2)));
        Files.writeString(run.resolve("fit-10-late.ckpt"), ""); // numbered past 09: sorted as a number
        Files.writeString(run.resolve("notes.txt"), "ignored");
        assertEquals(
                List.of(
                        "proxy finished",
                        "generator_net epoch 3",
                        "junk unreadable",
                        "late unreadable",
                        "refinement-1a epoch 4"),
                TrainingCheckpoints.progress(run));
    }

    @Test
    void sharedTrainingsLiveBesideTheRunsAndAreReloadedByALaterRun(@TempDir Path dir) throws IOException {
        INDArray[] d = TrainerTest.data(100, 6);
        assertEquals(null, TrainingCheckpoints.sharedDir("net", "one key")); // outside any scope: nothing shared
        Path shared = dir.resolve("net-shared-" + Integer.toHexString("one key".hashCode()));
        GaussianMlp first = model();
        try (TrainingCheckpoints.Scope s = TrainingCheckpoints.open(dir.resolve("seed0"), Duration.ZERO, dir)) {
            assertEquals(shared, TrainingCheckpoints.sharedDir("net", "one key"));
            // another benchmark process removes the shared folder mid-training: the next checkpoint makes it again
            sharedFit(first, d, TestLosses.doingAt(3, () -> TrainingCheckpoints.delete(shared), Losses.gaussianNll()));
            assertEquals(dir.resolve("seed0"), TrainingCheckpoints.current().dir(), "the run's scope is back");
        }
        assertEquals(List.of("shared finished"), TrainingCheckpoints.progress(shared));
        try (var files = Files.list(dir.resolve("seed0"))) {
            assertEquals(0, files.count(), "nothing in the run's own folder");
        }
        // a later run, here or in another process: the finished training is reloaded, not computed
        GaussianMlp again = model();
        try (TrainingCheckpoints.Scope s = TrainingCheckpoints.open(dir.resolve("seed1"), Duration.ofHours(1), dir)) {
            sharedFit(again, d, TestLosses.dyingAt(1, Losses.gaussianNll()));
        }
        assertEquals(first.core().flatParameters(), again.core().flatParameters());
        assertEquals(List.of(shared), TrainingCheckpoints.sharedDirs(dir)); // the runs' folders are not shared ones
        assertTrue(TrainingCheckpoints.sharedOpened()
                .contains(shared.toAbsolutePath().normalize()));
        // a scope opened without a shared root (a user's, not the benchmark's) keeps shared trainings inside itself
        try (TrainingCheckpoints.Scope s = TrainingCheckpoints.open(dir.resolve("mine"), Duration.ZERO)) {
            assertEquals(
                    dir.resolve("mine").resolve("net-shared-" + Integer.toHexString("one key".hashCode())),
                    TrainingCheckpoints.sharedDir("net", "one key"));
        }
        // outside a scope the work just runs (and trains)
        assertThrows(TestLosses.Killed.class, () -> sharedFit(model(), d, TestLosses.dyingAt(1, Losses.gaussianNll())));
    }

    /** {@link #trainer()} labelled "shared", fitting {@code m} as the shared work ("net", "one key"). */
    private static TrainingHistory sharedFit(GaussianMlp m, INDArray[] d, TrainingLoss<GaussianMlp> loss) {
        return TrainingCheckpoints.shared(
                "net", "one key", () -> trainer().label("shared").build().fit(m, d[0], d[1], null, loss));
    }
}
