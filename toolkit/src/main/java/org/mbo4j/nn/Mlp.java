package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multi-layer perceptron d → h₁ → … → hₗ → k with one hidden activation and a linear output, with hand-written
 * backprop on preallocated F-order buffers (measured faster than SameDiff on the papers' 2×2048 nets: see
 * docs/performance.md).
 *
 * <p>All weights live in one flat buffer (and all gradients in another) so the optimizer makes one native call
 * per model. Layer l is stored as one F-order (fan_in + 1) × fan_out matrix [W; b] (each column is a unit's
 * weights followed by its bias), and each layer's input buffer carries a trailing column of ones, so the bias
 * add is part of the forward GEMM and the bias gradient part of the weight-gradient GEMM (fewer native calls
 * per step: docs/performance.md). Per batch size the model keeps a workspace of activation and gradient buffers;
 * a training loop or an ascent loop therefore allocates nothing per step. Weights are initialised from
 * {@code seed} with a Java RNG, so the same seed gives bit-identical weights on every machine.
 *
 * <pre>{@code
 * Mlp f = Mlp.builder(24).hidden(2048, 2048).activation(Activation.relu()).outputs(1).seed(0).build();
 * INDArray pred = f.forward(x);                      // B × 1 (model buffer)
 * INDArray dx = f.backward(dPred, true, true);       // accumulates dW, db; returns dLoss/dx
 * }</pre>
 */
public final class Mlp implements Regressor {
    private final int[] sizes;
    private final Activation activation;
    private final DataType type;
    private final INDArray flat;
    private final INDArray flatGrad;
    private final INDArray[] wb;
    private final INDArray[] dwb;
    private final INDArray[] w;
    private final INDArray[] b;
    private final INDArray[] dw;
    private final INDArray[] db;
    private final List<Param> params;
    /** [W; b]ᵀ per layer for {@link #inputGradientView}, allocated on first use. */
    private INDArray[] wbT;

    private final Map<Long, Workspace> workspaces = new HashMap<>();
    private Workspace last;
    /** After {@link #discardGrad}: the next weight-gradient pass overwrites the gradient buffer (GEMM β = 0). */
    private boolean gradDiscarded;

    private Mlp(int[] sizes, Activation activation, DataType type) {
        this.sizes = sizes.clone();
        this.activation = activation;
        this.type = type;
        int layers = sizes.length - 1;
        long total = 0;
        for (int l = 0; l < layers; l++) total += (long) (sizes[l] + 1) * sizes[l + 1];
        flat = Nd4j.create(type, total);
        flatGrad = Nd4j.create(type, total);
        wb = new INDArray[layers];
        dwb = new INDArray[layers];
        w = new INDArray[layers];
        b = new INDArray[layers];
        dw = new INDArray[layers];
        db = new INDArray[layers];
        long off = 0;
        for (int l = 0; l < layers; l++) {
            wb[l] = view(flat, off, sizes[l] + 1, sizes[l + 1]);
            dwb[l] = view(flatGrad, off, sizes[l] + 1, sizes[l + 1]);
            w[l] = wb[l].get(NDArrayIndex.interval(0, sizes[l]), NDArrayIndex.all());
            b[l] = wb[l].getRow(sizes[l], true);
            dw[l] = dwb[l].get(NDArrayIndex.interval(0, sizes[l]), NDArrayIndex.all());
            db[l] = dwb[l].getRow(sizes[l], true);
            off += (long) (sizes[l] + 1) * sizes[l + 1];
        }
        params = List.of(new Param("mlp", flat, flatGrad));
    }

    private static INDArray view(INDArray flat, long off, int rows, int cols) {
        // A contiguous slice reshaped in F-order is a view (tested in MlpTest), so optimizers see the layers.
        return flat.get(NDArrayIndex.interval(off, off + (long) rows * cols)).reshape('f', rows, cols);
    }

    /** A builder for a {@code d}-input MLP. */
    public static Builder builder(int inputs) {
        return new Builder(inputs);
    }

    /** Layer widths [d, h₁, …, k]. */
    public int[] sizes() {
        return sizes.clone();
    }

    public Activation activation() {
        return activation;
    }

    public DataType dataType() {
        return type;
    }

    @Override
    public int inputSize() {
        return sizes[0];
    }

