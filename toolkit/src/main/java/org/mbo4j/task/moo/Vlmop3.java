package org.mbo4j.task.moo;

import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * VLMOP3 as Off-MOO-Bench defines it, on [−3, 3]^2, with r = x1² + x2²: f1 = ½r + sin(r), f2 = (3x1 − 2x2 + 4)²/8 + (x1
 * − x2 + 1)²/27 + 15, f3 = 1/(r + 1) − 1.1·exp(−r). As Off-MOO-Bench's {@code VLMOP3} ({@code lamda-bbo/offline-moo}
 * {@code off_moo_bench/problem/synthetic_func.py} lines 183–206, objectives at lines 199–206): n = 2 (line 184), bounds
 * [−3, 3]^2 (lines 190–191), nadir [10, 60, 1] (line 192), ideal [0, 15, 0.0526] (line 193; f3 reaches −0.1 at x = 0,
 * below this "ideal", which the metric does not use). pymoo 0.6.1.3 has no VLMOP problems. Data collection: 30
 * generations ({@code data_generation/collect_data.py} line 60), p = 0.45 (line 115).
 */
public final class Vlmop3 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(2, -3, 3);

    @Override
    public String name() {
        return "VLMOP3";
    }

    @Override
    public ContinuousSpace domain() {
        return DOMAIN;
    }

    @Override
    public int objectives() {
        return 3;
    }

    @Override
    public double[] evaluate(double[] x) {
        if (OfflineGuard.proposing()) OfflineGuard.check(name() + ".evaluate(x)");
        double a = x[0];
        double b = x[1];
        double r = a * a + b * b;
        double u = 3 * a - 2 * b + 4;
        double v = a - b + 1;
        return new double[] {
            0.5 * r + Math.sin(r), u * u / 8 + v * v / 27 + 15, 1 / (r + 1) - 1.1 * Math.exp(-a * a - b * b)
        };
    }

    @Override
    public double[] nadir() {
        return new double[] {10, 60, 1};
    }

    @Override
    public double[] ideal() {
        return new double[] {0, 15, 0.0526};
    }
}
