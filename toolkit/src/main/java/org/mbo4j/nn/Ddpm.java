package org.mbo4j.nn;

import java.util.SplittableRandom;

/**
 * A discrete-time denoising diffusion (Ho et al., 2020) with ε-prediction, as Diffuser's {@code GaussianDiffusion}
 * trains and samples it (GTG: {@code dbsxodud-11/GTG} at 448f206, {@code diffuser/models/diffusion.py} 16–197 and
 * {@code helpers.py} 80–91):
 * <ul>
 *   <li>the cosine schedule of Nichol &amp; Dhariwal: ᾱ(i) = cos²(((i/T) + s)/(1 + s)·π/2)/cos²(s/(1 + s)·π/2) for i =
 *       0 … T, s = 0.008, βₜ = 1 − ᾱ(t + 1)/ᾱ(t) clipped to [0, 0.999] (helpers.py 80–91), then αₜ = 1 − βₜ and
 *       ᾱₜ = Πα (diffusion.py 31–36);</li>
 *   <li>forward noising xₜ = √ᾱₜ·x₀ + √(1 − ᾱₜ)·ε ({@code q_sample}, 282–291);</li>
 *   <li>one reverse step ({@code p_mean_variance}, {@code p_sample}, 112–155): x̂₀ = √(1/ᾱₜ)·xₜ − √(1/ᾱₜ − 1)·ε̂,
 *       optionally clamped to [−1, 1]; μ = c₁·x̂₀ + c₂·xₜ with c₁ = βₜ√ᾱₜ₋₁/(1 − ᾱₜ), c₂ = (1 − ᾱₜ₋₁)√αₜ/(1 − ᾱₜ);
 *       xₜ₋₁ = μ + [t &gt; 0]·scale·exp(power·log σ²ₜ)·z with the posterior variance σ²ₜ = βₜ(1 − ᾱₜ₋₁)/(1 − ᾱₜ),
 *       its log clipped at 1e-20. DDPM's step is power ½ and scale 1; GTG's code uses power 1 (the variance
 *       where the standard deviation belongs) and scale 0.5 (diffusion.py 152–155).</li>
 * </ul>
 * The schedule is computed in double precision (the authors compute β in float64 and the rest in float32).
 * Immutable.
 */
public final class Ddpm {
    private final int steps;
    private final double[] beta;
    private final double[] alphaBar;
    private final double[] alphaBarPrev;
    private final double[] logVariance;

    private Ddpm(double[] beta) {
        steps = beta.length;
        this.beta = beta;
        alphaBar = new double[steps];
        alphaBarPrev = new double[steps];
        logVariance = new double[steps];
        double prod = 1;
        for (int t = 0; t < steps; t++) {
            alphaBarPrev[t] = prod;
            prod *= 1 - beta[t];
            alphaBar[t] = prod;
            double var = beta[t] * (1 - alphaBarPrev[t]) / (1 - alphaBar[t]);
            logVariance[t] = Math.log(Math.max(var, 1e-20));
        }
    }

    /** The cosine schedule with T steps and s = 0.008 ({@code cosine_beta_schedule}). */
    public static Ddpm cosine(int steps) {
        if (steps < 2) throw new IllegalArgumentException("a diffusion needs at least 2 steps, got " + steps);
        double s = 0.008;
        double[] bar = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double c = Math.cos(((double) i / steps + s) / (1 + s) * Math.PI / 2);
            bar[i] = c * c;
        }
        double[] beta = new double[steps];
        for (int t = 0; t < steps; t++) beta[t] = Math.min(Math.max(1 - bar[t + 1] / bar[t], 0), 0.999);
        return new Ddpm(beta);
    }

    /** T, the number of diffusion steps (t = 0 … T − 1). */
    public int steps() {
        return steps;
    }

    public double beta(int t) {
        return beta[t];
    }

    /** ᾱₜ. */
    public double alphaBar(int t) {
        return alphaBar[t];
    }

    /** The clipped log posterior variance log max(σ²ₜ, 1e-20). */
    public double logVariance(int t) {
        return logVariance[t];
    }

    /** xₜ = √ᾱₜ·x₀ + √(1 − ᾱₜ)·ε, element-wise over the first {@code n} values, into {@code out}. */
    public void noise(double[] x0, double[] eps, int t, double[] out, int n) {
        double a = Math.sqrt(alphaBar[t]), b = Math.sqrt(1 - alphaBar[t]);
        for (int i = 0; i < n; i++) out[i] = a * x0[i] + b * eps[i];
    }

    /**
     * One reverse step in place: x ← xₜ₋₁ from xₜ = x and the predicted noise ε̂, over the first {@code n} values.
     *
     * @param clip  clamp x̂₀ to [−1, 1] ({@code clip_denoised})
     * @param scale multiplier of the noise term (DDPM 1, GTG 0.5)
     * @param power exponent on σ²ₜ in the noise term (DDPM ½, GTG's code 1)
     */
    public void reverseStep(
            double[] x, double[] epsHat, int t, int n, boolean clip, double scale, double power, SplittableRandom rng) {
        double ra = Math.sqrt(1 / alphaBar[t]), rm = Math.sqrt(1 / alphaBar[t] - 1);
        double c1 = beta[t] * Math.sqrt(alphaBarPrev[t]) / (1 - alphaBar[t]);
        double c2 = (1 - alphaBarPrev[t]) * Math.sqrt(1 - beta[t]) / (1 - alphaBar[t]);
        double sigma = t > 0 ? scale * Math.exp(power * logVariance[t]) : 0;
        for (int i = 0; i < n; i++) {
            double x0 = ra * x[i] - rm * epsHat[i];
            if (clip) x0 = Math.max(-1, Math.min(1, x0));
            double mu = c1 * x0 + c2 * x[i];
            x[i] = t > 0 ? mu + sigma * rng.nextGaussian() : mu;
        }
    }
}
