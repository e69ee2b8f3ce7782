package org.mbo4j.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The generator of a conditional GAN, x ~ G(z, y): an {@link Mlp} on [z, y] (z ~ N(0, I) of {@code latentSize}
 * values, y one scalar condition) with LeakyReLU(0.2) hidden layers and a linear output, as MINs'
 * {@code ContinuousGenerator} / {@code DiscreteGenerator} (design-baselines {@code design_baselines/mins/nets.py}
 * lines 662-746 and 454-541; slope 0.2 at lines 531-536). For sequences the output is L·K logits, position-major
 * (column p·K + k), and a sample is a Gumbel-softmax (relaxed one-hot) draw per position at temperature τ:
 * x_p = softmax((logits_p + g_p)/τ), g ~ Gumbel(0, 1) ({@code tfpd.RelaxedOneHotCategorical(temp,
 * logits=log_softmax(logits))}, nets.py line 540; the log-softmax shift does not change the softmax). For boxes the
 * output is the design itself.
 *
 * <p>Two networks ({@link GanNetwork}): {@link GanNetwork#MINS}, the authors' (y embedded into every layer,
 * LayerNormalization; nets.py lines 480-503 built, 529-538 called), and {@link GanNetwork#INPUT_COLUMN}, an {@link Mlp} on [z, y] (mbo4j's
 * earlier network, kept for {@code mins-reshuffled}).
 *
 * <p>{@link #sample} caches what {@link #backward} needs; one sample, then one backward. Not thread-safe.
 */
public final class ConditionalGenerator implements Module {
    /** LeakyReLU slope of MINs' generator (nets.py lines 531-536). */
    public static final double SLOPE = 0.2;

    private final ConditionedNetwork net;
    private final GanNetwork kind;
    private final int latentSize;
    private final int positions;
    private final int classes;
    private final int dims;
    private double[] lastX;
    private double lastTemperature;
    private int lastRows;

    private ConditionalGenerator(
            ConditionedNetwork net, GanNetwork kind, int latentSize, int positions, int classes, int dims) {
        this.net = net;
        this.kind = kind;
        this.latentSize = latentSize;
        this.positions = positions;
        this.classes = classes;
        this.dims = dims;
    }

    /**
     * A generator of relaxed one-hot sequences: {@code positions} × {@code classes} outputs.
     *
     * @param hidden hidden widths (MINs: three layers of {@code hidden_size})
     */
    public static ConditionalGenerator categorical(
            int latentSize, int positions, int classes, List<Integer> hidden, DataType type, long seed) {
        return categorical(GanNetwork.INPUT_COLUMN, latentSize, positions, classes, hidden, type, seed);
    }

    /** {@link #categorical(int, int, int, List, DataType, long)} with the given network. */
    public static ConditionalGenerator categorical(
            GanNetwork kind,
            int latentSize,
            int positions,
            int classes,
            List<Integer> hidden,
            DataType type,
            long seed) {
        if (positions < 1 || classes < 2) {
            throw new IllegalArgumentException(
                    "a categorical generator needs ≥ 1 position and ≥ 2 classes, got " + positions + " × " + classes);
        }
        return new ConditionalGenerator(
                net(kind, latentSize, positions * classes, hidden, type, seed),
                kind,
                latentSize,
                positions,
                classes,
                positions * classes);
    }

    /** A generator of real vectors of {@code dims} values (the linear output of the network). */
    public static ConditionalGenerator continuous(
            int latentSize, int dims, List<Integer> hidden, DataType type, long seed) {
        return continuous(GanNetwork.INPUT_COLUMN, latentSize, dims, hidden, type, seed);
    }

    /** {@link #continuous(int, int, List, DataType, long)} with the given network. */
    public static ConditionalGenerator continuous(
            GanNetwork kind, int latentSize, int dims, List<Integer> hidden, DataType type, long seed) {
        return new ConditionalGenerator(net(kind, latentSize, dims, hidden, type, seed), kind, latentSize, 0, 0, dims);
    }

    private static ConditionedNetwork net(
            GanNetwork kind, int latentSize, int outputs, List<Integer> hidden, DataType type, long seed) {
        if (latentSize < 1) throw new IllegalArgumentException("latent size must be ≥ 1, got " + latentSize);
        return kind.build(latentSize, hidden, outputs, SLOPE, type, seed);
    }

    /** The network [z, y] → output of an {@link GanNetwork#INPUT_COLUMN} generator. */
    public Mlp network() {
        if (net instanceof InputColumnMlp m) return m.mlp();
        throw new IllegalStateException("a " + kind + " generator has no plain Mlp; use flatParameters()");
    }

    /** Which network this generator has. */
    public GanNetwork kind() {
        return kind;
    }

    /** All weights in one flat vector (gradient checks perturb it). */
    public INDArray flatParameters() {
        return net.flatParameters();
    }

    public int latentSize() {
        return latentSize;
    }

    /** Values per design: L·K for sequences, d for boxes. */
    public int outputSize() {
        return dims;
    }

    /** Whether samples are relaxed one-hot sequences. */
    public boolean isCategorical() {
        return classes > 0;
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

    /**
     * Draws one design per condition: z ~ N(0, I) from {@code rng}, then the network, then (sequences) one
     * Gumbel-softmax draw per position at {@code temperature}. Returns B × {@link #outputSize()} values, column-major
     * (F-order), as a new array; caches what {@link #backward} needs.
     */
    public double[] sample(double[] y, double temperature, SplittableRandom rng) {
        int b = y.length;
        double[] z = new double[b * latentSize];
        for (int j = 0; j < latentSize; j++) for (int i = 0; i < b; i++) z[j * b + i] = rng.nextGaussian();
        double[] out = net.forward(z, y);
        if (isCategorical()) {
            if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
            relaxedOneHot(out, b, temperature, rng);
        }
        lastX = out.clone();
        lastTemperature = temperature;
        lastRows = b;
        return out;
    }

    /** In place: logits (B × L·K, F-order) → softmax((logits + Gumbel)/τ) per row and position. */
    private void relaxedOneHot(double[] v, int b, double temperature, SplittableRandom rng) {
        double[] u = new double[classes];
        for (int i = 0; i < b; i++) {
            for (int p = 0; p < positions; p++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    double g = -Math.log(-Math.log(uniformOpen(rng)));
                    u[k] = (v[(p * classes + k) * b + i] + g) / temperature;
                    max = Math.max(max, u[k]);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    u[k] = Math.exp(u[k] - max);
                    sum += u[k];
                }
                for (int k = 0; k < classes; k++) v[(p * classes + k) * b + i] = u[k] / sum;
            }
        }
    }

    /** A uniform draw in (0, 1), never 0 (whose Gumbel transform is infinite). */
    static double uniformOpen(SplittableRandom rng) {
        double u;
        do u = rng.nextDouble();
        while (u == 0.0);
        return u;
    }

    /**
     * Back-propagates dLoss/dx (B × {@link #outputSize()}, column-major) of the last {@link #sample} into the
     * network's weight gradients (accumulating). For sequences through the softmax: dLogits = (1/τ)·x ⊙ (dx − ⟨x,
     * dx⟩) per position.
     */
    public void backward(double[] dX) {
        if (lastX == null) throw new IllegalStateException("backward called before sample");
        int b = lastRows;
        if (dX.length != b * dims) {
            throw new IllegalArgumentException(dX.length + " gradient values for " + b + " × " + dims + " samples");
        }
        double[] d = dX.clone();
        if (isCategorical()) {
            for (int i = 0; i < b; i++) {
                for (int p = 0; p < positions; p++) {
                    double dot = 0;
                    for (int k = 0; k < classes; k++) {
                        int at = (p * classes + k) * b + i;
                        dot += lastX[at] * dX[at];
                    }
                    for (int k = 0; k < classes; k++) {
                        int at = (p * classes + k) * b + i;
                        d[at] = lastX[at] * (dX[at] - dot) / lastTemperature;
                    }
                }
            }
        }
        net.backward(d, true, false);
    }

    @Override
    public String toString() {
        return "ConditionalGenerator(latent " + latentSize + ", "
                + (isCategorical() ? positions + "×" + classes : dims + " reals") + ", " + net + ")";
    }
}
