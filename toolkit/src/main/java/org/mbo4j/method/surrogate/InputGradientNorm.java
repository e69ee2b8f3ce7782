package org.mbo4j.method.surrogate;

import org.mbo4j.nn.Mlp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Double back-propagation for piecewise-linear MLPs (ReLU / LeakyReLU hidden layers): the per-row input-gradient
 * norm R = Σᵢ ‖∇ₓ f̂ₖ(xᵢ)‖ of one output column k and its gradient with respect to the weights. With the
 * activation masks fixed (their derivative is 0 almost everywhere, as in TensorFlow and PyTorch), the input
 * gradient is Gₗ = (Gₗ₊₁ Wₗᵀ) ⊙ mₗ, G_L = eₖ, g = G₀, which is linear in every Wₗ, so
 * ∂R/∂Wₗ = (Uₗ ⊙ mₗ)ᵀ Gₗ₊₁ with U₀ = g/‖g‖ and Uₗ₊₁ = (Uₗ ⊙ mₗ) Wₗ. Biases get no gradient. Used by RoMA's
 * adaptation step (smoothness of the adapted surrogate around the candidates).
 */
final class InputGradientNorm {
    private InputGradientNorm() {}

    /**
     * Adds {@code scale}·∂(Σᵢ‖∇ₓ f̂ₖ(xᵢ)‖)/∂W to {@code m}'s weight-gradient buffers and returns the mean norm.
     *
     * @throws IllegalArgumentException when the hidden activation is not ReLU/LeakyReLU
     */
    static double addGradients(Mlp m, INDArray x, int column, double scale) {
        String act = m.activation().toString();
        if (!act.contains("relu")) {
            throw new IllegalArgumentException(
                    "input-gradient-norm gradients need a ReLU or LeakyReLU MLP, got " + act);
        }
        double slope = m.activation().slope();
        int layers = m.layers();
        INDArray[] masks = new INDArray[layers];
        INDArray a = x.castTo(m.dataType());
        for (int l = 0; l < layers - 1; l++) {
            INDArray z = a.mmul(m.weight(l)).addiRowVector(m.bias(l));
            INDArray mask = z.gt(0).castTo(m.dataType()).muli(1 - slope).addi(slope);
            masks[l + 1] = mask;
            a = z.muli(mask);
        }
        INDArray[] g = new INDArray[layers + 1];
        g[layers] = Nd4j.zeros(m.dataType(), x.rows(), m.outputSize());
        g[layers].getColumn(column).assign(1);
        for (int l = layers - 1; l >= 0; l--) {
            g[l] = g[l + 1].mmul(m.weight(l).transpose());
            if (l > 0) g[l].muli(masks[l]);
        }
        INDArray norms = Transforms.sqrt(g[0].mul(g[0]).sum(1), false).reshape(x.rows(), 1);
        double mean = norms.meanNumber().doubleValue();
        INDArray safe = norms.dup();
        safe.addi(safe.eq(0).castTo(safe.dataType()));
        INDArray u = g[0].divColumnVector(safe).muli(scale);
        for (int l = 0; l < layers; l++) {
            INDArray dh = l > 0 ? u.mul(masks[l]) : u;
            m.weightGrad(l).addi(dh.transpose().mmul(g[l + 1]));
            if (l < layers - 1) u = dh.mmul(m.weight(l));
        }
        return mean;
    }
}
