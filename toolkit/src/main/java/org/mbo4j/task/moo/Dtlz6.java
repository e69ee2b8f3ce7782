package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * DTLZ6 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^10 (k = 8): DTLZ5 with g = Σ_{i≥3} x_i^0.1,
 * angles θ1 = x1, θ2 = (1 + 2g·x2)/(2(1 + g)), f1 = (1 + g)cos(θ1π/2)cos(θ2π/2), f2 = (1 + g)cos(θ1π/2)sin(θ2π/2), f3 =
 * (1 + g)sin(θ1π/2). As Off-MOO-Bench's {@code DTLZ6} ({@code lamda-bbo/offline-moo}
 * {@code off_moo_bench/problem/dtlz.py} lines 146–162, g at line 157) and pymoo's {@code DTLZ6}, in the standard (N, M)
 * layout (see {@link Dtlz}): n = 10 (line 147), bounds [0, 1] (line 20), nadir [8.90471718, 8.89404128, 8.88893072]
 * (line 151), ideal [9.56700075e-05, 9.51044735e-05, 5.57043760e-05] (line 152). Data collection: 30 generations
 * ({@code data_generation/collect_data.py} line 66), p = 0.45 (line 121).
 */
public final class Dtlz6 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(10, 0, 1);

    @Override
    public String name() {
        return "DTLZ6";
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
        for (int i = 2; i < x.length; i++) g += Math.pow(x[i], 0.1);
        return Dtlz.sphere(Dtlz.degenerateAngles(x, g, 3), g, 1, 3);
    }

    /** the quarter circle θ2 = 1/2, 100 points (pymoo loads a file we cannot reach). */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.degenerateCurve(100));
    }

    @Override
    public double[] nadir() {
        return new double[] {8.90471718, 8.89404128, 8.88893072};
    }

    @Override
    public double[] ideal() {
        return new double[] {9.56700075e-05, 9.51044735e-05, 5.57043760e-05};
    }
}
