package org.mbo4j.nn;

import java.util.SplittableRandom;

/**
 * The float32 products and softmax of {@link CausalSelfAttention} as Java SIMD loops on heap arrays, in place of
 * six small BLAS calls per (sequence, head): per query only the unmasked keys 0 … i are computed (half the work of
 * the full T × T products), scores for a vector's width of keys at a time from a transposed key block, and A·V and
 * the backward products as broadcast multiply-adds over the head's features.
 *
 * <p>Layouts (all column-major, token-major as the layer's buffers): {@code z} is the fused q, k, v output,
 * 3E × N with token n's query for head h at {@code n·3E + h·D}, its key E and its value 2E further; {@code y} and
 * {@code dy} are E × N; {@code dz} is laid out as z. The attention weights of (sequence s, head h) are T rows
 * (queries) of {@link #stride} floats (keys), row i at {@code ((s·H + h)·T + i)·stride}; entries after key i are
 * never read.
 *
 * <p>The products use fused multiply-adds and sum in another order than BLAS, and the softmax's exponential is a
 * degree-7 polynomial after range reduction ({@link FloatExp}): the results agree with the
 * BLAS path to float32 rounding, not bit for bit (tested in {@code AttentionKernelsTest}, relative tolerance 1e-4).
 * Loaded only when the JVM has {@code jdk.incubator.vector} and a short check runs; else {@link #INSTANCE} is null
 * and the layer keeps its BLAS path.
 */
interface AttentionKernels {
    /** The SIMD kernels, or null when the Vector API is absent or fails its start-up check. */
    AttentionKernels INSTANCE = load();

    /** Floats per row of the attention weights for sequences of t tokens (t rounded up to the vector width). */
    int stride(int t);

    /**
     * Attention forward for {@code seqs} sequences of {@code t} tokens: p ← softmax of scale·q·kᵀ over keys 0 … i
     * per query i; pd ← p through dropout (mask drawn from {@code rng} per (sequence, head, query, key), t draws per
     * query including the masked keys, kept with probability 1 − drop and scaled by 1/(1 − drop); pd may be p when
     * rng is null); y ← pd·v per head. Every element of y is written.
     */
    void forward(
            float[] z,
            float[] y,
            float[] p,
            float[] pd,
            int seqs,
            int heads,
            int headSize,
            int t,
            float scale,
            SplittableRandom rng,
            double drop);

    /**
     * Attention backward from the weights of {@link #forward}: dz's query, key and value rows ← the gradients from
     * dy (every element of dz is written).
     */
    void backward(
            float[] z,
            float[] dy,
            float[] dz,
            float[] p,
            float[] pd,
            int seqs,
            int heads,
            int headSize,
            int t,
            float scale);

    private static AttentionKernels load() {
        return VectorApi.load(AttentionKernels.class, "VectorAttentionKernels", AttentionKernels::works, null);
    }

    /** One token, one head: the weight is 1 and y is v, dv is dy (a check that the SIMD classes link and run). */
    private static boolean works(AttentionKernels k) {
        int d = 2;
        float[] z = {0.5f, -1f, 2f, 0.25f, 3f, -4f};
        float[] p = new float[k.stride(1)];
        float[] y = new float[d];
        k.forward(z, y, p, p, 1, 1, d, 1, 1f, null, 0);
        float[] dz = new float[3 * d];
        k.backward(z, new float[] {1f, 2f}, dz, p, p, 1, 1, d, 1, 1f);
        return p[0] == 1f && y[0] == 3f && y[1] == -4f && dz[4] == 1f && dz[5] == 2f && dz[0] == 0f && dz[2] == 0f;
    }
}
