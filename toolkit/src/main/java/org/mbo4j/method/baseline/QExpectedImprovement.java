package org.mbo4j.method.baseline;

import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * Monte-Carlo batch expected improvement qEI(x₁..x_q) = E[maxᵢ (f(xᵢ) − best)⁺] under a GP posterior, estimated
 * with fixed quasi-random base samples as BoTorch's {@code qExpectedImprovement} with a
 * {@code SobolQMCNormalSampler}: f⁽ˢ⁾ = μ + L z⁽ˢ⁾, L the Cholesky factor of the joint posterior covariance of the
 * batch, z⁽ˢ⁾ = Φ⁻¹(Sobol points). BoTorch scrambles its Sobol points (Owen); we apply a seeded random shift
 * modulo 1 (Cranley–Patterson), which also keeps Φ⁻¹ away from 0.
 *
 * <p>The batch is built greedily: {@link #value}/{@link #valueAndGradient} score a candidate as the next point
 * given the points already {@link #add added}, which is exactly the joint qEI of the extended batch (the Cholesky
 * factor gains one row, {@link BatchPosterior}). The gradient with respect to the candidate is analytic. Mutable;
 * not thread-safe.
 */
final class QExpectedImprovement {
    private final BatchPosterior batch;
    private final double best;
    private final double[][] z;
    private final int samples;
    private final int q;
    private final double[] maxImprovement;

    /**
     * @param best    the incumbent (BoTorch: the best observed value)
     * @param samples number of base samples (BoTorch default here: 128)
     * @param q       maximum batch size
     */
    QExpectedImprovement(GaussianProcess gp, double best, int samples, int q, long seed) {
        this.batch = new BatchPosterior(gp);
        this.best = best;
        this.samples = samples;
        this.q = q;
        this.z = baseSamples(samples, q, seed);
        this.maxImprovement = new double[samples];
    }

    /** Normal base samples, {@code samples} × {@code q}: Φ⁻¹ of randomly shifted Sobol points. */
    static double[][] baseSamples(int samples, int q, long seed) {
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(q);
        Random rng = new Random(seed);
        double[] shift = new double[q];
        for (int j = 0; j < q; j++) shift[j] = rng.nextDouble();
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        double[][] z = new double[samples][q];
        for (int s = 0; s < samples; s++) {
            double[] u = sobol.nextVector();
            for (int j = 0; j < q; j++) {
                double v = (u[j] + shift[j]) % 1.0;
                v = Math.min(Math.max(v, 1e-10), 1 - 1e-10);
                z[s][j] = normal.inverseCumulativeProbability(v);
            }
        }
        return z;
    }

    int size() {
        return batch.size();
    }

    List<double[]> points() {
        return batch.points();
    }

    /** qEI of the added points plus {@code x}. */
    double value(double[] x) {
        return evaluate(x, null);
    }

    /** qEI of the added points plus {@code x}; its gradient with respect to {@code x} goes into {@code grad}. */
    double valueAndGradient(double[] x, double[] grad) {
        return evaluate(x, grad);
    }

    /** qEI of the added points alone (0 for none). */
    double current() {
        double s = 0;
        for (double m : maxImprovement) s += m;
        return s / samples;
    }

    /** Appends {@code x} to the batch. */
    void add(double[] x) {
        if (batch.size() >= q) throw new IllegalStateException("the batch already holds q = " + q + " points");
        BatchPosterior.Row r = batch.add(x);
        for (int s = 0; s < samples; s++) maxImprovement[s] = Math.max(maxImprovement[s], r.sample(z[s]) - best);
    }

    private double evaluate(double[] x, double[] grad) {
        if (batch.size() >= q) throw new IllegalStateException("the batch already holds q = " + q + " points");
        BatchPosterior.Row r = batch.row(x, grad != null);
        int p = batch.size();
        double total = 0;
        double gMu = 0;
        double[] gL = new double[p];
        double gLx = 0;
        for (int s = 0; s < samples; s++) {
            double imp = r.sample(z[s]) - best;
            if (imp > maxImprovement[s]) {
                total += imp;
                gMu += 1;
                for (int i = 0; i < p; i++) gL[i] += z[s][i];
                gLx += z[s][p];
            } else {
                total += maxImprovement[s];
            }
        }
        if (grad != null) {
            for (int i = 0; i < p; i++) gL[i] /= samples;
            double[] g = batch.gradient(r, gMu / samples, gL, gLx / samples);
            System.arraycopy(g, 0, grad, 0, grad.length);
        }
        return total / samples;
    }
}
