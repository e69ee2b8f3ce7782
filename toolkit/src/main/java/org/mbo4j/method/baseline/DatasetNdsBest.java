package org.mbo4j.method.baseline;

import org.mbo4j.method.Method;
import org.mbo4j.method.Proposal;
import org.mbo4j.moo.Pareto;
import org.mbo4j.task.OfflineProblem;

/**
 * {@code d-best}: the K best visible designs by non-dominated sorting, the last front that does not fit whole cut by
 * crowding distance (Off-MOO-Bench's D(best) row: {@code get_N_non_dominated_solutions} in
 * {@code off_moo_baselines/multiple_models/experiment.py} 214–217 of {@code lamda-bbo/offline-moo};
 * {@link Pareto#selectBest}). Every objective is turned into "minimise" (a maximised one negated) before sorting;
 * fronts and crowding distances (each objective divided by its range within the front) do not change under the
 * per-objective min-max scaling the evaluation applies, so on a multi-objective task its hypervolume is the
 * protocol's D(best). With one objective it is {@code dataset-topk}. Deterministic: the seed is unused.
 */
public final class DatasetNdsBest implements Method {
    @Override
    public String name() {
        return "d-best";
    }

    /** Any number of objectives (with one it is {@code dataset-topk}). */
    @Override
    public boolean handlesObjectives(int objectives) {
        return objectives >= 1;
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        double[][] y = problem.dataset().scores();
        int m = problem.objectives().size();
        double[][] min = new double[y.length][m];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < m; j++) min[i][j] = -problem.sign(j) * y[i][j];
        }
        int[] rows = Pareto.selectBest(min, Math.min(k, y.length));
        double[][] designs = new double[rows.length][];
        double[][] predicted = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            designs[i] = problem.dataset().design(rows[i]);
            predicted[i] = problem.dataset().score(rows[i]);
        }
        return Proposal.of(name(), seed, problem.space(), designs, predicted);
    }

    @Override
    public String settings() {
        return "top-K visible rows by non-dominated sorting and crowding distance";
    }
}
