package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

class TrajectoryReportTest {
    @Test
    void scoresEachSnapshotWithTheOracleAndMeasuresDistance() {
        Task task = Tasks.load("ToyDiscrete"); // y = −Σx², full range [−72, 0], visible ≤ 40th percentile
        double[] visibleDesign = task.dataset().design(0);
        double[] optimum = new double[8]; // all zeros: y = 0, normalised 1
        Trajectory.Recorder r = new Trajectory.Recorder();
        r.record(0, new double[][] {visibleDesign, visibleDesign}, new double[] {1, 2});
        r.record(5, new double[][] {visibleDesign, optimum}, new double[] {3, 7});
        Proposal p =
                Proposal.of("test", 0, task.space(), new double[][] {optimum}).withTrajectory(r.build());
        Evaluation eval = Evaluation.of(task);
        var table = TrajectoryReport.of(eval, p);
        assertEquals(2, table.rowCount());
        double yv = task.normalize(task.dataset().score(0, 0), 0);
        assertEquals(5, table.intColumn("step").get(1));
        assertEquals(1.5, table.doubleColumn("surrogate_mean").get(0), 1e-12);
        assertEquals(7, table.doubleColumn("surrogate_max").get(1), 1e-12);
        assertEquals(yv, table.doubleColumn("oracle_mean").get(0), 1e-12);
        assertEquals((yv + 1) / 2, table.doubleColumn("oracle_mean").get(1), 1e-12);
        assertEquals(1.0, table.doubleColumn("oracle_max").get(1), 1e-12);
        assertEquals(0, table.doubleColumn("distance_to_data").get(0), 0);
        // the all-zero design is hidden (y = 0 is the best); its nearest visible design differs in ≥ 1 position
        double expected = (0 + TrajectoryReport.meanDistance(task.dataset(), new double[][] {optimum})) / 2;
        assertEquals(expected, table.doubleColumn("distance_to_data").get(1), 1e-12);
        assertEquals(4, eval.oracleCalls());
    }

    @Test
    void refusesProposalsWithoutTrajectory() {
        Task task = Tasks.load("ToyDiscrete");
        Proposal p = Proposal.of(
                "dataset-topk", 0, task.space(), new double[][] {task.dataset().design(0)});
        var e = assertThrows(IllegalArgumentException.class, () -> TrajectoryReport.of(Evaluation.of(task), p));
        assertEquals(
                "proposal of dataset-topk has no trajectory; only search-based methods record one (e.g. grad, coms)",
                e.getMessage());
    }
}
