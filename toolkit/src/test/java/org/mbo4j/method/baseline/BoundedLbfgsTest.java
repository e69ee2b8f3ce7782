package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoundedLbfgsTest {
    /** f(x) = −(x₀ − 1)² − 10(x₁ + 2)² − (x₂ − x₀)², maximum 0 at (1, −2, 1). */
    private static double quadratic(double[] x, double[] g) {
        g[0] = -2 * (x[0] - 1) + 2 * (x[2] - x[0]);
        g[1] = -20 * (x[1] + 2);
        g[2] = -2 * (x[2] - x[0]);
        return -(x[0] - 1) * (x[0] - 1) - 10 * (x[1] + 2) * (x[1] + 2) - (x[2] - x[0]) * (x[2] - x[0]);
    }

    @Test
    void findsTheUnconstrainedMaximum() {
        var r = BoundedLbfgs.maximise(BoundedLbfgsTest::quadratic, new double[] {5, 5, -5}, null, null, 200);
        assertArrayEquals(new double[] {1, -2, 1}, r.x(), 1e-4);
        assertEquals(0, r.value(), 1e-8);
    }

    @Test
    void stopsOnTheBoxWhenTheMaximumIsOutside() {
        // with x₁ ≥ −1 the maximum is at x₁ = −1 (the bound), x₀ = x₂ = 1 unchanged
        double[] lo = {-10, -1, -10};
        double[] hi = {10, 10, 10};
        var r = BoundedLbfgs.maximise(BoundedLbfgsTest::quadratic, new double[] {0, 3, 0}, lo, hi, 200);
        assertEquals(-1, r.x()[1], 0);
        assertEquals(1, r.x()[0], 1e-4);
        assertEquals(1, r.x()[2], 1e-4);
        assertEquals(-10, r.value(), 1e-7);
    }

    @Test
    void doesNotMoveOnAFlatFunction() {
        // a gradient of 1e-12 (like qEI far from the data) is below SciPy's pgtol 1e-5: no step is taken,
        // whereas Adam would move every coordinate by a full learning rate
        double[] start = {0.3, -0.7};
        var r = BoundedLbfgs.maximise(
                (x, g) -> {
                    g[0] = 1e-12;
                    g[1] = -1e-12;
                    return 1e-12 * (x[0] - x[1]);
                },
                start,
                new double[] {-1, -1},
                new double[] {1, 1},
                200);
        assertEquals(0, r.iterations());
        assertArrayEquals(start, r.x(), 0);
    }

    @Test
    void takesStepsLongerThanOneOnAShallowSlope() {
        // f = 0.02·x on [−20, 10]: the gradient is above pgtol, so the optimiser must reach the bound x = 10
        var r = BoundedLbfgs.maximise(
                (x, g) -> {
                    g[0] = 0.02;
                    return 0.02 * x[0];
                },
                new double[] {-20},
                new double[] {-20},
                new double[] {10},
                200);
        assertEquals(10, r.x()[0], 0);
        assertTrue(r.iterations() <= 10, "iterations " + r.iterations());
    }
}
