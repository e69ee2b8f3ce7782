package org.mbo4j.task.moo;

/**
 * Shared pieces of the DTLZ functions, as Off-MOO-Bench's {@code DTLZ} base class ({@code lamda-bbo/offline-moo}
 * {@code off_moo_bench/problem/dtlz.py} lines 5–54) and pymoo's ({@code pymoo/problems/many/dtlz.py} lines 9–40): x =
 * (X_, X_M) with X_ the first M − 1 coordinates and X_M the remaining k = n − M + 1. One difference: their
 * {@code DTLZ.obj_func} returns {@code torch.stack(f)}, objectives by rows (M, N) (dtlz.py line 43), where pymoo stacks
 * by columns (N, M); we return one objective vector per design, the standard (N, M) semantics.
 *
 * <p>The (M, N) shape is not repaired downstream in their code: {@code task.predict} returns
 * {@code problem.evaluate(x)} as is ({@code off_moo_bench/task.py} lines 639–650), and pymoo 0.5.0, the version they
 * pin, keeps F's shape ({@code pymoo/core/problem.py} lines 124–127 and 369–374; the shape checks are commented out,
 * lines 438–441) while {@code Population.set} raises when the row count is not the population size
 * ({@code pymoo/core/population.py} lines 55–58, read in the 0.5.0 sdist from PyPI). So the committed code cannot
 * have collected DTLZ2–DTLZ6 data with a population of 100; their released files came from other code.
 */
final class Dtlz {
    private Dtlz() {}

    /** g1 = 100(k + Σ_{X_M}((x − 0.5)² − cos(20π(x − 0.5)))) (dtlz.py line 27): DTLZ1 and DTLZ3. */
    static double g1(double[] x, int m) {
        int k = x.length - m + 1;
        double s = 0;
        for (int i = m - 1; i < x.length; i++) {
            double d = x[i] - 0.5;
            s += d * d - Math.cos(20 * Math.PI * d);
        }
        return 100 * (k + s);
    }

    /** g2 = Σ_{X_M}(x − 0.5)² (dtlz.py line 30): DTLZ2, DTLZ4 and DTLZ5. */
    static double g2(double[] x, int m) {
        double s = 0;
        for (int i = m - 1; i < x.length; i++) s += (x[i] - 0.5) * (x[i] - 0.5);
        return s;
    }

    /**
     * The spherical form of {@code obj_func} (dtlz.py lines 32–44): f_i = (1 + g)·Π_{j < M−1−i} cos(θ_j^α·π/2)
     * ·sin(θ_{M−1−i}^α·π/2), the sine only for i &gt; 0; θ holds at least M − 1 angles.
     */
    static double[] sphere(double[] theta, double g, double alpha, int m) {
        double[] f = new double[m];
        for (int i = 0; i < m; i++) {
            double p = 1;
            for (int j = 0; j < m - 1 - i; j++) p *= Math.cos(Math.pow(theta[j], alpha) * Math.PI / 2.0);
            double v = (1 + g) * p;
            if (i > 0) v *= Math.sin(Math.pow(theta[m - 1 - i], alpha) * Math.PI / 2.0);
            f[i] = v;
        }
        return f;
    }

    /**
     * DTLZ5/DTLZ6 angles (dtlz.py lines 141–142, 159–160): θ_1 = x_1, θ_j = (1 + 2g·x_j)/(2(1 + g)) for
     * 2 ≤ j ≤ M − 1.
     */
    static double[] degenerateAngles(double[] x, double g, int m) {
        double[] theta = new double[m - 1];
        theta[0] = x[0];
        for (int j = 1; j < m - 1; j++) theta[j] = 1 / (2 * (1 + g)) * (1 + 2 * g * x[j]);
        return theta;
    }
}
