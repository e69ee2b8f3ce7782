package org.mbo4j.task.synthetic;

import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * Rosenbrock function on [−5, 10]^d (d ≥ 2): Σ_{i<d} 100(x_{i+1} − x_i²)² + (x_i − 1)². Global minimum f* = 0 at
 * (1, …, 1).
 */
public final class Rosenbrock implements SyntheticFunction {
    private final ContinuousSpace domain;

    public Rosenbrock(int d) {
        this.domain = ContinuousSpace.cube(d, -5, 10);
    }

    @Override
    public String name() {
        return "Rosenbrock-" + dims();
    }

    @Override
    public ContinuousSpace domain() {
        return domain;
    }

    @Override
    public double value(double[] x) {
        if (OfflineGuard.proposing()) OfflineGuard.check(name() + ".value(x)");
        double s = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = x[i] - 1;
            s += 100 * a * a + b * b;
        }
        return s;
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
