package org.mbo4j.method.baseline;

import org.mbo4j.method.Method;
import org.mbo4j.method.Proposal;
import org.mbo4j.task.OfflineProblem;

/**
 * The K best visible designs (on objective 0, respecting its direction). Its 100th percentile equals
 * D(best), the reference every method must beat. It ranks on objective 0 only; for multi-objective problems the
 * analogue is {@code d-best} ({@link DatasetNdsBest}), the first K rows by non-dominated sorting.
 * Deterministic: the seed is unused (ties keep dataset order).
 */
public final class DatasetTopK implements Method {
    @Override
    public String name() {
        return "dataset-topk";
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        int[] rows = problem.rankedRows();
        int n = Math.min(k, rows.length);
        double[][] designs = new double[n][];
        double[][] predicted = new double[n][];
        for (int i = 0; i < n; i++) {
            designs[i] = problem.dataset().design(rows[i]);
            predicted[i] = problem.dataset().score(rows[i]);
        }
        return Proposal.of(name(), seed, problem.space(), designs, predicted);
    }

    @Override
    public String settings() {
        return "top-K visible rows by objective 0";
    }
}
