package org.mbo4j.task.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbo4j.moo.Hypervolume;
import org.mbo4j.moo.Pareto;
import org.mbo4j.task.BenchmarkStatistics;
import org.mbo4j.task.Direction;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

class OffMooBenchTasksTest {

    @Test
    void objectivesByHand() {
        double[] x = new double[30];
        x[0] = 0.25;
        assertArrayEquals(new double[] {0.25, 0.5}, SyntheticSuite.zdt1().evaluate(x), 1e-15); // g = 1: on the front
        Arrays.fill(x, 1, 30, 0.5);
        // g = 1 + 9/29 · 29 · 0.5 = 5.5
        assertArrayEquals(
                new double[] {0.25, 5.5 * (1 - Math.sqrt(0.25 / 5.5))},
                SyntheticSuite.zdt1().evaluate(x),
                1e-12);
        double[] z = new double[10];
        Arrays.fill(z, 0.5);
        assertArrayEquals(
                new double[] {0.5, 0.5, Math.sqrt(0.5)}, SyntheticSuite.dtlz2().evaluate(z), 1e-15);
        z[9] = 1.0; // g = 0.25
        assertArrayEquals(
                new double[] {0.625, 0.625, 1.25 * Math.sqrt(0.5)},
                SyntheticSuite.dtlz2().evaluate(z),
                1e-15);
    }

    @Test
    void filterBestMarksWholeFrontsThenASeededSample() {
        double[][] y = {{0, 3}, {1, 1}, {3, 0}, {1, 4}, {2, 2}, {4, 1}, {5, 5}, {6, 6}, {7, 7}, {8, 8}};
        // front 0 = {0, 1, 2}, front 1 = {3, 4, 5}; int(0.4 · 10) = 4 → front 0 and one point of front 1
        boolean[] a = OffMooBenchTasks.filterBest(y, 0.4, new SplittableRandom(1));
        assertTrue(a[0] && a[1] && a[2]);
        int fromFront1 = (a[3] ? 1 : 0) + (a[4] ? 1 : 0) + (a[5] ? 1 : 0);
        assertEquals(1, fromFront1);
        for (int i = 6; i < 10; i++) assertFalse(a[i]);
        assertArrayEquals(a, OffMooBenchTasks.filterBest(y, 0.4, new SplittableRandom(1)));
        boolean[] seen = new boolean[6];
        for (long s = 0; s < 40; s++) {
            boolean[] b = OffMooBenchTasks.filterBest(y, 0.4, new SplittableRandom(s));
            for (int i = 3; i < 6; i++) seen[i] |= b[i];
        }
        assertTrue(seen[3] && seen[4] && seen[5], "every member of the overflowing front can be picked");
    }

    @Test
    void zdt1FollowsTheOffMooBenchSplit() {
        Task t = Tasks.load("ZDT1");
        checkSplit(t, SyntheticSuite.zdt1());
        assertEquals(30, t.space().dims());
        assertArrayEquals(new double[] {0.99999809, 7.8250663}, t.nadir().orElseThrow());
    }

    @Test
    void dtlz2FollowsTheOffMooBenchSplit() {
        Task t = Tasks.load("dtlz2-exact-v0");
        checkSplit(t, SyntheticSuite.dtlz2());
        assertEquals(10, t.space().dims());
        assertArrayEquals(
                new double[] {2.51925352, 2.53011955, 2.66682285}, t.nadir().orElseThrow());
    }

