package org.mbo4j.method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.util.Matrices;
import tech.tablesaw.api.Table;

/**
 * The designs a method proposes, with the method's own predicted scores where it has a surrogate, an optional search
 * trajectory, and the training histories of the models it fitted (for diagnostics). Immutable.
 */
public final class Proposal {
    private final String method;
    private final long seed;
    private final DesignSpace space;
    private final double[][] designs;
    private final double[][] predicted;
    private final Trajectory trajectory;
    private final Map<String, TrainingHistory> training;

    private Proposal(
            String method,
            long seed,
            DesignSpace space,
            double[][] designs,
            double[][] predicted,
            Trajectory trajectory,
            Map<String, TrainingHistory> training) {
        space.requireContains(designs, "proposed design");
        if (predicted != null && predicted.length != designs.length) {
            throw new IllegalArgumentException(
                    "predicted scores have " + predicted.length + " rows for " + designs.length + " designs");
        }
        this.method = method;
        this.seed = seed;
        this.space = space;
        this.designs = Matrices.copy(designs);
        this.predicted = predicted == null ? null : Matrices.copy(predicted);
        this.trajectory = trajectory;
        this.training = training;
    }

    /** Designs only. */
    public static Proposal of(String method, long seed, DesignSpace space, double[][] designs) {
        return new Proposal(method, seed, space, designs, null, null, Map.of());
    }

    /** Designs with the method's predicted scores (n×m). */
    public static Proposal of(String method, long seed, DesignSpace space, double[][] designs, double[][] predicted) {
        return new Proposal(method, seed, space, designs, predicted, null, Map.of());
    }

    /** A copy with a trajectory attached. */
    public Proposal withTrajectory(Trajectory t) {
        return new Proposal(method, seed, space, designs, predicted, t, training);
    }

    /**
     * A copy with the training histories of the models the method fitted, by a name for each fit in the order they
     * ran (e.g. {@code "prior vae"}, {@code "iteration 1"}), added after those already attached.
     *
     * @throws IllegalArgumentException when a name is attached already
     */
    public Proposal withTraining(Map<String, TrainingHistory> fits) {
        Map<String, TrainingHistory> all = new LinkedHashMap<>(training);
        for (Map.Entry<String, TrainingHistory> e : fits.entrySet()) {
            if (all.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException(
                        "the proposal of " + method + " has a training history named '" + e.getKey() + "' already");
            }
        }
        return new Proposal(method, seed, space, designs, predicted, trajectory, Collections.unmodifiableMap(all));
    }

    public String method() {
        return method;
    }

    public long seed() {
        return seed;
    }

    public DesignSpace space() {
        return space;
    }

    public int size() {
        return designs.length;
    }

    public double[][] designs() {
        return Matrices.copy(designs);
    }

    public Optional<double[][]> predicted() {
        return Optional.ofNullable(predicted).map(Matrices::copy);
    }

    public Optional<Trajectory> trajectory() {
        return Optional.ofNullable(trajectory);
    }

    /** The training histories of the method's fits by name, in the order they ran (empty when none is recorded). */
    public Map<String, TrainingHistory> training() {
        return training;
    }

    /** Designs (and predicted scores, as {@code predicted_<name>} columns) as a table. */
    public Table table(List<String> scoreNames) {
        List<String> names = new ArrayList<>();
        for (String s : scoreNames) names.add("predicted_" + s);
        return Dataset.toTable(method + " proposal", space, designs, predicted, names);
    }

    @Override
    public String toString() {
        return "Proposal[" + method + ", seed " + seed + ", " + designs.length + " designs]";
    }
}
