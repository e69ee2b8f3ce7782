package org.mbo4j.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OfflineGuardTest {
    private static final String TAIL =
            " while proposing: a method sees only its OfflineProblem (space, visible data, directions, and what the "
                    + "benchmark hands its methods: nadir, normalisation statistics)";

    @Test
    void outsideAZoneEveryCallPasses() {
        assertFalse(OfflineGuard.proposing());
        OfflineGuard.check("Tasks.load(\"TFBind8\")"); // no exception
        assertEquals(7, OfflineGuard.during("m", () -> 7));
        assertFalse(OfflineGuard.proposing());
    }

    @Test
    void aCallInsideAZoneNamesTheMethodAndTheCall() {
        var e = assertThrows(
                OfflineViolationException.class,
                () -> OfflineGuard.during("cheat", () -> {
                    OfflineGuard.check("Tasks.load(\"TFBind8\")");
                    return 1;
                }));
        assertEquals("method 'cheat' called Tasks.load(\"TFBind8\")" + TAIL, e.getMessage());
        assertEquals("cheat", e.method());
        assertEquals("Tasks.load(\"TFBind8\")", e.call());
        assertFalse(OfflineGuard.proposing());
    }

    @Test
    void zonesNestAndTheInnermostMethodIsNamed() {
        var e = assertThrows(
                OfflineViolationException.class,
                () -> OfflineGuard.during(
                        "outer",
                        () -> OfflineGuard.during("inner", () -> {
                            assertTrue(OfflineGuard.proposing());
                            OfflineGuard.check("Npy.read(/x.npy)");
                        })));
        assertEquals("method 'inner' called Npy.read(/x.npy)" + TAIL, e.getMessage());
        // after the inner zone closes, the outer one still guards
        var outer = assertThrows(
                OfflineViolationException.class,
                () -> OfflineGuard.during("outer", () -> {
                    OfflineGuard.during("inner", () -> {});
                    OfflineGuard.check("HeldOut.of(TFBind8)");
                }));
        assertEquals("method 'outer' called HeldOut.of(TFBind8)" + TAIL, outer.getMessage());
        assertFalse(OfflineGuard.proposing());
    }

    @Test
    void threadsTheMethodStartsAreGuardedToo() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        var e = assertThrows(
                OfflineViolationException.class,
                () -> OfflineGuard.during("threaded", () -> {
                    Thread t = new Thread(() -> {
                        try {
                            OfflineGuard.check("Task.evaluate(1 designs of Branin)");
                        } catch (Throwable x) {
                            seen.set(x);
                        }
                    });
                    t.start();
                    try {
                        t.join();
                    } catch (InterruptedException x) {
                        throw new AssertionError(x);
                    }
                }));
        assertSame(seen.get(), e, "the zone rethrows what the thread hit");
        assertEquals("method 'threaded' called Task.evaluate(1 designs of Branin)" + TAIL, e.getMessage());
    }

    @Test
    void aCaughtViolationStillFailsTheZone() {
        var e = assertThrows(
                OfflineViolationException.class,
                () -> OfflineGuard.during("sly", () -> {
                    try {
                        OfflineGuard.check("SyntheticTasks.function(\"Ackley-8\")");
                    } catch (IllegalStateException swallowed) {
                        // pretend nothing happened
                    }
                    return "designs";
                }));
        assertEquals("method 'sly' called SyntheticTasks.function(\"Ackley-8\")" + TAIL, e.getMessage());
        // the next zone starts clean
        assertEquals("ok", OfflineGuard.during("honest", () -> "ok"));
    }

    @Test
    void anExceptionOfTheBodyPassesThroughAndClosesTheZone() {
        var e = assertThrows(ArithmeticException.class, () -> OfflineGuard.during("div", () -> 1 / 0));
        assertEquals("/ by zero", e.getMessage());
        assertFalse(OfflineGuard.proposing());
    }
}
