package org.mbo4j.method.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbo4j.moo.Hypervolume;
import org.uma.jmetal.util.pseudorandom.JMetalRandom;
import org.uma.jmetal.util.pseudorandom.PseudoRandomGenerator;

/** The jMetal NSGA-II adapter on the true ZDT1 (no proxy): progress, pymoo's settings, determinism, duplicates. */
class JMetalNsgaIITest {
    private static final int N = 30;

    /** ZDT1 (Zitzler, Deb, Thiele 2000) on [0, 1]^30, both objectives minimised. */
    static double[][] zdt1(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double s = 0;
            for (int j = 1; j < N; j++) s += x[i][j];
            double g = 1 + 9.0 / (N - 1) * s;
            y[i] = new double[] {x[i][0], g * (1 - Math.sqrt(x[i][0] / g))};
        }
        return y;
    }

    private static double[][] randomRows(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][N];
        for (double[] row : x) for (int j = 0; j < N; j++) row[j] = rng.nextDouble();
        return x;
    }

    private static double[] zeros() {
        return new double[N];
    }

    private static double[] ones() {
        double[] u = new double[N];
        Arrays.fill(u, 1);
        return u;
    }

    private static JMetalNsgaII.Result run(int generations, long seed) {
        return JMetalNsgaII.minimize(
                JMetalNsgaIITest::zdt1,
                zeros(),
                ones(),
                randomRows(40, 1),
                40,
                JMetalNsgaII.Settings.offMooBench().withGenerations(generations),
                seed);
    }

    @Test
    void improvesTheHypervolumeOfItsInitialPopulationOnZdt1() {
        JMetalNsgaII.Result r = run(30, 7);
        double[] ref = {1.1, 11};
        double before = Hypervolume.compute(zdt1(r.initial()), ref);
        double after = Hypervolume.compute(r.objectives(), ref);
        // random designs sit near f2 ≈ 5.5; 29 rounds of offspring move the front down towards g = 1
        assertTrue(after > before * 1.2, "hypervolume " + before + " → " + after);
        assertTrue(after < 1.1 * 11, "bounded by the reference box");
        for (int i = 0; i < r.designs().length; i++) {
            assertArrayEquals(zdt1(new double[][] {r.designs()[i]})[0], r.objectives()[i], 0, "objectives of row " + i);
            for (double v : r.designs()[i]) assertTrue(v >= 0 && v <= 1, "inside the box");
        }
    }

    @Test
    void generationsCountTheInitialPopulationAsPymooDoes() {
        // 5 generations = the initial population + 4 rounds of 40 offspring (pymoo's n_gen), all distinct designs
        assertEquals(40 + 4 * 40, run(5, 3).evaluations());
        assertEquals(40, run(1, 3).evaluations(), "one generation: the initial population only");
        assertArrayEquals(randomRows(40, 1), run(1, 3).designs(), "one generation returns the initial population");
    }

    @Test
    void sameSeedSameDesignsOtherSeedOtherDesigns() {
        JMetalNsgaII.Result a = run(6, 11);
        JMetalNsgaII.Result b = run(6, 11);
        JMetalNsgaII.Result c = run(6, 12);
        assertArrayEquals(a.designs(), b.designs());
        assertFalse(Arrays.deepEquals(a.designs(), c.designs()));
    }

    /** Every random number comes from the run's own stream: a JMetalRandom that throws is never asked. */
    @Test
    void neverDrawsFromJMetalsSingleton() {
        JMetalRandom singleton = JMetalRandom.getInstance();
        PseudoRandomGenerator before = singleton.getRandomGenerator();
        singleton.setRandomGenerator(new ThrowingGenerator());
        try {
            assertEquals(40 + 2 * 40, run(3, 5).evaluations());
        } finally {
            singleton.setRandomGenerator(before);
        }
    }

    @Test
    void pymooDefaults() {
        JMetalNsgaII.Settings s = JMetalNsgaII.Settings.offMooBench();
        assertEquals(50, s.generations());
        assertEquals(0.9, s.crossoverProbability());
        assertEquals(15, s.crossoverEta());
        assertEquals(20, s.mutationEta());
        assertEquals(1.0 / 30, s.mutationProbability(30));
        assertTrue(s.eliminateDuplicates());
        assertEquals("nsga2 gen=50 sbx=0.9/15 pm=1/n/20 dedup", s.describe());
        var e = assertThrows(IllegalArgumentException.class, () -> s.withGenerations(0));
        assertEquals("generations must be ≥ 1, got 0", e.getMessage());
    }

    @Test
    void duplicatesAreDroppedAndAShortStartIsToppedUpByLatinHypercube() {
        double[][] given = randomRows(5, 2);
        double[][] start = new double[8][];
        for (int i = 0; i < 8; i++) start[i] = given[i % 5]; // rows 5..7 repeat rows 0..2
        JMetalNsgaII.Result r = JMetalNsgaII.minimize(
                JMetalNsgaIITest::zdt1,
                zeros(),
                ones(),
                start,
                12,
                JMetalNsgaII.Settings.offMooBench().withGenerations(4),
                9);
        // 12 starting rows: the 8 given (3 of them repeats, dropped) and 4 Latin-hypercube rows
        assertEquals(9, r.initial().length);
        for (int i = 0; i < 5; i++) assertArrayEquals(given[i], r.initial()[i]);
        double[][] lhs = Arrays.copyOfRange(r.initial(), 5, 9);
        for (int j = 0; j < N; j++) {
            // one value in each quarter of [0, 1] per variable
            Set<Integer> strata = new HashSet<>();
            for (double[] row : lhs) strata.add((int) (row[j] * 4));
            assertEquals(Set.of(0, 1, 2, 3), strata, "variable " + j);
        }
        assertEquals(12, r.designs().length);
        Set<String> distinct = new HashSet<>();
        for (double[] row : r.designs()) distinct.add(Arrays.toString(row));
        assertEquals(12, distinct.size(), "the final population has no duplicates");
        assertNotEquals(0, r.evaluations());
    }

    @Test
    void badInputIsRefusedWithTheProblemNamed() {
        var low = assertThrows(
                IllegalArgumentException.class,
                () -> JMetalNsgaII.minimize(
                        JMetalNsgaIITest::zdt1,
                        zeros(),
                        ones(),
                        randomRows(3, 1),
                        1,
                        JMetalNsgaII.Settings.offMooBench(),
                        0));
        assertEquals("NSGA-II needs a population of at least 2, got 1", low.getMessage());
        double[][] outside = randomRows(3, 1);
        outside[1][4] = 1.5;
        var out = assertThrows(
                IllegalArgumentException.class,
                () -> JMetalNsgaII.minimize(
                        JMetalNsgaIITest::zdt1, zeros(), ones(), outside, 4, JMetalNsgaII.Settings.offMooBench(), 0));
        assertEquals("initial design 1 has variable 4 = 1.5 outside [0.0, 1.0]", out.getMessage());
        double[][] start = new double[1][N];
        var nan = assertThrows(
                IllegalStateException.class,
                () -> JMetalNsgaII.minimize(
                        x -> {
                            double[][] y = new double[x.length][];
                            for (int i = 0; i < x.length; i++) y[i] = new double[] {x[i][0] > 0 ? Double.NaN : 0, 1};
                            return y;
                        },
                        zeros(),
                        ones(),
                        start,
                        4,
                        JMetalNsgaII.Settings.offMooBench(),
                        0));
        assertTrue(nan.getMessage().startsWith("the objective function returned NaN for design ["), nan.getMessage());
        assertTrue(nan.getMessage().endsWith("]; NSGA-II cannot rank it"), nan.getMessage());
    }

    @SuppressWarnings("serial")
    private static final class ThrowingGenerator implements PseudoRandomGenerator {
        @Override
        public int nextInt(int lowerBound, int upperBound) {
            throw new AssertionError("JMetalRandom.nextInt was called");
        }

        @Override
        public double nextDouble(double lowerBound, double upperBound) {
            throw new AssertionError("JMetalRandom.nextDouble was called");
        }

        @Override
        public double nextDouble() {
            throw new AssertionError("JMetalRandom.nextDouble was called");
        }

        @Override
        public void setSeed(long seed) {}

        @Override
        public long getSeed() {
            return 0;
        }

        @Override
        public String getName() {
            return "throwing";
        }
    }
}
