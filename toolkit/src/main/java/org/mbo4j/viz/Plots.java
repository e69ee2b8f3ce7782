package org.mbo4j.viz;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.eval.Score;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.moo.Pareto;
import org.mbo4j.task.Direction;
import org.mbo4j.task.Task;
import org.mbo4j.util.Numbers;
import org.mbo4j.util.Statistics;
import tech.tablesaw.api.Table;

/**
 * The toolkit's standard pictures, as XChart charts (they render inline in the notebook; save them with
 * {@link ChartImages}). Each method returns a fresh chart in the {@link PaperTheme} (white, Okabe–Ito colours,
 * ticks at round numbers) that callers may restyle; {@link #theme} gives a chart of your own the same look.
 *
 * <pre>{@code
 * Plots.scoreHistogram(task.dataset());                     // distribution of the visible scores
 * Plots.histogram("scores", "y", 40, Map.of("data", y, "proposal", yp));
 * Plots.landscape(Tasks.load("Branin"), 60);                // 2-D task, hidden top region marked
 * Plots.paretoFront("ZDT1", List.of("f1", "f2"), Map.of("data", ys));
 * Plots.scores(listOfScores);                               // benchmark bars: mean ± std per task and method
 * Plots.trajectory(proposal);                               // predicted mean/max per search step
 * Plots.rewardHacking(TrajectoryReport.of(eval, proposal)); // surrogate vs oracle per step
 * }</pre>
 */
public final class Plots {
    /** Default picture size in pixels. */
    public static final int WIDTH = 640;

    public static final int HEIGHT = 420;
    private static final int LANDSCAPE_LEVELS = 8;
    /** Cells per axis of a landscape's picture (the oracle grid is interpolated onto it). */
    static final int LANDSCAPE_DRAW = 300;
    /** Sequential colour-blind-safe levels for landscapes, dark (worse) to light (better): viridis at 8 stops. */
    static final Color[] LEVELS = {
        new Color(0x440154), new Color(0x46327E), new Color(0x365C8D), new Color(0x277F8E),
        new Color(0x1FA187), new Color(0x4AC16D), new Color(0xA0DA39), new Color(0xFDE725)
    };
    /** The hidden top region of a landscape (Okabe–Ito vermillion, apart from every viridis level). */
    static final Color HIDDEN = new Color(0xD55E00);

    private Plots() {}

