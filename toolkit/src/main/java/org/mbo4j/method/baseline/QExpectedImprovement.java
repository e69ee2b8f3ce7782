package org.mbo4j.method.baseline;

import java.util.ArrayList;
import java.util.Arrays;
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
 * factor gains one row). The gradient with respect to the candidate is analytic. Mutable; not thread-safe.
 */
final class QExpectedImprovement {
    private final GaussianProcess gp;
    private final double best;
    private final double[][] z;
    private final int samples;
    private final int q;
    private final List<double[]> points = new ArrayList<>();
    private final List<double[]> kinvK = new ArrayList<>();
    private final List<double[]> cholRows = new ArrayList<>();
    private final double[] maxImprovement;

    /**
     * @param best    the incumbent (BoTorch: the best observed value)
     * @param samples number of base samples (BoTorch default here: 128)
     * @param q       maximum batch size
     */
    QExpectedImprovement(GaussianProcess gp, double best, int samples, int q, long seed) {
        this.gp = gp;
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
        return points.size();
    }

    List<double[]> points() {
        return points;
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
        if (points.size() >= q) throw new IllegalStateException("the batch already holds q = " + q + " points");
        Row r = row(x, false);
        double[] chol = new double[r.l.length + 1];
        System.arraycopy(r.l, 0, chol, 0, r.l.length);
        chol[r.l.length] = r.lqq;
        int p = points.size();
        for (int s = 0; s < samples; s++) {
            double f = r.mu;
            for (int i = 0; i <= p; i++) f += chol[i] * z[s][i];
            maxImprovement[s] = Math.max(maxImprovement[s], f - best);
        }
        points.add(x.clone());
        kinvK.add(r.w);
        cholRows.add(chol);
    }

    private double evaluate(double[] x, double[] grad) {
        if (points.size() >= q) throw new IllegalStateException("the batch already holds q = " + q + " points");
        Row r = row(x, grad != null);
        int p = points.size();
        double total = 0;
        if (grad != null) Arrays.fill(grad, 0);
        int d = x.length;
        for (int s = 0; s < samples; s++) {
            double f = r.mu + r.lqq * z[s][p];
            for (int i = 0; i < p; i++) f += r.l[i] * z[s][i];
            double imp = f - best;
            if (imp > maxImprovement[s]) {
                total += imp;
                if (grad != null) {
                    for (int j = 0; j < d; j++) {
                        double g = r.dmu[j] + r.dlqq[j] * z[s][p];
                        for (int i = 0; i < p; i++) g += r.dl[i][j] * z[s][i];
                        grad[j] += g;
                    }
                }
            } else {
                total += maxImprovement[s];
            }
        }
        if (grad != null) for (int j = 0; j < d; j++) grad[j] /= samples;
        return total / samples;
    }

    /** Posterior quantities of a candidate given the batch so far. */
    private record Row(double mu, double[] l, double lqq, double[] w, double[] dmu, double[][] dl, double[] dlqq) {}

    private Row row(double[] x, boolean withGrad) {
        double[][] xs = gp.inputs();
        int n = xs.length;
        int d = x.length;
        int p = points.size();
        double[] k = new double[n];
        double[][] dk = withGrad ? new double[n][d] : null;
        double[] tmp = new double[d];
        for (int a = 0; a < n; a++) {
            k[a] = gp.kernelAndGradient(x, xs[a], tmp);
            if (withGrad) System.arraycopy(tmp, 0, dk[a], 0, d);
        }
        double[] alpha = gp.alpha();
        double mu = gp.mean();
        for (int a = 0; a < n; a++) mu += k[a] * alpha[a];
        double[] w = GaussianProcess.multiply(gp.inverse(), k);
        double var = gp.outputScale();
        for (int a = 0; a < n; a++) var -= k[a] * w[a];
        // Σ_{P,x} = k(P, x) − (K⁻¹K_{X,P})ᵀ k(x)
        double[] sig = new double[p];
        double[][] dsig = withGrad ? new double[p][d] : null;
        for (int i = 0; i < p; i++) {
            double[] wi = kinvK.get(i);
            double v = gp.kernelAndGradient(x, points.get(i), tmp);
            if (withGrad) System.arraycopy(tmp, 0, dsig[i], 0, d);
            for (int a = 0; a < n; a++) v -= wi[a] * k[a];
            sig[i] = v;
            if (withGrad) {
                for (int a = 0; a < n; a++) {
                    double c = wi[a];
                    if (c == 0) continue;
                    double[] dka = dk[a];
                    for (int j = 0; j < d; j++) dsig[i][j] -= c * dka[j];
                }
            }
        }
        // forward substitution l = L_P⁻¹ Σ_{P,x}
        double[] l = new double[p];
        double[][] dl = withGrad ? new double[p][d] : null;
        for (int i = 0; i < p; i++) {
            double[] row = cholRows.get(i);
            double v = sig[i];
            for (int m = 0; m < i; m++) v -= row[m] * l[m];
            l[i] = v / row[i];
            if (withGrad) {
                for (int j = 0; j < d; j++) {
                    double g = dsig[i][j];
                    for (int m = 0; m < i; m++) g -= row[m] * dl[m][j];
                    dl[i][j] = g / row[i];
                }
            }
        }
        double ll = 0;
        for (double v : l) ll += v * v;
        double lqq2 = var - ll;
        double lqq = Math.sqrt(Math.max(lqq2, 1e-12));
        double[] dmu = null;
        double[] dlqq = null;
        if (withGrad) {
            dmu = new double[d];
            double[] dvar = new double[d];
            for (int a = 0; a < n; a++) {
                double[] dka = dk[a];
                for (int j = 0; j < d; j++) {
                    dmu[j] += dka[j] * alpha[a];
                    dvar[j] -= 2 * dka[j] * w[a];
                }
            }
            dlqq = new double[d];
            if (lqq2 > 1e-12) {
                for (int j = 0; j < d; j++) {
                    double g = dvar[j];
                    for (int i = 0; i < p; i++) g -= 2 * l[i] * dl[i][j];
                    dlqq[j] = g / (2 * lqq);
                }
            }
        }
        return new Row(mu, l, lqq, w, dmu, dl, dlqq);
    }
}
