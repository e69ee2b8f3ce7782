package org.mbo4j.notebook;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.mbo4j.eval.Score;
import org.mbo4j.eval.Summary;
import org.mbo4j.method.Proposal;
import org.mbo4j.util.Numbers;
import org.mbo4j.util.TextTable;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * HTML for the notebook's rich output: Tablesaw tables (head and tail with the row count), scores and proposals.
 * Every string from data is escaped. Decimal numbers show four significant digits ({@link Numbers#show}), missing
 * values an empty cell; the data behind them keep full precision.
 */
public final class Html {
    /** Rows shown at the head and at the tail of a long table. */
    public static final int EDGE_ROWS = 5;

    private Html() {}

    /** Escapes {@code & < > " '} for HTML text and attributes. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A table with every row when it has at most {@code 2 * EDGE_ROWS} rows, else the first and last
     * {@link #EDGE_ROWS} rows around an ellipsis row; a caption gives the name and the shape.
     */
    public static String table(Table t) {
        int n = t.rowCount();
        StringBuilder b = new StringBuilder("<table class=\"mbo4j-table\">");
        b.append("<caption style=\"caption-side:bottom;text-align:left\">")
                .append(escape(t.name()))
                .append(": ")
                .append(n)
                .append(n == 1 ? " row" : " rows")
                .append(" × ")
                .append(t.columnCount())
                .append(t.columnCount() == 1 ? " column" : " columns")
                .append("</caption>");
        b.append("<thead><tr><th></th>");
        for (Column<?> c : t.columns())
            b.append("<th>").append(escape(c.name())).append("</th>");
        b.append("</tr></thead><tbody>");
        if (n <= 2 * EDGE_ROWS) {
            for (int r = 0; r < n; r++) row(b, t, r);
        } else {
            for (int r = 0; r < EDGE_ROWS; r++) row(b, t, r);
            b.append("<tr><td>…</td>");
            for (int c = 0; c < t.columnCount(); c++) b.append("<td>…</td>");
            b.append("</tr>");
            for (int r = n - EDGE_ROWS; r < n; r++) row(b, t, r);
        }
        return b.append("</tbody></table>").toString();
    }

    /**
     * The same view as plain text for {@code text/plain}: a caption line, then {@link TextTable} columns (row
     * index first) with the head and tail rows around a {@code …} row, numbers as in {@link #cell}, at most
     * {@code width} characters a line.
     */
    public static String text(Table t, int width) {
        int n = t.rowCount();
        String[] titles = new String[t.columnCount() + 1];
        titles[0] = "";
        for (int c = 0; c < t.columnCount(); c++) titles[c + 1] = t.column(c).name();
        TextTable tt = TextTable.withHeader(titles).alignRight(0);
        List<Integer> shown = n <= 2 * EDGE_ROWS
                ? IntStream.range(0, n).boxed().toList()
                : IntStream.concat(IntStream.range(0, EDGE_ROWS), IntStream.range(n - EDGE_ROWS, n))
                        .boxed()
                        .toList();
        for (int i = 0; i < shown.size(); i++) {
            if (n > 2 * EDGE_ROWS && i == EDGE_ROWS) {
                String[] dots = new String[titles.length];
                Arrays.fill(dots, "…");
                tt.row(dots);
            }
            int r = shown.get(i);
            String[] cells = new String[titles.length];
            cells[0] = Integer.toString(r);
            for (int c = 0; c < t.columnCount(); c++) cells[c + 1] = cell(t.column(c), r);
            tt.row(cells);
        }
        return t.name() + ": " + n + (n == 1 ? " row" : " rows") + " × " + t.columnCount()
                + (t.columnCount() == 1 ? " column" : " columns") + "\n" + tt.render(width);
    }

    private static void row(StringBuilder b, Table t, int r) {
        b.append("<tr><th>").append(r).append("</th>");
        for (Column<?> c : t.columns())
            b.append("<td>").append(escape(cell(c, r))).append("</td>");
        b.append("</tr>");
    }

    /**
     * The text of one cell: {@link Numbers#show} for the values of floating-point columns (so 0.36651134490966797
     * shows as 0.3665), an empty string when missing, Tablesaw's own text for every other column.
     */
    public static String cell(Column<?> c, int row) {
        if (c.isMissing(row)) return "";
        if (c instanceof NumberColumn<?, ?> n && isDecimal(c)) return Numbers.show(n.getDouble(row));
        return c.getString(row);
    }

    private static boolean isDecimal(Column<?> c) {
        String type = c.type().name();
        return type.equals("DOUBLE") || type.equals("FLOAT");
    }

    /** A score as a two-column table of the fields that apply (NaN fields are left out). */
    public static String score(Score s) {
        Map<String, Double> numbers = scoreFields(s);
        StringBuilder b = new StringBuilder("<table class=\"mbo4j-score\"><caption style=\"text-align:left\">")
                .append("<b>")
                .append(escape(s.method()))
                .append("</b> on <b>")
                .append(escape(s.task()))
                .append("</b>, seed ")
                .append(s.seed())
                .append(", K = ")
                .append(s.k())
                .append("</caption><tbody>");
        for (Map.Entry<String, Double> e : numbers.entrySet()) {
            if (Double.isNaN(e.getValue())) continue;
            b.append("<tr><th style=\"text-align:left\">")
                    .append(escape(e.getKey()))
                    .append("</th><td>")
                    .append(Numbers.show(e.getValue()))
                    .append("</td></tr>");
        }
        b.append("<tr><th style=\"text-align:left\">oracle calls</th><td>")
                .append(s.oracleCalls())
                .append("</td></tr>");
        return b.append("</tbody></table>").toString();
    }

    /**
     * A score as one line of text for {@code text/plain}, the same fields and numbers as {@link #score}: {@code m on T,
     * seed 3, K = 128: normalised 100th percentile 0.3665, ..., oracle calls 128}.
     */
    public static String scoreText(Score s) {
        StringBuilder b = new StringBuilder(s.method())
                .append(" on ")
                .append(s.task())
                .append(", seed ")
                .append(s.seed())
                .append(", K = ")
                .append(s.k())
                .append(':');
        scoreFields(s).forEach((name, v) -> {
            if (!Double.isNaN(v))
                b.append(' ').append(name).append(' ').append(Numbers.show(v)).append(',');
        });
        return b.append(" oracle calls ").append(s.oracleCalls()).toString();
    }

    private static Map<String, Double> scoreFields(Score s) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("normalised 100th percentile", s.score100());
        numbers.put("normalised 50th percentile", s.score50());
        numbers.put("raw 100th percentile", s.raw100());
        numbers.put("raw 50th percentile", s.raw50());
        numbers.put("hypervolume (all K)", s.hv100());
        numbers.put("hypervolume (50th)", s.hv50());
        numbers.put("D(best) of the visible data", s.dBest());
        numbers.put("diversity (mean pairwise distance)", s.diversity());
        numbers.put("novelty (mean distance to the data)", s.novelty());
        numbers.put("seconds", s.seconds());
        return numbers;
    }

    /**
     * A summary: its table (one row per task × method; the settings are in {@code summary.md}), numbers as in
     * {@link #cell}.
     */
    public static String summary(Summary s) {
        return table(s.table());
    }

    /** A proposal: method, seed, size, and its designs (with predicted scores, if any) as a head/tail table. */
    public static String proposal(Proposal p) {
        List<String> scoreNames = p.predicted()
                .filter(pr -> pr.length > 0)
                .map(pr ->
                        IntStream.range(0, pr[0].length).mapToObj(j -> "y" + j).toList())
                .orElse(List.of());
        return "<div class=\"mbo4j-proposal\"><p><b>" + escape(p.method()) + "</b> proposal, seed " + p.seed()
                + ", " + p.size() + " designs in " + escape(p.space().describe())
                + (p.trajectory().isPresent()
                        ? ", with a trajectory of "
                                + p.trajectory().get().steps().size() + " steps"
                        : "")
                + "</p>"
                + table(p.table(scoreNames)) + "</div>";
    }
}
