package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.nn.Mlp;
import org.nd4j.linalg.api.buffer.DataType;

class CmaEsBoxTest {
    /** f(x) = x₀ + 2x₁: a linear model that rewards running off to infinity. */
    static Mlp linear() {
        Mlp m = Mlp.builder(2).hidden().outputs(1).dataType(DataType.DOUBLE).build();
        m.weight(0).putScalar(0, 0, 1.0);
        m.weight(0).putScalar(1, 0, 2.0);
        m.bias(0).assign(0);
        return m;
    }

    @Test
    void boxedSearchEndsAtTheBestCornerAndUnboxedRunsAway() {
        CmaEs cma = CmaEs.defaults().with(CmaEs.Settings::maxIterations, 60);
        double[][] starts = {{0, 0}, {0.5, -0.5}};
        ContinuousSpace box = ContinuousSpace.cube(2, -1, 1);
        double[][] boxed = cma.search(linear(), starts, 3, box);
        for (double[] x : boxed) {
            assertEquals(1.0, x[0], 1e-3, "x0 at the upper bound");
            assertEquals(1.0, x[1], 1e-3, "x1 at the upper bound");
        }
        double[][] free = cma.search(linear(), starts, 3);
        assertTrue(
                free[0][0] + 2 * free[0][1] > 10,
                "unbounded CMA-ES follows the linear model far out: " + Arrays.toString(free[0]));
    }

    @Test
    void projectionClipsEachCoordinate() {
        assertEquals(
                "[-1.0, 0.25, 1.0]",
                java.util.Arrays.toString(ContinuousSpace.cube(3, -1, 1).project(new double[] {-3, 0.25, 7})));
    }
}
