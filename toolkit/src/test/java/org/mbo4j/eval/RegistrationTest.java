package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.method.Method;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.offline.OfflineViolationException;
import org.mbo4j.task.Objective;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.TaskInfo;
import org.mbo4j.task.Tasks;

/**
 * Registering a task or a method in code, as a notebook cell does: it then appears and runs like a built-in one;
 * clashes and malformed names are one-line errors naming both sources. Every registration is removed after each
 * test, so the registries other tests see are the built-in ones.
 */
class RegistrationTest {
    private static final String FIX = ". Fix: rename one, or remove the jar that repeats it from MBO4J_CLASSPATH";

    @AfterEach
    void clean() {
        Tasks.unregister("NbLine");
        for (String m : List.of("nb-top", "nb-wrong", "nb-cheat")) Methods.unregister(m);
    }

    /** NbLine: y = x on the 11 points 0, 0.1, ..., 1 of [0, 1]; visible x ≤ 0.5; full range [0, 1]. */
    static Task line(double offset) {
        ContinuousSpace box = ContinuousSpace.cube(1, 0, 1);
        double[][] x = new double[6][];
        double[] y = new double[6];
        for (int i = 0; i < 6; i++) {
            x[i] = new double[] {i / 10.0};
            y[i] = i / 10.0 + offset;
        }
        return Task.builder("NbLine")
                .family("notebook")
                .objectives(Objective.maximize("y"))
                .dataset(Dataset.of(box, x, y))
                .oracleKind("closed form")
                .citation("a cell")
                .oracle(d -> {
                    double[][] out = new double[d.length][];
                    for (int i = 0; i < d.length; i++) out[i] = new double[] {d[i][0] + offset};
                    return out;
                })
                .fullData(new double[] {offset}, new double[] {1 + offset}, 11)
                .build();
    }

    /** The k best visible designs, under a name of our choosing. */
    static Method top(String name) {
        return new Method() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Proposal run(OfflineProblem problem, int k, long seed) {
                return Proposal.of(name, seed, problem.space(), problem.topDesigns(k));
            }
        };
    }

    @Test
    void aTaskAndAMethodRegisteredInCodeRunLikeBuiltInOnes() {
        Task t = line(0);
        Tasks.register(t);
        Methods.register("nb-top", () -> top("nb-top"));
        assertTrue(Tasks.names().contains("NbLine"));
        assertEquals(
                new TaskInfo("NbLine", "notebook", "box [0, 1]^1", 1, 1, "6 of 11", "closed form", "a cell"),
                Tasks.catalogue().get(Tasks.names().indexOf("NbLine")));
        assertSame(t, Tasks.load("nbline"));
        assertEquals("nb-top", Methods.names().get(Methods.names().size() - 1));

        // the 2 best visible points are x = 0.5 and 0.4: normalised 100th percentile 0.5, 50th ('nearest') 0.4
        Summary s = Benchmark.tasks("NbLine").methods("nb-top").k(2).run();
        Summary.Row row = s.rows().get(0);
        assertEquals("nb-top", row.method());
        assertEquals(0.5, row.mean100(), 1e-12);
        assertEquals(2, t.oracleCalls());
    }

    @Test
    void registeringInCodeAgainReplacesTheEarlierRegistration() {
        Tasks.register(line(0));
        Task again = line(1);
        Tasks.register(again);
        assertSame(again, Tasks.load("NbLine"));
        assertEquals(1, Tasks.names().stream().filter("NbLine"::equals).count());
        Methods.register("nb-top", () -> top("nb-top"));
        Methods.register("NB-TOP", () -> top("NB-TOP"));
        assertEquals("NB-TOP", Methods.create("nb-top").name());
        assertTrue(Tasks.unregister("nbline"));
        assertFalse(Tasks.names().contains("NbLine"));
        assertFalse(Tasks.unregister("NbLine"));
    }

    /** NbLine's data under another name (a name some provider already declares). */
    static Task lineNamed(String name) {
        return Task.builder(name)
                .family("x")
                .objectives(Objective.maximize("y"))
                .dataset(line(0).dataset())
                .oracle(d -> d)
                .fullData(new double[] {0}, new double[] {1}, 6)
                .build();
    }

    @Test
    void clashesWithProvidersNameBothSources() {
        var task = assertThrows(IllegalStateException.class, () -> Tasks.register(lineNamed("TFBind8")));
        assertEquals(
                "task 'TFBind8' is registered twice: by built-in org.mbo4j.task.designbench.DesignBenchTasks and "
                        + "by Tasks.register in code" + FIX,
                task.getMessage());
        // a parameterised name another provider recognises is taken too
        var variant = assertThrows(IllegalStateException.class, () -> Tasks.register(lineNamed("Ackley-3")));
        assertEquals(
                "task 'Ackley-3' is registered twice: by built-in org.mbo4j.task.synthetic.SyntheticTasks and "
                        + "by Tasks.register in code" + FIX,
                variant.getMessage());
        var method = assertThrows(IllegalStateException.class, () -> Methods.register("GRAD", () -> top("GRAD")));
        assertEquals(
                "method 'GRAD' is registered twice: by built-in org.mbo4j.method.Methods and by Methods.register "
                        + "in code" + FIX,
                method.getMessage());
        assertFalse(Methods.names().contains("GRAD"));
    }

    @Test
    void malformedRegistrationsAreOneLine() {
        var name = assertThrows(IllegalStateException.class, () -> Methods.register("nb,top", () -> top("x")));
        assertEquals(
                "malformed method registration by Methods.register in code: method name 'nb,top' is not a valid "
                        + "name (letters, digits and . _ + -, starting with a letter or digit)",
                name.getMessage());
        var factory = assertThrows(IllegalStateException.class, () -> Methods.register("nb-top", null));
        assertEquals(
                "malformed method registration by Methods.register in code: method 'nb-top' has no factory",
                factory.getMessage());
        Methods.register("nb-wrong", () -> top("dataset-topk"));
        var wrong = assertThrows(IllegalStateException.class, () -> Methods.create("nb-wrong"));
        assertEquals(
                "malformed method registration by Methods.register in code: the factory of 'nb-wrong' returned "
                        + "a method named 'dataset-topk'; a method's name() must be its registry name",
                wrong.getMessage());
    }

    @Test
    void aFactoryRunsInsideTheGuard() {
        Methods.register("nb-cheat", () -> {
            Tasks.load("TFBind8");
            return top("nb-cheat");
        });
        var e = assertThrows(OfflineViolationException.class, () -> Methods.create("nb-cheat"));
        assertEquals(
                "method 'nb-cheat' called Tasks.load(\"TFBind8\") while proposing: a method sees only its "
                        + "OfflineProblem (space, visible data, directions, and what the benchmark hands its methods: nadir, "
                        + "normalisation statistics)",
                e.getMessage());
    }
}
