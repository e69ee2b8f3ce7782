package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mbo4j.method.Methods;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Tasks;

/**
 * The committed TFBind8 reproduction stays recognised: for every method with records in
 * {@code notebooks/results/tfbind8/results.json}, the settings of its registered paper variant on TFBind8
 * ({@code forProblem(...).settings()}) equal the settings its records carry, so rerunning the committed
 * {@code bench} command skips every finished seed. A change of a method's settings text (a new setting, a new
 * format) fails here until the records are migrated explicitly.
 */
class CommittedSettingsTest {
    static final Path RESULTS = Path.of("..", "notebooks", "results", "tfbind8");

    @Test
    void everyCommittedRecordMatchesItsMethodsCurrentSettings() {
        assertTrue(
                Files.isRegularFile(RESULTS.resolve(ResultsStore.RESULTS)),
                RESULTS.toAbsolutePath().toString());
        List<RunRecord> records = ResultsStore.open(RESULTS, false).records();
        assertFalse(records.isEmpty());
        OfflineProblem tfbind8 = Tasks.load("TFBind8").problem();
        Map<String, TreeSet<String>> bySettings = new LinkedHashMap<>();
        for (RunRecord r : records) {
            assertEquals("TFBind8", r.task());
            bySettings.computeIfAbsent(r.method(), m -> new TreeSet<>()).add(r.settings());
        }
        for (var e : bySettings.entrySet()) {
            String current = Methods.create(e.getKey()).forProblem(tfbind8).settings();
            assertEquals(
                    List.of(current),
                    List.copyOf(e.getValue()),
                    e.getKey() + ": the committed records' settings differ from the method's current settings");
        }
        assertTrue(
                bySettings
                        .keySet()
                        .containsAll(List.of(
                                "grad-pooled",
                                "grad-min-pooled",
                                "grad-mean-pooled",
                                "coms",
                                "roma",
                                "iom",
                                "cma-es",
                                "bo-qei",
                                "reinforce")),
                bySettings.keySet().toString());
    }

    static final Path OFF_MOO = Path.of("..", "notebooks", "results", "off-moo");

    /**
     * The same for the multi-objective results: every method's records carry one settings text, the one its paper
     * variant gives on the first task it ran (loading one task per method keeps this quick; the proxies' settings do
     * not depend on the task).
     */
    @Test
    void everyCommittedOffMooRecordMatchesItsMethodsCurrentSettings() {
        List<RunRecord> records = ResultsStore.open(OFF_MOO, false).records();
        assertFalse(records.isEmpty());
        Map<String, TreeSet<String>> bySettings = new LinkedHashMap<>();
        Map<String, String> firstTask = new LinkedHashMap<>();
        for (RunRecord r : records) {
            assertTrue(r.hv100() != null && Double.isFinite(r.hv100()), r.toString());
            assertTrue(r.build() != null && r.build().startsWith("commit="), r.toString());
            bySettings.computeIfAbsent(r.method(), m -> new TreeSet<>()).add(r.settings());
            firstTask.putIfAbsent(r.method(), r.task());
        }
        for (var e : bySettings.entrySet()) {
            OfflineProblem problem = Tasks.load(firstTask.get(e.getKey())).problem();
            String current = Methods.create(e.getKey()).forProblem(problem).settings();
            assertEquals(
                    List.of(current),
                    List.copyOf(e.getValue()),
                    e.getKey() + ": the committed records' settings differ from the method's current settings");
        }
        assertTrue(bySettings.containsKey("d-best"), bySettings.keySet().toString());
    }
}
