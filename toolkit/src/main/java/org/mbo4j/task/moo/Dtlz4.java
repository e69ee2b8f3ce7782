package org.mbo4j.task.moo;

import java.util.Optional;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * DTLZ4 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^10 (k = 8): DTLZ2 with every angle raised to
 * α = 100, g = Σ_{i≥3}(x_i − 0.5)², f1 = (1 + g)cos(x1^α·π/2)cos(x2^α·π/2), f2 = (1 + g)cos(x1^α·π/2) sin(x2^α·π/2), f3
 * = (1 + g)sin(x1^α·π/2). As Off-MOO-Bench's {@code DTLZ4} ({@code lamda-bbo/offline-moo}
 * {@code off_moo_bench/problem/dtlz.py} lines 112–126, α = 100 at line 113) and pymoo's {@code DTLZ4} (same default α),
 * in the standard (N, M) layout (see {@link Dtlz}): n = 10 (line 113), bounds [0, 1] (line 20), nadir [2.75747516,
 * 2.57674881, 2.52558196] (line 117), ideal [0, 0, 0] (line 118). Data collection: 30 generations
 * ({@code data_generation/collect_data.py} line 64), p = 0.45 (line 119).
 */
public final class Dtlz4 implements MultiObjectiveFunction {
    /** The angle exponent α (dtlz.py line 113). */
    static final double ALPHA = 100;

    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(10, 0, 1);

    @Override
    public String name() {
        return "DTLZ4";
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
        return Dtlz.sphere(x, Dtlz.g2(x, 3), ALPHA, 3);
    }

    /** pymoo dtlz.py lines 106–109: the unit sphere through 136 Das–Dennis directions. */
    @Override
    public Optional<double[][]> referenceFront() {
        return Optional.of(ParetoFronts.sphere());
    }

    @Override
    public double[] nadir() {
        return new double[] {2.75747516, 2.57674881, 2.52558196};
    }

    @Override
    public double[] ideal() {
        return new double[] {0, 0, 0};
    }
}
