package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * L-BFGS-B against SciPy 1.17.1's {@code minimize(method="L-BFGS-B")} with default options: the same iteration and
 * evaluation counts, the same stopping reason and the same end point. Reference numbers from
 * {@code scripts/checks/lbfgsb/scipy_reference.py} (same problems, same starts, same bounds).
 */
class LbfgsBTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    static double rosen(double[] x, double[] g) {
        double f = 0;
        Arrays.fill(g, 0);
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            f += 100 * a * a + (1 - x[i]) * (1 - x[i]);
            g[i] += -400 * x[i] * a - 2 * (1 - x[i]);
            g[i + 1] += 200 * a;
        }
        return f;
    }

    private static final double[] C = {0.3, 0.8, 0.5, 1.4, -0.2};

    static double mixed(double[] x, double[] g) {
        double s = 0;
        for (double v : x) s += v;
        double f = 0.01 * s * s * s * s;
        for (int i = 0; i < x.length; i++) {
            f += (x[i] - C[i]) * (x[i] - C[i]) + 0.3 * Math.sin(5 * x[i]);
            g[i] = 2 * (x[i] - C[i]) + 0.04 * s * s * s + 1.5 * Math.cos(5 * x[i]);
        }
        return f;
    }

    private static void assertScipy(
            LbfgsB.Result r, int nit, int nfev, LbfgsB.Stop stop, double f, double[] x, double xTol) {
        assertEquals(nit, r.iterations(), "nit");
        assertEquals(nfev, r.evaluations(), "nfev");
        assertEquals(stop, r.stop());
        assertEquals(f, r.value(), Math.max(1e-12 * Math.abs(f), 1e-16), "f");
        for (int i = 0; i < x.length; i++) assertEquals(x[i], r.x()[i], xTol, "x" + i);
    }

    private static LbfgsB.Result min(LbfgsB.Function fn, double[] x0, double[] lo, double[] hi, int maxIter) {
        return LbfgsB.minimise(fn, x0, lo, hi, maxIter, LbfgsB.PGTOL, LbfgsB.FTOL);
    }

    @Test
    void boundedRosenbrockEndsOnItsActiveBoundAsScipy() {
        LbfgsB.Result r = min(
                LbfgsBTest::rosen,
                new double[] {-1.2, 1, -1.2, 1},
                new double[] {-2, -2, -2, -2},
                new double[] {0.5, 2, 2, 2},
                15000);
        assertScipy(
                r,
                20,
                28,
                LbfgsB.Stop.PROJECTED_GRADIENT,
                1.6678751226630846,
                new double[] {0.5, 0.2622132051378682, 0.07797600945069398, 0.006080247087406225},
                1e-12);
    }

    @Test
    void unboundedRosenbrockStopsOnTheRelativeReductionAsScipy() {
        LbfgsB.Result r = min(LbfgsBTest::rosen, new double[] {-1.2, 1}, null, null, 15000);
        assertScipy(
                r,
                36,
                44,
                LbfgsB.Stop.RELATIVE_REDUCTION,
                2.8076498487712216e-12,
                new double[] {0.999998945349282, 0.9999980209057328},
                1e-9);
        assertEquals(2.8076498487712216e-12, r.value(), 1e-16);
    }

    @Test
    void iterationLimitStopsWhereScipyStops() {
        LbfgsB.Result r = min(LbfgsBTest::rosen, new double[] {-1.2, 1}, null, null, 5);
        assertScipy(
                r,
                5,
                7,
                LbfgsB.Stop.MAX_ITERATIONS,
                4.087545016268825,
                new double[] {-1.021385160033696, 1.0392943881350645},
                1e-12);
    }

    @Test
    void oneSidedAndMixedBoundsFollowScipy() {
        LbfgsB.Result r = min(
                LbfgsBTest::rosen,
                new double[] {3, -1, 2, 0.5, -0.5, 1.5},
                new double[] {0.2, -INF, -1, -INF, -INF, 0},
                new double[] {INF, INF, INF, 0.8, INF, INF},
                15000);
        assertScipy(
                r,
                31,
                43,
                LbfgsB.Stop.RELATIVE_REDUCTION,
                0.18308573599490852,
                new double[] {
                    0.9727814905483749, 0.94616367947597, 0.894867544203469, 0.8, 0.6435643778022232, 0.414174938452325
                },
                1e-10);
    }

    /** All variables boxed (the acquisition-maximisation case): the first trial step is 1, corners and interior. */
    @Test
    void boxedProblemFollowsScipy() {
        LbfgsB.Result r = min(LbfgsBTest::mixed, new double[] {0.5, 0.5, 0.5, 0.5, 0.5}, new double[5], ones(5), 15000);
        assertScipy(
                r,
                13,
                17,
                LbfgsB.Stop.PROJECTED_GRADIENT,
                0.07809216449012624,
                new double[] {0.0, 0.8377522640788054, 0.7587705456879151, 0.9678486526450466, 0.0},
                1e-10);
        LbfgsB.Result max = LbfgsB.maximise(
                (x, g) -> {
                    double v = -mixed(x, g);
                    for (int i = 0; i < g.length; i++) g[i] = -g[i];
                    return v;
                },
                new double[] {0.5, 0.5, 0.5, 0.5, 0.5},
                new double[5],
                ones(5),
                15000);
        assertEquals(-0.07809216449012624, max.value(), 1e-15);
        assertEquals(13, max.iterations());
    }

    @Test
    void startOutsideTheBoxIsClippedAndAStationaryStartStopsAtOnce() {
        LbfgsB.Result r = min(LbfgsBTest::rosen, new double[] {1, 1, 5}, null, new double[] {INF, INF, 1}, 100);
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
        assertEquals(LbfgsB.Stop.PROJECTED_GRADIENT, r.stop());
        assertEquals(0.0, r.value());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> min(LbfgsBTest::rosen, new double[] {0, 0}, new double[] {1, 0}, new double[] {0, 1}, 10));
        assertEquals("L-BFGS-B bound 0: lower 1.0 > upper 0.0", e.getMessage());
    }

    /** A non-finite value ends the run at the last finite iterate instead of returning it. */
    @Test
    void nonFiniteValuesEndTheRunAtTheLastFiniteIterate() {
        LbfgsB.Result r = min(
                (x, g) -> {
                    g[0] = -1;
                    return x[0] > 2 ? Double.NaN : -x[0];
                },
                new double[] {0},
                null,
                null,
                100);
        assertTrue(r.x()[0] <= 2, "x " + r.x()[0]);
        assertTrue(Double.isFinite(r.value()));
        assertEquals(LbfgsB.Stop.ABNORMAL_LINE_SEARCH, r.stop());
        assertNull(LbfgsB.invert(new double[][] {{1, 2}, {2, 4}}));
    }

    private static double[] ones(int n) {
        double[] a = new double[n];
        Arrays.fill(a, 1);
        return a;
    }
}