    @Override
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** Number of dense layers. */
    public int layers() {
        return w.length;
    }

    /** Weight matrix of layer {@code l} (fan_in × fan_out strided view into the flat buffer). */
    public INDArray weight(int l) {
        return w[l];
    }

    /** Bias of layer {@code l} (1 × fan_out view). */
    public INDArray bias(int l) {
        return b[l];
    }

    /** Gradient buffer of {@link #weight(int)} (settled: see {@link #discardGrad}). */
    public INDArray weightGrad(int l) {
        settleGrad();
        return dw[l];
    }

    /** Gradient buffer of {@link #bias(int)} (settled: see {@link #discardGrad}). */
    public INDArray biasGrad(int l) {
        settleGrad();
        return db[l];
    }

    /** The flat parameter vector (all weights and biases). */
    public INDArray flatParameters() {
        return flat;
    }

    /** The one flat parameter (settled: see {@link #discardGrad}). */
    @Override
    public List<Param> parameters() {
        settleGrad();
        return params;
    }

    @Override
    public void zeroGrad() {
        flatGrad.assign(0);
        gradDiscarded = false;
    }

    /** The next {@link #backward} with weight gradients writes them with β = 0 instead of adding to them. */
    @Override
    public void discardGrad() {
        gradDiscarded = true;
    }

    @Override
    public void settleGrad() {
        if (gradDiscarded) zeroGrad();
    }

    /** An independent copy with the same weights. */
    public Mlp copy() {
        Mlp m = new Mlp(sizes, activation, type);
        m.flat.assign(flat);
        return m;
    }

    @Override
    public INDArray forward(INDArray x) {
        checkInput(x);
        Workspace ws = workspace(x.rows());
        Tensors.copy(x, ws.a[0]);
        int layers = w.length;
        for (int l = 0; l < layers; l++) {
            Gemm.gemm(ws.in[l], wb[l], ws.a[l + 1], false, false, 1.0, 0.0); // [a, 1]·[W; b]
            if (l < layers - 1) activation.applyInPlace(ws.a[l + 1], ws.mask[l + 1]);
        }
        last = ws;
        return ws.a[layers];
    }

    @Override
    public INDArray backward(INDArray dPred, boolean weightGrads, boolean inputGrads) {
        return backprop(dPred, weightGrads, inputGrads, null);
    }

    /**
     * A view of this model for many input-gradient passes at the current weights ({@link InputAscent#ascend}):
     * {@code forward} is the model's, and {@code backward} returns ∇ₓ only (weight gradients are refused), through
     * transposed copies [W; b]ᵀ of the weights made now, so that each backward GEMM reads its operand untransposed
     * (oneDNN runs the transposed form slower; timings in docs/performance.md). The view is valid only while the
     * weights stay as they are: take a new one after any update (each call refreshes the copies, which all views of
     * this model share). Package-private for that reason.
     */
    Regressor inputGradientView() {
        INDArray[] transposed = transposedWeights();
        return new Regressor() {
            @Override
            public int inputSize() {
                return Mlp.this.inputSize();
            }

            @Override
            public int outputSize() {
                return Mlp.this.outputSize();
            }

            @Override
            public INDArray forward(INDArray x) {
                return Mlp.this.forward(x);
            }

            @Override
            public INDArray backward(INDArray dPred, boolean weightGrads, boolean inputGrads) {
                if (weightGrads) {
                    throw new IllegalStateException("an input-gradient view computes no weight gradients; call "
                            + "backward on the model itself");
                }
                return backprop(dPred, false, inputGrads, transposed);
            }

            /** None: nothing is trained through a view. */
            @Override
            public List<Param> parameters() {
                return List.of();
            }
        };
    }

    /**
     * Refreshes and returns the transposed copies [W; b]ᵀ of every layer, shared by all views of this model and valid
     * until the next weight update.
     */
    INDArray[] transposedWeights() {
        return transposedWeights(wb.length);
    }

    /** {@link #transposedWeights()} refreshing only layers 0 … {@code layers} − 1 (the others are left stale). */
    INDArray[] transposedWeights(int layers) {
        if (wbT == null) {
            wbT = new INDArray[wb.length];
            for (int l = 0; l < wb.length; l++) {
                wbT[l] = Nd4j.create(type, new long[] {sizes[l + 1], sizes[l] + 1}, 'f');
            }
        }
        for (int l = 0; l < layers; l++) wbT[l].assign(wb[l].transpose());
        return wbT;
    }

