package org.mbo4j.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mbo4j.util.Numbers;
import org.mbo4j.util.TextTable;

/**
 * A {@link Summary} for the terminal: per task a left-aligned table (method, seeds, ours beside the paper's, rank)
 * with numbers at four significant digits, the mean ranks, then each method's settings, wrapped. Every line fits
 * the width asked for. The files ({@code summary.csv}, {@code summary.md}) are written by {@link Summary} itself
 * and keep their own format.
 */
public final class SummaryText {
    private static final String INDENT = "  ";

    private SummaryText() {}

    /** The summary as text, lines at most {@code width} characters (at least 60). */
    public static String render(Summary summary, int width) {
        if (width < 60) throw new IllegalArgumentException("a summary needs at least 60 columns, got " + width);
        Map<String, List<Summary.Row>> byTask = new LinkedHashMap<>();
        for (Summary.Row r : summary.rows())
            byTask.computeIfAbsent(r.task(), x -> new ArrayList<>()).add(r);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<Summary.Row>> e : byTask.entrySet()) {
            List<Summary.Row> rows = e.getValue();
            boolean hv = rows.get(0).metric().equals("hypervolume");
            b.append(e.getKey())
                    .append(
                            hv
                                    ? " (hypervolume)"
                                    : " (normalized score, K designs; D(best) = "
                                            + Numbers.show(rows.get(0).dBest()) + ")")
                    .append('\n');
            TextTable t = hv
                    ? TextTable.withHeader("method", "seeds", "HV 100th", "HV 50th", "rank")
                            .alignRight(1, 4)
                    : TextTable.withHeader(
                                    "method",
                                    "seeds",
                                    "100th pct (ours)",
                                    "50th pct (ours)",
                                    "100th pct (paper)",
                                    "bar: paper − 2σ",
                                    "rank")
                            .alignRight(1, 6);
            for (Summary.Row r : rows) {
                String ours100 = Numbers.meanStd(r.mean100(), r.std100());
                String ours50 = Numbers.meanStd(r.mean50(), r.std50());
                if (hv) {
                    t.row(r.method(), seeds(r), ours100, ours50, rank(r));
                } else {
                    t.row(
                            r.method(),
                            seeds(r),
                            ours100,
                            ours50,
                            r.paper() == null
                                    ? "–"
                                    : Numbers.meanStd(
                                            r.paper().mean(), r.paper().std()),
                            r.paper() == null
                                    ? "–"
                                    : Numbers.show(r.paperBar()) + (r.meetsPaperBar() ? " met" : " not met"),
                            rank(r));
                }
            }
            indent(b, t.render(width - INDENT.length()));
            b.append('\n');
        }
        b.append("mean rank across tasks\n");
        TextTable ranks = TextTable.withHeader("method", "mean rank").alignRight(1);
        summary.meanRank().entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> ranks.row(e.getKey(), Numbers.show(e.getValue())));
        indent(b, ranks.render(width - INDENT.length()));
        b.append('\n').append("settings\n");
        TextTable settings = TextTable.withoutHeader(2);
        Set<String> seen = new LinkedHashSet<>();
        for (Summary.Row r : summary.rows()) {
            if (seen.add(r.method() + "\u0000" + r.settings())) settings.row(r.method(), r.settings());
        }
        indent(b, settings.render(width - INDENT.length()));
        return b.toString();
    }

    private static void indent(StringBuilder b, String lines) {
        lines.lines().forEach(l -> b.append(INDENT).append(l).append('\n'));
    }

    /** "8", or "2 of 8 partial" for a row with fewer seeds than the protocol. */
    private static String seeds(Summary.Row r) {
        return r.partial() ? r.seeds() + " of " + r.protocolSeeds() + " partial" : Integer.toString(r.seeds());
    }

    /** The row's rank; "–" for a partial row, which is not ranked. */
    private static String rank(Summary.Row r) {
        return r.partial() ? "–" : Numbers.show(r.rank());
    }
}
