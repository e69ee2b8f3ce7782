package org.mbo4j.method.baseline;

import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.mbo4j.nn.Dot;

/**
 * Monte-Carlo batch expected improvement of a q-batch X = (x₁, …, x_q), qEI(X) = (1/S) Σₛ maxᵢ (f⁽ˢ⁾(xᵢ) − best)⁺,
 * as BoTorch 0.3.3's {@code qExpectedImprovement} with a {@code SobolQMCNormalSampler} computes it
 * ({@code acquisition/monte_carlo.py}, {@code forward}: samples of the joint posterior, {@code clamp_min(0)} of the
 * improvement, max over the batch, mean over the samples): f⁽ˢ⁾ = μ + L z⁽ˢ⁾ with μ the posterior mean of the latent
 * f at the q points, L the lower Cholesky factor of their joint posterior covariance (no observation noise) and
 * z⁽ˢ⁾ = Φ⁻¹ of quasi-random points of dimension q, the same S × q base samples for every batch scored (the sampler
 * keeps them while the shape is unchanged). BoTorch scrambles its Sobol points (Owen); we apply a seeded random
 * shift modulo 1 (Cranley–Patterson), which also keeps Φ⁻¹ away from 0.
 *
 * <p>A batch is passed flat: {@code x[i·d + j]} is coordinate j of point i (the layout of a q × d tensor). The
 * gradient with respect to all q·d coordinates is exact, by reverse mode through the posterior and the row-by-row
 * Cholesky factorisation. A pivot whose remaining variance is at most {@value BatchPosterior#MIN_VARIANCE} is
 * floored there (L_ii = 1e-6, gradient 0 through it), as {@link BatchPosterior} does, so coincident points do not
 * break the factorisation (BoTorch's float32 posterior adds gpytorch's Cholesky jitter instead). Immutable after
 * construction, but {@link #value}/{@link #valueAndGradient} are not thread-safe (no shared scratch: each call
 * allocates its own).
 */
final class QExpectedImprovement {
    private final GaussianProcess gp;
    private final double best;
    private final double[][] z;
    private final int samples;
    private final int q;

