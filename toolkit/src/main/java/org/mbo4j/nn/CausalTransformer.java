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

/**
 * A small causal transformer over interleaved (condition, point) sequences, as BONET's minGPT
 * ({@code mingpt/model_discrete.py} and {@code mingpt/model.py} of siddarthk97/bonet): a sequence of s steps is the
 * 2s tokens R₁ X₁ R₂ X₂ … Rₛ Xₛ, where Rₜ is a scalar (BONET's regret-to-go) embedded by tanh(W_r·R + b_r) and Xₜ a
 * d-vector embedded by tanh(W_x·X + b_x) (lines 135–136); every token gets a learned position embedding and every
 * sequence one learned "global" embedding of its start index (lines 116–117, 217–219); then embedding dropout,
 * pre-norm blocks ({@link TransformerBlock}: masked multi-head self-attention, GELU MLP, residuals), a final layer
 * norm and a linear head read at the R tokens (line 232): the prediction at Rₜ is the model's guess of Xₜ.
 *
 * <p>Hand-written backward passes throughout, on token-major E × N activations (N = sequences × tokens) with BLAS
 * products ({@link Gemm}); float32 for training, float64 for gradient checks. Initialisation as minGPT: dense
 * weights N(0, 0.02²), biases 0, layer norms γ = 1, β = 0, position embeddings 0 (lines 116–117, 143–150); the
 * two input embeddings are created after minGPT's {@code apply(_init_weights)} and so keep PyTorch's default
 * U(±1/√fan_in), except the point embedding's weight, N(0, 0.02²) (line 138). Same seed → same weights.
 *
 * <pre>{@code
 * var gpt = CausalTransformer.builder(8, 32).embed(128).layers(8).heads(8).contextSteps(64).seed(0).build();
 * INDArray logits = gpt.forward(rtg, points, starts, 64, false, rng);   // outputs × (B·64), at the R tokens
 * gpt.backward(dLogits);                                                 // accumulates every parameter's grad
 * }</pre>
 */
public final class CausalTransformer implements Module {
    private final int inputDim;
    private final int outputs;
    private final int embed;
    private final int contextSteps;
    private final int maxTimestep;
    private final DataType type;
    private final Linear retEmb;
    private final Linear pointEmb;
    private final Param pos;
    private final Param globalPos;
    private final Dropout embDrop;
    private final List<TransformerBlock> blocks = new ArrayList<>();
    private final LayerNorm lnF;
    private final Linear head;
    private final List<Param> params = new ArrayList<>();
    private final List<Param> decayed = new ArrayList<>();
    private final Map<String, INDArray[]> buffers = new HashMap<>();
    private Pass last;

    /** The shapes of the last forward pass. */
    private record Pass(int sequences, int steps, boolean generation, int[] timesteps, INDArray[] buffers) {}

    private CausalTransformer(Builder b) {
        inputDim = b.inputDim;
        outputs = b.outputs;
        embed = b.embed;
        contextSteps = b.contextSteps;
        maxTimestep = b.maxTimestep;
        type = b.type;
        SplittableRandom rng = new SplittableRandom(b.seed);
        pos = new Param(
                "pos_emb",
                Nd4j.create(type, new long[] {embed, 2L * contextSteps + 1}, 'f'),
                Nd4j.create(type, new long[] {embed, 2L * contextSteps + 1}, 'f'));
        globalPos = new Param(
                "global_pos_emb",
                Nd4j.create(type, new long[] {embed, maxTimestep + 1L}, 'f'),
                Nd4j.create(type, new long[] {embed, maxTimestep + 1L}, 'f'));
        embDrop = new Dropout(b.dropout);
        for (int l = 0; l < b.layers; l++) {
            TransformerBlock block = new TransformerBlock("blocks." + l, embed, b.heads, b.dropout, type);
            for (Linear lin : block.linears()) lin.initNormal(rng, 0.02);
            blocks.add(block);
        }
        lnF = new LayerNorm("ln_f", embed, type);
        head = new Linear("head", embed, outputs, type).initNormal(rng, 0.02);
        retEmb = new Linear("ret_emb", 1, embed, type).initTorchDefault(rng);
        pointEmb = new Linear("point_embeddings", inputDim, embed, type).initTorchDefault(rng);
        Host w = Host.of(pointEmb.weight().value());
        for (int i = 0; i < w.length(); i++) w.set(i, 0.02 * rng.nextGaussian());

        List<Linear> linears = new ArrayList<>(List.of(retEmb, pointEmb));
        for (TransformerBlock block : blocks) linears.addAll(block.linears());
        linears.add(head);
        for (Linear lin : linears) decayed.add(lin.weight());
        params.addAll(decayed);
        for (Linear lin : linears) params.add(lin.bias());
        for (TransformerBlock block : blocks) {
            for (LayerNorm ln : block.norms()) params.addAll(ln.parameters());
        }
        params.addAll(lnF.parameters());
        params.add(pos);
        params.add(globalPos);
    }

