package org.mbo4j.nn;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A listwise ranking loss for the shared {@link Trainer}'s batches of lists ({@link Trainer#fitLists}), as
 * Offline-RaM (Tan et al., "Offline Model-Based Optimization by Learning to Rank", ICLR 2025; code
 * {@code lamda-bbo/Offline-RaM}) computes it: for each list, with predictions s and targets t (column 0 of y,
 * objective 0 of the model) of its m rows, then the mean over the lists of the batch:
 * <pre>
 *   LISTNET     (losses/listnet.py 15–21):    p = softmax(s), q = softmax(t),   ℓ = −Σᵢ qᵢ·log(pᵢ + 1e−10)
 *   RANKCOSINE  (losses/rankcosine.py 14–29): a = s − mean(s), b = t − mean(t), ℓ = 1 − a·b / (‖a‖·‖b‖ + 1e−8)
 * </pre>
 * Gradients are exact, ε terms included: ListNet ∂ℓ/∂sᵢ = −qᵢrᵢ + pᵢΣⱼqⱼrⱼ with rⱼ = pⱼ/(pⱼ + 1e−10);
 * RankCosine ∂ℓ/∂a as the quotient rule gives it, centred (∂ℓ/∂s = ∂ℓ/∂a − mean ∂ℓ/∂a); a list whose
 * predictions are all equal (‖a‖ = 0) gets the limit of the ‖a‖ term, 0.
 *
 * <p>The authors' torch Adam has {@code weight_decay} 1e-5 ({@code config/default.yaml} 25), which adds λθ to
 * every parameter's gradient before the step; {@code weightDecay} does that here (the returned loss excludes it,
 * as torch's does). The lists of a batch are pushed through the model {@code maxRowsPerPass} rows at a time, with
 * the weight gradients accumulated: the paper's batch, 128 lists of 1000, is 128,000 rows, whose activations at
 * width 2048 would need about 1 GB each; the result is the whole batch's gradient (up to float summation order).
 */
public final class RankingLoss implements TrainingLoss<Regressor> {
    /** The listwise losses of Offline-RaM's main table. */
    public enum Kind {
        /** Top-one softmax cross-entropy (Cao et al. 2007). */
        LISTNET,
        /** One minus the cosine of the centred predictions and targets of a list (their Pearson correlation). */
        RANKCOSINE;

        /** The name Offline-RaM's {@code --loss} option uses. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Rows per forward/backward pass by default: 16 lists of 1000 (about 131 MB per activation buffer at width 2048). */
    public static final int DEFAULT_ROWS_PER_PASS = 16_000;

    static final double LISTNET_EPS = 1e-10;
    static final double RANKCOSINE_EPS = 1e-8;

    private final Kind kind;
    private final double weightDecay;
    private final int maxRowsPerPass;

    /**
     * @param kind           the loss
     * @param weightDecay    λ added as λθ to every gradient (torch Adam's {@code weight_decay}; ≥ 0)
     * @param maxRowsPerPass most rows per model pass (whole lists are kept together; at least one list per pass)
     */
    public RankingLoss(Kind kind, double weightDecay, int maxRowsPerPass) {
        if (kind == null) throw new IllegalArgumentException("the ranking loss must be listnet or rankcosine");
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("the weight decay must be a finite number ≥ 0, got " + weightDecay);
        }
        if (maxRowsPerPass < 1) {
            throw new IllegalArgumentException("rows per pass must be ≥ 1, got " + maxRowsPerPass);
        }
        this.kind = kind;
        this.weightDecay = weightDecay;
        this.maxRowsPerPass = maxRowsPerPass;
    }

