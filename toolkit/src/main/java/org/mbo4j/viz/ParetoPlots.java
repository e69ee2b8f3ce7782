package org.mbo4j.viz;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mbo4j.moo.Hypervolume;
import org.mbo4j.moo.Pareto;
import org.mbo4j.task.Task;

/**
 * Pictures of multi-objective results: point sets (visible data, its non-dominated front, D(best), a method's designs)
 * drawn by the number of objectives m, as {@link ChartGrid}s the notebook shows inline.
 *
 * <ul>
 *   <li>m = 2: one scatter of the two objectives;</li>
 *   <li>m = 3: the three pairwise panels (f1–f2, f1–f3, f2–f3) side by side;</li>
 *   <li>m ≥ 4: parallel coordinates, every objective min–max scaled to [0, 1] over all the sets drawn, one line per
 *   point (at most {@value #MAX_LINES} per set, evenly spaced, the legend saying how many of how many);</li>
 * </ul>
 * and, for two minimised objectives, the dominated region up to a reference point drawn as an area with its
 * hypervolume in the title ({@link #hypervolume}). Values are drawn in the units given (raw or normalised, as the
 * caller chooses); axis titles are the objective names.
 */
public final class ParetoPlots {
    /** Most lines a parallel-coordinates series draws; larger sets are thinned ({@link #thinned}). */
    static final int MAX_LINES = 500;

    /** Width of one panel of a pairwise grid (three in a row). */
    static final int PANEL_WIDTH = 420;

    private ParetoPlots() {}

    /**
     * The point sets drawn by their number of objectives (see the class comment).
     *
     * @param title          figure title
     * @param objectiveNames one name per objective (at least two)
     * @param series         name to n×m points, in legend order; every set non-empty with m columns
     */
    public static ChartGrid fronts(String title, List<String> objectiveNames, Map<String, double[][]> series) {
        int m = objectiveNames.size();
        check(objectiveNames, series);
        if (m == 2) return new ChartGrid(title, List.of(Plots.paretoFront(title, objectiveNames, series)), 1);
        if (m == 3) return pairwise(title, objectiveNames, series);
        return new ChartGrid(title, List.of(parallelCoordinates(title, objectiveNames, series)), 1);
    }

    /**
     * A multi-objective task's visible data and its first non-dominated front, plus the given sets (oracle scores of
     * proposals, D(best), in the task's raw units), drawn as {@link #fronts}.
     */
    public static ChartGrid fronts(Task task, Map<String, double[][]> more) {
        if (!task.isMultiObjective()) {
            throw new IllegalArgumentException(task.name() + " has one objective; a Pareto plot needs two or more");
        }
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("visible data", task.dataset().scores());
        s.put("visible non-dominated front", Plots.visibleFront(task));
        s.putAll(more);
        return fronts(task.name() + ": objectives", task.dataset().scoreNames(), s);
    }

