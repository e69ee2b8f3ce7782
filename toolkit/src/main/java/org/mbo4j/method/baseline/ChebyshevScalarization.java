package org.mbo4j.method.baseline;

/**
 * BoTorch 0.8.5's augmented Chebyshev scalarisation ({@code get_chebyshev_scalarization},
 * {@code botorch/utils/multi_objective/scalarization.py} 27–117 at v0.8.5), written for objectives to
 * <em>minimise</em>: each objective is scaled to [0, 1] by the min and max of reference outcomes (theirs: the GP
 * posterior mean at the training inputs), ŷⱼ = (yⱼ − minⱼ)/(maxⱼ − minⱼ), and the value to maximise is
 * g(y) = −(maxⱼ wⱼŷⱼ + α Σⱼ wⱼŷⱼ), α = 0.05. BoTorch receives maximised (negated) outcomes, negates them back
 * (line 69), normalises with the bounds of the negated reference outcomes (105, 109) and returns −(…) (115): the same
 * function of the minimised outcomes. An objective whose reference outcomes are constant is scaled by 1 (BoTorch
 * would divide by zero). Immutable.
 */
final class ChebyshevScalarization {
    /** BoTorch's default α (Knowles 2006). */
    static final double ALPHA = 0.05;

    private final double[] weights;
    private final double[] min;
    private final double[] range;
    private final double alpha;

    /**
     * @param weights   nonnegative weights, one per objective
     * @param reference outcomes (rows × m) whose per-objective min and max scale the objectives
     */
    ChebyshevScalarization(double[] weights, double[][] reference, double alpha) {
        int m = weights.length;
        if (reference.length == 0) throw new IllegalArgumentException("the scalarisation needs reference outcomes");
        this.weights = weights.clone();
        this.alpha = alpha;
        min = new double[m];
        range = new double[m];
        for (int j = 0; j < m; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] r : reference) {
                lo = Math.min(lo, r[j]);
                hi = Math.max(hi, r[j]);
            }
            min[j] = lo;
            range[j] = hi > lo ? hi - lo : 1;
        }
    }

    /** g(y), to maximise. */
    double value(double[] y) {
        return valueAndGradient(y, null);
    }

    /** g(y), with ∂g/∂y written into {@code grad} when it is not null (at ties the first maximal term's). */
    double valueAndGradient(double[] y, double[] grad) {
        int m = weights.length;
        double max = Double.NEGATIVE_INFINITY;
        int arg = 0;
        double sum = 0;
        for (int j = 0; j < m; j++) {
            double t = weights[j] * (y[j] - min[j]) / range[j];
            sum += t;
            if (t > max) {
                max = t;
                arg = j;
            }
        }
        if (grad != null) {
            for (int j = 0; j < m; j++) grad[j] = -alpha * weights[j] / range[j];
            grad[arg] -= weights[arg] / range[arg];
        }
        return -(max + alpha * sum);
    }

    /**
     * g at one position of many samples: {@code out[s]} = g(y₀[s], …, y_{m−1}[s]) with {@code ys[j]} objective j's
     * values; the operations of {@link #valueAndGradient} in the same order, so the same bits, in loops over the
     * samples that a JIT vectorises. {@code max} and {@code sum} are scratch arrays of at least as many samples.
     */
    void values(double[][] ys, int samples, double[] max, double[] sum, double[] out) {
        java.util.Arrays.fill(max, 0, samples, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(sum, 0, samples, 0.0);
        for (int j = 0; j < weights.length; j++) {
            double w = weights[j];
            double lo = min[j];
            double r = range[j];
            double[] y = ys[j];
            for (int s = 0; s < samples; s++) {
                double t = w * (y[s] - lo) / r;
                sum[s] += t;
                max[s] = t > max[s] ? t : max[s];
            }
        }
        for (int s = 0; s < samples; s++) out[s] = -(max[s] + alpha * sum[s]);
    }
}
