package org.mbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void datasetTopKOnTfBind8ReportsDBest() throws Exception {
        Path out = dir.resolve("D");
        String[] r = run(
                "bench", "--tasks", "TFBind8", "--methods", "dataset-topk", "--seeds", "1", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(1, json.size());
        JsonNode rec = json.get(0);
        assertEquals(0.439, rec.get("score100").asDouble(), 5e-4);
        assertEquals(rec.get("dBest").asDouble(), rec.get("score100").asDouble(), 0);
        assertTrue(rec.has("raw50") && rec.has("score50") && rec.has("raw100"));
        assertTrue(Files.readString(out.resolve("summary.md"))
                .contains("| dataset-topk | 1 | 0.439 (1 seed) | 0.439 (1 seed) |"));
    }

    /** --import --supersede end to end: the imported build's record takes the row, the old one is kept aside. */
    @Test
    void aSupersedingImportMovesTheRowToTheImportedBuild() throws Exception {
        Path here = dir.resolve("here");
        Path there = dir.resolve("there");
        for (Path p : List.of(here, there)) {
            String[] r = run(
                    "bench", "--tasks", "ToyDiscrete", "--methods", "random", "--seeds", "2", "--out", p.toString());
            assertEquals("0", r[0], r[2]);
        }
        // here's two records as if from an older build
        ObjectMapper json = new ObjectMapper();
        Path results = here.resolve("results.json");
        JsonNode recs = json.readTree(results.toFile());
        for (JsonNode rec : recs) ((com.fasterxml.jackson.databind.node.ObjectNode) rec).put("build", "commit=old");
        json.writeValue(results.toFile(), recs);
        String newBuild = json.readTree(there.resolve("results.json").toFile())
                .get(0)
                .get("build")
                .asText();

        String[] r = run(
                "bench",
                "--tasks",
                "ToyDiscrete",
                "--methods",
                "random",
                "--seeds",
                "2",
                "--out",
                here.toString(),
                "--import",
                there.toString(),
                "--supersede");
        assertEquals("0", r[0], r[2]);
        JsonNode now = json.readTree(results.toFile());
        assertEquals(2, now.size());
        for (JsonNode rec : now) assertEquals(newBuild, rec.get("build").asText());
        JsonNode old = json.readTree(here.resolve("superseded.json").toFile());
        assertEquals(2, old.size());
        for (JsonNode rec : old) assertEquals("commit=old", rec.get("build").asText());
    }

    /**
     * A superseding import of a folder holding rows the command does not name (a lane's folder that went on to the
     * next task) is refused before anything is written.
     */
    @Test
    void aSupersedingImportRefusesRunsOutsideTheCommandsRows() throws Exception {
        Path here = dir.resolve("here");
        Path there = dir.resolve("there");
        String[] r =
                run("bench", "--tasks", "ToyDiscrete", "--methods", "random", "--seeds", "1", "--out", here.toString());
        assertEquals("0", r[0], r[2]);
        r = run(
                "bench",
                "--tasks",
                "ToyDiscrete",
                "--methods",
                "random,dataset-topk",
                "--seeds",
                "1",
                "--out",
                there.toString());
        assertEquals("0", r[0], r[2]);
        byte[] before = Files.readAllBytes(here.resolve("results.json"));

        r = run(
                "bench",
                "--tasks",
                "ToyDiscrete",
                "--methods",
                "random",
                "--seeds",
                "1",
                "--out",
                here.toString(),
                "--import",
                there.toString(),
                "--supersede");
        assertRefused(
                r,
                "error: --import " + there + " holds a ToyDiscrete dataset-topk run, outside this command's tasks"
                        + " and methods, and --supersede would move that row too. Fix: name it in --tasks and --methods, or"
                        + " import a folder holding only the rows to move");
        assertArrayEquals(before, Files.readAllBytes(here.resolve("results.json")));
        assertTrue(Files.notExists(here.resolve("superseded.json")));
    }

    /** The command failed with exit code 2 and this one-line message on stderr. */
    private static void assertRefused(String[] r, String message) {
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(message, r[2].strip());
    }

    /** {@code bench --tasks ToyDiscrete --methods METHOD --seeds 1 --out OUT} followed by {@code more}. */
    private static String[] toyBench(String method, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "bench", "--tasks", "ToyDiscrete", "--methods", method, "--seeds", "1", "--out", out.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /**
     * A row is (task, method, k, quick or paper settings): a superseding import of runs at another k, or of the other
     * variant (either way round), is refused too, naming the flag that would take them, by a run and by --plan (the
     * refused commands below are --plan ones, so a missing check fails here in seconds instead of training), and
     * nothing is written.
     */
    @Test
    void aSupersedingImportRefusesRunsAtAnotherKOrOfTheOtherVariant() throws Exception {
        Path here = dir.resolve("here");
        Path atK64 = dir.resolve("k64");
        Path quick = dir.resolve("quick");
        assertEquals("0", toyBench("random", here)[0]);
        assertEquals("0", toyBench("random", atK64, "--k", "64")[0]);
        assertEquals("0", toyBench("grad", quick, "--quick")[0]);
        byte[] before = Files.readAllBytes(here.resolve("results.json"));

        String atK64Message = "error: --import " + atK64 + " holds a ToyDiscrete random run at k = 64, this command's k"
                + " is 128, and --supersede would move that row too. Fix: import it with --k 64 into an --out of k = 64"
                + " runs, or import a folder holding only the rows to move";
        String[] r = toyBench("random", here, "--import", atK64.toString(), "--supersede");
        assertRefused(r, atK64Message);
        r = toyBench("random", here, "--import", atK64.toString(), "--supersede", "--plan");
        assertRefused(r, atK64Message);

        r = toyBench("grad", here, "--import", quick.toString(), "--supersede", "--plan");
        assertRefused(
                r,
                "error: --import " + quick + " holds a ToyDiscrete grad run with quick settings, this command runs"
                        + " paper ones, and --supersede would move that row too. Fix: add --quick, or import a folder"
                        + " holding only the rows to move");
        // the other way round: paper runs into a --quick command (grad's paper runs are slow to make, so the folder is
        // a copy of the quick one with the marker taken off its settings)
        Path paper = dir.resolve("paper");
        Files.createDirectories(paper);
        Files.writeString(
                paper.resolve("results.json"),
                Files.readString(quick.resolve("results.json")).replace("\"quick: ", "\""));
        r = toyBench("grad", quick, "--quick", "--import", paper.toString(), "--supersede", "--plan");
        assertRefused(
                r,
                "error: --import " + paper + " holds a ToyDiscrete grad run with paper settings, this command runs"
                        + " quick ones, and --supersede would move that row too. Fix: drop --quick, or import a folder"
                        + " holding only the rows to move");
        assertArrayEquals(before, Files.readAllBytes(here.resolve("results.json")));
        assertTrue(Files.notExists(here.resolve("superseded.json")));
        assertTrue(Files.notExists(quick.resolve("superseded.json")));
    }

    /**
     * A results folder holds one k per task: a summary row averages its runs whatever their k (it did: a k = 16 and a
     * k = 32 run summarised as one row of 2 seeds). A command at another k, or an import of runs at another k, is
     * refused before anything is written; the same command into another folder runs.
     */
    @Test
    void aResultsFolderHoldsOneKPerTask() throws Exception {
        Path here = dir.resolve("here");
        Path atK64 = dir.resolve("k64");
        assertEquals("0", toyBench("random", here)[0]);
        byte[] before = Files.readAllBytes(here.resolve("results.json"));

        String[] r = toyBench("random", here, "--k", "64");
        assertRefused(
                r,
                "error: --out " + here + " would hold ToyDiscrete runs at k = 128 (--out " + here + ") and k = 64 (this"
                        + " command), and a summary row averages its runs whatever their k. Fix: keep each k's runs in"
                        + " their own --out folder");
        assertArrayEquals(before, Files.readAllBytes(here.resolve("results.json")));

        assertEquals("0", toyBench("random", atK64, "--k", "64")[0]);
        r = run(
                "bench",
                "--tasks",
                "Branin",
                "--methods",
                "random",
                "--out",
                here.toString(),
                "--import",
                atK64.toString(),
                "--plan");
        assertRefused(
                r,
                "error: --out " + here + " would hold ToyDiscrete runs at k = 128 (--out " + here + ") and k = 64"
                        + " (--import " + atK64 + "), and a summary row averages its runs whatever their k. Fix: keep"
                        + " each k's runs in their own --out folder");
        assertArrayEquals(before, Files.readAllBytes(here.resolve("results.json")));
    }

    /**
     * The toolkit's tests run without the Spark module on the class path: --engine spark says how to build it;
     * an unknown engine names the two there are. Neither writes anything.
     */
    @Test
    void engineSparkWithoutTheModuleSaysHowToBuildIt() {
        Path out = dir.resolve("S");
        String[] r =
                run("bench", "--tasks", "Branin", "--methods", "random", "--engine", "spark", "--out", out.toString());
        assertRefused(
                r,
                "error: bench --engine spark needs the Spark module, which is not built: run `mvn -q -B "
                        + "-DskipTests -pl spark -am package` in the repository (./mbo4j test builds it too)");
        String[] e =
                run("bench", "--tasks", "Branin", "--methods", "random", "--engine", "yarn", "--out", out.toString());
        assertEquals("2", e[0]);
        assertEquals("error: --engine yarn is not an engine: use in-process (the default) or spark", e[2].strip());
        assertTrue(Files.notExists(out));
        // the toolkit's dependency tree (this JVM's class path holds all of it) has no Spark artifact
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkContext"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("scala.collection.Seq"));
    }

    @Test
    void badInputIsOneLineAndExitTwoWithNoFiles() {
        Path out = dir.resolve("E");
        String[] r = run("bench", "--tasks", "Nope", "--methods", "random", "--out", out.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("error: unknown task 'Nope'; valid tasks: "), r[2]);
        assertEquals(1, r[2].strip().lines().count());
        assertTrue(Files.notExists(out));
        String[] s =
                run("bench", "--tasks", "ToyDiscrete", "--methods", "random", "--seeds", "0", "--out", out.toString());
        assertEquals("2", s[0]);
        assertEquals("error: --seeds must be at least 1, got 0", s[2].strip());
        assertTrue(Files.notExists(out));
        for (String bad : new String[] {"x", "2..", "1..2..3", "2-5"}) {
            String[] b = run(
                    "bench", "--tasks", "ToyDiscrete", "--methods", "random", "--seeds", bad, "--out", out.toString());
            assertEquals("2", b[0], bad);
            assertEquals(
                    "error: --seeds '" + bad + "' is neither a count N (seeds 0..N-1) nor a range A..B (seeds A "
                            + "to B); e.g. --seeds 8 or --seeds 4..7",
                    b[2].strip());
        }
        String[] back = run(
                "bench", "--tasks", "ToyDiscrete", "--methods", "random", "--seeds", "5..2", "--out", out.toString());
        assertEquals("2", back[0]);
        assertEquals(
                "error: --seeds 5..2 is not a range of seeds: it needs 0 <= A <= B (A..B runs seeds A to B)",
                back[2].strip());
        assertTrue(Files.notExists(out));
        String[] k = run("bench", "--tasks", "TFBind8", "--methods", "random", "--k", "70000", "--out", out.toString());
        assertEquals("2", k[0]);
        assertEquals(
                "error: --k 70000 is more than the 65536 distinct designs of the space (sequence of 8 over acgt); "
                        + "ask for at most 65536",
                k[2].strip());
        assertTrue(Files.notExists(out));
        String[] sup =
                run("bench", "--tasks", "ToyDiscrete", "--methods", "random", "--supersede", "--out", out.toString());
        assertEquals("2", sup[0]);
        assertEquals(
                "error: --supersede applies to imported runs and there is no --import. Fix: add --import DIR",
                sup[2].strip());
        assertTrue(Files.notExists(out));
    }

    @Test
    void aSeedRangeRunsThoseSeeds() throws Exception {
        Path out = dir.resolve("R");
        String[] r = run(
                "bench",
                "--tasks",
                "ToyDiscrete",
                "--methods",
                "random",
                "--seeds",
                "3..4",
                "--k",
                "8",
                "--out",
                out.toString());
        assertEquals("0", r[0], r[2]);
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(2, json.size());
        assertEquals(3, json.get(0).get("seed").asLong());
        assertEquals(4, json.get(1).get("seed").asLong());
        // each record names the command that produced it, as a shell would take it back
        String line = "./mbo4j bench --tasks ToyDiscrete --methods random --seeds 3..4 --k 8 --out " + out;
        assertEquals(line, json.get(0).get("command").asText());
        assertEquals(line, json.get(1).get("command").asText());
    }

    @Test
    void planPrintsThePendingRunsAndWritesNothing() {
        Path out = dir.resolve("P");
        List<String> args = List.of("bench", "--tasks", "ToyDiscrete", "--methods", "random", "--seeds", "2..3");
        String[] r = run(java.util.stream.Stream.concat(
                        args.stream(), java.util.stream.Stream.of("--k", "8", "--out", out.toString(), "--plan"))
                .toArray(String[]::new));
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("Plan: ToyDiscrete × random × seeds 2..3, k 8, recorded in " + out + "\n"), r[1]);
        assertTrue(
                r[1].contains("\n0 of 2 runs recorded, 2 pending.\n2 pending runs have no recorded run of their "
                        + "row to estimate from.\nNothing was run or written (--plan).\n"),
                r[1]);
        assertTrue(Files.notExists(out));
        // the engine is checked, Spark is not needed to plan a Spark sweep
        for (String engine : new String[] {"yarn", "spark"}) {
            String[] e = run(
                    "bench",
                    "--tasks",
                    "ToyDiscrete",
                    "--methods",
                    "random",
                    "--out",
                    out.toString(),
                    "--plan",
                    "--engine",
                    engine);
            if (engine.equals("yarn")) {
                assertEquals("2", e[0]);
                assertEquals(
                        "error: --engine yarn is not an engine: use in-process (the default) or spark", e[2].strip());
            } else {
                assertEquals("0", e[0], e[2]);
            }
        }
        assertTrue(Files.notExists(out));
    }

    @Test
    void theRecordedCommandQuotesWhatAShellWouldSplit() {
        assertEquals(
                "./mbo4j bench --out 'my results' --tasks 'it'\\''s'",
                BenchCommand.commandLine(List.of("bench", "--out", "my results", "--tasks", "it's")));
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"tasks", "data", "bench", "propose", "lab", "notebook", "test", "ceiling"}) {
            String[] r = run(c, "--help");
            assertEquals("0", r[0], c);
            assertTrue(r[1].contains("Usage: mbo4j " + c), c + ": " + r[1]);
        }
    }
}
