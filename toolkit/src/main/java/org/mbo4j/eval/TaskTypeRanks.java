package org.mbo4j.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mbo4j.util.Statistics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Average rank per task type, as ParetoFlow's Table 1 reports it (see {@link OffMooPublished} for how it is
 * computed), for the multi-objective rows of a {@link Summary}. Two ranks per (method, type), each the mean ±
 * population std over the type's tasks where the method's row is complete:
 * <ul>
 *   <li><b>among ours</b>: the rank within the task among this summary's complete rows (depends on which methods
 *       were run, so it is comparable only between rows of the same summary);
 *   <li><b>in the published table</b>: our mean, rounded to two decimals as the table prints, put in place of the
 *       method's own row of Tables 8/13 and ranked among the other published rows of the task (22 methods). This is
 *       where our reproduction would sit in Table 1, and is printed beside Table 1's number.
 * </ul>
 * Immutable.
 */
public final class TaskTypeRanks {
    /**
     * One (method, task type) entry.
     *
     * @param method      mbo4j registry name
     * @param type        {@link OffMooPublished#SYNTHETIC} or {@link OffMooPublished#RE}
     * @param tasks       the type's tasks where the method's row is complete
     * @param oursMean    mean rank among this summary's complete rows
     * @param oursStd     population std of those ranks
     * @param tableTasks  tasks that have a published table to rank in (a subset of {@code tasks})
     * @param tableMean   mean rank in the published tables (NaN when the method has no published row)
     * @param tableStd    population std of those ranks
     * @param published   Table 1's average rank for the method and type, or null
     */
    public record Entry(
            String method,
            String type,
            int tasks,
            double oursMean,
            double oursStd,
            int tableTasks,
            double tableMean,
            double tableStd,
            PaperNumbers.Published published) {}

    private final List<Entry> entries;

