package org.mbo4j.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.Npy;
import org.mbo4j.eval.Benchmark;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.eval.HeldOut;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.offline.OfflineViolationException;
import org.mbo4j.task.Objective;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.mbo4j.task.designbench.DataLocator;
import org.mbo4j.task.designbench.DesignBenchTasks;
import org.mbo4j.task.moo.ClosedFormProblem;
import org.mbo4j.task.moo.OffMooBenchTasks;
import org.mbo4j.task.moo.SyntheticSuite;
import org.mbo4j.task.synthetic.Ackley;
import org.mbo4j.task.synthetic.SyntheticTasks;

/**
 * The offline discipline, from both sides: every registered method proposes on problems whose task oracle throws
 * without touching it, and a method that reaches for an oracle, held-out data or a task's full data by any public
 * path fails with an {@link OfflineViolationException} naming the call, in a zone and through {@link Benchmark}
 * (which then writes nothing for it).
 *
 * <p>The cheating methods here are also the architecture test's evidence that its rule for {@code method..} bites.
 */
class OfflineDisciplineTest {
    static final String SHARD = "tf_bind_8-SIX6_REF_R1/tf_bind_8-x-0.npy";
    private static final String TAIL =
            " while proposing: a method sees only its OfflineProblem (space, visible data, directions, and what the "
                    + "benchmark hands its methods: nadir, normalisation statistics)";

    /** A task over {@code data} whose oracle throws: any call to it fails the test. */
    static Task throwingTask(String name, Dataset data) {
        return Task.builder(name)
                .family("test")
                .objectives(Objective.maximize("y"))
                .dataset(data)
                .oracle(designs -> {
                    throw new AssertionError(
                            "the oracle of " + name + " was called with " + designs.length + " designs");
                })
                .fullData(data.scoreMin(), data.scoreMax(), data.size())
                .build();
    }

    /** 600 rows of TFBind8's visible data, every 50th. */
    static Task tfBind8Slice() {
        Task t = Tasks.load("TFBind8");
        int[] rows = IntStream.range(0, 600).map(i -> i * 50).toArray();
        return throwingTask("TFBind8-slice", t.dataset().subset(rows));
    }

