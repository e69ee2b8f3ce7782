package org.mbo4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.chartpart.TickLabels;
import org.knowm.xchart.style.AxesChartStyler;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.eval.Score;
import org.mbo4j.method.Trajectory;
import org.mbo4j.task.Objective;
import org.mbo4j.task.Task;

class PlotsTest {
    /** f(x) = −(x0² + x1²) on [−1, 1]², visible data at the corners and at (0.5, 0.5). */
    static Task bowl(Objective objective, double sign) {
        ContinuousSpace box = ContinuousSpace.cube(2, -1, 1);
        double[][] x = {{-1, -1}, {1, -1}, {-1, 1}, {1, 1}, {0.5, 0.5}};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = sign * -(x[i][0] * x[i][0] + x[i][1] * x[i][1]);
        return Task.builder("Bowl")
                .family("test")
                .objectives(objective)
                .dataset(Dataset.of(box, x, y))
                .oracle(d -> {
                    double[][] out = new double[d.length][];
                    for (int i = 0; i < d.length; i++)
                        out[i] = new double[] {sign * -(d[i][0] * d[i][0] + d[i][1] * d[i][1])};
                    return out;
                })
                .fullData(new double[] {-2}, new double[] {0}, 5)
                .build();
    }

    static int points(XYChart chart, String prefix) {
        return chart.getSeriesMap().values().stream()
                .filter(s -> s.getName().startsWith(prefix))
                .mapToInt(s -> s.getXData().length)
                .sum();
    }

    @Test
    void landscapeMarksTheRegionBetterThanTheBestVisibleDesignOnAFineGrid() {
        // 4×4 oracle grid, cell centres ±0.25, ±0.75; f = −0.125 at the four inner centres, −0.625 at the edge
        // centres, −1.125 at the corner centres; best visible f = −0.5 at (0.5, 0.5). Interpolated bilinearly, f
        // beats −0.5 only inside the square |x0|, |x1| < 0.625: along |x1| ≤ 0.25, f falls linearly from −0.125 at
        // |x0| = 0.25 to −0.625 at 0.75 and crosses −0.5 at 0.25 + 0.5 × 0.375 / 0.5 = 0.625.
        XYChart chart = Plots.landscape(bowl(Objective.maximize("y"), 1), 4);
        int n = Plots.LANDSCAPE_DRAW;
        assertEquals(n * n, points(chart, "level ") + points(chart, "hidden top region"), "every drawing cell once");
        XYSeries hidden = chart.getSeriesMap().values().stream()
                .filter(s -> s.getName().startsWith("hidden"))
                .findFirst()
                .orElseThrow();
        for (int k = 0; k < hidden.getXData().length; k++) {
            assertTrue(
                    Math.abs(hidden.getXData()[k]) < 0.625 && Math.abs(hidden.getYData()[k]) < 0.625,
                    hidden.getXData()[k] + ", " + hidden.getYData()[k]);
        }
        // the row of drawing cells at x1 = 1/n: hidden exactly where |x0| < 0.625
        long expected = IntStream.range(0, n)
                .filter(i -> Math.abs(-1 + 2 * (i + 0.5) / n) < 0.625)
                .count();
        long onAxis = IntStream.range(0, hidden.getXData().length)
                .filter(k -> Math.abs(hidden.getYData()[k] - 1.0 / n) < 1e-9)
                .count();
        assertEquals(expected, onAxis);
        assertTrue(expected > n / 2, "a real stretch of the row: " + expected);
        assertEquals(5, points(chart, "visible designs"));
    }

