package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {
    private static double matern(double r, double s2) {
        double a = Math.sqrt(5) * r;
        return s2 * (1 + a + a * a / 3) * Math.exp(-a);
    }

    @Test
    void posteriorOfTwoPointsMatchesTheClosedForm() {
        // x = {0, 1}, y = {1, -0.5}, c = 0.2, s² = 1.5, ℓ = 0.8, noise 0.01; query 0.25 and 2
        double c = 0.2;
        double s2 = 1.5;
        double l = 0.8;
        double noise = 0.01;
        double[] theta = {c, Math.log(s2), Math.log(l)};
        GaussianProcess gp = GaussianProcess.of(new double[][] {{0}, {1}}, new double[] {1, -0.5}, noise, theta, false);
        double k01 = matern(1 / l, s2);
        double a = s2 + noise;
        double det = a * a - k01 * k01;
        // K⁻¹ = [[a, -k01], [-k01, a]] / det
        double r0 = 1 - c;
        double r1 = -0.5 - c;
        double al0 = (a * r0 - k01 * r1) / det;
        double al1 = (-k01 * r0 + a * r1) / det;
        double[][] q = {{0.25}, {2}};
        double[] mean = gp.posteriorMean(q);
        double[][] cov = gp.posteriorCovariance(q);
        double[][] ks = new double[2][2];
        for (int i = 0; i < 2; i++) {
            ks[i][0] = matern(Math.abs(q[i][0]) / l, s2);
            ks[i][1] = matern(Math.abs(q[i][0] - 1) / l, s2);
            assertEquals(c + ks[i][0] * al0 + ks[i][1] * al1, mean[i], 1e-10);
        }
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double quad = (ks[i][0] * (a * ks[j][0] - k01 * ks[j][1]) + ks[i][1] * (-k01 * ks[j][0] + a * ks[j][1]))
                        / det;
                double expected = matern(Math.abs(q[i][0] - q[j][0]) / l, s2) - quad;
                assertEquals(expected, cov[i][j], 1e-10);
            }
        }
        double lml = -0.5 * (r0 * al0 + r1 * al1) - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
        assertEquals(lml, gp.logMarginalLikelihood(), 1e-10);
        // spot values so a kernel typo cannot cancel out: Matérn-5/2 at r = 1 with s² = 1
        assertEquals((1 + Math.sqrt(5) + 5.0 / 3) * Math.exp(-Math.sqrt(5)), matern(1, 1), 0);
        assertEquals(0.5239941088318203, matern(1, 1), 1e-15);
    }

    @Test
    void objectiveGradientMatchesFiniteDifferences() {
        Random rng = new Random(3);
        double[][] x = new double[12][3];
        double[] y = new double[12];
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 3; j++) x[i][j] = rng.nextGaussian();
            y[i] = Math.sin(x[i][0]) + 0.5 * x[i][1] * x[i][2];
        }
        double[] theta = {0.1, Math.log(0.9), Math.log(0.7), Math.log(1.3), Math.log(2.0)};
        for (boolean priors : new boolean[] {false, true}) {
            double[] g = GaussianProcess.of(x, y, 0.01, theta, priors).gradient();
            for (int i = 0; i < theta.length; i++) {
                double h = 1e-5;
                double[] tp = theta.clone();
                double[] tm = theta.clone();
                tp[i] += h;
                tm[i] -= h;
                double fd = (GaussianProcess.of(x, y, 0.01, tp, priors).objective()
                                - GaussianProcess.of(x, y, 0.01, tm, priors).objective())
                        / (2 * h);
                assertEquals(fd, g[i], 1e-5 * Math.max(1, Math.abs(fd)), "θ" + i + " priors=" + priors);
            }
        }
    }

    @Test
    void fittingIncreasesTheObjectiveAndFindsTheIrrelevantInput() {
        Random rng = new Random(5);
        double[][] x = new double[40][2];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i][0] = rng.nextDouble() * 4 - 2;
            x[i][1] = rng.nextDouble() * 4 - 2;
            y[i] = Math.sin(2 * x[i][0]); // x1 is irrelevant
        }
        double[] start = GaussianProcess.initialTheta(2);
        GaussianProcess before = GaussianProcess.of(x, y, 0.01, start, false);
        GaussianProcess after = GaussianProcess.fit(x, y, 0.01, start, false, 200);
        assertTrue(after.objective() > before.objective() + 5, before.objective() + " -> " + after.objective());
        assertTrue(
                after.lengthscale(1) > 2 * after.lengthscale(0),
                "ℓ0=" + after.lengthscale(0) + " ℓ1=" + after.lengthscale(1));
    }

    @Test
    void fitReachesTheMapOfUncorrelatedNearlyConstantData() {
        // 200 inputs 1000 apart (kernel exactly 0 at ℓ ≈ 1/3), labels in a narrow band as TFBind8's top-500: the
        // MAP has c = mean(y), ℓ = prior mode (3−1)/6 and s² the root of
        // −n/(2v) + S/(2v²) + (2−1)/s² − 0.15 = 0, v = s² + σ², S = Σ(y − c)², about 1e-4 here
        int n = 200;
        double noise = 0.01;
        Random rng = new Random(11);
        double[][] x = new double[n][1];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = 1000.0 * i;
            y[i] = 1.46 + 0.012 * rng.nextGaussian();
        }
        double c = Arrays.stream(y).average().orElseThrow();
        double ss = 0;
        for (double v : y) ss += (v - c) * (v - c);
        double lo = 1e-12;
        double hi = 10;
        for (int it = 0; it < 200; it++) {
            double mid = Math.sqrt(lo * hi);
            double v = mid + noise;
            double d = -n / (2 * v) + ss / (2 * v * v) + 1 / mid - 0.15;
            if (d > 0) lo = mid;
            else hi = mid;
        }
        double s2 = Math.sqrt(lo * hi);
        assertTrue(s2 > 5e-5 && s2 < 2e-4, "s² = " + s2);
        GaussianProcess gp = GaussianProcess.fit(x, y, noise, GaussianProcess.initialTheta(1), true, 200);
        assertEquals(c, gp.mean(), 1e-6);
        assertEquals(s2, gp.outputScale(), 1e-3 * s2);
        assertEquals(1.0 / 3, gp.lengthscale(0), 1e-4);
    }
}
