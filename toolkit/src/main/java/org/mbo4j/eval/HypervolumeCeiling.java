package org.mbo4j.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.method.moo.JMetalNsgaII;
import org.mbo4j.moo.Hypervolume;
import org.mbo4j.moo.Pareto;
import org.mbo4j.task.Task;
import org.mbo4j.util.AtomicFiles;

/**
 * How high a multi-objective task's hypervolume goes on <em>our</em> data's scale (its min-max statistics and
 * reference point, {@link Evaluation#normalizeForHv}, {@link Evaluation#referencePoint}) when the exact function is
 * searched by NSGA-II: not a method (it queries the oracle hundreds of thousands of times), but a yardstick for
 * reading a published hypervolume beside ours. It is a lower bound of the true ceiling, as high as the search got: a
 * published mean above it was not reached on our scale even with the exact function, which points at another scale
 * (other data statistics, another nadir or reference); how close the search came to the true front shows in how
 * little the front moves with more generations (records at 500 and 2,000 generations side by side).
 *
 * <p>Two numbers, both from one run of {@link JMetalNsgaII} (pymoo 0.5.0's NSGA-II as Off-MOO-Bench sets it,
 * {@link JMetalNsgaII.Settings#offMooBench()}, with more generations) on the normalised objectives, started from the
 * data's best {@code k} rows by non-dominated sorting:
 * <ul>
 *   <li>{@code nsga2}: the hypervolume of its final {@code k} designs, what {@code k} designs found with the exact
 *   function reach (a lower bound of the best {@code k}-design hypervolume: NSGA-II spreads by crowding distance, not
 *   by hypervolume);</li>
 *   <li>{@code front}: the hypervolume of every design it evaluated that no other evaluated design dominates, however
 *   many (the front it found, kept as an archive over all generations). No {@code k} of these designs reach more;
 *   the true front's hypervolume is higher only by what the search missed. Not computed for more than
 *   {@value #FRONT_MAX_OBJECTIVES} objectives (the exact hypervolume of thousands of points in 5 or more dimensions
 *   is out of reach): null there.</li>
 * </ul>
 * Only designs that dominate the reference point enter the archive (the others add no hypervolume); above
 * {@value #FRONT_MAX_OBJECTIVES} objectives there is no archive (its size is recorded as 0). Deterministic per seed
 * (NSGA-II draws from its own generator).
 */
public final class HypervolumeCeiling {
    /**
     * How far a published bar must lie above a ceiling to be called above it: ParetoFlow's tables give mean and std
     * to two decimals, so a mean is known to ±0.005 and a bar (mean − 2 × std) to ±0.015.
     */
    public static final double PUBLISHED_ROUNDING = 0.015;

    /** How far a published mean must lie above a ceiling to be called above it: two decimals, ±0.005. */
    public static final double PUBLISHED_MEAN_ROUNDING = 0.005;

    /** Whether a published bar lies above a ceiling by more than the tables' rounding. */
    public static boolean above(double bar, double ceiling) {
        return bar > ceiling + PUBLISHED_ROUNDING;
    }

    /** Whether a published mean lies above a ceiling by more than its rounding. */
    public static boolean meanAbove(double mean, double ceiling) {
        return mean > ceiling + PUBLISHED_MEAN_ROUNDING;
    }

    /** The largest number of objectives for which the front's hypervolume is computed. */
    public static final int FRONT_MAX_OBJECTIVES = 4;

    private HypervolumeCeiling() {}

    /**
     * One task's ceiling.
     *
     * @param dBest       the data's hypervolume at k ({@link Evaluation#dBest})
     * @param nsga2       hypervolume of NSGA-II's final k designs on the exact function
     * @param front       hypervolume of the non-dominated archive of every evaluated design (null above
     *                    {@value #FRONT_MAX_OBJECTIVES} objectives)
     * @param frontSize   designs in that archive (0 above {@value #FRONT_MAX_OBJECTIVES} objectives)
     * @param evaluations designs evaluated by the exact function
     */
    public record Result(
            String task,
            int objectives,
            int k,
            int generations,
            long seed,
            double dBest,
            double nsga2,
            Double front,
            int frontSize,
            long evaluations,
            double seconds,
            String finishedAt,
            String build,
            String command) {}

    /** The task's box, after refusing a task the ceiling does not apply to (one objective, or not a box). */
    public static ContinuousSpace requireApplicable(Task task) {
        if (!task.isMultiObjective()) {
            throw new IllegalArgumentException("task " + task.name() + " has one objective, and the ceiling is a"
                    + " hypervolume's. Fix: name multi-objective tasks (./mbo4j tasks lists them)");
        }
        if (!(task.space() instanceof ContinuousSpace box)) {
            throw new IllegalArgumentException("task " + task.name() + " does not have a box design space, and the"
                    + " ceiling's NSGA-II searches boxes. Fix: name tasks with a box design space");
        }
        return box;
    }

