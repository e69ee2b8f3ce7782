package org.mbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbo4j.task.designbench.DataLocator;

/**
 * Tasks and methods from user jars, end to end: jars built from sources in the test ({@link UserJars}) on the class
 * path of a child JVM that runs the command line ({@link MainBatch} over {@link Main#run}), as the launcher does with
 * {@code MBO4J_CLASSPATH}. An honest method is listed and scored; a cheating one fails through {@code bench} and
 * {@code propose} with the guard's one-line message and leaves nothing behind; duplicate and malformed registrations
 * are one-line errors naming both sources.
 */
class UserJarTest {
    private static final String TAIL =
            " while proposing: a method sees only its OfflineProblem (space, visible data, directions, and what the "
                    + "benchmark hands its methods: nadir, normalisation statistics)";

    @TempDir
    static Path work;

    static Path honest;
    static Path cheat;
    static Path shard;

    @BeforeAll
    static void buildJars() throws IOException {
        honest = UserJars.honest(work);
        cheat = UserJars.cheat(work);
        shard = DataLocator.locate(UserJars.SHARD, false);
    }

    /** Runs the command lines in one child JVM with {@code jars} on its class path. */
    static List<MainBatch.Result> run(List<Path> jars, List<List<String>> commands) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "-Xmx1g",
                "-Djava.awt.headless=true",
                "-Dcheat.shard=" + shard,
                "-Dorg.bytedeco.javacpp.platform.extension="
                        + System.getProperty("org.bytedeco.javacpp.platform.extension", "")));
        StringBuilder cp = new StringBuilder(UserJars.classPath());
        for (Path j : jars) cp.append(File.pathSeparator).append(j);
        cmd.addAll(List.of("-cp", cp.toString(), MainBatch.class.getName()));
        for (int i = 0; i < commands.size(); i++) {
            if (i > 0) cmd.add("---");
            cmd.addAll(commands.get(i));
        }
        Path log = work.resolve("child-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(log));
        List<MainBatch.Result> results = MainBatch.parse(out);
        assertEquals(commands.size(), results.size(), out + Files.readString(log));
        return results;
    }

    @Test
    void anHonestMethodRunsAndIsScoredAndACheatFailsNamingTheCall() throws Exception {
        Path csv = work.resolve("runs.csv");
        Files.writeString(csv, "x1,x2,y\n0,0,1\n1,1,5\n2,0,3\n");
        Path bench = work.resolve("honest-bench");
        Path next = work.resolve("next.csv");
        List<List<String>> commands = new ArrayList<>(List.of(
                List.of("tasks"),
                List.of("propose", "--help"),
                List.of(
                        "bench",
                        "--tasks",
                        "UserBox,TFBind8",
                        "--methods",
                        "user-best",
                        "--k",
                        "4",
                        "--out",
                        bench.toString()),
                List.of(
                        "propose",
                        "--data",
                        csv.toString(),
                        "--method",
                        "user-best",
                        "--k",
                        "2",
                        "--out",
                        next.toString())));
        Map<String, String> calls = Map.of(
                "cheat-load", "Tasks.load(\"TFBind8\")",
                "cheat-heldout", "Tasks.load(\"TFBind8\")",
                "cheat-synthetic", "SyntheticTasks.function(\"Ackley-8\")",
                "cheat-shard", "DataLocator.locate(" + UserJars.SHARD + ")",
                "cheat-npy", "Npy.read(" + shard + ")");
        List<String> cheats = List.of("cheat-load", "cheat-heldout", "cheat-synthetic", "cheat-shard", "cheat-npy");
        for (String c : cheats) {
            commands.add(List.of(
                    "bench",
                    "--tasks",
                    "TFBind8",
                    "--methods",
                    c,
                    "--k",
                    "4",
                    "--out",
                    work.resolve("bench-" + c).toString()));
            commands.add(List.of(
                    "propose",
                    "--data",
                    csv.toString(),
                    "--method",
                    c,
                    "--k",
                    "2",
                    "--out",
                    work.resolve("out-" + c + ".csv").toString()));
        }
        List<MainBatch.Result> r = run(List.of(honest, cheat), commands);

        // the user's task is in the catalogue, the user's methods in the method lists
        assertEquals(0, r.get(0).code(), r.get(0).err());
        assertTrue(
                r.get(0).out().lines().anyMatch(l -> l.startsWith("UserBox ") && l.contains("user")),
                r.get(0).out());
        // the built-ins first (their list grows with every method, so only its ends are pinned), the jar's after
        String listing = r.get(1).out().replaceAll("\\s+", " ");
        assertTrue(listing.contains("one of: dataset-topk, random, grad, grad-min, grad-mean, "), listing);
        assertTrue(
                listing.contains(", user-best, cheat-load, cheat-heldout, cheat-synthetic, cheat-shard, cheat-npy."),
                listing);
        for (String builtIn : List.of("coms", "roma", "iom", "cma-es", "bo-qei", "reinforce", "reinforce-db")) {
            assertTrue(listing.contains(" " + builtIn + ","), builtIn + " missing: " + listing);
        }

        // bench scores it: on UserBox the 4 best visible designs are the (±0.5, ±0.5) corners, y = −0.5, normalised
        // (−0.5 − (−2)) / (0 − (−2)) = 0.75; on TFBind8 the best visible rows score D(best)
        assertEquals(0, r.get(2).code(), r.get(2).err());
        JsonNode json =
                new ObjectMapper().readTree(bench.resolve("results.json").toFile());
        assertEquals(2, json.size());
        JsonNode box = json.get(0);
        assertEquals("UserBox", box.get("task").asText());
        assertEquals("user-best", box.get("method").asText());
        assertEquals(0.75, box.get("score100").asDouble(), 0);
        assertEquals(0.75, box.get("score50").asDouble(), 0);
        assertEquals(4, box.get("oracleCalls").asLong());
        JsonNode tf = json.get(1);
        assertEquals("TFBind8", tf.get("task").asText());
        assertEquals(tf.get("dBest").asDouble(), tf.get("score100").asDouble(), 0);
        assertEquals(4, tf.get("oracleCalls").asLong());

        // propose writes the 2 best rows of the file
        assertEquals(0, r.get(3).code(), r.get(3).err());
        List<String> rows = Files.readAllLines(next);
        assertEquals(3, rows.size(), rows.toString());
        assertEquals(List.of(1.0, 1.0), numbers(rows.get(1)));
        assertEquals(List.of(2.0, 0.0), numbers(rows.get(2)));

        for (int i = 0; i < cheats.size(); i++) {
            String c = cheats.get(i);
            String expected = "error: method '" + c + "' called " + calls.get(c) + TAIL + "\n";
            MainBatch.Result b = r.get(4 + 2 * i);
            assertEquals(2, b.code(), c);
            assertEquals(expected, b.err(), "bench " + c);
            assertFalse(Files.exists(work.resolve("bench-" + c)), "bench " + c + " left its folder");
            MainBatch.Result p = r.get(5 + 2 * i);
            assertEquals(2, p.code(), c);
            assertEquals(expected, p.err(), "propose " + c);
            assertFalse(Files.exists(work.resolve("out-" + c + ".csv")), "propose " + c + " wrote its file");
        }
    }

    private static List<Double> numbers(String csvRow) {
        List<Double> out = new ArrayList<>();
        for (String s : csvRow.split(",")) out.add(Double.valueOf(s));
        return out;
    }

    @Test
    void duplicateAndMalformedRegistrationsAreOneLineNamingBothSources() throws Exception {
        Path other =
                UserJars.jar(work, "other", UserJars.OTHER, Map.of(UserJars.METHODS, List.of("user.OtherMethods")));
        Path dup = UserJars.jar(
                work,
                "dup",
                UserJars.DUP,
                Map.of(UserJars.METHODS, List.of("user.DupMethods"), UserJars.TASKS, List.of("user.DupTasks")));
        Path bad = UserJars.jar(work, "bad", Map.of(), Map.of(UserJars.METHODS, List.of("user.Missing")));
        Path csv = work.resolve("dup.csv");
        Files.writeString(csv, "x,y\n0,1\n1,2\n");
        List<String> propose = List.of(
                "propose",
                "--data",
                csv.toString(),
                "--method",
                "random",
                "--out",
                work.resolve("dup-out.csv").toString());

        MainBatch.Result twoJars = run(List.of(honest, other), List.of(propose)).get(0);
        assertEquals(2, twoJars.code());
        assertEquals(
                "error: method 'user-best' is registered twice: by user.HonestMethods (" + honest + ") and by "
                        + "user.OtherMethods (" + other + "). Fix: rename one, or remove the jar that repeats it from "
                        + "MBO4J_CLASSPATH\n",
                twoJars.err());

        List<MainBatch.Result> r = run(List.of(dup), List.of(List.of("tasks"), propose));
        assertEquals(2, r.get(0).code());
        assertEquals(
                "error: task 'TFBind8' is registered twice: by built-in "
                        + "org.mbo4j.task.designbench.DesignBenchTasks and by user.DupTasks (" + dup
                        + "). Fix: rename one, "
                        + "or remove the jar that repeats it from MBO4J_CLASSPATH\n",
                r.get(0).err());
        assertEquals(2, r.get(1).code());
        assertEquals(
                "error: method 'random' is registered twice: by built-in org.mbo4j.method.Methods and by "
                        + "user.DupMethods (" + dup + "). Fix: rename one, or remove the jar that repeats it from "
                        + "MBO4J_CLASSPATH\n",
                r.get(1).err());

        MainBatch.Result malformed = run(List.of(bad), List.of(propose)).get(0);
        assertEquals(2, malformed.code());
        assertEquals(
                "error: malformed method registration: org.mbo4j.method.MethodProvider: Provider user.Missing "
                        + "not found (listed in file:" + bad
                        + "!/META-INF/services/org.mbo4j.method.MethodProvider). Fix: "
                        + "correct META-INF/services/org.mbo4j.method.MethodProvider in that jar, or remove the jar from "
                        + "MBO4J_CLASSPATH\n",
                malformed.err());
        assertFalse(Files.exists(work.resolve("dup-out.csv")));
    }
}
