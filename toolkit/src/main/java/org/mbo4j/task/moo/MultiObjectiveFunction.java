package org.mbo4j.task.moo;

import org.mbo4j.data.ContinuousSpace;

/** A closed-form multi-objective test problem, every objective minimised (Off-MOO-Bench definitions). */
public interface MultiObjectiveFunction {
    /** Off-MOO-Bench name without the {@code -Exact-v0} suffix, e.g. {@code ZDT1}. */
    String name();

    /** The design box. */
    ContinuousSpace domain();

    int objectives();

    /** Objective values of one design. */
    double[] evaluate(double[] x);

    /** Off-MOO-Bench's hard-coded {@code nadir_point} (used for the hypervolume reference point). */
    double[] nadir();

    default int dims() {
        return domain().dims();
    }

    /**
     * The settings with which Off-MOO-Bench collects this problem's offline data ({@code data_generation/
     * collect_data.py}: {@code env_name_n_gens}, {@code env_name_perturb_proba}); by default its common setting,
     * {@link NsgaIIDataCollector#offMooBench()}.
     */
    default NsgaIIDataCollector dataCollector() {
        return NsgaIIDataCollector.offMooBench();
    }
}
