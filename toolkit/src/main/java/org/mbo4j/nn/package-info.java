/**
 * The neural core: {@link org.mbo4j.nn.Mlp} and {@link org.mbo4j.nn.GaussianMlp} with hand-written backprop on
 * preallocated F-order ND4J buffers, {@link org.mbo4j.nn.Ensemble} (mean/min, bootstrap-trained),
 * {@link org.mbo4j.nn.Adam}, and the one {@link org.mbo4j.nn.Trainer} every method uses with a pluggable
 * {@link org.mbo4j.nn.TrainingLoss}.
 *
 * <p>How a method adds its loss term: implement {@code TrainingLoss<M>}; in {@code lossAndGradients} call
 * {@code model.forward(x)}, compute the loss and dLoss/df̂ in Java, call {@code model.backward(dPred, true, false)}
 * (gradients accumulate, so several forward/backward pairs — e.g. on x and on adversarial x⁻ — simply add up).
 * Input gradients: {@code model.backward(seed, false, true)} or {@link org.mbo4j.nn.InputAscent}. Extra
 * trainable scalars (a Lagrange multiplier) are a {@link org.mbo4j.nn.Param} with their own {@code Adam}, updated
 * in {@code afterStep}. See {@code TrainerTest.ConservativeLoss} for a COMs-style example.
 *
 * <p>This package knows nothing of tasks or datasets: it takes INDArrays (see {@link org.mbo4j.nn.Tensors}).
 */
package org.mbo4j.nn;
