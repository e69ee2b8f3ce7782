package org.mbo4j.method;

import java.util.ArrayList;
import java.util.List;
import org.mbo4j.util.Matrices;

/**
 * A search trajectory: the population of designs after each step, with the surrogate's predictions. The
 * evaluation protocol can score each step with the oracle afterwards, to show reward hacking (surrogate up,
 * oracle down). Immutable once built.
 *
 * @param steps snapshots in order
 */
public record Trajectory(List<Step> steps) {
    public Trajectory {
        steps = List.copyOf(steps);
    }

    /**
     * One snapshot.
     *
     * @param step      step index (0 = start)
     * @param designs   designs in the task's space
     * @param predicted surrogate predictions (objective 0, "higher is better" units of the method's model)
     */
    public record Step(int step, double[][] designs, double[] predicted) {}

    /** Collects steps while a method runs. */
    public static final class Recorder {
        private final List<Step> steps = new ArrayList<>();

        public void record(int step, double[][] designs, double[] predicted) {
            steps.add(new Step(step, Matrices.copy(designs), predicted.clone()));
        }

        public Trajectory build() {
            return new Trajectory(steps);
        }
    }
}
