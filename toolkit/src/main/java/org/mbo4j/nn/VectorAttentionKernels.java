package org.mbo4j.nn;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link AttentionKernels} on the JDK's Vector API (the platform's widest float vectors: 16 lanes with AVX-512).
 * Per (sequence, head) the head's queries, keys and values are copied to small blocks with the head size padded
 * with zeros to a whole number of vectors (Dp), the keys and values also transposed (Dp rows of the padded token
 * count); all loops then run on whole vectors. Loaded only through {@link AttentionKernels#INSTANCE}.
 */
final class VectorAttentionKernels implements AttentionKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector IOTA = iota();

    private static FloatVector iota() {
        float[] v = new float[L];
        for (int i = 0; i < L; i++) v[i] = i;
        return FloatVector.fromArray(S, v, 0);
    }

    private static int roundUp(int n) {
        return (n + L - 1) / L * L;
    }

    @Override
    public int stride(int t) {
        return roundUp(t);
    }

    /** Per-call blocks for one (sequence, head). */
    private static final class Blocks {
        final int dp;
        final int tp;
        final float[] q; // T × Dp, token-major
        final float[] k;
        final float[] v;
        final float[] kt; // Dp × Tp (keys transposed)
        final float[] vt;
        final float[] dy; // T × Dp
        final float[] ds; // T × Tp
        final float[] dq; // T × Dp
        final float[] dk;
        final float[] dv;

        Blocks(int headSize, int t) {
            dp = roundUp(headSize);
            tp = roundUp(t);
            q = new float[t * dp];
            k = new float[t * dp];
            v = new float[t * dp];
            kt = new float[dp * tp];
            vt = new float[dp * tp];
            dy = new float[t * dp];
            ds = new float[t * tp];
            dq = new float[t * dp];
            dk = new float[t * dp];
            dv = new float[t * dp];
        }

        /** Copies sequence s's query, key and value rows of head h from z (and the transposed keys, values). */
        void gather(float[] z, int s, int h, int embed, int headSize, int t, boolean transposeValues) {
            int ld = 3 * embed;
            for (int i = 0; i < t; i++) {
                int base = (s * t + i) * ld + h * headSize;
                int o = i * dp;
                System.arraycopy(z, base, q, o, headSize);
                System.arraycopy(z, base + embed, k, o, headSize);
                System.arraycopy(z, base + 2 * embed, v, o, headSize);
                for (int c = 0; c < headSize; c++) {
                    kt[c * tp + i] = z[base + embed + c];
                    if (transposeValues) vt[c * tp + i] = z[base + 2 * embed + c];
                }
            }
        }
    }

    @Override
    public void forward(
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
            double drop) {
        int embed = heads * headSize;
        int tp = roundUp(t);
        boolean dropping = rng != null && drop > 0;
        double keepScale = dropping ? 1 / (1 - drop) : 1;
        if (dropping) {
            // the masks first, drawn in the serial order (sequence, head, query, all t keys) and kept in pd as
            // 1 or 0 for the keys the vectors cover; then every (sequence, head) is independent
            long threshold = Dropout.threshold(drop);
            for (int sh = 0; sh < seqs * heads; sh++) {
                for (int i = 0; i < t; i++) {
                    int row = sh * t * tp + i * tp;
                    int end = Math.min(t, (i / L + 1) * L);
                    for (int j = 0; j < end; j++) pd[row + j] = Dropout.kept(rng, threshold) ? 1f : 0f;
                    for (int j = end; j < t; j++) rng.nextLong(); // the masked keys' draws, unused
                }
            }
        }
        int tasks = seqs * heads;
        long work = (long) tasks * t * t * headSize;
        int parts = Math.min(JavaThreads.COUNT, tasks);
        JavaThreads.forEach(parts, work, part -> {
            Blocks b = new Blocks(headSize, t);
            int dp = b.dp;
            float[] out = new float[dp];
            for (int sh = tasks * part / parts; sh < tasks * (part + 1) / parts; sh++) {
                int s = sh / heads, h = sh % heads;
                b.gather(z, s, h, embed, headSize, t, false);
                int blk = sh * t * tp;
                for (int i = 0; i < t; i++) {
                    int row = blk + i * tp;
                    int chunks = i / L + 1; // vectors of keys covering 0 … i
                    softmaxRow(b, p, row, i, chunks, headSize, scale);
                    if (dropping) {
                        int end = Math.min(t, chunks * L);
                        for (int j = 0; j < end; j++) {
                            pd[row + j] = pd[row + j] != 0f ? (float) (p[row + j] * keepScale) : 0f;
                        }
                    }
                    // y_i = Σ_{j ≤ i} pd[i, j] v_j
                    for (int c = 0; c < dp; c += L) {
                        accumulate(pd, row, 1, b.v, c, dp, 0, i + 1).intoArray(out, c);
                    }
                    System.arraycopy(out, 0, y, (s * t + i) * embed + h * headSize, headSize);
                }
            }
        });
    }

    /** p[row, 0 … chunks·L) ← softmax over keys 0 … i of scale·q_i·k_j, zero after key i. */
    private static void softmaxRow(Blocks b, float[] p, int row, int i, int chunks, int headSize, float scale) {
        int tp = b.tp, qo = i * b.dp;
        FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int jc = 0; jc < chunks; jc++) {
            int j0 = jc * L;
            FloatVector acc = FloatVector.zero(S);
            for (int c = 0; c < headSize; c++) {
                acc = FloatVector.fromArray(S, b.kt, c * tp + j0).fma(FloatVector.broadcast(S, b.q[qo + c]), acc);
            }
            acc = acc.mul(scale);
            if (jc == chunks - 1) acc = acc.blend(Float.NEGATIVE_INFINITY, IOTA.compare(VectorOperators.GT, i - j0));
            acc.intoArray(p, row + j0);
            max = max.max(acc);
        }
        float m = max.reduceLanes(VectorOperators.MAX);
        FloatVector sum = FloatVector.zero(S);
        for (int jc = 0; jc < chunks; jc++) {
            int j0 = row + jc * L;
            FloatVector e =
                    VectorFloatKernels.exp(FloatVector.fromArray(S, p, j0).sub(m));
            e.intoArray(p, j0);
            sum = sum.add(e);
        }
        float total = sum.reduceLanes(VectorOperators.ADD);
        for (int jc = 0; jc < chunks; jc++) {
            int j0 = row + jc * L;
            FloatVector.fromArray(S, p, j0).div(total).intoArray(p, j0);
        }
    }

    /**
     * Σ_{j ∈ [from, to)} w[wo + j·ws] · x[j·dx + c … + L): a weighted sum of rows of x (lanes c … c + L − 1), in four
     * interleaved partial sums.
     */
    private static FloatVector accumulate(float[] w, int wo, int ws, float[] x, int c, int dx, int from, int to) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int j = from;
        for (; j + 3 < to; j += 4) {
            a0 = FloatVector.fromArray(S, x, j * dx + c).fma(FloatVector.broadcast(S, w[wo + j * ws]), a0);
            a1 = FloatVector.fromArray(S, x, (j + 1) * dx + c).fma(FloatVector.broadcast(S, w[wo + (j + 1) * ws]), a1);
            a2 = FloatVector.fromArray(S, x, (j + 2) * dx + c).fma(FloatVector.broadcast(S, w[wo + (j + 2) * ws]), a2);
            a3 = FloatVector.fromArray(S, x, (j + 3) * dx + c).fma(FloatVector.broadcast(S, w[wo + (j + 3) * ws]), a3);
        }
        for (; j < to; j++)
            a0 = FloatVector.fromArray(S, x, j * dx + c).fma(FloatVector.broadcast(S, w[wo + j * ws]), a0);
        return a0.add(a1).add(a2.add(a3));
    }

    @Override
    public void backward(
            float[] z,
            float[] dyAll,
            float[] dz,
            float[] p,
            float[] pd,
            int seqs,
            int heads,
            int headSize,
            int t,
            float scale) {
        int embed = heads * headSize, ld = 3 * embed;
        int tasks = seqs * heads;
        int parts = Math.min(JavaThreads.COUNT, tasks);
        // every (sequence, head) writes its own rows of dz: split across threads, each one's arithmetic unchanged
        JavaThreads.forEach(parts, (long) tasks * t * t * headSize, part -> {
            Blocks b = new Blocks(headSize, t);
            for (int sh = tasks * part / parts; sh < tasks * (part + 1) / parts; sh++) {
                backward(b, z, dyAll, dz, p, pd, sh / heads, sh % heads, heads, headSize, t, scale, ld);
            }
        });
    }

    /** The backward of one (sequence s, head h). */
    private static void backward(
            Blocks b,
            float[] z,
            float[] dyAll,
            float[] dz,
            float[] p,
            float[] pd,
            int s,
            int h,
            int heads,
            int headSize,
            int t,
            float scale,
            int ld) {
        int embed = heads * headSize;
        int dp = b.dp, tp = b.tp;
        b.gather(z, s, h, embed, headSize, t, true);
        for (int i = 0; i < t; i++) {
            System.arraycopy(dyAll, (s * t + i) * embed + h * headSize, b.dy, i * dp, headSize);
        }
        int blk = (s * heads + h) * t * tp;
        for (int i = 0; i < t; i++) {
            int row = blk + i * tp, chunks = i / L + 1, dyo = i * dp;
            // dA_ij = dy_i · v_j; through the dropout mask: g_ij = dA_ij·pd_ij (= dA'·p); dS = g − p·Σ g
            FloatVector dot = FloatVector.zero(S);
            for (int jc = 0; jc < chunks; jc++) {
                int j0 = jc * L;
                FloatVector acc = FloatVector.zero(S);
                for (int c = 0; c < headSize; c++) {
                    acc = FloatVector.fromArray(S, b.vt, c * tp + j0).fma(FloatVector.broadcast(S, b.dy[dyo + c]), acc);
                }
                FloatVector g = acc.mul(FloatVector.fromArray(S, pd, row + j0));
                g.intoArray(b.ds, i * tp + j0);
                dot = dot.add(g);
            }
            float total = dot.reduceLanes(VectorOperators.ADD);
            for (int jc = 0; jc < chunks; jc++) {
                int j0 = jc * L, at = i * tp + j0;
                FloatVector g = FloatVector.fromArray(S, b.ds, at);
                g.sub(FloatVector.fromArray(S, p, row + j0).mul(total))
                        .mul(scale)
                        .intoArray(b.ds, at);
            }
            // dq_i = scale Σ_{j ≤ i} dS_ij k_j (scale already in ds)
            for (int c = 0; c < dp; c += L) {
                accumulate(b.ds, i * tp, 1, b.k, c, dp, 0, i + 1).intoArray(b.dq, dyo + c);
            }
        }
        for (int j = 0; j < t; j++) {
            // dk_j = scale Σ_{i ≥ j} dS_ij q_i; dv_j = Σ_{i ≥ j} pd_ij dy_i
            for (int c = 0; c < dp; c += L) {
                accumulate(b.ds, j, tp, b.q, c, dp, j, t).intoArray(b.dk, j * dp + c);
                accumulate(pd, blk + j, tp, b.dy, c, dp, j, t).intoArray(b.dv, j * dp + c);
            }
        }
        for (int i = 0; i < t; i++) {
            int base = (s * t + i) * ld + h * headSize, o = i * dp;
            System.arraycopy(b.dq, o, dz, base, headSize);
            System.arraycopy(b.dk, o, dz, base + embed, headSize);
            System.arraycopy(b.dv, o, dz, base + 2 * embed, headSize);
        }
    }
}
