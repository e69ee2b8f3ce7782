package org.mbo4j.task.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbo4j.moo.Pareto;
import org.mbo4j.task.Direction;
import org.mbo4j.task.Task;
import org.mbo4j.task.TaskInfo;
import org.mbo4j.task.Tasks;

/**
 * The Off-MOO-Bench synthetic suite: its constants against Off-MOO-Bench's code (as transcribed in
 * {@code shared/reference/protocols.md} B.1 and B.3, checked against {@code lamda-bbo/offline-moo}), and a data
 * build of every task at a small size.
 */
class OffMooSyntheticTasksTest {
    /** name, dims, objectives, lower, upper, nadir, ideal, generations per run, amateur p. */
    private record Row(
            String name,
            int dims,
            int m,
            double[] lo,
            double[] hi,
            double[] nadir,
            double[] ideal,
            int generations,
            double p) {}

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double[] zdt4(double first, double rest) {
        double[] a = fill(10, rest);
        a[0] = first;
        return a;
    }

    private static final List<Row> TABLE = List.of(
            new Row(
                    "ZDT1",
                    30,
                    2,
                    fill(30, 0),
                    fill(30, 1),
                    d(0.99999809, 7.8250663),
                    d(7.27727072e-07, 0.238306515),
                    30,
                    0.45),
            new Row(
                    "ZDT2",
                    30,
                    2,
                    fill(30, 0),
                    fill(30, 1),
                    d(0.99999706, 9.74316166),
                    d(3.21854609e-09, 0.0808941746),
                    40,
                    0.45),
            new Row(
                    "ZDT3",
                    30,
                    2,
                    fill(30, 0),
                    fill(30, 1),
                    d(0.99999954, 9.83643758),
                    d(3.85619704e-07, -0.769222414),
                    30,
                    0.45),
            new Row("ZDT4", 10, 2, zdt4(0, -5), zdt4(1, 5), d(0.99980978, 273.25533168), d(0, 1.58235196), 600, 0.25),
            new Row("ZDT6", 10, 2, fill(10, 0), fill(10, 1), d(1.0, 9.34365208), d(0.28077532, 0.07205017), 600, 0.2),
            new Row(
                    "DTLZ1",
                    7,
                    3,
                    fill(7, 0),
                    fill(7, 1),
                    d(507.46516068, 502.09050332, 516.68985527),
                    d(5.26912179e-09, 1.94578236e-07, 1.76968514e-06),
                    30,
                    0.45),
            new Row(
                    "DTLZ2",
                    10,
                    3,
                    fill(10, 0),
                    fill(10, 1),
                    d(2.51925352, 2.53011955, 2.66682285),
                    d(8.14503680e-06, 8.10665237e-06, 3.76396814e-06),
                    30,
                    0.45),
            new Row(
                    "DTLZ3",
                    10,
                    3,
                    fill(10, 0),
                    fill(10, 1),
                    d(1548.83497615, 1459.58638514, 1518.61926977),
                    d(0.00024734, 0.00057021, 0.00393799),
                    30,
                    0.45),
            new Row(
                    "DTLZ4",
                    10,
                    3,
                    fill(10, 0),
                    fill(10, 1),
                    d(2.75747516, 2.57674881, 2.52558196),
                    d(0, 0, 0),
                    30,
                    0.45),
            new Row(
                    "DTLZ5",
                    10,
                    3,
                    fill(10, 0),
                    fill(10, 1),
                    d(2.40756462, 2.36937324, 2.45008585),
                    d(5.11293872e-06, 8.82751291e-06, 8.15403672e-06),
                    30,
                    0.45),
            new Row(
                    "DTLZ6",
                    10,
                    3,
                    fill(10, 0),
                    fill(10, 1),
                    d(8.90471718, 8.89404128, 8.88893072),
                    d(9.56700075e-05, 9.51044735e-05, 5.57043760e-05),
                    30,
                    0.45),
            new Row(
                    "DTLZ7",
                    10,
                    3,
                    fill(10, 0),
                    fill(10, 1),
                    d(0.9999954, 0.99999772, 30.79227037),
                    d(1.80047270e-08, 5.11191256e-07, 4.40902012),
                    30,
                    0.45),
            new Row("OmniTest", 2, 2, fill(2, 0), fill(2, 6), d(2, 2), d(-2, -2), 30, 0.45),
            new Row("VLMOP1", 1, 2, fill(1, -2), fill(1, 4), d(4, 4), d(0, 0), 30, 0.45),
            new Row("VLMOP2", 6, 2, fill(6, -2), fill(6, 2), d(1, 1), d(0, 0), 30, 0.45),
            new Row("VLMOP3", 2, 3, fill(2, -3), fill(2, 3), d(10, 60, 1), d(0, 15, 0.0526), 30, 0.45));

    private static double[] d(double... v) {
        return v;
    }

    @Test
    void constantsAreOffMooBenchs() {
        assertEquals(
                TABLE.stream().map(Row::name).toList(),
                SyntheticSuite.problems().stream()
                        .map(MultiObjectiveFunction::name)
                        .toList());
        for (int i = 0; i < TABLE.size(); i++) {
            Row r = TABLE.get(i);
            MultiObjectiveFunction f = SyntheticSuite.problems().get(i);
            assertEquals(r.dims(), f.dims(), r.name());
            assertEquals(r.m(), f.objectives(), r.name());
            assertArrayEquals(r.lo(), f.domain().lower(), 0.0, r.name());
            assertArrayEquals(r.hi(), f.domain().upper(), 0.0, r.name());
            assertArrayEquals(r.nadir(), f.nadir(), 0.0, r.name());
            assertArrayEquals(r.ideal(), f.ideal(), 0.0, r.name());
            assertEquals(new CollectionSettings(r.generations(), r.p()), f.collection(), r.name());
            assertEquals(r.m(), f.evaluate(f.domain().lower()).length, r.name());
        }
    }

