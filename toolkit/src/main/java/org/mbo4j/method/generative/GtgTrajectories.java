package org.mbo4j.method.generative;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The training trajectories of GTG (Yun, Lee, Kim, Yun, Ok, Kim, "Guided Trajectory Generation with Diffusion Models
 * for Offline Model-based Optimization", NeurIPS 2024; code {@code dbsxodud-11/GTG} at 448f206,
 * {@code construct_trajectories.py}): walks through the data that mostly climb, each a sequence of data rows.
 *
 * <p><b>Contract</b> (line numbers of {@code construct_trajectories.py}). Values are the scores min–max normalised to
 * [0, 1] (the authors use the task's full data, lines 82–84, with no label noise, {@code sigma} 0; {@link Gtg} passes
 * the visible data's, which is all an offline method may see). Distances are Hamming counts between integer
 * sequences (line 132) or Euclidean between raw designs (line 135). A walk starts at a row drawn uniformly from the
 * rows whose value is at least the 20th percentile ({@code np.percentile}, linear; lines 140–148). Each of its
 * {@code length − 1} steps (line 158):
 * <ol>
 *   <li>marks the distances from the current row to every row this walk has visited as 1000 (line 159). The mark is
 *       written into the shared distance matrix and stays for later walks, whose steps from the same row see it too;
 *       reproduced ({@link MaskedDistances});</li>
 *   <li>takes the rows whose value is at least the walk's best value so far minus ε (line 160);</li>
 *   <li>if there is at most one such row, moves to the best-valued row among the k nearest rows overall (163–164);
 *       otherwise to a row drawn uniformly among the k candidates nearest the current row (166–167);</li>
 *   <li>and the best value so far becomes the maximum with the new row's (line 178).</li>
 * </ol>
 * TFBind8's values: 1,000 walks of 64 rows, k = 50, ε = 0.05 (lines 99–122; the other tasks: 4,000 walks, k = 20,
 * ε = 0.05, 0.01 for D'Kitty).
 *
 * <p><b>Deviations.</b> Ties in distance (frequent with Hamming counts) are broken by row index (a stable order); the
 * authors' {@code np.argsort} uses NumPy's unstable introsort, whose order among ties is the implementation's. Our
 * random stream is Java's: walks are distributed as theirs, not equal. Distances are computed on the fly instead of
 * as an n × n matrix (4.3 GB at TFBind8's 32,898 rows), with the marks kept per row. Immutable settings; the
 * construction is deterministic per seed.
 */
public final class GtgTrajectories {
    /** The mark {@code construct_trajectories.py} writes for visited rows (line 159). */
    static final double MARK = 1000.0;

    /**
     * @param walks           number of walks (TFBind8: 1,000)
     * @param length          rows per walk (64)
     * @param neighbours      k nearest rows considered per step (TFBind8: 50)
     * @param epsilon         slack below the walk's best value (TFBind8: 0.05)
     * @param startPercentile starts are drawn from rows at or above this percentile of the values (20)
     */
    public record Settings(int walks, int length, int neighbours, double epsilon, double startPercentile) {
        public Settings {
            if (walks < 1) throw new IllegalArgumentException("GTG needs at least one walk, got " + walks);
            if (length < 1) throw new IllegalArgumentException("a walk has at least one row, got " + length);
            if (neighbours < 1) throw new IllegalArgumentException("k must be ≥ 1, got " + neighbours);
            if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be a finite number ≥ 0, got " + epsilon);
            }
            if (!(startPercentile >= 0 && startPercentile <= 100)) {
                throw new IllegalArgumentException("the start percentile must be in [0, 100], got " + startPercentile);
            }
        }

        /** TFBind8's values ({@code construct_trajectories.py} 99–122, 140). */
        public static Settings tfbind8() {
            return new Settings(1000, 64, 50, 0.05, 20);
        }
    }

    /**
     * The walks: {@code rows[w][t]} is the data row at step t of walk w, {@code values[w][t]} its value.
     */
    public record Walks(int[][] rows, double[][] values) {}

    private GtgTrajectories() {}

    /**
     * Builds the walks.
     *
     * @param designs raw designs (integer codes for sequences)
     * @param values  their values, normalised to [0, 1]
     * @param hamming Hamming distance (sequences) instead of Euclidean
     */
    public static Walks construct(double[][] designs, double[] values, boolean hamming, Settings s, long seed) {
        int n = designs.length;
        if (n < 1 || values.length != n) {
            throw new IllegalArgumentException(
                    "GTG's walks need designs and one value each, got " + n + " and " + values.length);
        }
        double start = SortedTrajectories.percentile(values, s.startPercentile());
        int[] starts = java.util.stream.IntStream.range(0, n)
                .filter(i -> values[i] >= start)
                .toArray();
        MaskedDistances dist = new MaskedDistances(designs, hamming);
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] rows = new int[s.walks()][s.length()];
        double[][] vals = new double[s.walks()][s.length()];
        for (int w = 0; w < s.walks(); w++) {
            int current = starts[rng.nextInt(starts.length)];
            double best = values[current];
            List<Integer> visited = new ArrayList<>();
            visited.add(current);
            rows[w][0] = current;
            vals[w][0] = values[current];
            for (int t = 1; t < s.length(); t++) {
                dist.mark(current, visited);
                double floor = best - s.epsilon();
                List<Integer> candidates = new ArrayList<>();
                for (int i = 0; i < n; i++) if (values[i] >= floor) candidates.add(i);
                int next;
                if (candidates.size() <= 1) {
                    int[] near = dist.nearest(current, null, s.neighbours());
                    next = near[0];
                    for (int i : near) if (values[i] > values[next]) next = i;
                } else {
                    int[] near = dist.nearest(current, candidates, s.neighbours());
                    next = near[rng.nextInt(near.length)];
                }
                rows[w][t] = next;
                vals[w][t] = values[next];
                current = next;
                best = Math.max(best, values[next]);
                visited.add(next);
            }
        }
        return new Walks(rows, vals);
    }

    /**
     * Distances between rows, computed on demand, with the authors' persistent marks: row r's distance to a row it
     * marked is {@link #MARK} from then on (their {@code distances[starting_idx, idx_list] = 1000.0}, which only
     * writes row r).
     */
    static final class MaskedDistances {
        private final double[][] x;
        private final boolean hamming;
        private final Map<Integer, Set<Integer>> marks = new HashMap<>();

        MaskedDistances(double[][] x, boolean hamming) {
            this.x = x;
            this.hamming = hamming;
        }

        void mark(int row, List<Integer> columns) {
            marks.computeIfAbsent(row, r -> new HashSet<>()).addAll(columns);
        }

        double distance(int row, int col) {
            Set<Integer> m = marks.get(row);
            if (m != null && m.contains(col)) return MARK;
            double[] a = x[row];
            double[] b = x[col];
            double s = 0;
            if (hamming) {
                for (int j = 0; j < a.length; j++) if (a[j] != b[j]) s++;
                return s;
            }
            for (int j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
            return Math.sqrt(s);
        }

        /** The k rows of {@code among} (all rows when null) nearest {@code row}, nearest first, ties by row index. */
        int[] nearest(int row, List<Integer> among, int k) {
            int m = among == null ? x.length : among.size();
            int size = Math.min(k, m);
            int[] rows = new int[size];
            double[] ds = new double[size];
            int filled = 0;
            for (int i = 0; i < m; i++) {
                int r = among == null ? i : among.get(i);
                double d = distance(row, r);
                // keep the k smallest (distance, row) pairs in order: insertion into a sorted array of at most k
                if (filled == size && !before(d, r, ds[size - 1], rows[size - 1])) continue;
                int pos = filled == size ? size - 1 : filled++;
                while (pos > 0 && before(d, r, ds[pos - 1], rows[pos - 1])) {
                    ds[pos] = ds[pos - 1];
                    rows[pos] = rows[pos - 1];
                    pos--;
                }
                ds[pos] = d;
                rows[pos] = r;
            }
            return rows;
        }

        private static boolean before(double d, int r, double d2, int r2) {
            return d < d2 || (d == d2 && r < r2);
        }
    }
}
