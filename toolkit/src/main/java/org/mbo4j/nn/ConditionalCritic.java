package org.mbo4j.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The critic (discriminator) of a conditional Wasserstein GAN, D(x, y) ∈ ℝ, with LeakyReLU(0.2) hidden layers and one
 * linear output, as MINs' {@code Discriminator} (design-baselines {@code design_baselines/mins/nets.py} lines 87-177;
 * its {@code wasserstein} loss, lines 239-243), and its gradient penalty (1 − ‖∇ₕD(h, y)‖)² (nets.py lines 179-206;
 * Gulrajani et al. 2017) with the exact gradient of that penalty with respect to the critic's weights.
 *
 * <p>Two networks ({@link GanNetwork}): {@link GanNetwork#MINS}, the authors' (a learned embedding of y concatenated to
 * the input of every dense layer, LayerNormalization before each activation: {@link ConditionedMlp}, whose class
 * comment derives the penalty's weight gradient through the normalisation), and {@link GanNetwork#INPUT_COLUMN}, an
 * {@link Mlp} on [x, y] without normalisation (mbo4j's earlier network, kept for {@code mins-reshuffled}). With
 * piecewise-linear units only, ∇ₕD of the latter is a product of weight matrices and fixed activation slopes, so the
 * penalty's weight gradient is one more linear pass ({@link Mlp#addTangentWeightGradients}).
 *
 * <p>{@link #score} caches the batch for {@link #backward}; {@link #gradientPenalty} runs its own passes. Not
 * thread-safe.
 */
public final class ConditionalCritic implements Module {
    /** LeakyReLU slope of MINs' critic (nets.py lines 170-175). */
    public static final double SLOPE = 0.2;

    private final ConditionedNetwork net;
    private final GanNetwork kind;
    private final int dims;

    private ConditionalCritic(ConditionedNetwork net, GanNetwork kind, int dims) {
        this.net = net;
        this.kind = kind;
        this.dims = dims;
    }

    /**
     * A critic of {@code dims}-value designs with y as an input column ({@link GanNetwork#INPUT_COLUMN}).
     *
     * @param hidden hidden widths (MINs: three layers of {@code hidden_size})
     */
    public static ConditionalCritic of(int dims, List<Integer> hidden, DataType type, long seed) {
        return of(GanNetwork.INPUT_COLUMN, dims, hidden, type, seed);
    }

    /**
     * A critic of {@code dims}-value designs with the given network; for {@link GanNetwork#MINS} the embedding is as
     * wide as the first hidden layer (the authors' {@code hidden}, nets.py line 115) and {@code hidden} must not be
     * empty.
     */
    public static ConditionalCritic of(GanNetwork kind, int dims, List<Integer> hidden, DataType type, long seed) {
        if (dims < 1) throw new IllegalArgumentException("a critic needs ≥ 1 design value, got " + dims);
        return new ConditionalCritic(kind.build(dims, hidden, 1, SLOPE, type, seed), kind, dims);
    }

    /** The network [x, y] → score of an {@link GanNetwork#INPUT_COLUMN} critic. */
    public Mlp network() {
        if (net instanceof InputColumnMlp m) return m.mlp();
        throw new IllegalStateException("a " + kind + " critic has no plain Mlp; use flatParameters()");
    }

    /** Which network this critic has. */
    public GanNetwork kind() {
        return kind;
    }

    /** All weights in one flat vector (gradient checks perturb it). */
    public INDArray flatParameters() {
        return net.flatParameters();
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
        check(x, y);
        return net.forward(x, y);
    }

    /**
     * Back-propagates dLoss/dD (B values) of the last {@link #score}: adds weight gradients when
     * {@code weightGrads}; returns dLoss/dx (B × d column-major) when {@code inputGrads}, else null.
     */
    public double[] backward(double[] dScore, boolean weightGrads, boolean inputGrads) {
        return net.backward(dScore, weightGrads, inputGrads);
    }

    /**
     * The gradient penalty per row, (1 − ‖∇ₕD(h, y)‖)² (the norm over the d design values), at designs {@code h}
     * (B × d column-major). With {@code coef} (B values; null for none) adds ∂/∂θ Σᵢ coefᵢ·penaltyᵢ to the weight
     * gradients (exactly; see the class comment). Where ∇ₕD is 0 the penalty's gradient is taken as 0.
     */
    public double[] gradientPenalty(double[] h, double[] y, double[] coef) {
        check(h, y);
        int b = y.length;
        double[] g = net.inputGradient(h, y);
        double[] penalty = new double[b];
        double[] v = new double[b * dims];
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
        // ∂/∂θ Σᵢ vᵢ·∇D(hᵢ, yᵢ) with v fixed is ∂/∂θ Σᵢ coefᵢ·penaltyᵢ
        if (coef != null) net.addTangentWeightGradients(v);
        return penalty;
    }

    private void check(double[] x, double[] y) {
        if (x.length != y.length * dims) {
            throw new IllegalArgumentException(x.length + " design values for " + y.length + " × " + dims + " designs");
        }
    }

    @Override
    public String toString() {
        return "ConditionalCritic(" + dims + " values + y, " + net + ")";
    }
}
