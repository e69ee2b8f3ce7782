package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * ZDT2 (Zitzler, Deb, Thiele, Evolutionary Computation 2000) on [0, 1]^30: f1 = x1, g = 1 + 9/(n − 1)·Σ_{i≥2} x_i, f2 =
 * g(1 − (f1/g)²); Pareto front f2 = 1 − f1² at g = 1 (non-convex). As Off-MOO-Bench's {@code ZDT2}
 * ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/synthetic_func.py} lines 352–373, unchanged since commit
 * {@code 2b5c6a1}) and pymoo's {@code ZDT2}: bounds [0, 1]^30 (lines 355, 358–359), nadir [0.99999706, 9.74316166]
 * (line 360), ideal [3.21854609e-09, 8.08941746e-02] (line 361). Data collection: 40 generations per run
 * ({@code data_generation/collect_data.py} line 72), p = 0.45 (line 127).
 */
public final class Zdt2 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(30, 0, 1);

    @Override
    public String name() {
        return "ZDT2";
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
        double g = 1 + 9.0 * Zdt.tailSum(x) / (x.length - 1);
        double r = x[0] / g;
        return new double[] {x[0], g * (1 - r * r)};
    }

    /** pymoo zdt.py lines 31–33: f1 = linspace(0, 1, 100), f2 = 1 − f1². */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.curve(0, 1, 100, x -> 1 - x * x));
    }

    @Override
    public double[] nadir() {
        return new double[] {0.99999706, 9.74316166};
    }

    @Override
    public double[] ideal() {
        return new double[] {3.21854609e-09, 8.08941746e-02};
    }

    @Override
    public CollectionSettings collection() {
        return new CollectionSettings(40, 0.45);
    }
}
