package org.mbo4j.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a benchmark would run, made by {@link Benchmark#plan()} without running or writing anything: per (task,
 * method) the seeds already recorded (same k and settings), the pending ones with the state of their training
 * checkpoints, and an <em>estimate</em> of the pending run time, the median wall-clock time of the row's recorded runs
 * (any seed) times the pending seeds. The recorded times are those of the machines and thread counts the runs had,
 * including time their machine was shared or a run was paused; a run resumed from a checkpoint records only its
 * last part, and a training that several seeds share ({@code TrainingCheckpoints.shared}) is paid by one of them, so
 * the median leaves it out. The estimate is only as good as that history; a row with no recorded run has none.
 *
 * @param scope the benchmark, e.g. {@code TFBind8 × ddom, mins × seeds 0..7, k 128}
 * @param rows one per task and method, in the benchmark's order
 * @param shared the shared trainings kept in the results folder's checkpoints ({@link
 *     org.mbo4j.nn.TrainingCheckpoints#shared}), by folder name, with what their checkpoints say
 */
public record Plan(String scope, List<Row> rows, Map<String, List<String>> shared) {
    public Plan {
        rows = List.copyOf(rows);
        shared = Collections.unmodifiableSortedMap(new TreeMap<>(shared));
    }

    /**
     * One (task, method) of the plan.
     *
     * @param settings the settings text the runs have (the variant resolved for the task)
     * @param recorded the benchmark's seeds with a record
     * @param pending the benchmark's seeds without one, ascending
     * @param checkpoints per pending seed with a checkpoint folder, what its checkpoints say
     *     ({@link org.mbo4j.nn.TrainingCheckpoints#progress})
     * @param recordedSeconds the wall-clock seconds of every recorded run of this row, any seed
     * @param otherSettings records of this task, method and k whose settings differ (not counted as recorded)
     */
    public record Row(
            String task,
            String method,
            String settings,
            List<Long> recorded,
            List<Long> pending,
            Map<Long, List<String>> checkpoints,
            List<Double> recordedSeconds,
            int otherSettings) {
        public Row {
            recorded = List.copyOf(recorded);
            pending = List.copyOf(pending);
            checkpoints = Collections.unmodifiableSortedMap(new TreeMap<>(checkpoints));
            recordedSeconds = List.copyOf(recordedSeconds);
        }

        /** The median of {@link #recordedSeconds()} (mean of the middle two for an even count); NaN when none. */
        public double secondsPerRun() {
            if (recordedSeconds.isEmpty()) return Double.NaN;
            double[] s = recordedSeconds.stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        /** {@link #secondsPerRun()} × the pending seeds: 0 when none is pending, NaN when no run is recorded. */
        public double pendingSeconds() {
            return pending.isEmpty() ? 0 : secondsPerRun() * pending.size();
        }
    }

    /** Runs of the benchmark already recorded. */
    public int recordedRuns() {
        return rows.stream().mapToInt(r -> r.recorded().size()).sum();
    }

    /** Runs of the benchmark still to run. */
    public int pendingRuns() {
        return rows.stream().mapToInt(r -> r.pending().size()).sum();
    }

    /** The estimated seconds of the pending runs whose row has a recorded run (the others are not counted). */
    public double estimatedSeconds() {
        return rows.stream()
                .filter(r -> !r.pending().isEmpty() && !r.recordedSeconds().isEmpty())
                .mapToDouble(Row::pendingSeconds)
                .sum();
    }

    /** Pending runs whose row has no recorded run to estimate from. */
    public int unestimatedRuns() {
        return rows.stream()
                .filter(r -> r.recordedSeconds().isEmpty())
                .mapToInt(r -> r.pending().size())
                .sum();
    }

    /** {@link #toText(int)} at 120 columns. */
    public String toText() {
        return toText(120);
    }

    /**
     * The plan as the CLI prints it: a table, the checkpoints, the rows whose settings changed, the totals; the
     * sentences wrapped at {@code width} columns (the first line and the table's are as wide as their contents).
     */
    public String toText(int width) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"task", "method", "recorded seeds", "pending seeds", "per run", "pending (estimate)"});
        for (Row r : rows) {
            String per = r.recordedSeconds().isEmpty()
                    ? "none recorded"
                    : duration(r.secondsPerRun()) + " (median of "
                            + r.recordedSeconds().size() + ")";
            String pend =
                    r.pending().isEmpty() ? "-" : r.recordedSeconds().isEmpty() ? "?" : duration(r.pendingSeconds());
            cells.add(new String[] {r.task(), r.method(), seeds(r.recorded()), seeds(r.pending()), per, pend});
        }
        int[] col = new int[6];
        for (String[] c : cells) for (int i = 0; i < 6; i++) col[i] = Math.max(col[i], c[i].length());
        StringBuilder b = new StringBuilder("Plan: " + scope + "\n\n");
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                line.append(i == 0 ? "" : "  ").append(i == 5 ? c[i] : pad(c[i], col[i]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        List<String> notes = new ArrayList<>();
        for (Row r : rows) {
            for (Map.Entry<Long, List<String>> e : r.checkpoints().entrySet()) {
                notes.add(r.task() + " " + r.method() + " seed " + e.getKey() + " has checkpoints (an in-process "
                        + "run resumes from them): " + String.join(", ", e.getValue()));
            }
            if (r.otherSettings() > 0) {
                notes.add(r.task() + " " + r.method() + ": " + r.otherSettings() + " recorded run"
                        + (r.otherSettings() == 1 ? " has" : "s have") + " other settings and "
                        + (r.otherSettings() == 1 ? "is" : "are") + " not counted (another version or variant of "
                        + "the method)");
            }
        }
        for (Map.Entry<String, List<String>> e : shared.entrySet()) {
            notes.add("shared training " + e.getKey() + " (reused by the runs that need it): "
                    + String.join(", ", e.getValue()));
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            for (String n : notes) b.append(wrap(n, width));
        }
        int total = recordedRuns() + pendingRuns();
        b.append('\n');
        b.append(wrap(
                recordedRuns() + " of " + total + (total == 1 ? " run" : " runs") + " recorded, " + pendingRuns()
                        + " pending.",
                width));
        int estimated = pendingRuns() - unestimatedRuns();
        if (estimated > 0) {
            String which = estimated == pendingRuns()
                    ? (estimated == 1 ? "the pending run" : "the pending runs")
                    : estimated == 1 ? "1 pending run" : estimated + " pending runs";
            b.append(wrap(
                    "Estimated time of " + which + ": " + duration(estimatedSeconds()) + " (an estimate: each row's"
                            + " median recorded wall-clock time, as its runs had it: their thread counts, any time"
                            + " their machine was shared or paused, only the last part of a run resumed from a"
                            + " checkpoint, and none of a training that the seeds share, paid by one of them).",
                    width));
        }
        if (unestimatedRuns() > 0) {
            b.append(wrap(
                    unestimatedRuns() + (unestimatedRuns() == 1 ? " pending run has" : " pending runs have")
                            + " no recorded run of their row to estimate from.",
                    width));
        }
        return b.toString();
    }

    /** A sentence in lines of at most {@code width} columns, broken at spaces (a longer word keeps its line). */
    static String wrap(String text, int width) {
        StringBuilder b = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                b.append(line).append('\n');
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        return b.append(line).append('\n').toString();
    }

    /** Seeds as ascending runs: {@code 0..2, 5, 7}; {@code -} when none. */
    static String seeds(List<Long> seeds) {
        if (seeds.isEmpty()) return "-";
        List<Long> s = seeds.stream().sorted().toList();
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < s.size()) {
            int j = i;
            while (j + 1 < s.size() && s.get(j + 1) == s.get(j) + 1) j++;
            parts.add(j == i ? "" + s.get(i) : j == i + 1 ? s.get(i) + ", " + s.get(j) : s.get(i) + ".." + s.get(j));
            i = j + 1;
        }
        return String.join(", ", parts);
    }

    /** {@code 42 s} under 100 s, {@code 17 min} under 100 minutes, else hours to one decimal ({@code 13.3 h}). */
    static String duration(double seconds) {
        if (seconds < 99.5) return Math.round(seconds) + " s";
        if (seconds < 99.5 * 60) return Math.round(seconds / 60) + " min";
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }
}
