package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * DTLZ3 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^10 (k = 8): DTLZ2's spherical objectives with
 * the multimodal g1 of DTLZ1, g = 100(k + Σ_{i≥3}((x_i − 0.5)² − cos(20π(x_i − 0.5)))), f1 = (1 + g)cos(x1π/2)
 * cos(x2π/2), f2 = (1 + g)cos(x1π/2)sin(x2π/2), f3 = (1 + g)sin(x1π/2). As Off-MOO-Bench's {@code DTLZ3}
 * ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/dtlz.py} lines 98–110) and pymoo's {@code DTLZ3}, in the
 * standard (N, M) layout (see {@link Dtlz}): n = 10 (line 99), bounds [0, 1] (line 20), nadir [1548.83497615,
 * 1459.58638514, 1518.61926977] (line 103), ideal [0.00024734, 0.00057021, 0.00393799] (line 104). Data collection: 30
 * generations ({@code data_generation/collect_data.py} line 63), p = 0.45 (line 118).
 */
public final class Dtlz3 implements MultiObjectiveFunction {
    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(10, 0, 1);

    @Override
    public String name() {
        return "DTLZ3";
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
        return Dtlz.sphere(x, Dtlz.g1(x, 3), 1, 3);
    }

    /** pymoo dtlz.py lines 89–92: the unit sphere through 136 Das–Dennis directions. */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.sphere());
    }

    @Override
    public double[] nadir() {
        return new double[] {1548.83497615, 1459.58638514, 1518.61926977};
    }

    @Override
    public double[] ideal() {
        return new double[] {0.00024734, 0.00057021, 0.00393799};
    }
}
