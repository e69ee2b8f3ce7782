package org.mbo4j.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable model x ↦ f̂(x) ∈ ℝᵏ (k objectives) with reusable workspaces: {@link #forward} caches the
 * activations of the batch, {@link #backward} back-propagates dLoss/df̂ through that cache, accumulating weight
 * gradients into {@link #parameters()} and optionally returning ∇ₓ. This is the hook every method builds on: a
 * loss term is "forward, compute dLoss/df̂ in Java, backward".
 *
 * <p>Buffers returned by {@code forward}/{@code backward} belong to the model and are overwritten by the next
 * call with the same batch size: {@code dup()} them to keep them. {@code backward} refers to the most recent
 * {@code forward}. Not thread-safe.
 */
public interface Regressor extends Module {
    /** Input width d. */
    int inputSize();

    /** Number of predicted objectives k. */
    int outputSize();

    /** Predictions f̂(x) for a batch x (B × d); returns the model's B × k buffer. */
    INDArray forward(INDArray x);

    /**
     * Back-propagates {@code dPred} (B × k, dLoss/df̂ of the last {@code forward}). Weight gradients are added to
     * the parameters' grad buffers when {@code weightGrads}; returns dLoss/dx (B × d, model buffer) when
     * {@code inputGrads}, else null.
     */
    INDArray backward(INDArray dPred, boolean weightGrads, boolean inputGrads);

    /** What {@link #forwardInputGradient} returns: f̂(x) and dLoss/dx, both model buffers. */
    record Pass(INDArray prediction, INDArray inputGradient) {}

    /**
     * {@link #forward} then {@link #backward} with input gradients only, for a {@code dPred} known before the
     * forward pass (an ascent seed). An ensemble overrides it to run each member's forward and backward back to
     * back, while that member's weights are still in cache; the results are the same.
     */
    default Pass forwardInputGradient(INDArray x, INDArray dPred) {
        INDArray p = forward(x);
        return new Pass(p, backward(dPred, false, true));
    }

    /** New array with f̂(x) (B × k). */
    default INDArray predict(INDArray x) {
        return forward(x).dup();
    }

    /**
     * ∇ₓ Σᵢ f̂ⱼ(xᵢ) for objective {@code objective}, i.e. each row's gradient of its own prediction; returns the
     * model's B × d buffer. No weight gradients are touched.
     */
    default INDArray inputGradient(INDArray x, int objective) {
        INDArray pred = forward(x);
        INDArray seed = Tensors.unitColumn(pred, objective);
        return backward(seed, false, true);
    }
}
