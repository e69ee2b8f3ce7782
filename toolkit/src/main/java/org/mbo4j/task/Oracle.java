package org.mbo4j.task;

/**
 * The exact black-box objective f: designs (n×d) to scores (n×m). Only a {@link Task} holds one, and only the
 * evaluation protocol calls it; methods receive an {@link OfflineProblem}, which has no path to the oracle.
 */
@FunctionalInterface
public interface Oracle {
    /** Scores of each design row; designs are in the task's design space. */
    double[][] evaluate(double[][] designs);
}
