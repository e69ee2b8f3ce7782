package org.mbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CeilingCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesOneRecordPerTaskWithItsCommandAndBuild() throws Exception {
        Path out = dir.resolve("C");
        String[] r = BenchCommandTest.run(
                "ceiling", "--tasks", "VLMOP1", "--k", "8", "--generations", "3", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("VLMOP1: D(best) "), r[1]);
        JsonNode json = new ObjectMapper().readTree(out.resolve("ceiling.json").toFile());
        assertEquals(1, json.size());
        JsonNode rec = json.get(0);
        assertEquals("VLMOP1", rec.get("task").asText());
        assertEquals(8, rec.get("k").asInt());
        assertEquals(3, rec.get("generations").asInt());
        assertEquals(
                "./mbo4j ceiling --tasks VLMOP1 --k 8 --generations 3 --out " + out,
                rec.get("command").asText());
        assertTrue(rec.get("build").asText().contains("gemm="), rec.toString());
        // VLMOP1's hypervolume on our data is at most about 0.292 (off-moo README): the front cannot pass it by much
        assertTrue(rec.get("front").asDouble() >= rec.get("nsga2").asDouble()
                && rec.get("front").asDouble() < 0.3);
        assertTrue(Files.readString(out.resolve("ceiling.md")).contains("| VLMOP1 | 2 | 8 | 3 | 0 | "));
    }

    @Test
    void refusesASingleObjectiveTaskOrAFileBeforeSearchingAndWritesNothing() throws Exception {
        Path out = dir.resolve("C");
        String[] r = BenchCommandTest.run("ceiling", "--tasks", "VLMOP1,Branin", "--out", out.toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(
                "error: task Branin has one objective, and the ceiling is a hypervolume's. Fix: name multi-objective"
                        + " tasks (./mbo4j tasks lists them)",
                r[2].strip());
        assertFalse(Files.exists(out));
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        r = BenchCommandTest.run("ceiling", "--tasks", "VLMOP1", "--out", file.toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals("error: --out " + file + " is a file, not a folder. Fix: choose a folder path", r[2].strip());
        assertEquals("x", Files.readString(file));
        r = BenchCommandTest.run("ceiling", "--tasks", "VLMOP1", "--k", "100000", "--out", out.toString());
        assertEquals(
                "error: --k must be between 2 and 10000 (NSGA-II's population), got 100000. Fix: use the k of the"
                        + " benchmark rows to compare with (Off-MOO-Bench: 256)",
                r[2].strip());
        r = BenchCommandTest.run("ceiling", "--tasks", "VLMOP1", "--generations", "0", "--out", out.toString());
        assertEquals("error: --generations must be at least 1, got 0. Fix: leave it out for 500", r[2].strip());
        assertFalse(Files.exists(out));
        // an unreadable ceiling.json is refused before the search, on one line, and left as it was
        Files.createDirectories(out);
        Files.writeString(out.resolve("ceiling.json"), "[{\n oops");
        r = BenchCommandTest.run("ceiling", "--tasks", "VLMOP1", "--out", out.toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(
                r[2].startsWith("error: " + out.resolve("ceiling.json") + " is not a readable ceiling file ("), r[2]);
        assertTrue(
                r[2].strip()
                        .endsWith("Fix: rerun ./mbo4j ceiling into another folder, or delete the file to start"
                                + " over"),
                r[2]);
        assertEquals("[{\n oops", Files.readString(out.resolve("ceiling.json")));
    }
}
