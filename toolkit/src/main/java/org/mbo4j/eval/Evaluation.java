package org.mbo4j.eval;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.Percentiles;
import org.mbo4j.method.Proposal;
import org.mbo4j.moo.Hypervolume;
import org.mbo4j.moo.Pareto;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.task.Direction;
import org.mbo4j.task.Task;

/**
 * The evaluation protocol for one task: the only place that calls the oracle, counting every design it scores (the
 * task counts them too, {@link Task#oracleCalls()}, whoever calls). Its oracle and scores fail while a method
 * proposes ({@link OfflineGuard}).
 *
 * <ul>
 *   <li>Single objective (Design-Bench, design-baselines {@code Logger}): normalised score
 *   {@code (y − y_min)/(y_max − y_min)} over the full task data; 100th and 50th percentiles of the K designs with
 *   the 'nearest' rule of {@code tfp.stats.percentile}; D(best) = normalised best visible score.</li>
 *   <li>Multiple objectives (Off-MOO-Bench, {@code off_moo_bench/evaluation/metrics.py}): scores min-max normalised
 *   over the full task data (train ∪ removed set), reference point 2.2 × the normalised nadir, hypervolume of all
 *   K designs (100th) and of those left after removing the best 50% by non-dominated sorting (50th); D(best) =
 *   hypervolume of the best K visible points by NDS with crowding tie-break.</li>
 * </ul>
 */
public final class Evaluation {
    private final Task task;
    private final AtomicLong oracleCalls = new AtomicLong();

    private Evaluation(Task task) {
        this.task = task;
    }

    public static Evaluation of(Task task) {
        return new Evaluation(task);
    }

    public Task task() {
        return task;
    }

    /** Designs scored by the oracle through this evaluation so far. */
    public long oracleCalls() {
        return oracleCalls.get();
    }

    /** Raw oracle scores (n×m) of designs; counts the calls. */
    public double[][] oracle(double[][] designs) {
        OfflineGuard.check("Evaluation.oracle(" + designs.length + " designs of " + task.name() + ")");
        oracleCalls.addAndGet(designs.length);
        return task.evaluate(designs);
    }

    /**
     * Scores a proposal by the task's protocol. The score's oracle-call count is the change of the task's counter
     * ({@link Task#oracleCalls()}) over the scoring. The score also carries the designs' diversity (mean pairwise
     * distance) and novelty (mean distance to the nearest visible design), the sequence-design convention of the
     * review's §3.3 with Hamming distance for sequences and Euclidean distance in the task's units for boxes
     * ({@link GenerativeDiagnostics}); neither calls the oracle.
     */
    public Score score(Proposal p) {
        Score s = protocolScore(p);
        GenerativeDiagnostics.Metric metric = GenerativeDiagnostics.Metric.of(task.space());
        double diversity = GenerativeDiagnostics.diversity(p.designs(), metric);
        double[] nearest = GenerativeDiagnostics.nearestDistances(task.dataset().designs(), p.designs(), metric);
        return s.withSpread(diversity, Arrays.stream(nearest).average().orElse(Double.NaN));
    }

    private Score protocolScore(Proposal p) {
        OfflineGuard.check("Evaluation.score(proposal of " + p.method() + " on " + task.name() + ")");
        if (p.size() == 0) throw new IllegalArgumentException("the proposal of " + p.method() + " has no designs");
        long before = task.oracleCalls();
        double[][] y = oracle(p.designs());
        long calls = task.oracleCalls() - before;
        if (task.isMultiObjective()) {
            double[][] norm = normalizeForHv(y);
            double[] ref = referencePoint();
            double hv100 = Hypervolume.compute(norm, ref);
            double hv50 = Hypervolume.compute(removeBest(norm, 0.5), ref);
            return new Score(
                    task.name(),
                    p.method(),
                    p.seed(),
                    p.size(),
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    hv100,
                    hv50,
                    dBest(p.size()),
                    calls,
                    Double.NaN);
        }
        double sign = task.objectives().get(0).direction().sign();
        double[] v = new double[y.length];
        for (int i = 0; i < y.length; i++) v[i] = sign * y[i][0];
        double raw100 = sign * Percentiles.nearest(v, 100);
        double raw50 = sign * Percentiles.nearest(v, 50);
        return new Score(
                task.name(),
                p.method(),
                p.seed(),
                p.size(),
                raw100,
                raw50,
                task.normalize(raw100, 0),
                task.normalize(raw50, 0),
                Double.NaN,
                Double.NaN,
                dBest(p.size()),
                calls,
                Double.NaN);
    }

    /**
     * D(best): normalised best visible score (single objective), or the hypervolume of the best {@code k} visible
     * points by NDS (multi-objective).
     */
    public double dBest(int k) {
        Dataset d = task.dataset();
        if (!task.isMultiObjective()) {
            boolean max = task.objectives().get(0).direction() == Direction.MAXIMIZE;
            double best = max ? d.scoreMax()[0] : d.scoreMin()[0];
            return task.normalize(best, 0);
        }
        double[][] norm = normalizeForHv(d.scores());
        int[] idx = Pareto.selectBest(norm, Math.min(k, norm.length));
        double[][] best = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) best[i] = norm[idx[i]];
        return Hypervolume.compute(best, referencePoint());
    }

    /**
     * The space the hypervolume is measured in: scores min-max normalised with the task's statistics (train ∪ test
     * for the Off-MOO-Bench tasks), turned into "minimise" for every objective; {@link #referencePoint()} lives there.
     */
    public double[][] normalizeForHv(double[][] y) {
        int m = task.objectives().size();
        double[][] out = new double[y.length][m];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < m; j++) {
                double z = task.normalize(y[i][j], j);
                out[i][j] = task.objectives().get(j).direction() == Direction.MINIMIZE ? z : 1 - z;
            }
        }
        return out;
    }

    /**
     * The visible designs' scores behind {@link #dBest(int)} for a multi-objective task: the best {@code k} rows by
     * non-dominated sorting (crowding distance within the last front), in the task's raw units.
     */
    public double[][] dBestPoints(int k) {
        if (!task.isMultiObjective()) {
            throw new IllegalArgumentException(task.name() + " has one objective; D(best) points are for several");
        }
        double[][] raw = task.dataset().scores();
        int[] idx = Pareto.selectBest(normalizeForHv(raw), Math.min(k, raw.length));
        double[][] out = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) out[i] = raw[idx[i]].clone();
        return out;
    }

    /** 2.2 × the normalised nadir point (Off-MOO-Bench); without a declared nadir, 2.2 × (1, …, 1). */
    public double[] referencePoint() {
        int m = task.objectives().size();
        double[] nadir = task.nadir().orElse(null);
        double[] ref = new double[m];
        for (int j = 0; j < m; j++) {
            double z = nadir == null ? 1.0 : task.normalize(nadir[j], j);
            if (nadir != null && task.objectives().get(j).direction() == Direction.MAXIMIZE) z = 1 - z;
            ref[j] = 2.2 * z;
        }
        return ref;
    }

    /** The points left after removing the best {@code fraction} by NDS (Off-MOO-Bench get_quantile_solutions). */
    static double[][] removeBest(double[][] points, double fraction) {
        int remove = (int) (points.length * fraction);
        int keep = points.length - remove;
        if (keep <= 0) return new double[0][];
        int[] best = Pareto.selectBest(points, remove);
        boolean[] drop = new boolean[points.length];
        for (int i : best) drop[i] = true;
        double[][] out = new double[keep][];
        int c = 0;
        for (int i = 0; i < points.length; i++) if (!drop[i]) out[c++] = points[i];
        return out;
    }
}
