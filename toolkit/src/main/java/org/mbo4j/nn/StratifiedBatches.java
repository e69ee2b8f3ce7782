package org.mbo4j.nn;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.mbo4j.util.Shuffle;

/**
 * Minibatches stratified by the target: one row from each of {@code buckets} equal ranges of the y-sorted data, as
 * Match-OPT trains (Hoang et al., ICML 2024; {@code azzafadhel/MatchOpt} at aae3f57,
 * {@code gm_surrogate_traj_sampling.py} 45–62). The rows are sorted by y (ascending; ties by row index) and cut into
 * {@code buckets} consecutive buckets of ⌊n/buckets⌋ rows, the last also taking the remainder. Each epoch every
 * bucket is shuffled and its first ⌊n/buckets⌋ rows kept; batch j holds the j-th kept row of every bucket, in bucket
 * order, so a batch has {@code buckets} rows with ascending y and an epoch has ⌊n/buckets⌋ batches (the remainder of
 * the last bucket sits out each epoch, as in the authors' {@code perm[:bucket_size]}). Each epoch's shuffles come
 * from their own stream of the seed, so the plan is a pure function of (y, buckets, seed, epoch).
 */
public final class StratifiedBatches implements Trainer.BatchPlan {
    private final int[][] buckets;
    private final int perBucket;
    private final long seed;
    private final int rows;

    private StratifiedBatches(int[][] buckets, int perBucket, long seed, int rows) {
        this.buckets = buckets;
        this.perBucket = perBucket;
        this.seed = seed;
        this.rows = rows;
    }

    /**
     * The plan for targets {@code y} (one per row).
     *
     * @param buckets rows per batch (Match-OPT: the batch size, 128)
     */
    public static StratifiedBatches of(double[] y, int buckets, long seed) {
        if (buckets < 2) {
            throw new IllegalArgumentException(
                    "stratified batches need at least 2 buckets (rows per batch), got " + buckets);
        }
        if (y.length < buckets) {
            throw new IllegalArgumentException("stratified batches of " + buckets + " rows need at least " + buckets
                    + " rows, got " + y.length + ": lower the batch size");
        }
        for (double v : y) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("targets must be finite to sort, got " + v);
        }
        int[] order = IntStream.range(0, y.length)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> y[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
        int size = y.length / buckets;
        int[][] b = new int[buckets][];
        for (int i = 0; i < buckets; i++) {
            int lo = size * i, hi = i < buckets - 1 ? size * (i + 1) : y.length;
            b[i] = Arrays.copyOfRange(order, lo, hi);
        }
        return new StratifiedBatches(b, size, seed, y.length);
    }

    /** Batches per epoch: ⌊n/buckets⌋. */
    public int batchesPerEpoch() {
        return perBucket;
    }

    /** The buckets' rows, lowest y first (copies). */
    public int[][] buckets() {
        int[][] out = new int[buckets.length][];
        for (int i = 0; i < buckets.length; i++) out[i] = buckets[i].clone();
        return out;
    }

    @Override
    public int[][] batches(int epoch) {
        SplittableRandom rng = new SplittableRandom(FlowMatching.mix(seed, epoch, 53));
        int[][] out = new int[perBucket][buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            int[] perm = Shuffle.permutation(buckets[i].length, rng);
            for (int j = 0; j < perBucket; j++) out[j][i] = buckets[i][perm[j]];
        }
        return out;
    }

    @Override
    public String fingerprint() {
        long h = 31L * rows + buckets.length;
        for (int[] bucket : buckets) for (int i : bucket) h = 31L * h + i;
        return String.format(Locale.ROOT, "stratified %d rows x %d buckets seed %d h%x", rows, buckets.length, seed, h);
    }
}
