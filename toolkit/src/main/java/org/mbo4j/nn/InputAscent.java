package org.mbo4j.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient ascent on designs through a differentiable model: x ← x + lr·∇ₓ f̂ⱼ(x), row by row, in place.
 * Weights are not touched. One seed buffer is allocated per call; the steps themselves allocate nothing.
 */
public final class InputAscent {
    /**
     * From this many steps on, {@link #ascend} runs a float32 ReLU {@link Mlp} through {@link ReluAscent} and any
     * other Mlp through its input-gradient view (transposed weight copies made once per call, which cost about what
     * three steps save: docs/performance.md).
     */
    static final int VIEW_MIN_STEPS = 4;

    private InputAscent() {}

    /** Runs {@code steps} ascent steps on {@code x} (B × d, modified in place) for objective {@code objective}. */
    public static void ascend(Regressor model, INDArray x, int objective, double lr, int steps) {
        if (steps < 0) throw new IllegalArgumentException("steps must be ≥ 0, got " + steps);
        if (objective < 0 || objective >= model.outputSize()) {
            throw new IllegalArgumentException(
                    "objective " + objective + " out of range [0, " + model.outputSize() + ")");
        }
        if (steps == 0) return;
        if (steps >= VIEW_MIN_STEPS && ReluAscent.supports(model, x)) {
            ReluAscent.ascend((Mlp) model, x, objective, lr, steps);
            return;
        }
        INDArray seed = Tensors.unitColumn(Nd4j.create(x.dataType(), x.rows(), model.outputSize()), objective);
        Regressor f = model instanceof Mlp m && steps >= VIEW_MIN_STEPS ? m.inputGradientView() : model;
        for (int t = 0; t < steps; t++) axpy(lr, f.forwardInputGradient(x, seed).inputGradient(), x);
    }

    /** One ascent step, returning the predictions f̂(x) before the step (model buffer). */
    public static INDArray step(Regressor model, INDArray x, INDArray seed, double lr) {
        Regressor.Pass pass = model.forwardInputGradient(x, seed);
        axpy(lr, pass.inputGradient(), x);
        return pass.prediction();
    }

    /** x ← x + lr·g in one native op. */
    static void axpy(double lr, INDArray g, INDArray x) {
        Nd4j.exec(new Axpy(g, x, x, lr));
    }
}
