package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * DTLZ7 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^10 (k = 8): f1 = x1, f2 = x2, g = 1 +
 * 9/k·Σ_{i≥3} x_i, h = M − Σ_{i≤2} f_i/(1 + g)·(1 + sin(3π·f_i)), f3 = (1 + g)h. As Off-MOO-Bench's {@code DTLZ7}
 * ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/dtlz.py} lines 164–182, already (N, M) at line 182) and
 * pymoo's {@code DTLZ7}: n = 10 (line 165), bounds [0, 1] (line 20), nadir [0.9999954, 0.99999772, 30.79227037] (line
 * 169), ideal [1.80047270e-08, 5.11191256e-07, 4.40902012] (line 170). Data collection: 30 generations
 * ({@code data_generation/collect_data.py} line 67), p = 0.45 (line 122).
 */
public final class Dtlz7 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(10, 0, 1);

    @Override
    public String name() {
        return "DTLZ7";
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
        int k = x.length - m + 1;
        double s = 0;
        for (int i = x.length - k; i < x.length; i++) s += x[i];
        double g = 1 + 9.0 / k * s;
        double t = 0;
        for (int i = 0; i < m - 1; i++) t += x[i] / (1 + g) * (1 + Math.sin(3 * Math.PI * x[i]));
        return new double[] {x[0], x[1], (1 + g) * (m - t)};
    }

    /** the non-dominated part of a 60 × 60 grid of (f1, f2) at g = 1 (pymoo loads a file we cannot reach). */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.dtlz7(60));
    }

    @Override
    public double[] nadir() {
        return new double[] {0.9999954, 0.99999772, 30.79227037};
    }

    @Override
    public double[] ideal() {
        return new double[] {1.80047270e-08, 5.11191256e-07, 4.40902012};
    }
}
