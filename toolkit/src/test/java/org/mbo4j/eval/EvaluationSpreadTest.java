package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mbo4j.method.Proposal;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/** The diversity and novelty a score carries, against hand-computed distances. */
class EvaluationSpreadTest {
    @Test
    void twoVisibleDesignsAndOneStranger() {
        Task branin = Tasks.load("Branin");
        double[][] visible = branin.dataset().designs();
        double[] a = visible[0];
        double[] b = visible[1];
        Proposal p = Proposal.of("hand", 0, branin.space(), new double[][] {a, b});
        Score s = Evaluation.of(branin).score(p);
        // two designs: one pair; both are visible, so each is at distance 0 from the data
        assertEquals(Math.hypot(a[0] - b[0], a[1] - b[1]), s.diversity(), 1e-12);
        assertEquals(0.0, s.novelty(), 0);
        RunRecord r = RunRecord.of(s, "hand", "2026-12-05T00:00:00Z");
        assertEquals(s.diversity(), r.diversity(), 0);
        assertEquals(0.0, r.novelty(), 0);
    }

    @Test
    void sequencesUseHammingDistance() {
        Task tf = Tasks.load("TFBind8");
        double[] x = tf.dataset().designs()[0].clone();
        double[] y = x.clone();
        y[0] = (y[0] + 1) % 4;
        y[7] = (y[7] + 1) % 4;
        Proposal p = Proposal.of("hand", 0, tf.space(), new double[][] {x, y});
        Score s = Evaluation.of(tf).score(p);
        assertEquals(2.0, s.diversity(), 0);
        // x is visible; y is within one letter of some visible 8-mer or two letters of x, never further
        double expectedNovelty = (0 + Math.min(2, nearest(tf, y))) / 2.0;
        assertEquals(expectedNovelty, s.novelty(), 0);
    }

    private static double nearest(Task t, double[] y) {
        double best = Double.POSITIVE_INFINITY;
        for (double[] v : t.dataset().designs()) {
            int d = 0;
            for (int j = 0; j < y.length; j++) if (v[j] != y[j]) d++;
            best = Math.min(best, d);
        }
        return best;
    }
}
