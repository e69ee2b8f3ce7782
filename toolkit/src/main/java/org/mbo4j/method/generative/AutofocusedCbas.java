package org.mbo4j.method.generative;

import java.util.SplittableRandom;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.Bootstrap;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.TrainingLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Autofocused CbAS (Fannjiang &amp; Listgarten, "Autofocused oracles for model-based design", NeurIPS 2020) as
 * design-baselines runs it ({@code design_baselines/autofocused_cbas/__init__.py} lines 126–167, {@code trainers.py}
 * lines 561–607; TFBind8 values from {@code autofocused_cbas/experiments.py} lines 343–369): {@link Cbas}'s loop,
 * and after each iteration the oracle is retrained on the visible data re-weighted by the density ratio of the
 * current search distribution to the prior, so that it is accurate where q now samples.
 *
 * <p>The ratio per visible design x is q(x | z) / p(x | z) with one fresh z ~ N(0, I) per design shared by both
 * decoders (the authors' {@code get_autofocus_ratio}, trainers.py lines 576–586), unscaled as theirs unless the
 * largest exceeds {@link #MAX_RATIO} ({@link #ratios}). Each member trains for
 * {@code autofocusEpochs} more epochs (continuing from its weights) on a fresh bootstrap resample with the loss
 * Σ vᵢ·bᵢ·nllᵢ / Σ bᵢ (trainers.py lines 108–109: divided by the bootstrap counts only, not by the weights).
 * Same variant on sequences and boxes, as in the authors' configs. Defaults and deviations:
 * {@code docs/methods/cbas.md}.
 */
public final class AutofocusedCbas extends Cbas {
    /** Autofocused CbAS with {@code settings}, whose autofocus epochs must be ≥ 1. */
    public AutofocusedCbas(Settings settings) {
        this("auto-cbas", settings);
    }

    private AutofocusedCbas(String name, Settings settings) {
        super(name, settings);
        if (settings.autofocusEpochs() < 1) {
            throw new IllegalArgumentException(
                    "auto-cbas retrains its oracle every iteration: autofocus_epochs must be ≥ 1, got "
                            + settings.autofocusEpochs() + " (for no retraining use cbas)");
        }
    }

    /** The paper's values: CbAS' with 10 autofocus epochs ({@code autofocused_cbas/experiments.py} line 366). */
    public static Settings paper() {
        return Settings.paper().with(Settings::autofocusEpochs, 10).with(Settings::rawRatios, true);
    }

    /** {@code auto-cbas} with paper defaults. */
    public static AutofocusedCbas defaults() {
        return new AutofocusedCbas(paper());
    }

    @Override
    protected AutofocusedCbas withName(String name, Settings s) {
        return new AutofocusedCbas(name, s);
    }

    @Override
    public AutofocusedCbas withConfig(Settings s) {
        return withName(name(), s);
    }

    @Override
    public AutofocusedCbas freshAdam() {
        return (AutofocusedCbas) super.freshAdam();
    }

    /** Retrains the oracle on the visible data weighted by q(x | z) / p(x | z) (autofocused_cbas lines 151–167). */
    @Override
    protected void afterIteration(Run run, int iteration) {
        Settings s = config();
        int n = (int) run.x.rows();
        int members = run.oracle.size();
        double[][] data = Tensors.rows(run.x);
        double[][] z = run.search.standardNormal(n, new SplittableRandom(run.seed(11, iteration)));
        double[] logQ = run.search.logLikelihood(z, data);
        double[] logP = run.prior.logLikelihood(z, data);
        double[] ratio = s.rawRatios() ? ratios(logQ, logP) : selfNormalised(logQ, logP);
        INDArray boot = Bootstrap.weights(n, members, run.seed(12, iteration), DataType.DOUBLE);
        double[][] w = new double[n][2 * members];
        for (int i = 0; i < n; i++) {
            double v = ratio[i];
            for (int m = 0; m < members; m++) {
                double b = boot.getDouble(i, m);
                w[i][m] = v * b;
                w[i][members + m] = b;
            }
        }
        fit(
                run,
                "autofocus " + (iteration + 1),
                "oracle's autofocus retraining " + (iteration + 1),
                s.autofocusEpochs(),
                false,
                () -> oracleTrainer(s.autofocusEpochs(), n, run.seed(13, iteration), "autofocus " + (iteration + 1))
                        .optimizer(run.oracleAdam)
                        .build()
                        .fit(run.oracle, run.x, run.y, Tensors.matrix(w, DataType.FLOAT), autofocusLoss()));
    }

    /**
     * The largest autofocus ratio used as it is (ours): above it every ratio is scaled by the same factor, so that the
     * weighted gradients, squared in Adam's float32 second moment, stay far from overflow (1e15² = 1e30 &lt; 3.4e38).
     */
    static final double MAX_RATIO = 1e15;

    /**
     * The ratios exp(logQᵢ − logPᵢ), as the authors use them (trainers.py lines 584–586, unscaled), unless the largest
     * exceeds {@link #MAX_RATIO}: then all are scaled by the same factor so that the largest is {@link #MAX_RATIO}
     * (computed after subtracting the largest log-ratio, so none overflows; the authors' float32 ratios overflow to
     * infinity there and their retraining trains on NaN: on a 300-row 3-d box this happened at the first retraining).
     * A non-finite log-ratio is returned as NaN weights, which stop the training with an error.
     */
    static double[] ratios(double[] logQ, double[] logP) {
        return scaled(logQ, logP, false);
    }

    /**
     * The ratios scaled to mean 1 over the rows (mbo4j's choice before the raw ratios, kept by the {@code -fresh-adam}
     * variant), computed after subtracting the largest log-ratio so that none overflows; NaN as {@link #ratios}.
     */
    static double[] selfNormalised(double[] logQ, double[] logP) {
        return scaled(logQ, logP, true);
    }

    private static double[] scaled(double[] logQ, double[] logP, boolean meanOne) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logQ.length; i++) max = Math.max(max, logQ[i] - logP[i]);
        double[] v = new double[logQ.length];
        double shift = meanOne ? max : Math.max(max - Math.log(MAX_RATIO), 0);
        double sum = 0;
        for (int i = 0; i < v.length; i++) sum += v[i] = Math.exp(logQ[i] - logP[i] - shift);
        double factor = meanOne ? v.length / sum : 1;
        for (int i = 0; i < v.length; i++) v[i] = Double.isFinite(max) ? v[i] * factor : Double.NaN;
        return v;
    }

    /**
     * The autofocus loss for the shared trainer: batch weights B × 2M, columns 0..M−1 the products vᵢ·bᵢₘ, columns
     * M..2M−1 the bootstrap counts bᵢₘ; member m's loss is Σ vᵢbᵢₘ·nllᵢ / Σ bᵢₘ (0 when Σ bᵢₘ = 0, as
     * {@code tf.math.divide_no_nan}); the reported loss is the members' mean. Validation: the unweighted NLL.
     */
    static TrainingLoss<Ensemble<GaussianMlp>> autofocusLoss() {
        return new TrainingLoss<>() {
            @Override
            public double lossAndGradients(Ensemble<GaussianMlp> e, Batch b) {
                int members = e.size();
                if (b.weights() == null || b.weights().columns() != 2L * members) {
                    throw new IllegalArgumentException("the autofocus loss needs " + 2 * members
                            + " weight columns (ratio × bootstrap, then bootstrap), got "
                            + (b.weights() == null ? "none" : b.weights().columns()));
                }
                double total = 0;
                for (int m = 0; m < members; m++) {
                    INDArray vb = b.weights(m);
                    double sumVb = sum(vb);
                    double sumB = sum(b.weights(members + m));
                    double scale = sumB == 0 ? 0 : sumVb / sumB;
                    GaussianMlp g = e.member(m);
                    // Σ vb·nll / Σ vb, then rescaled to Σ vb·nll / Σ b (the gradients with it)
                    double l = sumVb == 0 ? 0 : g.nll(b.x(), b.y(), vb, true);
                    for (Param p : g.parameters()) p.grad().muli(scale);
                    total += l * scale;
                }
                return total / members;
            }

            @Override
            public double loss(Ensemble<GaussianMlp> e, Batch b) {
                double total = 0;
                for (int m = 0; m < e.size(); m++) total += e.member(m).nll(b.x(), b.y(), null, false);
                return total / e.size();
            }
        };
    }

    private static double sum(INDArray column) {
        double s = 0;
        for (double d : Tensors.columnMajor(column)) s += d;
        return s;
    }
}