    /** The last forward pass's output of layer {@code l} (a[0] = x): a workspace view the next forward overwrites. */
    INDArray lastActivations(int l) {
        if (last == null) throw new IllegalStateException("call forward first");
        return last.a[l];
    }

    /**
     * The workspace's buffer for the gradient w.r.t. the last forward batch's activations a[l] (B × n_l, F-order):
     * write it, then call {@link #inputGradientBelow}. For {@link ReluAscent}.
     */
    INDArray lastGradient(int l) {
        if (last == null) throw new IllegalStateException("call forward first");
        if (l < 0 || l >= w.length) {
            throw new IllegalArgumentException("layer " + l + " out of range [0, " + w.length + ")");
        }
        return last.d[l];
    }

    /**
     * The input gradient of the last forward batch from the gradient w.r.t. its activations a[l] already in
     * {@link #lastGradient}(l) (which this overwrites): back-propagates it through layers l−1, …, 0 with the
     * {@link #transposedWeights} copies. For {@link ReluAscent}, which obtains the gradient at a[l] another way.
     * Returns the workspace's input gradient.
     */
    INDArray inputGradientBelow(int l, INDArray[] transposed) {
        lastGradient(l);
        propagate(last, l - 1, false, true, transposed, 0.0);
        return last.d[0];
    }

    /**
     * Adds ∂/∂θ Σᵢ vᵢ·∇ₓf̂(xᵢ) to the weight gradients, for the last {@link #forward} of the rows xᵢ followed by a
     * {@link #backward} of a column of ones (which recorded the backward signals δzₗ; a backward of other values
     * cᵢ gives ∂/∂θ Σᵢ cᵢ·vᵢ·∇ₓf̂(xᵢ)): with piecewise-linear hidden
     * units ({@link Activation#piecewiseLinear}) ∇ₓf̂ is a product of weight matrices and the recorded activation
     * slopes sₗ, so its weight gradient is one more linear pass: the tangent activations Ṙa₀ = v,
     * Ṙaₗ₊₁ = sₗ₊₁ ⊙ (Ṙaₗ·Wₗ), and ∂/∂Wₗ += Ṙaₗᵀ·δzₗ₊₁; the biases get nothing (the slopes' own derivative is 0
     * away from the kinks, as in PyTorch's double backward). Single-output models only.
     *
     * @param v the directions, one row per row of the last forward batch (B × inputs)
     */
    void addTangentWeightGradients(INDArray v) {
        if (!activation.piecewiseLinear()) {
            throw new IllegalStateException("the weight gradient of an input gradient is implemented for piecewise-"
                    + "linear activations only (ReLU, LeakyReLU), not " + activation);
        }
        if (outputSize() != 1) throw new IllegalStateException("tangent weight gradients need a single output");
        Workspace ws = last;
        if (ws == null) throw new IllegalStateException("call forward and backward first");
        if (v.rows() != ws.batch || v.columns() != sizes[0]) {
            throw new IllegalArgumentException("directions have shape " + Arrays.toString(v.shape()) + ", expected ["
                    + ws.batch + ", " + sizes[0] + "] (the last forward batch)");
        }
        settleGrad();
        int layers = w.length;
        INDArray ra = v.castTo(type).dup('f');
        for (int l = 0; l < layers; l++) {
            INDArray delta = ws.d[l + 1]; // δzₗ₊₁: the backward signal at layer l's output (the output's: dPred)
            Gemm.gemm(ra, delta, dw[l], true, false, 1.0, 1.0);
            if (l == layers - 1) break;
            INDArray rz = Nd4j.create(type, new long[] {ws.batch, sizes[l + 1]}, 'f');
            Gemm.gemm(ra, w[l], rz, false, false, 1.0, 0.0);
            // Ṙaₗ₊₁ = sₗ₊₁ ⊙ Ṙzₗ₊₁: the slope read from the recorded outputs, as backprop applies it
            activation.backwardInPlace(ws.a[l + 1], Tensors.zeros(type, ws.batch, sizes[l + 1]), rz);
            ra = rz;
        }
    }