    /**
     * @param best    the incumbent (BoTorch: the best observed value)
     * @param samples number of base samples (design-baselines: 128, {@code bo_mc_samples})
     * @param q       batch size (design-baselines: 32, {@code bo_batch_size})
     * @param seed    the base samples' random shift
     */
    QExpectedImprovement(GaussianProcess gp, double best, int samples, int q, long seed) {
        if (samples < 1 || q < 1) {
            throw new IllegalArgumentException(
                    "qEI needs at least one sample and one batch point, got samples " + samples + ", q " + q);
        }
        this.gp = gp;
        this.best = best;
        this.samples = samples;
        this.q = q;
        this.z = MoboSamples.normal(samples, q, 1, seed)[0]; // one "objective": Sobol up to its dimension limit
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

    /** The batch size q. */
    int q() {
        return q;
    }

    /** The base samples, S × q (a copy). */
    double[][] baseSamples() {
        double[][] c = new double[samples][];
        for (int s = 0; s < samples; s++) c[s] = z[s].clone();
        return c;
    }

    /** qEI of the flat batch {@code x} (q·d entries). */
    double value(double[] x) {
        return evaluate(x, null);
    }

    /** qEI of the flat batch {@code x}; its gradient with respect to every coordinate goes into {@code grad}. */
    double valueAndGradient(double[] x, double[] grad) {
        return evaluate(x, grad);
    }

    private double evaluate(double[] flat, double[] grad) {
        double[][] xs = gp.inputs();
        int n = xs.length;
        int d = xs[0].length;
        if (flat.length != q * d) {
            throw new IllegalArgumentException("a q-batch of " + q + " points in " + d + " dimensions has " + q * d
                    + " entries, got " + flat.length);
        }
        boolean withGradient = grad != null;
        double[][] x = new double[q][d];
        for (int i = 0; i < q; i++) System.arraycopy(flat, i * d, x[i], 0, d);
        double[] alpha = gp.alpha();
        // k(X, xᵢ), its gradient in xᵢ, w = K⁻¹k(X, xᵢ), μᵢ
        double[][] k = new double[q][n];
        double[][][] dk = withGradient ? new double[q][n][d] : null;
        double[][] w = new double[q][];
        double[] mu = new double[q];
        double[] tmp = new double[d];
        for (int i = 0; i < q; i++) {
            for (int a = 0; a < n; a++) {
                k[i][a] = gp.kernelAndGradient(x[i], xs[a], tmp);
                if (withGradient) System.arraycopy(tmp, 0, dk[i][a], 0, d);
            }
            w[i] = Dot.multiply(gp.inverse(), k[i]);
            mu[i] = gp.mean() + Dot.dot(k[i], alpha, n);
        }
        // Σᵢⱼ = k(xᵢ, xⱼ) − k(X, xᵢ)ᵀ K⁻¹ k(X, xⱼ) (lower triangle) and its Cholesky factor, row by row
        double[][] sigma = new double[q][];
        double[][] l = new double[q][];
        boolean[] floored = new boolean[q];
        for (int i = 0; i < q; i++) {
            sigma[i] = new double[i + 1];
            l[i] = new double[i + 1];
            for (int j = 0; j < i; j++) sigma[i][j] = gp.kernel(x[i], x[j]) - Dot.dot(k[i], w[j], n);
            sigma[i][i] = gp.outputScale() - Dot.dot(k[i], w[i], n);
            for (int j = 0; j < i; j++) l[i][j] = (sigma[i][j] - Dot.dot(l[i], l[j], j)) / l[j][j];
            double rest = sigma[i][i] - Dot.dot(l[i], l[i], i);
            floored[i] = !(rest > BatchPosterior.MIN_VARIANCE);
            l[i][i] = Math.sqrt(floored[i] ? BatchPosterior.MIN_VARIANCE : rest);
        }
        // samples, improvement, and the adjoints of μ and L
        double total = 0;
        double[] gMu = withGradient ? new double[q] : null;
        double[][] gL = withGradient ? new double[q][] : null;
        if (withGradient) for (int i = 0; i < q; i++) gL[i] = new double[i + 1];
        for (int s = 0; s < samples; s++) {
            double[] zs = z[s];
            double bestImp = 0;
            int arg = -1;
            for (int i = 0; i < q; i++) {
                double imp = mu[i] + Dot.dot(l[i], zs, i + 1) - best;
                if (imp > bestImp) {
                    bestImp = imp;
                    arg = i;
                }
            }
            total += bestImp;
            if (withGradient && arg >= 0) {
                gMu[arg] += 1;
                for (int m = 0; m <= arg; m++) gL[arg][m] += zs[m];
            }
        }
        if (!withGradient) return total / samples;
        for (int i = 0; i < q; i++) {
            gMu[i] /= samples;
            for (int m = 0; m <= i; m++) gL[i][m] /= samples;
        }
        double[][] gSigma = choleskyAdjoint(l, floored, gL);
        // back to k(X, xᵢ) and the xᵢ: μᵢ = c + kᵢᵀα; Σᵢⱼ = k(xᵢ, xⱼ) − kᵢᵀK⁻¹kⱼ (kᵢᵀK⁻¹kᵢ on the diagonal)
        double[][] gk = new double[q][n];
        java.util.Arrays.fill(grad, 0);
        for (int i = 0; i < q; i++) {
            double[] gki = gk[i];
            for (int a = 0; a < n; a++) gki[a] = gMu[i] * alpha[a] - 2 * gSigma[i][i] * w[i][a];
            for (int j = 0; j < i; j++) {
                double c = gSigma[i][j];
                if (c == 0) continue;
                double[] gkj = gk[j];
                double[] wi = w[i];
                double[] wj = w[j];
                for (int a = 0; a < n; a++) {
                    gki[a] -= c * wj[a];
                    gkj[a] -= c * wi[a];
                }
                gp.kernelAndGradient(x[i], x[j], tmp); // ∂k(xᵢ, xⱼ)/∂xᵢ = −∂/∂xⱼ
                for (int t = 0; t < d; t++) {
                    grad[i * d + t] += c * tmp[t];
                    grad[j * d + t] -= c * tmp[t];
                }
            }
        }
        for (int i = 0; i < q; i++) {
            for (int a = 0; a < n; a++) {
                double c = gk[i][a];
                if (c == 0) continue;
                double[] dka = dk[i][a];
                for (int t = 0; t < d; t++) grad[i * d + t] += c * dka[t];
            }
        }
        return total / samples;
    }

    /**
     * Reverse mode of the row-by-row Cholesky factorisation used above: given ∂/∂L (lower, rows of length i + 1),
     * returns ∂/∂Σ on the lower triangle (entry (i, j), j ≤ i, stands for the symmetric pair). A floored pivot is a
     * constant. Rows are visited last to first and each row right to left, so every entry's adjoint is complete when
     * it is propagated.
     */
    static double[][] choleskyAdjoint(double[][] l, boolean[] floored, double[][] gLIn) {
        int q = l.length;
        double[][] gL = new double[q][];
        double[][] gS = new double[q][];
        for (int i = 0; i < q; i++) {
            gL[i] = gLIn[i].clone();
            gS[i] = new double[i + 1];
        }
        for (int i = q - 1; i >= 0; i--) {
            double[] li = l[i];
            double[] gli = gL[i];
            // L_ii = √(Σᵢᵢ − Σ_{m<i} L_im²)
            if (!floored[i]) {
                double gRest = gli[i] / (2 * li[i]);
                gS[i][i] += gRest;
                for (int m = 0; m < i; m++) gli[m] -= 2 * gRest * li[m];
            }
            // L_ij = (Σᵢⱼ − Σ_{m<j} L_im L_jm) / L_jj
            for (int j = i - 1; j >= 0; j--) {
                double[] lj = l[j];
                double g = gli[j] / lj[j];
                gS[i][j] += g;
                gL[j][j] -= gli[j] * li[j] / lj[j];
                for (int m = 0; m < j; m++) {
                    gli[m] -= g * lj[m];
                    gL[j][m] -= g * li[m];
                }
            }
        }
        return gS;
    }
}
