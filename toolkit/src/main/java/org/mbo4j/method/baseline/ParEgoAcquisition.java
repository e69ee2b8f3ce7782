package org.mbo4j.method.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * qParEGO's acquisition as Off-MOO-Bench builds it ({@code off_moo_baselines/mobo/mobo_parego.py} 82–113 of
 * {@code lamda-bbo/offline-moo} a960f6f): Monte-Carlo qEI of an augmented Chebyshev scalarisation
 * ({@link ChebyshevScalarization}) of m independent GPs, E[max((g(f(x)) − best)⁺, maxᵢ (g(f(pᵢ)) − best)⁺)] over
 * the candidate x and the pending points pᵢ chosen before it (BoTorch's {@code optimize_acqf_list}: sequential
 * greedy, earlier candidates as {@code X_pending}). Each candidate has its own scalarisation and incumbent
 * ({@link #scalarise}); the pending points and their joint posterior ({@link BatchPosterior}, one per objective) are
 * shared. Base samples: {@code samples} × (q·m) Φ⁻¹ of shifted Sobol points when q·m ≤ 1000 (the Sobol generator's
 * limit), seeded Gaussian pseudo-random numbers otherwise ({@link MoboSamples}); all candidates' functions use the
 * same base samples, as the reference's one shared, once-seeded sampler ({@code mobo_parego.py} 88; BoTorch puts the
 * candidate first in the joint sample, so there the pending points' samples vary with x: docs/methods/mobo.md,
 * deviation 3). Objectives are minimised (the GPs model the
 * minimised targets). Mutable; not thread-safe.
 */
final class ParEgoAcquisition {
    private final BatchPosterior[] posteriors;
    private final int samples;
    private final int q;
    /** z[j][s][i]: base sample of objective j, sample s, batch position i. */
    private final double[][][] z;
    /** Sampled minimised outcomes of the pending points: pending.get(i)[s][j]. */
    private final List<double[][]> pending = new ArrayList<>();

    private ChebyshevScalarization scalarisation;
    private double best;
    private double[] pendingImprovement;

    ParEgoAcquisition(List<GaussianProcess> gps, int samples, int q, long seed) {
        int m = gps.size();
        posteriors = new BatchPosterior[m];
        for (int j = 0; j < m; j++) posteriors[j] = new BatchPosterior(gps.get(j));
        this.samples = samples;
        this.q = q;
        z = MoboSamples.normal(samples, q, m, seed);
    }

    /** Sets the current candidate's scalarisation and incumbent {@code best} (max of g over the data's labels). */
    void scalarise(ChebyshevScalarization g, double best) {
        this.scalarisation = g;
        this.best = best;
        pendingImprovement = new double[samples];
        for (double[][] p : pending) {
            for (int s = 0; s < samples; s++) {
                pendingImprovement[s] = Math.max(pendingImprovement[s], g.value(p[s]) - best);
            }
        }
    }

    int size() {
        return pending.size();
    }

    /** The acquisition value of {@code x} as the next point. */
    double value(double[] x) {
        return evaluate(x, null);
    }

    /** The value, with its gradient with respect to x written into {@code grad}. */
    double valueAndGradient(double[] x, double[] grad) {
        return evaluate(x, grad);
    }

    /** Appends {@code x} to the pending points. */
    void add(double[] x) {
        if (pending.size() >= q) throw new IllegalStateException("the batch already holds q = " + q + " points");
        int m = posteriors.length;
        double[][] f = new double[samples][m];
        for (int j = 0; j < m; j++) {
            BatchPosterior.Row r = posteriors[j].add(x);
            for (int s = 0; s < samples; s++) f[s][j] = r.sample(z[j][s]);
        }
        pending.add(f);
    }

    private double evaluate(double[] x, double[] grad) {
        if (scalarisation == null) throw new IllegalStateException("call scalarise before evaluating");
        if (pending.size() >= q) throw new IllegalStateException("the batch already holds q = " + q + " points");
        int m = posteriors.length;
        int p = pending.size();
        BatchPosterior.Row[] rows = new BatchPosterior.Row[m];
        for (int j = 0; j < m; j++) rows[j] = posteriors[j].row(x, grad != null);
        double[] y = new double[m];
        double[] dg = new double[m];
        double[] gMu = new double[m];
        double[][] gL = new double[m][p];
        double[] gLx = new double[m];
        double total = 0;
        for (int s = 0; s < samples; s++) {
            for (int j = 0; j < m; j++) y[j] = rows[j].sample(z[j][s]);
            double imp = scalarisation.valueAndGradient(y, dg) - best;
            if (imp > pendingImprovement[s] && imp > 0) {
                total += imp;
                for (int j = 0; j < m; j++) {
                    gMu[j] += dg[j];
                    double[] zs = z[j][s];
                    for (int i = 0; i < p; i++) gL[j][i] += dg[j] * zs[i];
                    gLx[j] += dg[j] * zs[p];
                }
            } else {
                total += Math.max(pendingImprovement[s], 0);
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
