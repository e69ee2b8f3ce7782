package org.mbo4j.method.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.mbo4j.util.Shuffle;

/**
 * Multi-start maximisers of an acquisition function over a box, as BoTorch's {@code optimize_acqf}. Two of them:
 *
 * <ul>
 *   <li>{@link #maximiseAsBoTorch}, BoTorch 0.8.5's procedure for one new point (q = 1, each step of its
 *   sequential greedy mode) of a non-negative acquisition (qEI, qNEHVI), used by {@code mobo} and
 *   {@code mobo-parego}; each step's source in its Javadoc;</li>
 *   <li>{@link #maximiseBatch}, BoTorch 0.3.3's joint optimisation of a whole q-batch ({@code sequential=False}),
 *   used by {@code bo-qei} as design-baselines calls it.</li>
 * </ul>
 * Both share the starts ({@link #initialConditions}) and the joint L-BFGS-B run over a batch of starts
 * ({@link #optimiseJointly}). Stateless.
 */
final class AcquisitionMaximiser {
    private AcquisitionMaximiser() {}

    /**
     * BoTorch 0.3.3's {@code optimize_acqf(q, num_restarts = restarts, raw_samples = raw, options = {batch_limit,
     * maxiter}, sequential = False)} for a non-negative acquisition of a q-batch ({@code botorch/optim/optimize.py}
     * 31–199, {@code optim/initializers.py}, {@code generation/gen.py}, read from the 0.3.3 wheel on PyPI, the version
     * design-baselines pins):
     *
     * <ol>
     *   <li>{@code gen_batch_initial_conditions} (initializers.py 28–132): {@code raw} q-batches drawn as points of
     *   a Sobol sequence of dimension q·d ({@code draw_sobol_samples}; BoTorch scrambles, here a random shift; beyond
     *   the generator's {@value MoboSamples#SOBOL_MAX_DIMENSION} dimensions uniform draws, as BoTorch does beyond
     *   torch's {@code SobolEngine.MAXDIM}), scored, and {@code initialize_q_batch_nonneg} (qEI is non-negative)
     *   picks the starts ({@link #nonNegativeStarts}; initializers.py 435–504, as in 0.8.5); when every value is ≤ 0,
     *   random starts among them, with no further rounds (see {@link #initialConditions});</li>
     *   <li>the starts in groups of {@code batchLimit} (optimize.py 160–185), each group optimised jointly by one
     *   L-BFGS-B run on the sum of its values ({@code gen_candidates_scipy}, gen.py 29–133; SciPy's defaults apart from
     *   {@code maxiter}); no retry on a failed line search (0.3.3 has none);</li>
     *   <li>the end batch with the highest value wins ({@code torch.argmax}: the first of equal values).</li>
     * </ol>
     *
     * @param value the acquisition of a flat q-batch (q·d entries, point i at i·d)
     * @param valueAndGradient the same with its gradient
     * @param lo the box's lower corner (d entries)
     * @param hi the box's upper corner
     * @return the chosen batch, flat
     */
    static double[] maximiseBatch(
            ToDoubleFunction<double[]> value,
            LbfgsB.Function valueAndGradient,
            double[] lo,
            double[] hi,
            int q,
            int raw,
            int restarts,
            int batchLimit,
            int maxIter,
            long seed) {
        int d = lo.length;
        double[] lower = tile(lo, q);
        double[] upper = tile(hi, q);
        double[][] starts = initialConditions(value, lower, upper, raw, restarts, 1, new Random(seed));
        double[] best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int from = 0; from < starts.length; from += batchLimit) {
            double[][] group = Arrays.copyOfRange(starts, from, Math.min(from + batchLimit, starts.length));
            LbfgsB.Result r = optimiseJointly(valueAndGradient, group, lower, upper, maxIter);
            for (int k = 0; k < group.length; k++) {
                double[] c = Arrays.copyOfRange(r.x(), k * q * d, (k + 1) * q * d);
                double v = value.applyAsDouble(c);
                if (best == null || v > bestValue) {
                    bestValue = v;
                    best = c;
                }
            }
        }
        return best;
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
            double[][] starts = initialConditions(value, lo, hi, raw, restarts, MAX_FACTOR - 1, rng);
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
        for (int k = 0; k < n; k++) System.arraycopy(starts[k], 0, x0, k * d, d);
        double[] lower = tile(lo, n);
        double[] upper = tile(hi, n);
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

    /** {@code v} repeated {@code times} times, end to end (the bounds of several points or starts side by side). */
    static double[] tile(double[] v, int times) {
        double[] out = new double[v.length * times];
        for (int i = 0; i < times; i++) System.arraycopy(v, 0, out, i * v.length, v.length);
        return out;
    }

    /**
     * {@code gen_batch_initial_conditions} with {@code initialize_q_batch_nonneg}: the starts. While every raw value is
     * ≤ 0, up to {@code rounds} rounds with raw·1, raw·2, … points (BoTorch 0.8.5: 4, its {@code max_factor} 5); in
     * BoTorch 0.3.3 the rounds after the first never run, because the {@code BadInitialCandidatesWarning} that would
     * start them is filtered before {@code catch_warnings(record=True)} can see it (botorch {@code settings.py} 76
     * ignores every {@code BotorchWarning} from import on; design-baselines' {@code bo_qei/__init__.py} 115 ignores
     * this one again), so {@link #maximiseBatch} passes 1.
     */
    static double[][] initialConditions(
            ToDoubleFunction<double[]> value, double[] lo, double[] hi, int raw, int restarts, int rounds, Random rng) {
        double[][] starts = null;
        for (int factor = 1; factor <= rounds; factor++) {
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

    /**
     * n points of a Sobol sequence in the box, shifted by one uniform vector (a random rotation modulo 1); beyond
     * {@value MoboSamples#SOBOL_MAX_DIMENSION} dimensions, independent uniform points.
     */
    static double[][] sobol(double[] lo, double[] hi, int n, Random rng) {
        int d = lo.length;
        if (d > MoboSamples.SOBOL_MAX_DIMENSION) return uniform(lo, hi, n, rng);
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

    private static double[][] uniform(double[] lo, double[] hi, int n, Random rng) {
        double[][] points = new double[n][lo.length];
        for (double[] p : points) for (int j = 0; j < lo.length; j++) p[j] = lo[j] + rng.nextDouble() * (hi[j] - lo[j]);
        return points;
    }
}
