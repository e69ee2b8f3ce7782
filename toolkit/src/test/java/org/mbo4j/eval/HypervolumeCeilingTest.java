package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.task.Objective;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

class HypervolumeCeilingTest {
    @TempDir
    Path dir;

    /**
     * f = (x, 1 − x) on [0, 1]: every design is Pareto-optimal, the data's and the full statistics span [0, 1] in
     * both objectives and the nadir is (1, 1), so the normalised objectives are the raw ones and the reference point
     * is (2.2, 2.2).
     */
    static Task line() {
        ContinuousSpace box = ContinuousSpace.cube(1, 0, 1);
        double[][] x = new double[21][];
        double[][] y = new double[21][];
        for (int i = 0; i <= 20; i++) {
            x[i] = new double[] {i / 20.0};
            y[i] = new double[] {i / 20.0, 1 - i / 20.0};
        }
        return Task.builder("CeilingLine")
                .family("test")
                .objectives(Objective.minimize("f1"), Objective.minimize("f2"))
                .dataset(Dataset.of(box, x, y, List.of("f1", "f2")))
                .oracleKind("closed form")
                .citation("a test")
                .oracle(d -> {
                    double[][] out = new double[d.length][];
                    for (int i = 0; i < d.length; i++) out[i] = new double[] {d[i][0], 1 - d[i][0]};
                    return out;
                })
                .fullData(new double[] {0, 0}, new double[] {1, 1}, 21)
                .nadir(new double[] {1, 1})
                .build();
    }

    /**
     * By hand: the whole front x + y = 1 dominates 2.2² − ½ = 4.34 of the reference box; k points on it dominate at
     * most 4.34 − 1/(2(k − 1)) (evenly spaced with both ends: k − 1 triangles of legs 1/(k − 1) are lost), 4.30667
     * for k = 16. NSGA-II keeps both ends (infinite crowding distance) and spreads the rest; the archive
     * of every evaluated design lies on the front and fills it far more densely.
     */
    @Test
    void aLinearFrontGivesTheHandComputedBounds() {
        HypervolumeCeiling.Result r = HypervolumeCeiling.of(line(), 16, 40, 3, "test");
        double whole = 2.2 * 2.2 - 0.5;
        double sixteen = whole - 1.0 / (2 * 15);
        assertTrue(r.nsga2() <= sixteen + 1e-12, "NSGA-II's 16 designs: " + r.nsga2());
        // crowding distance spreads the 16 unevenly, but loses less than twice the even spread's 1/30
        assertTrue(r.nsga2() > whole - 2.0 / (2 * 15), "NSGA-II's 16 designs spread: " + r.nsga2());
        assertTrue(r.front() <= whole + 1e-12, "front: " + r.front());
        assertTrue(r.front() > whole - 0.005, "front found densely: " + r.front() + " of " + r.frontSize());
        assertTrue(r.front() >= r.nsga2());
        assertEquals(Evaluation.of(line()).dBest(16), r.dBest(), 0);
        assertEquals(2, r.objectives());
        // 16 initial designs and 39 generations of 16 offspring (pymoo counts the initial population as the first),
        // and the few offspring evaluated again when duplicates are re-mated
        assertTrue(r.evaluations() >= 16 + 39 * 16 && r.evaluations() < 700, "evaluations " + r.evaluations());
        HypervolumeCeiling.Result again = HypervolumeCeiling.of(line(), 16, 40, 3, "test");
        assertEquals(r.nsga2(), again.nsga2(), 0, "same seed, same designs");
        assertEquals(r.front(), again.front(), 0);
    }

