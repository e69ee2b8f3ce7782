package org.mbo4j.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbo4j.eval.Benchmark;
import org.mbo4j.eval.ResultsStore;
import org.mbo4j.method.baseline.RandomSearch;
import org.mbo4j.method.surrogate.GradientAscent;
import org.mbo4j.method.surrogate.InvariantObjectiveModels;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.offline.OfflineViolationException;
import org.mbo4j.task.Direction;
import org.mbo4j.task.Objective;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/** The method kit's contracts: settings records, variants, shared models, and the guard around a method's own code. */
class MethodKitTest {
    static List<String> names() {
        return Methods.names();
    }

    /** A 100-row slice of TFBind8 and a small box problem. */
    private static List<OfflineProblem> sliceAndBox() {
        Task t = Tasks.load("TFBind8");
        int[] rows = IntStream.range(0, 100).map(i -> i * 50).toArray();
        OfflineProblem seq = new OfflineProblem("slice", t.space(), t.dataset().subset(rows), t.objectives());
        return List.of(seq, GoldenDesigns.smallBox());
    }

    @ParameterizedTest
    @MethodSource("names")
    void forProblemIsIdempotent(String name) {
        for (OfflineProblem p : sliceAndBox()) {
            for (Method m : List.of(Methods.create(name), Methods.create(name).quick())) {
                Method once = m.forProblem(p);
                assertEquals(once.settings(), once.forProblem(p).settings(), name + " on " + p.name());
            }
        }
    }

    /**
     * {@code bench --supersede} tells quick rows from paper rows by {@link ResultsStore#QUICK_MARK}: every quick
     * variant that computes something else than the paper settings says so at the start of its text, and no paper
     * setting does.
     */
    @ParameterizedTest
    @MethodSource("names")
    void quickSettingsAndOnlyThoseBeginWithTheQuickMark(String name) {
        for (OfflineProblem p : sliceAndBox()) {
            Method paper = Methods.create(name);
            if (!paper.supports(p.space())) continue;
            String full = paper.forProblem(p).settings();
            String quick = paper.quick().forProblem(p).settings();
            assertFalse(ResultsStore.isQuick(full), name + ": " + full);
            assertTrue(quick.equals(full) || ResultsStore.isQuick(quick), name + " on " + p.name() + ": " + quick);
        }
    }

    @Test
    void reinforceAndGfnAlSupportSequencesOnlyAndEveryOtherMethodBoxesToo() {
        var box = GoldenDesigns.smallBox().space();
        var seq = Tasks.load("TFBind8").space();
        for (String name : Methods.names()) {
            Method m = Methods.create(name);
            assertTrue(m.supports(seq), name);
            assertEquals(!name.startsWith("reinforce") && !name.startsWith("gfn-al"), m.supports(box), name);
        }
    }

    @Test
    void withChecksTheValueTypeAndTheRecordsRules() {
        GradientAscent grad = GradientAscent.defaults();
        assertEquals(5, grad.with(GradientAscent.Settings::epochs, 5).config().epochs());
        var e = assertThrows(
                IllegalArgumentException.class, () -> grad.with(GradientAscent.Settings::epochs, (Object) 5L));
        assertEquals(
                "setting 'epochs' of Settings is a int, not a Long (5); pass a int value, e.g. 5 rather than 5L for "
                        + "an int, 0.1 rather than 1 for a double",
                e.getMessage());
        var nan = assertThrows(
                IllegalArgumentException.class, () -> grad.with(GradientAscent.Settings::stepScale, Double.NaN));
        assertEquals("the step scale must be a finite number ≥ 0, got NaN", nan.getMessage());
        var quick = InvariantObjectiveModels.defaults().quick();
        assertEquals(
                quick.settings(), quick.quick().settings(), "quick() of the quick variant changes nothing (λ/10 once)");
    }

    @Test
    void sharedModelsScopesNestAndAClosedScopeIsNeverRevived() {
        Object data = new Object();
        SharedModels a = SharedModels.open();
        SharedModels b = SharedModels.open();
        a.close(); // out of order
        b.close();
        Object first = SharedModels.get(data, "k", Object::new);
        assertNotSame(first, SharedModels.get(data, "k", Object::new), "no scope is open: nothing is shared");
        try (SharedModels s = SharedModels.open()) {
            Object m = SharedModels.get(data, List.of(1, "x"), Object::new);
            assertSame(m, SharedModels.get(data, List.of(1, "x"), Object::new));
            assertNotSame(m, SharedModels.get(new Object(), List.of(1, "x"), Object::new), "other data, by identity");
            assertNotSame(m, SharedModels.get(data, List.of(2, "x"), Object::new), "another key");
            assertEquals(3, s.size());
        }
    }

    @Test
    void gradEnsemblesOfOppositeDirectionsOnOneDatasetAreNotShared() {
        OfflineProblem max = GoldenDesigns.smallBox();
        OfflineProblem min = new OfflineProblem(
                "small-min", max.space(), max.dataset(), List.of(new Objective("y", Direction.MINIMIZE)));
        GradientAscent m = GradientAscent.minEnsemble()
                .with(GradientAscent.Settings::hidden, List.of(8))
                .with(GradientAscent.Settings::epochs, 1);
        try (SharedModels s = SharedModels.open()) {
            var up = (Ensemble<?>) m.train(m.data(max), 0);
            var down = (Ensemble<?>) m.train(m.data(min), 0);
            assertNotSame(up.member(0), down.member(0));
            assertEquals(2, s.size());
        }
    }

    /** A method whose settings() reaches for the oracle: its own code, so the guard must stop it too. */
    static final class PeekingSettings implements Method {
        @Override
        public String name() {
            return "peek";
        }

        @Override
        public Proposal run(OfflineProblem problem, int k, long seed) {
            return new RandomSearch().run(problem, k, seed);
        }

        @Override
        public String settings() {
            Tasks.load("Branin").evaluate(new double[][] {{0, 0}});
            return "peeked";
        }
    }

    @Test
    void aMethodsSettingsRunInsideTheGuardInABenchmark() {
        var e = assertThrows(
                OfflineViolationException.class,
                () -> Benchmark.tasks("Branin").methods(new PeekingSettings()).run());
        assertEquals(
                "method 'peek' called Tasks.load(\"Branin\") while proposing: a method sees only its OfflineProblem "
                        + "(space, visible data, directions, and what the benchmark hands its methods: nadir, normalisation "
                        + "statistics)",
                e.getMessage());
    }
}
