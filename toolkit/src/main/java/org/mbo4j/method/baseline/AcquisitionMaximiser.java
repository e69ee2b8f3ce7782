package org.mbo4j.method.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.mbo4j.util.Shuffle;

/**
 * Multi-start maximisers of an acquisition function over a box for one new point, as BoTorch's
 * {@code optimize_acqf} with q = 1 (each step of its sequential greedy mode). Two of them:
 *
 * <ul>
 *   <li>{@link #maximiseAsBoTorch}, BoTorch 0.8.5's procedure for non-negative acquisitions (qEI, qNEHVI), used by
 *   {@code mobo} and {@code mobo-parego}; each step's source in its Javadoc;</li>
 *   <li>{@link #maximise}, the older simplification still used by {@code bo-qei}: {@code raw} randomly shifted Sobol
 *   points in the box are scored, the {@code restarts} best are the starts of {@link BoundedLbfgs} (at most
 *   {@code maxIter} iterations, SciPy's tolerances), each optimised on its own, and the best end point wins (a raw
 *   point if no start improves on it). It differs from BoTorch in the starts (the best instead of
 *   Boltzmann-weighted draws), in optimising each start alone and in its L-BFGS variant, whose projected steps end on
 *   the box's faces more often than SciPy's L-BFGS-B ({@code docs/methods/mobo.md}, "Cross-check against BoTorch").</li>
 * </ul>
 * Stateless.
 */
final class AcquisitionMaximiser {
    private AcquisitionMaximiser() {}

    /**
     * @param value the acquisition value alone (cheaper than with the gradient)
     * @param valueAndGradient the value with its gradient
     */
    static double[] maximise(
            ToDoubleFunction<double[]> value,
            BoundedLbfgs.Function valueAndGradient,
            double[] lo,
            double[] hi,
            int raw,
            int restarts,
            int maxIter,
            long seed) {
        double[][] points = sobol(lo, hi, raw, new Random(seed));
        double[] val = new double[raw];
        for (int s = 0; s < raw; s++) val[s] = value.applyAsDouble(points[s]);
        Integer[] order = new Integer[raw];
        for (int i = 0; i < raw; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(val[b], val[a]));
        double[] bestX = points[order[0]].clone();
        double bestV = val[order[0]];
        for (int r = 0; r < Math.min(restarts, raw); r++) {
            BoundedLbfgs.Result res = BoundedLbfgs.maximise(valueAndGradient, points[order[r]], lo, hi, maxIter);
            if (res.value() > bestV) {
                bestV = res.value();
                bestX = res.x();
            }
        }
        return bestX;
    }

    /** BoTorch 0.8.5's {@code max_factor}: raw-sample rounds before starts are drawn at random. */
    static final int MAX_FACTOR = 5;
    /** {@code initialize_q_batch_nonneg}'s defaults: temperature η and the share α of the best value. */
    static final double ETA = 1.0;

    static final double ALPHA = 1e-4;

