package org.mbo4j.method.surrogate;

import org.mbo4j.method.Proposal;
import org.mbo4j.nn.Regressor;

/**
 * The search rule of a surrogate method (BoTorch's "optimizer" in its model / acquisition / optimizer split): from
 * the trained model and the method's data pipeline, propose {@code k} designs. A value: what it does is fixed when it
 * is made ({@link GradientSearch} for plain ascent; RoMA's adaptation search; CMA-ES, BO and policies elsewhere).
 *
 * @param <M> the model type the rule needs
 */
@FunctionalInterface
public interface Search<M extends Regressor> {
    /**
     * Runs the search.
     *
     * @param method the method name the proposal carries
     * @param seed   the run's seed
     * @param model  the trained surrogate
     * @param data   the data pipeline the model was trained on (encoding, score scale, visible data)
     * @param k      designs to propose
     */
    Proposal run(String method, long seed, M model, SurrogateData data, int k);
}
