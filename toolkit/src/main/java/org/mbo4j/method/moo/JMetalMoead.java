package org.mbo4j.method.moo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.uma.jmetal.algorithm.multiobjective.moead.AbstractMOEAD;
import org.uma.jmetal.algorithm.multiobjective.moead.MOEAD;
import org.uma.jmetal.operator.crossover.impl.DifferentialEvolutionCrossover;
import org.uma.jmetal.operator.mutation.impl.PolynomialMutation;
import org.uma.jmetal.problem.doubleproblem.DoubleProblem;
import org.uma.jmetal.solution.AbstractSolution;
import org.uma.jmetal.solution.doublesolution.DoubleSolution;
import org.uma.jmetal.util.bounds.Bounds;
import org.uma.jmetal.util.pseudorandom.JMetalRandom;
import org.uma.jmetal.util.pseudorandom.PseudoRandomGenerator;

/**
 * MOEA/D (Zhang and Li 2007) through jMetal 6.6's {@code MOEAD} class, for the {@code moead-mm} row of Off-MOO-Bench's
 * initial commit (2b5c6a1, {@code scripts/single_obj_nn.py} 508–512 with {@code algorithm/mo_solver/moea_solver.py}
 * 26–30: pymoo 0.5.0's {@code MOEAD} with {@code uniform(m, n_partitions = 256)} directions, 52 generations, the
 * population started from the data in non-dominated-sorting order). The weight vectors are Das–Dennis's simplex
 * lattice (pymoo's {@code uniform}) instead of jMetal's weight files, and the initial population is the given rows.
 *
 * <p>What jMetal fixes and pymoo does otherwise (tabulated in {@code docs/methods/moo-proxies.md}): the variation is
 * differential evolution (rand/1/bin; {@code MOEAD} casts its crossover to {@code DifferentialEvolutionCrossover}),
 * where pymoo 0.5.0 uses SBX; and jMetal's {@code MOEAD} draws its mating, neighbourhood choice and replacement
 * order from the process-wide {@code JMetalRandom} singleton. This adapter therefore installs a generator backed by the
 * run's own seeded {@link SplittableRandom} in the singleton for the run and puts the previous one back afterwards,
 * holding a class-wide lock: runs are deterministic per seed, and concurrent MOEA/D runs take turns.
 */
public final class JMetalMoead {
    private static final Object SINGLETON = new Object();

    private JMetalMoead() {}

    /**
     * MOEA/D's settings.
     *
     * @param partitions                      Das–Dennis partitions H; the population is C(H + m − 1, m − 1)
     * @param generations                     generations, the initial population the first
     * @param neighbours                      neighbourhood size T (pymoo 0.5.0: 20)
     * @param neighbourhoodSelectionProbability probability of mating within the neighbourhood (pymoo: 0.9)
     * @param crossoverRate                   DE's CR (jMetal's default 1.0)
     * @param differentialWeight              DE's F (jMetal's default 0.5)
     * @param mutationEta                     polynomial mutation η (pymoo: 20), probability 1/n per variable
     */
    public record Settings(
            int partitions,
            int generations,
            int neighbours,
            double neighbourhoodSelectionProbability,
            double crossoverRate,
            double differentialWeight,
            double mutationEta) {
        public Settings {
            if (partitions < 1) throw new IllegalArgumentException("MOEA/D needs ≥ 1 partition, got " + partitions);
            if (generations < 1) {
                throw new IllegalArgumentException("MOEA/D needs ≥ 1 generation, got " + generations);
            }
            if (neighbours < 2) throw new IllegalArgumentException("MOEA/D needs ≥ 2 neighbours, got " + neighbours);
            if (!(neighbourhoodSelectionProbability >= 0 && neighbourhoodSelectionProbability <= 1)) {
                throw new IllegalArgumentException("the neighbourhood selection probability must be in [0, 1], got "
                        + neighbourhoodSelectionProbability);
            }
        }
    }

    /**
     * Das–Dennis weight vectors with {@code partitions} divisions for {@code m} objectives (pymoo's order). For one
     * objective, where the lattice is a single point, H + 1 copies of (1): MOEA/D then runs as a single-objective
     * evolutionary algorithm with the population it would have for two objectives.
     */
    static double[][] weights(int m, int partitions) {
        if (m == 1) {
            double[][] one = new double[partitions + 1][];
            for (int i = 0; i < one.length; i++) one[i] = new double[] {1};
            return one;
        }
        List<double[]> out = new ArrayList<>();
        lattice(new int[m], 0, partitions, partitions, out);
        return out.toArray(new double[0][]);
    }

    private static void lattice(int[] k, int j, int left, int h, List<double[]> out) {
        if (j == k.length - 1) {
            k[j] = left;
            double[] w = new double[k.length];
            for (int i = 0; i < k.length; i++) w[i] = (double) k[i] / h;
            out.add(w);
            return;
        }
        for (int v = 0; v <= left; v++) {
            k[j] = v;
            lattice(k, j + 1, left - v, h, out);
        }
    }

    /** The population size for m objectives: C(H + m − 1, m − 1) (H + 1 for m = 1, see {@link #weights}). */
    static long populationSize(int m, int partitions) {
        if (m == 1) return partitions + 1L;
        long c = 1;
        for (int i = 1; i < m; i++) c = c * (partitions + i) / i;
        return c;
    }

