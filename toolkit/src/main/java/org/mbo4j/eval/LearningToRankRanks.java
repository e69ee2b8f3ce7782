package org.mbo4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Our TFBind8 rows ranked beside Learning to Rank's Table 2 (Tan et al., ICLR 2025; 22 methods, 8 seeds, mean ± std
 * of the 100th percentile; {@code ../shared/reference/review.md} §5.1.4 copies it), the table the review's surrogate
 * family is judged by. For each of our TFBind8 rows whose method has a row there:
 * <ul>
 *   <li><b>rank among ours</b>: the summary's own rank (complete rows only);</li>
 *   <li><b>rank in Table 2</b>: our mean, rounded to three decimals as the table prints, put in place of the method's
 *       own row and ranked among the table's 22 rows on TF-Bind-8 (1 = best, ties averaged); beside it the rank the
 *       method's published row has there, and Table 2's mean rank over its five tasks (Ant, D'Kitty,
 *       Superconductor, TF-Bind-8, TF-Bind-10), which one task cannot reproduce and is printed for reference.</li>
 * </ul>
 * Rows with fewer seeds than the protocol are listed with their seed count. Immutable.
 */
public final class LearningToRankRanks {
    /** Where the published numbers come from, as printed under the table. */
    public static final String SOURCE =
            "Learning to Rank for offline MBO (Tan et al., ICLR 2025), Table 2 (TF-Bind-8 column, 8 seeds)";

    /** One row of Table 2: its TF-Bind-8 mean and std and its mean rank over the five tasks. */
    public record Published(String row, double mean, double std, double meanRank) {}

    /** Table 2's 22 rows (D(best) left out: it has no rank), in the table's order. */
    static final List<Published> TABLE = List.of(
            new Published("BO-qEI", 0.802, 0.081, 18.0),
            new Published("CMA-ES", 0.944, 0.017, 11.4),
            new Published("REINFORCE", 0.935, 0.049, 14.0),
            new Published("Grad. Ascent", 0.969, 0.021, 11.6),
            new Published("Grad. Ascent Mean", 0.985, 0.008, 11.2),
            new Published("Grad. Ascent Min", 0.979, 0.014, 11.5),
            new Published("CbAS", 0.921, 0.046, 15.5),
            new Published("MINs", 0.910, 0.051, 13.0),
            new Published("DDOM", 0.913, 0.047, 14.6),
            new Published("BONET", 0.798, 0.123, 15.1),
            new Published("GTG", 0.910, 0.040, 13.9),
            new Published("COMs", 0.953, 0.038, 9.5),
            new Published("RoMA", 0.665, 0.000, 18.3),
            new Published("IOM", 0.925, 0.054, 13.1),
            new Published("BDI", 0.973, 0.000, 5.9),
            new Published("ICT", 0.897, 0.050, 9.4),
            new Published("Tri-Mentoring", 0.956, 0.000, 7.7),
            new Published("PGS", 0.889, 0.061, 13.2),
            new Published("FGM", 0.811, 0.079, 13.2),
            new Published("Match-OPT", 0.824, 0.067, 8.0),
            new Published("RaM-RankCosine", 0.982, 0.012, 2.7),
            new Published("RaM-ListNet", 0.981, 0.012, 2.2));

    /** mbo4j registry name → Table 2's row. */
    static final Map<String, String> ROW_OF = Map.ofEntries(
            Map.entry("bo-qei", "BO-qEI"),
            Map.entry("cma-es", "CMA-ES"),
            Map.entry("reinforce", "REINFORCE"),
            Map.entry("reinforce-db", "REINFORCE"),
            Map.entry("grad", "Grad. Ascent"),
            Map.entry("grad-mean", "Grad. Ascent Mean"),
            Map.entry("grad-min", "Grad. Ascent Min"),
            Map.entry("cbas", "CbAS"),
            Map.entry("mins", "MINs"),
            Map.entry("ddom", "DDOM"),
            Map.entry("bonet", "BONET"),
            Map.entry("gtg", "GTG"),
            Map.entry("coms", "COMs"),
            Map.entry("roma", "RoMA"),
            Map.entry("iom", "IOM"),
            Map.entry("iom-contextmbo", "IOM"),
            Map.entry("bdi", "BDI"),
            Map.entry("ict", "ICT"),
            Map.entry("tri-mentoring", "Tri-Mentoring"),
            Map.entry("pgs", "PGS"),
            Map.entry("fgm", "FGM"),
            Map.entry("match-opt", "Match-OPT"),
            Map.entry("ram-rankcosine", "RaM-RankCosine"),
            Map.entry("ram-listnet", "RaM-ListNet"));

