package org.mbo4j.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bootstrap example weights for ensembles: per model, n indices drawn uniformly with replacement over all n rows;
 * an example's weight is how often it was drawn (bincount). Losses then use Σ wᵢℓᵢ / Σ wᵢ. Model m's weights depend
 * only on (seed, m), not on the ensemble size. design-baselines draws {@code size} = n − val indices over the
 * training rows only ({@code design_baselines/data.py} lines 58–67), so here the validation rows' counts are drawn
 * and unused, and each draw is over n rather than n − val.
 */
public final class Bootstrap {
    private Bootstrap() {}

    /** Counts for one model: {@code n} draws from {@code n} examples. */
    public static int[] counts(int n, long seed) {
        if (n < 1) throw new IllegalArgumentException("bootstrap needs at least 1 example, got " + n);
        int[] c = new int[n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) c[rng.nextInt(n)]++;
        return c;
    }

    /** n × models matrix of weights, column m = {@link #counts}(n, seed·1000003 + m). */
    public static INDArray weights(int n, int models, long seed, DataType type) {
        INDArray w = Nd4j.create(type, new long[] {n, models}, 'f');
        for (int m = 0; m < models; m++) {
            int[] c = counts(n, seed * 1_000_003L + m);
            double[] d = new double[n];
            for (int i = 0; i < n; i++) d[i] = c[i];
            w.getColumn(m).assign(Nd4j.create(d).castTo(type));
        }
        return w;
    }
}
