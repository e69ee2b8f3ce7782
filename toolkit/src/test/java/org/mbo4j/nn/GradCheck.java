package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite differences in float64 for gradient tests. */
final class GradCheck {
    private GradCheck() {}

    /** Asserts analytic[i] ≈ (f(v+h) − f(v−h))/2h for every element i of {@code v} (flat indexing). */
    static void check(INDArray v, INDArray analytic, DoubleSupplier f, double tol) {
        double h = 1e-6;
        // index both arrays by (row, column) so their memory orders may differ
        long rows = v.rank() == 2 ? v.rows() : 1;
        long cols = v.rank() == 2 ? v.columns() : v.length();
        for (long r = 0; r < rows; r++) {
            for (long c = 0; c < cols; c++) {
                long[] at = v.rank() == 2 ? new long[] {r, c} : new long[] {c};
                double old = v.getDouble(at);
                v.putScalar(at, old + h);
                double up = f.getAsDouble();
                v.putScalar(at, old - h);
                double down = f.getAsDouble();
                v.putScalar(at, old);
                double fd = (up - down) / (2 * h);
                assertEquals(fd, analytic.getDouble(at), tol * Math.max(1, Math.abs(fd)), "element " + r + "," + c);
            }
        }
    }
}
