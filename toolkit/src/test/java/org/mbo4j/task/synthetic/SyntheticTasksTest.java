package org.mbo4j.task.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.task.Direction;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

class SyntheticTasksTest {

    @Test
    void braninFollowsGabosSplit() {
        Task t = Tasks.load("branin");
        assertEquals("Branin", t.name());
        assertEquals(1000, t.fullSize());
        assertEquals(800, t.dataset().size());
        assertEquals(Direction.MAXIMIZE, t.objectives().get(0).direction());
        assertEquals(ContinuousSpace.box(new double[] {-5, 0}, new double[] {10, 15}), t.space());
        assertTrue(t.protocol().contains("top 20% by y (200 points) are hidden"), t.protocol());
        // the oracle is −Branin
        double[][] y = t.evaluate(new double[][] {{Math.PI, 2.275}, {1, 2}});
        assertEquals(-5 / (4 * Math.PI), y[0][0], 1e-9);
        assertEquals(-21.62763539206238, y[1][0], 1e-9);
        // the optimum lies above the sampled max, so it normalises above 1
        assertTrue(t.normalize(y[0][0], 0) > 1);
    }

    @Test
    void everyVisibleScoreIsAtMostEveryHiddenScore() {
        for (String name : new String[] {"Branin", "Ackley-8", "Hartmann6", "StyblinskiTang-3"}) {
            Task t = Tasks.load(name);
            SyntheticFunction f = SyntheticTasks.function(name).orElseThrow();
            int n = SyntheticTasks.defaultSize(f.dims());
            int hidden = (int) (0.2 * n);
            assertEquals(n - hidden, t.dataset().size(), name);
            // rebuild the full sample to find the hidden points
            double[][] all = ScrambledSobol.sample(f.domain(), n, SyntheticTasks.DEFAULT_SEED);
            double[] ally = Arrays.stream(all).mapToDouble(x -> -f.value(x)).toArray();
            double visibleMax = t.dataset().scoreMax()[0];
            double[] sorted = ally.clone();
            Arrays.sort(sorted);
            double hiddenMin = sorted[n - hidden];
            assertTrue(visibleMax <= hiddenMin, name + ": visible max " + visibleMax + " > hidden min " + hiddenMin);
            assertEquals(sorted[n - hidden - 1], visibleMax, 0.0, name);
            // full-data bounds cover visible and hidden points
            assertEquals(sorted[0], t.fullMin()[0], 0.0, name);
            assertEquals(sorted[n - 1], t.fullMax()[0], 0.0, name);
            assertTrue(t.fullMax()[0] > visibleMax, name);
            for (int i = 0; i < t.dataset().size(); i++) {
                assertEquals(-f.value(t.dataset().design(i)), t.dataset().score(i, 0), 0.0, name + " row " + i);
            }
        }
    }

    @Test
    void dimensionsComeFromTheName() {
        Task t = Tasks.load("Ackley-8");
        assertEquals(8, t.space().dims());
        assertEquals(4000, t.fullSize());
        assertEquals(3200, t.dataset().size());
        assertEquals(ContinuousSpace.cube(8, -32.768, 32.768), t.space());
        assertEquals(4, Tasks.load("ROSENBROCK-4").space().dims());
        assertEquals(6, Tasks.load("levy-6").space().dims());
        assertEquals("StyblinskiTang-8", Tasks.load("styblinski-tang-8D").name());
        assertEquals(6, Tasks.load("Hartmann6").space().dims());
        assertEquals(3000, Tasks.load("Hartmann6").fullSize());
    }

    @Test
    void badDimensionsAreNamed() {
        assertEquals(
                "Branin is two-dimensional; load it as Branin (got Branin-3)",
                assertThrows(IllegalArgumentException.class, () -> Tasks.load("Branin-3"))
                        .getMessage());
        assertEquals(
                "Ackley-0: the dimension must be between 1 and 100",
                assertThrows(IllegalArgumentException.class, () -> Tasks.load("Ackley-0"))
                        .getMessage());
        assertEquals(
                "Rosenbrock-1: the dimension must be between 2 and 100",
                assertThrows(IllegalArgumentException.class, () -> Tasks.load("Rosenbrock-1"))
                        .getMessage());
        assertEquals(
                "Levy needs a dimension suffix, e.g. Levy-8",
                assertThrows(IllegalArgumentException.class, () -> Tasks.load("Levy"))
                        .getMessage());
        assertEquals(
                "only the six-dimensional Hartmann function is available; load it as Hartmann6 (got Hartmann-3)",
                assertThrows(IllegalArgumentException.class, () -> Tasks.load("Hartmann-3"))
                        .getMessage());
        assertEquals(
                "the hidden top fraction must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> SyntheticTasks.task(new Branin(), 100, 1.0, 0))
                        .getMessage());
    }

    @Test
    void sameSeedSameData_otherSeedOtherData() {
        Dataset a = SyntheticTasks.task(new Levy(4), 500, 0.2, 7).dataset();
        Dataset b = SyntheticTasks.task(new Levy(4), 500, 0.2, 7).dataset();
        Dataset c = SyntheticTasks.task(new Levy(4), 500, 0.2, 8).dataset();
        assertTrue(Arrays.deepEquals(a.designs(), b.designs()));
        assertArrayEquals(a.scoreColumn(0), b.scoreColumn(0));
        assertTrue(!Arrays.deepEquals(a.designs(), c.designs()));
        assertEquals(400, a.size());
    }

    @Test
    void sobolSampleIsStratifiedAndInTheBox() {
        // a digitally shifted Sobol net: the first 2^k points put exactly one point in each dyadic interval of
        // length 2^-k in every single coordinate
        ContinuousSpace unit = ContinuousSpace.cube(5, 0, 1);
        double[][] x = ScrambledSobol.sample(unit, 256, 123);
        for (int j = 0; j < 5; j++) {
            int[] count = new int[256];
            for (double[] p : x) count[(int) (p[j] * 256)]++;
            for (int c : count) assertEquals(1, c, "coordinate " + j);
        }
        unit.requireContains(x, "sample");
        assertTrue(!Arrays.equals(x[0], new double[5]), "the shift moves the origin");
    }

    @Test
    void catalogueListsTheDefaultSet() {
        var names = Tasks.names();
        for (String n :
                new String[] {"Branin", "Ackley-8", "Rosenbrock-8", "Levy-8", "Hartmann6", "StyblinskiTang-8"}) {
            assertTrue(names.contains(n), n);
        }
        var info = new SyntheticTasks().tasks().get(0).info();
        assertEquals("800 of 1000", info.datasetSize());
        assertEquals(2, info.dims());
    }
}
