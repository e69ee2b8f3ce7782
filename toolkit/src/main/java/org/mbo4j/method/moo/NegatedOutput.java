package org.mbo4j.method.moo;

import java.util.List;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Regressor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * −f for a regressor f, sharing f's parameters: the "higher is better" view of a model of a target to minimise, so
 * that a loss written for maximisation (design-baselines' COMs, {@link
 * org.mbo4j.method.surrogate.ConservativeLoss}) trains f on the minimised target exactly as Off-MOO-Bench's
 * minimising variant does (ascent on −f is descent on f, and an overestimation of −f is an underestimation of f).
 * Train it on −y; f itself is the proxy. Not thread-safe (as f).
 */
final class NegatedOutput implements Regressor {
    private final Regressor f;

    NegatedOutput(Regressor f) {
        this.f = f;
    }

    /** The wrapped model f. */
    Regressor model() {
        return f;
    }

    @Override
    public int inputSize() {
        return f.inputSize();
    }

    @Override
    public int outputSize() {
        return f.outputSize();
    }

    @Override
    public INDArray forward(INDArray x) {
        return f.forward(x).neg();
    }

    @Override
    public INDArray backward(INDArray dPred, boolean weightGrads, boolean inputGrads) {
        return f.backward(dPred.neg(), weightGrads, inputGrads);
    }

    @Override
    public List<Param> parameters() {
        return f.parameters();
    }

    @Override
    public void discardGrad() {
        f.discardGrad();
    }

    @Override
    public void settleGrad() {
        f.settleGrad();
    }

    @Override
    public void zeroGrad() {
        f.zeroGrad();
    }
}
