package org.mbo4j.task;

import java.util.List;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.DesignSpace;

/**
 * What an offline MBO method may see: the design space, the visible dataset and the objectives' directions.
 * By construction it holds no oracle.
 *
 * @param name       the task name (for logs and plots)
 * @param space      admissible designs
 * @param dataset    the visible offline data
 * @param objectives one per score column, with directions
 * @param nadir      a multi-objective task's hard-coded nadir point in raw units, one value per objective
 *                   (Off-MOO-Bench's {@code task.nadir_point}, which its MOBO baselines read), or empty where none is
 *                   known (user data)
 * @param statistics the benchmark's normalisation statistics over the task's whole data ({@link BenchmarkStatistics}:
 *                   Off-MOO-Bench's tasks), or null where the benchmark hands none (user data, Design-Bench)
 */
public record OfflineProblem(
        String name,
        DesignSpace space,
        Dataset dataset,
        List<Objective> objectives,
        List<Double> nadir,
        BenchmarkStatistics statistics) {
    public OfflineProblem {
        objectives = List.copyOf(objectives);
        nadir = List.copyOf(nadir);
        if (statistics != null
                && (statistics.yMin().length != objectives.size() || statistics.xMin().length != space.dims())) {
            throw new IllegalArgumentException("problem '" + name + "' has " + space.dims() + " design coordinates and "
                    + objectives.size() + " objectives but benchmark statistics for " + statistics.xMin().length
                    + " and " + statistics.yMin().length);
        }
        if (!nadir.isEmpty() && nadir.size() != objectives.size()) {
            throw new IllegalArgumentException("problem '" + name + "' has " + objectives.size()
                    + " objectives but a nadir point with " + nadir.size() + " values");
        }
        if (objectives.size() != dataset.objectives()) {
            throw new IllegalArgumentException("problem '" + name + "' has " + objectives.size()
                    + " objectives but its dataset has " + dataset.objectives() + " score columns");
        }
        if (!dataset.space().equals(space)) {
            throw new IllegalArgumentException("problem '" + name + "': dataset space differs from problem space");
        }
    }

    /** A problem without benchmark statistics. */
    public OfflineProblem(
            String name, DesignSpace space, Dataset dataset, List<Objective> objectives, List<Double> nadir) {
        this(name, space, dataset, objectives, nadir, null);
    }

    /** A problem without a known nadir point. */
    public OfflineProblem(String name, DesignSpace space, Dataset dataset, List<Objective> objectives) {
        this(name, space, dataset, objectives, List.of());
    }

    /** Builds a single-objective problem to maximise from a dataset (e.g. user CSV data). */
    public static OfflineProblem maximize(String name, Dataset data) {
        return new OfflineProblem(
                name,
                data.space(),
                data,
                List.of(Objective.maximize(data.scoreNames().get(0))));
    }

    public boolean isMultiObjective() {
        return objectives.size() > 1;
    }

    /** The direction sign of objective j (+1 maximise, −1 minimise). */
    public double sign(int j) {
        return objectives.get(j).direction().sign();
    }

    /**
     * Visible row indices ranked best first on objective 0 (single-objective use).
     */
    public int[] rankedRows() {
        return dataset.rankBy(0, objectives.get(0).direction() == Direction.MAXIMIZE);
    }

    /** The k best visible designs on objective 0 (best first). */
    public double[][] topDesigns(int k) {
        int[] rows = rankedRows();
        int n = Math.min(k, rows.length);
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) out[i] = dataset.design(rows[i]);
        return out;
    }
}
