package org.mbo4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mbo4j.util.Statistics;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Aggregates run records per (task, method): mean ± std (ddof 0, as design-baselines' {@code np.std}) of the
 * headline metric (normalised 100th percentile, or hypervolume) and of the 50th-percentile metric, D(best), the
 * published number where known, the rank within each task and the mean rank across tasks. Immutable.
 */
public final class Summary {
    /**
     * One (task, method) row.
     *
     * @param task       task
     * @param method     method
     * @param seeds      number of seeds aggregated
     * @param settings   method settings
     * @param metric     {@code normalized score} or {@code hypervolume}
     * @param mean100    mean headline
     * @param std100     std headline
     * @param mean50     mean of the 50th-percentile metric
     * @param std50      std of the 50th-percentile metric
     * @param dBest      D(best) of the task
     * @param rank       rank within the task among the complete rows (1 = best; ties share the average); NaN for a
     *                   partial row
     * @param paper      published number if known, else null
     * @param protocolSeeds the seeds of a complete row: the most seeds of any row of the task in this summary; a row
     *                   with fewer is partial
     * @param diversity  mean ± std of the designs' diversity over the records that measured it ({@link Score})
     * @param novelty    mean ± std of their novelty over the same records
     * @param spreadSeeds how many of the row's records measured diversity and novelty (0: columns NaN)
     */
    public record Row(
            String task,
            String method,
            int seeds,
            String settings,
            String metric,
            double mean100,
            double std100,
            double mean50,
            double std50,
            double dBest,
            double rank,
            PaperNumbers.Published paper,
            int protocolSeeds,
            double[] diversity,
            double[] novelty,
            int spreadSeeds) {
        /** Fewer seeds than the protocol asks for: shown as partial and left out of the ranks. */
        public boolean partial() {
            return seeds < protocolSeeds;
        }

        /**
         * The reproduction bar: the published mean − 2 × published std (NaN without a published number). For the
         * D(best) of a multi-objective task (method {@code d-best}, a property of the data, not of a method), the bar
         * is being within 5 % of the published D-Best either way, and this is its lower end. With an
         * {@linkplain PaperNumbers.Published#alternative() alternative} published row that counts as well, the lower of
         * the two rows' bars (meeting either is meeting the bar).
         */
        public double paperBar() {
            if (paper == null) return Double.NaN;
            return isDataBest() ? 0.95 * paper.mean() : barRow().bar();
        }

        /** The published row whose bar {@link #paperBar()} is (the alternative when its bar is the lower). */
        public PaperNumbers.Published barRow() {
            if (paper == null || paper.alternative() == null) return paper;
            return paper.alternative().bar() < paper.bar() ? paper.alternative() : paper;
        }

        /** Whether our mean headline reaches {@link #paperBar()}; null without a published number. */
        public Boolean meetsPaperBar() {
            if (paper == null) return null;
            return isDataBest()
                    ? Math.abs(mean100 - paper.mean()) <= 0.05 * Math.abs(paper.mean())
                    : mean100 >= paperBar();
        }

        private boolean isDataBest() {
            return metric.equals("hypervolume") && method.equals("d-best");
        }
    }

    private final List<Row> rows;
    private final Map<String, Double> meanRank;

    private Summary(List<Row> rows, Map<String, Double> meanRank) {
        this.rows = List.copyOf(rows);
        this.meanRank = Map.copyOf(meanRank);
    }

    /**
     * Summarises records (any order), one row per (task, method, settings): runs of one method at different
     * settings (e.g. quick and paper) are never averaged together.
     */
    public static Summary of(List<RunRecord> records) {
        Map<String, List<RunRecord>> groups = new LinkedHashMap<>();
        for (RunRecord r : records) {
            groups.computeIfAbsent(r.task() + "\u0000" + r.method() + "\u0000" + r.settings(), x -> new ArrayList<>())
                    .add(r);
        }
        List<Row> rows = new ArrayList<>();
        for (List<RunRecord> g : groups.values()) {
            RunRecord first = g.get(0);
            double[] h = g.stream().mapToDouble(RunRecord::headline).toArray();
            double[] s = g.stream().mapToDouble(RunRecord::secondary).toArray();
            double[] div = g.stream()
                    .filter(r -> r.diversity() != null && r.novelty() != null)
                    .mapToDouble(RunRecord::diversity)
                    .toArray();
            double[] nov = g.stream()
                    .filter(r -> r.diversity() != null && r.novelty() != null)
                    .mapToDouble(RunRecord::novelty)
                    .toArray();
            rows.add(new Row(
                    first.task(),
                    first.method(),
                    g.size(),
                    first.settings(),
                    first.score100() != null ? "normalized score" : "hypervolume",
                    Statistics.mean(h),
                    Statistics.std(h),
                    Statistics.mean(s),
                    Statistics.std(s),
                    first.dBest() == null ? Double.NaN : first.dBest(),
                    Double.NaN,
                    PaperNumbers.of(first.task(), first.method()).orElse(null),
                    0,
                    meanAndStd(div),
                    meanAndStd(nov),
                    div.length));
        }
        // the seeds a complete row of a task has: the most seeds of any of its rows (8 for the TFBind8 reproduction,
        // the papers' trial count; a quick run whose rows all have 2 seeds has no partial row)
        Map<String, Integer> protocol = new LinkedHashMap<>();
        for (Row r : rows) protocol.merge(r.task(), r.seeds(), Math::max);
        // rank within each task by mean headline among the complete rows, higher is better, ties averaged
        Map<String, List<Integer>> byTask = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).seeds() < protocol.get(rows.get(i).task())) continue;
            byTask.computeIfAbsent(rows.get(i).task(), x -> new ArrayList<>()).add(i);
        }
        double[] ranks = new double[rows.size()];
        Arrays.fill(ranks, Double.NaN);
        for (List<Integer> idx : byTask.values()) {
            List<Integer> sorted = new ArrayList<>(idx);
            sorted.sort(Comparator.comparingDouble((Integer i) -> rows.get(i).mean100())
                    .reversed());
            int p = 0;
            while (p < sorted.size()) {
                int q = p;
                double v = rows.get(sorted.get(p)).mean100();
                while (q + 1 < sorted.size() && rows.get(sorted.get(q + 1)).mean100() == v) q++;
                double avg = (p + q) / 2.0 + 1;
                for (int r = p; r <= q; r++) ranks[sorted.get(r)] = avg;
                p = q + 1;
            }
        }
        List<Row> ranked = new ArrayList<>();
        Map<String, double[]> rankSums = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            ranked.add(new Row(
                    r.task(),
                    r.method(),
                    r.seeds(),
                    r.settings(),
                    r.metric(),
                    r.mean100(),
                    r.std100(),
                    r.mean50(),
                    r.std50(),
                    r.dBest(),
                    ranks[i],
                    r.paper(),
                    protocol.get(r.task()),
                    r.diversity(),
                    r.novelty(),
                    r.spreadSeeds()));
            if (Double.isNaN(ranks[i])) continue;
            double[] acc = rankSums.computeIfAbsent(r.method(), x -> new double[2]);
            acc[0] += ranks[i];
            acc[1] += 1;
        }
        Map<String, Double> meanRank = new LinkedHashMap<>();
        rankSums.forEach((m, a) -> meanRank.put(m, a[0] / a[1]));
        return new Summary(ranked, meanRank);
    }

    private static double[] meanAndStd(double[] v) {
        return v.length == 0
                ? new double[] {Double.NaN, Double.NaN}
                : new double[] {Statistics.mean(v), Statistics.std(v)};
    }

    public List<Row> rows() {
        return rows;
    }

    /** Mean rank of each method across the tasks where its row is complete (partial rows are not ranked). */
    public Map<String, Double> meanRank() {
        return meanRank;
    }

    private double meanRank(String method) {
        Double r = meanRank.get(method);
        return r == null ? Double.NaN : r;
    }

    /** The summary as a table (one row per task × method). */
    public Table table() {
        Table t = Table.create("summary");
        t.addColumns(
                StringColumn.create("task", rows.stream().map(Row::task).toList()),
                StringColumn.create("method", rows.stream().map(Row::method).toList()),
                IntColumn.create("seeds", rows.stream().mapToInt(Row::seeds).toArray()),
                StringColumn.create("metric", rows.stream().map(Row::metric).toList()),
                DoubleColumn.create(
                        "score100_mean", rows.stream().mapToDouble(Row::mean100).toArray()),
                DoubleColumn.create(
                        "score100_std", rows.stream().mapToDouble(Row::std100).toArray()),
                DoubleColumn.create(
                        "score50_mean", rows.stream().mapToDouble(Row::mean50).toArray()),
                DoubleColumn.create(
                        "score50_std", rows.stream().mapToDouble(Row::std50).toArray()),
                DoubleColumn.create(
                        "d_best", rows.stream().mapToDouble(Row::dBest).toArray()),
                DoubleColumn.create("rank", rows.stream().mapToDouble(Row::rank).toArray()),
                DoubleColumn.create(
                        "mean_rank",
                        rows.stream().mapToDouble(r -> meanRank(r.method())).toArray()),
                DoubleColumn.create(
                        "paper_score100_mean",
                        rows.stream()
                                .mapToDouble(r -> r.paper() == null
                                        ? Double.NaN
                                        : r.paper().mean())
                                .toArray()),
                DoubleColumn.create(
                        "paper_score100_std",
                        rows.stream()
                                .mapToDouble(r -> r.paper() == null
                                        ? Double.NaN
                                        : r.paper().std())
                                .toArray()));
        return t;
    }

    /** CSV text (header + one line per row). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(
                "task,method,seeds,settings,metric,score100_mean,score100_std,score50_mean,"
                        + "score50_std,d_best,rank,mean_rank,paper_score100_mean,paper_score100_std,paper_source,"
                        + "paper_bar,meets_paper_bar,diversity_mean,diversity_std,novelty_mean,novelty_std,spread_seeds\n");
        for (Row r : rows) {
            sb.append(String.join(
                            ",",
                            csv(r.task()),
                            csv(r.method()),
                            Integer.toString(r.seeds()),
                            csv(r.settings()),
                            csv(r.metric()),
                            num(r.mean100()),
                            num(r.std100()),
                            num(r.mean50()),
                            num(r.std50()),
                            num(r.dBest()),
                            num(r.rank()),
                            num(meanRank(r.method())),
                            r.paper() == null ? "" : num(r.paper().mean()),
                            r.paper() == null ? "" : num(r.paper().std()),
                            r.paper() == null ? "" : csv(sourceText(r.paper())),
                            num(r.paperBar()),
                            r.meetsPaperBar() == null ? "" : r.meetsPaperBar().toString(),
                            num(r.diversity()[0]),
                            num(r.diversity()[1]),
                            num(r.novelty()[0]),
                            num(r.novelty()[1]),
                            Integer.toString(r.spreadSeeds())))
                    .append('\n');
        }
        return sb.toString();
    }

    /** A published row's source, with the other row that counts as well. */
    private static String sourceText(PaperNumbers.Published p) {
        PaperNumbers.Published a = p.alternative();
        return a == null
                ? p.source()
                : p.source() + "; meeting either row counts (issue 20), the other: " + fmt(a.mean()) + " ± "
                        + fmt(a.std()) + ", " + a.source();
    }

    /**
     * The bar cell: the bar and whether it is met; with two published rows, which row's bar each is; a bar not met
     * that lies above the task's {@code ceiling} (NaN: none known) says so.
     */
    private static String barCell(Row r, double ceiling) {
        String cell = fmt(r.paperBar()) + (r.meetsPaperBar() ? " met" : " **not met**");
        if (!r.meetsPaperBar() && HypervolumeCeiling.above(r.paperBar(), ceiling)) {
            cell += ", above the ceiling " + fmt(ceiling);
        }
        PaperNumbers.Published alt = r.paper().alternative();
        if (alt == null) return cell;
        PaperNumbers.Published other = r.barRow() == alt ? r.paper() : alt;
        return cell + " (row " + fmt(r.barRow().mean()) + " ± " + fmt(r.barRow().std()) + "; row " + fmt(other.mean())
                + " ± " + fmt(other.std()) + ": bar " + fmt(other.bar())
                + (r.mean100() >= other.bar() ? " met)" : " not met)");
    }

    /** Markdown: one table per task (ours beside the paper's) and the mean-rank table. */
    public String toMarkdown() {
        return toMarkdown(Map.of());
    }

    /**
     * {@link #toMarkdown()} with the hypervolume ceilings of multi-objective tasks (task → the hypervolume the exact
     * function reaches on our data's scale, {@link HypervolumeCeiling#reached}): each such task says its ceiling
     * under D(best), and a bar not met that lies above it by more than the tables' rounding says so
     * ({@link HypervolumeCeiling#above}: not reached on our scale even with the exact function).
     */
    public String toMarkdown(Map<String, Double> ceilings) {
        StringBuilder sb = new StringBuilder();
        Map<String, List<Row>> byTask = new LinkedHashMap<>();
        for (Row r : rows)
            byTask.computeIfAbsent(r.task(), x -> new ArrayList<>()).add(r);
        for (Map.Entry<String, List<Row>> e : byTask.entrySet()) {
            List<Row> rs = e.getValue();
            boolean hv = rs.get(0).metric().equals("hypervolume");
            sb.append("### ")
                    .append(e.getKey())
                    .append(" (")
                    .append(hv ? "hypervolume" : "normalized score, K designs")
                    .append(")\n\n");
            sb.append("D(best) = ").append(fmt(rs.get(0).dBest())).append("\n\n");
            double ceiling = hv ? ceilings.getOrDefault(e.getKey(), Double.NaN) : Double.NaN;
            if (!Double.isNaN(ceiling)) {
                sb.append("Ceiling = ")
                        .append(fmt(ceiling))
                        .append(": the highest hypervolume NSGA-II reached on the exact function on our data's scale"
                                + " (`ceiling/ceiling.md`, a lower bound of the true ceiling); a bar marked"
                                + " above it was not reached on our scale even with the exact function.\n\n");
            }
            boolean spread = rs.stream().anyMatch(r -> r.spreadSeeds() > 0);
            String header = hv
                    ? "| method | seeds | HV 100th (ours) | HV 50th (ours) | HV 100th (paper) | bar: paper − 2σ "
                            + "(D(best): within 5 %) | rank | settings |\n|---|---|---|---|---|---|---|---|\n"
                    : "| method | seeds | 100th pct (ours) | 50th pct (ours) | 100th pct (paper) | bar: paper − 2σ "
                            + "| rank | settings |\n|---|---|---|---|---|---|---|---|\n";
            if (spread) {
                header = header.replace("| rank | settings |", "| diversity / novelty | rank | settings |")
                        .replace("|\n|---", "|\n|---|---");
            }
            sb.append(header);
            for (Row r : rs) {
                sb.append("| ")
                        .append(r.method())
                        .append(" | ")
                        .append(r.partial() ? r.seeds() + " of " + r.protocolSeeds() + ", **partial**" : r.seeds())
                        .append(" | ")
                        .append(meanStd(r.mean100(), r.std100(), r.seeds()))
                        .append(" | ")
                        .append(meanStd(r.mean50(), r.std50(), r.seeds()))
                        .append(" | ");
                if (hv && r.paper() != null && r.method().equals("d-best")) {
                    double rel = (r.mean100() - r.paper().mean())
                            / Math.abs(r.paper().mean());
                    sb.append(fmt(r.paper().mean()))
                            .append(" | ")
                            .append(String.format(Locale.ROOT, "%+.1f %%", 100 * rel))
                            .append(r.meetsPaperBar() ? " met" : " **not met**")
                            .append(
                                    HypervolumeCeiling.meanAbove(r.paper().mean(), ceiling)
                                            ? ", published D-Best above the ceiling"
                                            : "")
                            .append(" | ");
                } else {
                    sb.append(
                                    r.paper() == null
                                            ? "–"
                                            : fmt(r.paper().mean()) + " ± "
                                                    + fmt(r.paper().std()))
                            .append(" | ");
                    sb.append(r.paper() == null ? "–" : barCell(r, ceiling)).append(" | ");
                }
                if (spread) {
                    sb.append(
                                    r.spreadSeeds() == 0
                                            ? "–"
                                            : fmt(r.diversity()[0]) + " / " + fmt(r.novelty()[0])
                                                    + (r.spreadSeeds() < r.seeds()
                                                            ? " (" + r.spreadSeeds() + " of " + r.seeds() + " seeds)"
                                                            : ""))
                            .append(" | ");
                }
                sb.append(fmt(r.rank()))
                        .append(" | ")
                        .append(r.settings().replace("|", "/"))
                        .append(" |\n");
            }
            rs.stream()
                    .filter(Row::partial)
                    .findFirst()
                    .ifPresent(r -> sb.append("\nRows marked partial have fewer seeds than the task's complete rows (")
                            .append(r.protocolSeeds())
                            .append(") and are left out of the ranks and the mean rank.\n"));
            sb.append('\n');
        }
        sb.append(TaskTypeRanks.of(this).toMarkdown());
        sb.append(LearningToRankRanks.of(this).toMarkdown());
        sb.append("### Mean rank across tasks\n\n| method | mean rank |\n|---|---|\n");
        meanRank.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .forEach(e -> sb.append("| ")
                        .append(e.getKey())
                        .append(" | ")
                        .append(fmt(e.getValue()))
                        .append(" |\n"));
        List<Row> withPaper = rows.stream().filter(r -> r.paper() != null).toList();
        if (!withPaper.isEmpty()) {
            sb.append("\nPaper sources:\n\n");
            withPaper.stream()
                    .map(r -> r.method() + ": " + sourceText(r.paper()))
                    .distinct()
                    .forEach(s -> sb.append("- ").append(s).append('\n'));
        }
        return sb.toString();
    }

    /** mean ± std; one seed has no spread to show, so its mean stands alone. */
    private static String meanStd(double mean, double std, int seeds) {
        return seeds == 1 ? fmt(mean) + " (1 seed)" : fmt(mean) + " ± " + fmt(std);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    @Override
    public String toString() {
        return toMarkdown();
    }
}
