package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbo4j.method.Method;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.baseline.RandomSearch;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.TrainingCheckpoints;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class BenchmarkTest {
    @TempDir
    Path dir;

    /** Counts how often propose runs, to prove finished runs are skipped on resume. */
    static final class CountingRandom implements Method {
        final AtomicInteger calls = new AtomicInteger();
        final RandomSearch inner = new RandomSearch();

        @Override
        public String name() {
            return "random";
        }

        @Override
        public Proposal run(OfflineProblem p, int k, long seed) {
            calls.incrementAndGet();
            return inner.propose(p, k, seed);
        }

        @Override
        public String settings() {
            return inner.settings();
        }
    }

    /** Random search that first trains a tiny net, looking at its run's checkpoint folder while it runs. */
    static final class TrainingRandom implements Method {
        final List<String> seen = new ArrayList<>();
        final RandomSearch inner = new RandomSearch();
        Path out;
        /** Train one net from seed 7 for every seed, in the benchmark's shared folder. */
        boolean shared;

        @Override
        public String name() {
            return "train-then-random";
        }

        @Override
        public Proposal run(OfflineProblem p, int k, long seed) {
            long from = shared ? 7 : seed;
            // shared: the same data for every seed, and a later seed that trained instead of reloading would die
            org.mbo4j.nn.TrainingLoss<Mlp> loss =
                    shared && seed > 0 ? org.mbo4j.nn.TestLosses.dyingAt(1, Losses.mse()) : Losses.mse();
            java.util.function.Supplier<Object> train = () -> {
                var x = shared
                        ? Nd4j.linspace(0, 1, 32, DataType.FLOAT).reshape(16, 2)
                        : Nd4j.rand(DataType.FLOAT, 16, 2);
                var net = Mlp.builder(2).hidden(4).seed(from).build();
                return org.mbo4j.nn.Trainer.builder()
                        .epochs(2)
                        .batchSize(8)
                        .seed(from)
                        .label("tiny")
                        .build()
                        .fit(net, x, x.getColumn(0).reshape(16, 1), null, loss);
            };
            if (shared) TrainingCheckpoints.shared("tiny", "one net for every seed", train);
            else train.get();
            try (var runs = Files.list(out.resolve("checkpoints"))) {
                for (Path run : runs.toList()) {
                    try (var files = Files.list(run)) {
                        files.forEach(f -> seen.add(run.getFileName() + "/" + f.getFileName()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return inner.propose(p, k, seed);
        }

        @Override
        public String settings() {
            return "tiny";
        }
    }

    @Test
    void trainingsInsideARunCheckpointIntoTheRunFolderWhichIsRemovedAfterwards() throws Exception {
        Path out = dir.resolve("ckpt");
        TrainingRandom m = new TrainingRandom();
        m.out = out;
        Benchmark.tasks("ToyDiscrete").methods(m).seeds(2).k(8).out(out).run();
        assertEquals(2, m.seen.size(), m.seen.toString());
        assertTrue(
                m.seen.get(0).matches("ToyDiscrete-train-then-random-seed0-[0-9a-f]+/fit-00-tiny\\.ckpt"),
                m.seen.toString());
        try (var left = Files.list(out.resolve("checkpoints"))) {
            assertEquals(0, left.count(), "finished runs leave no checkpoints behind");
        }
    }

    @Test
    void trainingsSharedBySeedsCheckpointBesideTheRunsUntilTheSweepEnds() throws Exception {
        Path out = dir.resolve("shared");
        TrainingRandom m = new TrainingRandom();
        m.out = out;
        m.shared = true;
        Benchmark.tasks("ToyDiscrete").methods(m).seeds(2).k(8).out(out).run();
        String file = "tiny-shared-" + Integer.toHexString("one net for every seed".hashCode()) + "/fit-00-tiny.ckpt";
        assertEquals(List.of(file, file), m.seen, "each seed sees the one shared file, and nothing in its own folder");
        try (var left = Files.list(out.resolve("checkpoints"))) {
            assertEquals(0, left.count(), "the shared folder is removed when the sweep ends");
        }
    }

    @Test
    void writesThreeFilesAndResumesWithoutRerunning() throws Exception {
        Path out = dir.resolve("run");
        CountingRandom m = new CountingRandom();
        Summary first = Benchmark.tasks("ToyDiscrete")
                .methods(m)
                .seeds(3)
                .k(16)
                .out(out)
                .run();
        assertEquals(3, m.calls.get());
        assertTrue(Files.isRegularFile(out.resolve("results.json")));
        assertTrue(Files.isRegularFile(out.resolve("summary.csv")));
        assertTrue(Files.isRegularFile(out.resolve("summary.md")));
        // rerun with more seeds: only the new seeds run, old results are kept identical
        CountingRandom again = new CountingRandom();
        Summary second = Benchmark.tasks("ToyDiscrete")
                .methods(again)
                .seeds(4)
                .k(16)
                .out(out)
                .run();
        assertEquals(1, again.calls.get());
        assertEquals(4, second.rows().get(0).seeds());
        assertEquals(3, first.rows().get(0).seeds());
        assertEquals(4, ResultsStore.open(out, false).records().size());
        String csv = Files.readString(out.resolve("summary.csv"));
        assertTrue(csv.startsWith("task,method,seeds,settings,metric,score100_mean,score100_std"), csv);
        assertTrue(csv.contains("\nToyDiscrete,random,4,"), csv);
        // every record names the code that produced it; records from before the field existed read as null
        for (RunRecord r : ResultsStore.open(out, false).records()) assertEquals(BuildInfo.withRuntime(), r.build());
        // and the call that ran it: seeds 0..2 by the first call, seed 3 by the second
        List<String> commands = ResultsStore.open(out, false).records().stream()
                .map(RunRecord::command)
                .toList();
        String call = "Benchmark.tasks(\"ToyDiscrete\").methods(\"random\").seedRange(0, %d).k(16)";
        assertEquals(List.of(call.formatted(2), call.formatted(2), call.formatted(2), call.formatted(3)), commands);
        assertTrue(
                BuildInfo.id().equals("unknown") || BuildInfo.id().matches("commit=\\S+ src=[0-9a-f]{12}"),
                BuildInfo.id());
        String json = Files.readString(out.resolve("results.json"));
        Files.writeString(out.resolve("results.json"), json.replaceAll(",\\s*\"build\"\\s*:\\s*(null|\"[^\"]*\")", ""));
        assertFalse(Files.readString(out.resolve("results.json")).contains("\"build\""));
        for (RunRecord r : ResultsStore.open(out, false).records()) assertNull(r.build());
    }

    /** Random search that, like COMs and IOM, runs a variant with other settings on continuous boxes. */
    static final class BoxAwareRandom implements Method {
        final CountingRandom inner;
        final String settings;

        BoxAwareRandom(String settings, CountingRandom inner) {
            this.settings = settings;
            this.inner = inner;
        }

        @Override
        public String name() {
            return "random";
        }

        @Override
        public Proposal run(OfflineProblem p, int k, long seed) {
            return inner.propose(p, k, seed);
        }

        @Override
        public Method forProblem(OfflineProblem p) {
            return p.space() instanceof org.mbo4j.data.ContinuousSpace && settings.equals("general")
                    ? new BoxAwareRandom("box variant", inner)
                    : this;
        }

        @Override
        public String settings() {
            return settings;
        }
    }

    @Test
    void recordsTheSettingsOfTheVariantThatRanOnTheTask() throws Exception {
        Path out = dir.resolve("run");
        BoxAwareRandom m = new BoxAwareRandom("general", new CountingRandom());
        Benchmark.tasks("ToyDiscrete", "ToyContinuous")
                .methods(m)
                .seeds(1)
                .k(8)
                .out(out)
                .run();
        Map<String, String> settings = new TreeMap<>();
        for (RunRecord r : ResultsStore.open(out, false).records()) settings.put(r.task(), r.settings());
        assertEquals(java.util.Map.of("ToyContinuous", "box variant", "ToyDiscrete", "general"), settings);
        assertEquals(2, m.inner.calls.get());
        // a rerun finds both by the settings they were recorded with (the variant shares the counter)
        BoxAwareRandom again = new BoxAwareRandom("general", new CountingRandom());
        Benchmark.tasks("ToyDiscrete", "ToyContinuous")
                .methods(again)
                .seeds(1)
                .k(8)
                .out(out)
                .run();
        assertEquals(0, again.inner.calls.get());
    }

    @Test
    void refusesASingleObjectiveMethodOnAMultiObjectiveTaskBeforeRunningAnything() {
        Path out = dir.resolve("moo");
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Benchmark.tasks("ToyDiscrete", "ZDT1")
                        .methods("random", "grad")
                        .out(out)
                        .run());
        List<String> fitting = Methods.names().stream()
                .filter(n -> Methods.create(n).handlesObjectives(2))
                .toList();
        assertEquals(
                "method 'grad' optimises one objective, but task ZDT1 has 2 (f1, f2); drop the task from this"
                        + " benchmark or use a multi-objective method (" + String.join(", ", fitting) + ")",
                e.getMessage());
        assertFalse(Files.exists(out), "nothing ran, nothing was written");
    }

    @Test
    void refusesAForeignNonEmptyFolderUnlessForced() throws Exception {
        Path out = dir.resolve("foreign");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Benchmark.tasks("ToyDiscrete").methods("random").out(out).run());
        assertEquals(
                "output folder " + out + " exists and is not an mbo4j results folder. Fix: choose a new --out "
                        + "folder, or pass --force to write into it",
                e.getMessage());
        assertFalse(Files.exists(out.resolve("results.json")));
        Benchmark.tasks("ToyDiscrete")
                .methods("random")
                .k(8)
                .out(out)
                .force(true)
                .run();
        assertTrue(Files.exists(out.resolve("results.json")));
    }

    @Test
    void aFolderHoldingOnlyCheckpointsIsAnInterruptedFirstRunAndResumes() throws Exception {
        Path out = dir.resolve("killed");
        Files.createDirectories(out.resolve("checkpoints").resolve("ToyDiscrete-other-seed0-0"));
        Files.writeString(out.resolve(".results.lock"), "");
        Benchmark.tasks("ToyDiscrete").methods("random").k(8).out(out).run();
        assertTrue(Files.exists(out.resolve("results.json")));
        Path mixed = dir.resolve("mixed");
        Files.createDirectories(mixed.resolve("checkpoints"));
        Files.writeString(mixed.resolve("notes.txt"), "mine");
        assertThrows(
                IllegalArgumentException.class,
                () -> Benchmark.tasks("ToyDiscrete")
                        .methods("random")
                        .k(8)
                        .out(mixed)
                        .run());
    }

    @Test
    void theCheckpointIntervalIsOneMinuteOrTheSystemProperty() {
        assertEquals(Duration.ofMinutes(1), Benchmark.checkpointInterval());
        try {
            System.setProperty(Benchmark.CHECKPOINT_PROPERTY, "PT0S");
            assertEquals(Duration.ZERO, Benchmark.checkpointInterval());
            System.setProperty(Benchmark.CHECKPOINT_PROPERTY, "30s");
            var e = assertThrows(IllegalArgumentException.class, Benchmark::checkpointInterval);
            assertEquals(
                    "-Dmbo4j.checkpointEvery=30s is not an ISO-8601 duration; write e.g. PT30S, or PT0S for a "
                            + "checkpoint after every epoch",
                    e.getMessage());
        } finally {
            System.clearProperty(Benchmark.CHECKPOINT_PROPERTY);
        }
    }

    @Test
    void unknownNamesListTheValidOnes() {
        var t = assertThrows(
                IllegalArgumentException.class,
                () -> Benchmark.tasks("NoSuchTask").methods("random").run());
        assertTrue(
                t.getMessage()
                        .startsWith("unknown task 'NoSuchTask'; valid tasks: TFBind8, ToyDiscrete, ToyContinuous"),
                t.getMessage());
        var m = assertThrows(
                IllegalArgumentException.class, () -> Benchmark.tasks("TFBind8").methods("nope"));
        assertTrue(
                m.getMessage().startsWith("unknown method 'nope'; valid methods: dataset-topk, random"),
                m.getMessage());
    }

    @Test
    void summaryUsesPopulationStdAndAverageRanks() {
        List<RunRecord> rs = List.of(
                rec("T", "a", 0, 0.5),
                rec("T", "a", 1, 0.7),
                rec("T", "b", 0, 0.6),
                rec("T", "b", 1, 0.6),
                rec("U", "a", 0, 0.1),
                rec("U", "b", 0, 0.1));
        Summary s = Summary.of(rs);
        Summary.Row a = s.rows().get(0);
        assertEquals(0.6, a.mean100(), 1e-12);
        assertEquals(0.1, a.std100(), 1e-12); // ddof 0: sqrt(((0.1)^2 + (0.1)^2) / 2)
        assertEquals(1.5, s.meanRank().get("a"), 1e-12); // T: tie 0.6 vs 0.6 -> 1.5 each; U: tie -> 1.5
        assertEquals(1.5, s.meanRank().get("b"), 1e-12);
    }

    @Test
    void twoBenchmarksCanShareOneFolder() {
        Path out = dir.resolve("shared");
        ResultsStore a = ResultsStore.open(out, false);
        ResultsStore b = ResultsStore.open(out, false); // opened before a writes anything
        a.add(rec("T", "grad", 0, 0.9));
        b.add(rec("T", "coms", 0, 0.8));
        a.add(rec("T", "grad", 1, 0.7));
        List<RunRecord> all = ResultsStore.open(out, false).records();
        assertEquals(3, all.size());
        assertEquals(
                List.of("grad", "coms", "grad"),
                all.stream().map(RunRecord::method).toList());
    }

    @Test
    void aRerunWithNothingLeftToRunRewritesTheSummariesAndKeepsOthersRuns() throws Exception {
        Path out = dir.resolve("done");
        Benchmark.tasks("ToyDiscrete")
                .methods(new CountingRandom())
                .seeds(2)
                .k(8)
                .out(out)
                .run();
        Files.delete(out.resolve("summary.md"));
        ResultsStore stale = ResultsStore.open(out, false); // another process's view, opened now
        ResultsStore.open(out, false).add(rec("ToyDiscrete", "other", 0, 0.5, 8)); // a run added by someone else
        CountingRandom m = new CountingRandom();
        Summary s =
                Benchmark.tasks("ToyDiscrete").methods(m).seeds(2).k(8).out(out).run();
        assertEquals(0, m.calls.get());
        String md = Files.readString(out.resolve("summary.md"));
        assertTrue(md.contains("| random | 2 |") && md.contains("| other | 1 of 2, **partial** |"), md);
        assertEquals(2, s.rows().size());
        stale.sync(); // merges, never drops the newer runs
        assertEquals(3, ResultsStore.open(out, false).records().size());
    }

    @Test
    void importedRunsAreNotRunAgain() {
        Path first = dir.resolve("first");
        Benchmark.tasks("ToyDiscrete")
                .methods(new CountingRandom())
                .seeds(2)
                .k(8)
                .out(first)
                .run();
        CountingRandom m = new CountingRandom();
        Summary s = Benchmark.tasks("ToyDiscrete")
                .methods(m)
                .seeds(3)
                .k(8)
                .out(dir.resolve("gathered"))
                .importFrom(first)
                .run();
        assertEquals(1, m.calls.get(), "seeds 0 and 1 come from the imported folder");
        assertEquals(3, s.rows().get(0).seeds());
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Benchmark.tasks("ToyDiscrete")
                        .methods("random")
                        .out(dir.resolve("x"))
                        .importFrom(dir.resolve("nothing"))
                        .run());
        assertEquals(
                "--import " + dir.resolve("nothing") + " holds no results.json. Fix: point it at a folder written "
                        + "by ./mbo4j bench --out",
                e.getMessage());
    }

    @Test
    void aSeedRangeRunsOnlyThoseSeedsAndItsSharesGatherIntoTheFullRun() throws Exception {
        CountingRandom whole = new CountingRandom();
        Summary all = Benchmark.tasks("ToyDiscrete")
                .methods(whole)
                .seeds(4)
                .k(8)
                .out(dir.resolve("whole"))
                .run();
        CountingRandom low = new CountingRandom();
        CountingRandom high = new CountingRandom();
        Benchmark.tasks("ToyDiscrete")
                .methods(low)
                .seedRange(0, 1)
                .k(8)
                .out(dir.resolve("low"))
                .run();
        Summary h = Benchmark.tasks("ToyDiscrete")
                .methods(high)
                .seedRange(2, 3)
                .k(8)
                .out(dir.resolve("high"))
                .run();
        assertEquals(2, low.calls.get());
        assertEquals(2, high.calls.get());
        assertEquals(
                List.of(2L, 3L),
                ResultsStore.open(dir.resolve("high"), false).records().stream()
                        .map(RunRecord::seed)
                        .toList());
        assertEquals(2, h.rows().get(0).seeds());
        CountingRandom none = new CountingRandom();
        Summary gathered = Benchmark.tasks("ToyDiscrete")
                .methods(none)
                .seeds(4)
                .k(8)
                .out(dir.resolve("gathered"))
                .importFrom(dir.resolve("low"))
                .importFrom(dir.resolve("high"))
                .run();
        assertEquals(0, none.calls.get(), "both shares were imported");
        assertEquals(all.rows().get(0).mean100(), gathered.rows().get(0).mean100(), 0);
        assertEquals(all.rows().get(0).std100(), gathered.rows().get(0).std100(), 0);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Benchmark.tasks("ToyDiscrete").methods("random").seedRange(3, 1));
        assertEquals(
                "--seeds 3..1 is not a range of seeds: it needs 0 <= A <= B (A..B runs seeds A to B)", e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Benchmark.tasks("ToyDiscrete").seedRange(-1, 2));
    }

    private static RunRecord rec(String task, String method, long seed, double score) {
        return rec(task, method, seed, score, 128);
    }

    private static RunRecord rec(String task, String method, long seed, double score, int k) {
        return new RunRecord(task, method, seed, k, "x", score, score, score, score, null, null, 0.4, k, 0, "t", null);
    }
}