    /** The three pairwise scatters of three objectives, in one row. */
    public static ChartGrid pairwise(String title, List<String> objectiveNames, Map<String, double[][]> series) {
        check(objectiveNames, series);
        int m = objectiveNames.size();
        List<Chart<?, ?>> panels = new ArrayList<>();
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                Map<String, double[][]> two = new LinkedHashMap<>();
                for (Map.Entry<String, double[][]> e : series.entrySet())
                    two.put(e.getKey(), columns(e.getValue(), a, b));
                XYChart c = Plots.paretoFront(
                        title + " (" + objectiveNames.get(a) + ", " + objectiveNames.get(b) + ")",
                        List.of(objectiveNames.get(a), objectiveNames.get(b)),
                        two,
                        PANEL_WIDTH,
                        Plots.HEIGHT);
                c.getStyler().setMarkerSize(4);
                if (!panels.isEmpty()) c.getStyler().setLegendVisible(false);
                panels.add(c);
            }
        }
        return new ChartGrid(title, panels, 3);
    }

    /**
     * Parallel coordinates: x = objective index 1…m, y = the objective min–max scaled to [0, 1] over every point
     * drawn (a constant objective is drawn at 0.5); each set is one series whose points are joined per design and
     * separated between designs.
     */
    public static XYChart parallelCoordinates(
            String title, List<String> objectiveNames, Map<String, double[][]> series) {
        check(objectiveNames, series);
        int m = objectiveNames.size();
        double[] lo = new double[m];
        double[] hi = new double[m];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[][] pts : series.values()) {
            for (double[] p : pts) {
                for (int j = 0; j < m; j++) {
                    lo[j] = Math.min(lo[j], p[j]);
                    hi[j] = Math.max(hi[j], p[j]);
                }
            }
        }
        XYChart chart = Plots.theme(new XYChartBuilder()
                .width(Plots.WIDTH)
                .height(Plots.HEIGHT)
                .title(title)
                .xAxisTitle("objective (1 = " + objectiveNames.get(0) + ", …, " + m + " = " + objectiveNames.get(m - 1)
                        + ")")
                .yAxisTitle("min–max scaled value")
                .build());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] pts = thinned(e.getValue());
            String name = pts.length == e.getValue().length
                    ? e.getKey()
                    : e.getKey() + " (" + pts.length + " of " + e.getValue().length + ")";
            double[] xs = new double[pts.length * (m + 1)];
            double[] ys = new double[xs.length];
            int k = 0;
            for (double[] p : pts) {
                for (int j = 0; j < m; j++) {
                    xs[k] = j + 1;
                    ys[k++] = hi[j] > lo[j] ? (p[j] - lo[j]) / (hi[j] - lo[j]) : 0.5;
                }
                xs[k] = m; // a break: XChart leaves a gap at a NaN y
                ys[k++] = Double.NaN;
            }
            XYSeries s = chart.addSeries(name, xs, ys);
            s.setMarker(SeriesMarkers.NONE);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineWidth(0.6f); // hundreds of lines: thin ones keep the bundle readable
        }
        return chart;
    }

    /**
     * Two minimised objectives: the points, the reference point and the region they dominate below it drawn as an
     * area (the staircase of the non-dominated points), its hypervolume ({@link Hypervolume#compute}) in the title.
     *
     * @param points n×2 minimised values (points that do not dominate {@code ref} add nothing, as in the measure)
     * @param ref    the reference point (two values)
     */
    public static XYChart hypervolume(String title, List<String> objectiveNames, double[][] points, double[] ref) {
        if (objectiveNames.size() != 2 || ref.length != 2) {
            throw new IllegalArgumentException("the hypervolume area is drawn for two objectives, got "
                    + objectiveNames.size() + " names and a reference point of " + ref.length);
        }
        for (double[] p : points) {
            if (p.length != 2) throw new IllegalArgumentException("points need two objectives, got " + p.length);
        }
        double hv = Hypervolume.compute(points, ref);
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) if (p[0] < ref[0] && p[1] < ref[1]) inside.add(p);
        double[][] in = inside.toArray(new double[0][]);
        int[] ranks = Pareto.frontRanks(in);
        List<double[]> front = new ArrayList<>();
        for (int i = 0; i < in.length; i++) if (ranks[i] == 0) front.add(in[i]);
        front.sort((a, b) -> Double.compare(a[0], b[0]));
        XYChart chart = Plots.theme(new XYChartBuilder()
                .width(Plots.WIDTH)
                .height(Plots.HEIGHT)
                .title(String.format(Locale.ROOT, "%s: hypervolume %.6g", title, hv))
                .xAxisTitle(objectiveNames.get(0))
                .yAxisTitle(objectiveNames.get(1))
                .build());
        // lower left: empty below a minimised front, while the reference point sits at the upper right
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        if (!front.isEmpty()) {
            // the staircase: from (x₁, ref₂) down to each point and right to the next point's x, then to ref₁
            List<double[]> stair = new ArrayList<>();
            stair.add(new double[] {front.get(0)[0], ref[1]});
            for (int i = 0; i < front.size(); i++) {
                double[] p = front.get(i);
                stair.add(p);
                double nextX = i + 1 < front.size() ? front.get(i + 1)[0] : ref[0];
                stair.add(new double[] {nextX, p[1]});
            }
            stair.add(new double[] {ref[0], ref[1]});
            XYSeries area = Plots.addPoints(chart, "dominated region", stair);
            area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            area.setMarker(SeriesMarkers.NONE);
            Color c = PaperTheme.PALETTE[0];
            area.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 110)); // the grid shows through
        }
        XYSeries pts = Plots.addPoints(chart, "points", Arrays.asList(points));
        pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        XYSeries r = Plots.addPoints(chart, "reference point", List.of(ref));
        r.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        r.setMarker(SeriesMarkers.CROSS);
        return chart;
    }

    private static void check(List<String> names, Map<String, double[][]> series) {
        if (names.size() < 2) {
            throw new IllegalArgumentException("a Pareto plot needs two or more objective names, got " + names);
        }
        if (series.isEmpty()) throw new IllegalArgumentException("a Pareto plot needs at least one point set");
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] p = e.getValue();
            if (p.length == 0) throw new IllegalArgumentException("Pareto series '" + e.getKey() + "' has no points");
            for (double[] row : p) {
                if (row.length != names.size()) {
                    throw new IllegalArgumentException("Pareto series '" + e.getKey() + "' has points of " + row.length
                            + " objectives; the names give " + names.size());
                }
            }
        }
    }

    /**
     * At most {@link #MAX_LINES} rows of {@code pts}, evenly spaced in their order (every ⌈n/MAX_LINES⌉-th, from the
     * first): tens of thousands of lines only paint one block.
     */
    static double[][] thinned(double[][] pts) {
        if (pts.length <= MAX_LINES) return pts;
        int step = (pts.length + MAX_LINES - 1) / MAX_LINES;
        double[][] out = new double[(pts.length + step - 1) / step][];
        for (int i = 0; i < out.length; i++) out[i] = pts[i * step];
        return out;
    }

    private static double[][] columns(double[][] pts, int a, int b) {
        double[][] out = new double[pts.length][];
        for (int i = 0; i < pts.length; i++) out[i] = new double[] {pts[i][a], pts[i][b]};
        return out;
    }
}