    /**
     * Gives a chart built by hand the toolkit's look: the {@link PaperTheme} and y tick labels written with
     * {@link Numbers#show} (XChart places numeric ticks at round numbers). Replaces the styler's settings, so call it
     * right after {@code build()} and restyle afterwards.
     *
     * @return the same chart
     */
    public static XYChart theme(XYChart chart) {
        chart.getStyler().setTheme(new PaperTheme());
        // Only the y axis gets a formatting function: with one on the x axis, XChart 3.8.8 puts the x ticks at the
        // data's own x values whenever they are equally spaced (bin edges .005, .049, ...; every step of a search).
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Numbers::show);
        return chart;
    }

    /** {@link #theme(XYChart)} for category charts (bars); the y axis labels use {@link Numbers#show}. */
    public static CategoryChart theme(CategoryChart chart) {
        chart.getStyler().setTheme(new PaperTheme());
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Numbers::show);
        return chart;
    }

    /**
     * Overlaid histograms with shared bins, each series normalised to fractions of its own size (so a dataset of
     * 30 000 rows and a proposal of 128 designs compare).
     *
     * @param title  chart title
     * @param xLabel what the values are
     * @param bins   number of bins (at least 1)
     * @param series name to values, in legend order; every series needs at least one finite value
     * @return a step chart on a numeric x axis (ticks at round numbers); series {@code name} is the outline of its
     *         bars: (lo, 0), then (edge, fraction of its values in the bin starting at that edge) for the
     *         {@code bins + 1} edges from the smallest value lo to the largest hi (the last edge repeats the last
     *         bin), then (hi, 0); an invisible one-point series keeps the ticks round ({@link #roundTicks})
     */
    public static XYChart histogram(String title, String xLabel, int bins, Map<String, double[]> series) {
        if (bins < 1) throw new IllegalArgumentException("a histogram needs at least 1 bin, got " + bins);
        if (series.isEmpty()) throw new IllegalArgumentException("a histogram needs at least one series of values");
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue().length == 0) {
                throw new IllegalArgumentException("histogram series '" + e.getKey() + "' has no values");
            }
            for (double v : e.getValue()) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("histogram series '" + e.getKey() + "' contains " + v);
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi == lo) hi = lo + 1;
        XYChart chart = theme(new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle("fraction of designs")
                .build());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        chart.getStyler().setLegendVisible(series.size() > 1);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        int colour = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            Histogram h = new Histogram(boxed(e.getValue()), bins, lo, hi);
            double n = e.getValue().length;
            // The outline of the bars: up from 0 at the first edge, one step per bin, down to 0 at the last edge.
            double[] x = new double[bins + 3];
            double[] frac = new double[bins + 3];
            List<Double> counts = h.getyAxisData();
            x[0] = lo;
            for (int b = 0; b <= bins; b++) {
                x[b + 1] = lo + (hi - lo) * b / bins;
                frac[b + 1] = counts.get(Math.min(b, bins - 1)) / n;
            }
            x[bins + 2] = hi;
            Color c = PaperTheme.PALETTE[colour++ % PaperTheme.PALETTE.length];
            chart.addSeries(e.getKey(), x, frac)
                    .setMarker(SeriesMarkers.NONE)
                    .setLineColor(c)
                    .setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), series.size() > 1 ? 110 : 190));
        }
        roundTicks(chart);
        return chart;
    }

    /** Histogram of score column {@code objective} of a dataset, 40 bins. */
    public static XYChart scoreHistogram(Dataset data, int objective) {
        String name = data.scoreNames().get(objective);
        return histogram(
                "visible scores (" + data.size() + " designs)",
                name,
                40,
                Map.of("dataset", data.scoreColumn(objective)));
    }

    /** Histogram of the first score column of a dataset. */
    public static XYChart scoreHistogram(Dataset data) {
        return scoreHistogram(data, 0);
    }

    /**
     * The visible scores next to the oracle scores of proposed designs (objective 0).
     *
     * @param data           the visible dataset
     * @param proposalScores oracle scores of the proposed designs, e.g. from {@code Evaluation.oracle}
     */
    public static XYChart scoreHistogram(Dataset data, String proposalName, double[] proposalScores) {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("visible dataset", data.scoreColumn(0));
        s.put(proposalName, proposalScores);
        return histogram(
                "scores: visible data vs " + proposalName, data.scoreNames().get(0), 40, s);
    }

    /**
     * The landscape of a 2-D continuous single-objective task: the oracle on a {@code resolution}² grid of cell
     * centres, interpolated onto a fine {@value #LANDSCAPE_DRAW}² picture (colour levels by quantile, dark = worse,
     * light = better), the region better than every visible design (the hidden top region that an offline method
     * must reach without data) in vermillion, and up to 300 visible designs. Calls the task's oracle
     * {@code resolution}² times: a picture for understanding the task, not an evaluation.
     *
     * @throws IllegalArgumentException when the task is not 2-D continuous single-objective
     */
    public static XYChart landscape(Task task, int resolution) {
        if (!(task.space() instanceof ContinuousSpace box) || box.dims() != 2 || task.isMultiObjective()) {
            throw new IllegalArgumentException("a landscape needs a 2-D continuous single-objective task; "
                    + task.name() + " is " + task.space().describe() + " with "
                    + task.objectives().size()
                    + " objective(s)");
        }
        if (resolution < 2) throw new IllegalArgumentException("resolution must be at least 2, got " + resolution);
        double[][] grid = new double[resolution * resolution][];
        for (int i = 0; i < resolution; i++) {
            for (int j = 0; j < resolution; j++) {
                grid[i * resolution + j] = new double[] {
                    box.lower(0) + (box.upper(0) - box.lower(0)) * (i + 0.5) / resolution,
                    box.lower(1) + (box.upper(1) - box.lower(1)) * (j + 0.5) / resolution
                };
            }
        }
        double sign = task.objectives().get(0).direction() == Direction.MAXIMIZE ? 1 : -1;
        double[][] f = task.evaluate(grid);
        double[] better = new double[grid.length];
        for (int k = 0; k < grid.length; k++) better[k] = sign * f[k][0];
        Dataset data = task.dataset();
        double bestVisible = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < data.size(); r++) bestVisible = Math.max(bestVisible, sign * data.score(r, 0));
        return landscape(task.name(), box, better, bestVisible, data, resolution);
    }

    /**
     * The landscape picture from values on the oracle's {@code resolution}² grid of cell centres ("higher is
     * better" units, {@code better[i * resolution + j]} at cell (i, j) of axes x0, x1), interpolated bilinearly onto a
     * {@value #LANDSCAPE_DRAW}² drawing grid so that level boundaries are smooth rather than blocky: quantile levels
     * of the interpolated values in viridis colours, the hidden region (interpolated value above
     * {@code bestVisible}) in vermillion, and up to 300 visible designs as crosses.
     */
    static XYChart landscape(
            String name, ContinuousSpace box, double[] better, double bestVisible, Dataset data, int resolution) {
        int size = 600;
        XYChart chart = theme(new XYChartBuilder()
                .width(size)
                .height(size)
                .title(name + " landscape (dark = worse, light = better)")
                .xAxisTitle("x0")
                .yAxisTitle("x1")
                .build());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setXAxisMin(box.lower(0)).setXAxisMax(box.upper(0));
        chart.getStyler().setYAxisMin(box.lower(1)).setYAxisMax(box.upper(1));
        // Square markers a little larger than a drawing cell of the ~520×480 px plot area, so cells tile.
        chart.getStyler().setMarkerSize((int) Math.ceil(520.0 / LANDSCAPE_DRAW) + 2);
        int n = LANDSCAPE_DRAW;
        double[][] cells = new double[n * n][];
        double[] value = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double u = (i + 0.5) / n;
                double v = (j + 0.5) / n;
                cells[i * n + j] = new double[] {
                    box.lower(0) + (box.upper(0) - box.lower(0)) * u, box.lower(1) + (box.upper(1) - box.lower(1)) * v
                };
                value[i * n + j] = bilinear(better, resolution, u, v);
            }
        }
        double[] sorted = value.clone();
        Arrays.sort(sorted);
        List<List<double[]>> levels = new ArrayList<>();
        for (int l = 0; l < LANDSCAPE_LEVELS; l++) levels.add(new ArrayList<>());
        List<double[]> hidden = new ArrayList<>();
        for (int k = 0; k < cells.length; k++) {
            if (value[k] > bestVisible) {
                hidden.add(cells[k]);
                continue;
            }
            int rank = Arrays.binarySearch(sorted, value[k]);
            if (rank < 0) rank = -rank - 1;
            levels.get(Math.min(LANDSCAPE_LEVELS - 1, rank * LANDSCAPE_LEVELS / sorted.length))
                    .add(cells[k]);
        }
        for (int l = 0; l < LANDSCAPE_LEVELS; l++) {
            if (levels.get(l).isEmpty()) continue;
            XYSeries s = addPoints(chart, "level " + (l + 1), levels.get(l));
            s.setMarker(SeriesMarkers.SQUARE).setMarkerColor(LEVELS[l]);
            s.setShowInLegend(false);
        }
        if (!hidden.isEmpty()) {
            addPoints(chart, "hidden top region (beats every visible design)", hidden)
                    .setMarker(SeriesMarkers.SQUARE)
                    .setMarkerColor(HIDDEN);
        }
        List<double[]> shown = new ArrayList<>();
        int step = Math.max(1, data.size() / 300);
        for (int r = 0; r < data.size(); r += step) shown.add(data.design(r));
        addPoints(chart, "visible designs (" + data.size() + ")", shown)
                .setMarker(SeriesMarkers.CROSS)
                .setMarkerColor(Color.BLACK);
        return chart;
    }

    /**
     * Bilinear interpolation at (u, v) ∈ [0, 1]² of values given at the centres ((i + ½) / r, (j + ½) / r) of an r×r
     * grid ({@code values[i * r + j]}); beyond the outermost centres the nearest edge value is held.
     */
    static double bilinear(double[] values, int r, double u, double v) {
        double p = Math.max(0, Math.min(r - 1, u * r - 0.5));
        double q = Math.max(0, Math.min(r - 1, v * r - 0.5));
        int i0 = (int) p;
        int j0 = (int) q;
        int i1 = Math.min(i0 + 1, r - 1);
        int j1 = Math.min(j0 + 1, r - 1);
        double t = p - i0;
        double w = q - j0;
        double a = values[i0 * r + j0] * (1 - w) + values[i0 * r + j1] * w;
        double b = values[i1 * r + j0] * (1 - w) + values[i1 * r + j1] * w;
        return a * (1 - t) + b * t;
    }

    /** Name of the invisible series {@link #roundTicks} adds. */
    static final String TICK_HELPER = "\u2009";

    /**
     * Keeps XChart 3.8.8 from putting the x ticks on the data's own x values, which it does whenever the x values
     * of all series together are equally spaced (a search recorded every 20 steps gets a label at each of 0, 20, ...,
     * 400, touching one another): adds one invisible point (no marker, no line, not in the legend) half-way between
     * the first two x values, so the axis gets XChart's round-number ticks. Does nothing otherwise.
     */
    static void roundTicks(XYChart chart) {
        double[] xs = chart.getSeriesMap().values().stream()
                .flatMapToDouble(s -> Arrays.stream(s.getXData()))
                .distinct()
                .sorted()
                .toArray();
        if (xs.length < 3) return;
        double step = xs[1] - xs[0];
        for (int i = 2; i < xs.length; i++) {
            if (Math.abs(xs[i] - xs[i - 1] - step) > 1e-9 * Math.abs(step)) return;
        }
        XYSeries first = chart.getSeriesMap().values().iterator().next();
        XYSeries helper =
                chart.addSeries(TICK_HELPER, new double[] {xs[0] + step / 2}, new double[] {first.getYData()[0]});
        helper.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.NONE);
        helper.setShowInLegend(false);
    }

    static XYSeries addPoints(XYChart chart, String name, List<double[]> pts) {
        double[] xs = new double[pts.size()];
        double[] ys = new double[pts.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = pts.get(i)[0];
            ys[i] = pts.get(i)[1];
        }
        return chart.addSeries(name, xs, ys);
    }

    /**
     * A search trajectory: per step, the mean and the max of the method's own predictions for its population
     * (the surrogate's view; score the steps with the oracle to see reward hacking).
     *
     * @throws IllegalArgumentException when the proposal carries no trajectory
     */
    public static XYChart trajectory(Proposal proposal) {
        Trajectory t = proposal.trajectory()
                .orElseThrow(() -> new IllegalArgumentException("the proposal of " + proposal.method()
                        + " has no trajectory; methods that search record one (e.g. gradient ascent)"));
        if (t.steps().isEmpty()) {
            throw new IllegalArgumentException("the trajectory of " + proposal.method() + " has no steps");
        }
        double[] step = new double[t.steps().size()];
        double[] mean = new double[step.length];
        double[] max = new double[step.length];
        for (int i = 0; i < step.length; i++) {
            Trajectory.Step s = t.steps().get(i);
            step[i] = s.step();
            mean[i] = Arrays.stream(s.predicted()).average().orElse(Double.NaN);
            max[i] = Arrays.stream(s.predicted()).max().orElse(Double.NaN);
        }
        XYChart chart = theme(new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(proposal.method() + " trajectory (predicted)")
                .xAxisTitle("step")
                .yAxisTitle("prediction")
                .build());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setMarkerSize(4);
        chart.addSeries("max predicted", step, max);
        chart.addSeries("mean predicted", step, mean);
        roundTicks(chart);
        return chart;
    }

    /**
     * Reward hacking as it happens: per step of a search, the surrogate's mean prediction against the oracle's
     * mean score of the same designs, from {@code TrajectoryReport.of(evaluation, proposal)} (columns {@code step,
     * surrogate_mean, oracle_mean}, optionally {@code surrogate_max, oracle_max}). A surrogate that keeps rising
     * while the oracle falls is being exploited.
     *
     * @throws IllegalArgumentException when the table lacks those columns
     */
    public static XYChart rewardHacking(Table report) {
        for (String c : List.of("step", "surrogate_mean", "oracle_mean")) {
            if (!report.columnNames().contains(c)) {
                throw new IllegalArgumentException(
                        "the report has no column '" + c + "'; pass TrajectoryReport.of(evaluation, proposal)");
            }
        }
        double[] step = report.intColumn("step").asDoubleArray();
        XYChart chart = theme(new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(report.name())
                .xAxisTitle("ascent step")
                .yAxisTitle("score")
                .build());
        chart.getStyler().setMarkerSize(4);
        chart.addSeries(
                "surrogate (mean)", step, report.doubleColumn("surrogate_mean").asDoubleArray());
        chart.addSeries(
                "oracle (mean)", step, report.doubleColumn("oracle_mean").asDoubleArray());
        if (report.columnNames().contains("surrogate_max")
                && report.columnNames().contains("oracle_max")) {
            chart.addSeries(
                    "surrogate (max)",
                    step,
                    report.doubleColumn("surrogate_max").asDoubleArray());
            chart.addSeries(
                    "oracle (max)", step, report.doubleColumn("oracle_max").asDoubleArray());
        }
        roundTicks(chart);
        return chart;
    }

    /**
     * Scatter of two objectives, one series per point set (e.g. visible data, proposal, true front).
     *
     * @param objectiveNames axis titles (two)
     * @param series         name to n×2 (or wider; the first two columns are drawn) points, in legend order
     */
    public static XYChart paretoFront(String title, List<String> objectiveNames, Map<String, double[][]> series) {
        return paretoFront(title, objectiveNames, series, WIDTH, HEIGHT);
    }

    /** {@link #paretoFront(String, List, Map)} at a given size (panels of a {@link ChartGrid}). */
    static XYChart paretoFront(
            String title, List<String> objectiveNames, Map<String, double[][]> series, int width, int height) {
        if (objectiveNames.size() < 2) {
            throw new IllegalArgumentException("a Pareto plot needs two objective names, got " + objectiveNames);
        }
        XYChart chart = theme(new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(objectiveNames.get(0))
                .yAxisTitle(objectiveNames.get(1))
                .build());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] p = e.getValue();
            if (p.length == 0) throw new IllegalArgumentException("Pareto series '" + e.getKey() + "' has no points");
            if (p[0].length < 2) {
                throw new IllegalArgumentException(
                        "Pareto series '" + e.getKey() + "' has " + p[0].length + " objective(s); two are needed");
            }
            addPoints(chart, e.getKey(), Arrays.asList(p));
        }
        return chart;
    }

    /**
     * Objectives 0 and 1 of a multi-objective task's visible data, its first non-dominated front and, when given,
     * the oracle scores of a proposal ({@code proposalScores}, n×m raw units, may be null).
     */
    public static XYChart paretoFront(Task task, String proposalName, double[][] proposalScores) {
        if (!task.isMultiObjective()) {
            throw new IllegalArgumentException(task.name() + " has one objective; a Pareto plot needs two or more");
        }
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("visible data", task.dataset().scores());
        s.put("visible non-dominated front", visibleFront(task));
        if (proposalScores != null) s.put(proposalName, proposalScores);
        List<String> names = task.dataset().scoreNames();
        return paretoFront(task.name() + ": objectives", names, s);
    }

    /** The first non-dominated front of a task's visible scores, in its raw units and directions. */
    static double[][] visibleFront(Task task) {
        double[][] y = task.dataset().scores();
        double[][] minimised = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            minimised[i] = new double[y[i].length];
            for (int j = 0; j < y[i].length; j++) {
                minimised[i][j] = -task.objectives().get(j).direction().sign() * y[i][j];
            }
        }
        int[] ranks = Pareto.frontRanks(minimised);
        List<double[]> front = new ArrayList<>();
        for (int i = 0; i < y.length; i++) if (ranks[i] == 0) front.add(y[i]);
        return front.toArray(new double[0][]);
    }

    /**
     * Bar chart with error bars: one category per entry of {@code categories}, one bar series per key of
     * {@code means} (value per category), optional standard deviations per series (same shape; may be empty).
     */
    public static CategoryChart bars(
            String title,
            String yLabel,
            List<String> categories,
            Map<String, double[]> means,
            Map<String, double[]> stds) {
        CategoryChart chart = theme(new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .yAxisTitle(yLabel)
                .build());
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        for (Map.Entry<String, double[]> e : means.entrySet()) {
            double[] m = e.getValue();
            if (m.length != categories.size()) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + m.length + " values for "
                        + categories.size() + " categories");
            }
            double[] sd = stds.get(e.getKey());
            CategorySeries s = sd == null
                    ? chart.addSeries(e.getKey(), categories, boxedList(m))
                    : chart.addSeries(e.getKey(), categories, boxedList(m), boxedList(sd));
            s.setShowInLegend(true);
        }
        return chart;
    }

    /**
     * Benchmark bars from scores: per task (category) and method (series), the mean ± std over seeds of the
     * headline number (normalised 100th percentile, or hypervolume for multi-objective tasks).
     */
    public static CategoryChart scores(Collection<Score> scores) {
        if (scores.isEmpty()) throw new IllegalArgumentException("no scores to plot");
        Set<String> tasks = new LinkedHashSet<>();
        Set<String> methods = new LinkedHashSet<>();
        for (Score s : scores) {
            tasks.add(s.task());
            methods.add(s.method());
        }
        List<String> taskList = List.copyOf(tasks);
        Map<String, double[]> means = new LinkedHashMap<>();
        Map<String, double[]> stds = new LinkedHashMap<>();
        for (String m : methods) {
            double[] mean = new double[taskList.size()];
            double[] sd = new double[taskList.size()];
            for (int t = 0; t < taskList.size(); t++) {
                String task = taskList.get(t);
                double[] v = scores.stream()
                        .filter(s -> s.method().equals(m) && s.task().equals(task))
                        .mapToDouble(Score::headline)
                        .toArray();
                if (v.length == 0) {
                    throw new IllegalArgumentException("method " + m + " has no score on task " + task
                            + "; the bar chart needs every method on every task");
                }
                mean[t] = Arrays.stream(v).average().orElseThrow();
                sd[t] = Statistics.std(v);
            }
            means.put(m, mean);
            stds.put(m, sd);
        }
        return bars(
                "benchmark: mean ± std over seeds",
                "normalised score (100th pct) / hypervolume",
                taskList,
                means,
                stds);
    }

    private static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    private static List<Double> boxedList(double[] v) {
        return new ArrayList<>(boxed(v));
    }
}