    /** The loss without weight decay, {@link #DEFAULT_ROWS_PER_PASS} rows per pass. */
    public RankingLoss(Kind kind) {
        this(kind, 0, DEFAULT_ROWS_PER_PASS);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public double lossAndGradients(Regressor model, Batch batch) {
        double l = run(model, batch, true);
        if (weightDecay > 0) {
            model.settleGrad();
            for (Param p : model.parameters()) p.grad().addi(p.value().mul(weightDecay));
        }
        return l;
    }

    @Override
    public double loss(Regressor model, Batch batch) {
        return run(model, batch, false);
    }

    private double run(Regressor model, Batch batch, boolean gradients) {
        int m = batch.listLength();
        int lists = batch.examples();
        int perPass = Math.max(1, maxRowsPerPass / m);
        double total = 0;
        for (int first = 0; first < lists; first += perPass) {
            int count = Math.min(perPass, lists - first);
            INDArray x = batch.x().get(NDArrayIndex.interval((long) first * m, (long) (first + count) * m));
            INDArray pred = model.forward(x);
            double[] s = column(pred);
            double[] t = column(batch.y().get(NDArrayIndex.interval((long) first * m, (long) (first + count) * m)));
            double[] ds = new double[s.length];
            for (int j = 0; j < count; j++) total += list(kind, s, t, j * m, m, ds, 1.0 / lists);
            if (gradients) {
                INDArray seed = Nd4j.create(pred.dataType(), pred.shape(), 'f');
                INDArray col = Nd4j.create(ds, new long[] {ds.length, 1}, DataType.DOUBLE)
                        .castTo(pred.dataType());
                seed.getColumn(0).assign(col);
                model.backward(seed, true, false);
            }
        }
        return total / lists;
    }

    private static double[] column(INDArray a) {
        int n = (int) a.rows();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = a.getDouble(i, 0);
        return out;
    }

    /**
     * The loss of one list (rows {@code off … off + m − 1} of s and t); writes {@code scale}·∂ℓ/∂s into those rows
     * of {@code ds}.
     */
    static double list(Kind kind, double[] s, double[] t, int off, int m, double[] ds, double scale) {
        return kind == Kind.LISTNET ? listNet(s, t, off, m, ds, scale) : rankCosine(s, t, off, m, ds, scale);
    }

    private static double listNet(double[] s, double[] t, int off, int m, double[] ds, double scale) {
        double[] p = softmax(s, off, m);
        double[] q = softmax(t, off, m);
        double loss = 0;
        double qr = 0;
        double[] r = new double[m];
        for (int i = 0; i < m; i++) {
            loss -= q[i] * Math.log(p[i] + LISTNET_EPS);
            r[i] = p[i] / (p[i] + LISTNET_EPS);
            qr += q[i] * r[i];
        }
        for (int i = 0; i < m; i++) ds[off + i] = scale * (-q[i] * r[i] + p[i] * qr);
        return loss;
    }

    private static double[] softmax(double[] v, int off, int m) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) max = Math.max(max, v[off + i]);
        double[] e = new double[m];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            e[i] = Math.exp(v[off + i] - max);
            sum += e[i];
        }
        for (int i = 0; i < m; i++) e[i] /= sum;
        return e;
    }

    private static double rankCosine(double[] s, double[] t, int off, int m, double[] ds, double scale) {
        double ms = 0;
        double mt = 0;
        for (int i = 0; i < m; i++) {
            ms += s[off + i];
            mt += t[off + i];
        }
        ms /= m;
        mt /= m;
        double[] a = new double[m];
        double[] b = new double[m];
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < m; i++) {
            a[i] = s[off + i] - ms;
            b[i] = t[off + i] - mt;
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        double na = Math.sqrt(aa);
        double nb = Math.sqrt(bb);
        double den = na * nb + RANKCOSINE_EPS;
        // ∂ℓ/∂aᵢ = −(bᵢ·den − ab·‖b‖·aᵢ/‖a‖) / den²
        double[] da = new double[m];
        double mean = 0;
        for (int i = 0; i < m; i++) {
            double normTerm = na > 0 ? ab * nb * a[i] / na : 0;
            da[i] = -(b[i] * den - normTerm) / (den * den);
            mean += da[i];
        }
        mean /= m;
        for (int i = 0; i < m; i++) ds[off + i] = scale * (da[i] - mean);
        return 1 - ab / den;
    }

    @Override
    public String toString() {
        return kind.toString();
    }
}
