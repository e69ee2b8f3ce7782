package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * DTLZ5 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^10 (k = 8): g = Σ_{i≥3}(x_i − 0.5)², angles
 * θ1 = x1, θ2 = (1 + 2g·x2)/(2(1 + g)), then DTLZ2's form f1 = (1 + g)cos(θ1π/2)cos(θ2π/2), f2 = (1 +
 * g)cos(θ1π/2)sin(θ2π/2), f3 = (1 + g)sin(θ1π/2). As Off-MOO-Bench's {@code DTLZ5} ({@code lamda-bbo/offline-moo}
 * {@code off_moo_bench/problem/dtlz.py} lines 128–144) and pymoo's {@code DTLZ5}, in the standard (N, M) layout (see
 * {@link Dtlz}): n = 10 (line 129), bounds [0, 1] (line 20), nadir [2.40756462, 2.36937324, 2.45008585] (line 133),
 * ideal [5.11293872e-06, 8.82751291e-06, 8.15403672e-06] (line 134). Data collection: 30 generations
 * ({@code data_generation/collect_data.py} line 65), p = 0.45 (line 120).
 */
public final class Dtlz5 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(10, 0, 1);

    @Override
    public String name() {
        return "DTLZ5";
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
        double g = Dtlz.g2(x, 3);
        return Dtlz.sphere(Dtlz.degenerateAngles(x, g, 3), g, 1, 3);
    }

    /** the quarter circle θ2 = 1/2, 100 points (pymoo loads a file we cannot reach). */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.degenerateCurve(100));
    }

    @Override
    public double[] nadir() {
        return new double[] {2.40756462, 2.36937324, 2.45008585};
    }

    @Override
    public double[] ideal() {
        return new double[] {5.11293872e-06, 8.82751291e-06, 8.15403672e-06};
    }
}
