package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingCheckpoints;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PlanTest {
    @TempDir
    Path dir;

    private static Benchmark bench(Path out) {
        return Benchmark.tasks("ToyDiscrete")
                .methods("random", "dataset-topk")
                .seedRange(0, 4)
                .k(8)
                .out(out);
    }

    private static RunRecord record(String method, long seed, String settings, double seconds) {
        return record(method, seed, settings, seconds, "commit=test src=test");
    }

    private static RunRecord record(String method, long seed, String settings, double seconds, String build) {
        return new RunRecord(
                "ToyDiscrete",
                method,
                seed,
                8,
                settings,
                1.0,
                0.5,
                0.9,
                0.4,
                null,
                null,
                0.7,
                0,
                seconds,
                "2026-12-07T00:00:00Z",
                build);
    }

    /** A 2 → 4 → 1 Gaussian net trained on 40 rows for {@code epochs} (checkpointing in the current scope). */
    private static Object tinyTraining(String label, int epochs, org.mbo4j.nn.TrainingLoss<GaussianMlp> loss) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 40, 2);
        INDArray y = x.sum(true, 1).reshape(40, 1);
        GaussianMlp net = GaussianMlp.of(
                Mlp.builder(2).hidden(4).activation(Activation.leakyRelu(0.3)).seed(2), 1);
        return Trainer.builder()
                .epochs(epochs)
                .batchSize(20)
                .seed(1)
                .label(label)
                .build()
                .fit(net, x, y, null, loss);
    }

    /** Every file under a folder with its bytes, and every folder. */
    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.toList()) {
                if (Files.isDirectory(p)) {
                    m.put(root.relativize(p) + "/", "");
                    continue;
                }
                m.put(
                        root.relativize(p).toString(),
                        java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
            }
        }
        return m;
    }

    @Test
    void aPlanCountsRecordedSeedsEstimatesThePendingOnesAndWritesNothing() throws IOException {
        Path out = dir.resolve("out");
        // an empty plan creates no folder
        Plan empty = bench(out).plan();
        assertTrue(Files.notExists(out));
        assertEquals(0, empty.recordedRuns());
        assertEquals(10, empty.pendingRuns());
        String settings = empty.rows().get(0).settings();

        ResultsStore store = ResultsStore.open(out, false);
        store.add(record("random", 0, settings, 600));
        store.add(record("random", 1, settings, 1800));
        store.add(record("random", 7, settings, 3000)); // outside the seeds: not a recorded seed, but a time
        store.add(record("random", 2, "an older version's settings", 5)); // not counted, not timed
        Path other = dir.resolve("other machine");
        ResultsStore.open(other, false).add(record("random", 3, settings, 1200));
        // seed 4 has a checkpoint folder with one finished training in it
        Path root = out.resolve("checkpoints"); // where the benchmark keeps shared trainings
        try (var scope = TrainingCheckpoints.open(
                Benchmark.checkpointDir(out, "ToyDiscrete", "random", settings, 8, 4), Duration.ZERO, root)) {
            tinyTraining("proxy", 2, Losses.gaussianNll());
        }
        // and a training shared by the seeds, stopped after its second epoch
        Path shared;
        try (var scope = TrainingCheckpoints.open(
                Benchmark.checkpointDir(out, "ToyDiscrete", "random", settings, 8, 2), Duration.ZERO, root)) {
            shared = TrainingCheckpoints.sharedDir("random", "one proxy");
            try {
                TrainingCheckpoints.shared(
                        "random",
                        "one proxy",
                        () -> tinyTraining("pool proxy", 5, org.mbo4j.nn.TestLosses.dyingAt(3, Losses.gaussianNll())));
            } catch (org.mbo4j.nn.TestLosses.Killed expected) {
                // the process was stopped here
            }
        }
        TrainingCheckpoints.delete(Benchmark.checkpointDir(out, "ToyDiscrete", "random", settings, 8, 2));
        Map<String, String> before = contents(out);
        Map<String, String> imported = contents(other);

        Plan p = bench(out).importFrom(other).plan();

        assertEquals(before, contents(out), "planning wrote nothing");
        assertEquals(imported, contents(other), "nor in the import folder");
        Plan.Row random = p.rows().get(0);
        assertEquals(List.of(0L, 1L, 3L), random.recorded());
        assertEquals(List.of(2L, 4L), random.pending());
        assertEquals(1500, random.secondsPerRun(), 0); // median of 600, 1200, 1800, 3000
        assertEquals(3000, random.pendingSeconds(), 0);
        assertEquals(1, random.otherSettings());
        Plan.Row topk = p.rows().get(1);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), topk.pending());
        assertTrue(Double.isNaN(topk.secondsPerRun()));
        assertEquals(3, p.recordedRuns());
        assertEquals(7, p.pendingRuns());
        assertEquals(3000, p.estimatedSeconds(), 0);
        assertEquals(5, p.unestimatedRuns());

        String row = "%-11s  %-12s  %-14s  %-13s  %-20s  %s";
        String expected = String.join(
                "\n",
                "Plan: ToyDiscrete × random, dataset-topk × seeds 0..4, k 8, recorded in " + out + " and " + other,
                "",
                String.format(
                        row, "task", "method", "recorded seeds", "pending seeds", "per run", "pending (estimate)"),
                String.format(row, "ToyDiscrete", "random", "0, 1, 3", "2, 4", "25 min (median of 4)", "50 min"),
                String.format(row, "ToyDiscrete", "dataset-topk", "-", "0..4", "none recorded", "?"),
                "",
                "ToyDiscrete random seed 4 has checkpoints (an in-process run resumes from them): proxy finished",
                Plan.wrap(
                                "ToyDiscrete random: 1 recorded run has other settings and is not counted (another "
                                        + "version or variant of the method)",
                                120)
                        .stripTrailing(),
                Plan.wrap(
                                "shared training " + shared.getFileName()
                                        + " (reused by the runs that need it): pool_proxy " + "epoch 2",
                                120)
                        .stripTrailing(),
                "",
                "3 of 10 runs recorded, 7 pending.",
                Plan.wrap(
                                "Estimated time of 2 pending runs: 50 min (an estimate: each row's median recorded "
                                        + "wall-clock time, as its runs had it: their thread counts, any time their "
                                        + "machine was shared or paused, only the last part of a run resumed from a "
                                        + "checkpoint, and none of a training that the seeds share, paid by one of "
                                        + "them).",
                                120)
                        .stripTrailing(),
                "5 pending runs have no recorded run of their row to estimate from.",
                "");
        assertEquals(expected, p.toText());
    }

    @Test
    void aPlanChecksWhatARunChecks() {
        Path out = dir.resolve("out");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> bench(out).importFrom(dir.resolve("nothing")).plan());
        assertEquals(
                "--import " + dir.resolve("nothing") + " holds no results.json. Fix: point it at a folder written "
                        + "by ./mbo4j bench --out",
                e.getMessage());
        assertTrue(Files.notExists(out));
        IllegalArgumentException k = assertThrows(
                IllegalArgumentException.class,
                () -> Benchmark.tasks("ToyDiscrete")
                        .methods("random")
                        .k(70000)
                        .out(out)
                        .plan());
        assertTrue(k.getMessage().startsWith("--k 70000 is more than the 65536 distinct designs"), k.getMessage());
        assertTrue(Files.notExists(out));
    }

    @Test
    void aPlanRefusesWhatARunRefusesAndCountsARunOnceAsAnImportWould() throws IOException {
        Path junk = dir.resolve("junk");
        Files.createDirectories(junk);
        Files.writeString(junk.resolve("notes.txt"), "mine");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> bench(junk).plan());
        assertEquals(
                "output folder " + junk + " exists and is not an mbo4j results folder. Fix: choose a new --out "
                        + "folder, or pass --force to write into it",
                e.getMessage());
        assertEquals(10, bench(junk).force(true).plan().pendingRuns());
        assertEquals(Map.of("/", "", "notes.txt", "bWluZQ=="), contents(junk));
        Path file = dir.resolve("a file");
        Files.writeString(file, "x");
        IllegalArgumentException f =
                assertThrows(IllegalArgumentException.class, () -> bench(file).plan());
        assertEquals("--out " + file + " is a file, not a folder. Fix: choose a folder path", f.getMessage());

        // the same run in --out without a build and in an import with one: the import's record counts, as --import
        // would replace it
        Path out = dir.resolve("out");
        String settings = bench(out).plan().rows().get(0).settings();
        ResultsStore.open(out, false).add(record("random", 0, settings, 100, null));
        Path other = dir.resolve("other");
        ResultsStore.open(other, false).add(record("random", 0, settings, 300));
        Plan p = bench(out).importFrom(other).plan();
        assertEquals(List.of(0L), p.rows().get(0).recorded());
        assertEquals(List.of(300.0), p.rows().get(0).recordedSeconds());
    }

    @Test
    void aSupersedingImportCountsOnlyTheImportedBuildInItsRows() {
        Path out = dir.resolve("out");
        String settings = bench(out).plan().rows().get(0).settings();
        ResultsStore store = ResultsStore.open(out, false);
        store.add(record("random", 0, settings, 100, "commit=old"));
        store.add(record("random", 1, settings, 110, "commit=old"));
        Path other = dir.resolve("other");
        ResultsStore.open(other, false).add(record("random", 1, settings, 300, "commit=new"));
        Plan p = bench(out).importSuperseding(other).plan();
        assertEquals(List.of(1L), p.rows().get(0).recorded(), "seed 0 of the old build no longer counts");
        assertEquals(List.of(300.0), p.rows().get(0).recordedSeconds());
        Plan plain = bench(out).importFrom(other).plan();
        assertEquals(List.of(0L, 1L), plain.rows().get(0).recorded());
        assertEquals(List.of(100.0, 110.0), plain.rows().get(0).recordedSeconds());
    }

    @Test
    void seedsAndDurationsReadAsWritten() {
        assertEquals("-", Plan.seeds(List.of()));
        assertEquals("3", Plan.seeds(List.of(3L)));
        assertEquals("0..2, 5, 7, 8", Plan.seeds(List.of(7L, 0L, 1L, 2L, 5L, 8L)));
        assertEquals("0 s", Plan.duration(0.2));
        assertEquals("99 s", Plan.duration(99.4));
        assertEquals("2 min", Plan.duration(99.5));
        assertEquals("99 min", Plan.duration(99.4 * 60));
        assertEquals("1.7 h", Plan.duration(99.5 * 60));
        assertEquals("13.4 h", Plan.duration(13.4 * 3600));
        assertEquals("one two\nthree\n", Plan.wrap("one two three", 7));
        assertEquals("a\nlongword\nb\n", Plan.wrap("a longword b", 3)); // a word wider than the line keeps it

        // the median of an even count is the mean of the middle two
        Plan.Row r = new Plan.Row("t", "m", "s", List.of(), List.of(0L), Map.of(), List.of(4.0, 1.0, 10.0, 2.0), 0);
        assertEquals(3.0, r.secondsPerRun(), 0);
        assertEquals(3.0, r.pendingSeconds(), 0);
        Plan.Row odd = new Plan.Row("t", "m", "s", List.of(), List.of(), Map.of(), List.of(4.0, 1.0, 10.0), 0);
        assertEquals(4.0, odd.secondsPerRun(), 0);
        assertEquals(0.0, odd.pendingSeconds(), 0);
    }
}
