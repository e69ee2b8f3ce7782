package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DdpmTest {
    private static double bar(int i, int steps) {
        double c = Math.cos(((double) i / steps + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    @Test
    void cosineScheduleHasItsClosedFormAndClipsTheLastBeta() {
        Ddpm d = Ddpm.cosine(200);
        assertEquals(200, d.steps());
        // unclipped steps: ᾱₜ = Π(1 − β) telescopes to cos²(t + 1)/cos²(0)
        for (int t : new int[] {0, 1, 57, 150, 198}) {
            assertEquals(bar(t + 1, 200) / bar(0, 200), d.alphaBar(t), 1e-12, "t = " + t);
        }
        assertEquals(0.999, d.beta(199), 0); // cos²(π/2) = 0: β = 1, clipped
        assertEquals(Math.log(1e-20), d.logVariance(0), 0); // σ²₀ = 0, its log clipped
        assertThrows(IllegalArgumentException.class, () -> Ddpm.cosine(1));
    }

    @Test
    void aReverseStepWithTheTrueNoiseIsThePosteriorMeanOfTheCleanValue() {
        Ddpm d = Ddpm.cosine(10);
        int t = 4;
        double x0 = 0.3, eps = -1.1;
        double[] x = new double[1];
        d.noise(new double[] {x0}, new double[] {eps}, t, x, 1);
        double ab = d.alphaBar(t), abPrev = d.alphaBar(t - 1), beta = d.beta(t);
        assertEquals(Math.sqrt(ab) * x0 + Math.sqrt(1 - ab) * eps, x[0], 1e-15);
        double xt = x[0];
        double mu = beta * Math.sqrt(abPrev) / (1 - ab) * x0 + (1 - abPrev) * Math.sqrt(1 - beta) / (1 - ab) * xt;
        d.reverseStep(x, new double[] {eps}, t, 1, true, 0.0, 0.5, new SplittableRandom(1));
        assertEquals(mu, x[0], 1e-12);
        // t = 0 adds no noise and returns x̂₀ itself (c₁ = 1, c₂ = 0), clamped to [−1, 1]
        double[] y = {0.5};
        d.reverseStep(y, new double[] {-10}, 0, 1, true, 1.0, 0.5, new SplittableRandom(1));
        assertEquals(1.0, y[0], 1e-12);
    }

    /** ε̂ of the Gaussian data N(m, s²): √(1 − ᾱ)(xₜ − √ᾱ m)/(ᾱ s² + 1 − ᾱ), the exact posterior mean of ε. */
    private static double[] sample(Ddpm d, double m, double s, int n, double scale, double power, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextGaussian();
        double[] eps = new double[n];
        for (int t = d.steps() - 1; t >= 0; t--) {
            double ab = d.alphaBar(t);
            for (int i = 0; i < n; i++) eps[i] = Math.sqrt(1 - ab) * (x[i] - Math.sqrt(ab) * m) / (ab * s * s + 1 - ab);
            d.reverseStep(x, eps, t, n, false, scale, power, rng);
        }
        return x;
    }

    private static double[] meanAndStd(double[] x) {
        double mean = 0, sq = 0;
        for (double v : x) mean += v / x.length;
        for (double v : x) sq += (v - mean) * (v - mean) / x.length;
        return new double[] {mean, Math.sqrt(sq)};
    }

    @Test
    void ddpmSamplingWithTheExactNoisePredictorRecoversAGaussian() {
        double[] m = meanAndStd(sample(Ddpm.cosine(200), 0.3, 0.2, 20_000, 1.0, 0.5, 3));
        assertEquals(0.3, m[0], 0.005);
        assertEquals(0.2, m[1], 0.015); // 0.19 in a 5,000-sample Python run of the same recursion
    }

    @Test
    void gtgsStepNoiseSamplesFarNarrowerThanTheData() {
        // GTG's code: noise 0.5·σ² instead of σ; the samples concentrate near the mean
        double[] m = meanAndStd(sample(Ddpm.cosine(200), 0.3, 0.2, 20_000, 0.5, 1.0, 3));
        assertEquals(0.3, m[0], 0.005);
        assertTrue(m[1] < 0.02, "std " + m[1]); // 0.0067 in a Python run: 30 times narrower
    }
}
