package org.mbo4j.task.synthetic;

import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.offline.OfflineGuard;

/**
 * Six-dimensional Hartmann function on [0, 1]^6: −Σ_{i=1..4} α_i exp(−Σ_j A_ij (x_j − P_ij)²) with the standard
 * α, A, P. Global minimum f* ≈ −3.322368 at x* ≈ (0.201690, 0.150011, 0.476874, 0.275332, 0.311652, 0.657300).
 */
public final class Hartmann6 implements SyntheticFunction {
    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A = {
        {10, 3, 17, 3.5, 1.7, 8},
        {0.05, 10, 17, 0.1, 8, 14},
        {3, 3.5, 1.7, 10, 17, 8},
        {17, 8, 0.05, 10, 0.1, 14}
    };
    private static final double[][] P = {
        {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
        {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
        {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
        {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}
    };
    /** x* refined by a local optimiser (scipy L-BFGS-B from the published 6-digit point). */
    private static final double[] X_STAR = {
        0.20168951686, 0.15001069094, 0.47687397568, 0.27533243379, 0.31165161831, 0.65730053745
    };
    /** f(x*), the literature value −3.32236801141551 (confirmed by the same local optimisation). */
    private static final double F_STAR = -3.32236801141551;

    private static final ContinuousSpace DOMAIN = ContinuousSpace.cube(6, 0, 1);

    @Override
    public String name() {
        return "Hartmann6";
    }

    @Override
    public ContinuousSpace domain() {
        return DOMAIN;
    }

    @Override
    public double value(double[] x) {
        if (OfflineGuard.proposing()) OfflineGuard.check(name() + ".value(x)");
        double s = 0;
        for (int i = 0; i < 4; i++) {
            double e = 0;
            for (int j = 0; j < 6; j++) {
                double u = x[j] - P[i][j];
                e += A[i][j] * u * u;
            }
            s += ALPHA[i] * Math.exp(-e);
        }
        return -s;
    }

    @Override
    public double minimum() {
        return F_STAR;
    }

    @Override
    public double[] minimizer() {
        return X_STAR.clone();
    }
}
