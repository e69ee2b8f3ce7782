package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.mbo4j.util.Statistics;

class CalibrationTest {
    @Test
    void coverageNllRmseAndSpearmanByHand() {
        Calibration c = Calibration.of(new double[] {0, 0, 1}, new double[] {1, 1, 2}, new double[] {0.5, 2, 1});
        // |z| = 0.5, 2, 0 ; half-widths: 50% 0.674, 80% 1.2816, 90% 1.6449, 95% 1.96, 99% 2.5758
        assertArrayEquals(new double[] {2 / 3.0, 2 / 3.0, 2 / 3.0, 2 / 3.0, 1}, c.coverage(), 1e-12);
        double h = 0.5 * Math.log(2 * Math.PI);
        assertEquals(((h + 0.125) + (h + 2) + (h + Math.log(2))) / 3, c.nll(), 1e-12);
        assertEquals(Math.sqrt((0.25 + 4 + 0) / 3), c.rmse(), 1e-12);
        // ranks of mean (0,0,1) -> (1.5,1.5,3); truth (0.5,2,1) -> (1,3,2): centred products sum to 0
        assertEquals(0.0, c.spearman(), 1e-12);
        // truth (0.5,0.2,1) -> ranks (2,1,3): 1.5 / sqrt(1.5 * 2)
        assertEquals(
                1.5 / Math.sqrt(3), Statistics.spearman(new double[] {0, 0, 1}, new double[] {0.5, 0.2, 1}), 1e-12);
    }

    @Test
    void tfBind8HeldOutIsTheHiddenTopHalf() {
        Task t = Tasks.load("TFBind8");
        Evaluation eval = Evaluation.of(t);
        HeldOut h = HeldOut.of(eval);
        Set<String> visible = new HashSet<>();
        for (int i = 0; i < t.dataset().size(); i++)
            visible.add(Arrays.toString(t.dataset().design(i)));
        assertEquals(65_536 - visible.size(), h.designs().length);
        double maxVisible = t.dataset().scoreMax()[0];
        for (double y : h.scores()) assertTrue(y > maxVisible);
        assertEquals(h.designs().length, eval.oracleCalls());
    }
}
