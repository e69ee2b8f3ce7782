package org.mbo4j.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.eval.Benchmark;
import org.mbo4j.eval.Score;
import org.mbo4j.eval.Summary;
import org.mbo4j.eval.TestRecords;
import org.mbo4j.method.Proposal;
import org.mbo4j.viz.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Renders through the kernel's own {@link Renderer} (the jjava-jupyter API the kernel runs), without a kernel. */
class Mbo4jExtensionTest {
    private final Renderer renderer = new Renderer();

    Mbo4jExtensionTest() {
        Mbo4jExtension.registerRenderers(renderer);
    }

    static Table numbers(int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = 100 + i;
        return Table.create(
                "numbers",
                IntColumn.create("v", v),
                StringColumn.create(
                        "s",
                        java.util.stream.IntStream.range(0, n)
                                .mapToObj(i -> "<r" + i + ">")
                                .toList()));
    }

    @Test
    void longTableRendersHeadAndTailWithRowCount() {
        DisplayData d = renderer.render(numbers(12));
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("numbers: 12 rows × 2 columns"), html);
        for (int r : new int[] {0, 4, 7, 11}) assertTrue(html.contains("<td>" + (100 + r) + "</td>"), "row " + r);
        for (int r : new int[] {5, 6}) assertFalse(html.contains("<td>" + (100 + r) + "</td>"), "row " + r);
        assertTrue(html.contains("<td>…</td>"));
        assertTrue(html.contains("&lt;r0&gt;"), "cell text is escaped");
        assertTrue(((String) d.getData(MIMEType.TEXT_PLAIN)).startsWith("numbers: 12 rows × 2 columns\n"));
    }

    @Test
    void shortTableRendersEveryRow() {
        String html = (String) renderer.render(numbers(3)).getData(MIMEType.TEXT_HTML);
        assertEquals(3, html.split("<tr><th>\\d", -1).length - 1);
        assertTrue(html.contains("3 rows × 2 columns"));
    }

    @Test
    void chartRendersAsPngAndAsSvgWhenAsked() throws Exception {
        var chart = Plots.histogram("h", "y", 4, Map.of("a", new double[] {1, 2, 3, 4}));
        DisplayData d = renderer.render(chart);
        byte[] png = Base64.getDecoder().decode((String) d.getData(MIMEType.IMAGE_PNG));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertEquals("chart: h", d.getData(MIMEType.TEXT_PLAIN));
        // twice the pixels, shown at the chart's size: the metadata Jupyter reads for image/png
        assertEquals(1280, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
        JsonObject meta = JsonParser.parseString(new Gson().toJson(d))
                .getAsJsonObject()
                .getAsJsonObject("metadata")
                .getAsJsonObject("image/png");
        assertEquals(640, meta.get("width").getAsInt());
        assertEquals(420, meta.get("height").getAsInt());
        assertFalse(d.hasDataForType(MIMEType.IMAGE_SVG), "SVG only when asked");
        DisplayData svg = renderer.renderAs(chart, "image/svg+xml");
        assertTrue(((String) svg.getData(MIMEType.IMAGE_SVG)).contains("<svg"));
    }

    @Test
    void scoreRendersTheFieldsThatApply() {
        Score s = new Score(
                "T", "m", 3, 128, 7.0, 5.0, 0.36651134490966797, 0.25, Double.NaN, Double.NaN, 0.4, 128, Double.NaN);
        String html = (String) renderer.render(s).getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<b>m</b> on <b>T</b>, seed 3, K = 128"), html);
        assertTrue(html.contains("normalised 100th percentile</th><td>0.3665</td>"), html);
        assertTrue(html.contains("normalised 50th percentile</th><td>0.25</td>"), html);
        assertTrue(html.contains("raw 100th percentile</th><td>7</td>"), html);
        assertTrue(html.contains("oracle calls</th><td>128"), html);
        assertFalse(html.contains("hypervolume"), "NaN fields are left out");
        assertEquals(
                "m on T, seed 3, K = 128: normalised 100th percentile 0.3665, normalised 50th percentile 0.25, raw"
                        + " 100th percentile 7, raw 50th percentile 5, D(best) of the visible data 0.4, oracle calls 128",
                renderer.render(s).getData(MIMEType.TEXT_PLAIN));
    }

    static Table decimals() {
        return Table.create(
                "d",
                IntColumn.create("n", new int[] {7, 8}),
                DoubleColumn.create("score", new double[] {0.36651134490966797, Double.NaN}),
                FloatColumn.create("f", new float[] {1234567.9f, 2.5e-6f}),
                StringColumn.create("s", "3.14159265", "x"));
    }

    @Test
    void decimalCellsShowFourSignificantDigitsAndMissingOnesNothing() {
        String html = (String) renderer.render(decimals()).getData(MIMEType.TEXT_HTML);
        assertTrue(
                html.contains("<tr><th>0</th><td>7</td><td>0.3665</td><td>1235000</td><td>3.14159265</td></tr>"
                        + "<tr><th>1</th><td>8</td><td></td><td>2.5e-6</td><td>x</td></tr>"),
                html);
    }

    @Test
    void plainTextTableUsesTheSameNumbersInLeftAlignedColumns() {
        assertEquals("""
                d: 2 rows × 4 columns
                   n  score   f        s
                -  -  ------  -------  ----------
                0  7  0.3665  1235000  3.14159265
                1  8          2.5e-6   x
                """, renderer.render(decimals()).getData(MIMEType.TEXT_PLAIN));
        String longText = (String) renderer.render(numbers(12)).getData(MIMEType.TEXT_PLAIN);
        assertTrue(longText.contains("\n 4  104  <r4>\n …  …    …\n 7  107  <r7>\n"), longText);
    }

    @Test
    void summaryRendersAsHtmlTableAndAsTextWithinOneHundredTwentyColumns() {
        var rec = TestRecords.of("TFBind8", "grad", 0, "paper", 0.36651134490966797, 0.25);
        DisplayData d = renderer.render(Summary.of(List.of(rec)));
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<td>grad</td><td>1</td><td>normalized score</td><td>0.3665</td><td>0</td>"), html);
        String text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("\n  grad        1  0.3665 ± 0 "), text);
    }

    @Test
    void aPlanRendersAsItsText() {
        var plan =
                Benchmark.tasks("ToyDiscrete").methods("random").seeds(2).k(8).plan();
        DisplayData d = renderer.render(plan);
        assertEquals(plan.toText(), d.getData(MIMEType.TEXT_PLAIN));
        assertTrue(
                plan.toText().contains("\nToyDiscrete  random  -               0, 1           none recorded  ?\n"),
                plan.toText());
    }

    @Test
    void proposalRendersSummaryAndDesigns() {
        Proposal p = Proposal.of(
                "grad", 1, ContinuousSpace.cube(2, 0, 1), new double[][] {{0.25, 0.5}, {1, 0}}, new double[][] {{3}, {4}
                });
        String html = (String) renderer.render(p).getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<b>grad</b> proposal, seed 1, 2 designs"), html);
        assertTrue(html.contains("<th>predicted_y0</th>"), html);
        assertTrue(html.contains("<td>0.25</td>"), html);
    }

    @Test
    void progressHtmlShowsFractionCountAndStatus() {
        String html = NotebookProgress.html("train", 3, 4, System.nanoTime(), "loss=<0.1>");
        assertTrue(html.contains("<progress value=\"750\" max=\"1000\""), html);
        assertTrue(html.contains("train 3/4"), html);
        assertTrue(html.contains("loss=&lt;0.1&gt;"), html);
    }

    @Test
    void importsCoverTheFluentEntryPoints() {
        for (String p : new String[] {
            "org.mbo4j.task.*", "org.mbo4j.method.*", "org.mbo4j.eval.*", "org.mbo4j.viz.*", "org.mbo4j.offline.*"
        }) {
            assertTrue(Mbo4jExtension.IMPORTS.contains(p), p);
        }
    }
}
