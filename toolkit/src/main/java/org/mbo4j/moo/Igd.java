package org.mbo4j.moo;

/**
 * Inverted generational distance: the mean, over the points of a reference front, of the Euclidean distance to the
 * nearest point of a solution set (Coello &amp; Reyes Sierra 2004), as {@code pymoo.indicators.igd.IGD(pf).do(F)}
 * with its defaults (no normalisation; pymoo 0.6.1.3 {@code indicators/distance_indicator.py} lines 44–55). Lower
 * is better; 0 when every reference point is in the set. O(|front| · |points| · m).
 */
public final class Igd {
    private Igd() {}

    /**
     * IGD of {@code points} against {@code front}.
     *
     * @throws IllegalArgumentException when either set is empty, rows differ in length, or a value is NaN
     */
    public static double compute(double[][] points, double[][] front) {
        if (front.length == 0) throw new IllegalArgumentException("the reference front is empty; IGD needs one point");
        if (points.length == 0) {
            throw new IllegalArgumentException("the solution set is empty; IGD needs at least one point");
        }
        int m = front[0].length;
        check(front, m, "reference front point");
        check(points, m, "point");
        double sum = 0;
        for (double[] r : front) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] p : points) {
                double d = 0;
                for (int j = 0; j < m; j++) d += (p[j] - r[j]) * (p[j] - r[j]);
                best = Math.min(best, d);
            }
            sum += Math.sqrt(best);
        }
        return sum / front.length;
    }

    private static void check(double[][] rows, int m, String what) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != m) {
                throw new IllegalArgumentException(
                        what + " " + i + " has " + rows[i].length + " objectives but the front's first point has " + m);
            }
            for (double v : rows[i])
                if (Double.isNaN(v)) throw new IllegalArgumentException(what + " " + i + " contains NaN");
        }
    }
}
