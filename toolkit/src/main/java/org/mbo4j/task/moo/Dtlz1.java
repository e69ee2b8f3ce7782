package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * DTLZ1 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^7 (k = 5): g = g1 = 100(k + Σ_{i≥3} ((x_i −
 * 0.5)² − cos(20π(x_i − 0.5)))), f1 = ½(1 + g)x1x2, f2 = ½(1 + g)x1(1 − x2), f3 = ½(1 + g)(1 − x1); linear front f1 +
 * f2 + f3 = ½ at g = 0. As Off-MOO-Bench's {@code DTLZ1} ({@code lamda-bbo/offline-moo}
 * {@code off_moo_bench/problem/dtlz.py} lines 56–80; its own {@code obj_func} stacks (N, M), line 74) and pymoo's
 * {@code DTLZ1}: n = 7 (line 57), bounds [0, 1] (line 20), nadir [507.46516068, 502.09050332, 516.68985527] (line 61),
 * ideal [5.26912179e-09, 1.94578236e-07, 1.76968514e-06] (line 62). Data collection: 30 generations
 * ({@code data_generation/collect_data.py} line 61), p = 0.45 (line 116).
 */
public final class Dtlz1 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(7, 0, 1);

    @Override
    public String name() {
        return "DTLZ1";
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
        int m = 3;
        double g = Dtlz.g1(x, m);
        double[] f = new double[m];
        for (int i = 0; i < m; i++) {
            double p = 1;
            for (int j = 0; j < m - 1 - i; j++) p *= x[j];
            double v = 0.5 * (1 + g) * p;
            if (i > 0) v *= 1 - x[m - 1 - i];
            f[i] = v;
        }
        return f;
    }

    /** pymoo dtlz.py lines 47–50: 0.5 × 136 Das–Dennis directions (15 partitions). */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.dtlz1());
    }

    @Override
    public double[] nadir() {
        return new double[] {507.46516068, 502.09050332, 516.68985527};
    }

    @Override
    public double[] ideal() {
        return new double[] {5.26912179e-09, 1.94578236e-07, 1.76968514e-06};
    }
}
