package org.mbo4j.task.synthetic;

import java.util.Arrays;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * Ackley function on [−32.768, 32.768]^d: −a·exp(−b·sqrt(mean x_i²)) − exp(mean cos(c x_i)) + a + e with a = 20,
 * b = 0.2, c = 2π. Global minimum f* = 0 at the origin.
 */
public final class Ackley implements SyntheticFunction {
    private final ContinuousSpace domain;

    public Ackley(int d) {
        this.domain = ContinuousSpace.cube(d, -32.768, 32.768);
    }

    @Override
    public String name() {
        return "Ackley-" + dims();
    }

    @Override
    public ContinuousSpace domain() {
        return domain;
    }

    @Override
    public double value(double[] x) {
        if (OfflineGuard.proposing()) OfflineGuard.check(name() + ".value(x)");
        double sq = 0;
        double cos = 0;
        for (double v : x) {
            sq += v * v;
            cos += Math.cos(2 * Math.PI * v);
        }
        int d = x.length;
        return -20 * Math.exp(-0.2 * Math.sqrt(sq / d)) - Math.exp(cos / d) + 20 + Math.E;
    }

    @Override
    public double minimum() {
        return 0;
    }

    @Override
    public double[] minimizer() {
        return new double[dims()];
    }

    static double[] filled(int d, double v) {
        double[] x = new double[d];
        Arrays.fill(x, v);
        return x;
    }
}
