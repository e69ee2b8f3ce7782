package org.mbo4j.nn;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test helpers for training losses. */
public final class TestLosses {
    private TestLosses() {}

    /** Thrown by {@link #dyingAt}: stands for a killed process. */
    public static final class Killed extends RuntimeException {
        public Killed() {
            super("killed");
        }
    }

    /** Delegates everything to {@code inner} but dies at the first batch of epoch {@code epoch}. */
    public static <M extends Module> TrainingLoss<M> dyingAt(int epoch, TrainingLoss<M> inner) {
        return doingAt(
                epoch,
                () -> {
                    throw new Killed();
                },
                inner);
    }

    /** Delegates everything to {@code inner} but first runs {@code action} at each batch of epoch {@code epoch}. */
    public static <M extends Module> TrainingLoss<M> doingAt(int epoch, Runnable action, TrainingLoss<M> inner) {
        return new TrainingLoss<>() {
            @Override
            public double lossAndGradients(M m, Batch b) {
                if (b.epoch() == epoch) action.run();
                return inner.lossAndGradients(m, b);
            }

            @Override
            public double loss(M m, Batch b) {
                return inner.loss(m, b);
            }

            @Override
            public void afterStep(M m, Batch b) {
                inner.afterStep(m, b);
            }

            @Override
            public Map<String, INDArray> state() {
                return inner.state();
            }

            @Override
            public void restoreState(Map<String, INDArray> s) {
                inner.restoreState(s);
            }
        };
    }
}
