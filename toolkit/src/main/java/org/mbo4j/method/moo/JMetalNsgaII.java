package org.mbo4j.method.moo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.mbo4j.util.Shuffle;
import org.uma.jmetal.algorithm.multiobjective.nsgaii.NSGAII;
import org.uma.jmetal.operator.crossover.impl.SBXCrossover;
import org.uma.jmetal.operator.mutation.impl.PolynomialMutation;
import org.uma.jmetal.problem.Problem;
import org.uma.jmetal.problem.doubleproblem.DoubleProblem;
import org.uma.jmetal.solution.AbstractSolution;
import org.uma.jmetal.solution.doublesolution.DoubleSolution;
import org.uma.jmetal.util.bounds.Bounds;
import org.uma.jmetal.util.densityestimator.impl.CrowdingDistanceDensityEstimator;
import org.uma.jmetal.util.evaluator.SolutionListEvaluator;
import org.uma.jmetal.util.pseudorandom.RandomGenerator;
import org.uma.jmetal.util.ranking.impl.FastNonDominatedSortRanking;

/**
 * NSGA-II (Deb, Pratap, Agarwal, Meyarivan, IEEE TEVC 2002) on a batch objective function over a box, minimising
 * every objective, run by jMetal 6 ({@code org.uma.jmetal:jmetal-algorithm}, MIT licence) with the settings of pymoo
 * 0.5.0's {@code NSGA2} that Off-MOO-Bench uses ({@code requirements.txt} line 88 of {@code lamda-bbo/offline-moo}).
 * With {@link JMetalMoead} (MOEA/D), the only class of mbo4j that imports jMetal ({@code ArchitectureTest}).
 *
 * <p><b>What is jMetal's and what is ours.</b> jMetal's {@link NSGAII} runs the generational loop, its
 * {@link SBXCrossover} and {@link PolynomialMutation} make the offspring and its rank-and-crowding replacement
 * ({@code RankingAndCrowdingSelection}) picks the survivors. Three pieces follow pymoo 0.5.0 instead, because jMetal
 * does them differently:
 * <ul>
 *   <li>mating selection: pymoo's binary tournament ({@code operators/selection/tournament.py} 35–49: the
 *   contestants are consecutive entries of concatenated random permutations of the population) compared by Pareto
 *   dominance, then the larger crowding distance, then at random ({@code algorithms/moo/nsga2.py} 23–63,
 *   {@code comp_by_dom_and_crowding}); jMetal's default compares ranks;</li>
 *   <li>duplicate elimination ({@code eliminate_duplicates=True}, Off-MOO-Bench {@code experiment.py} 181): the
 *   initial population and every offspring equal to a member of the population or to an earlier offspring are
 *   dropped and mating repeats until the offspring are complete or 100 rounds have passed
 *   ({@code core/initialization.py} 37–38, {@code core/infill.py} 11 and 28–54);</li>
 *   <li>generations are counted as pymoo counts them: the initial population is generation 1
 *   ({@code core/algorithm.py} 246 and 300, {@code util/termination/max_gen.py} 14), so 50 generations are the
 *   initial population and 49 rounds of offspring.</li>
 * </ul>
 * The initial population is given (Off-MOO-Bench: the data in non-dominated-sorting order) and topped up by Latin
 * hypercube sampling when it is short ({@code off_moo_baselines/mo_solver/base.py} 36–43); the answer is the final
 * population, resampled with replacement up to the population size when it is smaller
 * ({@code mo_solver/moea_solver.py} 50–57).
 *
 * <p><b>Determinism and threads.</b> jMetal's operators draw from the process-wide {@code JMetalRandom} singleton
 * unless they are given a generator, and {@code DefaultDoubleSolution}'s constructor draws from it too. Here every
 * random number comes from one {@link SplittableRandom} seeded by the caller and owned by the run: it is passed to
 * SBX and polynomial mutation, drives the tournaments, duplicates' re-mating, the top-up and the padding, and the
 * solutions are our own {@link DoubleSolution} class that draws nothing. So a run never touches the singleton (a
 * test replaces it with one that throws), the same seed gives the same designs, and concurrent runs do not share
 * state.
 */
public final class JMetalNsgaII {
    /** pymoo's {@code InfillCriterion.n_max_iterations} ({@code core/infill.py} 11). */
    static final int MAX_MATING_ROUNDS = 100;

    private JMetalNsgaII() {}

