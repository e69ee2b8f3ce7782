package org.mbo4j.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Hidden-layer activation of an {@link Mlp}. Applied in place to the pre-activation buffer. ReLU and LeakyReLU
 * record their derivative in a mask buffer during the forward pass (1 where z &gt; 0, the slope elsewhere) and
 * apply it as one multiply: libnd4j's branchy {@code leakyrelu}/{@code leaky_relu_bp} kernels cost 5–10× a
 * multiply on data with mixed signs (measured, docs/performance.md). tanh's backward uses its output.
 *
 * <p>LeakyReLU's slope is always explicit: tf.keras' default is 0.3 (design-baselines uses Keras defaults),
 * PyTorch's is 0.01. ReLU's derivative at 0 is 0, as in PyTorch and TensorFlow.
 */
public final class Activation {
    private enum Kind { IDENTITY, LEAKY_RELU, TANH }

    private final Kind kind;
    private final double slope;

    private Activation(Kind kind, double slope) {
        this.kind = kind;
        this.slope = slope;
    }

    /** max(0, z). */
    public static Activation relu() { return new Activation(Kind.LEAKY_RELU, 0.0); }

    /** z for z &gt; 0, slope·z otherwise; slope must be in [0, 1). tf.keras default 0.3, PyTorch 0.01. */
    public static Activation leakyRelu(double slope) {
        if (!(slope >= 0 && slope < 1)) {
            throw new IllegalArgumentException("LeakyReLU slope must be in [0, 1), got " + slope);
        }
        return new Activation(Kind.LEAKY_RELU, slope);
    }

    /** tanh(z). */
    public static Activation tanh() { return new Activation(Kind.TANH, 0); }

    /** z (no activation). */
    public static Activation identity() { return new Activation(Kind.IDENTITY, 0); }

    /** The LeakyReLU slope (0 for ReLU). */
    public double slope() { return slope; }

    /**
     * Applies the activation to {@code z} in place; for (Leaky)ReLU writes the derivative into {@code mask}
     * (same shape), which {@link #backwardInPlace} reads.
     */
    void applyInPlace(INDArray z, INDArray mask) {
        switch (kind) {
            case IDENTITY -> { }
            case LEAKY_RELU -> {
                if (slope == 0) {
                    Nd4j.exec(new Step(z, mask, 0.0)); // 1 where z > 0, else 0: ReLU's derivative at 0 is 0
                    Nd4j.exec(new ScalarMax(z, null, z, 0.0));
                } else {
                    // 1 where z ≥ 0, else slope (at z = 0 either gives output 0; libnd4j's convention)
                    Nd4j.exec(new LeakyReLUDerivative(z, mask, slope));
                    z.muli(mask);
                }
            }
            case TANH -> Transforms.tanh(z, false);
        }
    }

    /**
     * dZ = dA ⊙ act'(·), computed in place in {@code grad} from the activation output {@code out} and the mask
     * written by the forward pass.
     */
    void backwardInPlace(INDArray out, INDArray mask, INDArray grad) {
        switch (kind) {
            case IDENTITY -> { }
            case LEAKY_RELU -> grad.muli(mask);
            case TANH -> {
                INDArray t = out.mul(out);
                grad.subi(grad.mul(t)); // grad ⊙ (1 − a²)
            }
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case IDENTITY -> "identity";
            case TANH -> "tanh";
            case LEAKY_RELU -> slope == 0 ? "relu" : "leaky_relu(" + slope + ")";
        };
    }
}
