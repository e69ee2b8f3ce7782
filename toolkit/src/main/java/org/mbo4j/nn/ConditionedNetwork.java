package org.mbo4j.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network inside a conditional GAN's critic or generator: B rows of d values (column-major, F-order) and B scalar
 * conditions y → B × k outputs, with first-order backpropagation and, for single-output networks, the weight gradient
 * of a directional input derivative (what a gradient penalty needs). {@link #forward} caches the batch for the other
 * calls. Implementations: {@link ConditionedMlp} (MINs' network, y embedded into every layer) and
 * {@link InputColumnMlp} (an {@link Mlp} on [x, y]).
 */
interface ConditionedNetwork extends Module {
    int inputSize();

    int outputSize();

    /** The flat parameter vector (one buffer: gradient checks perturb it). */
    INDArray flatParameters();

    /** Outputs (B × k, column-major) for rows {@code x} (B × d) under conditions {@code y}; caches the batch. */
    double[] forward(double[] x, double[] y);

    /**
     * Back-propagates dLoss/dOut of the last {@link #forward}: adds weight gradients when {@code weightGrads}; returns
     * dLoss/dx (B × d, the condition left out) when {@code inputGrads}, else null.
     */
    double[] backward(double[] dOut, boolean weightGrads, boolean inputGrads);

    /** ∇ₓ of the single output at the rows (B × d): a forward and a backward pass of ones, no weight gradients. */
    double[] inputGradient(double[] x, double[] y);

    /** Adds ∂/∂θ Σᵢ vᵢ·∇ₓD(xᵢ, yᵢ) for the rows of the last {@link #inputGradient}; v is B × d. */
    void addTangentWeightGradients(double[] v);
}
