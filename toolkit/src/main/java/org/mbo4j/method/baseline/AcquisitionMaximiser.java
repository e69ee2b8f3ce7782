package org.mbo4j.method.baseline;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * The multi-start maximiser of an acquisition function over a box for one new point, as BoTorch's
 * {@code optimize_acqf} with q = 1 (each step of its sequential greedy mode): {@code raw} randomly shifted Sobol
 * points in the box are scored, the {@code restarts} best are the starts of {@link BoundedLbfgs} (at most
 * {@code maxIter} iterations, SciPy's tolerances), and the best end point wins (a raw point if no start improves on
 * it). BoTorch draws its starts from the raw points by Boltzmann-weighted sampling
 * ({@code initialize_q_batch}); taking the best is deterministic and differs only in which local optima are tried.
 * Stateless.
 */
final class AcquisitionMaximiser {
    private AcquisitionMaximiser() {}

    /**
     * @param value the acquisition value alone (cheaper than with the gradient)
     * @param valueAndGradient the value with its gradient
     */
    static double[] maximise(
            ToDoubleFunction<double[]> value,
            BoundedLbfgs.Function valueAndGradient,
            double[] lo,
            double[] hi,
            int raw,
            int restarts,
            int maxIter,
            long seed) {
        int d = lo.length;
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(d);
        Random rng = new Random(seed);
        double[] shift = new double[d];
        for (int j = 0; j < d; j++) shift[j] = rng.nextDouble();
        double[][] points = new double[raw][d];
        double[] val = new double[raw];
        for (int s = 0; s < raw; s++) {
            double[] u = sobol.nextVector();
            for (int j = 0; j < d; j++) points[s][j] = lo[j] + ((u[j] + shift[j]) % 1.0) * (hi[j] - lo[j]);
            val[s] = value.applyAsDouble(points[s]);
        }
        Integer[] order = new Integer[raw];
        for (int i = 0; i < raw; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(val[b], val[a]));
        double[] bestX = points[order[0]].clone();
        double bestV = val[order[0]];
        for (int r = 0; r < Math.min(restarts, raw); r++) {
            BoundedLbfgs.Result res = BoundedLbfgs.maximise(valueAndGradient, points[order[r]], lo, hi, maxIter);
            if (res.value() > bestV) {
                bestV = res.value();
                bestX = res.x();
            }
        }
        return bestX;
    }
}
