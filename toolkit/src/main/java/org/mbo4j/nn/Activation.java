package org.mbo4j.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Hidden-layer activation of an {@link Mlp}. Applied in place to the pre-activation buffer; the backward pass
 * uses only the activation's <em>output</em> (for ReLU/LeakyReLU with slope ≥ 0 the sign of the output equals
 * the sign of the input), so no pre-activation copy is kept.
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

    /** Applies the activation in place. */
    void applyInPlace(INDArray z) {
        switch (kind) {
            case IDENTITY -> { }
            case LEAKY_RELU -> {
                if (slope == 0) Transforms.relu(z, false);
                else Transforms.leakyRelu(z, slope, false);
            }
            case TANH -> Transforms.tanh(z, false);
        }
    }

    /** dZ = dA ⊙ act'(·), computed in place in {@code grad} from the activation output {@code out}. */
    void backwardInPlace(INDArray out, INDArray grad) {
        switch (kind) {
            case IDENTITY -> { }
            // leaky_relu_bp treats input 0 as positive, but a ReLU output of 0 means z ≤ 0: use relu_bp for ReLU.
            case LEAKY_RELU -> {
                if (slope == 0) {
                    Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(out, grad).addOutputs(grad)
                            .addFloatingPointArguments(0.0).build());
                } else {
                    Nd4j.exec(new LeakyReLUBp(out, grad, grad, slope));
                }
            }
            case TANH -> {
                // 1 − a²: grad ← grad − grad ⊙ a ⊙ a, without temporaries via two in-place multiplies on a copy.
                INDArray t = out.mul(out);
                grad.subi(grad.mul(t));
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
