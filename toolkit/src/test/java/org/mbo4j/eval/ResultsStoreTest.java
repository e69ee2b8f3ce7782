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
        return new RunRecord(
                "ToyDiscrete",
                method,
                seed,
                128,
                "s",
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
}
