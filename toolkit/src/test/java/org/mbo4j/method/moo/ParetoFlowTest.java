package org.mbo4j.method.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.moo.DasDennis;
import org.mbo4j.moo.Hypervolume;
import org.mbo4j.nn.TrainingCheckpoints;
import org.mbo4j.task.Objective;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.moo.ClosedFormProblem;
import org.mbo4j.task.moo.SyntheticSuite;

/** ParetoFlow: its selection rules by hand, and the quick variant on ZDT1. */
class ParetoFlowTest {
    private static final ClosedFormProblem ZDT1 = SyntheticSuite.zdt1();

    /**
     * 1000 designs of ZDT1's box shaped like an evolutionary search's (Off-MOO-Bench collects its data with NSGA-II):
     * x₁ uniform, x₂…x₃₀ = 0.5·u² (g ≈ 2.5 on average, against 5.5 for uniform designs); both objectives minimised.
     */
    private static final OfflineProblem PROBLEM = zdt1(1000, 3);

    static OfflineProblem zdt1(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][30];
        for (double[] row : x) {
            row[0] = r.nextDouble();
            for (int j = 1; j < 30; j++) row[j] = 0.5 * Math.pow(r.nextDouble(), 2);
        }
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) y[i] = ZDT1.evaluate(x[i]);
        return new OfflineProblem(
                "ZDT1",
                ZDT1.domain(),
                Dataset.of(ZDT1.domain(), x, y, List.of("f1", "f2")),
                List.of(Objective.minimize("f1"), Objective.minimize("f2")));
    }

    static double[][] uniform(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][30];
        for (double[] row : x) for (int j = 0; j < 30; j++) row[j] = r.nextDouble();
        return x;
    }

    static double hypervolume(double[][] designs) {
        double[][] y = new double[designs.length][];
        for (int i = 0; i < y.length; i++) y[i] = ZDT1.evaluate(designs[i]);
        return Hypervolume.compute(y, new double[] {1.1, 10});
    }

    @Test
    void quickZdt1GivesDistinctInBoxDesignsDeterministicallyAndBeatsRandomDesigns() {
        ParetoFlow pf = ((ParetoFlow) Methods.create("paretoflow")).quick();
        Proposal p = pf.propose(PROBLEM, 256, 1);
        double[][] x = p.designs();
        assertEquals(256, x.length);
        Set<List<Double>> distinct = new HashSet<>();
        for (double[] row : x) {
            assertEquals(30, row.length);
            for (double v : row) assertTrue(v >= 0 && v <= 1, "in the box: " + v);
            distinct.add(Arrays.stream(row).boxed().toList());
        }
        assertEquals(256, distinct.size(), "distinct designs");
        Proposal again = pf.propose(PROBLEM, 256, 1);
        for (int i = 0; i < x.length; i++) assertArrayEquals(x[i], again.designs()[i], 0, "same seed, row " + i);
        Proposal other = pf.propose(PROBLEM, 256, 2);
        assertTrue(!Arrays.deepEquals(x, other.designs()), "another seed samples other designs");
        double hv = hypervolume(x);
        double random = hypervolume(uniform(256, 9));
        assertTrue(hv > random, "paretoflow HV " + hv + " vs random designs " + random);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pf.propose(PROBLEM, 400, 1));
        assertTrue(
                e.getMessage()
                        .matches("paretoflow keeps \\d+ distinct designs after de-duplication, fewer than the "
                                + "400 asked: ask for at most \\d+ or raise min_weights"),
                e.getMessage());
    }

    @Test
    void theSeedZeroModelsAreKeptBesideTheRunsAndReloadedByAnotherProcess(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        ParetoFlow pf = ParetoFlow.paretoFlow().quick();
        ParetoFlow.clearCache();
        Proposal first;
        try (var s = TrainingCheckpoints.open(dir.resolve("seed1"), java.time.Duration.ZERO, dir)) {
            first = pf.propose(PROBLEM, 256, 1);
        }
        List<Path> shared = TrainingCheckpoints.sharedDirs(dir);
        assertEquals(1, shared.size(), shared.toString());
        assertTrue(shared.get(0).getFileName().toString().startsWith("paretoflow-shared-"), shared.toString());
        assertEquals(
                List.of(
                        "paretoflow_flow_matching finished",
                        "mm_train_objective_1 finished",
                        "mm_train_objective_2 finished"),
                TrainingCheckpoints.progress(shared.get(0)));
        List<java.nio.file.attribute.FileTime> written = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.list(shared.get(0))) {
            for (Path f : files.sorted().toList()) written.add(java.nio.file.Files.getLastModifiedTime(f));
        }
        ParetoFlow.clearCache(); // another process: the models come from disk
        Proposal again;
        try (var s = TrainingCheckpoints.open(dir.resolve("seed1-again"), java.time.Duration.ZERO, dir)) {
            again = pf.propose(PROBLEM, 256, 1);
        }
        assertArrayEquals(first.designs(), again.designs());
        List<java.nio.file.attribute.FileTime> read = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.list(shared.get(0))) {
            for (Path f : files.sorted().toList()) read.add(java.nio.file.Files.getLastModifiedTime(f));
        }
        assertEquals(written, read, "reloaded, not trained again");
    }

    /**
     * Weight (½, ½), filter angle 0.3 rad; scores A = (5, −1) (56.3° off, w·s = 2), B = (0.4, 0.5) (6.3°, 0.45),
     * C = (1, 0.6) (14.0°, 0.8): A is filtered out, C wins; with a 0.05 rad filter only the closest, B, is left.
     */
    @Test
    void selectionKeepsTheBestWeightedScoreWithinTheAngle() {
        double[][] s = {{5, -1}, {0.4, 0.5}, {1, 0.6}};
        double[] w = {0.5, 0.5};
        assertEquals(2, ParetoFlow.select(s, w, 0.3, new int[] {0, 1, 2}, 1));
        assertEquals(1, ParetoFlow.select(s, w, 0.05, new int[] {0, 1, 2}, 1));
        assertEquals(0, ParetoFlow.select(s, w, 1.2, new int[] {0, 1, 2}, 1), "a wide angle lets A in");
        // offspring blocks: neighbour 1's two offspring are rows 2 and 3
        double[][] s2 = {{9, 9}, {9, 9}, {0.4, 0.5}, {1, 0.6}};
        assertEquals(3, ParetoFlow.select(s2, w, 0.3, new int[] {1}, 2));
    }

    @Test
    void duplicatesWithinTheTolerancesAreDroppedFirstKept() {
        double[][] rows = {{0, 0}, {0.0005, 0}, {0.01, 0}, {0, 0.0009}, {1000, 0}, {1000.009, 0}};
        double[][] kept = ParetoFlow.dedup(rows, 1e-3);
        // |1000.009 − 1000| = 0.009 ≤ 1e-3 + 1e-5·1000 = 0.011: a duplicate by the relative term
        assertEquals(3, kept.length);
        assertArrayEquals(new double[] {0, 0}, kept[0], 0);
        assertArrayEquals(new double[] {0.01, 0}, kept[1], 0);
        assertArrayEquals(new double[] {1000, 0}, kept[2], 0);
    }

    /**
     * The archive starts from the d-best rows (the first front: rows 0–2; row 3 is dominated), each weight in order
     * taking the remaining row with the largest w·y (y minimised: the worst, the reference's sign).
     */
    @Test
    void archiveStartsFromTheWorstRemainingRowPerWeight() {
        ContinuousSpaceRows rows = new ContinuousSpaceRows();
        MultiObjectiveData data = MultiObjectiveData.zScored(rows.problem);
        double[][] w = DasDennis.weights(2, 2);
        ParetoFlow.Archive a = ParetoFlow.Archive.initial(data, w);
        double[][] in = data.inputs();
        double[][] t = data.targets();
        assertArrayEquals(in[2], a.x[0], 0, "weight (0, 1): largest f2, row 2");
        assertEquals(t[2][1], a.score[0], 1e-12);
        // z-scores (population std): row 0 (0.391, −1.326), sum −0.935; row 1 (−0.651, −0.568), sum −1.219
        assertArrayEquals(in[0], a.x[1], 0, "weight (½, ½) of rows 0 and 1: row 0 (larger z-sum)");
        assertEquals((t[0][0] + t[0][1]) / 2, a.score[1], 1e-12);
        assertEquals(-0.935, t[0][0] + t[0][1], 1e-3);
        assertArrayEquals(in[1], a.x[2], 0, "weight (1, 0): the row left");
    }

    /** repair_boundary with σ = 0: x is clipped so that x + (1 − t)·v stays in [lo, hi]. */
    @Test
    void boundaryRepairClipsThePredictedEndPointIntoTheBox() {
        double[][] box = {{0, -1}, {1, 1}};
        double[][] x = {{0.5, 0.5}, {-2, 3}};
        double[][] v = {{2, -4}, {0, 0}};
        ParetoFlow.repair(x, 0.5, v, box);
        // row 0: shifts (1, −2): x₀ ∈ [−1, 0] → 0, x₁ ∈ [1, 3] → 1; row 1: no shift, clipped to the box
        assertArrayEquals(new double[] {0, 1}, x[0], 0);
        assertArrayEquals(new double[] {0, 1}, x[1], 0);
        assertTrue(ParetoFlow.isDtlz(
                new OfflineProblem("DTLZ7", PROBLEM.space(), PROBLEM.dataset(), PROBLEM.objectives())));
        assertFalse(ParetoFlow.isDtlz(PROBLEM));
        assertFalse(ParetoFlow.isDtlz(
                new OfflineProblem("DTLZ8", PROBLEM.space(), PROBLEM.dataset(), PROBLEM.objectives())));
        assertTrue(
                ParetoFlow.paretoFlow().settings().endsWith(" repair=dtlz"),
                ParetoFlow.paretoFlow().settings());
    }

    /** With the DTLZ repair every archive design (model inputs) lies in the encoded box; without it the archive differs. */
    @Test
    void theDtlzRepairKeepsTheArchiveInTheBox() {
        ParetoFlow pf = ParetoFlow.paretoFlow().quick().with(ParetoFlow.Settings::gridPoints, 30);
        MultiObjectiveData data = MultiObjectiveData.zScored(
                new OfflineProblem("DTLZ2", PROBLEM.space(), PROBLEM.dataset(), PROBLEM.objectives()));
        ParetoFlow.Models models = pf.train(data, 0);
        double[][] box = ParetoFlow.box(data);
        double[][] repaired = pf.sample(data, models, 4, box);
        for (double[] row : repaired) {
            for (int j = 0; j < row.length; j++) {
                assertTrue(row[j] >= box[0][j] - 1e-12 && row[j] <= box[1][j] + 1e-12, "in the box: " + row[j]);
            }
        }
        assertFalse(Arrays.deepEquals(repaired, pf.sample(data, models, 4, null)));
    }

    /** One objective (the method kit's generic tests): N_w copies of the weight (1); 40 rows, fewer than N_w. */
    @Test
    void oneObjectiveOnAFortyRowFileStillProposes() {
        ContinuousSpace box = ContinuousSpace.cube(2, -1, 1);
        SplittableRandom r = new SplittableRandom(5);
        double[][] x = new double[40][];
        double[][] y = new double[40][];
        for (int i = 0; i < 40; i++) {
            x[i] = new double[] {r.nextDouble(-1, 1), r.nextDouble(-1, 1)};
            y[i] = new double[] {x[i][0] * x[i][0] + x[i][1] * x[i][1]};
        }
        OfflineProblem p =
                new OfflineProblem("bowl", box, Dataset.of(box, x, y, List.of("f")), List.of(Objective.minimize("f")));
        ParetoFlow pf = ParetoFlow.paretoFlow().quick().with(ParetoFlow.Settings::gridPoints, 20);
        Proposal a = pf.propose(p, 8, 3);
        assertEquals(8, a.size());
        for (double[] d : a.designs()) assertTrue(box.contains(d));
        assertEquals(300, ParetoFlow.weights(1, 300).length);
    }

    /** A 1-d problem with three mutually non-dominated rows and one dominated row. */
    private static final class ContinuousSpaceRows {
        final OfflineProblem problem;

        ContinuousSpaceRows() {
            ContinuousSpace box = ContinuousSpace.cube(1, 0, 10);
            double[][] x = {{0}, {1}, {2}, {3}};
            double[][] y = {{3, 0}, {1, 1.5}, {0, 4}, {5, 5}};
            problem = new OfflineProblem(
                    "rows",
                    box,
                    Dataset.of(box, x, y, List.of("f1", "f2")),
                    List.of(Objective.minimize("f1"), Objective.minimize("f2")));
        }
    }
}
