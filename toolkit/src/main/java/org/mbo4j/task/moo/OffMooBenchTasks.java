package org.mbo4j.task.moo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mbo4j.data.Dataset;
import org.mbo4j.moo.Pareto;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.task.BenchmarkStatistics;
import org.mbo4j.task.Objective;
import org.mbo4j.task.Task;
import org.mbo4j.task.TaskInfo;
import org.mbo4j.task.TaskProvider;
import org.mbo4j.util.Matrices;

/**
 * Off-MOO-Bench multi-objective tasks (Xue, Tan, Huang, Qian, "Offline Multi-Objective Optimization", ICML 2024)
 * with closed-form objectives, all minimised: the synthetic suite {@link SyntheticSuite} (ZDT1–4, ZDT6, DTLZ1–7,
 * OmniTest, VLMOP1–3) and the RE engineering suite RE21–RE61 ({@link ReSuite}); dimensions, bounds, nadir and ideal
 * points and collection settings are on each {@link MultiObjectiveFunction}. The released Off-MOO-Bench data files
 * are not downloadable here, so the offline data are our own seeded stand-in built by the same recipe:
 * <ol>
 *   <li>{@link NsgaIIDataCollector#offMooBench(MultiObjectiveFunction)} collects 100,000 designs (seed 2024) with the
 *   task's generations per run and amateur probability ({@link MultiObjectiveFunction#collection()}); rows with a
 *   non-finite value are dropped, as Off-MOO-Bench's {@code _save} does;</li>
 *   <li>the best 40% by non-dominated sorting are removed (Off-MOO-Bench {@code --filter-type best},
 *   {@code --filter-ratio 0.4}): fronts are marked from the best until ⌊0.4·N⌋ points are marked, the last front
 *   subsampled uniformly at random (seeded); the remaining 60% (60,000) are the visible data, in collection
 *   order;</li>
 *   <li>score normalisation uses per-objective min and max over all 100,000 (visible ∪ removed), as
 *   Off-MOO-Bench's {@code get_xy_min_max}; the hypervolume reference point is 2.2 × the normalised hard-coded
 *   nadir ({@link Task#nadir()}).</li>
 * </ol>
 * The oracle evaluates raw x (Off-MOO-Bench's {@code task.predict} first min-max normalises x with the data's x
 * range, which is the identity only when the data span the box).
 *
 * <p>One split choice is ours: {@code data_generation/collect_data.sh} (commit {@code 2b5c6a1}) asks for
 * {@code --filter-type best_20} for VLMOP2, VLMOP3, OmniTest, ZDT4 and ZDT6 (lines 3, 4, 62, 66, 67), but that
 * branch is commented out in {@code collect_data.py} (lines 444–467; any other type raises at line 496), so which
 * split their released files use cannot be read from the code; we use {@code best} with ratio 0.4 for every task.
 */
public final class OffMooBenchTasks implements TaskProvider {
    /** Off-MOO-Bench's {@code data_size}. */
    public static final int DEFAULT_DATA_SIZE = 100_000;
    /** Off-MOO-Bench's {@code --filter-ratio}. */
    public static final double DEFAULT_FILTER_RATIO = 0.4;
    /** Off-MOO-Bench's {@code configs/default.yaml} seed. */
    public static final long DEFAULT_SEED = 2024;

    static final String CITATION = "Xue et al., Off-MOO-Bench, ICML 2024 (data: mbo4j NSGA-II stand-in)";

    @Override
    public List<Entry> tasks() {
        int visible = DEFAULT_DATA_SIZE - (int) (DEFAULT_FILTER_RATIO * DEFAULT_DATA_SIZE);
        List<MultiObjectiveFunction> functions = new ArrayList<>(SyntheticSuite.problems());
        // RE engineering suite (Tanabe & Ishibuchi 2020 as Off-MOO-Bench encodes it): see ReSuite
        functions.addAll(ReSuite.problems());
        List<Entry> entries = new ArrayList<>();
        for (MultiObjectiveFunction f : functions) {
            entries.add(Entry.of(
                    new TaskInfo(
                            f.name(),
                            "off-moo-bench",
                            f.domain().describe(),
                            f.dims(),
                            f.objectives(),
                            visible + " of " + DEFAULT_DATA_SIZE,
                            "closed form",
                            CITATION + " (" + f.name() + "-Exact-v0; nadir " + Arrays.toString(f.nadir()) + ")",
                            f.nadir()),
                    () -> build(f, DEFAULT_DATA_SIZE, DEFAULT_FILTER_RATIO, DEFAULT_SEED),
                    f.name() + "-Exact-v0"));
        }
        return entries;
    }

    /**
     * A task for {@code f} with {@code dataSize} collected points of which the best {@code filterRatio} by
     * non-dominated sorting are hidden. Fails while a method proposes ({@link OfflineGuard}): the task holds the
     * oracle and the hidden data.
     */
    public static Task task(MultiObjectiveFunction f, int dataSize, double filterRatio, long seed) {
        OfflineGuard.check(
                "OffMooBenchTasks.task(" + f.name() + ", " + dataSize + ", " + filterRatio + ", " + seed + ")");
        return build(f, dataSize, filterRatio, seed);
    }