    /**
     * NSGA-II's settings.
     *
     * @param generations          generations, the initial population being the first (pymoo's {@code n_gen})
     * @param crossoverProbability probability that a pair of parents is recombined by SBX (pymoo 0.9)
     * @param crossoverEta         SBX distribution index η (pymoo 15)
     * @param mutationEta          polynomial mutation distribution index η (pymoo 20)
     * @param mutationProbability  per-variable mutation probability; NaN: 1/n (pymoo's {@code prob=None})
     * @param eliminateDuplicates  drop duplicate designs (pymoo's {@code eliminate_duplicates})
     */
    public record Settings(
            int generations,
            double crossoverProbability,
            double crossoverEta,
            double mutationEta,
            double mutationProbability,
            boolean eliminateDuplicates) {
        public Settings {
            if (generations < 1) throw new IllegalArgumentException("generations must be ≥ 1, got " + generations);
            if (!(crossoverProbability >= 0 && crossoverProbability <= 1)) {
                throw new IllegalArgumentException(
                        "the crossover probability must be in [0, 1], got " + crossoverProbability);
            }
            if (!(crossoverEta >= 0) || !(mutationEta >= 0)) {
                throw new IllegalArgumentException(
                        "distribution indices must be ≥ 0, got " + crossoverEta + " and " + mutationEta);
            }
            if (!Double.isNaN(mutationProbability) && !(mutationProbability >= 0 && mutationProbability <= 1)) {
                throw new IllegalArgumentException(
                        "the mutation probability must be in [0, 1] (or NaN for 1/n), got " + mutationProbability);
            }
        }

        /**
         * pymoo 0.5.0's {@code NSGA2} defaults ({@code algorithms/moo/nsga2.py} 124–127: SBX η = 15 with probability
         * 0.9, polynomial mutation η = 20 with {@code prob=None}, i.e. 1/n per variable, {@code mutation/pm.py}
         * 22–23; duplicates eliminated) with Off-MOO-Bench's 50 generations ({@code configs/default.yaml} line 11,
         * {@code solver_n_gen}).
         */
        public static Settings offMooBench() {
            return new Settings(50, 0.9, 15, 20, Double.NaN, true);
        }

        /** A copy with another number of generations. */
        public Settings withGenerations(int g) {
            return new Settings(
                    g, crossoverProbability, crossoverEta, mutationEta, mutationProbability, eliminateDuplicates);
        }

        /** The per-variable mutation probability for {@code n} variables. */
        public double mutationProbability(int n) {
            return Double.isNaN(mutationProbability) ? 1.0 / n : mutationProbability;
        }

        /** Short text for a method's settings, e.g. {@code nsga2 gen=50 sbx=0.9/15 pm=1/n/20 dedup}. */
        public String describe() {
            String pm =
                    Double.isNaN(mutationProbability) ? "1/n" : String.format(Locale.ROOT, "%g", mutationProbability);
            return String.format(
                    Locale.ROOT,
                    "nsga2 gen=%d sbx=%s/%s pm=%s/%s%s",
                    generations,
                    trim(crossoverProbability),
                    trim(crossoverEta),
                    pm,
                    trim(mutationEta),
                    eliminateDuplicates ? " dedup" : "");
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }

    /** A batch objective function: one row of objective values (all minimised) per row of designs. */
    @FunctionalInterface
    public interface Objectives {
        double[][] evaluate(double[][] designs);
    }

    /**
     * What a run returns.
     *
     * @param designs    the final population (population-size rows), in jMetal's survivor order
     * @param objectives their objective values
     * @param initial    the initial population after top-up and duplicate elimination
     * @param evaluations rows the algorithm sent to the objective function
     */
    public record Result(double[][] designs, double[][] objectives, double[][] initial, long evaluations) {}

    /**
     * Minimises {@code f} over the box [lower, upper] with NSGA-II.
     *
     * @param initial        starting designs in order (rows beyond {@code populationSize} are ignored; fewer are
     *                       topped up by Latin hypercube sampling)
     * @param populationSize population and offspring size (≥ 2)
     * @param seed           the run's seed: the same seed gives the same result
     * @throws IllegalArgumentException for inconsistent bounds, initial rows outside them or a population below 2
     * @throws IllegalStateException    when {@code f} returns a row of the wrong width or a NaN
     */
    public static Result minimize(
            Objectives f,
            double[] lower,
            double[] upper,
            double[][] initial,
            int populationSize,
            Settings settings,
            long seed) {
        int n = lower.length;
        if (upper.length != n || n == 0) {
            throw new IllegalArgumentException("bounds need one lower and one upper value per variable, got "
                    + lower.length + " and " + upper.length);
        }
        for (int j = 0; j < n; j++) {
            if (!(lower[j] <= upper[j])) {
                throw new IllegalArgumentException(
                        "variable " + j + " has lower bound " + lower[j] + " above its upper bound " + upper[j]);
            }
        }
        if (populationSize < 2) {
            throw new IllegalArgumentException("NSGA-II needs a population of at least 2, got " + populationSize);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Bounds<Double>> bounds = new ArrayList<>();
        for (int j = 0; j < n; j++) bounds.add(Bounds.create(lower[j], upper[j]));
        double[][] start = startingRows(initial, lower, upper, populationSize, rng);
        Evaluator evaluator = new Evaluator(f);
        int m = evaluator.objectivesOf(start);
        BoxProblem problem = new BoxProblem(bounds, m);
        List<DoubleSolution> first = new ArrayList<>();
        Set<Key> seen = new HashSet<>();
        for (double[] row : start) {
            if (!settings.eliminateDuplicates() || seen.add(new Key(row))) first.add(new Design(bounds, row, m));
        }
        RandomGenerator<Double> uniform = rng::nextDouble;
        Nsga2 algorithm = new Nsga2(
                problem,
                populationSize + (long) (settings.generations() - 1) * populationSize,
                populationSize,
                new SBXCrossover(settings.crossoverProbability(), settings.crossoverEta(), uniform),
                new PolynomialMutation(settings.mutationProbability(n), settings.mutationEta(), uniform),
                evaluator,
                first,
                settings.eliminateDuplicates(),
                rng);
        algorithm.run();
        List<DoubleSolution> pop = new ArrayList<>(algorithm.getPopulation());
        int have = pop.size();
        while (pop.size() < populationSize) pop.add(pop.get(rng.nextInt(have)));
        double[][] designs = new double[pop.size()][];
        double[][] objectives = new double[pop.size()][];
        for (int i = 0; i < pop.size(); i++) {
            designs[i] = values(pop.get(i));
            objectives[i] = pop.get(i).objectives().clone();
        }
        double[][] init = new double[first.size()][];
        for (int i = 0; i < first.size(); i++) init[i] = values(first.get(i));
        return new Result(designs, objectives, init, evaluator.rows);
    }

    /** The first {@code size} initial rows (checked against the box), topped up by Latin hypercube sampling. */
    private static double[][] startingRows(
            double[][] initial, double[] lower, double[] upper, int size, SplittableRandom rng) {
        int n = lower.length;
        int given = Math.min(initial.length, size);
        double[][] rows = new double[size][];
        for (int i = 0; i < given; i++) {
            if (initial[i].length != n) {
                throw new IllegalArgumentException(
                        "initial design " + i + " has " + initial[i].length + " variables, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                if (!(initial[i][j] >= lower[j] && initial[i][j] <= upper[j])) {
                    throw new IllegalArgumentException("initial design " + i + " has variable " + j + " = "
                            + initial[i][j] + " outside [" + lower[j] + ", " + upper[j] + "]");
                }
            }
            rows[i] = initial[i].clone();
        }
        int missing = size - given;
        if (missing > 0) {
            // Latin hypercube: per variable, one value in each of `missing` equal strata, strata shuffled
            double[][] lhs = new double[missing][n];
            for (int j = 0; j < n; j++) {
                int[] strata = Shuffle.permutation(missing, rng);
                for (int i = 0; i < missing; i++) {
                    double u = (strata[i] + rng.nextDouble()) / missing;
                    lhs[i][j] = lower[j] + u * (upper[j] - lower[j]);
                }
            }
            System.arraycopy(lhs, 0, rows, given, missing);
        }
        return rows;
    }

    private static double[] values(DoubleSolution s) {
        double[] v = new double[s.variables().size()];
        for (int j = 0; j < v.length; j++) v[j] = s.variables().get(j);
        return v;
    }

    /** True when {@code a} dominates {@code b} (all objectives minimised). */
    static boolean dominates(double[] a, double[] b) {
        boolean strict = false;
        for (int j = 0; j < a.length; j++) {
            if (a[j] > b[j]) return false;
            if (a[j] < b[j]) strict = true;
        }
        return strict;
    }

    /** jMetal's NSGA-II with pymoo's mating selection, duplicate elimination and initial survival. */
    @SuppressWarnings("serial")
    private static final class Nsga2 extends NSGAII<DoubleSolution> {
        private final transient List<DoubleSolution> first;
        private final boolean dedup;
        private final transient SplittableRandom rng;
        private final CrowdingDistanceDensityEstimator<DoubleSolution> crowding =
                new CrowdingDistanceDensityEstimator<>();

        Nsga2(
                BoxProblem problem,
                long maxEvaluations,
                int populationSize,
                SBXCrossover crossover,
                PolynomialMutation mutation,
                Evaluator evaluator,
                List<DoubleSolution> first,
                boolean dedup,
                SplittableRandom rng) {
            super(
                    problem,
                    (int) Math.min(Integer.MAX_VALUE, maxEvaluations),
                    populationSize,
                    populationSize,
                    populationSize,
                    crossover,
                    mutation,
                    list -> {
                        throw new IllegalStateException("mating selection is pymoo's tournament, not an operator");
                    },
                    evaluator);
            this.first = first;
            this.dedup = dedup;
            this.rng = rng;
        }

        @Override
        protected List<DoubleSolution> createInitialPopulation() {
            return new ArrayList<>(first);
        }

        /** pymoo surveys the initial population (ranks and crowding) before the first tournament. */
        @Override
        protected void initProgress() {
            super.initProgress();
            survey(getPopulation());
        }

        /** Non-dominated sorting and each front's crowding distances, stored on the solutions. */
        private void survey(List<DoubleSolution> solutions) {
            FastNonDominatedSortRanking<DoubleSolution> ranking = new FastNonDominatedSortRanking<>();
            ranking.compute(solutions);
            for (int r = 0; r < ranking.getNumberOfSubFronts(); r++) crowding.compute(ranking.getSubFront(r));
        }

        @Override
        protected List<DoubleSolution> selection(List<DoubleSolution> population) {
            return tournaments(population, offspringPopulationSize);
        }

        /**
         * Parents for {@code offspring} children (pymoo {@code TournamentSelection._do} with pressure 2): ⌈offspring/2⌉
         * pairs, the contestants taken in order from concatenated random permutations of the population.
         */
        private List<DoubleSolution> tournaments(List<DoubleSolution> population, int offspring) {
            int parents = 2 * ((offspring + 1) / 2);
            int contestants = 2 * parents;
            int size = population.size();
            int[] order = new int[contestants];
            int filled = 0;
            while (filled < contestants) {
                int[] perm = Shuffle.permutation(size, rng);
                int take = Math.min(size, contestants - filled);
                System.arraycopy(perm, 0, order, filled, take);
                filled += take;
            }
            List<DoubleSolution> pool = new ArrayList<>(parents);
            for (int p = 0; p < parents; p++) {
                DoubleSolution a = population.get(order[2 * p]);
                DoubleSolution b = population.get(order[2 * p + 1]);
                pool.add(winner(a, b));
            }
            return pool;
        }

        /** pymoo's {@code comp_by_dom_and_crowding}: dominance, then the larger crowding distance, then a coin. */
        private DoubleSolution winner(DoubleSolution a, DoubleSolution b) {
            if (dominates(a.objectives(), b.objectives())) return a;
            if (dominates(b.objectives(), a.objectives())) return b;
            double ca = crowding.value(a);
            double cb = crowding.value(b);
            if (ca > cb) return a;
            if (cb > ca) return b;
            return rng.nextBoolean() ? a : b;
        }

        @Override
        protected List<DoubleSolution> reproduction(List<DoubleSolution> matingPool) {
            int want = offspringPopulationSize;
            Set<Key> seen = new HashSet<>();
            if (dedup) for (DoubleSolution s : getPopulation()) seen.add(new Key(values(s)));
            List<DoubleSolution> offspring = new ArrayList<>(want);
            List<DoubleSolution> pool = matingPool;
            for (int round = 1; ; round++) {
                for (int i = 0; i + 1 < pool.size() && offspring.size() < want; i += 2) {
                    List<DoubleSolution> children = crossoverOperator.execute(List.of(pool.get(i), pool.get(i + 1)));
                    for (DoubleSolution c : children) {
                        mutationOperator.execute(c);
                        if (!dedup || seen.add(new Key(values(c)))) offspring.add(c);
                        if (offspring.size() == want) break;
                    }
                }
                if (offspring.size() >= want || round >= MAX_MATING_ROUNDS) break;
                pool = tournaments(getPopulation(), want - offspring.size());
            }
            return offspring;
        }

        @Override
        protected List<DoubleSolution> replacement(List<DoubleSolution> population, List<DoubleSolution> offspring) {
            if (population.size() + offspring.size() <= getMaxPopulationSize()) {
                // a short initial population (duplicates removed) or offspring lost to duplicates: all survive, as in
                // pymoo's survival when it may keep more than it has; ranks and crowding for the next tournaments
                List<DoubleSolution> joint = new ArrayList<>(population);
                joint.addAll(offspring);
                survey(joint);
                return joint;
            }
            return super.replacement(population, offspring);
        }
    }

    /** Evaluates a whole population in one call of the objective function. */
    @SuppressWarnings("serial")
    private static final class Evaluator implements SolutionListEvaluator<DoubleSolution> {
        private final transient Objectives f;
        private int m = -1;
        long rows;

        Evaluator(Objectives f) {
            this.f = f;
        }

        /** Evaluates the first row once to learn the number of objectives (not counted in {@link #rows}). */
        int objectivesOf(double[][] sample) {
            double[][] y = call(new double[][] {sample[0]});
            m = y[0].length;
            if (m < 1) throw new IllegalStateException("the objective function returned no objectives");
            return m;
        }

        private double[][] call(double[][] x) {
            double[][] y = f.evaluate(x);
            if (y.length != x.length) {
                throw new IllegalStateException(
                        "the objective function returned " + y.length + " rows for " + x.length + " designs");
            }
            for (int i = 0; i < y.length; i++) {
                if (y[i] == null || (m >= 0 && y[i].length != m)) {
                    throw new IllegalStateException(
                            "the objective function returned " + (y[i] == null ? "no row" : y[i].length + " objectives")
                                    + " for design " + i + ", expected " + m + " objectives");
                }
                for (double v : y[i]) {
                    if (Double.isNaN(v)) {
                        throw new IllegalStateException("the objective function returned NaN for design "
                                + Arrays.toString(x[i]) + "; NSGA-II cannot rank it");
                    }
                }
            }
            return y;
        }

        @Override
        public List<DoubleSolution> evaluate(List<DoubleSolution> solutions, Problem<DoubleSolution> problem) {
            double[][] x = new double[solutions.size()][];
            for (int i = 0; i < x.length; i++) x[i] = values(solutions.get(i));
            if (x.length == 0) return solutions;
            double[][] y = call(x);
            rows += x.length;
            for (int i = 0; i < x.length; i++)
                System.arraycopy(y[i], 0, solutions.get(i).objectives(), 0, m);
            return solutions;
        }

        @Override
        public void shutdown() {}
    }

    /** The box for jMetal; solutions are made by the algorithm above, never by the problem. */
    @SuppressWarnings("serial")
    private static final class BoxProblem implements DoubleProblem {
        private final List<Bounds<Double>> bounds;
        private final int m;

        BoxProblem(List<Bounds<Double>> bounds, int m) {
            this.bounds = bounds;
            this.m = m;
        }

        @Override
        public List<Bounds<Double>> variableBounds() {
            return bounds;
        }

        @Override
        public int numberOfVariables() {
            return bounds.size();
        }

        @Override
        public int numberOfObjectives() {
            return m;
        }

        @Override
        public int numberOfConstraints() {
            return 0;
        }

        @Override
        public String name() {
            return "mbo4j objectives";
        }

        @Override
        public DoubleSolution evaluate(DoubleSolution solution) {
            throw new UnsupportedOperationException("solutions are evaluated in batches by JMetalNsgaII.Evaluator");
        }

        @Override
        public DoubleSolution createSolution() {
            throw new UnsupportedOperationException("the initial population is given to JMetalNsgaII");
        }
    }

    /** A design as jMetal's solution, made from given values (jMetal's default one draws from its singleton). */
    @SuppressWarnings("serial")
    private static final class Design extends AbstractSolution<Double> implements DoubleSolution {
        private final List<Bounds<Double>> bounds;

        Design(List<Bounds<Double>> bounds, double[] values, int objectives) {
            super(values.length, objectives);
            this.bounds = bounds;
            for (int j = 0; j < values.length; j++) variables().set(j, values[j]);
        }

        private Design(Design other) {
            super(other.variables().size(), other.objectives().length);
            this.bounds = other.bounds;
            for (int j = 0; j < other.variables().size(); j++)
                variables().set(j, other.variables().get(j));
            System.arraycopy(other.objectives(), 0, objectives(), 0, other.objectives().length);
            attributes().putAll(other.attributes());
        }

        @Override
        public Bounds<Double> getBounds(int index) {
            return bounds.get(index);
        }

        @Override
        public Design copy() {
            return new Design(this);
        }
    }

    /** A design's values for duplicate detection (pymoo: distance ≤ 1e-16, i.e. equal; −0.0 equals 0.0). */
    private record Key(double[] v) {
        Key {
            v = v.clone();
            for (int j = 0; j < v.length; j++) v[j] += 0.0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(v, k.v);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(v);
        }
    }
}
