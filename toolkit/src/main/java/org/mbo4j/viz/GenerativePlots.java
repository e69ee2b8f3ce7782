package org.mbo4j.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.mbo4j.eval.GenerativeDiagnostics;
import tech.tablesaw.api.Table;

/**
 * Pictures of a generator's diagnostics ({@link GenerativeDiagnostics}): how the samples' scores, their distance to
 * the data, their diversity and novelty move over the iterations, and the training curves of its fits. Each takes
 * the table the diagnostics return, so the numbers behind a picture are one {@code table} away.
 *
 * <pre>{@code
 * Table samples = GenerativeDiagnostics.sampleScores(eval, proposal);
 * GenerativePlots.scoreHistograms(samples, "oracle", GenerativeDiagnostics.visibleScores(eval), 0, 4);
 * GenerativePlots.distribution(GenerativeDiagnostics.distribution(task.dataset(), proposal));
 * GenerativePlots.scores(GenerativeDiagnostics.scores(eval, proposal));
 * GenerativePlots.training(GenerativeDiagnostics.training(proposal), "prior vae");
 * }</pre>
 */
public final class GenerativePlots {
    /** The most x values that get a tick each (see {@link #ticks}). */
    static final int DATA_TICKS = 12;

    private GenerativePlots() {}

    /**
     * Overlaid histograms (40 shared bins, fractions of each series) of one score column of
     * {@link GenerativeDiagnostics#sampleScores} at the given steps, after the visible data's scores when given.
     *
     * @param column {@code oracle} or {@code predicted} (predictions are in the method's own units; pass
     *               {@code data} only when it is in the same units)
     * @param data   the visible data's scores in the column's units (e.g.
     *               {@link GenerativeDiagnostics#visibleScores}), or null for none
     * @param steps  trajectory steps to draw (none: every step)
     * @throws IllegalArgumentException when the table lacks the column or a step, or a step has no finite score
     */
    public static XYChart scoreHistograms(Table samples, String column, double[] data, int... steps) {
        require(samples, List.of("step", column), "GenerativeDiagnostics.sampleScores(eval, proposal)");
        int[] all = samples.intColumn("step").asSet().stream()
                .mapToInt(Integer::intValue)
                .sorted()
                .toArray();
        int[] chosen = steps.length == 0 ? all : steps;
        Map<String, double[]> series = new LinkedHashMap<>();
        if (data != null) series.put("visible data", data);
        for (int s : chosen) {
            Table rows = samples.where(samples.intColumn("step").isEqualTo(s));
            if (rows.rowCount() == 0) {
                throw new IllegalArgumentException(
                        "the table has no step " + s + "; its steps are " + Arrays.toString(all));
            }
            double[] v = Arrays.stream(rows.doubleColumn(column).asDoubleArray())
                    .filter(Double::isFinite)
                    .toArray();
            if (v.length == 0) {
                throw new IllegalArgumentException("step " + s + " has no finite '" + column + "' value");
            }
            series.put("step " + s, v);
        }
        String name = samples.name();
        return Plots.histogram(name + ": " + column + " scores by step", column + " score", 40, series);
    }

    /**
     * The samples per step from {@link GenerativeDiagnostics#distribution}: distance to the data and diversity (left
     * axis, distance units), novel and distinct fractions (right axis, 0 to 1).
     *
     * @throws IllegalArgumentException when the table lacks those columns
     */
    public static XYChart distribution(Table distribution) {
        List<String> distances = List.of("distance_to_data", "diversity");
        List<String> fractions = List.of("novel_fraction", "unique_fraction");
        List<String> needed = new ArrayList<>(List.of("step"));
        needed.addAll(distances);
        needed.addAll(fractions);
        require(distribution, needed, "GenerativeDiagnostics.distribution(data, proposal)");
        XYChart chart = chart(distribution.name(), "step", "distance");
        double[] step = distribution.intColumn("step").asDoubleArray();
        for (String c : distances)
            add(chart, c.replace('_', ' '), step, distribution.doubleColumn(c).asDoubleArray());
        for (String c : fractions) {
            XYSeries s = add(
                    chart,
                    c.replace('_', ' '),
                    step,
                    distribution.doubleColumn(c).asDoubleArray());
            if (s != null) s.setYAxisGroup(1);
        }
        chart.setYAxisGroupTitle(1, "fraction of samples");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(1, 0.0);
        chart.getStyler().setYAxisMax(1, 1.0);
        ticks(chart);
        return chart;
    }