    /** A builder for points of {@code inputDim} values and {@code outputs} head outputs per step. */
    public static Builder builder(int inputDim, int outputs) {
        return new Builder(inputDim, outputs);
    }

    @Override
    public List<Param> parameters() {
        return params;
    }

    /**
     * The parameters AdamW decays: the dense layers' weights, not biases, layer norms or position embeddings
     * (minGPT's {@code configure_optimizers}, {@code mingpt/model_discrete.py} lines 152–197).
     */
    public List<Param> decayedParameters() {
        return decayed;
    }

    public int inputDim() {
        return inputDim;
    }

    public int outputs() {
        return outputs;
    }

    public int contextSteps() {
        return contextSteps;
    }

    public int maxTimestep() {
        return maxTimestep;
    }

    public DataType dataType() {
        return type;
    }

    /**
     * The head's outputs at every R token.
     *
     * @param rtg        conditions, 1 × (B·steps) F-order (column b·steps + t)
     * @param points     points, d × (B·p) F-order with p = steps (training: R₁ X₁ … Rₛ Xₛ) or p = steps − 1
     *                   ({@code generation}: R₁ X₁ … Rₛ, the next point is what is asked for); may be null when p = 0
     * @param timesteps  each sequence's global position index, in [0, maxTimestep]
     * @param steps      steps per sequence, 1 … contextSteps
     * @param generation whether the last point of every sequence is absent
     * @param rng        the dropout masks' generator; null: evaluation mode (no dropout)
     * @return outputs × (B·steps) (the model's buffer, overwritten by the next forward of the same shape)
     */
    public INDArray forward(
            INDArray rtg, INDArray points, int[] timesteps, int steps, boolean generation, SplittableRandom rng) {
        if (steps < 1 || steps > contextSteps) {
            throw new IllegalArgumentException("steps must be in [1, " + contextSteps + "], got " + steps);
        }
        int b = timesteps.length;
        int p = generation ? steps - 1 : steps;
        int t = steps + p;
        if (rtg.rows() != 1 || rtg.columns() != (long) b * steps) {
            throw new IllegalArgumentException(
                    "rtg has shape " + Arrays.toString(rtg.shape()) + ", expected [1, " + (long) b * steps + "]");
        }
        if (p > 0 && (points == null || points.rows() != inputDim || points.columns() != (long) b * p)) {
            throw new IllegalArgumentException("points have shape "
                    + (points == null ? "null" : Arrays.toString(points.shape())) + ", expected [" + inputDim + ", "
                    + (long) b * p + "]");
        }
        for (int ts : timesteps) {
            if (ts < 0 || ts > maxTimestep) {
                throw new IllegalArgumentException("timestep " + ts + " outside [0, " + maxTimestep + "]");
            }
        }
        INDArray[] buf = buffers.computeIfAbsent(b + "x" + steps + (generation ? "g" : ""), k -> new INDArray[] {
            Nd4j.create(type, new long[] {embed, (long) b * t}, 'f'), // x0
            Nd4j.create(type, new long[] {embed, (long) b * steps}, 'f'), // gathered R tokens
            Nd4j.create(type, new long[] {embed, (long) b * t}, 'f'), // d at every token
            Nd4j.create(type, new long[] {embed, (long) b * steps}, 'f'), // d R embeddings
            p > 0 ? Nd4j.create(type, new long[] {embed, (long) b * p}, 'f') : null // d X embeddings
        });
        INDArray er = retEmb.forward(rtg.castTo(type));
        tanhInPlace(er);
        INDArray ep = null;
        if (p > 0) {
            ep = pointEmb.forward(points.castTo(type));
            tanhInPlace(ep);
        }
        Host x0 = Host.of(buf[0]),
                hr = Host.of(er),
                hp = ep == null ? null : Host.of(ep),
                hpos = Host.of(pos.value()),
                hg = Host.of(globalPos.value());
        for (int s = 0; s < b; s++) {
            int go = timesteps[s] * embed;
            for (int i = 0; i < t; i++) {
                int o = (s * t + i) * embed;
                int src = (i % 2 == 0 ? s * steps + i / 2 : s * p + i / 2) * embed;
                Host from = i % 2 == 0 ? hr : hp;
                for (int c = 0; c < embed; c++) {
                    x0.set(o + c, from.get(src + c) + hpos.get(i * embed + c) + hg.get(go + c));
                }
            }
        }
        INDArray x = embDrop.forward(buf[0], rng);
        for (TransformerBlock block : blocks) x = block.forward(x, t, rng);
        INDArray h = lnF.forward(x);
        Host hh = Host.of(h), g = Host.of(buf[1]);
        for (int s = 0; s < b; s++) {
            for (int j = 0; j < steps; j++) {
                int o = (s * t + 2 * j) * embed, d = (s * steps + j) * embed;
                for (int c = 0; c < embed; c++) g.set(d + c, hh.get(o + c));
            }
        }
        last = new Pass(b, steps, generation, timesteps.clone(), buf);
        return head.forward(buf[1]);
    }

