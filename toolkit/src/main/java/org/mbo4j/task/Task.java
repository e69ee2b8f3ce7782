package org.mbo4j.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.offline.OfflineViolationException;

/**
 * An offline MBO benchmark task: a design space, objectives, the visible offline dataset, an exact
 * {@link Oracle} and the statistics of the full (visible + hidden) task data used to normalise scores.
 *
 * <p>Methods get {@link #problem()}, never the task. Build tasks with {@link #builder(String)}.
 */
public final class Task {
    private final String name;
    private final String family;
    private final String citation;
    private final String protocol;
    private final String oracleKind;
    private final DesignSpace space;
    private final List<Objective> objectives;
    private final Dataset dataset;
    private final Oracle oracle;
    private final double[] fullMin;
    private final double[] fullMax;
    private final int fullSize;
    private final double[] nadir;
    private final BenchmarkStatistics statistics;
    private final AtomicLong oracleCalls = new AtomicLong();

    private Task(Builder b) {
        this.name = b.name;
        this.family = Objects.requireNonNull(b.family, "family");
        this.citation = b.citation == null ? "" : b.citation;
        this.protocol = b.protocol == null ? "" : b.protocol;
        this.oracleKind = b.oracleKind == null ? "exact" : b.oracleKind;
        this.dataset = Objects.requireNonNull(b.dataset, "dataset");
        this.space = dataset.space();
        this.objectives = List.copyOf(b.objectives);
        this.oracle = Objects.requireNonNull(b.oracle, "oracle");
        this.fullMin =
                Objects.requireNonNull(b.fullMin, "full-data score minimum").clone();
        this.fullMax =
                Objects.requireNonNull(b.fullMax, "full-data score maximum").clone();
        this.fullSize = b.fullSize;
        this.nadir = b.nadir == null ? null : b.nadir.clone();
        this.statistics = b.statistics;
        if (objectives.size() != dataset.objectives()
                || fullMin.length != objectives.size()
                || fullMax.length != objectives.size()) {
            throw new IllegalArgumentException("task " + name + ": objectives, dataset scores and bounds disagree");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** Task family, e.g. {@code design-bench}, {@code synthetic}, {@code off-moo-bench}. */
    public String family() {
        return family;
    }

    /** The paper or source that defines the task. */
    public String citation() {
        return citation;
    }

    /** How the visible/hidden split and oracle are built (the task card). */
    public String protocol() {
        return protocol;
    }

    /** {@code exact} (lookup or closed form). */
    public String oracleKind() {
        return oracleKind;
    }

    public DesignSpace space() {
        return space;
    }

    public List<Objective> objectives() {
        return objectives;
    }

    public boolean isMultiObjective() {
        return objectives.size() > 1;
    }

    /** The visible offline dataset. */
    public Dataset dataset() {
        return dataset;
    }

    /** Size of the full task data (visible + hidden). */
    public int fullSize() {
        return fullSize;
    }

    /**
     * Per-objective minimum over the full task data (normalisation lower bound); guarded like the oracle. Off-MOO-Bench
     * hands the same numbers to its methods as part of its normalisation statistics, so its tasks here do too, through
     * {@link OfflineProblem#statistics()} ({@link BenchmarkStatistics}); for every other task they stay behind the guard.
     */
    public double[] fullMin() {
        OfflineGuard.check("Task.fullMin() of " + name);
        return fullMin.clone();
    }

    /** Per-objective maximum over the full task data (the hidden best score); guarded like the oracle. */
    public double[] fullMax() {
        OfflineGuard.check("Task.fullMax() of " + name);
        return fullMax.clone();
    }

    /** The hard-coded nadir point of a multi-objective task (Off-MOO-Bench), in raw units. */
    public Optional<double[]> nadir() {
        return Optional.ofNullable(nadir).map(double[]::clone);
    }

    /**
     * What a method may see: space, visible data, objectives, the hard-coded nadir point and the benchmark's
     * normalisation statistics if any. No oracle.
     */
    public OfflineProblem problem() {
        List<Double> n = new ArrayList<>();
        if (nadir != null) for (double v : nadir) n.add(v);
        return new OfflineProblem(name, space, dataset, objectives, n, statistics);
    }

    /**
     * The exact oracle. Only the evaluation protocol should call it; a method never receives it. Every design sent
     * is counted ({@link #oracleCalls()}). Designs are validated against the space first.
     *
     * @throws OfflineViolationException while a method proposes ({@link OfflineGuard})
     */
    public double[][] evaluate(double[][] designs) {
        OfflineGuard.check("Task.evaluate(" + designs.length + " designs of " + name + ")");
        space.requireContains(designs, "design to evaluate");
        oracleCalls.addAndGet(designs.length);
        double[][] y = oracle.evaluate(designs);
        if (y.length != designs.length) {
            throw new IllegalStateException(
                    "oracle of " + name + " returned " + y.length + " rows for " + designs.length + " designs");
        }
        return y;
    }

    /**
     * Designs this task's oracle has scored so far, by any caller ({@link #evaluate}); a benchmark record's count is
     * this counter's change over the run.
     */
    public long oracleCalls() {
        return oracleCalls.get();
    }

    /**
     * Normalised score {@code (y − min)/(max − min)} over the full task data, for objective j; guarded like the
     * oracle (it reveals the full data's range).
     */
    public double normalize(double y, int j) {
        if (OfflineGuard.proposing()) OfflineGuard.check("Task.normalize(" + y + ", " + j + ") of " + name);
        return (y - fullMin[j]) / (fullMax[j] - fullMin[j]);
    }

    @Override
    public String toString() {
        return "Task[" + name + ": " + space.describe() + ", " + objectives.size() + " objective(s), " + dataset.size()
                + " visible of " + fullSize + "]";
    }

    /** Fluent builder for tasks. */
    public static final class Builder {
        private final String name;
        private String family;
        private String citation;
        private String protocol;
        private String oracleKind;
        private List<Objective> objectives;
        private Dataset dataset;
        private Oracle oracle;
        private double[] fullMin;
        private double[] fullMax;
        private int fullSize;
        private double[] nadir;
        private BenchmarkStatistics statistics;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        public Builder family(String f) {
            this.family = f;
            return this;
        }

        public Builder citation(String c) {
            this.citation = c;
            return this;
        }

        public Builder protocol(String p) {
            this.protocol = p;
            return this;
        }

        public Builder oracleKind(String k) {
            this.oracleKind = k;
            return this;
        }

        public Builder objectives(Objective... o) {
            this.objectives = Arrays.asList(o);
            return this;
        }

        public Builder objectives(List<Objective> o) {
            this.objectives = o;
            return this;
        }

        public Builder dataset(Dataset d) {
            this.dataset = d;
            return this;
        }

        public Builder oracle(Oracle o) {
            this.oracle = o;
            return this;
        }

        /** Full-data score bounds per objective and the full data size. */
        public Builder fullData(double[] min, double[] max, int size) {
            this.fullMin = min;
            this.fullMax = max;
            this.fullSize = size;
            return this;
        }

        /** The normalisation statistics the benchmark hands its methods (Off-MOO-Bench; {@link BenchmarkStatistics}). */
        public Builder statistics(BenchmarkStatistics s) {
            this.statistics = s;
            return this;
        }

        public Builder nadir(double[] n) {
            this.nadir = n;
            return this;
        }

        public Task build() {
            return new Task(this);
        }
    }
}
