package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * One closed-form Off-MOO-Bench problem (a synthetic function of {@link SyntheticSuite} or an engineering problem
 * of {@link ReSuite}): its box, hard-coded nadir and ideal points, its formula and its data-collection settings.
 * Every objective is minimised; objective vectors are one per design (the standard (N, M) layout).
 *
 * @param name          Off-MOO-Bench's name without {@code -Exact-v0}
 * @param domain        the original box (OMB's {@code lbound}, {@code ubound})
 * @param objectives    number of objectives
 * @param nadirPoint    OMB's hard-coded {@code nadir_point}
 * @param idealPoint    OMB's hard-coded {@code ideal_point}
 * @param formula       the objectives on x in {@code domain}
 * @param collection    Off-MOO-Bench's collection settings for this problem (see {@link ReSuite#re34()})
 * @param collectionNote how our data collection differs from Off-MOO-Bench's for this problem, or empty
 */
public record ClosedFormProblem(
        String name,
        ContinuousSpace domain,
        int objectives,
        double[] nadirPoint,
        double[] idealPoint,
        Formula formula,
        CollectionSettings collection,
        String collectionNote)
        implements MultiObjectiveFunction {
    /** The objective map of one problem, on x in the original box. */
    @FunctionalInterface
    public interface Formula {
        double[] apply(double[] x);
    }

    public ClosedFormProblem {
        if (nadirPoint.length != objectives || idealPoint.length != objectives) {
            throw new IllegalArgumentException(name + ": nadir and ideal points need " + objectives + " values");
        }
        nadirPoint = nadirPoint.clone();
        idealPoint = idealPoint.clone();
    }

    /** The objective map, behind the same offline guard and length check as {@link #evaluate}. */
    @Override
    public Formula formula() {
        return this::evaluate;
    }

    @Override
    public double[] nadirPoint() {
        return nadirPoint.clone();
    }

    @Override
    public double[] idealPoint() {
        return idealPoint.clone();
    }

    @Override
    public double[] nadir() {
        return nadirPoint.clone();
    }

    /** Off-MOO-Bench's hard-coded {@code ideal_point} (not used by its evaluation; kept for reference). */
    public double[] ideal() {
        return idealPoint.clone();
    }

    /**
     * Objective values of one design given in the original box; discrete coordinates are rounded or snapped
     * here, as Off-MOO-Bench does. Coordinates outside the box are evaluated as given (no clipping).
     *
     * @throws IllegalArgumentException when {@code x} does not have {@link #dims()} coordinates
     */
    @Override
    public double[] evaluate(double[] x) {
        if (OfflineGuard.proposing()) OfflineGuard.check(name + ".evaluate(x)");
        if (x.length != domain.dims()) {
            throw new IllegalArgumentException(
                    name + " takes " + domain.dims() + " coordinates, got " + x.length + "; pass one full design");
        }
        return formula.apply(x);
    }

    /** The problem's reference front for IGD ({@link ParetoFronts#forProblem}), or empty. */
    @Override
    public Optional<double[][]> referenceFront() {
        return ParetoFronts.forProblem(name);
    }

    /** Problems are equal when their names are (the formula is a lambda and the points are arrays). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ClosedFormProblem p && p.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
