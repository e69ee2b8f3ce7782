package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * DTLZ2 with 3 objectives (Deb, Thiele, Laumanns, Zitzler, "Scalable Test Problems for Evolutionary Multiobjective
 * Optimization", 2005) on [0, 1]^10 (k = 8): g = Σ_{i≥3} (x_i − 0.5)², f1 = (1 + g)cos(x1π/2)cos(x2π/2), f2 = (1 +
 * g)cos(x1π/2)sin(x2π/2), f3 = (1 + g)sin(x1π/2). Pareto front: the positive unit-sphere octant. Objectives in the
 * standard (n, m) layout (Off-MOO-Bench's {@code torch.stack(f)} without {@code dim=1} would give (m, n); see
 * {@link Dtlz}). As Off-MOO-Bench's {@code DTLZ2} ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/dtlz.py}
 * lines 83–95) and pymoo's {@code DTLZ2}: n = 10 (line 84), bounds [0, 1] (line 20), nadir [2.51925352, 2.53011955,
 * 2.66682285] (line 88), ideal [8.14503680e-06, 8.10665237e-06, 3.76396814e-06] (line 89). Data collection: 30
 * generations ({@code data_generation/collect_data.py} line 62), p = 0.45 (line 117).
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

    /** pymoo dtlz.py lines 74–77: the unit sphere through 136 Das–Dennis directions. */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.sphere());
    }

    @Override
    public double[] nadir() {
        return new double[] {2.51925352, 2.53011955, 2.66682285};
    }

    @Override
    public double[] ideal() {
        return new double[] {8.14503680e-06, 8.10665237e-06, 3.76396814e-06};
    }
}
