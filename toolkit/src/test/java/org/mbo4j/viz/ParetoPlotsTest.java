package org.mbo4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ParetoPlotsTest {
    private static Map<String, double[][]> one(String name, double[][] pts) {
        Map<String, double[][]> m = new LinkedHashMap<>();
        m.put(name, pts);
        return m;
    }

    @Test
    void twoObjectivesAreOneScatterThreeArePairwisePanels() throws IOException {
        ChartGrid two = ParetoPlots.fronts("t", List.of("a", "b"), one("s", new double[][] {{1, 2}, {2, 1}}));
        assertEquals(1, two.charts().size());
        ChartGrid three =
                ParetoPlots.fronts("t", List.of("a", "b", "c"), one("s", new double[][] {{1, 2, 3}, {3, 2, 1}}));
        assertEquals(3, three.charts().size());
        assertEquals(
                List.of("t (a, b)", "t (a, c)", "t (b, c)"),
                three.charts().stream().map(c -> c.getTitle()).toList());
        // panel (a, c) holds columns 0 and 2
        XYSeries s = ((XYChart) three.charts().get(1)).getSeriesMap().get("s");
        assertArrayEquals(new double[] {1, 3}, s.getXData(), 0);
        assertArrayEquals(new double[] {3, 1}, s.getYData(), 0);
        assertEquals(3 * ParetoPlots.PANEL_WIDTH, three.width());
        assertEquals(Plots.HEIGHT, three.height());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(ChartImages.png(three)));
        assertEquals(ChartImages.SCALE * 3 * ParetoPlots.PANEL_WIDTH, png.getWidth());
        assertEquals(ChartImages.SCALE * Plots.HEIGHT, png.getHeight());
    }

    @Test
    void fourObjectivesAreParallelCoordinatesScaledOverEverySet() {
        Map<String, double[][]> s = new LinkedHashMap<>();
        s.put("p", new double[][] {{0, 10, 5, 1}});
        s.put("q", new double[][] {{2, 20, 5, 3}});
        ChartGrid g = ParetoPlots.fronts("t", List.of("a", "b", "c", "d"), s);
        assertEquals(1, g.charts().size());
        XYChart c = (XYChart) g.charts().get(0);
        // a constant objective (c) sits at 0.5; each design's line ends with a NaN break
        assertArrayEquals(
                new double[] {1, 2, 3, 4, 4}, c.getSeriesMap().get("p").getXData(), 0);
        assertArrayEquals(
                new double[] {0, 0, 0.5, 0, Double.NaN},
                c.getSeriesMap().get("p").getYData(),
                0);
        assertArrayEquals(
                new double[] {1, 1, 0.5, 1, Double.NaN},
                c.getSeriesMap().get("q").getYData(),
                0);
    }

    @Test
    void largeSetsAreThinnedToEvenlySpacedLines() {
        double[][] pts = new double[1203][];
        for (int i = 0; i < pts.length; i++) pts[i] = new double[] {i, 1, 2, 3};
        double[][] t = ParetoPlots.thinned(pts);
        assertEquals(401, t.length); // rows 0, 3, …, 1200 (⌈1203/500⌉ = 3)
        assertEquals(1200.0, t[400][0]);
        XYChart c = ParetoPlots.parallelCoordinates("t", List.of("a", "b", "c", "d"), one("data", pts));
        assertEquals(List.of("data (401 of 1203)"), List.copyOf(c.getSeriesMap().keySet()));
    }

    @Test
    void hypervolumeAreaIsTheStaircaseOfTheNonDominatedPoints() {
        // sorted front (1, 3), (2, 2), (3, 1) below ref (4, 4): 3·1 + 2·1 + 1·1 = 6; (2.5, 2.5) is dominated and
        // (5, 0) lies beyond the reference point's first coordinate
        double[][] pts = {{2, 2}, {1, 3}, {3, 1}, {2.5, 2.5}, {5, 0}};
        XYChart c = ParetoPlots.hypervolume("zdt", List.of("f1", "f2"), pts, new double[] {4, 4});
        assertEquals("zdt: hypervolume 6.00000", c.getTitle());
        XYSeries area = c.getSeriesMap().get("dominated region");
        assertArrayEquals(new double[] {1, 1, 2, 2, 3, 3, 4, 4}, area.getXData(), 0);
        assertArrayEquals(new double[] {4, 3, 3, 2, 2, 1, 1, 4}, area.getYData(), 0);
        assertEquals(5, c.getSeriesMap().get("points").getXData().length);
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> ParetoPlots.fronts("t", List.of("a", "b", "c"), one("s", new double[][] {{1, 2}})));
        assertEquals("Pareto series 's' has points of 2 objectives; the names give 3", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> ParetoPlots.hypervolume("t", List.of("a", "b", "c"), new double[][] {{1, 2}}, new double[] {1}));
        assertEquals(
                "the hypervolume area is drawn for two objectives, got 3 names and a reference point of 1",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ChartGrid("t", List.of(), 3));
        assertEquals("a chart grid needs a chart", e.getMessage());
    }
}