    private static Task build(MultiObjectiveFunction f, int dataSize, double filterRatio, long seed) {
        if (!(filterRatio >= 0 && filterRatio < 1)) {
            throw new IllegalArgumentException("the filter ratio must be in [0, 1), got " + filterRatio);
        }
        NsgaIIDataCollector collector = NsgaIIDataCollector.offMooBench(f);
        NsgaIIDataCollector.Collected data = finiteRows(collector.collect(f, dataSize, seed));
        int kept = data.y().length;
        if (kept == 0) throw new IllegalStateException(f.name() + ": every collected design has a non-finite score");
        boolean[] hidden = filterBest(data.y(), filterRatio, new SplittableRandom(seed ^ 0x5DEECE66DL));
        int nVisible = 0;
        for (boolean h : hidden) if (!h) nVisible++;
        double[][] vx = new double[nVisible][];
        double[][] vy = new double[nVisible][];
        int c = 0;
        for (int i = 0; i < kept; i++) {
            if (!hidden[i]) {
                vx[c] = data.x()[i];
                vy[c++] = data.y()[i];
            }
        }
        int m = f.objectives();
        double[][] yRange = Matrices.columnRange(data.y());
        double[] min = yRange[0];
        double[] max = yRange[1];
        double[][] xRange = Matrices.columnRange(data.x());
        double[] xMin = xRange[0];
        double[] xMax = xRange[1];
        List<String> names = new ArrayList<>();
        Objective[] objectives = new Objective[m];
        for (int j = 0; j < m; j++) {
            names.add("f" + (j + 1));
            objectives[j] = Objective.minimize("f" + (j + 1));
        }
        return Task.builder(f.name())
                .family("off-moo-bench")
                .citation(CITATION)
                .oracleKind("closed form")
                .protocol(card(f, collector, dataSize, kept, nVisible, filterRatio, seed, min, max))
                .objectives(objectives)
                .dataset(Dataset.of(f.domain(), vx, vy, names))
                .oracle(designs -> {
                    double[][] out = new double[designs.length][];
                    for (int i = 0; i < designs.length; i++) out[i] = f.evaluate(designs[i]);
                    return out;
                })
                .fullData(min, max, kept)
                // get_xy_min_max over the training and the test rows (dataset_builder.py 477–500)
                .statistics(new BenchmarkStatistics(xMin, xMax, min, max))
                .nadir(f.nadir())
                .build();
    }

    /**
     * The rows whose designs and scores are all finite, in order: Off-MOO-Bench's {@code _save} drops rows with NaN or
     * ±∞ in x or y after drawing its {@code data_size} points ({@code data_generation/collect_data.py} at
     * {@code 2b5c6a1b}, lines 341–348), so a task may hold slightly fewer than {@code data_size} points (RE22 at
     * x2 = 0, for instance).
     */
    static NsgaIIDataCollector.Collected finiteRows(NsgaIIDataCollector.Collected data) {
        int n = data.y().length;
        boolean[] keep = new boolean[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            keep[i] = allFinite(data.x()[i]) && allFinite(data.y()[i]);
            if (keep[i]) kept++;
        }
        if (kept == n) return data;
        double[][] x = new double[kept][];
        double[][] y = new double[kept][];
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                x[c] = data.x()[i];
                y[c++] = data.y()[i];
            }
        }
        return new NsgaIIDataCollector.Collected(x, y);
    }

    private static boolean allFinite(double[] v) {
        for (double d : v) if (!Double.isFinite(d)) return false;
        return true;
    }

    /**
     * Off-MOO-Bench's {@code best} filter: marks fronts from the best until ⌊ratio·N⌋ points are marked, the front
     * that overflows subsampled uniformly at random.
     *
     * @return true for each removed (hidden) point
     */
    public static boolean[] filterBest(double[][] y, double ratio, SplittableRandom rng) {
        int target = (int) (ratio * y.length);
        boolean[] marked = new boolean[y.length];
        int count = 0;
        for (int[] front : Pareto.fronts(y)) {
            if (count >= target) break;
            int need = target - count;
            if (front.length <= need) {
                for (int i : front) marked[i] = true;
                count += front.length;
            } else {
                int[] f = front.clone();
                for (int i = 0; i < need; i++) { // partial Fisher–Yates
                    int j = i + rng.nextInt(f.length - i);
                    int t = f[i];
                    f[i] = f[j];
                    f[j] = t;
                    marked[f[i]] = true;
                }
                count += need;
            }
        }
        return marked;
    }

    private static String card(
            MultiObjectiveFunction f,
            NsgaIIDataCollector collector,
            int drawn,
            int n,
            int visible,
            double ratio,
            long seed,
            double[] min,
            double[] max) {
        String dropped = drawn == n ? "" : " (" + (drawn - n) + " of " + drawn + " dropped for non-finite scores)";
        return String.format(
                Locale.ROOT,
                """
                %s (Off-MOO-Bench %s-Exact-v0): minimise %d objectives on %s.
                Data (mbo4j stand-in, not Off-MOO-Bench's released files): %d designs%s recorded from repeated \
                runs with Off-MOO-Bench's perturbed "amateur" survival (%s, SBX η=15, PM η=20; seed %d), the best \
                %.0f%% by non-dominated sorting removed (last front subsampled at random), %d visible.
                Oracle: the closed form (exact), on raw x.
                Normalisation: per-objective min-max over all %d points (visible + removed): min %s, max %s. \
                Hypervolume reference point: 2.2 × the normalised hard-coded nadir %s.%s""",
                f.name(),
                f.name(),
                f.objectives(),
                f.domain().describe(),
                n,
                dropped,
                collector.describe(),
                seed,
                100 * ratio,
                visible,
                n,
                Arrays.toString(min),
                Arrays.toString(max),
                Arrays.toString(f.nadir()),
                f instanceof ClosedFormProblem p && !p.collectionNote().isEmpty() ? "\n" + p.collectionNote() : "");
    }
}