    /** 60 Sobol-free random points of a 3-d box, y = −Σ x². */
    static Task smallBox() {
        ContinuousSpace box = ContinuousSpace.cube(3, -1, 1);
        SplittableRandom rng = new SplittableRandom(17);
        double[][] x = new double[60][3];
        double[] y = new double[60];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 3; j++) x[i][j] = rng.nextDouble(-1, 1);
            y[i] = -(x[i][0] * x[i][0] + x[i][1] * x[i][1] + x[i][2] * x[i][2]);
        }
        return throwingTask("box-3", Dataset.of(box, x, y));
    }

    static Stream<Arguments> methodsAndProblems() {
        List<Arguments> out = new ArrayList<>();
        var box = smallBox().space();
        for (String name : Methods.names()) {
            out.add(Arguments.of(name, "TFBind8-slice"));
            // methods whose search needs sequences (REINFORCE's policy) say so through supports
            if (Methods.create(name).supports(box)) out.add(Arguments.of(name, "box-3"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("methodsAndProblems")
    void everyRegisteredMethodProposesWithoutTheOracle(String name, String problem) {
        Task task = problem.equals("box-3") ? smallBox() : tfBind8Slice();
        Method m = Methods.create(name).quick();
        Proposal p = OfflineGuard.during(m.name(), () -> m.propose(task.problem(), 4, 0));
        assertEquals(4, p.size(), name);
        for (double[] d : p.designs()) assertTrue(task.space().contains(d), name + " proposes outside the space");
        assertEquals(0, task.oracleCalls(), name + " called the oracle");
        // the counter counts: scoring the proposal sends its designs to the (here throwing) oracle
        assertThrows(AssertionError.class, () -> task.evaluate(p.designs()));
        assertEquals(4, task.oracleCalls());
    }

    /** A method whose proposal runs {@code cheat} on the problem first. */
    static Method cheating(String name, Function<OfflineProblem, Object> cheat) {
        return new Method() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Proposal run(OfflineProblem problem, int k, long seed) {
                cheat.apply(problem);
                return Proposal.of(name, seed, problem.space(), problem.topDesigns(k));
            }
        };
    }

    static double[][] read(Path p) {
        try {
            return Npy.read(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The four paths of the issue, as a method would write them, and the call each one is stopped at. */
    static Stream<Arguments> cheats() {
        return Stream.of(
                Arguments.of(
                        cheating("cheat-load", p -> Tasks.load(p.name()).evaluate(p.topDesigns(1))),
                        "Tasks.load(\"TFBind8\")"),
                Arguments.of(
                        cheating("cheat-heldout", p -> HeldOut.of(Evaluation.of(Tasks.load(p.name())))),
                        "Tasks.load(\"TFBind8\")"),
                Arguments.of(
                        cheating("cheat-synthetic", p -> SyntheticTasks.function("Ackley-8")),
                        "SyntheticTasks.function(\"Ackley-8\")"),
                Arguments.of(
                        cheating("cheat-shard", p -> read(DataLocator.locate(SHARD, false))),
                        "DataLocator.locate(" + SHARD + ")"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("cheats")
    void aCheatingMethodFailsNamingTheCall(Method cheat, String call) {
        OfflineProblem problem = Tasks.load("TFBind8").problem();
        var e = assertThrows(
                OfflineViolationException.class,
                () -> OfflineGuard.during(cheat.name(), () -> cheat.propose(problem, 4, 0)));
        assertEquals("method '" + cheat.name() + "' called " + call + TAIL, e.getMessage());
    }

    /** Objects obtained before the proposal (captured by a notebook lambda) are no way round the guard either. */
    @Test
    void objectsCapturedBeforeTheProposalAreGuardedToo() throws IOException {
        Task tf = Tasks.load("TFBind8");
        Evaluation eval = Evaluation.of(tf);
        Path shard = DataLocator.locate(SHARD, false);
        Ackley ackley = new Ackley(8);
        ClosedFormProblem zdt1 = SyntheticSuite.zdt1();
        Proposal top = Proposal.of("x", 0, tf.space(), tf.problem().topDesigns(2));
        long calls = tf.oracleCalls();
        List<Object[]> cases = List.of(
                new Object[] {
                    (Runnable) () -> tf.evaluate(tf.problem().topDesigns(3)), "Task.evaluate(3 designs of TFBind8)"
                },
                new Object[] {
                    (Runnable) () -> eval.oracle(tf.problem().topDesigns(2)), "Evaluation.oracle(2 designs of TFBind8)"
                },
                new Object[] {(Runnable) () -> eval.score(top), "Evaluation.score(proposal of x on TFBind8)"},
                new Object[] {(Runnable) () -> HeldOut.of(eval), "HeldOut.of(TFBind8)"},
                new Object[] {(Runnable) tf::fullMax, "Task.fullMax() of TFBind8"},
                new Object[] {(Runnable) () -> tf.normalize(0.5, 0), "Task.normalize(0.5, 0) of TFBind8"},
                new Object[] {(Runnable) () -> read(shard), "Npy.read(" + shard + ")"},
                new Object[] {(Runnable) () -> DataLocator.find(SHARD), "DataLocator.find(" + SHARD + ")"},
                new Object[] {(Runnable) DataLocator::dataDir, "DataLocator.dataDir()"},
                new Object[] {(Runnable) () -> DesignBenchTasks.tfBind8(false), "DesignBenchTasks.tfBind8(false)"},
                new Object[] {(Runnable) () -> ackley.value(new double[8]), "Ackley-8.value(x)"},
                new Object[] {(Runnable) () -> zdt1.evaluate(new double[30]), "ZDT1.evaluate(x)"},
                new Object[] {
                    (Runnable) () -> SyntheticTasks.task(ackley, 10, 0.2, 1),
                    "SyntheticTasks.task(Ackley-8, 10, 0.2, 1)"
                },
                new Object[] {
                    (Runnable) () -> OffMooBenchTasks.task(zdt1, 10, 0.4, 1), "OffMooBenchTasks.task(ZDT1, 10, 0.4, 1)"
                });
        for (Object[] c : cases) {
            var e = assertThrows(
                    OfflineViolationException.class, () -> OfflineGuard.during("sneaky", (Runnable) c[0]), (String)
                            c[1]);
            assertEquals("method 'sneaky' called " + c[1] + TAIL, e.getMessage());
        }
        assertEquals(calls, tf.oracleCalls(), "no design reached the oracle");
        // outside a proposal the same objects work, and the calls are counted
        assertEquals(3, tf.evaluate(tf.problem().topDesigns(3)).length);
        assertEquals(0.0, -ackley.value(new double[8]), 1e-12);
        assertEquals(calls + 3, tf.oracleCalls());
    }

    /**
     * Only Off-MOO-Bench's tasks hand methods the whole data's normalisation statistics (its protocol); Design-Bench's
     * and the synthetic single-objective tasks keep their full-data bounds behind the guard.
     */
    @Test
    void onlyOffMooBenchTasksHandOverNormalisationStatistics() {
        assertEquals(null, Tasks.load("TFBind8").problem().statistics());
        assertEquals(
                null, SyntheticTasks.task(new Ackley(4), 20, 0.2, 1).problem().statistics());
        Task zdt1 = OffMooBenchTasks.task(SyntheticSuite.zdt1(), 300, 0.4, 1);
        assertArrayEquals(zdt1.fullMax(), zdt1.problem().statistics().yMax(), 0);
    }

    @Test
    void benchmarkStopsAtACheatAndWritesNothingForIt(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("bench");
        Method cheat = cheating("cheat-load", p -> Tasks.load(p.name()).evaluate(p.topDesigns(1)));
        var e = assertThrows(
                OfflineViolationException.class,
                () -> Benchmark.tasks("TFBind8")
                        .methods(Methods.create("dataset-topk"), cheat)
                        .k(8)
                        .out(out)
                        .run());
        assertEquals("method 'cheat-load' called Tasks.load(\"TFBind8\")" + TAIL, e.getMessage());
        // the honest run before it keeps its record; the cheat has none and no checkpoint folder
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(1, json.size());
        assertEquals("dataset-topk", json.get(0).get("method").asText());
        assertEquals(8, json.get(0).get("oracleCalls").asLong());
        assertFalse(Files.exists(out.resolve("checkpoints")));

        // a cheat alone in a new folder leaves no folder at all
        Path alone = dir.resolve("alone");
        assertThrows(
                OfflineViolationException.class,
                () -> Benchmark.tasks("TFBind8").methods(cheat).k(8).out(alone).run());
        assertFalse(Files.exists(alone));
    }

    @Test
    void aRecordCountsEveryOracleCallOfItsRun(@TempDir Path dir) throws IOException {
        Task toy = Tasks.load("ToyDiscrete");
        long before = toy.oracleCalls();
        Benchmark.tasks("ToyDiscrete").methods("random").k(16).out(dir).run();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertEquals(16, json.get(0).get("oracleCalls").asLong());
        assertEquals(before + 16, toy.oracleCalls());
    }
}
