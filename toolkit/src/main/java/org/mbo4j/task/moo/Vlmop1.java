package org.mbo4j.task.moo;

import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * VLMOP1 as Off-MOO-Bench defines it, on [−2, 4]: f1 = x², f2 = (x − 2)²; Pareto set x ∈ [0, 2]. As Off-MOO-Bench's
 * {@code VLMOP1} ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/synthetic_func.py} lines 127–142,
 * objectives at lines 141–142): n = 1 (line 128), bounds [−2, 4] (lines 133–134), nadir [4, 4] (line 135), ideal [0, 0]
 * (line 136). pymoo 0.6.1.3 has no VLMOP problems. Data collection: 30 generations
 * ({@code data_generation/collect_data.py} line 58), p = 0.45 (line 113).
 */
public final class Vlmop1 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(1, -2, 4);

    @Override
    public String name() {
        return "VLMOP1";
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
        double d = x[0] - 2;
        return new double[] {x[0] * x[0], d * d};
    }

    @Override
    public double[] nadir() {
        return new double[] {4, 4};
    }

    @Override
    public double[] ideal() {
        return new double[] {0, 0};
    }
}
