package org.mbo4j.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.util.Matrices;
import tech.tablesaw.api.Table;

/**
 * The designs a method proposes, with the method's own predicted scores where it has a surrogate, and an
 * optional search trajectory for diagnostics. Immutable.
 */
public final class Proposal {
    private final String method;
    private final long seed;
    private final DesignSpace space;
    private final double[][] designs;
    private final double[][] predicted;
    private final Trajectory trajectory;

    private Proposal(
            String method,
            long seed,
            DesignSpace space,
            double[][] designs,
            double[][] predicted,
            Trajectory trajectory) {
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
    }

    /** Designs only. */
    public static Proposal of(String method, long seed, DesignSpace space, double[][] designs) {
        return new Proposal(method, seed, space, designs, null, null);
    }

    /** Designs with the method's predicted scores (n×m). */
    public static Proposal of(String method, long seed, DesignSpace space, double[][] designs, double[][] predicted) {
        return new Proposal(method, seed, space, designs, predicted, null);
    }

    /** A copy with a trajectory attached. */
    public Proposal withTrajectory(Trajectory t) {
        return new Proposal(method, seed, space, designs, predicted, t);
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