    /** Past four objectives the front's hypervolume is not computed: null in the record, said in the table. */
    @Test
    void fiveObjectivesLeaveTheFrontOut() throws Exception {
        ContinuousSpace box = ContinuousSpace.cube(2, 0, 1);
        double[][] x = new double[10][];
        double[][] y = new double[10][];
        for (int i = 0; i < 10; i++) {
            x[i] = new double[] {i / 9.0, 1 - i / 9.0};
            y[i] = five(x[i]);
        }
        Task t = Task.builder("CeilingFive")
                .family("test")
                .objectives(
                        Objective.minimize("a"),
                        Objective.minimize("b"),
                        Objective.minimize("c"),
                        Objective.minimize("d"),
                        Objective.minimize("e"))
                .dataset(Dataset.of(box, x, y, List.of("a", "b", "c", "d", "e")))
                .oracleKind("closed form")
                .citation("a test")
                .oracle(d -> {
                    double[][] out = new double[d.length][];
                    for (int i = 0; i < d.length; i++) out[i] = five(d[i]);
                    return out;
                })
                .fullData(new double[] {0, 0, 0, 0, 0}, new double[] {1, 1, 1, 1, 1}, 10)
                .nadir(new double[] {1, 1, 1, 1, 1})
                .build();
        HypervolumeCeiling.Result r = HypervolumeCeiling.of(t, 8, 4, 0, "test");
        assertNull(r.front());
        assertEquals(0, r.frontSize());
        assertTrue(Double.isFinite(r.nsga2()));
        HypervolumeCeiling.write(dir, List.of(r));
        String md = Files.readString(dir.resolve(HypervolumeCeiling.MD_FILE));
        assertTrue(md.contains("| CeilingFive | 5 | 8 | 4 | 0 | "), md);
        assertTrue(md.contains("not computed (m > 4)"), md);
        // NSGA-II's designs alone are a lower bound: no ceiling for the summary
        assertEquals(java.util.Map.of(), HypervolumeCeiling.reached(List.of(r), java.util.Map.of("CeilingFive", 8)));
        assertTrue(md.contains("– (no published table)"), md);
        assertTrue(Files.readString(dir.resolve(HypervolumeCeiling.JSON_FILE)).contains("\"front\" : null"));
    }

    private static double[] five(double[] x) {
        return new double[] {x[0], x[1], 1 - x[0], 1 - x[1], x[0] * x[1]};
    }

    /**
     * A later result replaces the folder's result of the same task, k, generations and seed and keeps the others;
     * the table counts the published rows above the front (VLMOP1 with made-up fronts).
     */
    @Test
    void writeKeepsOtherResultsAndCountsPublishedRowsAboveTheFront() throws Exception {
        HypervolumeCeiling.Result a = result("VLMOP1", 1.0, "2026-12-08T00:00:00Z");
        HypervolumeCeiling.Result b = result("CeilingLine", 4.3, "2026-12-08T00:00:00Z");
        HypervolumeCeiling.write(dir, List.of(a, b));
        HypervolumeCeiling.Result a2 = result("VLMOP1", 0.5, "2026-12-09T00:00:00Z");
        List<HypervolumeCeiling.Result> all = HypervolumeCeiling.write(dir, List.of(a2));
        assertEquals(List.of(b, a2), all);
        assertEquals(all, HypervolumeCeiling.read(dir));
        String md = Files.readString(dir.resolve(HypervolumeCeiling.MD_FILE));
        // Table 8's VLMOP1 rows above 0.5: E2E, E2E + GradNorm, E2E + PcGrad, MH, MH + PcGrad, MM, MM + COMs, MM +
        // RoMA,
        // MM + IOM, MM + Tri-Mentor, PROUD, LaMBO-2, CorrVAE, MOGFN, ParetoFlow (15 of the 20 rows with a number)
        long rows = OffMooPublished.table("VLMOP1").keySet().stream()
                .filter(x -> !x.equals("D-Best"))
                .count();
        assertTrue(
                md.contains("| VLMOP1 | 2 | 256 | 500 | 0 | 0.292 | 0.500 | 0.500 (100) | 15 of " + rows
                        + " | MM + Tri-Mentor 4.830 | b | 2026-12-09 |"),
                md);
    }

    private static HypervolumeCeiling.Result result(String task, double front, String at) {
        return new HypervolumeCeiling.Result(task, 2, 256, 500, 0, 0.292, front, front, 100, 128000, 1.0, at, "b", "c");
    }

    /**
     * A results folder with {@code ceiling/ceiling.json} marks in summary.md the bars not met above the ceiling of
     * the task at the folder's k: VLMOP1's MOBO row (published 0.32 ± 0.00, bar 0.320) with our 0.292 against a
     * ceiling of 0.2921; D-Best's 0.08 is below the ceiling and gets no mark; a ceiling at another k is not used.
     */
    @Test
    void theSummaryMarksBarsAboveTheCeiling() throws Exception {
        HypervolumeCeiling.write(
                dir.resolve(ResultsStore.CEILING_DIR),
                List.of(
                        new HypervolumeCeiling.Result(
                                "VLMOP1", 2, 256, 500, 0, 0.292, 0.2920, 0.2921, 900, 1, 1, "t", "b", "c"),
                        new HypervolumeCeiling.Result(
                                "VLMOP1", 2, 128, 500, 0, 0.29, 0.5, 0.5, 900, 1, 1, "t", "b", "c")));
        ResultsStore store = ResultsStore.open(dir, false);
        for (long seed = 0; seed < 2; seed++) {
            store.add(TestRecords.hv("VLMOP1", "mobo", seed, 0.292, 0.292));
            store.add(TestRecords.hv("VLMOP1", "d-best", seed, 0.292, 0.292));
        }
        String md = Files.readString(dir.resolve(ResultsStore.SUMMARY_MD));
        assertTrue(md.contains("Ceiling = 0.292: the highest hypervolume NSGA-II reached on the exact function"), md);
        assertTrue(md.contains("| 0.320 ± 0.000 | 0.320 **not met**, above the ceiling 0.292 |"), md);
        assertTrue(md.contains("| 0.080 | +265.0 % **not met** |"), md);
    }

