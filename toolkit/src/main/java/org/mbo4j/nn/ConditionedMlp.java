package org.mbo4j.nn;

import java.nio.ByteBuffer;
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
 * MINs' conditioned network ("a layer of the neural net with two pathways", design-baselines
 * {@code design_baselines/mins/nets.py}: {@code Discriminator} lines 116-177, {@code DiscreteGenerator} lines 480-541,
 * {@code ContinuousGenerator} lines 662-746): a scalar condition y is embedded linearly, e = y·wₑ + bₑ (Keras
 * {@code Dense(hidden)} without activation, {@code embed_0}), and every dense layer, the output layer included, reads
 * its input concatenated with e: zₗ = [aₗ, e]·Wₗ + bₗ. Hidden layers apply LayerNormalization over their units
 * (population variance, ε = 1e-3 as Keras' default, γ = 1 and β = 0 at the start) and then LeakyReLU; the output is
 * linear. Weights are Glorot-uniform on each dense layer's own fan-in (d + E for the first, hₗ + E for the others, E
 * the embedding width; 1 for the embedding), biases zero, as Keras' {@code Dense}; drawn in the order embedding, layer
 * 0, 1, … from {@code seed}.
 *
 * <p>Besides first-order backpropagation the network computes, for a critic's gradient penalty, the exact weight
 * gradient of Σᵢ vᵢ·∇ₓD(xᵢ, yᵢ) with the directions vᵢ held fixed ({@link #addTangentWeightGradients}): a forward-mode
 * pass of the tangents ẋ = v (the embedding's tangent is 0: e does not depend on x) followed by reverse mode through
 * both the tangent and the primal values, since the LayerNorm's Jacobian depends on its input. Per hidden layer, with
 * n the normalised units, σ the row's √(var + ε), R = ∂T/∂ṅ and N the other adjoint of n:
 * ż̄ = (R − m(R) − n·m(n⊙R))/σ, N += −(R·m(n⊙ż) + ż·m(R⊙n))/σ, S = −⟨R, ṅ⟩/σ and
 * z̄ = (N − m(N) − n·m(N⊙n))/σ + S·n/H (m the mean over the H units); LeakyReLU's slope has derivative 0 away from 0,
 * as in TensorFlow's double backward. Without normalisation the primal adjoints vanish and this reduces to
 * {@link Mlp#addTangentWeightGradients}.
 *
 * <p>All parameters live in one flat buffer ({@link #flatParameters}): [wₑ; bₑ] (2 × E), then per dense layer
 * [Wₗ; bₗ] ((nₗ + E + 1) × outₗ, F-order, the a-rows first, then the e-rows, then the bias) followed, for a
 * normalised hidden layer, by γₗ and βₗ. Designs and outputs are column-major (F-order) double arrays, B rows.
 * {@link #forward} caches the batch for {@link #backward} and {@link #addTangentWeightGradients}. Not thread-safe.
 */
public final class ConditionedMlp implements ConditionedNetwork {
    /** Keras' {@code LayerNormalization} default ε. */
    public static final double KERAS_LAYER_NORM_EPS = 1e-3;

    private final int inputs;
    private final int embed;
    private final int[] widths;
    private final int outputs;
    private final double slope;
    private final boolean layerNorm;
    private final double eps;
    private final DataType type;
    private final INDArray flat;
    private final INDArray flatGrad;
    private final INDArray[] wb;
    private final INDArray[] dwb;
    private final INDArray[] wa;
    private final INDArray[] dwa;
    private final long[] wbOff;
    private final long[] gammaOff;
    private final long[] betaOff;
    private final List<Param> params;
    private final Map<Integer, Workspace> workspaces = new HashMap<>();
    private Workspace last;
    private boolean tangentReady;

    private ConditionedMlp(
            int inputs, int embed, int[] widths, int outputs, double slope, boolean layerNorm, double eps, DataType t) {
        this.inputs = inputs;
        this.embed = embed;
        this.widths = widths.clone();
        this.outputs = outputs;
        this.slope = slope;
        this.layerNorm = layerNorm;
        this.eps = eps;
        this.type = t;
        int layers = widths.length + 1;
        long total = 2L * embed;
        for (int l = 0; l < layers; l++) {
            total += (long) (in(l) + embed + 1) * out(l);
            if (l < layers - 1 && layerNorm) total += 2L * out(l);
        }
        flat = Nd4j.create(t, total);
        flatGrad = Nd4j.create(t, total);
        wb = new INDArray[layers];
        dwb = new INDArray[layers];
        wa = new INDArray[layers];
        dwa = new INDArray[layers];
        wbOff = new long[layers];
        gammaOff = new long[layers - 1];
        betaOff = new long[layers - 1];
        long off = 2L * embed;
        for (int l = 0; l < layers; l++) {
            int rows = in(l) + embed + 1;
            wbOff[l] = off;
            wb[l] = view(flat, off, rows, out(l));
            dwb[l] = view(flatGrad, off, rows, out(l));
            wa[l] = wb[l].get(NDArrayIndex.interval(0, in(l)), NDArrayIndex.all());
            dwa[l] = dwb[l].get(NDArrayIndex.interval(0, in(l)), NDArrayIndex.all());
            off += (long) rows * out(l);
            if (l < layers - 1 && layerNorm) {
                gammaOff[l] = off;
                off += out(l);
                betaOff[l] = off;
                off += out(l);
            }
        }
        params = List.of(new Param("conditioned", flat, flatGrad));
    }

    private static INDArray view(INDArray flat, long off, int rows, int cols) {
        return flat.get(NDArrayIndex.interval(off, off + (long) rows * cols)).reshape('f', rows, cols);
    }

    /**
     * A network of {@code inputs} values and one condition to {@code outputs} values.
     *
     * @param embed the embedding width E (MINs: {@code hidden})
     * @param hidden hidden widths (MINs: three layers, {@code dense_0} … {@code dense_2} of nets.py lines 120-135 and
     *     484-499, of {@code hidden_size} 1024, design_baselines/mins/experiments.py line 434)
     * @param slope LeakyReLU slope (MINs: 0.2, nets.py lines 170-175 and 531-536)
     * @param layerNorm LayerNormalization before each hidden activation (MINs: yes)
     */
    public static ConditionedMlp of(
            int inputs,
            int embed,
            List<Integer> hidden,
            int outputs,
            double slope,
            boolean layerNorm,
            DataType type,
            long seed) {
        if (inputs < 1 || embed < 1 || outputs < 1) {
            throw new IllegalArgumentException("a conditioned network needs ≥ 1 input, embedding unit and output, got "
                    + inputs + ", " + embed + ", " + outputs);
        }
        int[] widths = hidden.stream().mapToInt(Integer::intValue).toArray();
        for (int h : widths) if (h < 1) throw new IllegalArgumentException("hidden widths must be ≥ 1, got " + hidden);
        if (!(slope >= 0 && slope < 1)) throw new IllegalArgumentException("slope must be in [0, 1), got " + slope);
        ConditionedMlp m = new ConditionedMlp(
                inputs, embed, widths, outputs, slope, layerNorm, KERAS_LAYER_NORM_EPS, Tensors.floatOrDouble(type));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] we = uniform(rng, 1, embed, Init.GLOROT_UNIFORM.weightLimit(1, embed), m.type)
                .toDoubleVector();
        double[] emb = new double[2 * embed]; // [wₑ; bₑ] column by column, bₑ = 0
        for (int j = 0; j < embed; j++) emb[2 * j] = we[j];
        put(m.flat, 0, emb);
        for (int l = 0; l < m.wb.length; l++) {
            int fanIn = m.in(l) + embed;
            m.wb[l]
                    .get(NDArrayIndex.interval(0, fanIn), NDArrayIndex.all())
                    .assign(uniform(rng, fanIn, m.out(l), Init.GLOROT_UNIFORM.weightLimit(fanIn, m.out(l)), m.type));
            if (l < m.gammaOff.length && layerNorm) {
                double[] ones = new double[m.out(l)];
                Arrays.fill(ones, 1.0);
                put(m.flat, m.gammaOff[l], ones);
            }
        }
        return m;
    }

    private static INDArray uniform(SplittableRandom rng, int rows, int cols, double limit, DataType type) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = (2 * rng.nextDouble() - 1) * limit;
        return Nd4j.create(v, new long[] {rows, cols}, 'f').castTo(type);
    }

    /** Values per row of the a-part of dense layer l's input: d, then the hidden widths. */
    private int in(int l) {
        return l == 0 ? inputs : widths[l - 1];
    }

    private int out(int l) {
        return l == widths.length ? outputs : widths[l];
    }

    @Override
    public int inputSize() {
        return inputs;
    }

    @Override
    public int outputSize() {
        return outputs;
    }

    public int embeddingSize() {
        return embed;
    }

    public boolean layerNorm() {
        return layerNorm;
    }

    public DataType dataType() {
        return type;
    }

    /** The flat parameter vector (layout in the class comment). */
    @Override
    public INDArray flatParameters() {
        return flat;
    }

    @Override
    public List<Param> parameters() {
        return params;
    }

    /** Outputs for rows {@code x} (B × d, column-major) under conditions {@code y} (B values); caches the batch. */
    @Override
    public double[] forward(double[] x, double[] y) {
        int b = y.length;
        if (b < 1) throw new IllegalArgumentException("a batch needs ≥ 1 row");
        if (x.length != (long) b * inputs) {
            throw new IllegalArgumentException(x.length + " input values for " + b + " × " + inputs + " rows");
        }
        Workspace ws = workspaces.computeIfAbsent(b, Workspace::new);
        double[] emb = get(flat, 0, 2 * embed, new double[2 * embed], ws.f);
        if (!Arrays.equals(emb, ws.emb) || !Arrays.equals(y, ws.y)) { // e = y·wₑ + bₑ into every layer's input
            double[] e = ws.e;
            for (int j = 0; j < embed; j++) {
                for (int i = 0; i < b; i++) e[j * b + i] = y[i] * emb[2 * j] + emb[2 * j + 1];
            }
            for (int l = 0; l < wb.length; l++) put(ws.in[l], (long) in(l) * b, e, e.length, ws.f);
            ws.emb = emb;
            ws.y = y.clone();
        }
        put(ws.in[0], 0, x, x.length, ws.f);
        int top = wb.length - 1;
        for (int l = 0; l <= top; l++) {
            Gemm.gemm(ws.in[l], wb[l], ws.z[l], false, false, 1.0, 0.0); // [a, e, 1]·[W; b]
            if (l == top) break;
            int h = out(l), len = b * h;
            double[] u = ws.u[l];
            get(ws.z[l], 0, len, u, ws.f);
            if (layerNorm) normalise(ws, l, u);
            double[] a = ws.s[0];
            for (int k = 0; k < len; k++) a[k] = u[k] > 0 ? u[k] : slope * u[k];
            put(ws.in[l + 1], 0, a, len, ws.f);
        }
        last = ws;
        tangentReady = false;
        return get(ws.z[top], 0, b * outputs, new double[b * outputs], ws.f);
    }

    /**
     * In place on z (becoming u): per row n = (z − μ)/√(var + ε) over the h units (population variance), kept with
     * 1/√(var + ε), then u = γ⊙n + β.
     */
    private void normalise(Workspace ws, int l, double[] z) {
        int b = ws.b, h = out(l);
        double[] mu = new double[b], var = new double[b], rs = ws.rs[l], n = ws.n[l];
        for (int j = 0; j < h; j++) for (int i = 0; i < b; i++) mu[i] += z[j * b + i];
        for (int i = 0; i < b; i++) mu[i] /= h;
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < b; i++) {
                double c = z[j * b + i] - mu[i];
                var[i] += c * c;
            }
        }
        for (int i = 0; i < b; i++) rs[i] = 1 / Math.sqrt(var[i] / h + eps);
        double[] g = get(flat, gammaOff[l], h, new double[h], ws.f), bt = get(flat, betaOff[l], h, new double[h], ws.f);
        for (int j = 0; j < h; j++) {
            double gj = g[j], bj = bt[j];
            for (int i = 0; i < b; i++) {
                int k = j * b + i;
                double nk = (z[k] - mu[i]) * rs[i];
                n[k] = nk;
                z[k] = gj * nk + bj;
            }
        }
    }

    /**
     * Back-propagates dLoss/dOut (B × outputs, column-major) of the last {@link #forward}: adds the weight gradients
     * when {@code weightGrads}; returns dLoss/dx (B × d) when {@code inputGrads}, else null.
     */
    @Override
    public double[] backward(double[] dOut, boolean weightGrads, boolean inputGrads) {
        Workspace ws = requireForward();
        int b = ws.b;
        if (dOut.length != (long) b * outputs) {
            throw new IllegalArgumentException(dOut.length + " output gradients for " + b + " × " + outputs);
        }
        double[] de = ws.de;
        if (weightGrads) Arrays.fill(de, 0);
        double[] da = ws.s[1]; // dLoss/da of the layer below, then of the input
        for (int l = wb.length - 1; l >= 0; l--) {
            if (l == wb.length - 1) put(ws.dz[l], 0, dOut, dOut.length, ws.f);
            else put(ws.dz[l], 0, hiddenBackward(ws, l, da, weightGrads), b * out(l), ws.f);
            if (weightGrads) Gemm.gemm(ws.in[l], ws.dz[l], dwb[l], true, false, 1.0, 1.0);
            if (l == 0 && !inputGrads && !weightGrads) break;
            int na = in(l) * b;
            if (!weightGrads) { // the embedding's gradient is not needed: the a-rows only
                Gemm.gemm(ws.dz[l], wa[l], ws.ta[l], false, true, 1.0, 0.0);
                get(ws.ta[l], 0, na, da, ws.f);
                continue;
            }
            Gemm.gemm(ws.dz[l], wb[l], ws.dIn[l], false, true, 1.0, 0.0);
            get(ws.dIn[l], 0, na + de.length, da, ws.f);
            for (int k = 0; k < de.length; k++) de[k] += da[na + k];
        }
        if (weightGrads) addEmbeddingGradients(ws, de);
        return inputGrads ? Arrays.copyOf(da, inputs * b) : null;
    }

    /** dLoss/dzₗ of hidden layer l from dLoss/daₗ₊₁ (into a scratch buffer); adds γ's and β's gradients when asked. */
    private double[] hiddenBackward(Workspace ws, int l, double[] da, boolean weightGrads) {
        int b = ws.b, h = out(l), len = b * h;
        double[] u = ws.u[l];
        double[] du = ws.s[2];
        for (int k = 0; k < len; k++) du[k] = u[k] > 0 ? da[k] : slope * da[k];
        if (!layerNorm) return du;
        double[] n = ws.n[l];
        if (weightGrads) {
            double[] dg = new double[h], db = new double[h];
            for (int j = 0; j < h; j++) {
                double sg = 0, sb = 0;
                for (int i = 0; i < b; i++) {
                    sg += du[j * b + i] * n[j * b + i];
                    sb += du[j * b + i];
                }
                dg[j] = sg;
                db[j] = sb;
            }
            add(flatGrad, gammaOff[l], dg, ws.f);
            add(flatGrad, betaOff[l], db, ws.f);
        }
        double[] g = get(flat, gammaOff[l], h, new double[h], ws.f);
        for (int j = 0; j < h; j++) {
            double gj = g[j];
            for (int i = 0; i < b; i++) du[j * b + i] *= gj;
        }
        return normaliseBackward(du, n, ws.rs[l], b, h, ws.s[3]);
    }

    /**
     * (dn − m(dn) − n·m(dn⊙n))/σ per row into {@code out}: the adjoint (or, the Jacobian being symmetric, the tangent)
     * through n(z).
     */
    private static double[] normaliseBackward(double[] dn, double[] n, double[] rs, int b, int h, double[] out) {
        double[] m1 = new double[b], m2 = new double[b];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < b; i++) {
                m1[i] += dn[j * b + i];
                m2[i] += dn[j * b + i] * n[j * b + i];
            }
        }
        for (int i = 0; i < b; i++) {
            m1[i] /= h;
            m2[i] /= h;
        }
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < b; i++) {
                int k = j * b + i;
                out[k] = (dn[k] - m1[i] - n[k] * m2[i]) * rs[i];
            }
        }
        return out;
    }

    private void addEmbeddingGradients(Workspace ws, double[] de) {
        int b = ws.b;
        double[] both = new double[2 * embed]; // [∂wₑ; ∂bₑ] column by column
        for (int j = 0; j < embed; j++) {
            double dw = 0, db = 0;
            for (int i = 0; i < b; i++) {
                dw += ws.y[i] * de[j * b + i];
                db += de[j * b + i];
            }
            both[2 * j] = dw;
            both[2 * j + 1] = db;
        }
        add(flatGrad, 0, both, ws.f);
    }

    /**
     * ∇ₓ of the single output at rows {@code x} under {@code y} (B × d, column-major): a forward pass and a backward
     * pass of ones without weight gradients. Afterwards {@link #addTangentWeightGradients} may follow for these rows.
     */
    @Override
    public double[] inputGradient(double[] x, double[] y) {
        if (outputs != 1) throw new IllegalStateException("input gradients of the output need a single output");
        forward(x, y);
        double[] ones = new double[y.length];
        Arrays.fill(ones, 1.0);
        double[] g = backward(ones, false, true);
        tangentReady = true;
        return g;
    }

    /**
     * Adds ∂/∂θ Σᵢ vᵢ·∇ₓD(xᵢ, yᵢ) to the gradients, for the rows of the last {@link #inputGradient} (exact; the method
     * in the class comment).
     *
     * @param v the directions, B × d column-major
     */
    @Override
    public void addTangentWeightGradients(double[] v) {
        Workspace ws = requireForward();
        if (!tangentReady) throw new IllegalStateException("call inputGradient first (it records the rows)");
        int b = ws.b;
        if (v.length != (long) b * inputs) {
            throw new IllegalArgumentException(v.length + " direction values for " + b + " × " + inputs + " rows");
        }
        int top = wb.length - 1;
        // forward mode: ȧ₀ = v; żₗ = ȧₗ·Wₗ^(a); ṅ = J(z)·ż; u̇ = γ⊙ṅ; ȧₗ₊₁ = s(u)⊙u̇
        double[][] ta = ws.ta_;
        double[][] tz = ws.tz;
        double[][] tn = ws.tn;
        System.arraycopy(v, 0, ta[0], 0, v.length);
        for (int l = 0; l < top; l++) {
            int h = out(l), len = b * h;
            put(ws.ta[l], 0, ta[l], in(l) * b, ws.f);
            Gemm.gemm(ws.ta[l], wa[l], ws.z[l], false, false, 1.0, 0.0); // z[l] reused as scratch for ż
            get(ws.z[l], 0, len, tz[l], ws.f);
            double[] u = ws.u[l], next = ta[l + 1];
            if (layerNorm) {
                normaliseBackward(tz[l], ws.n[l], ws.rs[l], b, h, tn[l]);
                double[] g = get(flat, gammaOff[l], h, new double[h], ws.f);
                for (int j = 0; j < h; j++) {
                    double gj = g[j];
                    for (int i = 0; i < b; i++) {
                        int k = j * b + i;
                        double tu = gj * tn[l][k];
                        next[k] = u[k] > 0 ? tu : slope * tu;
                    }
                }
            } else {
                for (int k = 0; k < len; k++) next[k] = u[k] > 0 ? tz[l][k] : slope * tz[l][k];
            }
        }
        // reverse mode of T = Σᵢ Ḋᵢ = Σᵢ ȧ_top,ᵢ·W_top^(a)
        int nTop = in(top);
        double[] w0 = get(flat, wbOff[top], nTop, new double[nTop], ws.f); // W_top^(a): n_top × 1
        double[] colSum = new double[nTop];
        for (int j = 0; j < nTop; j++) {
            double c = 0;
            for (int i = 0; i < b; i++) c += ta[top][j * b + i];
            colSum[j] = c;
        }
        add(flatGrad, wbOff[top], colSum, ws.f);
        double[] tAdj = ws.s[0]; // ∂T/∂ȧ of the layer above
        for (int j = 0; j < nTop; j++) Arrays.fill(tAdj, j * b, (j + 1) * b, w0[j]);
        double[] pAdj = ws.s[1]; // ∂T/∂a (primal), 0 above the top hidden layer
        boolean primal = false;
        double[] de = ws.de;
        Arrays.fill(de, 0);
        double[] ru = ws.s[2], pu = ws.s[3], tzBar = ws.s[4], zBar = ws.s[5];
        for (int l = top - 1; l >= 0; l--) {
            int h = out(l), len = b * h;
            double[] u = ws.u[l];
            for (int k = 0; k < len; k++) ru[k] = u[k] > 0 ? tAdj[k] : slope * tAdj[k]; // ∂T/∂u̇
            double[] tzb = ru;
            if (layerNorm) {
                double[] n = ws.n[l], rs = ws.rs[l], tnl = tn[l], tzl = tz[l];
                double[] g = get(flat, gammaOff[l], h, new double[h], ws.f);
                if (primal) for (int k = 0; k < len; k++) pu[k] = u[k] > 0 ? pAdj[k] : slope * pAdj[k]; // ∂T/∂u
                else Arrays.fill(pu, 0, len, 0);
                double[] dg = new double[h], db = new double[h];
                double[] q = new double[b], rn = new double[b], sr = new double[b];
                for (int j = 0; j < h; j++) {
                    double gj = g[j], sg = 0, sb = 0;
                    for (int i = 0; i < b; i++) {
                        int k = j * b + i;
                        sg += ru[k] * tnl[k] + pu[k] * n[k];
                        sb += pu[k];
                        double r = ru[k] * gj; // ∂T/∂ṅ
                        ru[k] = r;
                        pu[k] *= gj; // ∂T/∂n through u
                        q[i] += n[k] * tzl[k];
                        rn[i] += r * n[k];
                        sr[i] += r * tnl[k];
                    }
                    dg[j] = sg;
                    db[j] = sb;
                }
                add(flatGrad, gammaOff[l], dg, ws.f);
                add(flatGrad, betaOff[l], db, ws.f);
                tzb = normaliseBackward(ru, n, rs, b, h, tzBar);
                for (int i = 0; i < b; i++) {
                    q[i] /= h;
                    rn[i] /= h;
                    sr[i] *= -rs[i];
                }
                for (int j = 0; j < h; j++) {
                    for (int i = 0; i < b; i++) {
                        int k = j * b + i;
                        pu[k] -= (ru[k] * q[i] + tzl[k] * rn[i]) * rs[i];
                    }
                }
                normaliseBackward(pu, n, rs, b, h, zBar);
                for (int j = 0; j < h; j++) for (int i = 0; i < b; i++) zBar[j * b + i] += sr[i] * n[j * b + i] / h;
            }
            // weight gradients: ȧᵀ·ż̄ (tangent, the a-rows only) and [a, e, 1]ᵀ·z̄ (primal)
            put(ws.dz[l], 0, tzb, len, ws.f);
            put(ws.ta[l], 0, ta[l], in(l) * b, ws.f);
            Gemm.gemm(ws.ta[l], ws.dz[l], dwa[l], true, false, 1.0, 1.0);
            if (l > 0) {
                Gemm.gemm(ws.dz[l], wa[l], ws.ta[l], false, true, 1.0, 0.0);
                get(ws.ta[l], 0, in(l) * b, tAdj, ws.f);
            }
            if (layerNorm) {
                put(ws.dz[l], 0, zBar, len, ws.f);
                Gemm.gemm(ws.in[l], ws.dz[l], dwb[l], true, false, 1.0, 1.0);
                Gemm.gemm(ws.dz[l], wb[l], ws.dIn[l], false, true, 1.0, 0.0);
                int na = in(l) * b;
                get(ws.dIn[l], 0, na + de.length, pAdj, ws.f);
                for (int k = 0; k < de.length; k++) de[k] += pAdj[na + k];
                primal = true;
            }
        }
        if (layerNorm) addEmbeddingGradients(ws, de);
    }

    private Workspace requireForward() {
        if (last == null) throw new IllegalStateException("call forward first");
        return last;
    }

    /**
     * {@code len} elements of a contiguous buffer from element {@code off} into {@code out} as doubles (one bulk copy
     * through the float scratch {@code f} for float32); returns {@code out}.
     */
    private static double[] get(INDArray buf, long off, int len, double[] out, float[] f) {
        if (!Tensors.hostContiguous(buf)) {
            for (int k = 0; k < len; k++) out[k] = buf.data().getDouble(buf.offset() + off + k);
            return out;
        }
        ByteBuffer bytes = Tensors.hostBytes(buf);
        if (buf.dataType() == DataType.FLOAT) {
            bytes.asFloatBuffer().get((int) off, f, 0, len);
            for (int k = 0; k < len; k++) out[k] = f[k];
        } else {
            bytes.asDoubleBuffer().get((int) off, out, 0, len);
        }
        return out;
    }

    /** Writes {@code len} values of {@code v} into a contiguous buffer from element {@code off} (rounded to its type). */
    private static void put(INDArray buf, long off, double[] v, int len, float[] f) {
        if (!Tensors.hostContiguous(buf)) {
            for (int k = 0; k < len; k++) buf.data().put(buf.offset() + off + k, v[k]);
            return;
        }
        ByteBuffer bytes = Tensors.hostBytes(buf);
        if (buf.dataType() == DataType.FLOAT) {
            for (int k = 0; k < len; k++) f[k] = (float) v[k];
            bytes.asFloatBuffer().put((int) off, f, 0, len);
        } else {
            bytes.asDoubleBuffer().put((int) off, v, 0, len);
        }
    }

    private static void put(INDArray buf, long off, double[] v) {
        put(buf, off, v, v.length, new float[v.length]);
    }

    /** buf[off + k] += v[k]. */
    private static void add(INDArray buf, long off, double[] v, float[] f) {
        double[] cur = get(buf, off, v.length, new double[v.length], f);
        for (int k = 0; k < v.length; k++) cur[k] += v[k];
        put(buf, off, cur, v.length, f);
    }

    /**
     * Buffers for one batch size: layer inputs in[l] = [a[l], e, 1] (B × (nₗ + E + 1), the ones column set once,
     * a[l] its first nₗ columns, e the next E), pre-activations z[l], gradients dz[l] and dIn[l], the tangents' scratch ta[l]
     * (B × nₗ), and per hidden layer the cached u, n and 1/σ.
     */
    private final class Workspace {
        final int b;
        final INDArray[] in;
        final INDArray[] z;
        final INDArray[] dz;
        final INDArray[] dIn;
        final INDArray[] ta;
        final double[][] u;
        final double[][] n;
        final double[][] rs;
        /** The tangents ȧₗ, żₗ and ṅₗ of {@link #addTangentWeightGradients}. */
        final double[][] ta_;

        final double[][] tz;
        final double[][] tn;
        /** Scratch of B × the widest layer input each, and the float32 staging of the bulk copies. */
        final double[][] s;

        final float[] f;
        final double[] e;
        final double[] de;
        double[] y;
        double[] emb;

        Workspace(int b) {
            this.b = b;
            int layers = wb.length;
            in = new INDArray[layers];
            z = new INDArray[layers];
            dz = new INDArray[layers];
            dIn = new INDArray[layers];
            ta = new INDArray[layers];
            u = new double[layers][];
            n = new double[layers][];
            rs = new double[layers][];
            ta_ = new double[layers][];
            tz = new double[layers][];
            tn = new double[layers][];
            int widest = 0;
            for (int l = 0; l < layers; l++) {
                int cols = in(l) + embed + 1;
                widest = Math.max(widest, Math.max(cols, out(l)));
                in[l] = Nd4j.create(type, new long[] {b, cols}, 'f');
                in[l].getColumn(cols - 1).assign(1);
                z[l] = Nd4j.create(type, new long[] {b, out(l)}, 'f');
                dz[l] = Nd4j.create(type, new long[] {b, out(l)}, 'f');
                dIn[l] = Nd4j.create(type, new long[] {b, cols}, 'f');
                ta[l] = Nd4j.create(type, new long[] {b, in(l)}, 'f');
                ta_[l] = new double[b * in(l)];
                if (l < layers - 1) {
                    u[l] = new double[b * out(l)];
                    n[l] = new double[b * out(l)];
                    rs[l] = new double[b];
                    tz[l] = new double[b * out(l)];
                    tn[l] = new double[b * out(l)];
                }
            }
            s = new double[6][b * widest];
            f = new float[b * widest];
            e = new double[b * embed];
            de = new double[b * embed];
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ConditionedMlp(" + inputs + " + y→" + embed);
        for (int w : widths) s.append(", ").append(w);
        return s.append(" → ")
                .append(outputs)
                .append(layerNorm ? ", LayerNorm" : "")
                .append(", LeakyReLU(")
                .append(slope)
                .append("), ")
                .append(type)
                .append(')')
                .toString();
    }
}