    /**
     * ⟨v, ∇θ f̂(xᵢ)⟩ for every row xᵢ of the last {@link #forward} batch, after a {@link #backward} of a column of ones
     * (which recorded the backward signals δzₗ): the derivative of each row's output along the parameter direction
     * v, laid out as {@link #flatParameters()}. Per layer it is rowsum(([aₗ, 1]·[Vₗ; vbₗ]) ⊙ δzₗ₊₁), one GEMM.
     * Single-output models.
     *
     * @param v a direction in parameter space (as many values as the flat parameters)
     */
    public double[] parameterDirectionalDerivatives(INDArray v) {
        if (outputSize() != 1) throw new IllegalStateException("directional derivatives need a single output");
        Workspace ws = last;
        if (ws == null) throw new IllegalStateException("call forward and backward first");
        if (v.length() != flat.length()) {
            throw new IllegalArgumentException(
                    "a direction needs " + flat.length() + " values (the flat parameters), got " + v.length());
        }
        INDArray dir = v.reshape(v.length()).castTo(type).dup();
        double[] out = new double[(int) ws.batch];
        long off = 0;
        for (int l = 0; l < w.length; l++) {
            INDArray vl = view(dir, off, sizes[l] + 1, sizes[l + 1]);
            off += (long) (sizes[l] + 1) * sizes[l + 1];
            INDArray z = Nd4j.create(type, new long[] {ws.batch, sizes[l + 1]}, 'f');
            Gemm.gemm(ws.in[l], vl, z, false, false, 1.0, 0.0);
            double[] zs = Tensors.columnMajor(z);
            double[] ds = Tensors.columnMajor(ws.d[l + 1]);
            int b = (int) ws.batch;
            for (int j = 0; j < sizes[l + 1]; j++) {
                for (int i = 0; i < b; i++) out[i] += zs[j * b + i] * ds[j * b + i];
            }
        }
        return out;
    }

    /** Backward pass; with {@code transposed} ([W; b]ᵀ per layer) the input-gradient GEMMs read it untransposed. */
    private INDArray backprop(INDArray dPred, boolean weightGrads, boolean inputGrads, INDArray[] transposed) {
        Workspace ws = last;
        if (ws == null) throw new IllegalStateException("backward called before forward");
        int layers = w.length;
        if (dPred.rows() != ws.batch || dPred.columns() != outputSize()) {
            throw new IllegalArgumentException("dPred has shape " + Arrays.toString(dPred.shape()) + ", expected ["
                    + ws.batch + ", " + outputSize() + "] (the last forward batch)");
        }
        if (dPred != ws.d[layers]) ws.d[layers].assign(dPred);
        double beta = gradDiscarded ? 0.0 : 1.0; // overwrite discarded gradients, else accumulate
        if (weightGrads) gradDiscarded = false;
        propagate(ws, layers - 1, weightGrads, inputGrads, transposed, beta);
        return inputGrads ? ws.d[0] : null;
    }

    /**
     * Back-propagates the gradient in ws.d[top + 1] through layers top, …, 0: activation derivatives below the output,
     * weight gradients when asked (GEMM β = {@code beta}), and input gradients into ws.d[l] (into ws.d[0] only when
     * {@code inputGrads}), from {@code transposed} copies when given.
     */
    private void propagate(
            Workspace ws, int top, boolean weightGrads, boolean inputGrads, INDArray[] transposed, double beta) {
        propagate(ws, top, 0, weightGrads, inputGrads, transposed, beta);
    }

    /** {@link #propagate} through layers top, …, bottom only. */
    private void propagate(
            Workspace ws,
            int top,
            int bottom,
            boolean weightGrads,
            boolean inputGrads,
            INDArray[] transposed,
            double beta) {
        int layers = w.length;
        for (int l = top; l >= bottom; l--) {
            INDArray g = ws.d[l + 1];
            if (l < layers - 1) activation.backwardInPlace(ws.a[l + 1], ws.mask[l + 1], g);
            if (weightGrads) Gemm.gemm(ws.in[l], g, dwb[l], true, false, 1.0, beta); // [dW; db] (+)= [a, 1]ᵀ·g
            // g·[W; b]ᵀ also fills a last column (the gradient w.r.t. the constant 1), which nothing reads
            if (l > 0 || inputGrads) {
                if (transposed == null) Gemm.gemm(g, wb[l], ws.dIn[l], false, true, 1.0, 0.0);
                else Gemm.gemm(g, transposed[l], ws.dIn[l], false, false, 1.0, 0.0);
            }
        }
    }

