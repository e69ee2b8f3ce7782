package org.mbo4j.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The conditional drift network a(x, t, y) of a diffusion model over ℝᴰ: an MLP on the concatenation [x | t | y]
 * (D + 2 inputs) with D outputs, as DDOM's {@code MLP} ({@code siddarthk97/ddom} {@code design_baselines/diff/nets.py}
 * 96-145: three hidden layers of {@code hidden_size} with Swish between them, no activation on the output, PyTorch's
 * default initialisation). y = 0 is the unconditional input of classifier-free guidance ({@link Diffusion}).
 *
 * <p>{@link #forward} caches the batch in the MLP; {@link #backward} adds the weight gradients of the last forward
 * batch and returns dLoss/d[x | t | y]. Not thread-safe.
 */
public final class Denoiser implements DiffusionNetwork {
    private final Mlp net;
    private final int dims;

    private Denoiser(Mlp net, int dims) {
        this.net = net;
        this.dims = dims;
    }

    /**
     * A freshly initialised network.
     *
     * @param dims   D, the width of x
     * @param hidden hidden widths (DDOM: 1024, 1024, 1024)
     * @param seed   initialisation seed
     * @param type   FLOAT, or DOUBLE for gradient checks
     */
    public static Denoiser create(int dims, List<Integer> hidden, long seed, DataType type) {
        if (dims < 1) throw new IllegalArgumentException("a denoiser needs at least one design dimension");
        if (hidden.isEmpty()) throw new IllegalArgumentException("a denoiser needs at least one hidden layer");
        Mlp net = Mlp.builder(dims + 2)
                .hidden(hidden)
                .activation(Activation.swish())
                .outputs(dims)
                .init(Init.TORCH_DEFAULT)
                .dataType(Tensors.floatOrDouble(type))
                .seed(seed)
                .build();
        return new Denoiser(net, dims);
    }

    /** D. */
    @Override
    public int dims() {
        return dims;
    }

    /** The MLP on [x | t | y]. */
    public Mlp network() {
        return net;
    }

    @Override
    public DataType dataType() {
        return net.dataType();
    }

    /**
     * a(x, t, y) for rows x (B × D), one time and one condition per row; returns the model's B × D buffer (valid
     * until the next forward pass).
     */
    @Override
    public INDArray forward(double[][] x, double[] t, double[] y) {
        int b = x.length;
        DiffusionNetwork.checkRows(x, t, y, dims);
        INDArray in = Tensors.zeros(dataType(), b, dims + 2);
        Host h = Host.of(in);
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < dims; j++) h.set(j * b + i, x[i][j]); // F-order
            h.set(dims * b + i, t[i]);
            h.set((dims + 1) * b + i, y[i]);
        }
        return net.forward(in);
    }

    /** Adds the weight gradients of dLoss/da for the last forward batch; returns dLoss/d[x | t | y]. */
    @Override
    public INDArray backward(INDArray da) {
        return net.backward(da, true, true);
    }

    @Override
    public List<Param> parameters() {
        return net.parameters();
    }

    @Override
    public void zeroGrad() {
        net.zeroGrad();
    }

    @Override
    public void discardGrad() {
        net.discardGrad();
    }

    @Override
    public void settleGrad() {
        net.settleGrad();
    }

    @Override
    public String toString() {
        return "Denoiser(" + net + " on [x | t | y])";
    }
}