    /**
     * One of our rows beside its Table 2 row.
     *
     * @param method        mbo4j registry name
     * @param published     its Table 2 row
     * @param seeds         our seeds
     * @param protocolSeeds the protocol's seeds (8)
     * @param mean100       our mean 100th percentile
     * @param rankAmongOurs the summary's rank (NaN for a partial row)
     * @param rankInTable   our mean in place of the published row among Table 2's 22
     * @param publishedRank the published row's own rank on TF-Bind-8 among the 22
     */
    public record Entry(
            String method,
            Published published,
            int seeds,
            int protocolSeeds,
            double mean100,
            double rankAmongOurs,
            double rankInTable,
            double publishedRank) {}

    private final List<Entry> entries;

    private LearningToRankRanks(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The summary's TFBind8 rows whose methods have a Table 2 row, in the summary's order. */
    public static LearningToRankRanks of(Summary summary) {
        List<Entry> out = new ArrayList<>();
        for (Summary.Row r : summary.rows()) {
            if (!r.task().equals("TFBind8") || r.metric().equals("hypervolume")) continue;
            Optional<Published> p = published(r.method());
            if (p.isEmpty() || Double.isNaN(r.mean100())) continue;
            out.add(new Entry(
                    r.method(),
                    p.get(),
                    r.seeds(),
                    r.protocolSeeds(),
                    r.mean100(),
                    r.partial() ? Double.NaN : r.rank(),
                    rankInTable(r.method(), r.mean100()),
                    rankInTable(r.method(), p.get().mean())));
        }
        return new LearningToRankRanks(out);
    }

    /** A method's Table 2 row, if it has one. */
    public static Optional<Published> published(String method) {
        String row = ROW_OF.get(method);
        if (row == null) return Optional.empty();
        return TABLE.stream().filter(p -> p.row().equals(row)).findFirst();
    }

    /**
     * The rank on TF-Bind-8 of a mean put in place of the method's own row among Table 2's rows (rounded to three
     * decimals as printed; 1 = best, ties averaged); NaN if the method has no row.
     */
    public static double rankInTable(String method, double mean) {
        Optional<Published> own = published(method);
        if (own.isEmpty() || Double.isNaN(mean)) return Double.NaN;
        double ours = Math.round(mean * 1000) / 1000.0;
        return TaskTypeRanks.place(
                ours,
                TABLE.stream()
                        .filter(p -> !p.row().equals(own.get().row()))
                        .mapToDouble(Published::mean)
                        .toArray());
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** CSV text, one line per row. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(
                "method,table2_row,seeds,protocol_seeds,mean100,rank_among_ours,rank_in_table2,table2_mean,"
                        + "table2_std,table2_rank_tfbind8,table2_mean_rank\n");
        for (Entry e : entries) {
            sb.append(String.join(
                            ",",
                            e.method(),
                            e.published().row(),
                            Integer.toString(e.seeds()),
                            Integer.toString(e.protocolSeeds()),
                            num(e.mean100()),
                            num(e.rankAmongOurs()),
                            num(e.rankInTable()),
                            num(e.published().mean()),
                            num(e.published().std()),
                            num(e.publishedRank()),
                            num(e.published().meanRank())))
                    .append('\n');
        }
        return sb.toString();
    }

    /** A markdown section (empty when there are no entries). */
    public String toMarkdown() {
        if (entries.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("### TFBind8 beside Learning to Rank's Table 2\n\n");
        sb.append(
                "Rank 1 = best, ties averaged. \"In Table 2\": our mean (3 decimals) in place of the method's own row "
                        + "among the table's 22 rows on TF-Bind-8, beside the rank of the published row there. Table 2's mean "
                        + "rank is over its five tasks, not TF-Bind-8 alone. Source: " + SOURCE + ".\n\n");
        sb.append("| method | seeds | 100th pct (ours) | rank among ours | rank in Table 2 (ours) | Table 2 row | "
                + "rank in Table 2 (published) | Table 2 mean rank |\n|---|---|---|---|---|---|---|---|\n");
        for (Entry e : entries) {
            sb.append("| ")
                    .append(e.method())
                    .append(" | ")
                    .append(
                            e.seeds() < e.protocolSeeds()
                                    ? e.seeds() + " of " + e.protocolSeeds()
                                    : Integer.toString(e.seeds()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f", e.mean100()))
                    .append(" | ")
                    .append(Double.isNaN(e.rankAmongOurs()) ? "– (partial)" : fmt(e.rankAmongOurs()))
                    .append(" | ")
                    .append(fmt(e.rankInTable()))
                    .append(" | ")
                    .append(e.published().row())
                    .append(String.format(
                            Locale.ROOT,
                            " %.3f ± %.3f",
                            e.published().mean(),
                            e.published().std()))
                    .append(" | ")
                    .append(fmt(e.publishedRank()))
                    .append(" | ")
                    .append(String.format(
                            Locale.ROOT, "%.1f / 22", e.published().meanRank()))
                    .append(" |\n");
        }
        return sb.append('\n').toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v)
                ? "–"
                : (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
