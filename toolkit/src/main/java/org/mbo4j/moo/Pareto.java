package org.mbo4j.moo;

/** Pareto utilities (all objectives minimised). */
public final class Pareto {
    private Pareto() {}

    /** Non-dominated-sorting front index (0 = first front) of each point. */
    public static int[] frontRanks(double[][] points) {
        throw new UnsupportedOperationException("TODO: implemented by the MOO work");
    }

    /**
     * Indices of the best {@code n} points by non-dominated sorting, breaking ties in the last front by crowding
     * distance (pymoo's {@code RankAndCrowdingSurvival}; Off-MOO-Bench's {@code get_N_nondominated_indices}).
     */
    public static int[] selectBest(double[][] points, int n) {
        throw new UnsupportedOperationException("TODO: implemented by the MOO work");
    }
}