    /** Accumulates every parameter's gradient from dLoss/d(outputs) of the last forward (outputs × (B·steps)). */
    public void backward(INDArray dOut) {
        Pass pass = last;
        if (pass == null) throw new IllegalStateException("backward called before forward");
        int b = pass.sequences(), steps = pass.steps(), p = pass.generation() ? steps - 1 : steps, t = steps + p;
        INDArray[] buf = pass.buffers();
        INDArray dg = head.backward(dOut.castTo(type), true);
        Host hdg = Host.of(dg), dh = Host.of(buf[2]);
        for (int i = 0; i < dh.length(); i++) dh.set(i, 0);
        for (int s = 0; s < b; s++) {
            for (int j = 0; j < steps; j++) {
                int o = (s * t + 2 * j) * embed, d = (s * steps + j) * embed;
                for (int c = 0; c < embed; c++) dh.set(o + c, hdg.get(d + c));
            }
        }
        INDArray dx = lnF.backward(buf[2]);
        for (int l = blocks.size() - 1; l >= 0; l--) dx = blocks.get(l).backward(dx);
        dx = embDrop.backward(dx);
        Host d0 = Host.of(dx),
                dpos = Host.of(pos.grad()),
                dglob = Host.of(globalPos.grad()),
                der = Host.of(buf[3]),
                dep = p > 0 ? Host.of(buf[4]) : null,
                er = Host.of(retEmb.lastOutput()),
                ep = p > 0 ? Host.of(pointEmb.lastOutput()) : null;
        for (int s = 0; s < b; s++) {
            int go = pass.timesteps()[s] * embed;
            for (int i = 0; i < t; i++) {
                int o = (s * t + i) * embed;
                int dst = (i % 2 == 0 ? s * steps + i / 2 : s * p + i / 2) * embed;
                Host to = i % 2 == 0 ? der : dep, act = i % 2 == 0 ? er : ep;
                for (int c = 0; c < embed; c++) {
                    double v = d0.get(o + c);
                    dpos.add(i * embed + c, v);
                    dglob.add(go + c, v);
                    double a = act.get(dst + c);
                    to.set(dst + c, v * (1 - a * a));
                }
            }
        }
        retEmb.backward(buf[3], false);
        if (p > 0) pointEmb.backward(buf[4], false);
    }

    private static void tanhInPlace(INDArray a) {
        Host h = Host.of(a);
        for (int i = 0; i < h.length(); i++) h.set(i, Math.tanh(h.get(i)));
    }

    /** Builder; defaults are BONET's TFBind8 sizes (see {@code docs/methods/bonet.md}). */
    public static final class Builder {
        private final int inputDim;
        private final int outputs;
        private int embed = 128;
        private int layers = 8;
        private int heads = 8;
        private int contextSteps = 64;
        private int maxTimestep = 128;
        private double dropout = 0.1;
        private DataType type = DataType.FLOAT;
        private long seed;

        private Builder(int inputDim, int outputs) {
            if (inputDim < 1) throw new IllegalArgumentException("points need at least 1 value, got " + inputDim);
            if (outputs < 1) throw new IllegalArgumentException("the head needs at least 1 output, got " + outputs);
            this.inputDim = inputDim;
            this.outputs = outputs;
        }

        /** Embedding width (default 128), a multiple of the heads. */
        public Builder embed(int e) {
            if (e < 1) throw new IllegalArgumentException("embedding size must be ≥ 1, got " + e);
            embed = e;
            return this;
        }

        /** Transformer blocks (default 8). */
        public Builder layers(int l) {
            if (l < 1) throw new IllegalArgumentException("layers must be ≥ 1, got " + l);
            layers = l;
            return this;
        }

        /** Attention heads (default 8). */
        public Builder heads(int h) {
            if (h < 1) throw new IllegalArgumentException("heads must be ≥ 1, got " + h);
            heads = h;
            return this;
        }

        /** Steps per sequence (default 64: 128 tokens). */
        public Builder contextSteps(int s) {
            if (s < 1) throw new IllegalArgumentException("context must be ≥ 1 step, got " + s);
            contextSteps = s;
            return this;
        }

        /** Largest global position index (default 128). */
        public Builder maxTimestep(int m) {
            if (m < 0) throw new IllegalArgumentException("max timestep must be ≥ 0, got " + m);
            maxTimestep = m;
            return this;
        }

        /** Embedding, attention and residual dropout (default 0.1, minGPT's). */
        public Builder dropout(double p) {
            if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
            dropout = p;
            return this;
        }

        /** FLOAT (default) or DOUBLE (for gradient checks). */
        public Builder dataType(DataType t) {
            type = Tensors.floatOrDouble(t);
            return this;
        }

        /** Initialisation seed. */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public CausalTransformer build() {
            if (embed % heads != 0) {
                throw new IllegalArgumentException(
                        "embedding size " + embed + " is not a multiple of the " + heads + " attention heads");
            }
            return new CausalTransformer(this);
        }
    }
}
