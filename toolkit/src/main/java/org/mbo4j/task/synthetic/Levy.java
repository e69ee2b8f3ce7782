package org.mbo4j.task.synthetic;

import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * Levy function on [−10, 10]^d: with w_i = 1 + (x_i − 1)/4, sin²(πw_1) + Σ_{i<d} (w_i − 1)²[1 + 10 sin²(πw_i + 1)]
 * + (w_d − 1)²[1 + sin²(2πw_d)]. Global minimum f* = 0 at (1, …, 1).
 */
public final class Levy implements SyntheticFunction {
    private final ContinuousSpace domain;

    public Levy(int d) {
        this.domain = ContinuousSpace.cube(d, -10, 10);
    }

    @Override
    public String name() {
        return "Levy-" + dims();
    }

    @Override
    public ContinuousSpace domain() {
        return domain;
    }

    @Override
    public double value(double[] x) {
        if (OfflineGuard.proposing()) OfflineGuard.check(name() + ".value(x)");
        int d = x.length;
        double w1 = 1 + (x[0] - 1) / 4;
        double s = sq(Math.sin(Math.PI * w1));
        for (int i = 0; i + 1 < d; i++) {
            double w = 1 + (x[i] - 1) / 4;
            s += sq(w - 1) * (1 + 10 * sq(Math.sin(Math.PI * w + 1)));
        }
        double wd = 1 + (x[d - 1] - 1) / 4;
        return s + sq(wd - 1) * (1 + sq(Math.sin(2 * Math.PI * wd)));
    }

    private static double sq(double v) {
        return v * v;
    }

    @Override
    public double minimum() {
        return 0;
    }

    @Override
    public double[] minimizer() {
        return Ackley.filled(dims(), 1);
    }
}
