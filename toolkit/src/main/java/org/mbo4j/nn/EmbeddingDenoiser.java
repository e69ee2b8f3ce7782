package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RGD's score network s(x, t, y) over ℝᴰ ({@code GGchen1997/RGD} at c8ab225, {@code nets.py} 91-149, class
 * {@code MLP} inside {@code DiffusionScore}): the condition y and the time t enter through embeddings that scale and
 * shift a projection of x,
 * <pre>
 *   e_x = W_x·x + b_x                                    (fc_x: Linear(D, H))
 *   e_y = E_y(sin/cos(y)),  e_t = E_t(sin/cos(t))         (TimestepEmbedding: width 256 → Linear → Swish → Linear)
 *   h   = e_y ⊙ e_x + e_t
 *   s   = Linear(H, D)(Swish(Linear(H, H)(Swish(Linear(H, H)(Swish(h))))))
 * </pre>
 * where sin/cos is the 256-wide {@link SinusoidalEmbedding} of the scalar and each embedding MLP is
 * Linear(256, E), Swish, Linear(E, H) (RGD: H = {@code hidden_size} 1024, E = {@code hidden_dim} 1024 and the
 * embeddings' output 1024, nets.py 91-103, 124-126, 157). y = 0 is the unconditional input of classifier-free guidance.
 * PyTorch's default initialisation (the distribution, not its draws). The four parts are {@link Mlp}s; the
 * element-wise product, sum and first Swish run on the host between them.
 *
 * <p>{@link #backward} adds every weight gradient and returns dLoss/dx (the gradients through the embeddings of t and
 * y are not formed). Not thread-safe.
 */
public final class EmbeddingDenoiser implements DiffusionNetwork {
    /** Width of the sinusoidal embeddings ({@code TimestepEmbedding(embedding_dim=256)}, nets.py 92). */
    public static final int EMBEDDING = 256;

    private final int dims;
    private final int hidden;
    private final Mlp fcX;
    private final Mlp fcY;
    private final Mlp fcT;
    private final Mlp main;
    private final List<Param> params = new ArrayList<>();
    private double[] ex;
    private double[] ey;
    private double[] h;
    private int lastBatch = -1;

    private EmbeddingDenoiser(int dims, int hidden, int embeddingHidden, long seed, DataType type) {
        this.dims = dims;
        this.hidden = hidden;
        fcX = Mlp.builder(dims)
                .hidden()
                .outputs(hidden)
                .init(Init.TORCH_DEFAULT)
                .dataType(type)
                .seed(seed * 4 + 1)
                .build();
        fcY = embedding(embeddingHidden, hidden, seed * 4 + 2, type);
        fcT = embedding(embeddingHidden, hidden, seed * 4 + 3, type);
        main = Mlp.builder(hidden)
                .hidden(hidden, hidden)
                .activation(Activation.swish())
                .outputs(dims)
                .init(Init.TORCH_DEFAULT)
                .dataType(type)
                .seed(seed * 4 + 4)
                .build();
        for (Mlp m : List.of(fcX, fcY, fcT, main)) params.addAll(m.parameters());
    }

    private static Mlp embedding(int embeddingHidden, int out, long seed, DataType type) {
        return Mlp.builder(EMBEDDING)
                .hidden(embeddingHidden)
                .activation(Activation.swish())
                .outputs(out)
                .init(Init.TORCH_DEFAULT)
                .dataType(type)
                .seed(seed)
                .build();
    }

    /**
     * A freshly initialised network.
     *
     * @param dims            D, the width of x
     * @param hidden          H, the width of e_x, the embeddings' outputs and the main stack (RGD: 1024)
     * @param embeddingHidden E, the hidden width of each embedding MLP (RGD: 1024)
     * @param seed            initialisation seed
     * @param type            FLOAT, or DOUBLE for gradient checks
     */
    public static EmbeddingDenoiser create(int dims, int hidden, int embeddingHidden, long seed, DataType type) {
        if (dims < 1) throw new IllegalArgumentException("a denoiser needs at least one design dimension");
        if (hidden < 1 || embeddingHidden < 1) {
            throw new IllegalArgumentException(
                    "the widths must be ≥ 1, got hidden " + hidden + " and embedding " + embeddingHidden);
        }
        return new EmbeddingDenoiser(dims, hidden, embeddingHidden, seed, Tensors.floatOrDouble(type));
    }

    @Override
    public int dims() {
        return dims;
    }

    @Override
    public DataType dataType() {
        return main.dataType();
    }

    @Override
    public INDArray forward(double[][] x, double[] t, double[] y) {
        int b = x.length;
        DiffusionNetwork.checkRows(x, t, y, dims);
        DataType type = dataType();
        ex = Tensors.columnMajor(fcX.forward(Tensors.matrix(x, type)));
        ey = Tensors.columnMajor(fcY.forward(SinusoidalEmbedding.rows(y, EMBEDDING, type)));
        double[] et = Tensors.columnMajor(fcT.forward(SinusoidalEmbedding.rows(t, EMBEDDING, type)));
        int n = b * hidden;
        h = new double[n];
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = ey[i] * ex[i] + et[i];
            u[i] = h[i] / (1 + Math.exp(-h[i])); // Swish
        }
        INDArray in = Tensors.zeros(type, b, hidden);
        Tensors.assignColumnMajor(in, u);
        lastBatch = b;
        return main.forward(in);
    }

    @Override
    public INDArray backward(INDArray ds) {
        if (lastBatch < 0) throw new IllegalStateException("backward called before forward");
        if (ds.rows() != lastBatch || ds.columns() != dims) {
            throw new IllegalArgumentException("the output gradient must be " + lastBatch + " × " + dims
                    + " as the last forward batch, got " + ds.rows() + " × " + ds.columns());
        }
        double[] du = Tensors.columnMajor(main.backward(ds, true, true));
        int n = lastBatch * hidden;
        double[] dex = new double[n], dey = new double[n], dh = new double[n];
        for (int i = 0; i < n; i++) {
            double sig = 1 / (1 + Math.exp(-h[i]));
            dh[i] = du[i] * sig * (1 + h[i] * (1 - sig));
            dex[i] = dh[i] * ey[i];
            dey[i] = dh[i] * ex[i];
        }
        fcY.backward(gradient(fcY, dey), true, false);
        fcT.backward(gradient(fcT, dh), true, false);
        return fcX.backward(gradient(fcX, dex), true, true);
    }

    private static INDArray gradient(Mlp m, double[] values) {
        INDArray g = m.outputGradientBuffer();
        Tensors.assignColumnMajor(g, values);
        return g;
    }

    @Override
    public List<Param> parameters() {
        settleGrad();
        return params;
    }

    @Override
    public void zeroGrad() {
        for (Mlp m : List.of(fcX, fcY, fcT, main)) m.zeroGrad();
    }

    @Override
    public void discardGrad() {
        for (Mlp m : List.of(fcX, fcY, fcT, main)) m.discardGrad();
    }

    @Override
    public void settleGrad() {
        for (Mlp m : List.of(fcX, fcY, fcT, main)) m.settleGrad();
    }

    @Override
    public String toString() {
        return "EmbeddingDenoiser(D " + dims + ", H " + hidden + ", embeddings of t and y)";
    }
}
