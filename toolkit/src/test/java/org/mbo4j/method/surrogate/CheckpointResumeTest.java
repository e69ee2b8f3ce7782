package org.mbo4j.method.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Module;
import org.mbo4j.nn.TestLosses;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Losses with their own state (COMs' α, RoMA's noise stream) resume exactly from a training checkpoint. */
class CheckpointResumeTest {
    static INDArray[] data() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 200, 3).subi(0.5).muli(4);
        INDArray y = x.getColumn(0)
                .mul(x.getColumn(1))
                .reshape(200, 1)
                .subi(x.getColumn(2).reshape(200, 1));
        return new INDArray[] {x, y};
    }

    /** Runs uninterrupted, then killed at epoch 3 and resumed; returns {plain params, resumed params}. */
    static <M extends Module> INDArray[] plainAndResumed(
            Path file, Supplier<M> model, Supplier<TrainingLoss<M>> loss, INDArray[] d) {
        Trainer.Builder b = Trainer.builder()
                .epochs(5)
                .batchSize(50)
                .learningRate(3e-3)
                .validationSize(20)
                .seed(2);
        M plain = model.get();
        b.build().fit(plain, d[0], d[1], null, loss.get());
        Trainer t = b.checkpoint(file).checkpointEvery(Duration.ZERO).build();
        assertThrows(
                TestLosses.Killed.class, () -> t.fit(model.get(), d[0], d[1], null, TestLosses.dyingAt(3, loss.get())));
        M resumed = model.get();
        t.fit(resumed, d[0], d[1], null, loss.get());
        return new INDArray[] {
            plain.parameters().get(0).value(), resumed.parameters().get(0).value()
        };
    }

    @Test
    void comsResumesWithItsLagrangeMultiplier(@TempDir Path dir) {
        Nd4j.getRandom().setSeed(1);
        INDArray[] d = data();
        ConservativeLoss[] losses = new ConservativeLoss[3];
        int[] made = {0};
        INDArray[] p = plainAndResumed(
                dir.resolve("coms.ckpt"),
                () -> Mlp.builder(3)
                        .hidden(16, 16)
                        .activation(Activation.relu())
                        .seed(4)
                        .build(),
                () -> losses[made[0]++] = new ConservativeLoss(0.1, 0.01, 0.5, 0.3, 5),
                d);
        assertEquals(p[0], p[1]);
        assertEquals(losses[0].alpha(), losses[2].alpha(), 0.0);
        assertEquals(false, losses[0].alpha() == 0.1, "alpha moved during training");
    }

    @Test
    void iomResumesItsDiscriminatorAndParticles(@TempDir Path dir) {
        Nd4j.getRandom().setSeed(3);
        INDArray[] d = data();
        INDArray starts = d[0].get(NDArrayIndex.interval(0, 8), NDArrayIndex.all());
        InvariantObjectiveModels.InvarianceLoss[] losses = new InvariantObjectiveModels.InvarianceLoss[3];
        int[] made = {0};
        INDArray[] p = plainAndResumed(
                dir.resolve("iom.ckpt"),
                () -> new InvariantObjectiveModels.RepresentationModel(
                        Mlp.builder(3)
                                .hidden(8)
                                .activation(Activation.relu())
                                .outputs(4)
                                .seed(1)
                                .build(),
                        Mlp.builder(4)
                                .hidden(8)
                                .activation(Activation.relu())
                                .outputs(1)
                                .seed(2)
                                .build()),
                () -> losses[made[0]++] = new InvariantObjectiveModels.InvarianceLoss(
                        Mlp.builder(4)
                                .hidden(8)
                                .activation(Activation.leakyRelu(0.2))
                                .outputs(1)
                                .seed(3)
                                .build(),
                        1e-3,
                        0.1,
                        starts,
                        0.05),
                d);
        assertEquals(p[0], p[1]);
        assertEquals(losses[0].particles(), losses[2].particles());
    }

    @Test
    void plainMseResumes(@TempDir Path dir) {
        Nd4j.getRandom().setSeed(2);
        INDArray[] d = data();
        INDArray[] p = plainAndResumed(
                dir.resolve("mse.ckpt"),
                () -> Mlp.builder(3)
                        .hidden(16, 16)
                        .activation(Activation.relu())
                        .seed(4)
                        .build(),
                Losses::mse,
                d);
        assertEquals(p[0], p[1]);
    }

    @Test
    void romaWarmupResumesItsNoiseStream(@TempDir Path dir) {
        Nd4j.getRandom().setSeed(2);
        INDArray[] d = data();
        INDArray[] p = plainAndResumed(
                dir.resolve("roma.ckpt"),
                () -> GaussianMlp.of(
                        Mlp.builder(3)
                                .hidden(16)
                                .activation(Activation.leakyRelu(0.3))
                                .seed(5),
                        1),
                () -> new RobustModelAdaptation.WarmupLoss(2, 1e-3, 0.2, 7),
                d);
        assertEquals(p[0], p[1]);
    }
}
