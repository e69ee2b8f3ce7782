package org.mbo4j.moo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Pareto utilities, all objectives minimised: non-dominated sorting, crowding distance and rank-and-crowding
 * selection.
 *
 * <p>Dominance: a dominates b iff a ≤ b in every objective and a &lt; b in at least one. Identical points do not
 * dominate each other and share a front (as in pymoo).
 *
 * <p>Non-dominated sorting is ENS-BS (Zhang, Tian, Cheng, Jin, "An Efficient Approach to Nondominated Sorting for
 * Evolutionary Multiobjective Optimization", IEEE TEVC 2015): points are sorted lexicographically, so a point can
 * only be dominated by points before it, and each point is placed by binary search over the fronts built so far.
 * Whether a front dominates a point is answered in O(1) for two objectives (the front's smallest f2), in
 * O(log size) for three (a 2-D staircase of the front's (f2, f3) in a balanced tree), and by scanning the front for
 * four or more. So sorting is O(N log N) for 2 objectives, O(N log² N) for 3, and O(N · front size · m) beyond.
 * Measured (2 cores): 60,000 random 3-objective points in 0.1 s, 60,000 on one 3-objective front in 0.1 s.
 */
public final class Pareto {
    private Pareto() {}

    /** True when {@code a} dominates {@code b} (minimisation). */
    public static boolean dominates(double[] a, double[] b) {
        boolean strict = false;
        for (int j = 0; j < a.length; j++) {
            if (a[j] > b[j]) return false;
            if (a[j] < b[j]) strict = true;
        }
        return strict;
    }

    /** Non-dominated-sorting front index (0 = first front) of each point. */
    public static int[] frontRanks(double[][] points) {
        int n = points.length;
        int[] rank = new int[n];
        if (n == 0) return rank;
        int m = requireRectangular(points);
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> compareLex(points[a], points[b]));
        List<FrontIndex> fronts = new ArrayList<>();
        int prev = -1;
        for (Integer pi : order) {
            int p = pi;
            if (prev >= 0 && compareLex(points[prev], points[p]) == 0) { // duplicates share their twin's front
                rank[p] = rank[prev];
                continue;
            }
            prev = p;
            double[] x = points[p];
            int lo = 0;
            int hi = fronts.size(); // answer in [lo, hi]; hi = a new front
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (fronts.get(mid).dominates(x)) lo = mid + 1;
                else hi = mid;
            }
            if (lo == fronts.size()) fronts.add(m == 2 ? new Front2() : m == 3 ? new Front3() : new FrontN(points));
            fronts.get(lo).add(p, x);
            rank[p] = lo;
        }
        return rank;
    }

    /**
     * The members of one front, queried with distinct points in lexicographic order: every member precedes the
     * query, so it dominates the query iff it is ≤ in objectives 2..m (distinctness supplies the strict part).
     */
    private interface FrontIndex {
        boolean dominates(double[] x);

        void add(int index, double[] x);
    }

    /** Two objectives: members have non-increasing f2, so the last one decides. */
    private static final class Front2 implements FrontIndex {
        private double minF2 = Double.POSITIVE_INFINITY;

        @Override
        public boolean dominates(double[] x) {
            return minF2 <= x[1];
        }

        @Override
        public void add(int index, double[] x) {
            minF2 = Math.min(minF2, x[1]);
        }
    }

    /** Three objectives: the 2-D staircase of the members' (f2, f3), f2 ascending and f3 strictly descending. */
    private static final class Front3 implements FrontIndex {
        private final TreeMap<Double, Double> stairs = new TreeMap<>();

        @Override
        public boolean dominates(double[] x) {
            var floor = stairs.floorEntry(x[1] + 0.0); // + 0.0 turns −0.0 into 0.0 for the tree's order
            return floor != null && floor.getValue() <= x[2];
        }

        @Override
        public void add(int index, double[] x) {
            double key = x[1] + 0.0;
            for (var q = stairs.ceilingEntry(key); q != null && q.getValue() >= x[2]; q = stairs.ceilingEntry(key)) {
                stairs.remove(q.getKey());
            }
            stairs.put(key, x[2]);
        }
    }

    /** Four or more objectives: a scan of the members, most recent first (the likeliest dominators). */
    private static final class FrontN implements FrontIndex {
        private final double[][] points;
        private int[] members = new int[8];
        private int size;

        FrontN(double[][] points) {
            this.points = points;
        }

        @Override
        public boolean dominates(double[] x) {
            for (int k = size - 1; k >= 0; k--) {
                if (dominates(points[members[k]], x)) return true;
            }
            return false;
        }

        private static boolean dominates(double[] q, double[] x) {
            for (int j = 1; j < x.length; j++) if (q[j] > x[j]) return false;
            return true;
        }

        @Override
        public void add(int index, double[] x) {
            if (size == members.length) members = Arrays.copyOf(members, size * 2);
            members[size++] = index;
        }
    }

    /** The fronts as lists of point indices, best front first; indices ascending within a front. */
    public static List<int[]> fronts(double[][] points) {
        return groupByRank(frontRanks(points));
    }

    /** Indices of the non-dominated points (front 0), ascending. */
    public static int[] nonDominated(double[][] points) {
        if (points.length == 0) return new int[0];
        return fronts(points).get(0);
    }

    static List<int[]> groupByRank(int[] rank) {
        int maxRank = -1;
        for (int r : rank) maxRank = Math.max(maxRank, r);
        int[] counts = new int[maxRank + 1];
        for (int r : rank) counts[r]++;
        List<int[]> out = new ArrayList<>(maxRank + 1);
        for (int c : counts) out.add(new int[c]);
        int[] fill = new int[maxRank + 1];
        for (int i = 0; i < rank.length; i++) out.get(rank[i])[fill[rank[i]]++] = i;
        return out;
    }

    private static int compareLex(double[] a, double[] b) {
        for (int j = 0; j < a.length; j++) {
            if (a[j] < b[j]) return -1; // numeric order: −0.0 equals 0.0 (NaN is rejected up front)
            if (a[j] > b[j]) return 1;
        }
        return 0;
    }

    private static int requireRectangular(double[][] points) {
        int m = points[0].length;
        if (m == 0) throw new IllegalArgumentException("points need at least one objective");
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != m) {
                throw new IllegalArgumentException(
                        "point " + i + " has " + points[i].length + " objectives but point 0 has " + m);
            }
            for (double v : points[i]) {
                if (Double.isNaN(v)) throw new IllegalArgumentException("point " + i + " contains NaN");
            }
        }
        return m;
    }

    /**
     * Crowding distance of each point of one front, pymoo's definition ({@code calc_crowding_distance} with
     * duplicate filtering): duplicates after their first occurrence get 0; among the unique points, each objective
     * is stably sorted and a point gets (next − previous)/(max − min) summed over objectives and divided by m, with
     * the boundary points getting +∞ (pymoo's survival then replaces ∞ by 1e14; we keep ∞, which orders the same
     * way). An objective whose values are all equal contributes 0.
     */
    public static double[] crowdingDistance(double[][] front) {
        int n = front.length;
        double[] cd = new double[n];
        if (n == 0) return cd;
        int m = requireRectangular(front);
        int[] unique = uniqueRows(front);
        int u = unique.length;
        double[] ucd = new double[u];
        Integer[] idx = new Integer[u];
        for (int j = 0; j < m; j++) {
            final int jj = j;
            for (int k = 0; k < u; k++) idx[k] = k;
            Arrays.sort(idx, Comparator.comparingDouble(k -> front[unique[k]][jj])); // stable, like mergesort
            double min = front[unique[idx[0]]][j];
            double max = front[unique[idx[u - 1]]][j];
            double norm = max - min;
            for (int s = 0; s < u; s++) {
                double prev = s == 0 ? Double.NEGATIVE_INFINITY : front[unique[idx[s - 1]]][j];
                double next = s == u - 1 ? Double.POSITIVE_INFINITY : front[unique[idx[s + 1]]][j];
                double v = front[unique[idx[s]]][j];
                // pymoo sets a zero norm to NaN, so an objective with all values equal contributes 0
                double toLast = norm == 0 ? 0 : (v - prev) / norm;
                double toNext = norm == 0 ? 0 : (next - v) / norm;
                ucd[idx[s]] += toLast + toNext;
            }
        }
        for (int k = 0; k < u; k++) cd[unique[k]] = ucd[k] / m;
        return cd;
    }

    /** Indices of the first occurrence of each distinct row, ascending. */
    private static int[] uniqueRows(double[][] rows) {
        Integer[] order = IntStream.range(0, rows.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> {
            int c = compareLex(rows[a], rows[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        boolean[] dup = new boolean[rows.length];
        for (int k = 1; k < order.length; k++) {
            if (compareLex(rows[order[k]], rows[order[k - 1]]) == 0) dup[order[k]] = true;
        }
        return IntStream.range(0, rows.length).filter(i -> !dup[i]).toArray();
    }

    /**
     * Indices of the best {@code n} points by non-dominated sorting, breaking ties in the last front by crowding
     * distance (pymoo's {@code RankAndCrowdingSurvival}; Off-MOO-Bench's {@code get_N_nondominated_index}):
     * whole fronts are taken from the best while they fit; from the front that overflows, the points with the
     * largest crowding distance are taken (ties: lower index first).
     *
     * <p>Off-MOO-Bench's {@code get_N_nondominated_index} appends the positions <em>within</em> the last front
     * ({@code I}) instead of the point indices ({@code front[I]}); we implement the evident intent.
     *
     * @return indices, fronts in order and the last front's picks by decreasing crowding distance
     */
    public static int[] selectBest(double[][] points, int n) {
        if (n < 0 || n > points.length) {
            throw new IllegalArgumentException(
                    "cannot select " + n + " of " + points.length + " points; ask for between 0 and " + points.length);
        }
        int[] out = new int[n];
        if (n == 0) return out;
        int c = 0;
        for (int[] front : fronts(points)) {
            if (c + front.length <= n) {
                System.arraycopy(front, 0, out, c, front.length);
                c += front.length;
                if (c == n) break;
                continue;
            }
            int[] pick = mostCrowdingDistant(points, front, n - c);
            System.arraycopy(pick, 0, out, c, pick.length);
            break;
        }
        return out;
    }

    /** The {@code k} members of {@code front} (point indices) with the largest crowding distance. */
    static int[] mostCrowdingDistant(double[][] points, int[] front, int k) {
        double[][] f = new double[front.length][];
        for (int i = 0; i < front.length; i++) f[i] = points[front[i]];
        double[] cd = crowdingDistance(f);
        Integer[] order = IntStream.range(0, front.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(cd[b], cd[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = front[order[i]];
        return out;
    }
}
