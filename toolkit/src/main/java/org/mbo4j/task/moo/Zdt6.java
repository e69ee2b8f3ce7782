package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * ZDT6 (Zitzler, Deb, Thiele, Evolutionary Computation 2000) on [0, 1]^10: f1 = 1 − exp(−4x1)·sin⁶(6π·x1), g = 1 +
 * 9·(Σ_{i≥2} x_i/(n − 1))^0.25, f2 = g(1 − (f1/g)²); a non-convex front starting at f1 = 0.2807753191 (pymoo 0.6.1.3
 * {@code pymoo/problems/multi/zdt.py} line 143). As Off-MOO-Bench's {@code ZDT6} ({@code lamda-bbo/offline-moo}
 * {@code off_moo_bench/problem/synthetic_func.py} lines 432–453) and pymoo's {@code ZDT6} (both with the 0.25 power of
 * the mean of x2..x10): n = 10 (line 433), bounds [0, 1]^10 (lines 438–439), nadir [1.0, 9.34365208] (line 440), ideal
 * [0.28077532, 0.07205017] (line 441). Data collection: 600 generations per run
 * ({@code data_generation/collect_data.py} line 75), p = 0.2 (line 130).
 */
public final class Zdt6 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(10, 0, 1);

    @Override
    public String name() {
        return "ZDT6";
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
        double f1 = 1 - Math.exp(-4 * x[0]) * Math.pow(Math.sin(6 * Math.PI * x[0]), 6);
        double g = 1 + 9.0 * Math.pow(Zdt.tailSum(x) / (x.length - 1.0), 0.25);
        double r = f1 / g;
        return new double[] {f1, g * (1 - r * r)};
    }

    /** pymoo zdt.py lines 142–144: f1 = linspace(0.2807753191, 1, 100), f2 = 1 − f1². */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.curve(0.2807753191, 1, 100, x -> 1 - x * x));
    }

    @Override
    public double[] nadir() {
        return new double[] {1.0, 9.34365208};
    }

    @Override
    public double[] ideal() {
        return new double[] {0.28077532, 0.07205017};
    }

    @Override
    public CollectionSettings collection() {
        return new CollectionSettings(600, 0.2);
    }
}
