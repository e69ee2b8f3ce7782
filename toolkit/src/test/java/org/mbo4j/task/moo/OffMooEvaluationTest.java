package org.mbo4j.task.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.eval.Score;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.baseline.DatasetTopK;
import org.mbo4j.method.baseline.RandomSearch;
import org.mbo4j.moo.Hypervolume;
import org.mbo4j.moo.Pareto;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/** The Off-MOO-Bench evaluation protocol on our ZDT1 and DTLZ2 tasks with the baseline methods. */
class OffMooEvaluationTest {

    @Test
    void baselinesGetPositiveHypervolumesOnZdt1() {
        Task t = Tasks.load("ZDT1");
        Evaluation ev = Evaluation.of(t);
        Score top = ev.score(new DatasetTopK().propose(t.problem(), 256, 0));
        Score rnd = ev.score(new RandomSearch().propose(t.problem(), 256, 0));
        for (Score s : new Score[] {top, rnd}) {
            assertTrue(s.hv100() > 0 && Double.isFinite(s.hv100()), s.toString());
            assertTrue(s.hv50() > 0 && s.hv50() <= s.hv100(), s.toString());
            assertTrue(s.dBest() > 0 && Double.isFinite(s.dBest()), s.toString());
            assertEquals(256, s.oracleCalls());
        }
        assertEquals(512, ev.oracleCalls());
        // hv100 by hand: min-max normalise with the full-data bounds, reference 2.2 × normalised nadir
        double[][] designs = new DatasetTopK().propose(t.problem(), 256, 0).designs();
        double[][] y = t.evaluate(designs);
        double[] nadir = t.nadir().orElseThrow();
        double[] ref = new double[2];
        for (int j = 0; j < 2; j++) {
            ref[j] = 2.2 * (nadir[j] - t.fullMin()[j]) / (t.fullMax()[j] - t.fullMin()[j]);
            for (double[] row : y) row[j] = (row[j] - t.fullMin()[j]) / (t.fullMax()[j] - t.fullMin()[j]);
        }
        assertEquals(Hypervolume.compute(y, ref), top.hv100(), 1e-12);
        // D(best) is in the range of Off-MOO-Bench's published ZDT1 D(best), 4.04 (ParetoFlow Table 8)
        assertTrue(top.dBest() > 3.5 && top.dBest() < 5, "D(best) " + top.dBest());
    }

    @Test
    void proposingTheNdsBestVisibleRowsScoresExactlyDBest() {
        for (String name : new String[] {"ZDT1", "DTLZ2"}) {
            Task t = Tasks.load(name);
            Evaluation ev = Evaluation.of(t);
            // pick the visible rows that D(best) uses: best 256 by NDS + crowding on the normalised scores
            double[][] y = t.dataset().scores();
            double[][] norm = new double[y.length][y[0].length];
            for (int i = 0; i < y.length; i++) {
                for (int j = 0; j < y[i].length; j++) norm[i][j] = t.normalize(y[i][j], j);
            }
            int[] rows = Pareto.selectBest(norm, 256);
            double[][] designs = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) designs[i] = t.dataset().design(rows[i]);
            Score s = ev.score(Proposal.of("nds-best", 0, t.space(), designs));
            assertEquals(s.dBest(), s.hv100(), 1e-12, name);
            assertTrue(s.dBest() > 1, name + " D(best) = " + s.dBest());
        }
    }
}