    /** The largest k: NSGA-II's survival sorts 2k designs per generation (k = 10⁵ ran out of memory). */
    public static final int MAX_K = 10_000;

    /** Refuses a population outside 2..{@value #MAX_K} or fewer than one generation. */
    public static void requireSettings(int k, int generations) {
        if (k < 2 || k > MAX_K) {
            throw new IllegalArgumentException("--k must be between 2 and " + MAX_K + " (NSGA-II's population), got "
                    + k + ". Fix: use the k of the benchmark rows to compare with (Off-MOO-Bench: 256)");
        }
        if (generations < 1) {
            throw new IllegalArgumentException(
                    "--generations must be at least 1, got " + generations + ". Fix: leave it out for 500");
        }
    }

    /** The ceiling of a multi-objective task with a box design space; see the class comment. */
    public static Result of(Task task, int k, int generations, long seed, String command) {
        ContinuousSpace box = requireApplicable(task);
        requireSettings(k, generations);
        long start = System.nanoTime();
        Evaluation ev = Evaluation.of(task);
        double[] ref = ev.referencePoint();
        int m = ref.length;
        Dataset d = task.dataset();
        int[] best = Pareto.selectBest(ev.normalizeForHv(d.scores()), Math.min(k, d.size()));
        double[][] initial = new double[best.length][];
        for (int i = 0; i < best.length; i++) initial[i] = d.design(best[i]).clone();
        Archive archive = new Archive(ref);
        long[] evaluations = {0};
        JMetalNsgaII.Result r = JMetalNsgaII.minimize(
                x -> {
                    double[][] y = ev.normalizeForHv(task.evaluate(x));
                    for (double[] row : y) {
                        for (double v : row) {
                            if (!Double.isFinite(v)) {
                                throw new IllegalStateException("task " + task.name() + " gave a normalised"
                                        + " objective " + v + " (its function, or a zero range in its statistics);"
                                        + " the ceiling needs finite objectives everywhere in the box. Fix: leave"
                                        + " the task out of --tasks");
                            }
                        }
                        if (m <= FRONT_MAX_OBJECTIVES) archive.offer(row);
                    }
                    evaluations[0] += x.length;
                    return y;
                },
                box.lower(),
                box.upper(),
                initial,
                k,
                JMetalNsgaII.Settings.offMooBench().withGenerations(generations),
                seed);
        double nsga2 = Hypervolume.compute(r.objectives(), ref); // the normalised values the search saw
        Double front = m <= FRONT_MAX_OBJECTIVES ? archive.hypervolume() : null;
        return new Result(
                task.name(),
                m,
                k,
                generations,
                seed,
                ev.dBest(k),
                nsga2,
                front,
                archive.size(),
                evaluations[0],
                (System.nanoTime() - start) / 1e9,
                Instant.now().toString(),
                BuildInfo.withRuntime(),
                command);
    }

    /** The file {@link #write} writes the results to, in a folder. */
    public static final String JSON_FILE = "ceiling.json";

    /** The table {@link #write} writes beside it. */
    public static final String MD_FILE = "ceiling.md";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Writes {@code results} into {@code dir} ({@value #JSON_FILE}, {@value #MD_FILE}), each file atomically: the
     * folder's earlier results stay, except those of the same task, k, generations and seed, which these replace.
     * Returns everything the folder now holds, in task order of first appearance.
     */
    public static List<Result> write(Path dir, List<Result> results) throws IOException {
        List<Result> all = new ArrayList<>(read(dir));
        for (Result r : results) {
            all.removeIf(x -> x.task().equals(r.task())
                    && x.k() == r.k()
                    && x.generations() == r.generations()
                    && x.seed() == r.seed());
            all.add(r);
        }
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(JSON_FILE), true, JSON.writeValueAsString(all));
        AtomicFiles.writeString(dir.resolve(MD_FILE), true, markdown(all));
        return all;
    }

    /** The results a folder holds ({@value #JSON_FILE}); none without one. */
    public static List<Result> read(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file where a folder of ./mbo4j ceiling records belongs."
                    + " Fix: move the file away, or choose another folder");
        }
        Path f = dir.resolve(JSON_FILE);
        if (!Files.isRegularFile(f)) return List.of();
        try {
            return JSON.readValue(f.toFile(), new TypeReference<List<Result>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException(f + " is not a readable ceiling file ("
                    + ResultsStore.oneLine(e)
                    + "). Fix: rerun ./mbo4j ceiling into another folder, or delete the file to start over");
        }
    }