    private TaskTypeRanks(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The entries of a summary's complete multi-objective rows on tasks of a known type (empty if there are none). */
    public static TaskTypeRanks of(Summary summary) {
        Map<String, Map<String, List<Summary.Row>>> byTypeMethod = new LinkedHashMap<>();
        for (Summary.Row r : summary.rows()) {
            if (!r.metric().equals("hypervolume") || r.partial() || Double.isNaN(r.rank())) continue;
            Optional<String> type = OffMooPublished.taskType(r.task());
            if (type.isEmpty()) continue;
            byTypeMethod
                    .computeIfAbsent(type.get(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.method(), k -> new ArrayList<>())
                    .add(r);
        }
        List<Entry> out = new ArrayList<>();
        byTypeMethod.forEach((type, methods) -> methods.forEach((method, rows) -> {
            double[] ours = rows.stream().mapToDouble(Summary.Row::rank).toArray();
            List<Double> inTable = new ArrayList<>();
            for (Summary.Row r : rows) {
                double rank = rankInPublishedTable(r.task(), r.method(), r.mean100());
                if (!Double.isNaN(rank)) inTable.add(rank);
            }
            double[] t = inTable.stream().mapToDouble(Double::doubleValue).toArray();
            out.add(new Entry(
                    method,
                    type,
                    rows.size(),
                    Statistics.mean(ours),
                    Statistics.std(ours),
                    t.length,
                    t.length == 0 ? Double.NaN : Statistics.mean(t),
                    t.length == 0 ? Double.NaN : Statistics.std(t),
                    OffMooPublished.averageRank(method, type).orElse(null)));
        }));
        return new TaskTypeRanks(out);
    }

    /**
     * The rank (1 = best, ties averaged) a mean hypervolume, rounded to two decimals, would have among the other
     * published rows of a task in ParetoFlow's tables, taking the method's own row's place; NaN if the task has no
     * table or the method no row name.
     */
    public static double rankInPublishedTable(String task, String method, double mean) {
        Map<String, PaperNumbers.Published> table = OffMooPublished.table(task);
        Optional<String> own = OffMooPublished.rowName(method);
        if (table.isEmpty() || own.isEmpty() || Double.isNaN(mean)) return Double.NaN;
        double ours = Math.round(mean * 100) / 100.0;
        return place(
                ours,
                table.entrySet().stream()
                        .filter(e -> !e.getKey().equals(own.get()))
                        .mapToDouble(e -> e.getValue().mean())
                        .toArray());
    }

    /**
     * The place of {@code ours} among {@code others} (higher is better; 1 = best): the positions it shares with
     * equal values get their average.
     */
    static double place(double ours, double[] others) {
        int better = 0;
        int ties = 0;
        for (double v : others) {
            if (v > ours) better++;
            else if (v == ours) ties++;
        }
        // positions better+1 … better+ties+1 share their average
        return better + 1 + ties / 2.0;
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries as a table, one row per (method, type), with Table 1's number beside ours. */
    public Table table() {
        return Table.create(
                "average rank per task type",
                StringColumn.create(
                        "method", entries.stream().map(Entry::method).toList()),
                StringColumn.create("type", entries.stream().map(Entry::type).toList()),
                IntColumn.create(
                        "tasks", entries.stream().mapToInt(Entry::tasks).toArray()),
                DoubleColumn.create(
                        "rank_ours_mean",
                        entries.stream().mapToDouble(Entry::oursMean).toArray()),
                DoubleColumn.create(
                        "rank_ours_std",
                        entries.stream().mapToDouble(Entry::oursStd).toArray()),
                DoubleColumn.create(
                        "rank_in_table_mean",
                        entries.stream().mapToDouble(Entry::tableMean).toArray()),
                DoubleColumn.create(
                        "rank_in_table_std",
                        entries.stream().mapToDouble(Entry::tableStd).toArray()),
                DoubleColumn.create(
                        "paper_rank_mean",
                        entries.stream()
                                .mapToDouble(e -> e.published() == null
                                        ? Double.NaN
                                        : e.published().mean())
                                .toArray()),
                DoubleColumn.create(
                        "paper_rank_std",
                        entries.stream()
                                .mapToDouble(e -> e.published() == null
                                        ? Double.NaN
                                        : e.published().std())
                                .toArray()));
    }

    /** CSV text: one line per (method, type). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("method,type,tasks,rank_ours_mean,rank_ours_std,table_tasks,"
                + "rank_in_table_mean,rank_in_table_std,paper_rank_mean,paper_rank_std\n");
        for (Entry e : entries) {
            sb.append(String.join(
                            ",",
                            e.method(),
                            e.type(),
                            Integer.toString(e.tasks()),
                            num(e.oursMean()),
                            num(e.oursStd()),
                            Integer.toString(e.tableTasks()),
                            num(e.tableMean()),
                            num(e.tableStd()),
                            e.published() == null ? "" : num(e.published().mean()),
                            e.published() == null ? "" : num(e.published().std())))
                    .append('\n');
        }
        return sb.toString();
    }

    /** A markdown section (empty string when there are no entries). */
    public String toMarkdown() {
        if (entries.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("### Average rank per task type\n\n");
        sb.append("Ranks by mean hypervolume per task (1 = best, ties averaged), then mean ± std over the type's "
                + "tasks where the row is complete. \"In ParetoFlow's table\": our mean (2 decimals) in place of the "
                + "method's own row among the 22 rows of Tables 8/13, beside Table 1's average rank.\n\n");
        sb.append("| method | type | tasks | rank among ours | rank in ParetoFlow's table | Table 1 |\n"
                + "|---|---|---|---|---|---|\n");
        for (Entry e : entries) {
            sb.append("| ")
                    .append(e.method())
                    .append(" | ")
                    .append(e.type())
                    .append(" | ")
                    .append(e.tasks())
                    .append(" | ")
                    .append(fmt(e.oursMean()))
                    .append(" ± ")
                    .append(fmt(e.oursStd()))
                    .append(" | ")
                    .append(
                            Double.isNaN(e.tableMean())
                                    ? "–"
                                    : fmt(e.tableMean()) + " ± " + fmt(e.tableStd())
                                            + (e.tableTasks() < e.tasks() ? " (" + e.tableTasks() + " tasks)" : ""))
                    .append(" | ")
                    .append(
                            e.published() == null
                                    ? "–"
                                    : fmt(e.published().mean()) + " ± "
                                            + fmt(e.published().std()))
                    .append(" |\n");
        }
        return sb.append('\n').toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
