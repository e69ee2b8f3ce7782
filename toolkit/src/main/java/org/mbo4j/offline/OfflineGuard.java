package org.mbo4j.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The offline discipline, enforced at run time: while a method proposes, every path to an oracle, to held-out data
 * or to a task's full data fails at once with an {@link OfflineViolationException} naming the call.
 *
 * <p>Callers that run a method wrap its work in {@link #during(String, Supplier)} (the benchmark runner, the
 * {@code propose} command, the method registry's factories); the guarded paths ({@code Task.evaluate},
 * {@code Tasks.load}, the synthetic and multi-objective functions, the Design-Bench data locator, {@code Npy.read},
 * {@code Evaluation}, {@code HeldOut}) call {@link #check(String)} first.
 *
 * <p>The zone is process-wide, not per thread: a depth counter shared by every thread, so threads a method starts
 * (thread pools, parallel streams) are covered too. Consequently an evaluation cannot run concurrently with a
 * proposal in the same JVM: while any proposal runs, every guarded call in the process fails. Zones nest; nesting is
 * harmless (a method that runs another method inside its own proposal).
 *
 * <p>A violation is remembered: a method that catches the exception and goes on still fails when its zone closes,
 * so a caught violation never yields a result.
 *
 * <p>This guards the toolkit's public paths; it is not a sandbox. Code that reads task files by hand or through
 * reflection is not stopped; the architecture test keeps the toolkit's own methods away from those paths.
 */
public final class OfflineGuard {
    private static final AtomicInteger DEPTH = new AtomicInteger();
    private static final Object LOCK = new Object();
    /** Names of the open zones, innermost last (guarded by LOCK). */
    private static final List<String> OPEN = new ArrayList<>();
    /** Violations so far and the latest one (guarded by LOCK). */
    private static long violations;

    private static OfflineViolationException latest;

    private OfflineGuard() {}

    /**
     * Runs {@code body} as (part of) the proposal of method {@code methodName}: until it returns, every guarded call
     * in the process throws an {@link OfflineViolationException}.
     *
     * @return what {@code body} returns
     * @throws OfflineViolationException when a guarded call was attempted inside, even if the body caught it
     */
    public static <T> T during(String methodName, Supplier<T> body) {
        Objects.requireNonNull(body, "body");
        String name = methodName == null ? "?" : methodName;
        long before;
        synchronized (LOCK) {
            OPEN.add(name);
            before = violations;
            DEPTH.incrementAndGet();
        }
        T result;
        try {
            result = body.get();
        } finally {
            synchronized (LOCK) {
                DEPTH.decrementAndGet();
                OPEN.remove(OPEN.lastIndexOf(name));
            }
        }
        synchronized (LOCK) {
            if (violations != before) throw latest;
        }
        return result;
    }

    /** {@link #during(String, Supplier)} for work without a result. */
    public static void during(String methodName, Runnable body) {
        Objects.requireNonNull(body, "body");
        during(methodName, () -> {
            body.run();
            return null;
        });
    }

    /** True while any proposal runs in this process. A single volatile read: cheap enough for inner loops. */
    public static boolean proposing() {
        return DEPTH.get() > 0;
    }

    /**
     * Fails when a proposal runs: call first thing in every path to an oracle, held-out data or full task data.
     *
     * @param call the call attempted, with its argument, e.g. {@code Tasks.load("TFBind8")}
     * @throws OfflineViolationException naming the innermost open method and {@code call}
     */
    public static void check(String call) {
        if (DEPTH.get() == 0) return;
        synchronized (LOCK) {
            if (DEPTH.get() == 0) return;
            OfflineViolationException e = new OfflineViolationException(OPEN.get(OPEN.size() - 1), call);
            violations++;
            latest = e;
            throw e;
        }
    }
}
