package org.mbo4j.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient ascent on designs through a differentiable model: x ← x + lr·∇ₓ f̂ⱼ(x), row by row, in place.
 * Weights are not touched. One seed buffer is allocated per call; the steps themselves allocate nothing.
 */
public final class InputAscent {
    private InputAscent() {}

    /** Runs {@code steps} ascent steps on {@code x} (B × d, modified in place) for objective {@code objective}. */
    public static void ascend(Regressor model, INDArray x, int objective, double lr, int steps) {
        if (steps < 0) throw new IllegalArgumentException("steps must be ≥ 0, got " + steps);
        if (objective < 0 || objective >= model.outputSize()) {
            throw new IllegalArgumentException("objective " + objective + " out of range [0, " + model.outputSize() + ")");
        }
        INDArray seed = null;
        for (int t = 0; t < steps; t++) {
            INDArray pred = model.forward(x);
            if (seed == null) seed = Tensors.unitColumn(pred, objective);
            axpy(lr, model.backward(seed, false, true), x);
        }
    }

    /** One ascent step, returning the predictions f̂(x) before the step (model buffer). */
    public static INDArray step(Regressor model, INDArray x, INDArray seed, double lr) {
        INDArray pred = model.forward(x);
        axpy(lr, model.backward(seed, false, true), x);
        return pred;
    }

    /** x ← x + lr·g in one native op. */
    static void axpy(double lr, INDArray g, INDArray x) {
        Nd4j.exec(new Axpy(g, x, x, lr));
    }
}