    /**
     * The two-objective staircase keeps exactly the offered points that no other offered point weakly dominates
     * (first of equal ones) and that dominate the reference point: against a brute-force filter on random points
     * with ties in either objective.
     */
    @Test
    void theTwoObjectiveArchiveIsTheBruteForceFront() {
        java.util.Random r = new java.util.Random(5);
        double[] ref = {0.9, 0.9};
        HypervolumeCeiling.Archive a = new HypervolumeCeiling.Archive(ref);
        List<double[]> offered = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int x = r.nextInt(40);
            double[] p = {x / 40.0, (40 - x + r.nextInt(5)) / 50.0}; // near a line, with ties in both objectives
            offered.add(p);
            a.offer(p);
        }
        assertIsTheBruteForceFront(a, offered, ref);
        assertTrue(a.size() > 3, "a front of several points: " + a.size());
    }

    /**
     * A bar is above a ceiling only beyond the published tables' rounding (mean and std to two decimals, so ±0.015):
     * RE35's MM bar 10.57 against a front of 10.5685 is not, RE24's MOBO bar 4.83 against 4.7887 is.
     */
    @Test
    void aBarWithinTheTablesRoundingIsNotAboveTheCeiling() {
        assertTrue(!HypervolumeCeiling.above(10.57, 10.5685));
        assertTrue(!HypervolumeCeiling.above(10.5835, 10.5685));
        assertTrue(HypervolumeCeiling.above(10.5836, 10.5685));
        assertTrue(HypervolumeCeiling.above(4.83, 4.7887));
        assertTrue(!HypervolumeCeiling.above(4.83, Double.NaN), "no ceiling known");
    }

    /** Three objectives: the list archive keeps exactly the brute-force front of the points inside the reference. */
    @Test
    void theListArchiveIsTheBruteForceFront() {
        java.util.Random r = new java.util.Random(8);
        double[] ref = {0.9, 0.9, 0.9};
        HypervolumeCeiling.Archive a = new HypervolumeCeiling.Archive(ref);
        List<double[]> offered = new java.util.ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            int x = r.nextInt(20);
            int y = r.nextInt(20 - x);
            double[] p = {x / 20.0, y / 20.0, (20 - x - y + r.nextInt(3)) / 20.0}; // near a plane, with ties
            offered.add(p);
            a.offer(p);
        }
        assertIsTheBruteForceFront(a, offered, ref);
        assertTrue(a.size() > 10, "a front of many points: " + a.size());
    }

    /** The archive holds exactly the offered points inside the reference that no offered point strictly dominates. */
    private static void assertIsTheBruteForceFront(HypervolumeCeiling.Archive a, List<double[]> offered, double[] ref) {
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (double[] p : offered) {
            boolean inside = true;
            for (int j = 0; j < ref.length; j++) inside &= p[j] < ref[j];
            if (!inside) continue;
            boolean dominated = false;
            for (double[] q : offered) {
                boolean weakly = true;
                boolean strictly = false;
                for (int j = 0; j < ref.length; j++) {
                    weakly &= q[j] <= p[j];
                    strictly |= q[j] < p[j];
                }
                dominated |= weakly && strictly;
            }
            if (!dominated) expected.add(java.util.Arrays.toString(p));
        }
        java.util.Set<String> got = new java.util.TreeSet<>();
        for (double[] p : a.points()) got.add(java.util.Arrays.toString(p));
        assertEquals(expected, got);
        assertEquals(expected.size(), a.size());
    }

    @Test
    void refusesSingleObjectiveTasks() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> HypervolumeCeiling.of(Tasks.load("Branin"), 256, 5, 0, "c"));
        assertEquals(
                "task Branin has one objective, and the ceiling is a hypervolume's. Fix: name multi-objective"
                        + " tasks (./mbo4j tasks lists them)",
                e.getMessage());
    }
}
