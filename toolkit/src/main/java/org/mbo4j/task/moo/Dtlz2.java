package org.mbo4j.task.moo;

import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * DTLZ2 with 3 objectives (Deb, Thiele, Laumanns, Zitzler, "Scalable Test Problems for Evolutionary Multiobjective
 * Optimization", 2005) on [0, 1]^10 (k = 8): g = Σ_{i≥3} (x_i − 0.5)², f1 = (1 + g)cos(x1π/2)cos(x2π/2),
 * f2 = (1 + g)cos(x1π/2)sin(x2π/2), f3 = (1 + g)sin(x1π/2). Pareto front: the positive unit-sphere octant.
 * Objectives in the standard (n, m) layout (Off-MOO-Bench's {@code torch.stack(f)} without {@code dim=1} would give
 * (m, n); see protocols B.2). Nadir = Off-MOO-Bench's hard-coded [2.51925352, 2.53011955, 2.66682285].
 */
public final class Dtlz2 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(10, 0, 1);

    @Override
    public String name() {
        return "DTLZ2";
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
        double g = 0;
        for (int i = 2; i < x.length; i++) g += (x[i] - 0.5) * (x[i] - 0.5);
        double a = x[0] * Math.PI / 2;
        double b = x[1] * Math.PI / 2;
        return new double[] {
            (1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)
        };
    }

    @Override
    public double[] nadir() {
        return new double[] {2.51925352, 2.53011955, 2.66682285};
    }
}