    /**
     * BoTorch 0.8.5's {@code optimize_acqf(q = 1, num_restarts = restarts, raw_samples = raw, options = {batch_limit
     * ≥ restarts, maxiter})} for a non-negative acquisition ({@code botorch/optim/optimize.py},
     * {@code optim/initializers.py}, {@code generation/gen.py} at v0.8.5):
     *
     * <ol>
     *   <li>{@code gen_batch_initial_conditions} (initializers.py 237–407): {@code raw} Sobol points in the box
     *   (BoTorch scrambles them with a fresh seed; here a fresh random shift) are scored, and
     *   {@code initialize_q_batch_nonneg} (740–800) picks the starts: Boltzmann-weighted draws without replacement,
     *   weights exp(η(v/v_max − 1)), among the points within α·v_max of the best, the best always included; with
     *   fewer positive values than starts, all positive ones and random others; with none, the round is repeated
     *   with raw·2, raw·3, raw·4 points and then the starts are random;</li>
     *   <li>{@code gen_candidates_scipy} (gen.py 43–230): all starts optimised jointly by one {@link LbfgsB} run on
     *   the sum of their values (one batch, as {@code batch_limit} ≥ restarts; Off-MOO-Bench's 10 and 10), at most
     *   {@code maxIter} iterations;</li>
     *   <li>the end point with the highest value is the candidate; when L-BFGS-B ends abnormally (a failed line
     *   search: SciPy's {@code success=False} other than the iteration limit, an {@code OptimizationWarning}), the
     *   starts are drawn again and optimised once more ({@code retry_on_optimization_warning}, optimize.py
     *   353–397).</li>
     * </ol>
     */
    static double[] maximiseAsBoTorch(
            ToDoubleFunction<double[]> value,
            LbfgsB.Function valueAndGradient,
            double[] lo,
            double[] hi,
            int raw,
            int restarts,
            int maxIter,
            long seed) {
        Random rng = new Random(seed);
        double[] best = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            double[][] starts = initialConditions(value, lo, hi, raw, restarts, rng);
            int d = lo.length;
            int n = starts.length;
            LbfgsB.Result r = optimiseJointly(valueAndGradient, starts, lo, hi, maxIter);
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                double[] c = Arrays.copyOfRange(r.x(), k * d, (k + 1) * d);
                double v = value.applyAsDouble(c);
                if (best == null || v > bestValue) {
                    bestValue = v;
                    best = c;
                }
            }
            boolean failed = r.stop() == LbfgsB.Stop.ABNORMAL_LINE_SEARCH || r.stop() == LbfgsB.Stop.NON_FINITE;
            if (!failed) break;
        }
        return best;
    }

    /**
     * {@code gen_candidates_scipy} for one batch of starts: one L-BFGS-B run on the sum of the acquisition over all
     * of them (the starts concatenated; the result's x holds the end points in the same order).
     */
    static LbfgsB.Result optimiseJointly(
            LbfgsB.Function valueAndGradient, double[][] starts, double[] lo, double[] hi, int maxIter) {
        int d = lo.length;
        int n = starts.length;
        double[] x0 = new double[n * d];
        double[] lower = new double[n * d];
        double[] upper = new double[n * d];
        for (int k = 0; k < n; k++) {
            System.arraycopy(starts[k], 0, x0, k * d, d);
            System.arraycopy(lo, 0, lower, k * d, d);
            System.arraycopy(hi, 0, upper, k * d, d);
        }
        double[] xk = new double[d];
        double[] gk = new double[d];
        return LbfgsB.maximise(
                (x, g) -> {
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        System.arraycopy(x, k * d, xk, 0, d);
                        sum += valueAndGradient.valueAndGradient(xk, gk);
                        System.arraycopy(gk, 0, g, k * d, d);
                    }
                    return sum;
                },
                x0,
                lower,
                upper,
                maxIter);
    }

    /** {@code gen_batch_initial_conditions} with {@code initialize_q_batch_nonneg}: the starts. */
    static double[][] initialConditions(
            ToDoubleFunction<double[]> value, double[] lo, double[] hi, int raw, int restarts, Random rng) {
        double[][] starts = null;
        for (int factor = 1; factor < MAX_FACTOR; factor++) {
            double[][] x = sobol(lo, hi, raw * factor, rng);
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) y[i] = value.applyAsDouble(x[i]);
            boolean[] random = new boolean[1];
            starts = nonNegativeStarts(x, y, restarts, rng, random);
            if (!random[0]) return starts;
        }
        return starts;
    }

    /**
     * {@code initialize_q_batch_nonneg(X, Y, n, eta = 1, alpha = 1e-4)}; {@code random[0]} is set when every value is
     * ≤ 0 and the starts are a random subset (BoTorch's {@code BadInitialCandidatesWarning}).
     */
    static double[][] nonNegativeStarts(double[][] x, double[] y, int n, Random rng, boolean[] random) {
        int count = x.length;
        if (n > count) throw new IllegalArgumentException("cannot pick " + n + " starts from " + count + " points");
        if (n == count) return x;
        int maxIdx = 0;
        for (int i = 1; i < count; i++) if (y[i] > y[maxIdx]) maxIdx = i;
        double max = y[maxIdx];
        if (!(max > 0)) {
            random[0] = true;
            int[] perm = Shuffle.permutation(count, rng);
            double[][] out = new double[n][];
            for (int i = 0; i < n; i++) out[i] = x[perm[i]];
            return out;
        }
        List<Integer> positive = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < count; i++) (y[i] > 0 ? positive : rest).add(i);
        if (positive.size() < n) {
            boolean[] take = new boolean[count];
            for (int i : positive) take[i] = true;
            int[] perm = Shuffle.permutation(rest.size(), rng);
            for (int i = 0; i < n - positive.size(); i++) take[rest.get(perm[i])] = true;
            double[][] out = new double[n][];
            int k = 0;
            for (int i = 0; i < count; i++) if (take[i]) out[k++] = x[i]; // X[pos]: in the raw points' order
            return out;
        }
        double alpha = ALPHA;
        List<Integer> candidates = within(y, alpha * max);
        while (candidates.size() < n) {
            alpha *= 0.1;
            candidates = within(y, alpha * max);
        }
        double[] w = new double[candidates.size()];
        for (int i = 0; i < w.length; i++) w[i] = Math.exp(ETA * (y[candidates.get(i)] / max - 1));
        int[] picked = new int[n];
        boolean hasMax = false;
        for (int k = 0; k < n; k++) {
            double total = 0;
            for (double v : w) total += v;
            double r = rng.nextDouble() * total;
            int j = 0;
            while (j < w.length - 1 && (r -= w[j]) >= 0) j++;
            while (w[j] == 0) j--; // rounding at the end of the cumulative sum
            picked[k] = candidates.get(j);
            hasMax |= picked[k] == maxIdx;
            w[j] = 0; // without replacement
        }
        if (!hasMax) picked[n - 1] = maxIdx;
        double[][] out = new double[n][];
        for (int k = 0; k < n; k++) out[k] = x[picked[k]];
        return out;
    }

    private static List<Integer> within(double[] y, double threshold) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < y.length; i++) if (y[i] >= threshold) out.add(i);
        return out;
    }

    /** n points of a Sobol sequence in the box, shifted by one uniform vector (a random rotation modulo 1). */
    static double[][] sobol(double[] lo, double[] hi, int n, Random rng) {
        int d = lo.length;
        SobolSequenceGenerator gen = new SobolSequenceGenerator(d);
        double[] shift = new double[d];
        for (int j = 0; j < d; j++) shift[j] = rng.nextDouble();
        double[][] points = new double[n][d];
        for (int s = 0; s < n; s++) {
            double[] u = gen.nextVector();
            for (int j = 0; j < d; j++) points[s][j] = lo[j] + ((u[j] + shift[j]) % 1.0) * (hi[j] - lo[j]);
        }
        return points;
    }
}
