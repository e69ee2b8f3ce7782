package org.mbo4j.task.moo;

import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * VLMOP2 as Off-MOO-Bench defines it, on [−2, 2]^6: f1 = 1 − exp(−Σ(x_i − 1/√n)²), f2 = 1 − exp(−Σ(x_i + 1/√n)²);
 * Pareto set x1 = … = xn ∈ [−1/√n, 1/√n]. As Off-MOO-Bench's {@code VLMOP2} ({@code lamda-bbo/offline-moo}
 * {@code off_moo_bench/problem/synthetic_func.py} lines 146–179, objectives at lines 163–169): n = 6 (line 147), bounds
 * [−2, 2]^6 (lines 153–154), nadir [1, 1] (line 155), ideal [0, 0] (line 156). pymoo 0.6.1.3 has no VLMOP problems.
 * Data collection: 30 generations ({@code data_generation/collect_data.py} line 59), p = 0.45 (line 114).
 */
public final class Vlmop2 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(6, -2, 2);

    @Override
    public String name() {
        return "VLMOP2";
    }

    @Override
    public ContinuousSpace domain() {
        return DOMAIN;
    }

    @Override
    public int objectives() {
        return 2;
    }

    @Override
    public double[] evaluate(double[] x) {
        if (OfflineGuard.proposing()) OfflineGuard.check(name() + ".evaluate(x)");
        double c = 1 / Math.sqrt(x.length);
        double a = 0;
        double b = 0;
        for (double v : x) {
            a += (v - c) * (v - c);
            b += (v + c) * (v + c);
        }
        return new double[] {1 - Math.exp(-a), 1 - Math.exp(-b)};
    }

    @Override
    public double[] nadir() {
        return new double[] {1, 1};
    }

    @Override
    public double[] ideal() {
        return new double[] {0, 0};
    }
}
