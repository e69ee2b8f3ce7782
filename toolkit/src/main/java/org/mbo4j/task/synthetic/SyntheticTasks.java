package org.mbo4j.task.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.mbo4j.data.Dataset;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.offline.OfflineViolationException;
import org.mbo4j.task.Objective;
import org.mbo4j.task.Task;
import org.mbo4j.task.TaskInfo;
import org.mbo4j.task.TaskProvider;

/**
 * Continuous synthetic single-objective tasks with an offline split, following GABO's Branin protocol (Yao et al.,
 * "Generative Adversarial Model-Based Optimization via Source Critic Regularization", NeurIPS 2024,
 * {@code branin/}): the task maximises −f for a Virtual Library test function f (Surjanovic &amp;
 * Bingham); n designs are drawn by a seeded scrambled Sobol sample of the standard domain ({@link ScrambledSobol});
 * the top {@code excludeTop} fraction by −f (⌊excludeTop·n⌋ rows) is hidden and the rest, in sample order, is the
 * visible dataset; the oracle is −f itself. Normalisation uses the min and max of −f over all n sampled points
 * (visible and hidden), as Design-Bench does with its full data, so a proposal better than every sampled point
 * scores above 1.
 *
 * <p>Names (case-insensitive): {@code Branin}, {@code Hartmann6}, and {@code Ackley-d}, {@code Rosenbrock-d},
 * {@code Levy-d}, {@code StyblinskiTang-d} for a dimension d (an optional trailing {@code D} is accepted, e.g.
 * {@code Ackley-8D}). Defaults: n = 1000·⌈d/2⌉ (GABO's 1000 for the 2-D Branin, growing with d so that the
 * visible data keep pace with the dimension), excludeTop = 0.2 (GABO's {@code exclude_top_p}), seed 42 (GABO's
 * Sobol seed). {@link #task(SyntheticFunction, int, double, long)} builds any other variant.
 */
public final class SyntheticTasks implements TaskProvider {
    /** GABO's {@code exclude_top_p}. */
    public static final double DEFAULT_EXCLUDE_TOP = 0.2;
    /** GABO's {@code qmc.Sobol(..., seed=42)}. */
    public static final long DEFAULT_SEED = 42;
    /** Largest supported dimension (keeps the default data size below 50,000 × 100). */
    public static final int MAX_DIMS = 100;

    static final String CITATION = "Surjanovic & Bingham, Virtual Library of Simulation Experiments; "
            + "offline split after GABO (Yao et al., NeurIPS 2024)";
    private static final Pattern NAME = Pattern.compile(
            "(branin|hartmann6|hartmann|ackley|rosenbrock|levy|styblinskitang|styblinski-tang)(?:-(\\d{1,9})d?)?");

    private static final List<String> DEFAULTS =
            List.of("Branin", "Ackley-8", "Rosenbrock-8", "Levy-8", "Hartmann6", "StyblinskiTang-8");

    @Override
    public List<Entry> tasks() {
        List<Entry> entries = new ArrayList<>();
        for (String name : DEFAULTS) {
            SyntheticFunction f = parse(name).orElseThrow();
            int n = defaultSize(f.dims());
            entries.add(Entry.of(
                    new TaskInfo(
                            f.name(),
                            "synthetic",
                            f.domain().describe(),
                            f.dims(),
                            1,
                            (n - hiddenCount(n, DEFAULT_EXCLUDE_TOP)) + " of " + n,
                            "closed form",
                            CITATION),
                    () -> defaultTask(f)));
        }
        return entries;
    }

    /** Any dimension of the parameterised functions, e.g. {@code Ackley-13} or {@code Levy-6D}. */
    @Override
    public Optional<Supplier<Task>> variant(String name) {
        return parse(name).map(f -> () -> defaultTask(f));
    }

    private static Task defaultTask(SyntheticFunction f) {
        return build(f, defaultSize(f.dims()), DEFAULT_EXCLUDE_TOP, DEFAULT_SEED);
    }

    /** The default number of sampled points for dimension d: 1000·⌈d/2⌉. */
    public static int defaultSize(int d) {
        return 1000 * ((d + 1) / 2);
    }

    /**
     * Parses a synthetic task name into its function: the oracle itself, so it fails while a method proposes
     * ({@link OfflineGuard}).
     *
     * @return empty when the name is not a synthetic function
     * @throws IllegalArgumentException for a known function with an impossible dimension
     */
    public static Optional<SyntheticFunction> function(String name) {
        OfflineGuard.check("SyntheticTasks.function(\"" + name + "\")");
        return parse(name);
    }