    /**
     * The oracle's mean, median and max of each step's samples from {@link GenerativeDiagnostics#scores}, with the
     * best visible design's score as a flat line.
     *
     * @throws IllegalArgumentException when the table lacks those columns
     */
    public static XYChart scores(Table scores) {
        List<String> series = List.of("oracle_max", "oracle_median", "oracle_mean", "data_best");
        List<String> needed = new ArrayList<>(List.of("step"));
        needed.addAll(series);
        require(scores, needed, "GenerativeDiagnostics.scores(eval, proposal)");
        XYChart chart = chart(scores.name(), "step", "normalised oracle score");
        double[] step = scores.intColumn("step").asDoubleArray();
        for (String c : series) {
            String label = c.equals("data_best") ? "best visible design" : c.replace("oracle_", "samples' ");
            add(chart, label, step, scores.doubleColumn(c).asDoubleArray());
        }
        ticks(chart);
        return chart;
    }

    /**
     * Loss curves from {@link GenerativeDiagnostics#training} of the fits named {@code fit} or starting with
     * {@code fit + " "} ({@code "iteration"} selects every {@code iteration i}): training and validation loss and the
     * loss's named parts against the epoch (against the epochs counted over the fits when several are selected).
     * Series without a finite value are left out, and NaN points are skipped (as in every chart here).
     *
     * @throws IllegalArgumentException when the table lacks the columns or no fit matches
     */
    public static XYChart training(Table training, String fit) {
        require(
                training,
                List.of("fit", "epoch", "step", "train_loss", "validation_loss"),
                "GenerativeDiagnostics.training(proposal)");
        Set<String> fits = new LinkedHashSet<>();
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < training.rowCount(); r++) {
            String f = training.stringColumn("fit").get(r);
            if (f.equals(fit) || f.startsWith(fit + " ")) {
                fits.add(f);
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no fit named '" + fit + "'; the fits are "
                    + new LinkedHashSet<>(training.stringColumn("fit").asList()));
        }
        boolean several = fits.size() > 1;
        String xName = several ? "step" : "epoch";
        XYChart chart = chart(
                training.name() + ": " + fit + (several ? " (" + fits.size() + " fits)" : ""),
                several ? "epoch (over the fits)" : "epoch",
                "loss");
        for (String c : training.columnNames()) {
            if (List.of("fit", "epoch", "step").contains(c)) continue;
            double[] x = new double[rows.size()];
            double[] y = new double[rows.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = training.intColumn(xName).get(rows.get(i));
                y[i] = training.doubleColumn(c).getDouble(rows.get(i));
            }
            add(chart, c.replace('_', ' '), x, y);
        }
        ticks(chart);
        return chart;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = Plots.theme(new XYChartBuilder()
                .width(Plots.WIDTH)
                .height(Plots.HEIGHT)
                .title(title)
                .xAxisTitle(x)
                .yAxisTitle(y)
                .build());
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        return chart;
    }

    /**
     * Up to {@value #DATA_TICKS} equally spaced x values (a few iterations) keep XChart's ticks at the values
     * themselves; more get round-number ticks ({@link Plots#roundTicks}), which for a few integer steps would add
     * half steps.
     */
    private static void ticks(XYChart chart) {
        long distinct = chart.getSeriesMap().values().stream()
                .flatMapToDouble(s -> Arrays.stream(s.getXData()))
                .distinct()
                .count();
        if (distinct > DATA_TICKS) Plots.roundTicks(chart);
    }

    /** Adds the finite points of (x, y) as a series; null (and no series) when none is finite. */
    private static XYSeries add(XYChart chart, String name, double[] x, double[] y) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < x.length; i++) if (Double.isFinite(y[i])) pts.add(new double[] {x[i], y[i]});
        if (pts.isEmpty()) return null;
        return chart.addSeries(
                name,
                pts.stream().mapToDouble(p -> p[0]).toArray(),
                pts.stream().mapToDouble(p -> p[1]).toArray());
    }

    private static void require(Table t, List<String> columns, String from) {
        for (String c : columns) {
            if (!t.columnNames().contains(c)) {
                throw new IllegalArgumentException("the table has no column '" + c + "'; pass " + from);
            }
        }
    }
}