    /**
     * The backward signal δzₗ = ∂loss/∂zₗ at layer l − 1's output zₗ (before its activation; l = 1 … layers, the last
     * being the output gradient) recorded by the last {@link #backward}: a workspace view the next backward or
     * forward overwrites. For {@link GradNormCurvature}.
     */
    INDArray lastSignal(int l) {
        if (last == null) throw new IllegalStateException("call forward and backward first");
        if (l < 1 || l > w.length) {
            throw new IllegalArgumentException("signal " + l + " out of range [1, " + w.length + "]");
        }
        return last.d[l];
    }

    /**
     * Multiplies {@code t} (B × nₗ) in place by the hidden activation's slope at the last forward batch's
     * activations a[l] (1 ≤ l < layers), as backprop applies it. For {@link GradNormCurvature}.
     */
    void applySlopes(int l, INDArray t) {
        if (last == null) throw new IllegalStateException("call forward first");
        if (l < 1 || l >= w.length) {
            throw new IllegalArgumentException("hidden layer " + l + " out of range [1, " + w.length + ")");
        }
        activation.backwardInPlace(last.a[l], Tensors.zeros(type, last.batch, sizes[l]), t);
    }

    /**
     * One backward pass of the last forward batch with weight gradients (accumulated, as {@link #backward}) from the
     * output gradient {@code dPred} and an extra gradient {@code extra} w.r.t. the activations a[l] entering layer l
     * (B × n_l, added to what flows down from above before it goes on below; 0 &lt; l &lt; layers). For
     * {@link GradNormCurvature}.
     */
    void backwardWithActivationGradient(INDArray dPred, int l, INDArray extra) {
        Workspace ws = last;
        if (ws == null) throw new IllegalStateException("backward called before forward");
        int layers = w.length;
        if (l < 1 || l >= layers)
            throw new IllegalArgumentException("layer " + l + " out of range [1, " + layers + ")");
        if (extra.rows() != ws.batch || extra.columns() != sizes[l]) {
            throw new IllegalArgumentException("the extra gradient has shape " + Arrays.toString(extra.shape())
                    + ", expected [" + ws.batch + ", " + sizes[l] + "]");
        }
        if (dPred.rows() != ws.batch || dPred.columns() != outputSize()) {
            throw new IllegalArgumentException("dPred has shape " + Arrays.toString(dPred.shape()) + ", expected ["
                    + ws.batch + ", " + outputSize() + "] (the last forward batch)");
        }
        ws.d[layers].assign(dPred);
        double beta = gradDiscarded ? 0.0 : 1.0;
        gradDiscarded = false;
        propagate(ws, layers - 1, l, true, false, null, beta);
        ws.d[l].addi(extra);
        propagate(ws, l - 1, 0, true, false, null, beta);
    }

    /**
     * The buffer {@link #backward} reads dPred from, for the current batch: a caller may write dLoss/df̂ straight
     * into it and pass it back to save a copy.
     */
    public INDArray outputGradientBuffer() {
        if (last == null) throw new IllegalStateException("call forward first");
        return last.d[w.length];
    }

    private void checkInput(INDArray x) {
        if (x.rank() != 2 || x.columns() != sizes[0]) {
            throw new IllegalArgumentException(
                    "input has shape " + Arrays.toString(x.shape()) + ", expected [batch, " + sizes[0] + "]");
        }
    }

    private Workspace workspace(long batch) {
        return workspaces.computeIfAbsent(batch, bs -> new Workspace(bs, sizes, type));
    }

    /** Drops cached per-batch-size buffers (they are rebuilt on demand). */
    public void releaseWorkspaces() {
        workspaces.clear();
        last = null;
    }

    /**
     * Preallocated buffers for one batch size: layer inputs {@code in[l]} = [a[l], 1] (B × (n_l + 1), the ones
     * column set once) with a[l] their contiguous F-order prefix, the output a[L], gradients dIn[l] (B × (n_l + 1))
     * with d[l] their prefix, d[L], and scratch masks for the activations' ND4J path (float64, other backends).
     */
    private static final class Workspace {
        final long batch;
        final INDArray[] in;
        final INDArray[] a;
        final INDArray[] dIn;
        final INDArray[] d;
        final INDArray[] mask;

