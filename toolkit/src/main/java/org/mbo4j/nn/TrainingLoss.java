package org.mbo4j.nn;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a method adds to the shared {@link Trainer}: the loss of one minibatch and its gradients. The trainer
 * discards the gradients before {@link #lossAndGradients} ({@link Module#discardGrad}: the gradients then add up
 * from zero, whether through backward passes or the model's accessors) and applies its optimizer to
 * {@code model.parameters()} afterwards; a loss with extra trainable state (e.g. COMs' Lagrange multiplier) updates
 * it itself in {@link #afterStep}.
 *
 * @param <M> the model type
 */
public interface TrainingLoss<M extends Module> {
    /** Loss of the batch; adds ∂loss/∂θ to every parameter's grad buffer. */
    double lossAndGradients(M model, Batch batch);

    /** Loss of the batch without gradients (validation). */
    double loss(M model, Batch batch);

    /**
     * The validation criterion (lower is better) of the whole validation split at once, for one that is not a mean
     * over rows, such as a negated correlation; NaN (the default) means the mean of {@link #loss} over the
     * validation batches. The {@link Trainer} keeps the epoch where it is lowest under early stopping.
     *
     * @param x the validation rows' inputs (in the model's data type)
     * @param y their targets
     */
    default double validationScore(M model, INDArray x, INDArray y) {
        return Double.NaN;
    }

    /** Called after each optimizer step. */
    default void afterStep(M model, Batch batch) {}

    /** Extra numbers to show in progress and history after each epoch (e.g. "alpha=0.12"); empty by default. */
    default String status() {
        return "";
    }

    /**
     * Named parts of the loss, each the mean over the training rows of the epoch just finished (a VAE's
     * reconstruction nll and KL, a GAN generator's loss), which the {@link Trainer} records per epoch in
     * {@link TrainingHistory#metrics()}. The trainer calls it once after each epoch's training batches; a loss that
     * reports parts starts new sums after the call. Empty by default.
     */
    default Map<String, Double> epochMetrics() {
        return Map.of();
    }

    /**
     * The loss's own state that changes during training (a Lagrange multiplier and its optimizer moments, a
     * discriminator, particles, a random stream's position), for checkpoints. A loss with such state must return
     * it here and take it back in {@link #restoreState}, or a resumed training differs from an uninterrupted one.
     */
    default Map<String, INDArray> state() {
        return Map.of();
    }

    /** Takes back what {@link #state} returned (values may be copies). */
    default void restoreState(Map<String, INDArray> state) {}

    /** A validation criterion of the whole validation split (see {@link #validationScore}). */
    @FunctionalInterface
    interface Criterion<M extends Module> {
        double score(M model, INDArray x, INDArray y);
    }

    /** {@code inner} in every respect but its validation criterion, which is {@code criterion}. */
    static <M extends Module> TrainingLoss<M> validatedBy(TrainingLoss<M> inner, Criterion<M> criterion) {
        return new TrainingLoss<>() {
            @Override
            public double lossAndGradients(M model, Batch batch) {
                return inner.lossAndGradients(model, batch);
            }

            @Override
            public double loss(M model, Batch batch) {
                return inner.loss(model, batch);
            }

            @Override
            public double validationScore(M model, INDArray x, INDArray y) {
                return criterion.score(model, x, y);
            }

            @Override
            public void afterStep(M model, Batch batch) {
                inner.afterStep(model, batch);
            }

            @Override
            public String status() {
                return inner.status();
            }

            @Override
            public Map<String, Double> epochMetrics() {
                return inner.epochMetrics();
            }

            @Override
            public Map<String, INDArray> state() {
                return inner.state();
            }

            @Override
            public void restoreState(Map<String, INDArray> state) {
                inner.restoreState(state);
            }
        };
    }
}
