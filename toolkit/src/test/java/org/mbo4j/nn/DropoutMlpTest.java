package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DropoutMlpTest {
    private static final double[][] X = {{1, 0, 0.5, -1}, {0, 1, -0.3, 2}, {0.2, -0.7, 1, 0}};
    private static final double[] Y = {0.4, -0.1, 0.9};

    /** With the dropout mask fixed (the same seed replayed), every parameter's gradient matches central differences. */
    @Test
    void gradientsMatchFiniteDifferences() {
        DropoutMlp m = new DropoutMlp(4, 6, 2, 0.3, 1e-3, 0, 7);
        m.lossAndGradient(X, Y, new SplittableRandom(5));
        double[] g = m.gradient().clone();
        double[] theta = m.parameters();
        double h = 1e-6;
        for (int i = 0; i < theta.length; i++) {
            double old = theta[i];
            theta[i] = old + h;
            double up = m.loss(X, Y, new SplittableRandom(5));
            theta[i] = old - h;
            double down = m.loss(X, Y, new SplittableRandom(5));
            theta[i] = old;
            assertEquals((up - down) / (2 * h), g[i], 1e-6, "parameter " + i);
        }
    }

    @Test
    void mcDropoutMomentsAreDeterministicPerSeedAndEvaluationIsDropoutFree() {
        DropoutMlp m = new DropoutMlp(4, 16, 3, 0.1, 1e-3, 0, 1);
        double[][] a = m.moments(X, 25, new SplittableRandom(2)), b = m.moments(X, 25, new SplittableRandom(2));
        assertArrayEquals(a[0], b[0], 0);
        assertArrayEquals(a[1], b[1], 0);
        for (double s : a[1]) assertTrue(s > 0, "dropout spreads the passes");
        assertArrayEquals(m.predict(X, null), m.predict(X, null), 0);
        // p = 0: every pass equals the evaluation pass, σ = 0
        DropoutMlp none = new DropoutMlp(4, 16, 3, 0, 1e-3, 0, 1);
        double[][] c = none.moments(X, 5, new SplittableRandom(2));
        assertArrayEquals(none.predict(X, null), c[0], 1e-12);
        assertArrayEquals(new double[] {0, 0, 0}, c[1], 1e-12);
    }
}