        Workspace(long batch, int[] sizes, DataType type) {
            this.batch = batch;
            int n = sizes.length;
            in = new INDArray[n - 1];
            dIn = new INDArray[n - 1];
            a = new INDArray[n];
            d = new INDArray[n];
            mask = new INDArray[n];
            for (int l = 0; l < n - 1; l++) {
                INDArray buf = Nd4j.create(type, batch * (sizes[l] + 1));
                in[l] = view(buf, 0, (int) batch, sizes[l] + 1);
                a[l] = view(buf, 0, (int) batch, sizes[l]);
                in[l].getColumn(sizes[l]).assign(1);
                INDArray gbuf = Nd4j.create(type, batch * (sizes[l] + 1));
                dIn[l] = view(gbuf, 0, (int) batch, sizes[l] + 1);
                d[l] = view(gbuf, 0, (int) batch, sizes[l]);
                if (l > 0) mask[l] = Tensors.zeros(type, batch, sizes[l]);
            }
            a[n - 1] = Tensors.zeros(type, batch, sizes[n - 1]);
            d[n - 1] = Tensors.zeros(type, batch, sizes[n - 1]);
        }
    }

    /** Builder with design-baselines defaults: Glorot-uniform init, float32, seed 0. */
    public static final class Builder {
        private final int inputs;
        private int[] hidden = {2048, 2048};
        private Activation activation = Activation.relu();
        private int outputs = 1;
        private Init init = Init.GLOROT_UNIFORM;
        private DataType type = DataType.FLOAT;
        private long seed = 0;

        private Builder(int inputs) {
            if (inputs < 1) throw new IllegalArgumentException("an MLP needs at least 1 input, got " + inputs);
            this.inputs = inputs;
        }

        /** Hidden widths (default 2048, 2048); none for a linear model. */
        public Builder hidden(int... widths) {
            for (int h : widths) if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
            hidden = widths.clone();
            return this;
        }

        /** Hidden widths as a list (as methods' settings records hold them). */
        public Builder hidden(List<Integer> widths) {
            return hidden(widths.stream().mapToInt(Integer::intValue).toArray());
        }

        /** Hidden activation (default ReLU). */
        public Builder activation(Activation a) {
            activation = a;
            return this;
        }

        /** Output width k (default 1). */
        public Builder outputs(int k) {
            if (k < 1) throw new IllegalArgumentException("an MLP needs at least 1 output, got " + k);
            outputs = k;
            return this;
        }

        /** Weight initialisation (default Glorot-uniform, the Keras default). */
        public Builder init(Init i) {
            init = i;
            return this;
        }

        /** FLOAT (default) or DOUBLE (for gradient checks). */
        public Builder dataType(DataType t) {
            type = Tensors.floatOrDouble(t);
            return this;
        }

        /** Initialisation seed (default 0). */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Mlp build() {
            int[] sizes = new int[hidden.length + 2];
            sizes[0] = inputs;
            System.arraycopy(hidden, 0, sizes, 1, hidden.length);
            sizes[sizes.length - 1] = outputs;
            Mlp m = new Mlp(sizes, activation, type);
            SplittableRandom rng = new SplittableRandom(seed);
            for (int l = 0; l < m.w.length; l++) {
                m.w[l].assign(uniform(rng, sizes[l], sizes[l + 1], init.weightLimit(sizes[l], sizes[l + 1])));
                double bl = init.biasLimit(sizes[l]);
                if (bl > 0) m.b[l].assign(uniform(rng, 1, sizes[l + 1], bl));
            }
            return m;
        }

        private INDArray uniform(SplittableRandom rng, int rows, int cols, double limit) {
            double[] v = new double[rows * cols];
            for (int i = 0; i < v.length; i++) v[i] = (2 * rng.nextDouble() - 1) * limit;
            return Nd4j.create(v, new long[] {rows, cols}, 'f').castTo(type);
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int s : sizes) parts.add(Integer.toString(s));
        return "Mlp(" + String.join("→", parts) + ", " + activation + ", " + type + ")";
    }
}
