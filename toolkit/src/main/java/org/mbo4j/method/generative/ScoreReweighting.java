package org.mbo4j.method.generative;

import org.mbo4j.data.Percentiles;

/**
 * MINs' reweighting of the data by score (design-baselines {@code design_baselines/mins/utils.py}
 * {@code get_weights}, lines 52-84), which tilts the GAN's training distribution toward high scores:
 * <ol>
 *   <li>a 20-bin histogram of the scores y (numpy's {@code np.histogram(y, bins=20)}: equal-width bins from min to
 *   max, the last bin closed; all-equal scores get the bins of [y − 0.5, y + 0.5]), as frequencies hᵦ;</li>
 *   <li>a softmax of the bins' upper edges at temperature T, pᵦ ∝ exp(eᵦ₊₁/T);</li>
 *   <li>qᵦ = pᵦ·hᵦ/(hᵦ + 0.001), normalised by Σq + 1e-7 (empty bins get no mass);</li>
 *   <li>each row's weight qᵦ/(hᵦ + 1e-7) for its bin b, clipped to [0, 5].</li>
 * </ol>
 * T is {@code base_temp}: MINs' scripts set 0.1 on every task ({@code design_baselines/mins/experiments.py}, e.g.
 * line 427 for TFBind8); without it the code uses {@link #adaptiveTemperature} (lines 6-25, 71-72). The scores are
 * the z-scored y the GAN is conditioned on.
 */
public final class ScoreReweighting {
    /** Histogram bins (utils.py line 68). */
    public static final int BINS = 20;

    private ScoreReweighting() {}

    /** The weight of every score at temperature {@code temperature} (&gt; 0). */
    public static double[] weights(double[] scores, double temperature) {
        if (scores.length == 0) throw new IllegalArgumentException("no scores to weight");
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            if (!Double.isFinite(s)) throw new IllegalArgumentException("score " + s + " is not a finite number");
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
        }
        if (lo == hi) { // np.histogram's range for constant data
            lo -= 0.5;
            hi += 0.5;
        }
        double[] edges = new double[BINS + 1]; // np.linspace(lo, hi, 21)
        double step = (hi - lo) / BINS;
        for (int j = 0; j < BINS; j++) edges[j] = lo + j * step;
        edges[BINS] = hi;
        int[] bin = new int[scores.length];
        double[] hist = new double[BINS];
        for (int i = 0; i < scores.length; i++) {
            int b = 0; // number of upper edges ≤ y (np.digitize), the last bin closed
            while (b < BINS && edges[b + 1] <= scores[i]) b++;
            bin[i] = Math.min(b, BINS - 1);
            hist[bin[i]]++;
        }
        for (int b = 0; b < BINS; b++) hist[b] /= scores.length;
        double maxEdge = edges[BINS];
        double[] soft = new double[BINS];
        double sum = 0;
        for (int b = 0; b < BINS; b++) {
            soft[b] = Math.exp((edges[b + 1] - maxEdge) / temperature);
            sum += soft[b];
        }
        double[] q = new double[BINS];
        double qSum = 0;
        for (int b = 0; b < BINS; b++) {
            q[b] = soft[b] / sum * (hist[b] / (hist[b] + 1e-3));
            qSum += q[b];
        }
        double[] w = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int b = bin[i];
            w[i] = Math.min(5.0, Math.max(0.0, q[b] / (qSum + 1e-7) / (hist[b] + 1e-7)));
        }
        return w;
    }

    /**
     * design-baselines' {@code adaptive_temp_v2} (utils.py lines 6-25): |90th percentile of (y − max y)| (numpy's
     * linear interpolation), at least 0.001.
     */
    public static double adaptiveTemperature(double[] scores) {
        return adaptiveTemperature(scores, 0.9);
    }

    /**
     * {@code adaptive_temp_v2} at another quantile q ∈ (0, 1): |quantile q of (y − max y)|, at least 0.001 (DDOM's
     * copy takes q from its {@code --temp} option, {@code siddarthk97/ddom} {@code design_baselines/diff/util.py}
     * 69-91, 137-142).
     */
    public static double adaptiveTemperature(double[] scores, double quantile) {
        if (!(quantile > 0 && quantile < 1))
            throw new IllegalArgumentException("quantile must be in (0, 1), got " + quantile);
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) max = Math.max(max, s);
        double[] shifted = new double[scores.length];
        for (int i = 0; i < scores.length; i++) shifted[i] = scores[i] - max;
        return Math.max(Math.abs(Percentiles.linear(shifted, 100 * quantile)), 0.001);
    }
}
