package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * ZDT1 (Zitzler, Deb, Thiele, "Comparison of Multiobjective Evolutionary Algorithms: Empirical Results", Evolutionary
 * Computation 2000) on [0, 1]^30: f1 = x1, g = 1 + 9/(n − 1)·Σ_{i≥2} x_i, f2 = g(1 − sqrt(f1/g)). Pareto front f2 = 1 −
 * sqrt(f1) at g = 1. As Off-MOO-Bench's {@code ZDT1} ({@code lamda-bbo/offline-moo}
 * {@code off_moo_bench/problem/synthetic_func.py} lines 329–349) and pymoo's {@code ZDT1}: bounds [0, 1]^30 (lines 330,
 * 335–336), nadir [0.99999809, 7.8250663] (line 337), ideal [7.27727072e-07, 2.38306515e-01] (line 338). Data
 * collection: 30 generations ({@code data_generation/collect_data.py} line 71), p = 0.45 (line 126).
 */
public final class Zdt1 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(30, 0, 1);

    @Override
    public String name() {
        return "ZDT1";
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
        int n = x.length;
        double s = 0;
        for (int i = 1; i < n; i++) s += x[i];
        double g = 1 + 9.0 / (n - 1) * s;
        double f1 = x[0];
        return new double[] {f1, g * (1 - Math.sqrt(f1 / g))};
    }

    /** pymoo zdt.py lines 17–19: f1 = linspace(0, 1, 100), f2 = 1 − sqrt(f1). */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.curve(0, 1, 100, x -> 1 - Math.sqrt(x)));
    }

    @Override
    public double[] nadir() {
        return new double[] {0.99999809, 7.8250663};
    }

    @Override
    public double[] ideal() {
        return new double[] {7.27727072e-07, 2.38306515e-01};
    }
}
