package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.eval.Score;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.moo.Hypervolume;
import org.mbo4j.task.Objective;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/** Off-MOO-Bench's one-round MOBO baselines: GP fit, scalarisation, hypervolume improvement, acquisitions, runs. */
class MultiObjectiveBoTest {

    /**
     * Nearby structured seeds give well-spread streams: java.util.Random's first draw barely moves between seeds 0, 1
     * and 2 (0.7310, 0.7309, 0.7311), after one SplittableRandom step the draws differ by at least 0.01.
     */
    @Test
    void nearbySeedsAreMixed() {
        double[] plain = new double[3];
        double[] mixed = new double[3];
        for (int s = 0; s < 3; s++) {
            plain[s] = new java.util.Random(s).nextDouble();
            mixed[s] = new java.util.Random(MultiObjectiveBo.mix(s)).nextDouble();
        }
        assertTrue(Math.abs(plain[1] - plain[0]) < 1e-3 && Math.abs(plain[2] - plain[1]) < 1e-3);
        for (int s = 1; s < 3; s++) {
            for (int r = 0; r < s; r++) assertTrue(Math.abs(mixed[s] - mixed[r]) > 0.01, "seeds " + r + ", " + s);
        }
    }

    private static final double[][] X = {{0.1, 0.2}, {0.8, 0.3}, {0.4, 0.9}, {0.6, 0.6}, {0.2, 0.7}, {0.9, 0.9}};

