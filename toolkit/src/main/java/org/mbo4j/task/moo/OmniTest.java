package org.mbo4j.task.moo;

import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * Omni-test (Deb and Tiwari, "Omni-optimizer", per pymoo's docstring, {@code omnitest.py} line 17) on [0, 6]^2: f1 = Σ
 * sin(π·x_i), f2 = Σ cos(π·x_i); 3^n Pareto subsets (pymoo's comment, line 31). As Off-MOO-Bench's {@code OmniTest}
 * ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/synthetic_func.py} lines 235–269, objectives at lines
 * 249–252) and pymoo's {@code OmniTest} ({@code pymoo/problems/multi/omnitest.py} lines 19–28): n = 2 (line 236),
 * bounds [0, 6]^2 (lines 241–242), nadir [2, 2] (line 243), ideal [−2, −2] (line 244). Data collection: 30 generations
 * ({@code data_generation/collect_data.py} line 69), p = 0.45 (line 124).
 */
public final class OmniTest implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(2, 0, 6);

    @Override
    public String name() {
        return "OmniTest";
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
        double s = 0;
        double c = 0;
        for (double v : x) {
            s += Math.sin(Math.PI * v);
            c += Math.cos(Math.PI * v);
        }
        return new double[] {s, c};
    }

    @Override
    public double[] nadir() {
        return new double[] {2, 2};
    }

    @Override
    public double[] ideal() {
        return new double[] {-2, -2};
    }
}
