package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.eval.GenerativeDiagnostics.Metric;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import tech.tablesaw.api.Table;

class GenerativeDiagnosticsTest {
    // three sequences of 4 over 4 letters: d(a, b) = 1 (position 3), d(a, c) = 3 (0, 2, 3), d(b, c) = 2 (0, 2)
    private static final double[] A = {0, 1, 2, 3};
    private static final double[] B = {0, 1, 2, 0};
    private static final double[] C = {3, 1, 0, 0};
    private static final double[] D = {0, 1, 2, 1}; // 1 from A (position 3) and 1 from B (position 3)

    @Test
    void pairwiseHammingOfThreeSequencesIsTheirMeanDistance() {
        assertEquals(1, Metric.HAMMING.between(A, B));
        assertEquals(3, Metric.HAMMING.between(A, C));
        assertEquals(2, Metric.HAMMING.between(B, C));
        // (1 + 3 + 2) / 3 pairs, through the letter-count formula
        assertEquals(2.0, GenerativeDiagnostics.diversity(new double[][] {A, B, C}, Metric.HAMMING), 1e-12);
        // a duplicate adds pairs at distance 0 and 3: (1 + 3 + 2 + 0 + 1 + 3) / 6
        assertEquals(10.0 / 6, GenerativeDiagnostics.diversity(new double[][] {A, B, C, A}, Metric.HAMMING), 1e-12);
        assertEquals(Double.NaN, GenerativeDiagnostics.diversity(new double[][] {A}, Metric.HAMMING));
    }

    @Test
    void pairwiseEuclideanIsTheMeanOverPairs() {
        // a 3-4-5 triangle: distances 5, 4, 3
        double[][] pts = {{0, 0}, {3, 4}, {0, 4}};
        assertEquals(4.0, GenerativeDiagnostics.diversity(pts, Metric.EUCLIDEAN), 1e-12);
    }

