package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;

/**
 * A closed-form multi-objective test problem, every objective minimised (Off-MOO-Bench definitions). Objective
 * vectors are one per design, i.e. the standard (N, M) layout.
 */
public interface MultiObjectiveFunction {
    /** Off-MOO-Bench name without the {@code -Exact-v0} suffix, e.g. {@code ZDT1}. */
    String name();

    /** The design box. */
    ContinuousSpace domain();

    int objectives();

    /** Objective values of one design (raw x in {@link #domain()}). */
    double[] evaluate(double[] x);

    /** Off-MOO-Bench's hard-coded {@code nadir_point} (used for the hypervolume reference point). */
    double[] nadir();

    /** Off-MOO-Bench's hard-coded {@code ideal_point} (an estimate from their code; not used by their metrics). */
    double[] ideal();

    /**
     * Off-MOO-Bench's data-collection settings for this task; {@link CollectionSettings#OFF_MOO_DEFAULT} unless the
     * task overrides it (ZDT2, ZDT4, ZDT6).
     */
    default CollectionSettings collection() {
        return CollectionSettings.OFF_MOO_DEFAULT;
    }

    /**
     * A sample of the true Pareto front in objective space, for IGD ({@code Igd.compute} in the moo package), or
     * empty when no closed form is known (OmniTest, VLMOP1–3, the RE suite). ZDT1–4, ZDT6 and DTLZ1–4 follow pymoo
     * 0.6.1.3's {@code pareto_front()}; DTLZ5–7 are built from their closed forms ({@link ParetoFronts}). A fresh
     * array.
     */
    default Optional<double[][]> referenceFront() {
        return Optional.empty();
    }

    default int dims() {
        return domain().dims();
    }
}
