package org.mbo4j.eval;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.mbo4j.util.Statistics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Calibration of a surrogate's predictive uncertainty on held-out designs (e.g. TFBind8's hidden top half): for
 * central Gaussian intervals at several nominal levels, the fraction of true scores that fall inside; plus the
 * Gaussian NLL, RMSE and Spearman rank correlation of the predictive mean. A calibrated model has coverage ≈ level;
 * out of distribution, surrogates are typically over-confident (coverage far below the level). Immutable.
 *
 * @param levels   nominal levels
 * @param coverage empirical coverage per level
 * @param nll      mean Gaussian negative log-likelihood
 * @param rmse     root mean squared error of the mean
 * @param spearman rank correlation between predicted mean and truth
 */
public record Calibration(double[] levels, double[] coverage, double nll, double rmse, double spearman) {
    /** Default nominal levels. */
    public static final double[] LEVELS = {0.5, 0.8, 0.9, 0.95, 0.99};

    /** Computes calibration statistics from predictive means/stds and true scores (same units). */
    public static Calibration of(double[] mean, double[] std, double[] truth) {
        if (mean.length != std.length || mean.length != truth.length || mean.length == 0) {
            throw new IllegalArgumentException("mean, std and truth need the same positive length, got " + mean.length
                    + ", " + std.length + ", " + truth.length);
        }
        NormalDistribution n01 = new NormalDistribution(0, 1);
        double[] cov = new double[LEVELS.length];
        double nll = 0;
        double se = 0;
        for (int i = 0; i < mean.length; i++) {
            double s = Math.max(std[i], 1e-12);
            double z = Math.abs(truth[i] - mean[i]) / s;
            for (int l = 0; l < LEVELS.length; l++) {
                if (z <= n01.inverseCumulativeProbability(0.5 + LEVELS[l] / 2)) cov[l] += 1.0 / mean.length;
            }
            nll += (0.5 * Math.log(2 * Math.PI) + Math.log(s) + 0.5 * z * z) / mean.length;
            se += (truth[i] - mean[i]) * (truth[i] - mean[i]);
        }
        return new Calibration(LEVELS.clone(), cov, nll, Math.sqrt(se / mean.length), Statistics.spearman(mean, truth));
    }

    /** The coverage table: level, coverage. */
    public Table table() {
        return Table.create(
                "calibration", DoubleColumn.create("level", levels), DoubleColumn.create("coverage", coverage));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (int l = 0; l < levels.length; l++)
            parts.add(String.format(java.util.Locale.ROOT, "%.0f%%→%.3f", 100 * levels[l], coverage[l]));
        return String.format(
                java.util.Locale.ROOT,
                "Calibration[coverage %s, nll %.3f, rmse %.4f, spearman %.3f]",
                String.join(" ", parts),
                nll,
                rmse,
                spearman);
    }
}
