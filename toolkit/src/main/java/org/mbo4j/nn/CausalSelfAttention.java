package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Masked multi-head self-attention as minGPT's {@code CausalSelfAttention} ({@code mingpt/model_discrete.py} lines
 * 43–86): query, key and value projections (one fused E → 3E layer here; the same function as three E → E layers),
 * per head softmax(q·kᵀ/√(E/H)) with every key after the query masked out, attention dropout, the heads side by
 * side, an output projection. Input: token-major E × N with N = B·T (sequence b holds tokens b·T … b·T + T − 1).
 *
 * <p>For float32, when the Vector API is loaded ({@link AttentionKernels#INSTANCE}), the products and the softmax
 * run as Java SIMD loops over heap copies of the q, k, v buffer that compute only the unmasked half (weights kept
 * per query, keys contiguous); they agree with the BLAS path to float32 rounding. Otherwise (and always for float64,
 * the gradient checks) per sequence and head the products run as BLAS calls on blocks of the shared buffers
 * ({@link Gemm#gemmBlock}); attention weights are then kept as Aᵀ (keys × queries, column-major), so each query's
 * softmax runs over contiguous memory. Both draw the same dropout masks from the same generator.
 */
final class CausalSelfAttention implements Module {
    private final int embed;
    private final int heads;
    private final int headSize;
    private final double attnDropout;
    private final Linear qkv;
    private final Linear proj;
    private final Map<String, Work> work = new HashMap<>();
    private final Map<String, FloatWork> floatWork = new HashMap<>();
    private AttentionKernels kernels = AttentionKernels.INSTANCE;
    private Work last;
    private FloatWork lastFloat;

    /** Heap buffers of the float32 SIMD path for one (N, T). */
    private static final class FloatWork {
        final AttentionKernels k;
        final int n;
        final int t;
        final float[] z; // 3E × N: the forward's q, k, v
        final float[] y; // E × N
        final float[] dy; // E × N
        final float[] dz; // 3E × N
        final float[] p; // softmax weights, B·H·T rows of the kernels' stride
        final float[] pd; // the same after dropout (== p without dropout)
        final INDArray yOut; // E × N
        final INDArray dzOut; // 3E × N

        FloatWork(AttentionKernels k, int embed, int heads, int n, int t, boolean dropout) {
            this.k = k;
            this.n = n;
            this.t = t;
            z = new float[3 * embed * n];
            y = new float[embed * n];
            dy = new float[embed * n];
            dz = new float[3 * embed * n];
            p = new float[n * heads * k.stride(t)];
            pd = dropout ? new float[p.length] : p;
            yOut = Nd4j.create(DataType.FLOAT, new long[] {embed, n}, 'f');
            dzOut = Nd4j.create(DataType.FLOAT, new long[] {3L * embed, n}, 'f');
        }
    }

    /** Buffers for one (N, T). */
    private static final class Work {
        final int n;
        final int t;
        final INDArray probs; // T × (B·H·T): softmax weights, Aᵀ per (b, h)
        final INDArray dropped; // the same after dropout (== probs without dropout)
        final INDArray y; // E × N heads side by side
        final INDArray dz; // 3E × N gradient of q, k, v
        final INDArray scratch; // T × T
        boolean[] keep;

        Work(DataType type, int embed, int heads, int n, int t, boolean dropout) {
            this.n = n;
            this.t = t;
            int b = n / t;
            probs = Nd4j.create(type, new long[] {t, (long) b * heads * t}, 'f');
            dropped = dropout ? Nd4j.create(type, new long[] {t, (long) b * heads * t}, 'f') : probs;
            y = Nd4j.create(type, new long[] {embed, n}, 'f');
            dz = Nd4j.create(type, new long[] {3L * embed, n}, 'f');
            scratch = Nd4j.create(type, new long[] {t, t}, 'f');
            keep = dropout ? new boolean[(int) probs.length()] : null;
        }
    }

    CausalSelfAttention(String name, int embed, int heads, double attnDropout, DataType type) {
        if (embed % heads != 0) {
            throw new IllegalArgumentException(
                    "embedding size " + embed + " is not a multiple of the " + heads + " attention heads");
        }
        this.embed = embed;
        this.heads = heads;
        this.headSize = embed / heads;
        if (!(attnDropout >= 0 && attnDropout < 1)) {
            throw new IllegalArgumentException("attention dropout must be in [0, 1), got " + attnDropout);
        }
        this.attnDropout = attnDropout;
        qkv = new Linear(name + ".qkv", embed, 3 * embed, type);
        proj = new Linear(name + ".proj", embed, embed, type);
    }

    /** Whether float32 uses the SIMD kernels (when loaded; default) or the BLAS path (for tests comparing the two). */
    CausalSelfAttention simdKernels(boolean use) {
        kernels = use ? AttentionKernels.INSTANCE : null;
        return this;
    }

    Linear qkv() {
        return qkv;
    }

    Linear proj() {
        return proj;
    }

    @Override
    public List<Param> parameters() {
        List<Param> ps = new ArrayList<>(qkv.parameters());
        ps.addAll(proj.parameters());
        return ps;
    }

    /**
     * Attention output (E × N, the projection's buffer) for N/T sequences of T tokens; {@code rng} draws the
     * attention dropout mask (null: evaluation mode).
     */
    INDArray forward(INDArray x, int t, SplittableRandom rng) {
        int n = (int) x.columns();
        if (t < 1 || n % t != 0) {
            throw new IllegalArgumentException(n + " tokens do not split into sequences of " + t);
        }
        boolean drop = rng != null && attnDropout > 0;
        if (kernels != null
                && x.dataType() == DataType.FLOAT
                && qkv.weight().value().dataType() == DataType.FLOAT) {
            return forwardSimd(x, t, drop ? rng : null);
        }
        lastFloat = null;
        Work w = work.computeIfAbsent(
                n + "x" + t + (drop ? "d" : ""), k -> new Work(x.dataType(), embed, heads, n, t, drop));
        INDArray z = qkv.forward(x);
        int b = n / t;
        int ld = 3 * embed;
        double scale = 1 / Math.sqrt(headSize);
        Host hp = Host.of(w.probs), hd = drop ? Host.of(w.dropped) : hp;
        double keepScale = drop ? 1 / (1 - attnDropout) : 1;
        for (int s = 0; s < b; s++) {
            for (int h = 0; h < heads; h++) {
                long col = (long) s * t * ld; // first element of sequence s in z
                long q = col + (long) h * headSize, k = q + embed, v = q + 2L * embed;
                long blk = (long) (s * heads + h) * t * t;
                // Aᵀ (keys × queries) = scale · Kᵀ·Q, with K, Q stored headSize × T (leading dimension 3E)
                Gemm.gemmBlock(z, k, ld, true, z, q, ld, false, w.probs, blk, t, t, t, headSize, scale, 0.0);
                for (int i = 0; i < t; i++) { // query i attends to keys 0..i
                    int o = (int) blk + i * t;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) max = Math.max(max, hp.get(o + j));
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        double e = Math.exp(hp.get(o + j) - max);
                        hp.set(o + j, e);
                        sum += e;
                    }
                    for (int j = 0; j <= i; j++) hp.set(o + j, hp.get(o + j) / sum);
                    for (int j = i + 1; j < t; j++) hp.set(o + j, 0);
                    if (drop) {
                        for (int j = 0; j < t; j++) {
                            boolean kept = rng.nextDouble() >= attnDropout;
                            w.keep[o + j] = kept;
                            hd.set(o + j, kept ? hp.get(o + j) * keepScale : 0);
                        }
                    }
                }
                // Y (headSize × T) = V · Aᵀ
                Gemm.gemmBlock(
                        z,
                        v,
                        ld,
                        false,
                        w.dropped,
                        blk,
                        t,
                        false,
                        w.y,
                        (long) s * t * embed + (long) h * headSize,
                        embed,
                        headSize,
                        t,
                        t,
                        1.0,
                        0.0);
            }
        }
        last = w;
        return proj.forward(w.y);
    }

    private INDArray forwardSimd(INDArray x, int t, SplittableRandom rng) {
        int n = (int) x.columns();
        boolean drop = rng != null;
        FloatWork w = floatWork.computeIfAbsent(
                n + "x" + t + (drop ? "d" : ""), k -> new FloatWork(kernels, embed, heads, n, t, drop));
        INDArray z = qkv.forward(x);
        Tensors.hostBytes(z).asFloatBuffer().get(w.z);
        w.k.forward(
                w.z, w.y, w.p, w.pd, n / t, heads, headSize, t, (float) (1 / Math.sqrt(headSize)), rng, attnDropout);
        Tensors.hostBytes(w.yOut).asFloatBuffer().put(w.y);
        last = null;
        lastFloat = w;
        return proj.forward(w.yOut);
    }

    /** Accumulates the projections' gradients; returns dx (the qkv layer's buffer). */
    INDArray backward(INDArray dOut) {
        if (lastFloat != null) {
            FloatWork fw = lastFloat;
            INDArray dy = proj.backward(dOut, true);
            Tensors.hostBytes(dy).asFloatBuffer().get(fw.dy);
            fw.k.backward(fw.z, fw.dy, fw.dz, fw.p, fw.pd, fw.n / fw.t, heads, headSize, fw.t, (float)
                    (1 / Math.sqrt(headSize)));
            Tensors.hostBytes(fw.dzOut).asFloatBuffer().put(fw.dz);
            return qkv.backward(fw.dzOut, true);
        }
        Work w = last;
        if (w == null) throw new IllegalStateException("backward called before forward");
        INDArray dy = proj.backward(dOut, true);
        INDArray z = qkvOutput();
        int t = w.t, b = w.n / t, ld = 3 * embed;
        double scale = 1 / Math.sqrt(headSize);
        boolean drop = w.keep != null;
        double keepScale = drop ? 1 / (1 - attnDropout) : 1;
        Host hp = Host.of(w.probs), hs = Host.of(w.scratch);
        for (int s = 0; s < b; s++) {
            for (int h = 0; h < heads; h++) {
                long col = (long) s * t * ld;
                long q = col + (long) h * headSize, k = q + embed, v = q + 2L * embed;
                long blk = (long) (s * heads + h) * t * t;
                long yo = (long) s * t * embed + (long) h * headSize;
                // dV = dY · A  (headSize × T): dV[c, j] = Σᵢ dY[c, i] Aᵀ[j, i]
                Gemm.gemmBlock(dy, yo, embed, false, w.dropped, blk, t, true, w.dz, v, ld, headSize, t, t, 1.0, 0.0);
                // dAᵀ (keys × queries) = Vᵀ · dY
                Gemm.gemmBlock(z, v, ld, true, dy, yo, embed, false, w.scratch, 0, t, t, t, headSize, 1.0, 0.0);
                for (int i = 0; i < t; i++) { // softmax backward per query, through the dropout mask
                    int o = i * t;
                    int po = (int) blk + o;
                    double dot = 0;
                    for (int j = 0; j <= i; j++) {
                        double g = hs.get(o + j);
                        if (drop) g = w.keep[po + j] ? g * keepScale : 0;
                        hs.set(o + j, g);
                        dot += g * hp.get(po + j);
                    }
                    for (int j = 0; j <= i; j++) hs.set(o + j, hp.get(po + j) * (hs.get(o + j) - dot));
                    for (int j = i + 1; j < t; j++) hs.set(o + j, 0);
                }
                // dQ = scale · K · dSᵀ-as-stored (dQ[c, i] = scale Σⱼ K[c, j] dAᵀ[j, i])
                Gemm.gemmBlock(z, k, ld, false, w.scratch, 0, t, false, w.dz, q, ld, headSize, t, t, scale, 0.0);
                // dK = scale · Q · dAᵀᵀ (dK[c, j] = scale Σᵢ Q[c, i] dAᵀ[j, i])
                Gemm.gemmBlock(z, q, ld, false, w.scratch, 0, t, true, w.dz, k, ld, headSize, t, t, scale, 0.0);
            }
        }
        return qkv.backward(w.dz, true);
    }

    private INDArray qkvOutput() {
        return qkv.lastOutput();
    }
}
