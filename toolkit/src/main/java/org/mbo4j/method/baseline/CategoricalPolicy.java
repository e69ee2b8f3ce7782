package org.mbo4j.method.baseline;

import java.util.Random;

/**
 * Independent categorical distributions over the K letters at each of L positions, π(x) = Πₗ softmax(θₗ)[xₗ]
 * (design-baselines' {@code DiscreteMarginal}). Letters can be <em>excluded</em>: probability exactly 0, never
 * sampled, never updated, which is what a logit of −∞ does in design-baselines (log of a zero frequency).
 * Mutable (the logits are the trainable state); not thread-safe.
 */
final class CategoricalPolicy {
    private final double[][] logits;
    private final boolean[][] excluded;

    CategoricalPolicy(double[][] logits, boolean[][] excluded) {
        this.logits = new double[logits.length][];
        this.excluded = new boolean[logits.length][];
        for (int l = 0; l < logits.length; l++) {
            this.logits[l] = logits[l].clone();
            this.excluded[l] = excluded[l].clone();
            boolean any = false;
            for (boolean e : excluded[l]) any |= !e;
            if (!any) throw new IllegalArgumentException("position " + l + " excludes every letter");
        }
    }

    /**
     * design-baselines' initialisation: θₗₖ = log(frequency of letter k at position l among {@code designs});
     * frequencies below {@code floor} are raised to it first. With floor 0 (design-baselines' current code)
     * letters never seen are excluded (log 0 = −∞); an older revision used floor 0.001.
     */
    static CategoricalPolicy fromFrequencies(double[][] designs, int letters, double floor) {
        if (designs.length == 0) throw new IllegalArgumentException("need at least one design to count frequencies");
        int length = designs[0].length;
        double[][] theta = new double[length][letters];
        boolean[][] ex = new boolean[length][letters];
        for (double[] x : designs) for (int l = 0; l < length; l++) theta[l][(int) x[l]] += 1.0 / designs.length;
        for (int l = 0; l < length; l++) {
            for (int k = 0; k < letters; k++) {
                double f = Math.max(theta[l][k], floor);
                ex[l][k] = f <= 0;
                theta[l][k] = f > 0 ? Math.log(f) : 0;
            }
        }
        return new CategoricalPolicy(theta, ex);
    }

    int length() {
        return logits.length;
    }

    int letters() {
        return logits[0].length;
    }

    /** Copy of the logits (excluded letters read −∞). */
    double[][] logits() {
        double[][] out = new double[logits.length][];
        for (int l = 0; l < logits.length; l++) {
            out[l] = logits[l].clone();
            for (int k = 0; k < out[l].length; k++) if (excluded[l][k]) out[l][k] = Double.NEGATIVE_INFINITY;
        }
        return out;
    }

    /** softmax(θₗ) for every position. */
    double[][] probabilities() {
        double[][] p = new double[logits.length][letters()];
        for (int l = 0; l < logits.length; l++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < letters(); k++) if (!excluded[l][k]) max = Math.max(max, logits[l][k]);
            double z = 0;
            for (int k = 0; k < letters(); k++) {
                p[l][k] = excluded[l][k] ? 0 : Math.exp(logits[l][k] - max);
                z += p[l][k];
            }
            for (int k = 0; k < letters(); k++) p[l][k] /= z;
        }
        return p;
    }

    /** {@code n} independent designs (integer letters as doubles). */
    double[][] sample(int n, Random rng) {
        double[][] p = probabilities();
        double[][] out = new double[n][logits.length];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < logits.length; l++) {
                double u = rng.nextDouble();
                int k = 0;
                double c = p[l][0];
                while (k < letters() - 1 && (u >= c || p[l][k] == 0)) {
                    k++;
                    c += p[l][k];
                }
                while (p[l][k] == 0) k--; // rounding at the top end: fall back to the last admissible letter
                out[i][l] = k;
            }
        }
        return out;
    }

    /**
     * Gradient of the REINFORCE loss −(1/S) Σₛ Aₛ log π(xₛ) with respect to the logits:
     * ∂/∂θₗₖ = −(1/S) Σₛ Aₛ (1[xₛₗ = k] − πₗₖ); zero for excluded letters.
     */
    double[][] lossGradient(double[][] samples, double[] advantages) {
        double[][] p = probabilities();
        double[][] g = new double[logits.length][letters()];
        int s = samples.length;
        double sumA = 0;
        for (double a : advantages) sumA += a;
        for (int i = 0; i < s; i++) {
            for (int l = 0; l < logits.length; l++) g[l][(int) samples[i][l]] -= advantages[i] / s;
        }
        for (int l = 0; l < logits.length; l++) {
            for (int k = 0; k < letters(); k++) g[l][k] = excluded[l][k] ? 0 : g[l][k] + sumA / s * p[l][k];
        }
        return g;
    }

    /**
     * Gradient of design-baselines' broadcast loss (see {@link Reinforce}) with respect to the logits. Its
     * {@code -log_probs[:, tf.newaxis] * advantage} multiplies per-position log-probabilities [S, 1, L] by
     * advantages [S, 1], which broadcasts to [S, S, L], so its mean is −(1/(S·L)) Σᵢ Σₗ log πₗ(xᵢₗ) · Ā with
     * Ā = (1/S) Σⱼ Aⱼ: ∂/∂θₗₖ = −Ā/(S·L) Σᵢ (1[xᵢₗ = k] − πₗₖ); zero for excluded letters.
     */
    double[][] broadcastLossGradient(double[][] samples, double[] advantages) {
        double[][] p = probabilities();
        double[][] g = new double[logits.length][letters()];
        int s = samples.length;
        double meanA = 0;
        for (double a : advantages) meanA += a;
        meanA /= advantages.length;
        double scale = -meanA / ((double) s * logits.length);
        for (double[] x : samples) for (int l = 0; l < logits.length; l++) g[l][(int) x[l]] += 1;
        for (int l = 0; l < logits.length; l++) {
            for (int k = 0; k < letters(); k++) g[l][k] = excluded[l][k] ? 0 : scale * (g[l][k] - s * p[l][k]);
        }
        return g;
    }

    /** θ ← θ − Δ for the admissible letters. */
    void subtract(double[][] delta) {
        for (int l = 0; l < logits.length; l++) {
            for (int k = 0; k < letters(); k++) if (!excluded[l][k]) logits[l][k] -= delta[l][k];
        }
    }
}
