package org.mbo4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.data.Percentiles;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.TrainingHistory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How a generator's samples move over its iterations, from what any sampling method records: the samples of each
 * iteration (a proposal's {@link Trajectory}, one step per iteration) and the visible data. Nothing here depends on
 * a method's internals, so a method added later (diffusion, GFlowNets) gets the same tables by recording its
 * samples per iteration in a trajectory and its fits in {@link Proposal#training()}.
 *
 * <ul>
 *   <li>{@link #distribution}: per step, the distance of the samples to the data (nearest visible design), their
 *       diversity (mean pairwise distance), novelty (the fraction not in the data, and their distance to it), the
 *       fraction of distinct samples and the method's own predicted scores. No oracle: it works on a user's file.
 *   <li>{@link #scores} and {@link #sampleScores}: the samples' oracle scores per step (normalised like the
 *       benchmark) beside the method's predictions. They call the oracle through {@link Evaluation}, which counts
 *       the calls: run them after the method, never inside it.
 *   <li>{@link #training}: every fit's loss curves from {@link Proposal#training()} (the shared trainer's
 *       {@link TrainingHistory}: training and validation loss per epoch and the loss's named parts).
 * </ul>
 *
 * <p>Distances: Hamming (positions that differ) for sequences, Euclidean in the task's own units for boxes. A
 * sample is "in the data" when it equals a visible design exactly; on boxes almost every sample is novel, and the
 * distance columns say more. Diversity is the mean over all unordered pairs of samples, as sequence-design code
 * reports it (e.g. {@code mean_pairwise_distances} over the top 128, MJ10/BioSeq-GFN-AL {@code run_tfbind.py} lines
 * 313-317, with edit distance; for sequences of one length we use Hamming).
 */
public final class GenerativeDiagnostics {
    private GenerativeDiagnostics() {}

    /** The distance between designs: Hamming for sequences, Euclidean for boxes. */
    public enum Metric {
        HAMMING,
        EUCLIDEAN;

        /** Hamming for a {@link SequenceSpace}, Euclidean otherwise. */
        public static Metric of(DesignSpace space) {
            return space instanceof SequenceSpace ? HAMMING : EUCLIDEAN;
        }

        /** The distance between two designs of the same length. */
        public double between(double[] a, double[] b) {
            if (a.length != b.length) {
                throw new IllegalArgumentException("designs of " + a.length + " and " + b.length + " values");
            }
            double d = 0;
            for (int j = 0; j < a.length; j++) {
                double diff = a[j] - b[j];
                d += this == HAMMING ? (diff != 0 ? 1 : 0) : diff * diff;
            }
            return this == HAMMING ? d : Math.sqrt(d);
        }
    }

    /**
     * For every design, the distance to its nearest reference design.
     *
     * @throws IllegalArgumentException when there are no reference designs
     */
    public static double[] nearestDistances(double[][] reference, double[][] designs, Metric metric) {
        if (reference.length == 0) throw new IllegalArgumentException("no reference designs to measure against");
        int d = reference[0].length;
        double[] flat = new double[reference.length * d];
        for (int i = 0; i < reference.length; i++) {
            if (reference[i].length != d) {
                throw new IllegalArgumentException(
                        "reference design " + i + " has " + reference[i].length + " values, the first has " + d);
            }
            System.arraycopy(reference[i], 0, flat, i * d, d);
        }
        boolean hamming = metric == Metric.HAMMING;
        double[] out = new double[designs.length];
        for (int s = 0; s < designs.length; s++) {
            double[] x = designs[s];
            if (x.length != d) {
                throw new IllegalArgumentException("design " + s + " has " + x.length + " values, the reference " + d);
            }
            double best = Double.POSITIVE_INFINITY; // squared for Euclidean
            for (int i = 0; i < reference.length && best > 0; i++) {
                double dist = 0;
                int at = i * d;
                for (int j = 0; j < d && dist < best; j++) {
                    double diff = x[j] - flat[at + j];
                    dist += hamming ? (diff != 0 ? 1 : 0) : diff * diff;
                }
                if (dist < best) best = dist;
            }
            out[s] = hamming ? best : Math.sqrt(best);
        }
        return out;
    }

    /**
     * The mean distance over all unordered pairs of designs (NaN for fewer than two). For Hamming it is computed
     * from the letter counts per position, Σ_p (n² − Σ_c n_pc²) / (n(n − 1)), which equals the pairwise mean
     * exactly and takes O(n·L) instead of O(n²·L); Euclidean sums the pairs.
     */
    public static double diversity(double[][] designs, Metric metric) {
        int n = designs.length;
        if (n < 2) return Double.NaN;
        if (metric == Metric.EUCLIDEAN) {
            double sum = 0;
            for (int i = 0; i < n; i++) for (int k = i + 1; k < n; k++) sum += metric.between(designs[i], designs[k]);
            return sum / ((double) n * (n - 1) / 2);
        }
        int d = designs[0].length;
        double disagreements = 0; // Σ_p (n² − Σ_c n_pc²) = ordered pairs that differ at p
        for (int p = 0; p < d; p++) {
            Map<Double, Integer> counts = new HashMap<>();
            for (double[] x : designs) counts.merge(x[p] == 0 ? 0.0 : x[p], 1, Integer::sum);
            double same = 0;
            for (int c : counts.values()) same += (double) c * c;
            disagreements += (double) n * n - same;
        }
        return disagreements / ((double) n * (n - 1));
    }

    /** The fraction of designs that equal no reference design exactly. */
    public static double novelFraction(double[][] reference, double[][] designs) {
        if (designs.length == 0) return Double.NaN;
        Set<List<Double>> seen = rows(reference);
        int novel = 0;
        for (double[] x : designs) if (!seen.contains(row(x))) novel++;
        return novel / (double) designs.length;
    }

    /** The fraction of designs that are distinct from one another (1 when all differ). */
    public static double uniqueFraction(double[][] designs) {
        if (designs.length == 0) return Double.NaN;
        return rows(designs).size() / (double) designs.length;
    }

    /**
     * One row per trajectory step: {@code step, samples, unique_fraction, distance_to_data} (mean distance of a
     * sample to its nearest visible design), {@code novel_fraction} (samples equal to no visible design),
     * {@code novel_distance} (mean distance to the data of the novel samples; NaN when none is novel),
     * {@code diversity} (mean pairwise distance among the step's samples), {@code predicted_mean, predicted_max}
     * (the method's own predictions of the step, ignoring NaN; NaN when it has none). No oracle call.
     *
     * @throws IllegalArgumentException when the proposal has no trajectory
     */
    public static Table distribution(Dataset data, Proposal proposal) {
        Trajectory t = trajectory(proposal);
        Metric metric = Metric.of(data.space());
        double[][] reference = data.designs();
        Set<List<Double>> seen = rows(reference);
        List<Integer> steps = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (Trajectory.Step s : t.steps()) {
            double[][] x = s.designs();
            double[] nearest = nearestDistances(reference, x, metric);
            double novel = 0;
            double novelDistance = 0;
            for (int i = 0; i < x.length; i++) {
                if (!seen.contains(row(x[i]))) {
                    novel++;
                    novelDistance += nearest[i];
                }
            }
            double[] pred = finite(s.predicted());
            steps.add(s.step());
            rows.add(new double[] {
                x.length,
                uniqueFraction(x),
                mean(nearest),
                x.length == 0 ? Double.NaN : novel / x.length,
                novel == 0 ? Double.NaN : novelDistance / novel,
                diversity(x, metric),
                mean(pred),
                pred.length == 0 ? Double.NaN : Arrays.stream(pred).max().getAsDouble()
            });
        }
        return table(
                proposal.method() + " samples per step (" + metric.name().toLowerCase() + " distance)",
                steps,
                List.of(
                        "samples",
                        "unique_fraction",
                        "distance_to_data",
                        "novel_fraction",
                        "novel_distance",
                        "diversity",
                        "predicted_mean",
                        "predicted_max"),
                rows);
    }

    /**
     * One row per trajectory step with the samples' oracle scores, normalised over the full task data like the
     * benchmark: {@code step, samples, oracle_mean, oracle_median, oracle_max, above_data_best} (the fraction of
     * samples better than every visible design), {@code data_best} (the best visible design's normalised score, the
     * same on every row), {@code predicted_mean, predicted_max} (the method's own, ignoring NaN). Calls the oracle
     * once per sample through {@code eval}, which counts the calls.
     *
     * @throws IllegalArgumentException when the proposal has no trajectory or the task has several objectives
     */
    public static Table scores(Evaluation eval, Proposal proposal) {
        Trajectory t = trajectory(proposal);
        double best = Arrays.stream(visibleScores(eval)).max().orElse(Double.NaN);
        List<Integer> steps = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (Trajectory.Step s : t.steps()) {
            double[] y = normalisedOracle(eval, s.designs());
            double[] pred = finite(s.predicted());
            double above = 0;
            for (double v : y) if (v > best) above++;
            steps.add(s.step());
            rows.add(new double[] {
                y.length,
                mean(y),
                y.length == 0 ? Double.NaN : Percentiles.linear(y, 50),
                y.length == 0 ? Double.NaN : Arrays.stream(y).max().getAsDouble(),
                y.length == 0 ? Double.NaN : above / y.length,
                best,
                mean(pred),
                pred.length == 0 ? Double.NaN : Arrays.stream(pred).max().getAsDouble()
            });
        }
        return table(
                proposal.method() + " oracle scores per step on " + eval.task().name(),
                steps,
                List.of(
                        "samples",
                        "oracle_mean",
                        "oracle_median",
                        "oracle_max",
                        "above_data_best",
                        "data_best",
                        "predicted_mean",
                        "predicted_max"),
                rows);
    }

    /**
     * One row per sample of every step, for histograms: {@code step, sample} (its index in the step),
     * {@code oracle} (normalised over the full task data), {@code predicted} (the method's own prediction, NaN when
     * it has none), {@code distance_to_data} (to the nearest visible design). Calls the oracle through {@code eval}.
     *
     * @throws IllegalArgumentException when the proposal has no trajectory or the task has several objectives
     */
    public static Table sampleScores(Evaluation eval, Proposal proposal) {
        Trajectory t = trajectory(proposal);
        Dataset data = eval.task().dataset();
        Metric metric = Metric.of(data.space());
        double[][] reference = data.designs();
        IntColumn step = IntColumn.create("step");
        IntColumn sample = IntColumn.create("sample");
        DoubleColumn oracle = DoubleColumn.create("oracle");
        DoubleColumn predicted = DoubleColumn.create("predicted");
        DoubleColumn distance = DoubleColumn.create("distance_to_data");
        for (Trajectory.Step s : t.steps()) {
            double[] y = normalisedOracle(eval, s.designs());
            double[] nearest = nearestDistances(reference, s.designs(), metric);
            for (int i = 0; i < y.length; i++) {
                step.append(s.step());
                sample.append(i);
                oracle.append(y[i]);
                predicted.append(i < s.predicted().length ? s.predicted()[i] : Double.NaN);
                distance.append(nearest[i]);
            }
        }
        return Table.create(proposal.method() + " samples on " + eval.task().name())
                .addColumns(step, sample, oracle, predicted, distance);
    }

    /** The visible designs' scores (objective 0), normalised over the full task data like the benchmark. */
    public static double[] visibleScores(Evaluation eval) {
        requireSingleObjective(eval);
        double[] y = eval.task().dataset().scoreColumn(0);
        for (int i = 0; i < y.length; i++) y[i] = eval.task().normalize(y[i], 0);
        return y;
    }

    /**
     * Every fit's loss curves, one row per epoch of each fit in {@link Proposal#training()} order: {@code fit, epoch}
     * (1-based within the fit), {@code step} (epochs counted over all fits so far, an x axis for fits in sequence),
     * {@code train_loss, validation_loss} (NaN without a validation split), then one column per named part of any
     * fit's loss ({@link TrainingHistory#metrics()}, e.g. {@code nll, kl} of a VAE, {@code wasserstein, penalty,
     * generator} of a GAN; NaN for fits without it).
     *
     * @throws IllegalArgumentException when the proposal carries no training history
     */
    public static Table training(Proposal proposal) {
        Map<String, TrainingHistory> fits = proposal.training();
        if (fits.isEmpty()) {
            throw new IllegalArgumentException("the proposal of " + proposal.method()
                    + " carries no training history; generative methods (cbas, auto-cbas, mins, bonet) attach theirs");
        }
        Set<String> parts = new LinkedHashSet<>();
        for (TrainingHistory h : fits.values()) parts.addAll(h.metrics().keySet());
        StringColumn fit = StringColumn.create("fit");
        IntColumn epoch = IntColumn.create("epoch");
        IntColumn step = IntColumn.create("step");
        DoubleColumn train = DoubleColumn.create("train_loss");
        DoubleColumn validation = DoubleColumn.create("validation_loss");
        List<DoubleColumn> partColumns = new ArrayList<>();
        for (String p : parts) partColumns.add(DoubleColumn.create(p));
        int total = 0;
        for (Map.Entry<String, TrainingHistory> e : fits.entrySet()) {
            TrainingHistory h = e.getValue();
            for (int i = 0; i < h.epochs(); i++) {
                fit.append(e.getKey());
                epoch.append(i + 1);
                step.append(++total);
                train.append(h.trainLoss().get(i));
                validation.append(h.validationLoss().get(i));
                int c = 0;
                for (String p : parts) {
                    List<Double> values = h.metrics().get(p);
                    partColumns.get(c++).append(values == null ? Double.NaN : values.get(i));
                }
            }
        }
        Table table = Table.create(proposal.method() + " training").addColumns(fit, epoch, step, train, validation);
        for (DoubleColumn c : partColumns) table.addColumns(c);
        return table;
    }

    private static Trajectory trajectory(Proposal p) {
        return p.trajectory()
                .orElseThrow(() -> new IllegalArgumentException("the proposal of " + p.method()
                        + " has no trajectory; generative methods record their samples per iteration in one"));
    }

    private static void requireSingleObjective(Evaluation eval) {
        if (eval.task().isMultiObjective()) {
            throw new IllegalArgumentException("generative score diagnostics are single-objective; "
                    + eval.task().name() + " has " + eval.task().objectives().size() + " objectives");
        }
    }

    private static double[] normalisedOracle(Evaluation eval, double[][] designs) {
        requireSingleObjective(eval);
        if (designs.length == 0) return new double[0];
        double[][] y = eval.oracle(designs);
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) out[i] = eval.task().normalize(y[i][0], 0);
        return out;
    }

    private static double[] finite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    private static double mean(double[] v) {
        return v.length == 0 ? Double.NaN : Arrays.stream(v).sum() / v.length;
    }

    private static List<Double> row(double[] x) {
        List<Double> r = new ArrayList<>(x.length);
        for (double v : x) r.add(v == 0 ? 0.0 : v); // −0.0 equals 0.0
        return r;
    }

    private static Set<List<Double>> rows(double[][] designs) {
        Set<List<Double>> s = new HashSet<>(designs.length * 2);
        for (double[] x : designs) s.add(row(x));
        return s;
    }

    private static Table table(String name, List<Integer> steps, List<String> names, List<double[]> rows) {
        Table table = Table.create(name);
        table.addColumns(IntColumn.create(
                "step", steps.stream().mapToInt(Integer::intValue).toArray()));
        for (int c = 0; c < names.size(); c++) {
            final int col = c;
            table.addColumns(DoubleColumn.create(
                    names.get(c), rows.stream().mapToDouble(r -> r[col]).toArray()));
        }
        return table;
    }
}
