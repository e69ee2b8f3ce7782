package org.mbo4j.method.baseline;

import java.util.Random;

/** Normal base samples of the multi-objective Monte-Carlo acquisitions. Stateless. */
final class MoboSamples {
    /** The Sobol generator's dimension limit (Apache Commons Math's direction numbers). */
    static final int SOBOL_MAX_DIMENSION = 1000;

    private MoboSamples() {}

    /**
     * z[j][s][i] for objective j, sample s and batch position i (q positions): Φ⁻¹ of shifted Sobol points of
     * dimension q·m ({@link QExpectedImprovement#baseSamples}) when q·m ≤ {@value #SOBOL_MAX_DIMENSION}, seeded
     * Gaussian pseudo-random numbers otherwise.
     */
    static double[][][] normal(int samples, int q, int m, long seed) {
        double[][][] z = new double[m][samples][q];
        if ((long) q * m <= SOBOL_MAX_DIMENSION) {
            double[][] flat = QExpectedImprovement.baseSamples(samples, q * m, seed);
            for (int j = 0; j < m; j++) {
                for (int s = 0; s < samples; s++) System.arraycopy(flat[s], j * q, z[j][s], 0, q);
            }
        } else {
            Random rng = new Random(seed);
            for (int j = 0; j < m; j++) {
                for (int s = 0; s < samples; s++) for (int i = 0; i < q; i++) z[j][s][i] = rng.nextGaussian();
            }
        }
        return z;
    }
}
