package org.mbo4j.eval;

import java.util.ArrayList;
import java.util.List;
import org.mbo4j.data.Dataset;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Reward-hacking diagnostics of a search trajectory: at every recorded step, the surrogate's mean and max
 * prediction against the oracle's mean and max score of the same designs (normalised like the benchmark), and how
 * far the designs have moved from the visible data (mean distance to the nearest visible design: Hamming for
 * sequences, Euclidean for boxes). A surrogate that keeps rising while the oracle falls is being exploited.
 *
 * <p>Scoring a trajectory calls the oracle for every snapshot; it goes through {@link Evaluation}, which counts the
 * calls. It is a diagnostic, never part of a method.
 */
public final class TrajectoryReport {
    private TrajectoryReport() {}

    /**
     * One row per recorded step: {@code step, surrogate_mean, surrogate_max, oracle_mean, oracle_max,
     * distance_to_data} (surrogate values in raw score units; oracle values normalised over the full task data).
     *
     * @throws IllegalArgumentException when the proposal carries no trajectory
     */
    public static Table of(Evaluation eval, Proposal p) {
        Trajectory t = p.trajectory()
                .orElseThrow(() -> new IllegalArgumentException("proposal of " + p.method()
                        + " has no trajectory; only search-based methods record one (e.g. grad, coms)"));
        if (eval.task().isMultiObjective()) {
            throw new IllegalArgumentException("trajectory reports are single-objective; "
                    + eval.task().name() + " has " + eval.task().objectives().size() + " objectives");
        }
        Dataset visible = eval.task().dataset();
        List<Integer> steps = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (Trajectory.Step s : t.steps()) {
            double[][] y = eval.oracle(s.designs());
            double sm = 0;
            double sx = Double.NEGATIVE_INFINITY;
            double om = 0;
            double ox = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < y.length; i++) {
                double o = eval.task().normalize(y[i][0], 0);
                om += o;
                ox = Math.max(ox, o);
                sm += s.predicted()[i];
                sx = Math.max(sx, s.predicted()[i]);
            }
            steps.add(s.step());
            rows.add(new double[] {sm / y.length, sx, om / y.length, ox, meanDistance(visible, s.designs())});
        }
        Table table = Table.create(p.method() + " trajectory on " + eval.task().name());
        table.addColumns(IntColumn.create(
                "step", steps.stream().mapToInt(Integer::intValue).toArray()));
        String[] names = {"surrogate_mean", "surrogate_max", "oracle_mean", "oracle_max", "distance_to_data"};
        for (int c = 0; c < names.length; c++) {
            final int col = c;
            table.addColumns(DoubleColumn.create(
                    names[c], rows.stream().mapToDouble(r -> r[col]).toArray()));
        }
        return table;
    }

    /** Mean over designs of the distance to the nearest visible design. */
    static double meanDistance(Dataset visible, double[][] designs) {
        double[] d = GenerativeDiagnostics.nearestDistances(
                visible.designs(), designs, GenerativeDiagnostics.Metric.of(visible.space()));
        double total = 0;
        for (double v : d) total += v;
        return total / designs.length;
    }
}