    private static Optional<SyntheticFunction> parse(String name) {
        Matcher m = NAME.matcher(name.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) return Optional.empty();
        String fn = m.group(1);
        Integer d = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        return Optional.of(
                switch (fn) {
                    case "branin" -> {
                        if (d != null && d != 2) {
                            throw new IllegalArgumentException(
                                    "Branin is two-dimensional; load it as Branin (got " + name + ")");
                        }
                        yield new Branin();
                    }
                    case "hartmann6", "hartmann" -> {
                        boolean ok = fn.equals("hartmann6") ? d == null || d == 6 : d != null && d == 6;
                        if (!ok) {
                            throw new IllegalArgumentException(
                                    "only the six-dimensional Hartmann function is available; "
                                            + "load it as Hartmann6 (got " + name + ")");
                        }
                        yield new Hartmann6();
                    }
                    case "ackley" -> new Ackley(dims("Ackley", d, 1));
                    case "rosenbrock" -> new Rosenbrock(dims("Rosenbrock", d, 2));
                    case "levy" -> new Levy(dims("Levy", d, 1));
                    default -> new StyblinskiTang(dims("StyblinskiTang", d, 1));
                });
    }

    private static int dims(String fn, Integer d, int min) {
        if (d == null) {
            throw new IllegalArgumentException(fn + " needs a dimension suffix, e.g. " + fn + "-8");
        }
        if (d < min || d > MAX_DIMS) {
            throw new IllegalArgumentException(
                    fn + "-" + d + ": the dimension must be between " + min + " and " + MAX_DIMS);
        }
        return d;
    }

    static int hiddenCount(int n, double excludeTop) {
        return (int) (excludeTop * n);
    }

    /**
     * The offline task for {@code f}: n Sobol points, the best ⌊excludeTop·n⌋ by −f hidden, oracle −f.
     *
     * @param n          sampled points (visible + hidden), at least 2
     * @param excludeTop fraction hidden, in [0, 1)
     * @param seed       seed of the Sobol digital shift
     * @throws OfflineViolationException while a method proposes (the task holds the oracle and the hidden data)
     */
    public static Task task(SyntheticFunction f, int n, double excludeTop, long seed) {
        OfflineGuard.check("SyntheticTasks.task(" + f.name() + ", " + n + ", " + excludeTop + ", " + seed + ")");
        return build(f, n, excludeTop, seed);
    }

    private static Task build(SyntheticFunction f, int n, double excludeTop, long seed) {
        if (n < 2) throw new IllegalArgumentException("a synthetic task needs at least 2 sampled points, got " + n);
        if (!(excludeTop >= 0 && excludeTop < 1)) {
            throw new IllegalArgumentException("the hidden top fraction must be in [0, 1), got " + excludeTop);
        }
        double[][] x = ScrambledSobol.sample(f.domain(), n, seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = -f.value(x[i]);
        int hidden = hiddenCount(n, excludeTop);
        Integer[] byScore = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byScore, Comparator.comparingDouble((Integer i) -> y[i]).reversed()); // stable: ties keep order
        boolean[] hide = new boolean[n];
        for (int k = 0; k < hidden; k++) hide[byScore[k]] = true;
        int[] visible = IntStream.range(0, n).filter(i -> !hide[i]).toArray();
        double[][] vx = new double[visible.length][];
        double[] vy = new double[visible.length];
        for (int k = 0; k < visible.length; k++) {
            vx[k] = x[visible[k]];
            vy[k] = y[visible[k]];
        }
        double min = Arrays.stream(y).min().orElseThrow();
        double max = Arrays.stream(y).max().orElseThrow();
        return Task.builder(f.name())
                .family("synthetic")
                .citation(CITATION)
                .oracleKind("closed form")
                .protocol(card(f, n, hidden, excludeTop, seed, min, max))
                .objectives(Objective.maximize("y"))
                .dataset(Dataset.of(f.domain(), vx, vy))
                .oracle(designs -> {
                    double[][] out = new double[designs.length][];
                    for (int i = 0; i < designs.length; i++) out[i] = new double[] {-f.value(designs[i])};
                    return out;
                })
                .fullData(new double[] {min}, new double[] {max}, n)
                .build();
    }

    private static String card(
            SyntheticFunction f, int n, int hidden, double excludeTop, long seed, double min, double max) {
        return String.format(
                Locale.ROOT,
                """
                %s: maximise y = −f(x) on %s (Virtual Library of Simulation Experiments definition); \
                best possible y = %.10g at x* = %s.
                Data: the first %d points of a Sobol sequence with a random digital shift (seed %d), scaled to the \
                box; the top %.0f%% by y (%d points) are hidden, the other %d are visible, in sample order \
                (GABO's Branin protocol, exclude_top_p = %s).
                Oracle: the closed form −f (exact).
                Normalisation: (y − y_min)/(y_max − y_min) with y_min = %.10g and y_max = %.10g, the min and max of y \
                over all %d sampled points \
                (visible + hidden), as Design-Bench normalises with its full data; a design better than every \
                sampled point scores above 1 (the optimum scores %.4f).""",
                f.name(),
                f.domain().describe(),
                0.0 - f.minimum(),
                Arrays.toString(round(f.minimizer())),
                n,
                seed,
                100 * excludeTop,
                hidden,
                n - hidden,
                excludeTop,
                min,
                max,
                n,
                (-f.minimum() - min) / (max - min));
    }

    private static double[] round(double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = Math.round(x[i] * 1e6) / 1e6;
        return r;
    }
}