    /** Two GPs with fixed hyperparameters on six 2-d points (f1 ≈ x0, f2 ≈ 1 − x0 + x1²). */
    private static List<GaussianProcess> twoGps() {
        double[] y1 = new double[X.length];
        double[] y2 = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            y1[i] = X[i][0];
            y2[i] = 1 - X[i][0] + X[i][1] * X[i][1];
        }
        return List.of(
                GaussianProcess.of(X, y1, 0.01, new double[] {0.4, Math.log(0.5), Math.log(0.4), Math.log(0.6)}, true),
                GaussianProcess.of(X, y2, 0.02, new double[] {0.7, Math.log(0.8), Math.log(0.5), Math.log(0.3)}, true));
    }

    /** Joint posterior samples of one GP at {@code pts} with base samples z[s][i] (plain Cholesky). */
    private static double[][] jointSamples(GaussianProcess gp, double[][] pts, double[][] z) {
        int n = pts.length;
        double[] mu = gp.posteriorMean(pts);
        double[][] cov = gp.posteriorCovariance(pts);
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = cov[i][j];
                for (int k = 0; k < j; k++) v -= l[i][k] * l[j][k];
                l[i][j] = i == j ? Math.sqrt(v) : v / l[j][j];
            }
        }
        double[][] f = new double[z.length][n];
        for (int s = 0; s < z.length; s++) {
            for (int i = 0; i < n; i++) {
                double v = mu[i];
                for (int k = 0; k <= i; k++) v += l[i][k] * z[s][k];
                f[s][i] = v;
            }
        }
        return f;
    }

    private interface ValueAndGradient {
        double apply(double[] x, double[] g);
    }

    private static void assertGradient(ValueAndGradient f, double[] x) {
        double[] g = new double[x.length];
        f.apply(x, g);
        for (int j = 0; j < x.length; j++) {
            double h = 1e-6;
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[j] += h;
            xm[j] -= h;
            double fd = (f.apply(xp, new double[x.length]) - f.apply(xm, new double[x.length])) / (2 * h);
            assertEquals(fd, g[j], 1e-5 + 1e-4 * Math.abs(fd), "∂/∂x" + j);
        }
    }

    @Test
    void learnedNoiseGradientIsExactAndTheFitIsAStationaryMapPoint() {
        Random rng = new Random(3);
        double[][] x = new double[25][1];
        double[] y = new double[25];
        for (int i = 0; i < 25; i++) {
            x[i][0] = rng.nextDouble();
            y[i] = Math.sin(6 * x[i][0]) + 0.3 * rng.nextGaussian();
        }
        double[] theta = {0.1, Math.log(0.7), Math.log(0.3)};
        double noise = 0.05;
        GaussianProcess gp = GaussianProcess.of(x, y, noise, theta, true);
        double h = 1e-6;
        double up = GaussianProcess.of(x, y, noise * Math.exp(h), theta, true).logMarginalLikelihood();
        double down =
                GaussianProcess.of(x, y, noise * Math.exp(-h), theta, true).logMarginalLikelihood();
        assertEquals((up - down) / (2 * h), gp.noiseGradient(), 1e-6);
        GaussianProcess fit = GaussianProcess.fitWithNoise(
                x, y, GaussianProcess.initialTheta(1), GaussianProcess.NOISE_PRIOR_MODE, 15000);
        assertTrue(fit.noiseVariance() >= GaussianProcess.MIN_NOISE);
        // the data's noise is 0.3² = 0.09: the MAP noise is near it, far from the start (the prior mode 2)
        assertTrue(fit.noiseVariance() > 0.03 && fit.noiseVariance() < 0.2, "noise " + fit.noiseVariance());
        double[] g = fit.gradient();
        double gn = fit.noiseGradient() + (GaussianProcess.NOISE_A - 1) - GaussianProcess.NOISE_B * fit.noiseVariance();
        for (double v : g) assertEquals(0, v / 25, 1e-4);
        assertEquals(0, gn / 25, 1e-4);
    }

    @Test
    void chebyshevScalarisationMatchesHandValues() {
        // reference outcomes span [0, 1] × [2, 4]; weights (0.3, 0.7)
        ChebyshevScalarization g =
                new ChebyshevScalarization(new double[] {0.3, 0.7}, new double[][] {{0, 2}, {1, 4}, {0.5, 3}}, 0.05);
        double[] grad = new double[2];
        // ŷ = (0.5, 0.5), w·ŷ = (0.15, 0.35): −(0.35 + 0.05 · 0.5)
        assertEquals(-0.375, g.valueAndGradient(new double[] {0.5, 3}, grad), 1e-15);
        assertArrayEquals(new double[] {-0.05 * 0.3, -0.05 * 0.7 / 2 - 0.7 / 2}, grad, 1e-15);
        // ŷ = (1, 0): −(0.3 + 0.05 · 0.3)
        assertEquals(-0.315, g.valueAndGradient(new double[] {1, 2}, grad), 1e-15);
        assertArrayEquals(new double[] {-0.05 * 0.3 - 0.3, -0.05 * 0.7 / 2}, grad, 1e-15);
        // over many samples at once: the hand values above, and every sample bit for bit as one at a time
        double[][] ys = {{0.5, 1, 0.25, -3, 7}, {3, 2, 4, 2.5, -1}};
        double[] out = new double[5];
        g.values(ys, 5, new double[5], new double[5], out);
        assertEquals(-0.375, out[0], 1e-15);
        assertEquals(-0.315, out[1], 1e-15);
        for (int s = 0; s < 5; s++) assertEquals(g.value(new double[] {ys[0][s], ys[1][s]}), out[s], 0.0);
        // three samples of five: the rest of out untouched
        out[3] = 42;
        g.values(ys, 3, new double[5], new double[5], out);
        assertEquals(42, out[3], 0.0);
    }

    @Test
    void hypervolumeImprovementMatchesHandValuesAndBruteForce() {
        List<double[]> front = List.of(new double[] {0.2, 0.6}, new double[] {0.5, 0.3});
        double[] ref = {1, 1};
        double[] grad = new double[2];
        // [0.3, 1] × [0.4, 1] minus the two dominated rectangles leaves [0.3, 0.5) × [0.4, 0.6)
        assertEquals(0.04, HypervolumeImprovement.valueAndGradient(new double[] {0.3, 0.4}, front, ref, grad), 1e-12);
        assertArrayEquals(new double[] {-0.2, -0.2}, grad, 1e-12);
        assertEquals(0, HypervolumeImprovement.of(new double[] {0.6, 0.7}, front, ref), 0); // dominated
        assertEquals(0.1 * 0.2, HypervolumeImprovement.of(new double[] {0.9, 0.8}, List.of(), ref), 1e-12);
        // m = 3: a random front against a 100³ midpoint grid
        Random rng = new Random(9);
        List<double[]> f3 = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            f3.add(new double[] {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()});
        }
        double[] y = {0.15, 0.2, 0.1};
        double[] r3 = {1, 1, 1};
        int n = 100;
        long free = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < n; c++) {
                    double[] z = {(a + 0.5) / n, (b + 0.5) / n, (c + 0.5) / n};
                    if (z[0] < y[0] || z[1] < y[1] || z[2] < y[2]) continue;
                    boolean dominated = false;
                    for (double[] p : f3) dominated |= p[0] <= z[0] && p[1] <= z[1] && p[2] <= z[2];
                    if (!dominated) free++;
                }
            }
        }
        double brute = free / (double) (n * n * n);
        double exact = HypervolumeImprovement.of(y, f3, r3);
        assertTrue(exact > 0.05, "HVI " + exact);
        assertEquals(brute, exact, 0.01 * exact);
        assertGradient((x, g) -> HypervolumeImprovement.valueAndGradient(x, f3, r3, g), y);
    }

    @Test
    void qnehviIsTheJointMonteCarloHypervolumeImprovementAndItsGradientIsExact() {
        List<GaussianProcess> gps = twoGps();
        double[] ref = {1.2, 1.6};
        int samples = 64;
        NoisyHypervolumeImprovement acq = new NoisyHypervolumeImprovement(gps, X, ref, samples, 2, 5);
        double[] pending = {0.3, 0.3};
        acq.add(pending);
        double[] cand = {0.5, 0.1};
        double[][] pts = new double[X.length + 2][];
        for (int i = 0; i < X.length; i++) pts[i] = X[i];
        pts[X.length] = pending;
        pts[X.length + 1] = cand;
        double[][][] f = new double[2][][];
        for (int j = 0; j < 2; j++) {
            double[][] z = new double[samples][pts.length];
            for (int s = 0; s < samples; s++) for (int i = 0; i < pts.length; i++) z[s][i] = acq.baseSample(j, s, i);
            f[j] = jointSamples(gps.get(j), pts, z);
        }
        double expected = 0;
        for (int s = 0; s < samples; s++) {
            double[][] base = new double[pts.length - 1][];
            for (int i = 0; i < base.length; i++) base[i] = new double[] {f[0][s][i], f[1][s][i]};
            double[][] with = Arrays.copyOf(base, base.length + 1);
            with[base.length] = new double[] {f[0][s][pts.length - 1], f[1][s][pts.length - 1]};
            expected += (Hypervolume.compute(with, ref) - Hypervolume.compute(base, ref)) / samples;
        }
        assertTrue(expected > 0.01, "EHVI " + expected);
        assertEquals(expected, acq.value(cand), 1e-9);
        assertGradient(acq::valueAndGradient, cand);
    }

    /**
     * qParEGO is the Monte-Carlo qEI of the scalarisation over one joint posterior sample of (candidate, pending
     * points) in BoTorch's order, the candidate first, so that the pending points' samples move with x; the
     * gradient (reverse mode through the Cholesky factorisation) matches finite differences.
     */
    @Test
    void parEgoIsTheJointMonteCarloQeiOfTheScalarisationAndItsGradientIsExact() {
        List<GaussianProcess> gps = twoGps();
        int samples = 64;
        ParEgoAcquisition acq = new ParEgoAcquisition(gps, samples, 4, 8);
        double[][] pending = {{0.3, 0.3}, {0.8, 0.6}, {0.55, 0.1}};
        for (double[] p : pending) acq.add(p);
        double[][] pred = MultiObjectiveBo.means(gps, X);
        ChebyshevScalarization g = new ChebyshevScalarization(new double[] {0.4, 0.6}, pred, 0.05);
        double best = Double.NEGATIVE_INFINITY;
        for (double[] p : pred) best = Math.max(best, g.value(p));
        acq.scalarise(g, best);
        double[][][] zAll = MoboSamples.normal(samples, 4, 2, 8);
        for (double[] cand : new double[][] {{0.45, 0.05}, {0.35, 0.3}, {0.9, 0.95}}) {
            double[][] pts = {cand, pending[0], pending[1], pending[2]};
            double[][][] f = new double[2][][];
            for (int j = 0; j < 2; j++) f[j] = jointSamples(gps.get(j), pts, zAll[j]);
            double expected = monteCarloQei(f, g, best);
            assertTrue(expected > 1e-3, "qEI " + expected);
            assertEquals(expected, acq.value(cand), 1e-12);
            assertGradient(acq::valueAndGradient, cand);
        }
        // the pending points' samples move with x: two candidates with no improvement of their own differ
        assertTrue(acq.value(new double[] {0.31, 0.3}) != acq.value(new double[] {0.3, 0.31}));
    }

    @Test
    void nearlyCoincidingPendingPointsGiveTheJitteredJointSamplesValue() {
        // a pending pair 5e-7 apart (or equal) gives Σ(P, P)'s factor a pivot below 10⁻¹²; a downdate past it was
        // wrong by orders of magnitude (29.4 against 0.118 at x = (0.5, 0.5), ε = 5e-7, build 059fe2a)
        List<GaussianProcess> gps = twoGps();
        int samples = 64;
        double[][] pred = MultiObjectiveBo.means(gps, X);
        ChebyshevScalarization g = new ChebyshevScalarization(new double[] {0.4, 0.6}, pred, 0.05);
        double best = Double.NEGATIVE_INFINITY;
        for (double[] p : pred) best = Math.max(best, g.value(p));
        for (double eps : new double[] {5e-7, 3e-7}) {
            double[][] pending = {{0.3, 0.3}, {0.3 + eps, 0.3 + eps}, {0.7, 0.1}, {0.55, 0.5}, {0.2, 0.95}};
            int n = pending.length;
            ParEgoAcquisition acq = new ParEgoAcquisition(gps, samples, n + 1, 8);
            for (double[] p : pending) acq.add(p);
            acq.scalarise(g, best);
            double[][][] zAll = MoboSamples.normal(samples, n + 1, 2, 8);
            for (double[] cand : new double[][] {{0.5, 0.5}, {0.3005, 0.3}, {0.31, 0.29}}) {
                double[][] pts = new double[n + 1][];
                pts[0] = cand;
                System.arraycopy(pending, 0, pts, 1, n);
                double[][][] f = new double[2][][];
                for (int j = 0; j < 2; j++) f[j] = jitteredJointSamples(gps.get(j), pts, zAll[j]);
                double expected = monteCarloQei(f, g, best);
                // the floored pivot divides the two computations' rounding (their Σ entries come from different
                // formulas) by 10⁻⁶: they agree to about 2e-8 here, against 29 for the downdate past a floor
                assertEquals(expected, acq.value(cand), 1e-6, "ε = " + eps + " at " + Arrays.toString(cand));
            }
        }
        // the same point twice: which pivot rounding makes positive decides whether jitter is added (as in
        // gpytorch), so no reference value; the value and gradient stay finite and the value near the above
        double[][] twice = {{0.3, 0.3}, {0.3, 0.3}, {0.7, 0.1}, {0.55, 0.5}, {0.2, 0.95}};
        ParEgoAcquisition acq = new ParEgoAcquisition(gps, samples, twice.length + 1, 8);
        for (double[] p : twice) acq.add(p);
        acq.scalarise(g, best);
        for (double[] cand : new double[][] {{0.5, 0.5}, {0.3005, 0.3}, {0.3, 0.3}}) {
            double[] grad = new double[2];
            double v = acq.valueAndGradient(cand, grad);
            assertTrue(Double.isFinite(v) && Double.isFinite(grad[0]) && Double.isFinite(grad[1]), "at " + cand[0]);
            assertEquals(0.117, v, 0.01, "at " + Arrays.toString(cand));
        }
    }

    /** The mean over samples of the best scalarised improvement, f[objective][sample][position] for two objectives. */
    private static double monteCarloQei(double[][][] f, ChebyshevScalarization g, double best) {
        int samples = f[0].length;
        double q = 0;
        for (int s = 0; s < samples; s++) {
            double m = 0;
            for (int i = 0; i < f[0][s].length; i++) {
                m = Math.max(m, g.value(new double[] {f[0][s][i], f[1][s][i]}) - best);
            }
            q += m / samples;
        }
        return q;
    }

    /**
     * {@link #jointSamples}, the candidate first, with the pending block factorised as the acquisition does: a positive
     * pivot at or below 10⁻¹² floored, and when a pivot is not positive again with 10⁻⁸, 10⁻⁷, 10⁻⁶ added to its
     * diagonal (gpytorch's psd_safe_cholesky).
     */
    private static double[][] jitteredJointSamples(GaussianProcess gp, double[][] pts, double[][] z) {
        int n = pts.length;
        double[] mu = gp.posteriorMean(pts);
        double[][] cov = gp.posteriorCovariance(pts);
        double l11 = Math.sqrt(Math.max(cov[0][0], 1e-12));
        double[] c = new double[n - 1];
        for (int i = 1; i < n; i++) c[i - 1] = cov[i][0] / l11;
        double[][] l = null;
        for (double jitter : new double[] {0, 1e-8, 1e-8 * 10, 1e-8 * 100}) {
            l = new double[n - 1][n - 1];
            boolean ok = true;
            for (int i = 0; i < n - 1 && ok; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = cov[i + 1][j + 1] - c[i] * c[j] + (i == j ? jitter : 0);
                    for (int k = 0; k < j; k++) v -= l[i][k] * l[j][k];
                    if (i == j && !(v > 0)) ok = false;
                    l[i][j] = i == j ? Math.sqrt(Math.max(v, 1e-12)) : v / l[j][j];
                }
            }
            if (ok) break;
        }
        double[][] f = new double[z.length][n];
        for (int s = 0; s < z.length; s++) {
            f[s][0] = mu[0] + l11 * z[s][0];
            for (int i = 1; i < n; i++) {
                double v = mu[i] + c[i - 1] * z[s][0];
                for (int k = 0; k < i; k++) v += l[i - 1][k] * z[s][k + 1];
                f[s][i] = v;
            }
        }
        return f;
    }

    @Test
    void theRankOneDowndateIsTheFactorOfTheDowndatedMatrix() {
        // by hand: L Lᵀ = [[4, 2], [2, 10]], c = (1, 2): [[3, 0], [0, 6]]
        double[][] l = ParEgoAcquisition.downdate(List.of(new double[] {2}, new double[] {1, 3}), new double[] {1, 2});
        assertArrayEquals(new double[] {Math.sqrt(3)}, l[0], 1e-15);
        assertArrayEquals(new double[] {0, Math.sqrt(6)}, l[1], 1e-15);
        // c the first column: pivot 0; the downdate gives up (null) and the fresh factorisation of
        // [[0, 0], [0, 9]] retries with 10⁻⁸ on the diagonal, as gpytorch's psd_safe_cholesky does
        assertNull(ParEgoAcquisition.downdate(List.of(new double[] {2}, new double[] {1, 3}), new double[] {2, 1}));
        l = ParEgoAcquisition.factorise(List.of(new double[] {4}, new double[] {2, 10}), new double[] {2, 1});
        assertArrayEquals(new double[] {1e-4}, l[0], 1e-19);
        assertArrayEquals(new double[] {0, Math.sqrt(9 + 1e-8)}, l[1], 1e-15);
        // −1.5e-7 on the diagonal: 10⁻⁸ and 10⁻⁷ are not enough, 10⁻⁶ is; a tiny positive pivot is floored, no jitter
        l = ParEgoAcquisition.factorise(List.of(new double[] {-1.5e-7}), new double[] {0});
        assertArrayEquals(new double[] {Math.sqrt(-1.5e-7 + 1e-8 * Math.pow(10, 2))}, l[0], 1e-18);
        l = ParEgoAcquisition.factorise(List.of(new double[] {1e-20}, new double[] {2e-10, 1}), new double[] {0, 0});
        assertArrayEquals(new double[] {1e-6}, l[0], 0);
        assertArrayEquals(new double[] {2e-4, Math.sqrt(1 - 4e-8)}, l[1], 1e-15);
        // a random 40 × 40 covariance against a fresh factorisation of A − c cᵀ
        Random rng = new Random(5);
        int n = 40;
        double[][] b = new double[n][n];
        for (double[] row : b) for (int i = 0; i < n; i++) row[i] = rng.nextGaussian();
        double[] c = new double[n];
        for (int i = 0; i < n; i++) c[i] = 0.5 * rng.nextGaussian();
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = i == j ? n : 0;
                for (int t = 0; t < n; t++) v += b[i][t] * b[j][t];
                a[i][j] = v + c[i] * c[j]; // A − c cᵀ is B Bᵀ + n I
            }
        }
        double[][] down = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) down[i][j] = a[i][j] - c[i] * c[j];
        double[][] expected = GaussianProcess.cholesky(down);
        double[][] got = ParEgoAcquisition.downdate(Arrays.asList(GaussianProcess.cholesky(a)), c);
        for (int i = 0; i < n; i++) assertArrayEquals(expected[i], got[i], 1e-12, "row " + i);
    }

    @Test
    void simplexWeightsAreNonnegativeAndSumToOne() {
        Random rng = new Random(1);
        double[] mean = new double[3];
        for (int i = 0; i < 3000; i++) {
            double[] w = MultiObjectiveBo.sampleSimplex(3, rng);
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                assertTrue(w[j] >= 0);
                sum += w[j];
                mean[j] += w[j] / 3000;
            }
            assertEquals(1, sum, 1e-12);
        }
        for (double v : mean) assertEquals(1.0 / 3, v, 0.02); // uniform on the simplex: E[wⱼ] = 1/m
    }

    @Test
    void quickRunsOnZdt1ProposeDistinctInBoundsDesignsThatBeatRandom() {
        Task t = Tasks.load("ZDT1");
        Evaluation ev = Evaluation.of(t);
        double random =
                ev.score(new RandomSearch().propose(t.problem(), 256, 0)).hv100();
        // qNEHVI costs several times more per candidate (its baseline holds the 256 GP inputs): 64 of them here
        for (String name : new String[] {"mobo-parego", "mobo"}) {
            MultiObjectiveBo m = ((MultiObjectiveBo) Methods.create(name)).quick();
            int k = name.equals("mobo") ? 64 : 256;
            Proposal p = m.propose(t.problem(), k, 0);
            double[][] d = p.designs();
            assertEquals(k, d.length, name);
            Set<String> distinct = new HashSet<>();
            for (double[] row : d) {
                assertEquals(30, row.length);
                for (double v : row) assertTrue(v >= 0 && v <= 1, name + " out of bounds: " + v);
                distinct.add(Arrays.toString(row));
            }
            assertEquals(k, distinct.size(), name + " distinct designs");
            Score s = ev.score(p);
            assertTrue(s.hv100() > random, name + " HV " + s.hv100() + " vs random " + random);
            Proposal small = m.propose(t.problem(), 4, 3);
            assertArrayEquals(small.designs(), m.propose(t.problem(), 4, 3).designs(), name + " determinism");
            assertFalse(Arrays.deepEquals(
                    small.designs(), m.propose(t.problem(), 4, 4).designs()));
        }
    }

    /**
     * The GP posteriors' products (K⁻¹k, the pending rows, the samples, the gradients) reach the proposals bit for
     * bit as the scalar loops gave them: quick runs at k = 24, seed 0, give the hypervolumes that build b0a179d
     * (before the Vector API products) recorded for the same runs, to the last bit
     * ({@code notebooks/results/off-moo/checks/session37-vector-dot/k24-quick-b0a179d}, command
     * {@code bench --tasks VLMOP2,RE33 --methods mobo,mobo-parego --seeds 1 --k 24 --quick}). A change that moves
     * any product's rounding fails here; if it is meant to, it needs its own record and a rerun of the rows.
     */
    @Test
    void quickRunsGiveTheHypervolumesTheScalarBuildRecorded() throws Exception {
        java.nio.file.Path record = java.nio.file.Path.of(System.getProperty("user.dir"))
                .getParent()
                .resolve("notebooks/results/off-moo/checks/session37-vector-dot/k24-quick-b0a179d/results.json");
        com.fasterxml.jackson.databind.JsonNode runs =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.toFile());
        assertEquals(4, runs.size(), "the b0a179d check record holds four runs");
        for (com.fasterxml.jackson.databind.JsonNode r : runs) {
            Task t = Tasks.load(r.get("task").asText());
            String name = r.get("method").asText();
            assertEquals(24, r.get("k").asInt());
            assertEquals(0, r.get("seed").asInt());
            MultiObjectiveBo m = ((MultiObjectiveBo) Methods.create(name)).quick();
            // the same settings first: a deliberate change of the quick settings is not a change of rounding
            assertEquals(r.get("settings").asText(), m.settings(), t.name() + " " + name + " settings");
            Proposal p = m.propose(t.problem(), 24, 0);
            Score s = Evaluation.of(t).score(p);
            String run = t.name() + " " + name;
            double hv100 = r.get("hv100").asDouble();
            double hv50 = r.get("hv50").asDouble();
            assertEquals(
                    Double.doubleToLongBits(hv100),
                    Double.doubleToLongBits(s.hv100()),
                    run + ": 100th percentile " + s.hv100() + ", recorded " + hv100);
            assertEquals(
                    Double.doubleToLongBits(hv50),
                    Double.doubleToLongBits(s.hv50()),
                    run + ": 50th percentile " + s.hv50() + ", recorded " + hv50);
        }
    }

    private static OfflineProblem objectives(int m) {
        ContinuousSpace box = ContinuousSpace.box(new double[] {0, 0}, new double[] {1, 1});
        Random rng = new Random(2);
        double[][] x = new double[20][];
        double[][] y = new double[20][m];
        List<String> names = new ArrayList<>();
        List<Objective> obj = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            names.add("f" + (j + 1));
            obj.add(Objective.minimize("f" + (j + 1)));
        }
        for (int i = 0; i < 20; i++) {
            x[i] = new double[] {rng.nextDouble(), rng.nextDouble()};
            for (int j = 0; j < m; j++) y[i][j] = rng.nextDouble();
        }
        return new OfflineProblem("m" + m, box, Dataset.of(box, x, y, names), obj);
    }

    /**
     * The surrogate view is what run() fits: the best rows by non-dominated sorting, one GP each objective fitted on
     * them, and qNEHVI's reference point; without a nadir (user data) the raw one is the worst visible value × 1.1,
     * and the normalised one 1.1 (the worst value min-max scales to 1).
     */
    @Test
    void surrogateHoldsTheBestRowsTheirGpsAndTheReferencePoint() {
        OfflineProblem p = objectives(2);
        MultiObjectiveBo mobo = MultiObjectiveBo.qnehvi()
                .withConfig(MultiObjectiveBo.qnehvi().config().with(MultiObjectiveBo.Settings::gpDataSize, 8));
        MultiObjectiveBo.Surrogate s = mobo.surrogate(p);
        org.mbo4j.method.moo.MultiObjectiveData data = org.mbo4j.method.moo.MultiObjectiveData.of(p);
        int[] best = org.mbo4j.moo.Pareto.selectBest(data.targets(), 8);
        assertEquals(8, s.x().length);
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(data.inputs()[best[i]], s.x()[i]);
            assertArrayEquals(data.targets()[best[i]], s.t()[i]);
        }
        List<GaussianProcess> again =
                MultiObjectiveBo.fitGps(s.x(), s.t(), mobo.config().gpFitMaxIter());
        assertEquals(2, s.gps().size());
        for (int j = 0; j < 2; j++) {
            assertEquals(8, s.gps().get(j).size());
            assertArrayEquals(again.get(j).theta(), s.gps().get(j).theta(), 0.0);
        }
        double[][] y = p.dataset().scores();
        for (int j = 0; j < 2; j++) {
            double worst = Double.NEGATIVE_INFINITY;
            for (double[] r : y) worst = Math.max(worst, r[j]);
            assertEquals(1.1 * worst, s.referencePoint()[j], 1e-15);
        }
        MultiObjectiveBo normalised = mobo.withConfig(mobo.config()
                .with(MultiObjectiveBo.Settings::referencePoint, MultiObjectiveBo.ReferencePoint.NORMALISED_NADIR));
        assertArrayEquals(new double[] {1.1, 1.1}, normalised.surrogate(p).referencePoint(), 1e-12);
        assertThrows(UnsupportedOperationException.class, () -> s.gps().add(again.get(0)));
    }

    /**
     * The per-candidate view is the acquisition run() maximises: the same values as a ParEgoAcquisition built by hand
     * (incumbent over the labels, scaling by the GP means), and its maximiser gives run()'s first candidate.
     */
    @Test
    void parEgoCandidateIsTheAcquisitionAndMaximiserOfRun() {
        OfflineProblem p = objectives(2);
        MultiObjectiveBo parego = MultiObjectiveBo.qparego().quick();
        MultiObjectiveBo.Surrogate s = parego.surrogate(p);
        double[] w = {0.3, 0.7};
        double[][] pending = {{0.2, 0.9}, {0.6, 0.1}};
        MultiObjectiveBo.ParEgoCandidate cand = parego.parEgoCandidate(s, w, pending, 64, 8);
        ParEgoAcquisition acq = new ParEgoAcquisition(s.gps(), 64, 3, 8);
        for (double[] q : pending) acq.add(q);
        ChebyshevScalarization g =
                new ChebyshevScalarization(w, MultiObjectiveBo.means(s.gps(), s.x()), ChebyshevScalarization.ALPHA);
        double best = Double.NEGATIVE_INFINITY;
        for (double[] ti : s.t()) best = Math.max(best, g.value(ti));
        acq.scalarise(g, best);
        double positive = 0;
        for (double[] x : new double[][] {{0.5, 0.5}, {0.05, 0.95}, {1, 0}}) {
            positive += acq.value(x);
            assertEquals(acq.value(x), cand.value(x), 0.0);
            double[] grad = new double[2];
            double[] expected = new double[2];
            assertEquals(acq.valueAndGradient(x, expected), cand.valueAndGradient(x, grad), 0.0);
            assertArrayEquals(expected, grad, 0.0);
        }
        IllegalArgumentException badGrad =
                assertThrows(IllegalArgumentException.class, () -> cand.valueAndGradient(new double[2], new double[3]));
        assertEquals("need a gradient array of 2, got 3", badGrad.getMessage());
        assertTrue(positive > 0, "qEI is zero at every test point");
        long seed = 5;
        double[] first = parego.parEgoCandidate(
                        s,
                        MultiObjectiveBo.sampleSimplex(2, new Random(MultiObjectiveBo.mix(seed * 31 + 17))),
                        new double[0][],
                        parego.config().mcSamples(),
                        MultiObjectiveBo.mix(seed * 1_000_003L + 2))
                .maximise(MultiObjectiveBo.mix(seed * 7919L));
        double[] fromRun = parego.propose(p, 1, seed).designs()[0];
        double[] decoded = org.mbo4j.method.moo.MultiObjectiveData.of(p).decode(new double[][] {first})[0];
        assertArrayEquals(decoded, fromRun, 1e-15);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> parego.parEgoCandidate(s, new double[] {1}, pending, 64, 8));
        assertEquals("need 2 weights, one per objective, got 1", e.getMessage());
    }

    @Test
    void tooManyObjectivesAreRefusedWithTheReferenceAssertion() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> MultiObjectiveBo.qnehvi().propose(objectives(5), 4, 0));
        assertEquals(
                "method 'mobo' optimises at most 4 objectives, as Off-MOO-Bench's reference does (qNEHVI:"
                        + " mobo_vallina.py:49 asserts m < 5), but problem 'm5' has 5; use a DNN-proxy method (mm, mh,"
                        + " e2e) for it",
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> MultiObjectiveBo.qparego().propose(objectives(4), 4, 0));
        assertEquals(
                "method 'mobo-parego' optimises at most 3 objectives, as Off-MOO-Bench's reference does (qParEGO:"
                        + " mobo_parego.py:49 asserts m < 4), but problem 'm4' has 4; use a DNN-proxy method (mm, mh,"
                        + " e2e) for it",
                e.getMessage());
        assertTrue(MultiObjectiveBo.qnehvi().handlesObjectives(4));
        assertFalse(MultiObjectiveBo.qnehvi().handlesObjectives(5));
        assertTrue(MultiObjectiveBo.qparego().handlesObjectives(3));
        assertFalse(MultiObjectiveBo.qparego().handlesObjectives(4));
        assertFalse(MultiObjectiveBo.qparego().handlesObjectives(1));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Methods.requireObjectives(
                        MultiObjectiveBo.qparego(), "task X", List.of("a", "b", "c", "d"), "drop the task"));
        assertTrue(
                e.getMessage()
                        .startsWith("method 'mobo-parego' optimises 2 to 3 objectives, but task X has 4 (a, b, c, d);"
                                + " drop the task or use a method for 4 objectives ("),
                e.getMessage());
    }
}