    @Test
    void nearestDistanceIsTheClosestReference() {
        double[][] ref = {A, B};
        assertArrayEquals(
                new double[] {0, 0, 2, 1},
                GenerativeDiagnostics.nearestDistances(ref, new double[][] {A, B, C, D}, Metric.HAMMING),
                0);
        assertArrayEquals(
                new double[] {3, 0},
                GenerativeDiagnostics.nearestDistances(
                        new double[][] {{0, 0}, {3, 4}}, new double[][] {{3, 0}, {3, 4}}, Metric.EUCLIDEAN),
                1e-12);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> GenerativeDiagnostics.nearestDistances(ref, new double[][] {{0, 1}}, Metric.HAMMING));
        assertEquals("design 0 has 2 values, the reference 4", e.getMessage());
    }

    @Test
    void noveltyCountsSamplesNotInTheDataAndDuplicatesOnce() {
        double[][] ref = {A, B};
        // A twice (in the data), C and D novel
        double[][] samples = {A, A, C, D};
        assertEquals(0.5, GenerativeDiagnostics.novelFraction(ref, samples), 0);
        assertEquals(0.75, GenerativeDiagnostics.uniqueFraction(samples), 0);
        assertEquals(0.0, GenerativeDiagnostics.novelFraction(ref, new double[][] {B, A}), 0);
    }

    private static Dataset sequences() {
        return Dataset.of(SequenceSpace.of(4, List.of("a", "c", "g", "t")), new double[][] {A, B}, new double[] {1, 2});
    }

    @Test
    void distributionTableMatchesHandComputedValuesPerStep() {
        Trajectory.Recorder r = new Trajectory.Recorder();
        r.record(0, new double[][] {A, A, C}, new double[] {1, Double.NaN, 3});
        r.record(4, new double[][] {C, D}, new double[] {Double.NaN, Double.NaN});
        Proposal p =
                Proposal.of("gen", 0, sequences().space(), new double[][] {C}).withTrajectory(r.build());
        Table t = GenerativeDiagnostics.distribution(sequences(), p);
        assertEquals(
                List.of(
                        "step",
                        "samples",
                        "unique_fraction",
                        "distance_to_data",
                        "novel_fraction",
                        "novel_distance",
                        "diversity",
                        "predicted_mean",
                        "predicted_max"),
                t.columnNames());
        assertEquals(4, t.intColumn("step").get(1));
        // step 0: A, A (in the data, distance 0), C (novel, 2 from B)
        assertEquals(3, t.doubleColumn("samples").getDouble(0));
        assertEquals(2.0 / 3, t.doubleColumn("unique_fraction").getDouble(0), 1e-12);
        assertEquals(2.0 / 3, t.doubleColumn("distance_to_data").getDouble(0), 1e-12);
        assertEquals(1.0 / 3, t.doubleColumn("novel_fraction").getDouble(0), 1e-12);
        assertEquals(2.0, t.doubleColumn("novel_distance").getDouble(0), 1e-12);
        assertEquals((0 + 3 + 3) / 3.0, t.doubleColumn("diversity").getDouble(0), 1e-12);
        assertEquals(2.0, t.doubleColumn("predicted_mean").getDouble(0), 1e-12); // NaN ignored
        assertEquals(3.0, t.doubleColumn("predicted_max").getDouble(0), 1e-12);
        // step 4: C (2 from B), D (1 from both), both novel; d(C, D) = 3
        assertEquals(1.5, t.doubleColumn("distance_to_data").getDouble(1), 1e-12);
        assertEquals(1.0, t.doubleColumn("novel_fraction").getDouble(1), 0);
        assertEquals(1.5, t.doubleColumn("novel_distance").getDouble(1), 1e-12);
        assertEquals(3.0, t.doubleColumn("diversity").getDouble(1), 1e-12);
        assertTrue(Double.isNaN(t.doubleColumn("predicted_mean").getDouble(1)));
    }

    @Test
    void boxesUseEuclideanDistances() {
        ContinuousSpace box = ContinuousSpace.cube(2, 0, 10);
        Dataset data = Dataset.of(box, new double[][] {{0, 0}, {3, 4}}, new double[] {0, 1});
        Trajectory.Recorder r = new Trajectory.Recorder();
        r.record(0, new double[][] {{3, 0}, {0, 4}}, new double[] {0, 0});
        Proposal p = Proposal.of("gen", 0, box, new double[][] {{3, 0}}).withTrajectory(r.build());
        Table t = GenerativeDiagnostics.distribution(data, p);
        assertEquals(3.0, t.doubleColumn("distance_to_data").getDouble(0), 1e-12); // both 3 from a data point
        assertEquals(5.0, t.doubleColumn("diversity").getDouble(0), 1e-12);
        assertEquals(1.0, t.doubleColumn("novel_fraction").getDouble(0), 0);
    }

    @Test
    void oracleScoresPerStepAreNormalisedAndCounted() {
        Task task = Tasks.load("ToyDiscrete"); // y = −Σx², full range [−72, 0]; all 3s are visible, all 0s hidden
        double[] worst = {3, 3, 3, 3, 3, 3, 3, 3};
        double[] optimum = new double[8];
        Trajectory.Recorder r = new Trajectory.Recorder();
        r.record(0, new double[][] {worst, worst}, new double[] {1, 2});
        r.record(1, new double[][] {worst, optimum}, new double[] {3, Double.NaN});
        Proposal p =
                Proposal.of("gen", 0, task.space(), new double[][] {optimum}).withTrajectory(r.build());
        Evaluation eval = Evaluation.of(task);
        Table t = GenerativeDiagnostics.scores(eval, p);
        assertEquals(4, eval.oracleCalls());
        assertEquals(0.0, t.doubleColumn("oracle_mean").getDouble(0), 1e-12);
        assertEquals(0.5, t.doubleColumn("oracle_mean").getDouble(1), 1e-12);
        assertEquals(0.5, t.doubleColumn("oracle_median").getDouble(1), 1e-12);
        assertEquals(1.0, t.doubleColumn("oracle_max").getDouble(1), 1e-12);
        assertEquals(0.0, t.doubleColumn("above_data_best").getDouble(0), 0);
        assertEquals(0.5, t.doubleColumn("above_data_best").getDouble(1), 0);
        double best = -Double.MAX_VALUE;
        for (int i = 0; i < task.dataset().size(); i++)
            best = Math.max(best, task.dataset().score(i, 0));
        assertEquals(task.normalize(best, 0), t.doubleColumn("data_best").getDouble(1), 1e-12);
        assertEquals(3.0, t.doubleColumn("predicted_mean").getDouble(1), 1e-12);

        Table s = GenerativeDiagnostics.sampleScores(eval, p);
        assertEquals(8, eval.oracleCalls());
        assertEquals(4, s.rowCount());
        assertEquals(List.of("step", "sample", "oracle", "predicted", "distance_to_data"), s.columnNames());
        assertEquals(1.0, s.doubleColumn("oracle").getDouble(3), 1e-12);
        assertEquals(1, s.intColumn("sample").get(3));
        assertTrue(Double.isNaN(s.doubleColumn("predicted").getDouble(3)));
        assertEquals(0.0, s.doubleColumn("distance_to_data").getDouble(0), 0);
        assertTrue(s.doubleColumn("distance_to_data").getDouble(3) >= 1);
        double[] visible = GenerativeDiagnostics.visibleScores(eval);
        assertEquals(task.dataset().size(), visible.length);
        assertEquals(task.normalize(task.dataset().score(0, 0), 0), visible[0], 1e-12);
    }

    @Test
    void trainingTableListsEveryFitsEpochsWithTheirParts() {
        Map<String, TrainingHistory> fits = new LinkedHashMap<>();
        fits.put("oracle", new TrainingHistory(List.of(3.0, 2.0), List.of(3.5, 2.5), 2, false));
        fits.put(
                "prior vae",
                new TrainingHistory(
                        List.of(12.0, 11.0, 10.5),
                        List.of(Double.NaN, Double.NaN, Double.NaN),
                        3,
                        false,
                        Map.of("nll", List.of(11.0, 10.2, 9.9))));
        Proposal p =
                Proposal.of("gen", 0, sequences().space(), new double[][] {A}).withTraining(fits);
        Table t = GenerativeDiagnostics.training(p);
        assertEquals(List.of("fit", "epoch", "step", "train_loss", "validation_loss", "nll"), t.columnNames());
        assertEquals(5, t.rowCount());
        assertEquals("prior vae", t.stringColumn("fit").get(2));
        assertEquals(1, t.intColumn("epoch").get(2));
        assertEquals(3, t.intColumn("step").get(2));
        assertEquals(2.5, t.doubleColumn("validation_loss").getDouble(1), 0);
        assertTrue(Double.isNaN(t.doubleColumn("nll").getDouble(0)));
        assertEquals(9.9, t.doubleColumn("nll").getDouble(4), 0);
    }

    @Test
    void refusesProposalsWithoutTrajectoryOrTraining() {
        Proposal p = Proposal.of("dataset-topk", 0, sequences().space(), new double[][] {A});
        var e = assertThrows(IllegalArgumentException.class, () -> GenerativeDiagnostics.distribution(sequences(), p));
        assertEquals(
                "the proposal of dataset-topk has no trajectory; generative methods record their samples per "
                        + "iteration in one",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GenerativeDiagnostics.training(p));
        assertEquals(
                "the proposal of dataset-topk carries no training history; generative methods (cbas, auto-cbas, "
                        + "mins, bonet) attach theirs",
                e.getMessage());
        Map<String, TrainingHistory> one = Map.of("gan", new TrainingHistory(List.of(1.0), List.of(1.0), 1, false));
        e = assertThrows(
                IllegalArgumentException.class, () -> p.withTraining(one).withTraining(one));
        assertEquals("the proposal of dataset-topk has a training history named 'gan' already", e.getMessage());
    }
}
