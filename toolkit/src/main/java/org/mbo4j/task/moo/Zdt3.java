package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * ZDT3 (Zitzler, Deb, Thiele, Evolutionary Computation 2000) on [0, 1]^30: f1 = x1, g = 1 + 9/(n − 1)·Σ_{i≥2} x_i, f2 =
 * g(1 − sqrt(f1/g) − (f1/g)·sin(10π·f1)); a front of five disconnected pieces (f2 can be negative). As Off-MOO-Bench's
 * {@code ZDT3} ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/synthetic_func.py} lines 376–397) and
 * pymoo's {@code ZDT3}: bounds [0, 1]^30 (lines 379, 382–383), nadir [0.99999954, 9.83643758] (line 384), ideal
 * [3.85619704e-07, −7.69222414e-01] (line 385). Data collection: 30 generations
 * ({@code data_generation/collect_data.py} line 73), p = 0.45 (line 128).
 */
public final class Zdt3 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(30, 0, 1);

    @Override
    public String name() {
        return "ZDT3";
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
        return new double[] {x[0], g * (1 - Math.sqrt(r) - r * Math.sin(10 * Math.PI * x[0]))};
    }

    /** pymoo zdt.py lines 46–64: five pieces of 20 points. */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.zdt3());
    }

    @Override
    public double[] nadir() {
        return new double[] {0.99999954, 9.83643758};
    }

    @Override
    public double[] ideal() {
        return new double[] {3.85619704e-07, -7.69222414e-01};
    }
}
