package org.mbo4j.task.designbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.Percentiles;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.eval.Score;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/** TFBind8 from MBO4J_DATA (CI: ../shared/datasets/design-bench). Fails, never skips, when the data are absent. */
class DesignBenchTasksTest {
    @Test
    void tfBind8VisibleSplitMatchesDesignBench() {
        Task t = Tasks.load("TFBind8");
        assertEquals(65_792, t.fullSize());
        assertEquals(32_898, t.dataset().size(), "y <= np.percentile(y, 50), inclusive");
        assertEquals(0.0, t.fullMin()[0], 0);
        assertEquals(1.0, t.fullMax()[0], 0);
        // D(best) of the visible data: 0.43929616 (float32), design-baselines' 0.439
        assertEquals(0.43929616, t.dataset().scoreMax()[0], 1e-7);
        assertEquals(0.439, Evaluation.of(t).dBest(128), 5e-4);
        assertEquals(SequenceSpace.of(8, SequenceSpace.DNA), t.space());
    }

    @Test
    void tfBind8OracleIsExactLookupOverAllEightMers() {
        Task t = Tasks.load("TFBind8");
        Dataset d = t.dataset();
        double[][] some = {d.design(0), d.design(100), d.design(32_000)};
        double[][] y = t.evaluate(some);
        assertEquals(d.score(0, 0), y[0][0], 0);
        assertEquals(d.score(100, 0), y[1][0], 0);
        assertEquals(d.score(32_000, 0), y[2][0], 0);
        // the oracle answers every one of the 4^8 sequences and reaches 1.0 somewhere outside the visible half
        double max = 0;
        double[][] all = DesignBenchTasks.allProducts(8, 4);
        for (double[] r : t.evaluate(all)) max = Math.max(max, r[0]);
        assertEquals(1.0, max, 0);
    }

    @Test
    void tableShowsSequencesAsStrings() {
        var table = Tasks.load("TFBind8").dataset().table();
        assertEquals(32_898, table.rowCount());
        assertEquals("sequence", table.column(0).name());
        assertTrue(table.stringColumn("sequence").get(0).matches("[ACGT]{8}"));
        assertEquals(10, table.columnCount(), "sequence + 8 positions + y");
    }

    @Test
    void datasetTopKReachesDBest() {
        Task t = Tasks.load("TFBind8");
        Proposal p = Methods.create("dataset-topk").propose(t.problem(), 128, 0);
        Score s = Evaluation.of(t).score(p);
        assertEquals(0.43929616, s.score100(), 1e-7);
        assertEquals(s.dBest(), s.score100(), 0);
        assertEquals(128, s.oracleCalls());
    }

    @Test
    void toyTasksFollowTheirFormulas() {
        Task d = Tasks.load("ToyDiscrete");
        assertEquals(65_536, d.fullSize());
        assertEquals(-(9 + 4 + 1), d.evaluate(new double[][] {{3, 2, 1, 0, 0, 0, 0, 0}})[0][0], 0);
        assertEquals(-72, d.fullMin()[0], 0);
        assertEquals(0, d.fullMax()[0], 0);
        double thr = Percentiles.linear(allToyDiscreteScores(), 40);
        for (int i = 0; i < d.dataset().size(); i++) assertTrue(d.dataset().score(i, 0) <= thr);

        Task c = Tasks.load("ToyContinuous");
        assertEquals(-0.5, c.evaluate(new double[][] {{0, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 0.5}})[0][0], 1e-12);
        assertArrayEquals(
                c.dataset().design(7), Tasks.load("toycontinuous").dataset().design(7), 0);
    }

    private static double[] allToyDiscreteScores() {
        double[][] all = DesignBenchTasks.allProducts(8, 4);
        double[] y = new double[all.length];
        for (int i = 0; i < all.length; i++) y[i] = DesignBenchTasks.toyDiscreteValue(all[i]);
        return y;
    }

    @Test
    void catalogueSizesAreTheLoadedSizes() {
        for (var info : Tasks.catalogue()) {
            if (!info.family().equals("design-bench")) continue;
            Task t = Tasks.load(info.name());
            assertEquals(t.dataset().size() + " of " + t.fullSize(), info.datasetSize(), info.name());
            assertEquals(t.space().dims(), info.dims());
        }
    }

    @Test
    void missingDataSaysWhereItLookedAndHowToFetch(@TempDir Path empty) {
        String before = System.getProperty("mbo4j.data");
        String cache = System.getProperty("mbo4j.cache");
        System.setProperty("mbo4j.data", empty.toString());
        System.setProperty("mbo4j.cache", empty.resolve("cache").toString());
        try {
            var e = assertThrows(IllegalStateException.class, () -> DesignBenchTasks.tfBind8(false));
            assertTrue(
                    e.getMessage()
                            .startsWith("Design-Bench file tf_bind_8-SIX6_REF_R1/tf_bind_8-x-0.npy not found; "
                                    + "looked in [" + empty),
                    e.getMessage());
            assertTrue(e.getMessage().contains("./mbo4j data fetch"), e.getMessage());
        } finally {
            restore("mbo4j.data", before);
            restore("mbo4j.cache", cache);
        }
    }

    @Test
    void checksumMismatchIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve(DesignBenchTasks.TFBIND8_X);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "corrupt");
        var e = assertThrows(IllegalStateException.class, () -> DataLocator.verify(DesignBenchTasks.TFBIND8_X, f));
        assertTrue(
                e.getMessage().startsWith("checksum mismatch for " + f + ": expected sha256 8957a728"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key);
        else System.setProperty(key, value);
    }
}
