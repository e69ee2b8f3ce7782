package org.mbo4j.nn;

/**
 * The variance-preserving SDE of Song et al. (ICLR 2021, eqs. 32-33), dx = −½β(t)x dt + √β(t) dW on t ∈ [0, T], with
 * the linear schedule β(t) = β_min + (β_max − β_min)·t, as DDOM implements it ({@code siddarthk97/ddom}
 * {@code design_baselines/diff/lib/sdes.py} 6-46). Closed forms of the forward marginal x_t | x₀ ~ N(m(t)·x₀, v(t)·I):
 * <ul>
 *   <li>m(t) = exp(−¼t²(β_max − β_min) − ½t·β_min) = exp(−½∫₀ᵗβ),</li>
 *   <li>v(t) = 1 − exp(−½t²(β_max − β_min) − t·β_min) = 1 − m(t)²,</li>
 *   <li>drift f(t, x) = −½β(t)x and diffusion g(t) = √β(t).</li>
 * </ul>
 * DDOM's values: β_min = 0.01, β_max = 2.0 ({@code configs/simple_conditional_diffusion.cfg} 21-22), T = 1
 * ({@code trainer.py} 805-808). Immutable.
 *
 * @param betaMin β(0), &gt; 0
 * @param betaMax β(T), ≥ β_min
 * @param horizon T, &gt; 0
 */
public record VpSde(double betaMin, double betaMax, double horizon) {
    public VpSde {
        if (!(betaMin > 0) || Double.isInfinite(betaMin)) {
            throw new IllegalArgumentException("beta_min must be a positive number, got " + betaMin);
        }
        if (!(betaMax >= betaMin) || Double.isInfinite(betaMax)) {
            throw new IllegalArgumentException(
                    "beta_max must be a number ≥ beta_min (" + betaMin + "), got " + betaMax);
        }
        if (!(horizon > 0) || Double.isInfinite(horizon)) {
            throw new IllegalArgumentException("the horizon T must be a positive number, got " + horizon);
        }
    }

    /** DDOM's schedule: β from 0.01 to 2.0 over T = 1. */
    public static VpSde ddom() {
        return new VpSde(0.01, 2.0, 1.0);
    }

    /** β(t). */
    public double beta(double t) {
        return betaMin + (betaMax - betaMin) * t;
    }

    /** m(t), the factor of x₀ in the mean of x_t. */
    public double meanWeight(double t) {
        return Math.exp(-0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin);
    }

    /** v(t), the variance of x_t given x₀ (computed as −expm1, exact near t = 0). */
    public double variance(double t) {
        return -Math.expm1(-0.5 * t * t * (betaMax - betaMin) - t * betaMin);
    }

    /** √v(t). */
    public double std(double t) {
        return Math.sqrt(variance(t));
    }

    /** g(t) = √β(t). */
    public double diffusion(double t) {
        return Math.sqrt(beta(t));
    }
}
