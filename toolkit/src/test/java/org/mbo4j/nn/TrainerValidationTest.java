package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The trainer's tail validation split and whole-split validation criterion. */
class TrainerValidationTest {

    /** Records the rows (their x values) seen in training and validation; takes no gradient steps. */
    private static final class Spy implements TrainingLoss<Mlp> {
        final TreeSet<Double> trained = new TreeSet<>();
        final TreeSet<Double> validated = new TreeSet<>();
        final List<Double> scores;
        int epoch;

        Spy(List<Double> scores) {
            this.scores = scores;
        }

        @Override
        public double lossAndGradients(Mlp model, Batch batch) {
            for (double v : batch.x().dup().data().asDouble()) trained.add(v);
            return 0;
        }

        @Override
        public double loss(Mlp model, Batch batch) {
            for (double v : batch.x().dup().data().asDouble()) validated.add(v);
            return 1;
        }

        @Override
        public double validationScore(Mlp model, INDArray x, INDArray y) {
            return scores == null ? Double.NaN : scores.get(epoch++);
        }
    }

    private static INDArray column(int n) {
        double[][] rows = new double[n][1];
        for (int i = 0; i < n; i++) rows[i][0] = i;
        return Tensors.matrix(rows, DataType.DOUBLE);
    }

    @Test
    void validationLastHoldsOutTheLastRowsInOrder() {
        Mlp m = Mlp.builder(1).hidden().dataType(DataType.DOUBLE).build();
        Spy spy = new Spy(null);
        Trainer.builder()
                .epochs(2)
                .batchSize(3)
                .validationSize(3)
                .validationLast(true)
                .build()
                .fit(m, column(10), column(10), null, spy);
        assertEquals(new TreeSet<>(Arrays.asList(7.0, 8.0, 9.0)), spy.validated);
        assertEquals(new TreeSet<>(Arrays.asList(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0)), spy.trained);
    }

    /** A whole-split score replaces the batch mean: the kept epoch is the lowest score's (epoch 3 of 5 here). */
    @Test
    void validationScoreChoosesTheKeptEpoch() {
        Mlp m = Mlp.builder(1).hidden().dataType(DataType.DOUBLE).build();
        Spy spy = new Spy(new ArrayList<>(List.of(0.5, 0.4, -0.9, -0.2, 0.1)));
        TrainingHistory h = Trainer.builder()
                .epochs(5)
                .validationSize(3)
                .earlyStopping(Integer.MAX_VALUE)
                .build()
                .fit(m, column(10), column(10), null, spy);
        assertEquals(3, h.keptEpoch());
        assertEquals(List.of(0.5, 0.4, -0.9, -0.2, 0.1), h.validationLoss());
        assertEquals(5, h.epochs());
    }
}
