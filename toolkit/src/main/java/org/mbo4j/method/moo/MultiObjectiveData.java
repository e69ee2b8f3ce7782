package org.mbo4j.method.moo;

import java.util.List;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.method.surrogate.DesignEncoding;
import org.mbo4j.moo.Pareto;
import org.mbo4j.task.BenchmarkStatistics;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.Matrices;

/**
 * Off-MOO-Bench's data pipeline for a proxy method ({@code off_moo_baselines/multiple_models/experiment.py} 85–92 of
 * {@code lamda-bbo/offline-moo}; {@code configs/task/default.yaml} 1–2: {@code normalize_xs} and
 * {@code normalize_ys} on, both min-max): designs become model inputs in [0, 1] per coordinate (sequences first
 * become Design-Bench logits, {@link DesignEncoding}), and every objective becomes a target to <em>minimise</em>
 * in [0, 1]: (y − min)/(max − min) for a minimised objective, (max − y)/(max − min) for a maximised one. Immutable
 * (arrays returned are copies).
 *
 * <p>The statistics: Off-MOO-Bench takes the min and max over the visible data <em>and</em> the hidden best 40 %
 * ({@code get_xy_min_max}, {@code off_moo_bench/datasets/dataset_builder.py} 477–500) and hands them to every method
 * through its task. Where the problem carries them ({@link OfflineProblem#statistics}, Off-MOO-Bench's tasks here) the
 * min-max pipeline scales the targets by them, and the inputs too where the designs are boxes (a sequence's inputs
 * are logits, not the tokens the statistics describe), so the visible rows lie inside [0, 1] and the search box
 * [0, 1]^d spans the whole data's range; elsewhere (user data, {@link #zScored}) the statistics are the visible
 * rows'. Dominance and crowding distances are invariant to these per-coordinate affine maps;
 * the targets' scale, and so what a GP or a joint loss makes of each objective, is not ({@code docs/methods/mobo.md},
 * deviation 2). A coordinate that is constant stays at its value (its input is 0 and decoding ignores it); an
 * objective that is constant gets targets 0.
 *
 * <p>{@link #zScored} is ParetoFlow's variant: inputs and targets z-scored with the visible rows' mean and population
 * standard deviation, a zero deviation replaced by 1 ({@code StevenYuan666/ParetoFlow}
 * {@code experiments/offline_moo/off_moo_bench/datasets/dataset_builder.py} 548–592 at 2278ffd).
 */
public final class MultiObjectiveData {
    private final OfflineProblem problem;
    private final DesignEncoding encoding;
    private final boolean zScore;
    // per column: xMin, yMin the shift (min, or mean), xRange, yRange the divisor (range, or std; 1 where 0)
    private final double[] xMin;
    private final double[] xRange;
    private final double[] xSpan;
    private final double[] yMin;
    private final double[] yRange;
    private final double[] sign;
    private final double[][] inputs;
    private final double[][] targets;

