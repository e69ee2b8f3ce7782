package org.mbo4j.method;

import org.mbo4j.task.OfflineProblem;

/**
 * An offline MBO method: from an {@link OfflineProblem} (space, visible data, directions; no oracle) propose
 * k designs. Implementations are immutable, built with paper defaults, and deterministic for a given seed.
 */
public interface Method {
    /** Short registry name used by the CLI, e.g. {@code grad}, {@code coms}. */
    String name();

    /** Proposes {@code k} designs in the problem's space using {@code seed} for every random choice. */
    Proposal propose(OfflineProblem problem, int k, long seed);

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
     * return themselves. {@link #propose} applies it.
     */
    default Method forProblem(OfflineProblem problem) {
        return this;
    }

    /** Human-readable hyperparameters, e.g. for results tables. */
    default String settings() {
        return "paper defaults";
    }
}
