package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class QExpectedImprovementTest {
    private static GaussianProcess gp() {
        double[][] x = {{0.0, 0.0}, {1.0, 0.5}, {-0.5, 1.0}, {0.3, -0.8}, {1.2, 1.1}};
        double[] y = {0.2, 1.0, -0.3, 0.4, 0.7};
        return GaussianProcess.of(x, y, 0.01, new double[] {0.1, Math.log(0.8), Math.log(0.9), Math.log(1.1)}, false);
    }

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
            double mc = qei.value(x);
            assertEquals(ei, mc, 0.01 * ei + 1e-4, "x=" + java.util.Arrays.toString(x));
        }
    }

    @Test
    void batchValueIsTheJointMonteCarloEstimateAndTheGradientIsExact() {
        GaussianProcess gp = gp();
        double best = 0.9;
        int s = 64;
        QExpectedImprovement qei = new QExpectedImprovement(gp, best, s, 3, 4);
        double[][] pts = {{0.8, 0.9}, {1.5, 0.2}, {0.2, 1.4}};
        qei.add(pts[0]);
        qei.add(pts[1]);
        // joint estimate from scratch: Cholesky of the 3×3 posterior covariance, same base samples
        double[] mu = gp.posteriorMean(pts);
        double[][] cov = gp.posteriorCovariance(pts);
        double[][] l = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                double v = cov[i][j];
                for (int m = 0; m < j; m++) v -= l[i][m] * l[j][m];
                l[i][j] = i == j ? Math.sqrt(v) : v / l[j][j];
            }
        }
        double[][] z = QExpectedImprovement.baseSamples(s, 3, 4);
        double joint = 0;
        for (double[] zs : z) {
            double m = 0;
            for (int i = 0; i < 3; i++) {
                double f = mu[i];
                for (int j = 0; j <= i; j++) f += l[i][j] * zs[j];
                m = Math.max(m, f - best);
            }
            joint += m / s;
        }
        assertEquals(joint, qei.value(pts[2]), 1e-9);
        assertTrue(qei.value(pts[2]) >= qei.current());
        double[] g = new double[2];
        double[] x = {0.4, 1.2};
        qei.valueAndGradient(x, g);
        for (int j = 0; j < 2; j++) {
            double h = 1e-6;
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[j] += h;
            xm[j] -= h;
            double fd = (qei.value(xp) - qei.value(xm)) / (2 * h);
            assertEquals(fd, g[j], 1e-5 + 1e-4 * Math.abs(fd), "∂/∂x" + j);
        }
    }
}
