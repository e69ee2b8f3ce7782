package org.mbo4j.method;

import org.mbo4j.data.DesignSpace;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.task.OfflineProblem;

/**
 * An offline MBO method: from an {@link OfflineProblem} (space, visible data, directions; no oracle) propose
 * k designs. Implementations are immutable and deterministic for a given seed.
 *
 * <p>Write a method by implementing {@link #name()} and {@link #run}; call it through {@link #propose}, which picks
 * the variant for the problem ({@link #forProblem}) and runs it. Methods with hyperparameters extend
 * {@link ConfiguredMethod} (settings as one record); surrogate methods extend
 * {@code org.mbo4j.method.surrogate.SurrogateMethod} (the shared data → model → trainer → search pipeline).
 */
public interface Method {
    /** Short registry name used by the CLI, e.g. {@code grad}, {@code coms}. */
    String name();

    /**
     * The method's own work: propose {@code k} designs for {@code problem} using {@code seed} for every random
     * choice. Called by {@link #propose} on the variant {@link #forProblem} chose; call {@link #propose} instead.
     */
    Proposal run(OfflineProblem problem, int k, long seed);

    /**
     * Proposes {@code k} designs in the problem's space with the variant of this method for the problem, inside the
     * offline guard: while it runs, every path to an oracle, to held-out data or to a task's data files fails with
     * {@link org.mbo4j.offline.OfflineViolationException} ({@link OfflineGuard}).
     */
    default Proposal propose(OfflineProblem problem, int k, long seed) {
        return OfflineGuard.during(name(), () -> forProblem(problem).run(problem, k, seed));
    }

    /** {@link #propose(OfflineProblem, int, long)} with seed 0. */
    default Proposal propose(OfflineProblem problem, int k) {
        return propose(problem, k, 0L);
    }

    /**
     * A cheaper variant for tutorials and CI ({@code ./mbo4j bench --quick}): smaller models, fewer epochs and steps.
     * Its {@link #settings()} start with {@code quick:}. Methods without a costly part return themselves.
     */
    default Method quick() {
        return this;
    }

    /**
     * The method as it runs on {@code problem}: methods whose paper code uses other settings on some kinds of design
     * space (COMs and IOM on continuous boxes) return that variant, whose {@link #settings()} say what ran; the rest
     * return themselves. {@link #propose} applies it. It must be idempotent: the variant's own {@code forProblem}
     * returns an equal variant (a benchmark reads the variant's settings before it runs; tested for every registered
     * method).
     */
    default Method forProblem(OfflineProblem problem) {
        return this;
    }

    /**
     * Whether the method optimises problems with {@code objectives} objectives: single-objective methods (the default)
     * take exactly one; multi-objective methods take two or more; a method that does not model the scores
     * ({@code random}) takes any number. {@code propose} and {@code bench} refuse other problems before running.
     */
    default boolean handlesObjectives(int objectives) {
        return objectives == 1;
    }

    /** Whether the method can propose in {@code space} (default: any space; REINFORCE's policy needs sequences). */
    default boolean supports(DesignSpace space) {
        return true;
    }

    /** Human-readable hyperparameters, e.g. for results tables; finished benchmark runs are matched by it. */
    default String settings() {
        return "paper defaults";
    }
}
