package org.mbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir Path dir;

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void datasetTopKOnTfBind8ReportsDBest() throws Exception {
        Path out = dir.resolve("D");
        String[] r = run("bench", "--tasks", "TFBind8", "--methods", "dataset-topk", "--seeds", "1", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(1, json.size());
        JsonNode rec = json.get(0);
        assertEquals(0.439, rec.get("score100").asDouble(), 5e-4);
        assertEquals(rec.get("dBest").asDouble(), rec.get("score100").asDouble(), 0);
        assertTrue(rec.has("raw50") && rec.has("score50") && rec.has("raw100"));
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| dataset-topk | 1 | 0.439 ± 0.000 |"));
    }

    @Test
    void badInputIsOneLineAndExitTwoWithNoFiles() {
        Path out = dir.resolve("E");
        String[] r = run("bench", "--tasks", "Nope", "--methods", "random", "--out", out.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("error: unknown task 'Nope'; valid tasks: "), r[2]);
        assertEquals(1, r[2].strip().lines().count());
        assertTrue(Files.notExists(out));
        String[] s = run("bench", "--tasks", "ToyDiscrete", "--methods", "random", "--seeds", "0", "--out", out.toString());
        assertEquals("2", s[0]);
        assertEquals("error: --seeds must be at least 1, got 0", s[2].strip());
        assertTrue(Files.notExists(out));
        String[] k = run("bench", "--tasks", "TFBind8", "--methods", "random", "--k", "70000", "--out", out.toString());
        assertEquals("2", k[0]);
        assertEquals("error: --k 70000 is more than the 65536 distinct designs of the space (sequence of 8 over acgt); "
                + "ask for at most 65536", k[2].strip());
        assertTrue(Files.notExists(out));
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"tasks", "data", "bench", "propose", "lab", "notebook", "test"}) {
            String[] r = run(c, "--help");
            assertEquals("0", r[0], c);
            assertTrue(r[1].contains("Usage: mbo4j " + c), c + ": " + r[1]);
        }
    }
}
