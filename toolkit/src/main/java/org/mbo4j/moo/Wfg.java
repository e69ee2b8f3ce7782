package org.mbo4j.moo;

import java.util.Arrays;

/**
 * The WFG exact hypervolume algorithm (While, Bradstreet, Barone, "A fast way of calculating exact hypervolumes",
 * IEEE TEVC 16(1), 2012), all objectives minimised, used by {@link Hypervolume#compute} for four or more objectives.
 *
 * <p>The hypervolume of a set is the sum of its points' exclusive hypervolumes taken in turn: with the points in
 * order p<sub>1</sub> … p<sub>n</sub>, point p<sub>k</sub> contributes what it adds to {p<sub>k+1</sub> …
 * p<sub>n</sub>}, which is its own box minus the hypervolume of its <em>limit set</em>, the points
 * worse(p<sub>k</sub>, p<sub>i</sub>) (component-wise maximum) for i &gt; k, reduced to its non-dominated members
 * before the recursive call. The points are sorted by the last objective, worst first, so every member of
 * p<sub>k</sub>'s limit set shares p<sub>k</sub>'s last coordinate: p<sub>k</sub>'s exclusive hypervolume is
 * (ref<sub>m</sub> − p<sub>k,m</sub>) times the exclusive hypervolume of its first m − 1 coordinates against its
 * projected limit set, so every recursion drops one objective, down to the exact 2-D and 3-D sweeps of
 * {@link Hypervolume}. Dominated points and duplicates are removed before each level's sum.
 *
 * <p>Written from the paper's description (its abstract, DOI 10.1109/TEVC.2010.2077298: a point's exclusive
 * hypervolume relative to a set is its inclusive hypervolume minus the hypervolume of the set limited by the point,
 * applied iteratively over the set); the worst-first sort and the one-objective reduction it allows are stated here
 * as this implementation does them. No code was copied. Inputs are the points that strictly dominate {@code ref}
 * (the caller filters).
 */
final class Wfg {
    private Wfg() {}

    /** Hypervolume of {@code pts} (each strictly below {@code ref} in every objective, {@code m = ref.length}). */
    static double hv(double[][] pts, double[] ref) {
        int m = ref.length;
        if (pts.length == 0) return 0;
        if (m == 3) return hv3(pts, ref);
        if (m <= 2) return Hypervolume.sweep(pts, ref, m);
        double[][] s = nonDominated(pts, m);
        if (s.length == 1) return box(s[0], ref, m);
        int last = m - 1;
        // worst first in the last objective; ties broken lexicographically for determinism
        Arrays.sort(s, (a, b) -> {
            int c = Double.compare(b[last], a[last]);
            return c != 0 ? c : compareLex(a, b, m);
        });
        double[] subRef = Arrays.copyOf(ref, last);
        double total = 0;
        double[][] limit = new double[s.length][];
        for (int k = 0; k < s.length; k++) {
            double[] p = s[k];
            double height = ref[last] - p[last];
            double own = box(p, ref, last);
            int size = 0;
            for (int i = k + 1; i < s.length; i++) {
                double[] q = s[i];
                double[] w = new double[last];
                for (int j = 0; j < last; j++) w[j] = Math.max(p[j], q[j]);
                limit[size++] = w;
            }
            double covered = size == 0 ? 0 : hv(Arrays.copyOf(limit, size), subRef);
            total += height * (own - covered);
        }
        return total;
    }

    /**
     * The 3-D base case for WFG's small limit sets: {@link Hypervolume}'s sweep over the third objective with the 2-D
     * staircase kept in two arrays (x ascending, y strictly descending) instead of a tree, which is faster for the
     * tens of points a limit set usually has (O(n²) worst case).
     */
    static double hv3(double[][] pts, double[] ref) {
        int n = pts.length;
        double[][] s = pts.clone();
        Arrays.sort(s, (a, b) -> Double.compare(a[2], b[2]));
        double[] xs = new double[n];
        double[] ys = new double[n];
        int size = 0;
        double area = 0;
        double volume = 0;
        for (int i = 0; i < n; i++) {
            double[] p = s[i];
            if (i > 0) volume += area * (p[2] - s[i - 1][2]);
            double x = p[0];
            double y = p[1];
            // first staircase index with xs > x; the step before it (if any) has xs <= x
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (xs[mid] <= x) lo = mid + 1;
                else hi = mid;
            }
            double level = lo == 0 ? ref[1] : ys[lo - 1];
            if (level <= y) continue; // weakly dominated by the staircase
            // steps lo..end-1 have y >= the new y and are dominated by (x, y)
            int end = lo;
            double cur = x;
            while (end < size && ys[end] >= y) {
                area += (xs[end] - cur) * (level - y);
                cur = xs[end];
                level = ys[end];
                end++;
            }
            area += ((end < size ? xs[end] : ref[0]) - cur) * (level - y);
            // replace steps lo..end-1 by (x, y); an equal x at lo-1 is dominated too (its y is above)
            int at = lo > 0 && xs[lo - 1] == x ? lo - 1 : lo;
            System.arraycopy(xs, end, xs, at + 1, size - end);
            System.arraycopy(ys, end, ys, at + 1, size - end);
            size += at + 1 - end;
            xs[at] = x;
            ys[at] = y;
        }
        volume += area * (ref[2] - s[n - 1][2]);
        return volume;
    }

    /** The volume of the box between {@code p} and {@code ref} in the first {@code m} objectives. */
    private static double box(double[] p, double[] ref, int m) {
        double v = 1;
        for (int j = 0; j < m; j++) v *= ref[j] - p[j];
        return v;
    }

    /**
     * The points of {@code pts} (first {@code m} coordinates) that no other point weakly dominates, one copy of each
     * duplicate. After a lexicographic sort a point can only be weakly dominated by one before it, and a dominated
     * point's dominators are themselves dominated by a kept point, so checking against the kept ones suffices.
     */
    static double[][] nonDominated(double[][] pts, int m) {
        double[][] s = pts.clone();
        Arrays.sort(s, (a, b) -> compareLex(a, b, m));
        double[][] kept = new double[s.length][];
        int n = 0;
        for (double[] q : s) {
            boolean dominated = false;
            for (int i = 0; i < n && !dominated; i++) dominated = weaklyDominates(kept[i], q, m);
            if (!dominated) kept[n++] = q;
        }
        return n == kept.length ? kept : Arrays.copyOf(kept, n);
    }

    private static boolean weaklyDominates(double[] a, double[] b, int m) {
        for (int j = 0; j < m; j++) if (a[j] > b[j]) return false;
        return true;
    }

    private static int compareLex(double[] a, double[] b, int m) {
        for (int j = 0; j < m; j++) {
            int c = Double.compare(a[j], b[j]);
            if (c != 0) return c;
        }
        return 0;
    }
}