    /**
     * Minimises {@code f} over [lower, upper] with MOEA/D; returns the final population (one solution per weight
     * vector) and its objective values.
     *
     * @param initial starting designs in order; the first population-size rows are used, topped up by uniform random
     *                designs when there are fewer
     */
    public static JMetalNsgaII.Result minimize(
            JMetalNsgaII.Objectives f, double[] lower, double[] upper, double[][] initial, Settings s, long seed) {
        int n = lower.length;
        SplittableRandom rng = new SplittableRandom(seed);
        List<Bounds<Double>> bounds = new ArrayList<>();
        for (int j = 0; j < n; j++) bounds.add(Bounds.create(lower[j], upper[j]));
        int m = f.evaluate(new double[][] {initial.length > 0 ? initial[0] : lower.clone()})[0].length;
        double[][] lambda = weights(m, s.partitions());
        int pop = lambda.length;
        if (s.neighbours() > pop) {
            throw new IllegalArgumentException("MOEA/D's " + s.neighbours() + " neighbours exceed its population of "
                    + pop + ": raise the partitions or lower the neighbours");
        }
        List<double[]> start = new ArrayList<>();
        for (int i = 0; i < Math.min(pop, initial.length); i++) start.add(initial[i].clone());
        while (start.size() < pop) {
            double[] r = new double[n];
            for (int j = 0; j < n; j++) r[j] = lower[j] + rng.nextDouble() * (upper[j] - lower[j]);
            start.add(r);
        }
        Box problem = new Box(bounds, m, f);
        synchronized (SINGLETON) {
            JMetalRandom singleton = JMetalRandom.getInstance();
            PseudoRandomGenerator previous = singleton.getRandomGenerator();
            singleton.setRandomGenerator(new Seeded(rng, seed));
            try {
                Moead algorithm = new Moead(problem, pop, (long) pop * s.generations(), s, n, start, lambda);
                algorithm.run();
                List<DoubleSolution> result = algorithm.result();
                double[][] designs = new double[result.size()][];
                double[][] objectives = new double[result.size()][];
                for (int i = 0; i < result.size(); i++) {
                    designs[i] = values(result.get(i));
                    objectives[i] = result.get(i).objectives().clone();
                }
                return new JMetalNsgaII.Result(designs, objectives, start.toArray(new double[0][]), problem.rows);
            } finally {
                singleton.setRandomGenerator(previous);
            }
        }
    }

    private static double[] values(DoubleSolution sol) {
        double[] v = new double[sol.variables().size()];
        for (int j = 0; j < v.length; j++) v[j] = sol.variables().get(j);
        return v;
    }

    /** jMetal's MOEA/D with Das–Dennis weights and a given initial population. */
    @SuppressWarnings("serial")
    private static final class Moead extends MOEAD {
        private final List<double[]> start;
        private final double[][] weights;

        Moead(Box problem, int pop, long evaluations, Settings s, int n, List<double[]> start, double[][] weights) {
            super(
                    problem,
                    pop,
                    pop,
                    (int) Math.min(evaluations, Integer.MAX_VALUE),
                    new PolynomialMutation(1.0 / n, s.mutationEta()),
                    new DifferentialEvolutionCrossover(
                            s.crossoverRate(),
                            s.differentialWeight(),
                            DifferentialEvolutionCrossover.DE_VARIANT.RAND_1_BIN),
                    weights[0].length <= 2 ? AbstractMOEAD.FunctionType.TCHE : AbstractMOEAD.FunctionType.PBI,
                    "",
                    s.neighbourhoodSelectionProbability(),
                    s.neighbours(), // pymoo replaces every improved neighbour: at most T
                    s.neighbours());
            this.start = start;
            this.weights = weights;
        }

        @Override
        protected void initializePopulation() {
            population = new ArrayList<>(populationSize);
            for (double[] row : start) {
                Design d = new Design(((Box) problem).bounds, row, problem.numberOfObjectives());
                problem.evaluate(d);
                population.add(d);
            }
        }

        @Override
        protected void initializeUniformWeight() {
            for (int i = 0; i < weights.length; i++) lambda[i] = weights[i].clone();
        }
    }

    /** The box; solutions are evaluated one at a time, as jMetal's MOEA/D asks. */
    @SuppressWarnings("serial")
    private static final class Box implements DoubleProblem {
        private final List<Bounds<Double>> bounds;
        private final int m;
        private final JMetalNsgaII.Objectives f;
        private long rows;

        Box(List<Bounds<Double>> bounds, int m, JMetalNsgaII.Objectives f) {
            this.bounds = bounds;
            this.m = m;
            this.f = f;
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
            double[] y = f.evaluate(new double[][] {values(solution)})[0];
            rows++;
            for (int j = 0; j < m; j++) {
                if (Double.isNaN(y[j])) throw new IllegalStateException("the objectives returned NaN");
                solution.objectives()[j] = y[j];
            }
            return solution;
        }

        @Override
        public DoubleSolution createSolution() {
            throw new UnsupportedOperationException("the initial population is given to JMetalMoead");
        }
    }

    /** A design as jMetal's solution, made from given values. */
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

    /** The run's stream as jMetal's generator (bounds inclusive, as jMetal's own generators). */
    @SuppressWarnings("serial")
    private static final class Seeded implements PseudoRandomGenerator {
        private final transient SplittableRandom rng;
        private final long seed;

        Seeded(SplittableRandom rng, long seed) {
            this.rng = rng;
            this.seed = seed;
        }

        @Override
        public int nextInt(int lowerBound, int upperBound) {
            return lowerBound + rng.nextInt(upperBound - lowerBound + 1);
        }

        @Override
        public double nextDouble(double lowerBound, double upperBound) {
            return lowerBound + rng.nextDouble() * (upperBound - lowerBound);
        }

        @Override
        public double nextDouble() {
            return rng.nextDouble();
        }

        @Override
        public void setSeed(long seed) {
            throw new UnsupportedOperationException("the MOEA/D adapter's generator is seeded by the run");
        }

        @Override
        public long getSeed() {
            return seed;
        }

        @Override
        public String getName() {
            return "mbo4j SplittableRandom";
        }
    }
}
