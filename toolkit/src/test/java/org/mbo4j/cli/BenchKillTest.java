package org.mbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbo4j.eval.Benchmark;

/**
 * {@code ./mbo4j bench} killed with SIGKILL in the middle of a training, then rerun with the same command, writes
 * the record an uninterrupted run writes. Each run is a child JVM with this JVM's options and class path
 * ({@code org.mbo4j.cli.Main bench}), checkpointing after every epoch ({@value Benchmark#CHECKPOINT_PROPERTY} =
 * PT0S): grad's quick settings on TFBind8 train 5 epochs of 257 minibatches, and the first is killed as soon as
 * its first checkpoint exists.
 */
class BenchKillTest {
    private static final List<String> BENCH =
            List.of("bench", "--tasks", "TFBind8", "--methods", "grad", "--quick", "--seeds", "1", "--k", "32");

    @TempDir
    Path dir;

    private static Process start(Path out, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the same JVM options (vector module, heap, native variant): results are bit-identical only on one setup
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
        }
        cmd.add("-D" + Benchmark.CHECKPOINT_PROPERTY + "=PT0S");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(BENCH);
        cmd.addAll(List.of("--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("MBO4J_QUIET"); // the progress lines say whether a training resumed
        return pb.start();
    }

    private static String finish(Process p, Path log) throws Exception {
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "bench did not finish");
        String text = Files.readString(log);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static Optional<Path> checkpoint(Path out) throws IOException {
        Path dir = out.resolve("checkpoints");
        if (!Files.isDirectory(dir)) return Optional.empty();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".ckpt")).findFirst();
        }
    }

    /** The record without the fields that differ between any two runs (time taken, time finished, build). */
    private static JsonNode record(Path out) throws IOException {
        JsonNode all = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(1, all.size(), all.toString());
        ObjectNode r = (ObjectNode) all.get(0);
        // the command differs only in its output folder
        assertTrue(
                r.get("command").asText().endsWith(" --out " + out),
                r.get("command").asText());
        r.remove(List.of("seconds", "finishedAt", "build", "command"));
        return r;
    }

    @Test
    void aBenchKilledMidTrainingAndRerunWritesTheRecordOfAnUninterruptedRun() throws Exception {
        Path ref = dir.resolve("ref");
        Path out = dir.resolve("killed");
        finish(start(ref, dir.resolve("ref.log")), dir.resolve("ref.log"));

        Process p = start(out, dir.resolve("killed.log"));
        Optional<Path> ckpt = Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (ckpt.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            ckpt = checkpoint(out);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertTrue(ckpt.isPresent(), "no checkpoint before the end: " + Files.readString(dir.resolve("killed.log")));
        assertFalse(Files.exists(out.resolve("results.json")), "killed before the run finished, so no record");
        try (DataInputStream d = new DataInputStream(Files.newInputStream(ckpt.get()))) { // Checkpoint's header
            assertEquals("mbo4j-training-checkpoint", d.readUTF());
            d.readInt(); // format version
            d.readUTF(); // fingerprint
            int epoch = d.readInt();
            assertTrue(epoch >= 1 && epoch < 5, "epoch " + epoch);
            assertFalse(d.readBoolean(), "the killed training had not finished");
        }

        // the rerun finds the file in its run's folder (deleted when the run is stored, below) and either resumes
        // from it or says "ignoring the training checkpoint ...; training from the start" (Checkpoint.load). The
        // progress line's "resumed from" status is not asserted: the bar draws at most every 100 ms and skips it.
        String rerun = finish(start(out, dir.resolve("rerun.log")), dir.resolve("rerun.log"));
        assertFalse(rerun.contains("ignoring the training checkpoint"), rerun);
        assertFalse(Files.exists(ckpt.get().getParent()), "the stored run's checkpoint folder is deleted");
        assertEquals(record(ref), record(out));
    }
}