    private static void checkSplit(Task t, MultiObjectiveFunction f) {
        assertEquals(100_000, t.fullSize());
        assertEquals(60_000, t.dataset().size());
        assertTrue(t.objectives().stream().allMatch(o -> o.direction() == Direction.MINIMIZE));
        var all = NsgaIIDataCollector.offMooBench().collect(f, 100_000, OffMooBenchTasks.DEFAULT_SEED);
        int[] rank = Pareto.frontRanks(all.y());
        // the visible rows are the collected rows minus the hidden ones, in order; recover which are visible
        double[][] vy = t.dataset().scores();
        boolean[] visible = new boolean[all.y().length];
        int c = 0;
        for (int i = 0; i < all.y().length && c < vy.length; i++) {
            if (Arrays.equals(all.y()[i], vy[c])) {
                visible[i] = true;
                c++;
            }
        }
        assertEquals(vy.length, c, "visible rows are a subsequence of the collected data");
        int worstHidden = 0;
        int bestVisible = Integer.MAX_VALUE;
        double[][] hiddenY = new double[40_000][];
        int h = 0;
        for (int i = 0; i < rank.length; i++) {
            if (visible[i]) bestVisible = Math.min(bestVisible, rank[i]);
            else {
                worstHidden = Math.max(worstHidden, rank[i]);
                hiddenY[h++] = all.y()[i];
            }
        }
        assertEquals(40_000, h);
        assertTrue(worstHidden <= bestVisible, "hidden ranks ≤ " + worstHidden + ", visible ranks ≥ " + bestVisible);
        // full-data bounds = min/max over visible ∪ hidden, and hidden points reach beyond the visible minimum
        double[] min = t.fullMin();
        double[] max = t.fullMax();
        for (int j = 0; j < f.objectives(); j++) {
            final int jj = j;
            assertEquals(Arrays.stream(all.y()).mapToDouble(y -> y[jj]).min().orElseThrow(), min[j], 0.0);
            assertEquals(Arrays.stream(all.y()).mapToDouble(y -> y[jj]).max().orElseThrow(), max[j], 0.0);
        }
        // the statistics a method gets (get_xy_min_max): y's are the full-data bounds, x's the collected rows' range
        BenchmarkStatistics stats = t.problem().statistics();
        assertArrayEquals(min, stats.yMin(), 0.0);
        assertArrayEquals(max, stats.yMax(), 0.0);
        for (int j = 0; j < all.x()[0].length; j++) {
            final int jj = j;
            assertEquals(Arrays.stream(all.x()).mapToDouble(x -> x[jj]).min().orElseThrow(), stats.xMin()[j], 0.0);
            assertEquals(Arrays.stream(all.x()).mapToDouble(x -> x[jj]).max().orElseThrow(), stats.xMax()[j], 0.0);
        }
        // a range of quality: the hidden 40% cover more hypervolume than the visible 60%
        double[] ref = new double[f.objectives()];
        for (int j = 0; j < ref.length; j++) ref[j] = max[j] * 1.1;
        assertTrue(Hypervolume.compute(hiddenY, ref) > Hypervolume.compute(vy, ref));
        // the oracle is the closed form
        double[] x = t.dataset().design(17);
        assertArrayEquals(f.evaluate(x), t.evaluate(new double[][] {x})[0], 0.0);
        assertArrayEquals(f.evaluate(x), t.dataset().score(17), 0.0);
    }

    @Test
    void sameSeedSameData_otherSeedOtherData() {
        Task a = OffMooBenchTasks.task(SyntheticSuite.zdt1(), 3000, 0.4, 5);
        Task b = OffMooBenchTasks.task(SyntheticSuite.zdt1(), 3000, 0.4, 5);
        Task c = OffMooBenchTasks.task(SyntheticSuite.zdt1(), 3000, 0.4, 6);
        assertEquals(1800, a.dataset().size());
        assertTrue(Arrays.deepEquals(a.dataset().designs(), b.dataset().designs()));
        assertTrue(Arrays.deepEquals(a.dataset().scores(), b.dataset().scores()));
        assertFalse(Arrays.deepEquals(a.dataset().designs(), c.dataset().designs()));
    }

    @Test
    void catalogueRows() {
        var rows = new OffMooBenchTasks().tasks().stream().map(e -> e.info()).toList();
        assertEquals("ZDT1", rows.get(0).name());
        assertEquals(2, rows.get(0).objectives());
        assertEquals("60000 of 100000", rows.get(0).datasetSize());
        int dtlz2 = SyntheticSuite.problems()
                .indexOf(SyntheticSuite.problems().stream()
                        .filter(f -> f.name().equals("DTLZ2"))
                        .findFirst()
                        .orElseThrow());
        assertEquals("DTLZ2", rows.get(dtlz2).name());
        assertEquals(3, rows.get(dtlz2).objectives());
        assertEquals(10, rows.get(dtlz2).dims());
    }
}
