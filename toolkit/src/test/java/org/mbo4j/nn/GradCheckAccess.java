package org.mbo4j.nn;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link GradCheck} for tests outside {@code nn}. */
public final class GradCheckAccess {
    private GradCheckAccess() {}

    public static void check(INDArray v, INDArray analytic, DoubleSupplier f, double tol) {
        GradCheck.check(v, analytic, f, tol);
    }
}
