package org.mbo4j.task.synthetic;

import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * Styblinski–Tang function on [−5, 5]^d: ½ Σ (x_i⁴ − 16x_i² + 5x_i). Global minimum at x_i = x* ≈ −2.903534, the
 * smallest root of 4x³ − 32x + 5 = 0, with f* ≈ −39.16617·d.
 */
public final class StyblinskiTang implements SyntheticFunction {
    /** The minimiser coordinate, the root of 4x³ − 32x + 5 in [−5, −2] (Newton's method to machine precision). */
    static final double X_STAR = root();

    private final ContinuousSpace domain;

    public StyblinskiTang(int d) {
        this.domain = ContinuousSpace.cube(d, -5, 5);
    }

    private static double root() {
        double x = -2.9;
        for (int i = 0; i < 50; i++) x -= (4 * x * x * x - 32 * x + 5) / (12 * x * x - 32);
        return x;
    }

    @Override
    public String name() {
        return "StyblinskiTang-" + dims();
    }

    @Override
    public ContinuousSpace domain() {
        return domain;
    }

    @Override
    public double value(double[] x) {
        if (OfflineGuard.proposing()) OfflineGuard.check(name() + ".value(x)");
        double s = 0;
        for (double v : x) s += v * v * v * v - 16 * v * v + 5 * v;
        return s / 2;
    }

    @Override
    public double minimum() {
        double v = X_STAR;
        return dims() * (v * v * v * v - 16 * v * v + 5 * v) / 2;
    }

    @Override
    public double[] minimizer() {
        return Ackley.filled(dims(), X_STAR);
    }
}
