package org.mbo4j.method.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * qNEHVI for one new point at a time, as BoTorch 0.8.5's {@code qNoisyExpectedHypervolumeImprovement} runs inside
 * {@code optimize_acqf(q, sequential=True)} with its defaults ({@code botorch/acquisition/multi_objective/
 * monte_carlo.py} 363–382 at v0.8.5: {@code prune_baseline=False}, {@code alpha=0}, {@code cache_root=True},
 * {@code incremental_nehvi=True}): E_s[HVI(f⁽ˢ⁾(x) | Pareto front of f⁽ˢ⁾(X_baseline ∪ X_pending), r)], where the
 * samples f⁽ˢ⁾ are drawn <em>jointly</em> at the baseline, the pending points and the candidate from the posterior
 * of m independent GPs ({@link BatchPosterior}: the baseline points are its first batch points, each chosen point
 * is appended), and the hypervolume improvement is exact ({@link HypervolumeImprovement}; BoTorch uses an exact box
 * decomposition for α = 0). Objectives are minimised (the GPs model the minimised targets; r in the same units).
 * Base samples: seeded Gaussian pseudo-random numbers ({@link MoboSamples}; the (n + q)·m dimensions exceed the Sobol
 * generator's limit). Per sample the front is kept incrementally, restricted to points strictly below r (the only
 * ones that can change an improvement). Mutable; not thread-safe.
 */
final class NoisyHypervolumeImprovement {
    private final BatchPosterior[] posteriors;
    private final double[] ref;
    private final int samples;
    private final int capacity;
    private final double[][][] z;
    private final List<List<double[]>> fronts = new ArrayList<>();

    /**
     * @param baseline the baseline inputs (theirs: the GP's training inputs)
     * @param q        the most points that will be added after the baseline
     */
    NoisyHypervolumeImprovement(
            List<GaussianProcess> gps, double[][] baseline, double[] ref, int samples, int q, long seed) {
        int m = gps.size();
        if (ref.length != m) {
            throw new IllegalArgumentException("the reference point has " + ref.length + " values for " + m + " GPs");
        }
        this.ref = ref.clone();
        this.samples = samples;
        this.capacity = baseline.length + q;
        posteriors = new BatchPosterior[m];
        for (int j = 0; j < m; j++) posteriors[j] = new BatchPosterior(gps.get(j));
        z = MoboSamples.normal(samples, capacity, m, seed);
        for (int s = 0; s < samples; s++) fronts.add(new ArrayList<>());
        for (double[] b : baseline) add(b);
    }

    /** Points added so far (baseline included). */
    int size() {
        return posteriors[0].size();
    }

    /** The front of sample s (points strictly below the reference point). */
    List<double[]> front(int s) {
        return fronts.get(s);
    }

    /** Base sample of objective j, sample s, batch position i. */
    double baseSample(int j, int s, int i) {
        return z[j][s][i];
    }

    double value(double[] x) {
        return evaluate(x, null);
    }

    double valueAndGradient(double[] x, double[] grad) {
        return evaluate(x, grad);
    }

    /** Appends {@code x} to the baseline of every later evaluation (a pending point). */
    void add(double[] x) {
        if (size() >= capacity) throw new IllegalStateException("no room for more than " + capacity + " points");
        int m = posteriors.length;
        BatchPosterior.Row[] rows = new BatchPosterior.Row[m];
        double[][] ys = new double[m][samples];
        for (int j = 0; j < m; j++) {
            rows[j] = posteriors[j].add(x);
            rows[j].samples(z[j], samples, ys[j]);
        }
        for (int s = 0; s < samples; s++) {
            double[] y = new double[m];
            boolean inside = true;
            for (int j = 0; j < m; j++) {
                y[j] = ys[j][s];
                inside &= y[j] < ref[j];
            }
            if (inside) insert(fronts.get(s), y);
        }
    }

    /** Adds y to a front unless a member weakly dominates it; drops the members it dominates. */
    static void insert(List<double[]> front, double[] y) {
        for (double[] p : front) if (weaklyDominates(p, y)) return;
        front.removeIf(p -> weaklyDominates(y, p));
        front.add(y);
    }

    private static boolean weaklyDominates(double[] a, double[] b) {
        for (int j = 0; j < a.length; j++) if (a[j] > b[j]) return false;
        return true;
    }

    private double evaluate(double[] x, double[] grad) {
        if (size() >= capacity) throw new IllegalStateException("no room for more than " + capacity + " points");
        int m = posteriors.length;
        int p = size();
        BatchPosterior.Row[] rows = new BatchPosterior.Row[m];
        double[][] ys = new double[m][samples];
        for (int j = 0; j < m; j++) {
            rows[j] = posteriors[j].row(x, grad != null);
            rows[j].samples(z[j], samples, ys[j]);
        }
        double[] y = new double[m];
        double[] dh = new double[m];
        double[] gMu = new double[m];
        double[][] gL = grad == null ? null : new double[m][p];
        double[] gLx = new double[m];
        double total = 0;
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < m; j++) y[j] = ys[j][s];
            if (grad == null) {
                total += HypervolumeImprovement.of(y, fronts.get(s), ref);
                continue;
            }
            double h = HypervolumeImprovement.valueAndGradient(y, fronts.get(s), ref, dh);
            if (h == 0) continue;
            total += h;
            for (int j = 0; j < m; j++) {
                double c = dh[j];
                if (c == 0) continue;
                gMu[j] += c;
                double[] zs = z[j][s];
                double[] gl = gL[j];
                for (int i = 0; i < p; i++) gl[i] += c * zs[i];
                gLx[j] += c * zs[p];
            }
        }
        if (grad != null) {
            Arrays.fill(grad, 0);
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < p; i++) gL[j][i] /= samples;
                double[] g = posteriors[j].gradient(rows[j], gMu[j] / samples, gL[j], gLx[j] / samples);
                for (int k = 0; k < grad.length; k++) grad[k] += g[k];
            }
        }
        return total / samples;
    }
}
