package org.mbo4j.data;

import java.util.Arrays;

/** Percentile rules used by the benchmarks, reproduced exactly. */
public final class Percentiles {
    private Percentiles() {}

    /**
     * NumPy's default {@code np.percentile(values, q)} ('linear' interpolation), as Design-Bench uses for the
     * visible-split thresholds.
     */
    public static double linear(double[] values, double q) {
        requireUsable(values, q);
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q / 100.0 * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        double frac = pos - lo;
        return s[lo] + (s[hi] - s[lo]) * frac;
    }

    /**
     * TensorFlow Probability's {@code tfp.stats.percentile(values, q, interpolation='nearest')}, as
     * design-baselines logs the 100th/50th percentiles: sort descending, take index
     * {@code rint((n − 1)·(1 − q/100))} (round half to even), clipped.
     */
    public static double nearest(double[] values, double q) {
        requireUsable(values, q);
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        int idxDesc = (int) Math.rint((n - 1) * (1.0 - q / 100.0));
        idxDesc = Math.max(0, Math.min(n - 1, idxDesc));
        return s[n - 1 - idxDesc];
    }

    private static void requireUsable(double[] values, double q) {
        if (values.length == 0) throw new IllegalArgumentException("percentile of an empty array");
        if (!(q >= 0 && q <= 100)) throw new IllegalArgumentException("percentile q must be in [0, 100], got " + q);
    }
}
