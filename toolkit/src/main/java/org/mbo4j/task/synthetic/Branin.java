package org.mbo4j.task.synthetic;

import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * Branin (Branin–Hoo) function on [−5, 10] × [0, 15]: a(x2 − b x1² + c x1 − r)² + s(1 − t)cos x1 + s with a = 1,
 * b = 5.1/(4π²), c = 5/π, r = 6, s = 10, t = 1/(8π). Three global minima (−π, 12.275), (π, 2.275),
 * (9.42478, 2.475) with f* = s·t = 5/(4π) ≈ 0.397887.
 */
public final class Branin implements SyntheticFunction {
    private static final double B = 5.1 / (4 * Math.PI * Math.PI);
    private static final double C = 5 / Math.PI;
    private static final double T = 1 / (8 * Math.PI);
    private static final ContinuousSpace DOMAIN = ContinuousSpace.box(new double[] {-5, 0}, new double[] {10, 15});

    @Override
    public String name() {
        return "Branin";
    }

    @Override
    public ContinuousSpace domain() {
        return DOMAIN;
    }

    @Override
    public double value(double[] x) {
        if (OfflineGuard.proposing()) OfflineGuard.check(name() + ".value(x)");
        double u = x[1] - B * x[0] * x[0] + C * x[0] - 6;
        return u * u + 10 * (1 - T) * Math.cos(x[0]) + 10;
    }

    @Override
    public double minimum() {
        return 10 * T;
    }

    @Override
    public double[] minimizer() {
        return new double[] {Math.PI, 2.275};
    }
}