    @Test
    void theCollectorTakesEachTasksSettings() {
        NsgaIIDataCollector z4 = NsgaIIDataCollector.offMooBench(SyntheticSuite.zdt4());
        assertEquals(600, z4.generations());
        assertEquals(0.25, z4.amateurP());
        assertEquals(40, NsgaIIDataCollector.offMooBench(SyntheticSuite.zdt2()).generations());
        assertEquals(0.2, NsgaIIDataCollector.offMooBench(SyntheticSuite.zdt6()).amateurP());
        NsgaIIDataCollector plain = NsgaIIDataCollector.offMooBench();
        assertEquals(30, plain.generations());
        assertEquals(0.45, plain.amateurP());
        // ZDT1 and DTLZ2 keep the default, so their data (and results built on them) are unchanged
        var a = NsgaIIDataCollector.offMooBench(SyntheticSuite.zdt1()).collect(SyntheticSuite.zdt1(), 500, 3);
        var b = plain.collect(SyntheticSuite.zdt1(), 500, 3);
        assertTrue(Arrays.deepEquals(a.y(), b.y()));
        // ZDT4's 600-generation runs converge: lower g on average than 30-generation runs from the same seed
        var long4 = z4.collect(SyntheticSuite.zdt4(), 3000, 3);
        var short4 = plain.collect(SyntheticSuite.zdt4(), 3000, 3);
        assertTrue(
                mean(long4.y(), 1) < mean(short4.y(), 1),
                "mean f2 " + mean(long4.y(), 1) + " (600 generations) vs " + mean(short4.y(), 1) + " (30)");
    }

    private static double mean(double[][] y, int j) {
        return Arrays.stream(y).mapToDouble(r -> r[j]).average().orElseThrow();
    }

    @Test
    void everyTaskBuildsAtASmallDataSize() {
        for (MultiObjectiveFunction f : SyntheticSuite.problems()) {
            String n = f.name();
            Task t = OffMooBenchTasks.task(f, 2000, 0.4, 1);
            assertEquals(n, t.name());
            assertEquals("off-moo-bench", t.family());
            assertEquals(2000, t.fullSize(), n);
            assertEquals(1200, t.dataset().size(), n);
            assertEquals(f.dims(), t.space().dims(), n);
            assertEquals(f.objectives(), t.objectives().size(), n);
            assertTrue(t.objectives().stream().allMatch(o -> o.direction() == Direction.MINIMIZE), n);
            assertArrayEquals(f.nadir(), t.nadir().orElseThrow(), 0.0, n);
            assertTrue(
                    t.protocol()
                            .contains(f.collection().generations() + " generations, amateur p = "
                                    + f.collection().perturbation()),
                    t.protocol());
            var all = NsgaIIDataCollector.offMooBench(f).collect(f, 2000, 1);
            int[] rank = Pareto.frontRanks(all.y());
            double[][] vy = t.dataset().scores();
            int worstVisibleRankBelow = Integer.MAX_VALUE;
            int c = 0;
            boolean[] visible = new boolean[all.y().length];
            for (int i = 0; i < all.y().length && c < vy.length; i++) {
                if (Arrays.equals(all.y()[i], vy[c])) {
                    visible[i] = true;
                    c++;
                }
            }
            assertEquals(vy.length, c, n + ": the visible rows are a subsequence of the collected rows");
            int worstHidden = 0;
            for (int i = 0; i < rank.length; i++) {
                if (visible[i]) worstVisibleRankBelow = Math.min(worstVisibleRankBelow, rank[i]);
                else worstHidden = Math.max(worstHidden, rank[i]);
            }
            assertTrue(worstHidden <= worstVisibleRankBelow, n + ": a hidden point ranks below a visible one");
            for (int j = 0; j < f.objectives(); j++) {
                final int jj = j;
                double min =
                        Arrays.stream(all.y()).mapToDouble(y -> y[jj]).min().orElseThrow();
                double max =
                        Arrays.stream(all.y()).mapToDouble(y -> y[jj]).max().orElseThrow();
                assertEquals(min, t.fullMin()[j], 0.0, n);
                assertEquals(max, t.fullMax()[j], 0.0, n);
                assertTrue(max > min, n + ": objective " + j + " is constant in the data");
            }
            for (int i = 0; i < t.dataset().size(); i += 97) {
                double[] x = t.dataset().design(i);
                assertTrue(f.domain().contains(x), n + " row " + i);
                assertArrayEquals(f.evaluate(x), t.dataset().score(i), 0.0, n + " row " + i);
                assertArrayEquals(f.evaluate(x), t.evaluate(new double[][] {x})[0], 0.0, n + " row " + i);
            }
        }
    }

    @Test
    void everyTaskIsInTheCatalogueWithItsNadir() {
        List<TaskInfo> rows =
                new OffMooBenchTasks().tasks().stream().map(e -> e.info()).toList();
        List<String> catalogue = Tasks.names();
        for (MultiObjectiveFunction f : SyntheticSuite.problems()) {
            TaskInfo row = rows.stream()
                    .filter(r -> r.name().equals(f.name()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(f.dims(), row.dims(), f.name());
            assertEquals(f.objectives(), row.objectives(), f.name());
            assertEquals("60000 of 100000", row.datasetSize(), f.name());
            assertTrue(
                    row.citation().endsWith("(" + f.name() + "-Exact-v0; nadir " + Arrays.toString(f.nadir()) + ")"),
                    row.citation());
            assertTrue(catalogue.contains(f.name()), f.name());
        }
        assertFalse(catalogue.contains("ZDT5"));
    }
}
