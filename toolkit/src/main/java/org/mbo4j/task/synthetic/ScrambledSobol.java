package org.mbo4j.task.synthetic;

import java.util.SplittableRandom;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.mbo4j.data.ContinuousSpace;

/**
 * A seeded randomised Sobol sample in a box: the first n points of commons-math3's Sobol sequence (Joe–Kuo
 * direction numbers, starting with the origin) with a random digital shift, i.e. every coordinate's 52-bit binary
 * fraction is XOR-ed with a seeded uniform 52-bit word drawn once per dimension (the random digital shift of
 * L'Ecuyer &amp; Lemieux, "Recent Advances in Randomized Quasi-Monte Carlo Methods", 2002). The shift keeps the
 * sequence's net structure and makes the sample a random variable of the seed. scipy's {@code qmc.Sobol(scramble=True)} (used by GABO) applies
 * linear matrix scrambling plus a digital shift, so the points differ from GABO's even for the same seed.
 */
public final class ScrambledSobol {
    private static final int BITS = 52; // commons-math3 represents Sobol points as k / 2^52
    private static final double SCALE = Math.pow(2, BITS);

    private ScrambledSobol() {}

    /** n points in {@code box}, reproducible from {@code seed}. */
    public static double[][] sample(ContinuousSpace box, int n, long seed) {
        int d = box.dims();
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(d);
        SplittableRandom rng = new SplittableRandom(seed);
        long[] shift = new long[d];
        for (int j = 0; j < d; j++) shift[j] = rng.nextLong() >>> (64 - BITS);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double[] u = sobol.nextVector();
            for (int j = 0; j < d; j++) {
                long bits = (long) (u[j] * SCALE) ^ shift[j];
                double unit = bits / SCALE;
                x[i][j] = Math.min(box.upper(j), box.lower(j) + unit * (box.upper(j) - box.lower(j)));
            }
        }
        return x;
    }
}
