package org.mbo4j.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The critic (discriminator) of a conditional Wasserstein GAN, D(x, y) ∈ ℝ: an {@link Mlp} on [x, y] with
 * LeakyReLU(0.2) hidden layers and one linear output, as MINs' {@code Discriminator} (design-baselines
 * {@code design_baselines/mins/nets.py} lines 87-177; its {@code wasserstein} loss, lines 239-243), and its gradient
 * penalty (1 − ‖∇ₕD(h, y)‖)² (nets.py lines 179-206; Gulrajani et al. 2017) with the exact gradient of that penalty
 * with respect to the critic's weights.
 *
 * <p><b>Why no LayerNormalization.</b> The penalty's weight gradient differentiates a gradient (double
 * backpropagation). With piecewise-linear hidden units only, ∇ₕD is a product of weight matrices and fixed
 * activation slopes, so ∂/∂θ of v·∇ₕD (v held fixed) is a second linear pass: with the tangent activations
 * Ṙa₀ = [v, 0], Ṙaₗ₊₁ = sₗ₊₁ ⊙ (Ṙaₗ·Wₗ) and the critic's ordinary backward signals δzₗ₊₁, ∂/∂Wₗ = Ṙaₗᵀ·δzₗ₊₁ and
 * ∂/∂bₗ = 0. The authors' critic normalises every layer (LayerNormalization, nets.py lines 122-135) and feeds a
 * learned y embedding to every layer (lines 116-117, 169-177). The normalisation would need a second-order pass
 * that the hand-written core does not have; the per-layer embedding is constant in x, so the tangent pass above would
 * cover it, but it is not implemented: this critic takes y as an input column and has no normalisation. The deviation
 * is listed in docs/methods/mins.md.
 *
 * <p>{@link #score} caches the batch for {@link #backward}; {@link #gradientPenalty} runs its own passes. Not
 * thread-safe.
 */
public final class ConditionalCritic implements Module {
    /** LeakyReLU slope of MINs' critic (nets.py lines 170-175). */
    public static final double SLOPE = 0.2;

    private final Mlp net;
    private final int dims;

    private ConditionalCritic(Mlp net, int dims) {
        this.net = net;
        this.dims = dims;
    }

    /**
     * A critic of {@code dims}-value designs.
     *
     * @param hidden hidden widths (MINs: three layers of {@code hidden_size})
     */
    public static ConditionalCritic of(int dims, List<Integer> hidden, DataType type, long seed) {
        if (dims < 1) throw new IllegalArgumentException("a critic needs ≥ 1 design value, got " + dims);
        Mlp net = Mlp.builder(dims + 1)
                .hidden(hidden)
                .activation(Activation.leakyRelu(SLOPE))
                .outputs(1)
                .dataType(type)
                .seed(seed)
                .build();
        return new ConditionalCritic(net, dims);
    }

    /** The network [x, y] → score. */
    public Mlp network() {
        return net;
    }

    /** Values per design. */
    public int inputSize() {
        return dims;
    }

    @Override
    public List<Param> parameters() {
        return net.parameters();
    }

    @Override
    public void discardGrad() {
        net.discardGrad();
    }

    @Override
    public void settleGrad() {
        net.settleGrad();
    }

    /** D(x, y) per row; x is B × d column-major (F-order), y has B values. Caches the batch for {@link #backward}. */
    public double[] score(double[] x, double[] y) {
        return Tensors.columnMajor(net.forward(input(x, y)));
    }

    /**
     * Back-propagates dLoss/dD (B values) of the last {@link #score}: adds weight gradients when
     * {@code weightGrads}; returns dLoss/dx (B × d column-major; the y column dropped) when {@code inputGrads},
     * else null.
     */
    public double[] backward(double[] dScore, boolean weightGrads, boolean inputGrads) {
        INDArray g = net.outputGradientBuffer();
        if (dScore.length != g.rows()) {
            throw new IllegalArgumentException(dScore.length + " score gradients for a batch of " + g.rows());
        }
        Tensors.assignColumnMajor(g, dScore);
        INDArray dIn = net.backward(g, weightGrads, inputGrads);
        if (!inputGrads) return null;
        double[] all = Tensors.columnMajor(dIn);
        double[] dx = new double[dScore.length * dims];
        System.arraycopy(all, 0, dx, 0, dx.length);
        return dx;
    }

    /**
     * The gradient penalty per row, (1 − ‖∇ₕD(h, y)‖)² (the norm over the d design values), at designs {@code h}
     * (B × d column-major). With {@code coef} (B values; null for none) adds ∂/∂θ Σᵢ coefᵢ·penaltyᵢ to the weight
     * gradients (exactly; see the class comment). Where ∇ₕD is 0 the penalty's gradient is taken as 0.
     */
    public double[] gradientPenalty(double[] h, double[] y, double[] coef) {
        int b = y.length;
        net.forward(input(h, y));
        INDArray ones = net.outputGradientBuffer();
        ones.assign(1);
        double[] g = Tensors.columnMajor(net.backward(ones, false, true)); // B × (d + 1); last column: ∂D/∂y
        double[] penalty = new double[b];
        double[] v = new double[b * (dims + 1)]; // Ṙa₀ = [kᵢ·gᵢ, 0]
        for (int i = 0; i < b; i++) {
            double sq = 0;
            for (int j = 0; j < dims; j++) sq += g[j * b + i] * g[j * b + i];
            double norm = Math.sqrt(sq);
            penalty[i] = (1 - norm) * (1 - norm);
            if (coef != null && norm > 0) {
                double k = coef[i] * -2 * (1 - norm) / norm; // d(coef·(1 − ‖g‖)²)/dg = k·g
                for (int j = 0; j < dims; j++) v[j * b + i] = k * g[j * b + i];
            }
        }
        if (coef != null) {
            // the backward pass above was of ones, so this adds ∂/∂θ Σᵢ vᵢ·∇D(xᵢ, yᵢ) (v's y column is 0)
            INDArray dirs = Nd4j.create(net.dataType(), new long[] {b, dims + 1}, 'f');
            Tensors.assignColumnMajor(dirs, v);
            net.addTangentWeightGradients(dirs);
        }
        return penalty;
    }

    private INDArray input(double[] x, double[] y) {
        int b = y.length;
        if (x.length != b * dims) {
            throw new IllegalArgumentException(x.length + " design values for " + b + " × " + dims + " designs");
        }
        double[] in = new double[b * (dims + 1)];
        System.arraycopy(x, 0, in, 0, x.length);
        System.arraycopy(y, 0, in, x.length, b);
        INDArray m = Nd4j.create(net.dataType(), new long[] {b, dims + 1}, 'f');
        Tensors.assignColumnMajor(m, in);
        return m;
    }

    @Override
    public String toString() {
        return "ConditionalCritic(" + dims + " values + y, " + net + ")";
    }
}
