package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStoreTest {
    @TempDir
    Path dir;

    private static RunRecord rec(String method, long seed, double score, String build) {
        return rec(method, seed, score, build, "s");
    }

    private static RunRecord rec(String method, long seed, double score, String build, String settings) {
        return new RunRecord(
                "ToyDiscrete",
                method,
                seed,
                128,
                settings,
                score,
                score,
                score,
                score,
                null,
                null,
                0.4,
                128,
                1.0,
                "2026-12-05T00:00:00Z",
                build);
    }

    @Test
    void anImportReplacesOnlyBuildlessRecordsAndKeepsThemInSuperseded() throws Exception {
        ResultsStore here = ResultsStore.open(dir.resolve("here"), false);
        here.add(rec("a", 0, 0.50, null)); // unknown build: the rerun replaces it
        here.add(rec("a", 1, 0.60, "commit=1111111111")); // known build: kept even if the import differs
        here.add(rec("b", 0, 0.70, null)); // unknown build, and the import's is unknown too: kept
        ResultsStore there = ResultsStore.open(dir.resolve("there"), false);
        there.add(rec("a", 0, 0.55, "commit=2222222222"));
        there.add(rec("a", 1, 0.65, "commit=3333333333"));
        there.add(rec("b", 0, 0.75, null));
        there.add(rec("a", 2, 0.80, "commit=2222222222")); // new run

        assertEquals(2, here.importFrom(dir.resolve("there")), "a/0 replaced, a/2 added");

        ResultsStore reread = ResultsStore.open(dir.resolve("here"), false);
        assertEquals(
                0.55, reread.find("ToyDiscrete", "a", 0, 128, "s").orElseThrow().score100(), 0);
        assertEquals(
                "commit=2222222222",
                reread.find("ToyDiscrete", "a", 0, 128, "s").orElseThrow().build());
        assertEquals(
                0.60, reread.find("ToyDiscrete", "a", 1, 128, "s").orElseThrow().score100(), 0);
        assertEquals(
                0.70, reread.find("ToyDiscrete", "b", 0, 128, "s").orElseThrow().score100(), 0);
        assertEquals(
                0.80, reread.find("ToyDiscrete", "a", 2, 128, "s").orElseThrow().score100(), 0);
        assertEquals(4, reread.records().size());
        assertEquals(List.of(rec("a", 0, 0.50, null)), reread.superseded());

        assertEquals(0, reread.importFrom(dir.resolve("there")), "a second import changes nothing");
        assertEquals(1, reread.superseded().size());
        assertEquals(List.of(), ResultsStore.open(dir.resolve("there"), false).superseded());
        assertEquals(false, Files.exists(dir.resolve("there").resolve(ResultsStore.SUPERSEDED)));
    }

    @Test
    void aSupersedingImportMovesItsRowsToTheImportedBuildAndLeavesOtherRows() throws Exception {
        ResultsStore here = ResultsStore.open(dir.resolve("here"), false);
        here.add(rec("a", 0, 0.50, "commit=old"));
        here.add(rec("a", 1, 0.60, "commit=old"));
        here.add(rec("a", 2, 0.62, null));
        here.add(rec("a", 3, 0.64, "commit=new")); // already of the imported build: stays
        here.add(rec("b", 0, 0.70, "commit=old")); // a row the import does not touch: stays
        ResultsStore there = ResultsStore.open(dir.resolve("there"), false);
        there.add(rec("a", 0, 0.55, "commit=new"));
        there.add(rec("a", 4, 0.85, "commit=new"));

        assertEquals(2, here.importSuperseding(dir.resolve("there")), "a/0 and a/4 added");

        ResultsStore reread = ResultsStore.open(dir.resolve("here"), false);
        assertEquals(
                List.of("a/0/commit=new", "a/3/commit=new", "a/4/commit=new", "b/0/commit=old"),
                reread.records().stream()
                        .map(r -> r.method() + "/" + r.seed() + "/" + r.build())
                        .sorted()
                        .toList());
        assertEquals(
                0.55, reread.find("ToyDiscrete", "a", 0, 128, "s").orElseThrow().score100(), 0);
        assertEquals(
                List.of(rec("a", 0, 0.50, "commit=old"), rec("a", 1, 0.60, "commit=old"), rec("a", 2, 0.62, null)),
                reread.superseded());
        assertEquals(0, reread.importSuperseding(dir.resolve("there")), "a second import changes nothing");
        assertEquals(3, reread.superseded().size());
    }

    /** A method whose settings text changed with the new build: its old version's records move too. */
    @Test
    void aSupersedingImportMovesTheRowsOldSettingsToo() throws Exception {
        ResultsStore here = ResultsStore.open(dir.resolve("here"), false);
        RunRecord oldVersion = rec("a", 0, 0.50, "commit=old", "s (greedy)");
        here.add(oldVersion);
        here.add(rec("b", 0, 0.70, "commit=old", "s (greedy)")); // another method: stays
        ResultsStore there = ResultsStore.open(dir.resolve("there"), false);
        there.add(rec("a", 0, 0.55, "commit=new"));

        assertEquals(1, here.importSuperseding(dir.resolve("there")));

        ResultsStore reread = ResultsStore.open(dir.resolve("here"), false);
        assertEquals(
                List.of("a/s/commit=new", "b/s (greedy)/commit=old"),
                reread.records().stream()
                        .map(r -> r.method() + "/" + r.settings() + "/" + r.build())
                        .sorted()
                        .toList());
        assertEquals(List.of(oldVersion), reread.superseded());
    }

    /** Quick runs and paper runs of a method are different rows: a superseding quick import leaves paper records. */
    @Test
    void aSupersedingQuickImportLeavesThePaperRecords() throws Exception {
        ResultsStore here = ResultsStore.open(dir.resolve("here"), false);
        here.add(rec("a", 0, 0.50, "commit=old"));
        ResultsStore there = ResultsStore.open(dir.resolve("there"), false);
        there.add(rec("a", 0, 0.40, "commit=new", "quick: s"));

        assertEquals(1, here.importSuperseding(dir.resolve("there")));

        ResultsStore reread = ResultsStore.open(dir.resolve("here"), false);
        assertEquals(2, reread.records().size());
        assertEquals(List.of(), reread.superseded());
    }

    @Test
    void aSupersedingImportRefusesARowOfTwoBuildsOrNoneAndChangesNothing() throws Exception {
        ResultsStore here = ResultsStore.open(dir.resolve("here"), false);
        here.add(rec("a", 0, 0.50, "commit=old"));
        Path mixed = dir.resolve("mixed");
        ResultsStore.open(mixed, false).add(rec("a", 1, 0.55, "commit=new"));
        ResultsStore.open(mixed, false).add(rec("a", 2, 0.56, "commit=newer"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> here.importSuperseding(mixed));
        assertEquals(
                "--import " + mixed + " holds ToyDiscrete a (k = 128) records of two builds (commit=new; commit=newer)"
                        + " and --supersede keeps a row on one build. Fix: import each build's records from a folder"
                        + " of their own, the newer last",
                e.getMessage());
        Path buildless = dir.resolve("buildless");
        ResultsStore.open(buildless, false).add(rec("a", 1, 0.55, null));
        e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> here.importSuperseding(buildless));
        assertEquals(
                "--import " + buildless + ": its ToyDiscrete a (k = 128) seed 1 record names no build, and --supersede"
                        + " moves rows to a named build. Fix: import that folder without --supersede",
                e.getMessage());
        ResultsStore reread = ResultsStore.open(dir.resolve("here"), false);
        assertEquals(List.of(rec("a", 0, 0.50, "commit=old")), reread.records());
        assertEquals(List.of(), reread.superseded());
    }

    @Test
    void aStoreOpenedBeforeASupersedingImportDoesNotBringTheOldRecordsBack() throws Exception {
        ResultsStore running = ResultsStore.open(dir.resolve("here"), false); // e.g. a benchmark still running there
        running.add(rec("a", 0, 0.50, "commit=old"));
        running.add(rec("a", 1, 0.60, "commit=old"));
        ResultsStore.open(dir.resolve("there"), false).add(rec("a", 0, 0.55, "commit=new"));
        assertEquals(1, ResultsStore.open(dir.resolve("here"), false).importSuperseding(dir.resolve("there")));

        running.add(rec("b", 0, 0.70, "commit=old"));

        ResultsStore reread = ResultsStore.open(dir.resolve("here"), false);
        assertEquals(
                List.of("a/0/commit=new", "b/0/commit=old"),
                reread.records().stream()
                        .map(r -> r.method() + "/" + r.seed() + "/" + r.build())
                        .sorted()
                        .toList());
        assertEquals(List.of(rec("a", 0, 0.50, "commit=old"), rec("a", 1, 0.60, "commit=old")), reread.superseded());
        assertEquals(reread.records().size(), running.records().size());
    }
}
