package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The joint Monte-Carlo qEI of a q-batch: value against independent computations, gradient against differences. */
class QExpectedImprovementTest {
    private static GaussianProcess gp() {
        double[][] x = {{0.0, 0.0}, {1.0, 0.5}, {-0.5, 1.0}, {0.3, -0.8}, {1.2, 1.1}};
        double[] y = {0.2, 1.0, -0.3, 0.4, 0.7};
        return GaussianProcess.of(x, y, 0.01, new double[] {0.1, Math.log(0.8), Math.log(0.9), Math.log(1.1)}, false);
    }

    /** One point: qEI is the Monte-Carlo estimate of the closed-form EI (μ − b)Φ(u) + σφ(u), u = (μ − b)/σ. */
    @Test
    void singlePointQeiMatchesAnalyticExpectedImprovement() {
        GaussianProcess gp = gp();
        double best = 1.0;
        QExpectedImprovement qei = new QExpectedImprovement(gp, best, 8192, 1, 11);
        NormalDistribution n = new NormalDistribution(null, 0, 1);
        for (double[] x : new double[][] {{0.8, 0.9}, {2.0, -1.0}, {1.0, 0.5}}) {
            double mu = gp.posteriorMean(new double[][] {x})[0];
            double sd = Math.sqrt(gp.posteriorCovariance(new double[][] {x})[0][0]);
            double z = (mu - best) / sd;
            double ei = (mu - best) * n.cumulativeProbability(z) + sd * n.density(z);
            assertEquals(ei, qei.value(x), 0.01 * ei + 1e-4, "x=" + Arrays.toString(x));
        }
    }

    /**
     * Three points: the value is the estimate computed from scratch (posterior mean and covariance from
     * {@link GaussianProcess}, a textbook Cholesky, the same base samples), and the gradient with respect to all six
     * coordinates equals central differences.
     */
    @Test
    void batchValueIsTheJointMonteCarloEstimateAndTheGradientIsExact() {
        GaussianProcess gp = gp();
        double best = 0.9;
        int s = 64;
        QExpectedImprovement qei = new QExpectedImprovement(gp, best, s, 3, 4);
        double[][] pts = {{0.8, 0.9}, {1.5, 0.2}, {0.2, 1.4}};
        double[] flat = {0.8, 0.9, 1.5, 0.2, 0.2, 1.4};
        assertEquals(fromScratch(gp, pts, best, qei.baseSamples()), qei.value(flat), 1e-12);

        double[] g = new double[6];
        double v = qei.valueAndGradient(flat, g);
        assertEquals(qei.value(flat), v, 0);
        assertTrue(v > 0.05, "the test needs improving samples, qEI " + v);
        for (int j = 0; j < 6; j++) {
            double h = 1e-6;
            double[] xp = flat.clone();
            double[] xm = flat.clone();
            xp[j] += h;
            xm[j] -= h;
            double fd = (qei.value(xp) - qei.value(xm)) / (2 * h);
            assertEquals(fd, g[j], 1e-6 + 1e-5 * Math.abs(fd), "∂/∂x" + j);
            assertTrue(g[j] != 0, "coordinate " + j + " has no gradient");
        }
    }

    /** The order of the points changes the estimate only through the base samples, not its expectation. */
    @Test
    void manySamplesMakeTheEstimateIndependentOfTheOrder() {
        GaussianProcess gp = gp();
        QExpectedImprovement qei = new QExpectedImprovement(gp, 0.9, 1 << 14, 2, 9);
        double a = qei.value(new double[] {0.8, 0.9, 1.5, 0.2});
        double b = qei.value(new double[] {1.5, 0.2, 0.8, 0.9});
        assertEquals(a, b, 2e-3 * a);
    }

    /**
     * The Cholesky factorisation's reverse mode: for a random 4 × 4 covariance and weights W, ∂/∂Σᵢⱼ of Σ Wᵢⱼ Lᵢⱼ
     * equals central differences in the lower triangle (the factorisation reads only that triangle).
     */
    @Test
    void choleskyAdjointMatchesDifferences() {
        Random rng = new Random(2);
        int q = 4;
        double[][] a = new double[q][q];
        for (int i = 0; i < q; i++) for (int j = 0; j < q; j++) a[i][j] = rng.nextGaussian();
        double[][] sigma = new double[q][q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                for (int m = 0; m < q; m++) sigma[i][j] += a[i][m] * a[j][m];
            }
            sigma[i][i] += 0.5;
        }
        double[][] w = new double[q][];
        for (int i = 0; i < q; i++) {
            w[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) w[i][j] = rng.nextGaussian();
        }
        double[][] l = cholesky(sigma);
        double[][] gs = QExpectedImprovement.choleskyAdjoint(l, new boolean[q], w);
        for (int i = 0; i < q; i++) {
            for (int j = 0; j <= i; j++) {
                double h = 1e-6;
                double[][] p = copy(sigma);
                double[][] m = copy(sigma);
                p[i][j] += h;
                m[i][j] -= h;
                double fd = (weighted(cholesky(p), w) - weighted(cholesky(m), w)) / (2 * h);
                assertEquals(fd, gs[i][j], 1e-6 * Math.max(1, Math.abs(fd)), "∂/∂Σ" + i + j);
            }
        }
    }

    /** The same point twice: the second pivot is floored, the value and gradient stay finite. */
    @Test
    void coincidentPointsGiveFiniteValuesAndGradients() {
        GaussianProcess gp = gp();
        QExpectedImprovement qei = new QExpectedImprovement(gp, 0.9, 64, 2, 4);
        double[] flat = {0.8, 0.9, 0.8, 0.9};
        double[] g = new double[4];
        double v = qei.valueAndGradient(flat, g);
        assertEquals(new QExpectedImprovement(gp, 0.9, 64, 1, 4).value(new double[] {0.8, 0.9}), v, 0.05 * v);
        for (double x : g) assertTrue(Double.isFinite(x), Arrays.toString(g));
    }

    @Test
    void aBatchOfTheWrongLengthIsRefused() {
        QExpectedImprovement qei = new QExpectedImprovement(gp(), 0.9, 16, 3, 4);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> qei.value(new double[] {1, 2, 3, 4}));
        assertEquals("a q-batch of 3 points in 2 dimensions has 6 entries, got 4", e.getMessage());
    }

    private static double fromScratch(GaussianProcess gp, double[][] pts, double best, double[][] z) {
        int q = pts.length;
        double[] mu = gp.posteriorMean(pts);
        double[][] l = cholesky(gp.posteriorCovariance(pts));
        double total = 0;
        for (double[] zs : z) {
            double m = 0;
            for (int i = 0; i < q; i++) {
                double f = mu[i];
                for (int j = 0; j <= i; j++) f += l[i][j] * zs[j];
                m = Math.max(m, f - best);
            }
            total += m;
        }
        return total / z.length;
    }

    private static double[][] cholesky(double[][] s) {
        int q = s.length;
        double[][] l = new double[q][];
        for (int i = 0; i < q; i++) {
            l[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                double v = s[i][j];
                for (int m = 0; m < j; m++) v -= l[i][m] * l[j][m];
                l[i][j] = i == j ? Math.sqrt(v) : v / l[j][j];
            }
        }
        return l;
    }

    private static double weighted(double[][] l, double[][] w) {
        double s = 0;
        for (int i = 0; i < l.length; i++) for (int j = 0; j <= i; j++) s += w[i][j] * l[i][j];
        return s;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
