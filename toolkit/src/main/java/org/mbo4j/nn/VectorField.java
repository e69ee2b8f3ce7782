package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A time-dependent vector field v(x, t) on ℝᴰ for flow matching ({@link FlowMatching}): an MLP D → h → … → h → D
 * applied to x plus a learned embedding of t, v(x, t) = mlp(x + t·wₜ + bₜ), where (wₜ, bₜ) is a {@code Linear(1, D)}.
 * This is ParetoFlow's {@code VectorFieldNet} with its time embedding ({@code StevenYuan666/ParetoFlow}
 * {@code experiments/paretoflow_nets.py} 24–41, 50, 126–127 at 2278ffd): SELU between the layers, PyTorch's default
 * initialisation (U(±1/√fan_in) for weights and biases, so U(±1) for the time embedding).
 *
 * <p>{@link #forward} caches the batch; {@link #backward} adds the weight gradients of the last forward batch and
 * returns dLoss/dx (the model's buffer). Not thread-safe.
 */
public final class VectorField implements Module {
    private final Mlp net;
    private final Param timeWeight;
    private final Param timeBias;
    private final Map<Long, INDArray> inputs = new HashMap<>();
    private double[] lastT;
    private boolean timeGradDiscarded;

    private VectorField(Mlp net, Param timeWeight, Param timeBias) {
        this.net = net;
        this.timeWeight = timeWeight;
        this.timeBias = timeBias;
    }

    /**
     * A freshly initialised field.
     *
     * @param dims   D, the width of x
     * @param hidden the hidden widths (ParetoFlow: 512, 512, 512)
     * @param seed   initialisation seed
     * @param type   FLOAT, or DOUBLE for gradient checks
     */
    public static VectorField create(int dims, List<Integer> hidden, long seed, DataType type) {
        if (hidden.isEmpty()) throw new IllegalArgumentException("a vector field needs at least one hidden layer");
        Mlp net = Mlp.builder(dims)
                .hidden(hidden)
                .activation(Activation.selu())
                .outputs(dims)
                .init(Init.TORCH_DEFAULT)
                .dataType(type)
                .seed(seed)
                .build();
        SplittableRandom rng = new SplittableRandom(seed ^ 0x7F4A7C15L);
        double[][] w = new double[1][dims];
        double[][] b = new double[1][dims];
        for (int j = 0; j < dims; j++) w[0][j] = 2 * rng.nextDouble() - 1; // fan_in 1: U(−1, 1)
        for (int j = 0; j < dims; j++) b[0][j] = 2 * rng.nextDouble() - 1;
        Param tw = new Param("time.weight", Tensors.matrix(w, type), Tensors.zeros(type, 1, dims));
        Param tb = new Param("time.bias", Tensors.matrix(b, type), Tensors.zeros(type, 1, dims));
        return new VectorField(net, tw, tb);
    }

    /** D. */
    public int dims() {
        return net.inputSize();
    }

    /** The MLP (its input is x + t·wₜ + bₜ). */
    public Mlp network() {
        return net;
    }

    /** The time embedding's weight wₜ (1 × D). */
    public INDArray timeWeight() {
        return timeWeight.value();
    }

    /** The time embedding's bias bₜ (1 × D). */
    public INDArray timeBias() {
        return timeBias.value();
    }

    public DataType dataType() {
        return net.dataType();
    }

    /** v(x, t) for a batch x (B × D) and times t (B × 1); returns the model's B × D buffer. */
    public INDArray forward(INDArray x, INDArray t) {
        if (t.rank() != 2 || t.columns() != 1 || t.rows() != x.rows()) {
            throw new IllegalArgumentException("t must be a column of " + x.rows() + " times, one per row of x");
        }
        double[][] tr = Tensors.rows(t);
        double[] times = new double[tr.length];
        for (int i = 0; i < times.length; i++) times[i] = tr[i][0];
        return forward(Tensors.rows(x), times);
    }

    /** v(x, t) with one time for every row. */
    public INDArray forward(INDArray x, double t) {
        double[] times = new double[(int) x.rows()];
        Arrays.fill(times, t);
        return forward(Tensors.rows(x), times);
    }

    /**
     * v(x, t) for rows x (B × D) and one time per row; returns the model's B × D buffer. The embedding is added in a
     * Java loop (for small batches ND4J's per-op cost would dominate).
     */
    public INDArray forward(double[][] x, double[] t) {
        int b = x.length;
        int d = dims();
        if (t.length != b) throw new IllegalArgumentException("t must hold " + b + " times, one per row of x");
        INDArray in = inputs.computeIfAbsent((long) b, n -> Tensors.zeros(dataType(), n, d));
        Host w = Host.of(timeWeight.value());
        Host bias = Host.of(timeBias.value());
        Host h = Host.of(in);
        for (int i = 0; i < b; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException("row " + i + " of x has " + x[i].length + " values, expected " + d);
            }
            for (int j = 0; j < d; j++) h.set(j * b + i, x[i][j] + t[i] * w.get(j) + bias.get(j)); // F-order
        }
        lastT = t.clone();
        return net.forward(in);
    }

    /**
     * Back-propagates dLoss/dv of the last {@link #forward}: adds the weight gradients and returns dLoss/dx (the
     * model's buffer, also the gradient w.r.t. the MLP's input).
     */
    public INDArray backward(INDArray dv) {
        if (lastT == null) throw new IllegalStateException("backward called before forward");
        INDArray dIn = net.backward(dv, true, true);
        double[][] g = Tensors.rows(dIn);
        int d = dims();
        double[] dw = new double[d];
        double[] db = new double[d];
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < d; j++) {
                dw[j] += lastT[i] * g[i][j];
                db[j] += g[i][j];
            }
        }
        Host hw = Host.of(timeWeight.grad());
        Host hb = Host.of(timeBias.grad());
        for (int j = 0; j < d; j++) {
            if (timeGradDiscarded) {
                hw.set(j, dw[j]);
                hb.set(j, db[j]);
            } else {
                hw.add(j, dw[j]);
                hb.add(j, db[j]);
            }
        }
        timeGradDiscarded = false;
        return dIn;
    }

    @Override
    public List<Param> parameters() {
        List<Param> ps = new ArrayList<>(net.parameters());
        settleTime();
        ps.add(timeWeight);
        ps.add(timeBias);
        return ps;
    }

    @Override
    public void zeroGrad() {
        net.zeroGrad();
        timeWeight.grad().assign(0);
        timeBias.grad().assign(0);
        timeGradDiscarded = false;
    }

    @Override
    public void discardGrad() {
        net.discardGrad();
        timeGradDiscarded = true;
    }

    @Override
    public void settleGrad() {
        net.settleGrad();
        settleTime();
    }

    private void settleTime() {
        if (timeGradDiscarded) {
            timeWeight.grad().assign(0);
            timeBias.grad().assign(0);
            timeGradDiscarded = false;
        }
    }

    @Override
    public String toString() {
        return "VectorField(" + net + " on x + Linear(1, " + dims() + ")(t))";
    }
}
