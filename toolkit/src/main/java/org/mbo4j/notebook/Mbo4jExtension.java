package org.mbo4j.notebook;

import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;
import org.mbo4j.eval.Plan;
import org.mbo4j.eval.Score;
import org.mbo4j.eval.Summary;
import org.mbo4j.eval.SummaryText;
import org.mbo4j.method.Proposal;
import org.mbo4j.util.Progress;
import org.mbo4j.viz.ChartGrid;
import org.mbo4j.viz.ChartImages;
import tech.tablesaw.api.Table;

/**
 * The toolkit's JJava kernel extension, found by the kernel through
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension} when the toolkit is on {@code JJAVA_CLASSPATH}
 * ({@code ./mbo4j lab} sets that up). It
 * <ul>
 *   <li>imports the fluent entry points ({@link #IMPORTS}), so {@code Tasks.load("TFBind8")} works in the first
 *   cell;</li>
 *   <li>registers renderers: a Tablesaw {@link Table} as an HTML table (head/tail with row count, numbers at four
 *   significant digits), an XChart chart as a PNG at twice its size in the toolkit's theme
 *   ({@code display(chart, "image/svg+xml")} gives SVG), a {@link ChartGrid} of charts as one PNG, {@link Score}, {@link Summary} and {@link Proposal} as
 *   HTML, a benchmark's {@link Plan} as its text; their {@code text/plain} forms fit in {@value #TEXT_WIDTH} columns;</li>
 *   <li>sends progress bars to the notebook, one display updated in place ({@link NotebookProgress}), unless
 *   {@code MBO4J_QUIET} is set.</li>
 * </ul>
 */
public final class Mbo4jExtension implements Extension {
    /** Widest line of a {@code text/plain} rendering. */
    public static final int TEXT_WIDTH = 120;

    /**
     * Packages imported into every notebook. Packages that do not exist in this build (method families still to
     * come) are skipped.
     */
    public static final List<String> IMPORTS = List.of(
            "org.mbo4j.task.*",
            "org.mbo4j.task.moo.*",
            "org.mbo4j.data.*",
            "org.mbo4j.method.*",
            "org.mbo4j.method.baseline.*",
            "org.mbo4j.method.surrogate.*",
            "org.mbo4j.method.generative.*",
            "org.mbo4j.method.moo.*",
            "org.mbo4j.nn.*",
            "org.mbo4j.moo.*",
            "org.mbo4j.eval.*",
            "org.mbo4j.viz.*",
            "org.mbo4j.offline.*",
            "org.mbo4j.util.Progress",
            "java.util.*",
            "tech.tablesaw.api.Table");

    @Override
    public void install(BaseKernel kernel) {
        registerRenderers(kernel.getRenderer());
        for (String pkg : IMPORTS) {
            try {
                kernel.evalRaw("import " + pkg + ";");
            } catch (Exception e) {
                // A method family that is not part of this build: nothing to import.
            }
        }
        String quiet = System.getenv("MBO4J_QUIET");
        if (quiet == null || quiet.isBlank() || quiet.equals("0")) {
            Progress.setSink(new NotebookProgress(kernel.getIO().display));
        }
    }

    /** Registers the toolkit's renderers on a kernel's renderer (public so tests can render without a kernel). */
    public static void registerRenderers(Renderer renderer) {
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((t, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> Html.table(t));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> Html.text(t, TEXT_WIDTH));
                });
        @SuppressWarnings("rawtypes")
        Class<Chart> chartType = Chart.class;
        renderer.createRegistration(chartType)
                .preferring(MIMEType.IMAGE_PNG, MIMEType.TEXT_PLAIN)
                .supporting(MIMEType.IMAGE_SVG)
                .register((c, ctx) -> {
                    // 2x pixels, shown at the chart's own size (Jupyter's image/png width and height metadata)
                    ctx.renderIfRequested(
                            MIMEType.IMAGE_PNG,
                            (type, out) -> out.putData(
                                    type,
                                    ChartImages.pngBase64(c),
                                    Map.of("width", c.getWidth(), "height", c.getHeight())));
                    ctx.renderIfRequested(MIMEType.IMAGE_SVG, () -> ChartImages.svg(c));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "chart: " + c.getTitle());
                });
        renderer.createRegistration(ChartGrid.class)
                .preferring(MIMEType.IMAGE_PNG, MIMEType.TEXT_PLAIN)
                .register((g, ctx) -> {
                    ctx.renderIfRequested(
                            MIMEType.IMAGE_PNG,
                            (type, out) -> out.putData(
                                    type, ChartImages.pngBase64(g), Map.of("width", g.width(), "height", g.height())));
                    ctx.renderIfRequested(
                            MIMEType.TEXT_PLAIN,
                            () -> "figure: " + g.title() + " (" + g.charts().size() + " panels)");
                });
        renderer.createRegistration(Score.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((s, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> Html.score(s));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> Html.scoreText(s));
                });
        renderer.createRegistration(Summary.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((s, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> Html.summary(s));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> SummaryText.render(s, TEXT_WIDTH));
                });
        renderer.createRegistration(Plan.class)
                .preferring(MIMEType.TEXT_PLAIN)
                .register((p, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> p.toText(TEXT_WIDTH)));
        renderer.createRegistration(Proposal.class)
                .preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((p, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> Html.proposal(p));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, p::toString);
                });
    }
}