    private MultiObjectiveData(OfflineProblem problem, boolean zScore) {
        this.problem = problem;
        this.zScore = zScore;
        Dataset d = problem.dataset();
        if (d.size() < 2) {
            throw new IllegalArgumentException("problem '" + problem.name() + "' has " + d.size()
                    + " visible rows; a proxy needs at least 2 to learn from");
        }
        this.encoding = DesignEncoding.fit(problem.space(), d.designs(), false);
        double[][] raw = encoding.encode(d.designs());
        int dims = raw[0].length;
        xMin = new double[dims];
        xRange = new double[dims];
        BenchmarkStatistics stats = zScore ? null : problem.statistics();
        xSpan = zScore ? moments(raw, xMin, xRange) : range(raw, xMin, xRange);
        if (stats != null && problem.space() instanceof ContinuousSpace) { // a sequence's logits are not its tokens
            double[] lo = stats.xMin();
            double[] hi = stats.xMax();
            for (int j = 0; j < dims; j++) set(lo[j], hi[j], j, xMin, xRange, xSpan);
        }
        inputs = new double[raw.length][dims];
        for (int i = 0; i < raw.length; i++) {
            for (int j = 0; j < dims; j++) inputs[i][j] = (raw[i][j] - xMin[j]) / xRange[j];
        }
        int m = problem.objectives().size();
        sign = new double[m];
        double[][] y = d.scores();
        double[][] min = new double[y.length][m]; // every objective as "minimise"
        for (int j = 0; j < m; j++) sign[j] = -problem.sign(j); // sign(j) is +1 for maximise
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < m; j++) min[i][j] = sign[j] * y[i][j];
        }
        yMin = new double[m];
        yRange = new double[m];
        if (zScore) moments(min, yMin, yRange);
        else range(min, yMin, yRange);
        if (stats != null) {
            double[] lo = stats.yMin();
            double[] hi = stats.yMax();
            double[] span = new double[m];
            for (int j = 0; j < m; j++) { // in "minimise" orientation: a maximised objective's −y spans [−max, −min]
                if (sign[j] > 0) set(lo[j], hi[j], j, yMin, yRange, span);
                else set(-hi[j], -lo[j], j, yMin, yRange, span);
            }
        }
        targets = new double[y.length][m];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < m; j++) targets[i][j] = (min[i][j] - yMin[j]) / yRange[j];
        }
    }

    private MultiObjectiveData(MultiObjectiveData all, int[] rows) {
        problem = all.problem;
        encoding = all.encoding;
        xMin = all.xMin;
        xRange = all.xRange;
        xSpan = all.xSpan;
        yMin = all.yMin;
        yRange = all.yRange;
        sign = all.sign;
        zScore = all.zScore;
        inputs = new double[rows.length][];
        targets = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            inputs[i] = all.inputs[rows[i]];
            targets[i] = all.targets[rows[i]];
        }
    }

    /**
     * The same pipeline (the same normalisation) restricted to the given visible rows, in that order: Off-MOO-Bench's
     * data pruning keeps a subset and normalises it with statistics that do not depend on the subset.
     *
     * @param rows distinct row indices into {@link #inputs()}
     */
    public MultiObjectiveData keep(int[] rows) {
        boolean[] seen = new boolean[inputs.length];
        for (int r : rows) {
            if (r < 0 || r >= inputs.length || seen[r]) {
                throw new IllegalArgumentException("row " + r + " is out of range [0, " + inputs.length
                        + ") or repeated; pass distinct visible-row indices");
            }
            seen[r] = true;
        }
        return new MultiObjectiveData(this, rows.clone());
    }

    /**
     * Off-MOO-Bench's data pruning ({@code off_moo_baselines/multiple_models/experiment.py} 71–75 of
     * {@code lamda-bbo/offline-moo}): the best ⌊ratio·n⌋ rows by non-dominated sorting of the targets, the last front
     * cut by crowding distance ({@link Pareto#selectBest}; theirs has an index bug in that cut, we take the evident
     * intent, see {@code docs/methods/paretoflow.md}), in that order.
     *
     * @param ratio the share kept, in (0, 1]
     */
    public MultiObjectiveData pruned(double ratio) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("the preserved ratio must be in (0, 1], got " + ratio);
        }
        int n = (int) (inputs.length * ratio);
        if (n < 2) {
            throw new IllegalArgumentException("pruning " + inputs.length + " rows to " + ratio + " keeps " + n
                    + "; a proxy needs at least 2 rows: use more data or a larger preserved ratio");
        }
        return keep(Pareto.selectBest(targets, n));
    }

    /** The pipeline of a problem (min-max, Off-MOO-Bench's proxies). */
    public static MultiObjectiveData of(OfflineProblem problem) {
        return new MultiObjectiveData(problem, false);
    }

    /**
     * ParetoFlow's pipeline: inputs (x − mean)/std and every objective, minimised, (y − mean)/std, with the visible
     * rows' mean and population standard deviation (1 where that is 0).
     */
    public static MultiObjectiveData zScored(OfflineProblem problem) {
        return new MultiObjectiveData(problem, true);
    }

    /** Whether inputs and targets are z-scored ({@link #zScored}) rather than min-max scaled. */
    public boolean isZScored() {
        return zScore;
    }

    /**
     * Fills mean and std (population; 1 where it is 0) and returns the std as computed (0 for a constant column,
     * so that decoding maps it to its mean).
     */
    private static double[] moments(double[][] rows, double[] mean, double[] std) {
        int n = rows.length;
        double[] raw = new double[mean.length];
        for (int j = 0; j < mean.length; j++) {
            double s = 0;
            for (double[] r : rows) s += r[j];
            mean[j] = s / n;
            double v = 0;
            for (double[] r : rows) v += (r[j] - mean[j]) * (r[j] - mean[j]);
            raw[j] = Math.sqrt(v / n);
            if (!Double.isFinite(mean[j]) || !Double.isFinite(raw[j])) {
                throw new IllegalArgumentException("column " + j + " of the data is not finite (mean " + mean[j]
                        + "); remove rows with NaN or infinite values");
            }
            std[j] = raw[j] > 0 ? raw[j] : 1;
        }
        return raw;
    }

    /** Sets column j's shift to lo and its divisor to hi − lo (1 where that is 0), span[j] to hi − lo. */
    private static void set(double lo, double hi, int j, double[] min, double[] range, double[] span) {
        min[j] = lo;
        span[j] = hi - lo;
        range[j] = span[j] > 0 ? span[j] : 1;
    }

    /** Fills min and range (max − min, or 1 where that is 0) and returns max − min. */
    private static double[] range(double[][] rows, double[] min, double[] range) {
        double[][] bounds = Matrices.columnRange(rows);
        System.arraycopy(bounds[0], 0, min, 0, min.length);
        double[] max = bounds[1];
        double[] span = new double[min.length];
        for (int j = 0; j < min.length; j++) {
            if (!Double.isFinite(min[j]) || !Double.isFinite(max[j])) {
                throw new IllegalArgumentException("column " + j + " of the data is not finite (min " + min[j]
                        + ", max " + max[j] + "); remove rows with NaN or infinite values");
            }
            span[j] = max[j] - min[j];
            range[j] = span[j] > 0 ? span[j] : 1;
        }
        return span;
    }

    public OfflineProblem problem() {
        return problem;
    }

    /** Visible rows. */
    public int size() {
        return inputs.length;
    }

    /** Model input width (d for boxes, L·(K−1) for sequences). */
    public int inputSize() {
        return xMin.length;
    }

    /** Number of objectives m. */
    public int objectives() {
        return yMin.length;
    }

    /** Model inputs of the visible rows, n × d (in [0, 1], or z-scores under {@link #zScored}). */
    public double[][] inputs() {
        return copy(inputs);
    }

    /** Targets of the visible rows, n × m (in [0, 1], or z-scores), every objective minimised. */
    public double[][] targets() {
        return copy(targets);
    }

    /**
     * Row indices of the visible data in non-dominated-sorting order of the targets: the first front, then the
     * second, …, indices ascending within a front (Off-MOO-Bench's {@code nds} initialisation,
     * {@code off_moo_baselines/mo_solver/base.py} 36–39).
     */
    public int[] ndsOrder() {
        List<int[]> fronts = Pareto.fronts(targets);
        int[] order = new int[targets.length];
        int c = 0;
        for (int[] f : fronts) {
            System.arraycopy(f, 0, order, c, f.length);
            c += f.length;
        }
        return order;
    }

    /** Designs in the problem's space to model inputs (not clipped to [0, 1]). */
    public double[][] encode(double[][] designs) {
        double[][] raw = encoding.encode(designs);
        double[][] out = new double[raw.length][xMin.length];
        for (int i = 0; i < raw.length; i++) {
            for (int j = 0; j < xMin.length; j++) out[i][j] = (raw[i][j] - xMin[j]) / xRange[j];
        }
        return out;
    }

    /** Model inputs back to admissible designs (the box's projection, or Design-Bench's {@code to_integers}). */
    public double[][] decode(double[][] x) {
        double[][] raw = new double[x.length][xMin.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < xMin.length; j++) raw[i][j] = xMin[j] + x[i][j] * xSpan[j];
        }
        return encoding.decode(raw);
    }

    /** Predicted targets (n × m, minimised, normalised) back to raw scores in each objective's own direction. */
    public double[][] toScores(double[][] t) {
        double[][] out = new double[t.length][yMin.length];
        for (int i = 0; i < t.length; i++) {
            for (int j = 0; j < yMin.length; j++) out[i][j] = sign[j] * (yMin[j] + t[i][j] * yRange[j]);
        }
        return out;
    }

    /** Raw scores (n × m, each objective in its own direction) to minimised normalised targets; inverts
     * {@link #toScores}. */
    public double[][] toTargets(double[][] scores) {
        double[][] out = new double[scores.length][yMin.length];
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < yMin.length; j++) out[i][j] = (sign[j] * scores[i][j] - yMin[j]) / yRange[j];
        }
        return out;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