    /**
     * Per task, the highest front hypervolume its results reach at the k its benchmark rows use ({@code kPerTask}).
     * Tasks without a result at that k, or whose front was not computed (NSGA-II's k designs are a lower bound, not a
     * ceiling), are absent.
     */
    public static Map<String, Double> reached(List<Result> results, Map<String, Integer> kPerTask) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (Result r : results) {
            Integer k = kPerTask.get(r.task());
            if (k == null || k != r.k() || r.front() == null) continue;
            out.merge(r.task(), r.front(), Math::max);
        }
        return out;
    }

    /**
     * The results as a Markdown table beside the published rows of each task ({@link OffMooPublished}): how many of
     * them sit above the front found with the exact function (above NSGA-II's k designs where the front was not
     * computed) by more than their rounding (0.005), and the highest.
     */
    public static String markdown(List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append("# Hypervolume ceilings: what the exact function reaches on our data's scale\n\n");
        b.append("NSGA-II on the exact function (pymoo 0.5.0's settings as Off-MOO-Bench sets them, more generations),"
                + " started from the data's best k rows; the hypervolume of its final k designs, and of every"
                + " evaluated design no other one dominates (the front it found, however many designs). Not a method:"
                + " it queries the oracle. Both are lower bounds of the true ceiling; a published mean above the front"
                + " was not reached on our scale even with the exact function (`org.mbo4j.eval.HypervolumeCeiling`)."
                + "\n\n");
        b.append("| task | m | k | generations | seed | D(best) | NSGA-II, k designs | front (designs) |"
                + " published rows above the front | highest published row | build | date |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            Map<String, PaperNumbers.Published> table = OffMooPublished.table(r.task());
            double reach = r.front() != null ? r.front() : r.nsga2();
            // the methods' rows: D-Best is the data's, not a method's
            List<Map.Entry<String, PaperNumbers.Published>> published = table.entrySet().stream()
                    .filter(e -> !e.getKey().equals("D-Best"))
                    .toList();
            long above = published.stream()
                    .filter(e -> meanAbove(e.getValue().mean(), reach))
                    .count();
            long rows = published.size();
            String highest = published.stream()
                    .max(Comparator.comparingDouble(e -> e.getValue().mean()))
                    .map(e -> e.getKey() + " " + fmt(e.getValue().mean()))
                    .orElse("–");
            b.append("| ")
                    .append(r.task())
                    .append(" | ")
                    .append(r.objectives())
                    .append(" | ")
                    .append(r.k())
                    .append(" | ")
                    .append(r.generations())
                    .append(" | ")
                    .append(r.seed())
                    .append(" | ")
                    .append(fmt(r.dBest()))
                    .append(" | ")
                    .append(fmt(r.nsga2()))
                    .append(" | ")
                    .append(
                            r.front() == null
                                    ? "not computed (m > " + FRONT_MAX_OBJECTIVES + ")"
                                    : fmt(r.front()) + " (" + r.frontSize() + ")")
                    .append(" | ")
                    .append(
                            rows == 0
                                    ? "– (no published table)"
                                    : above + " of " + rows + (r.front() == null ? " (above NSGA-II's)" : ""))
                    .append(" | ")
                    .append(highest)
                    .append(" | ")
                    .append(r.build())
                    .append(" | ")
                    .append(r.finishedAt(), 0, Math.min(10, r.finishedAt().length()))
                    .append(" |\n");
        }
        b.append("\nCommands: ");
        b.append(String.join(
                "; ",
                results.stream()
                        .map(Result::command)
                        .distinct()
                        .map(c -> "`" + c + "`")
                        .toList()));
        b.append("\n");
        return b.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * The points no other offered point dominates (or equals), among those that dominate the reference point. Two
     * objectives: a staircase sorted by the first (O(log n) per offer, so fronts of 10⁵ points stay cheap); more:
     * a list scanned per offer.
     */
    static final class Archive {
        private final double[] ref;
        private final List<double[]> points = new ArrayList<>();
        /** m = 2: first objective → second, the second strictly decreasing as the first increases. */
        private final java.util.TreeMap<Double, Double> stairs = new java.util.TreeMap<>();

        Archive(double[] ref) {
            this.ref = ref;
        }

        void offer(double[] p) {
            for (int j = 0; j < ref.length; j++) if (!(p[j] < ref[j])) return;
            if (ref.length == 2) {
                var below = stairs.floorEntry(p[0]);
                if (below != null && below.getValue() <= p[1]) return;
                var it = stairs.tailMap(p[0], true).entrySet().iterator();
                while (it.hasNext()) {
                    if (it.next().getValue() >= p[1]) it.remove();
                    else break;
                }
                stairs.put(p[0], p[1]);
                return;
            }
            for (double[] q : points) if (weaklyDominates(q, p)) return;
            points.removeIf(q -> weaklyDominates(p, q));
            points.add(p.clone());
        }

        int size() {
            return ref.length == 2 ? stairs.size() : points.size();
        }

        double[][] points() {
            if (ref.length != 2) return points.toArray(new double[0][]);
            return stairs.entrySet().stream()
                    .map(e -> new double[] {e.getKey(), e.getValue()})
                    .toArray(double[][]::new);
        }

        double hypervolume() {
            return Hypervolume.compute(points(), ref);
        }

        private static boolean weaklyDominates(double[] a, double[] b) {
            for (int j = 0; j < a.length; j++) if (a[j] > b[j]) return false;
            return true;
        }
    }
}
