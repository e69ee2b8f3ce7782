package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mbo4j.method.Methods;
import org.mbo4j.method.moo.DnnProxies;
import org.mbo4j.moo.Hypervolume;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/** The multi-objective proxies and d-best through {@code bench} on ZDT1, at quick settings. */
class OffMooProxiesBenchTest {

    /**
     * {@code mm} at quick settings with one epoch of batches of 1,024 (its 3 epochs of 128 on the 54,000 training rows
     * take a minute on a busy 2-core machine; the test is about the pipeline, not the fit), and {@code d-best}.
     */
    @Test
    void mmAndDBestThroughBenchOnZdt1() {
        DnnProxies mm = DnnProxies.multipleModels()
                .quick()
                .with(DnnProxies.Settings::epochs, 1)
                .with(DnnProxies.Settings::batchSize, 1024);
        Summary s = Benchmark.tasks("ZDT1")
                .methods(mm, Methods.create("d-best"))
                .k(256)
                .run();
        List<Summary.Row> rows = s.rows();
        assertEquals(2, rows.size(), rows.toString());
        Evaluation ev = Evaluation.of(Tasks.load("ZDT1"));
        double dBest = ev.dBest(256);
        for (Summary.Row r : rows) {
            assertEquals("hypervolume", r.metric(), r.toString());
            assertTrue(Double.isFinite(r.mean100()) && r.mean100() > 0, r.toString());
            assertEquals(dBest, r.dBest(), 1e-12);
            if (r.method().equals("d-best")) assertEquals(dBest, r.mean100(), 1e-12, "d-best scores D(best) exactly");
        }
    }

    @Test
    void dBestPointsAreTheVisibleRowsBehindDBest() {
        Task zdt = Tasks.load("ZDT1");
        Evaluation ev = Evaluation.of(zdt);
        double[][] best = ev.dBestPoints(256);
        assertEquals(256, best.length);
        assertEquals(ev.dBest(256), Hypervolume.compute(ev.normalizeForHv(best), ev.referencePoint()), 1e-12);
        Set<List<Double>> visible = new HashSet<>();
        for (double[] row : zdt.dataset().scores())
            visible.add(Arrays.stream(row).boxed().toList());
        for (double[] p : best)
            assertTrue(visible.contains(Arrays.stream(p).boxed().toList()), Arrays.toString(p));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Evaluation.of(Tasks.load("Branin")).dBestPoints(1));
        assertEquals("Branin has one objective; D(best) points are for several", e.getMessage());
    }
}
