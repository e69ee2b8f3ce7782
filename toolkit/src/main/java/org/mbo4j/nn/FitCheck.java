package org.mbo4j.nn;

import java.io.PrintStream;
import java.util.Locale;
import org.mbo4j.util.Statistics;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How much of the targets' variation a trained regressor reproduces, measured on up to {@value #MAX_ROWS} evenly
 * spaced training rows (first output column against the first target column).
 *
 * <p>A surrogate whose predictions barely vary has <em>collapsed</em>: it predicts the mean, and an ascent on it
 * follows directions the labels did not choose (or, with vanishing gradients, does not move). This happens to
 * IOM when the invariance term wins over the regression (the representation maps every design to the same point,
 * so the discriminator cannot tell data from particles). {@link #collapsed()} flags a prediction spread below
 * {@value #COLLAPSE_RATIO} of the targets' spread.
 *
 * @param rows          rows the check used
 * @param predictionStd standard deviation of the predictions on those rows
 * @param targetStd     standard deviation of the targets on those rows
 * @param r2            1 − MSE / Var(y) on those rows (can be negative)
 * @param spearman      rank correlation of predictions and targets on those rows: whether a flat model still orders
 *                      the designs (0 when the predictions are exactly constant)
 */
public record FitCheck(int rows, double predictionStd, double targetStd, double r2, double spearman) {
    /** The check uses at most this many rows (evenly spaced), so it costs one forward pass of that batch. */
    public static final int MAX_ROWS = 1024;
    /** Predictions spread less than this fraction of the targets' spread count as collapsed. */
    public static final double COLLAPSE_RATIO = 0.01;

    /** Predictions of {@code model} on up to {@value #MAX_ROWS} evenly spaced rows of {@code x} against {@code y}. */
    public static FitCheck of(Regressor model, INDArray x, INDArray y) {
        long n = x.rows();
        if (n == 0) throw new IllegalArgumentException("fit check needs at least one row, got none");
        if (y.rows() != n) {
            throw new IllegalArgumentException("fit check: " + n + " input rows but " + y.rows() + " targets");
        }
        int m = (int) Math.min(n, MAX_ROWS);
        long[] idx = new long[m];
        for (int i = 0; i < m; i++) idx[i] = i * n / m;
        INDArray xs = x.get(NDArrayIndex.indices(idx), NDArrayIndex.all()).dup('f');
        INDArray pred = model.forward(xs);
        double[] p = new double[m];
        double[] t = new double[m];
        for (int i = 0; i < m; i++) {
            p[i] = pred.getDouble(i, 0);
            t[i] = y.getDouble(idx[i], 0);
        }
        double sdT = Statistics.std(t);
        double varT = sdT * sdT;
        double mse = 0;
        for (int i = 0; i < m; i++) mse += (p[i] - t[i]) * (p[i] - t[i]) / m;
        double r2 = varT > 0 ? 1 - mse / varT : Double.NaN;
        return new FitCheck(m, Statistics.std(p), sdT, r2, Statistics.spearman(p, t));
    }

    /** True when the predictions spread less than {@value #COLLAPSE_RATIO} of the targets (and the targets vary). */
    public boolean collapsed() {
        return targetStd > 0 && predictionStd < COLLAPSE_RATIO * targetStd;
    }

    /** One line for logs: spread ratio, R² and rank correlation. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "predictions spread %.3g of the targets' spread, R² %.3f, rank correlation %.3f on %d training rows",
                targetStd > 0 ? predictionStd / targetStd : Double.NaN,
                r2,
                spearman,
                rows);
    }

    /**
     * When {@link #collapsed()}, prints one warning to {@code err} naming {@code method}, the numbers and
     * {@code fix}; returns this.
     */
    public FitCheck warnIfCollapsed(String method, String fix, PrintStream err) {
        if (collapsed()) {
            err.println("mbo4j: " + method + ": the surrogate collapsed to a near-constant (" + summary()
                    + "); the search follows directions the labels did not choose. " + fix);
        }
        return this;
    }
}