    @Test
    void bilinearInterpolationIsExactForPlanesAndHoldsTheEdgeValues() {
        // f(u, v) = 2u + 3v sampled at the centres of a 3×3 grid ((i + ½) / 3)
        double[] values = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) values[i * 3 + j] = 2 * (i + 0.5) / 3 + 3 * (j + 0.5) / 3;
        }
        assertEquals(2 * 0.4 + 3 * 0.7, Plots.bilinear(values, 3, 0.4, 0.7), 1e-12);
        assertEquals(2 * (0.5 / 3) + 3 * 0.5, Plots.bilinear(values, 3, 0.0, 0.5), 1e-12, "u below the first centre");
        assertEquals(2 * (2.5 / 3) + 3 * (2.5 / 3), Plots.bilinear(values, 3, 1.0, 1.0), 1e-12);
    }

    @Test
    void landscapeRespectsAMinimisedObjective() {
        // The same bowl as a score to minimise (y = x0² + x1²): the same region is better than the best visible.
        assertEquals(
                points(Plots.landscape(bowl(Objective.maximize("y"), 1), 4), "hidden top region"),
                points(Plots.landscape(bowl(Objective.minimize("y"), -1), 4), "hidden top region"));
    }

    @Test
    void landscapeRejectsTasksThatAreNot2D() {
        ContinuousSpace box = ContinuousSpace.cube(3, 0, 1);
        Task t = Task.builder("Cube3")
                .family("test")
                .objectives(Objective.maximize("y"))
                .dataset(Dataset.of(box, new double[][] {{0, 0, 0}}, new double[] {1}))
                .oracle(d -> new double[d.length][1])
                .fullData(new double[] {0}, new double[] {1}, 1)
                .build();
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.landscape(t, 10));
        assertEquals(
                "a landscape needs a 2-D continuous single-objective task; Cube3 is " + box.describe()
                        + " with 1 objective(s)",
                e.getMessage());
        assertEquals(
                "resolution must be at least 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> Plots.landscape(bowl(Objective.maximize("y"), 1), 1))
                        .getMessage());
    }

    @Test
    void histogramSharesBinsAndNormalisesEachSeriesToFractions() {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("a", new double[] {0, 0, 0, 4});
        s.put("b", new double[] {2, 4});
        XYChart chart = Plots.histogram("t", "y", 2, s);
        // Shared range [0, 4], two bins: a = {3/4, 1/4}, b = {0, 2/2} (2 and 4 fall into the upper bin). The outline:
        // (0, 0), the edges 0, 2, 4 (the last edge repeating the last bin), then (4, 0).
        assertArrayEquals(
                new double[] {0, 0, 2, 4, 4}, chart.getSeriesMap().get("a").getXData());
        assertArrayEquals(
                new double[] {0, 0.75, 0.25, 0.25, 0},
                chart.getSeriesMap().get("a").getYData());
        assertArrayEquals(
                new double[] {0, 0, 1, 1, 0}, chart.getSeriesMap().get("b").getYData());
        assertEquals(
                "a histogram needs at least 1 bin, got 0",
                assertThrows(IllegalArgumentException.class, () -> Plots.histogram("t", "y", 0, s))
                        .getMessage());
        assertEquals(
                "histogram series 'c' has no values",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Plots.histogram("t", "y", 3, Map.of("c", new double[0])))
                        .getMessage());
        assertEquals(
                "histogram series 'd' contains NaN",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Plots.histogram("t", "y", 3, Map.of("d", new double[] {1, Double.NaN})))
                        .getMessage());
    }

    static Score score(String task, String method, long seed, double s100) {
        return new Score(task, method, seed, 128, s100, s100, s100, s100, Double.NaN, Double.NaN, 0.5, 128, Double.NaN);
    }

    @Test
    void scoresPlotsMeanAndPopulationStdPerTaskAndMethod() {
        CategoryChart chart = Plots.scores(List.of(
                score("A", "m", 0, 0.2),
                score("A", "m", 1, 0.4),
                score("B", "m", 0, 0.9),
                score("A", "n", 0, 0.1),
                score("B", "n", 0, 0.3)));
        CategorySeries m = chart.getSeriesMap().get("m");
        assertEquals(0.3, m.getYData().toArray(new Number[0])[0].doubleValue(), 1e-12);
        assertEquals(0.9, m.getYData().toArray(new Number[0])[1].doubleValue(), 1e-12);
        assertEquals(0.1, m.getExtraValues().toArray(new Number[0])[0].doubleValue(), 1e-12);
        assertEquals(0.0, m.getExtraValues().toArray(new Number[0])[1].doubleValue(), 1e-12);
        assertEquals(
                0.1,
                chart.getSeriesMap()
                        .get("n")
                        .getYData()
                        .toArray(new Number[0])[0]
                        .doubleValue(),
                1e-12);
        assertEquals(
                "method n has no score on task B; the bar chart needs every method on every task",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Plots.scores(List.of(
                                        score("A", "m", 0, 0.2), score("B", "m", 0, 0.9), score("A", "n", 0, 0.1))))
                        .getMessage());
        assertEquals(List.of("A", "B"), chart.getSeriesMap().get("m").getXData());
        assertEquals(
                "no scores to plot",
                assertThrows(IllegalArgumentException.class, () -> Plots.scores(List.of()))
                        .getMessage());
    }

    @Test
    void paretoFrontDrawsEverySeriesAndRejectsBadShapes() {
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("data", new double[][] {{1, 2}, {2, 1}, {3, 3}});
        XYChart chart = Plots.paretoFront("p", List.of("f1", "f2"), s);
        assertArrayEquals(
                new double[] {1, 2, 3}, chart.getSeriesMap().get("data").getXData());
        assertArrayEquals(
                new double[] {2, 1, 3}, chart.getSeriesMap().get("data").getYData());
        assertEquals(
                "Pareto series 'one' has 1 objective(s); two are needed",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Plots.paretoFront("p", List.of("f1", "f2"), Map.of("one", new double[][] {{1}})))
                        .getMessage());
        assertEquals(
                "a Pareto plot needs two objective names, got [f1]",
                assertThrows(IllegalArgumentException.class, () -> Plots.paretoFront("p", List.of("f1"), s))
                        .getMessage());
    }

    @Test
    void trajectoryPlotsMeanAndMaxPredictionPerStep() {
        var rec = new Trajectory.Recorder();
        rec.record(0, new double[][] {{0, 0}, {1, 1}}, new double[] {1, 3});
        rec.record(5, new double[][] {{0, 0}, {1, 1}}, new double[] {4, 8});
        var p = org.mbo4j.method.Proposal.of("grad", 0, ContinuousSpace.cube(2, 0, 1), new double[][] {{0, 0}})
                .withTrajectory(rec.build());
        XYChart chart = Plots.trajectory(p);
        assertArrayEquals(
                new double[] {0, 5}, chart.getSeriesMap().get("max predicted").getXData());
        assertArrayEquals(
                new double[] {3, 8}, chart.getSeriesMap().get("max predicted").getYData());
        assertArrayEquals(
                new double[] {2, 6}, chart.getSeriesMap().get("mean predicted").getYData());
        var none = org.mbo4j.method.Proposal.of("random", 0, ContinuousSpace.cube(2, 0, 1), new double[][] {{0, 0}});
        assertEquals(
                "the proposal of random has no trajectory; methods that search record one (e.g. gradient ascent)",
                assertThrows(IllegalArgumentException.class, () -> Plots.trajectory(none))
                        .getMessage());
    }

    @Test
    void chartsEncodeAsPngAndSvg() {
        XYChart chart = Plots.histogram("t", "y", 3, Map.of("a", new double[] {1, 2, 3}));
        byte[] png = ChartImages.png(chart);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertTrue(png.length > 1000, "a 640×420 chart is more than 1 kB of PNG");
        assertArrayEquals(png, Base64.getDecoder().decode(ChartImages.pngBase64(chart)));
        String svg = ChartImages.svg(chart);
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
        assertTrue(svg.getBytes(StandardCharsets.UTF_8).length > 1000);
    }

    @Test
    void rewardHackingDrawsSurrogateAgainstOracle() {
        var report = tech.tablesaw.api.Table.create(
                "grad trajectory on T",
                tech.tablesaw.api.IntColumn.create("step", new int[] {0, 10, 20}),
                tech.tablesaw.api.DoubleColumn.create("surrogate_mean", new double[] {0.4, 0.8, 1.5}),
                tech.tablesaw.api.DoubleColumn.create("oracle_mean", new double[] {0.4, 0.6, 0.3}));
        XYChart c = Plots.rewardHacking(report);
        assertEquals(
                List.of("surrogate (mean)", "oracle (mean)", Plots.TICK_HELPER),
                List.copyOf(c.getSeriesMap().keySet()),
                "steps 0, 10, 20 are equally spaced: the tick helper is added");
        XYSeries helper = c.getSeriesMap().get(Plots.TICK_HELPER);
        assertArrayEquals(new double[] {5}, helper.getXData(), 0);
        assertFalse(helper.isShowInLegend());
        assertArrayEquals(
                new double[] {0.4, 0.6, 0.3},
                c.getSeriesMap().get("oracle (mean)").getYData(),
                0);
        assertArrayEquals(
                new double[] {0, 10, 20}, c.getSeriesMap().get("oracle (mean)").getXData(), 0);
        var bad = tech.tablesaw.api.Table.create("x", tech.tablesaw.api.IntColumn.create("step", new int[] {0}));
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.rewardHacking(bad));
        assertEquals(
                "the report has no column 'surrogate_mean'; pass TrajectoryReport.of(evaluation, proposal)",
                e.getMessage());
    }

    static List<Chart<?, ?>> everyPlot() {
        Map<String, double[][]> front = Map.of("data", new double[][] {{1, 2}, {2, 1}});
        var rec = new Trajectory.Recorder();
        rec.record(0, new double[][] {{0, 0}}, new double[] {1});
        rec.record(5, new double[][] {{0, 0}}, new double[] {4});
        var p = org.mbo4j.method.Proposal.of("grad", 0, ContinuousSpace.cube(2, 0, 1), new double[][] {{0, 0}})
                .withTrajectory(rec.build());
        var report = tech.tablesaw.api.Table.create(
                "r",
                tech.tablesaw.api.IntColumn.create("step", new int[] {0, 10}),
                tech.tablesaw.api.DoubleColumn.create("surrogate_mean", new double[] {0.4, 0.8}),
                tech.tablesaw.api.DoubleColumn.create("oracle_mean", new double[] {0.4, 0.6}));
        return List.of(
                Plots.histogram("h", "y", 4, Map.of("a", new double[] {1, 2, 3})),
                Plots.landscape(bowl(Objective.maximize("y"), 1), 4),
                Plots.trajectory(p),
                Plots.rewardHacking(report),
                Plots.paretoFront("p", List.of("f1", "f2"), front),
                Plots.scores(List.of(score("A", "m", 0, 0.2), score("A", "n", 0, 0.4))));
    }

    @Test
    void everyChartHasThePaperThemeWhiteOkabeItoAndReadableFonts() {
        Color[] okabeIto = {
            new Color(0x0072B2),
            new Color(0xE69F00),
            new Color(0x009E73),
            new Color(0xD55E00),
            new Color(0xCC79A7),
            new Color(0x56B4E9),
            new Color(0xF0E442),
            new Color(0x000000)
        };
        for (var chart : everyPlot()) {
            var st = chart.getStyler();
            String name = chart.getTitle();
            assertEquals(Color.WHITE, st.getChartBackgroundColor(), name);
            assertEquals(Color.WHITE, st.getPlotBackgroundColor(), name);
            assertArrayEquals(okabeIto, st.getSeriesColors(), name);
            assertEquals(16, st.getChartTitleFont().getSize(), name);
            assertEquals(13, st.getLegendFont().getSize(), name);
            var axes = (AxesChartStyler) st;
            assertEquals(14, axes.getAxisTitleFont().getSize(), name);
            assertEquals(13, axes.getAxisTickLabelsFont().getSize(), name);
        }
        XYChart own = Plots.theme(new XYChartBuilder().width(300).height(200).build());
        assertEquals(Color.WHITE, own.getStyler().getChartBackgroundColor());
        assertEquals(
                "0.3665", own.getStyler().getyAxisTickLabelsFormattingFunction().apply(0.36651134490966797));
        assertEquals(
                null,
                own.getStyler().getxAxisTickLabelsFormattingFunction(),
                "an x formatting function makes XChart 3.8.8 tick every equally spaced x value");
    }

    @Test
    void pngsAreTwiceTheChartSizeOnWhite() throws Exception {
        for (var chart : everyPlot()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(ChartImages.png(chart)));
            assertEquals(2 * chart.getWidth(), img.getWidth(), chart.getTitle());
            assertEquals(2 * chart.getHeight(), img.getHeight(), chart.getTitle());
            assertEquals(0xFFFFFF, img.getRGB(3, 3) & 0xFFFFFF, "white corner of " + chart.getTitle());
        }
        assertEquals(
                1280,
                ImageIO.read(new ByteArrayInputStream(ChartImages.png(
                                Plots.histogram("t", "y", 3, Map.of("a", new double[] {1, 2, 3})))))
                        .getWidth());
    }

    @Test
    void histogramAndTrajectoryTicksAreRoundNumbers() {
        // TFBind8's visible scores span about 0.005 to 0.434; XChart used to label the bin centres (.005, .049, ...).
        double[] y = new double[1000];
        for (int i = 0; i < y.length; i++) y[i] = 0.005 + (0.434 - 0.005) * i / (y.length - 1);
        XYChart chart = Plots.histogram("t", "y", 40, Map.of("a", y));
        ChartImages.png(chart);
        List<String> x = TickLabels.x(chart);
        assertTrue(String.join(" ", x).contains("0 0.1 0.2 0.3 0.4"), x.toString());
        for (String label : x) assertTrue(label.matches("-?\\d(\\.\\d)?"), label + " in " + x);
        for (String label : TickLabels.y(chart)) assertTrue(label.matches("-?0(\\.\\d{0,2}[05])?"), label);
        // A search recorded every 20 steps up to 400: labels at round steps, not at all 21 recorded steps.
        var report = tech.tablesaw.api.Table.create(
                "r",
                tech.tablesaw.api.IntColumn.create(
                        "step",
                        java.util.stream.IntStream.rangeClosed(0, 20)
                                .map(i -> 20 * i)
                                .toArray()),
                tech.tablesaw.api.DoubleColumn.create("surrogate_mean", new double[21]),
                tech.tablesaw.api.DoubleColumn.create("oracle_mean", new double[21]));
        XYChart steps = Plots.rewardHacking(report);
        ChartImages.png(steps);
        List<String> s = TickLabels.x(steps);
        assertTrue(s.size() <= 11, s.toString());
        for (String label : s) assertTrue(label.matches("-?\\d*[05]0|0"), label + " in " + s);
    }
}
