package org.mbo4j.method.baseline;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Box-constrained limited-memory BFGS maximiser with SciPy's L-BFGS-B stopping rules, the optimiser BoTorch uses
 * both to fit GP hyperparameters ({@code fit_gpytorch_model}) and to maximise acquisition functions
 * ({@code optimize_acqf} → {@code gen_candidates_scipy}).
 *
 * <p>A simplified L-BFGS-B (Byrd, Lu, Nocedal &amp; Zhu 1995): variables at a bound whose gradient points outwards
 * are held fixed, the search direction is the two-loop L-BFGS direction (memory 10) on the free variables, the
 * step is projected onto the box and backtracked until the Armijo condition (c₁ = 1e-4) holds, or doubled while
 * Armijo holds and the curvature condition (c₂ = 0.9) fails. It stops, like
 * SciPy's defaults, when the projected gradient's max-norm is ≤ {@code pgtol} (1e-5), when the relative decrease
 * (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) is ≤ {@code ftol} (2.22e-9), after {@code maxIter} iterations, or
 * when the line search fails. What matters for faithfulness is that steps scale with the gradient and the
 * optimiser stops on a flat function: unlike Adam, it does not turn a vanishing gradient into a full-size step.
 * (The generalised Cauchy point of true L-BFGS-B is not computed; the result is a stationary point of the same
 * problem, possibly a different one.) Stateless.
 */
final class BoundedLbfgs {
    /** SciPy's L-BFGS-B defaults. */
    static final double PGTOL = 1e-5;

    static final double FTOL = 2.220446049250313e-9;
    private static final int MEMORY = 10;

    /** f and ∇f at x (gradient written into {@code grad}); the function to maximise. */
    @FunctionalInterface
    interface Function {
        double valueAndGradient(double[] x, double[] grad);
    }

    /** The maximiser found, its value and the number of iterations taken. */
    record Result(double[] x, double value, int iterations) {}

    private BoundedLbfgs() {}

    /**
     * Maximises {@code f} from {@code start} inside [lo, hi] (either may be null for no bound) with SciPy's default
     * tolerances.
     */
    static Result maximise(Function f, double[] start, double[] lo, double[] hi, int maxIter) {
        return maximise(f, start, lo, hi, maxIter, PGTOL, FTOL);
    }

    static Result maximise(
            Function f, double[] start, double[] lo, double[] hi, int maxIter, double pgtol, double ftol) {
        int d = start.length;
        double[] x = project(start.clone(), lo, hi);
        double[] g = new double[d];
        // minimise h = −f
        double h = -f.valueAndGradient(x, g);
        negate(g);
        Deque<double[][]> memory = new ArrayDeque<>();
        int it = 0;
        double[] dir = new double[d];
        double[] xn = new double[d];
        double[] gn = new double[d];
        boolean[] free = new boolean[d];
        while (it < maxIter) {
            double pg = 0;
            for (int j = 0; j < d; j++) {
                double stepTo = x[j] - g[j];
                if (lo != null) stepTo = Math.max(lo[j], stepTo);
                if (hi != null) stepTo = Math.min(hi[j], stepTo);
                pg = Math.max(pg, Math.abs(stepTo - x[j]));
                boolean atLo = lo != null && x[j] <= lo[j] && g[j] > 0;
                boolean atHi = hi != null && x[j] >= hi[j] && g[j] < 0;
                free[j] = !(atLo || atHi);
            }
            if (!(pg > pgtol)) break;
            direction(g, free, memory, dir);
            double slope = 0;
            for (int j = 0; j < d; j++) slope += dir[j] * g[j];
            if (!(slope < 0)) {
                memory.clear();
                for (int j = 0; j < d; j++) dir[j] = free[j] ? -g[j] : 0;
            }
            double t = 1;
            if (memory.isEmpty()) {
                double gmax = 0;
                for (int j = 0; j < d; j++) gmax = Math.max(gmax, Math.abs(dir[j]));
                t = Math.min(1, 1 / gmax);
            }
            double hn = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 30; ls++) {
                for (int j = 0; j < d; j++) xn[j] = x[j] + t * dir[j];
                project(xn, lo, hi);
                double decrease = 0;
                for (int j = 0; j < d; j++) decrease += g[j] * (xn[j] - x[j]);
                hn = -f.valueAndGradient(xn, gn);
                if (Double.isFinite(hn) && hn <= h + 1e-4 * decrease) {
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) break;
            negate(gn);
            // expand while the curvature (weak Wolfe) condition fails and Armijo still holds, as SciPy's line search
            // may take steps longer than 1
            if (t == 1 || memory.isEmpty()) {
                double[] xt = new double[d];
                double[] gt = new double[d];
                for (int grow = 0; grow < 30 && dotAll(gn, dir) < 0.9 * slopeOf(g, dir); grow++) {
                    double t2 = 2 * t;
                    for (int j = 0; j < d; j++) xt[j] = x[j] + t2 * dir[j];
                    project(xt, lo, hi);
                    double decrease = 0;
                    for (int j = 0; j < d; j++) decrease += g[j] * (xt[j] - x[j]);
                    double ht = -f.valueAndGradient(xt, gt);
                    if (!(Double.isFinite(ht) && ht <= h + 1e-4 * decrease && ht < hn)) break;
                    negate(gt);
                    t = t2;
                    hn = ht;
                    System.arraycopy(xt, 0, xn, 0, d);
                    System.arraycopy(gt, 0, gn, 0, d);
                }
            }
            it++;
            double[] s = new double[d];
            double[] yv = new double[d];
            double sy = 0;
            double yy = 0;
            for (int j = 0; j < d; j++) {
                s[j] = xn[j] - x[j];
                yv[j] = gn[j] - g[j];
                sy += s[j] * yv[j];
                yy += yv[j] * yv[j];
            }
            if (sy > 1e-10 * yy && sy > 0) {
                memory.addLast(new double[][] {s, yv});
                if (memory.size() > MEMORY) memory.removeFirst();
            }
            double rel = (h - hn) / Math.max(Math.max(Math.abs(h), Math.abs(hn)), 1);
            System.arraycopy(xn, 0, x, 0, d);
            System.arraycopy(gn, 0, g, 0, d);
            h = hn;
            if (rel <= ftol) break;
        }
        return new Result(x, -h, it);
    }

    /** Two-loop recursion: dir = −H·g restricted to the free variables. */
    private static void direction(double[] g, boolean[] free, Deque<double[][]> memory, double[] dir) {
        int d = g.length;
        for (int j = 0; j < d; j++) dir[j] = free[j] ? -g[j] : 0;
        if (memory.isEmpty()) return;
        int m = memory.size();
        double[] alpha = new double[m];
        double[][][] pairs = memory.toArray(new double[0][][]);
        for (int k = m - 1; k >= 0; k--) {
            double[] s = pairs[k][0];
            double[] y = pairs[k][1];
            double sy = dot(s, y, free);
            if (sy <= 0) continue;
            alpha[k] = dot(s, dir, free) / sy;
            for (int j = 0; j < d; j++) if (free[j]) dir[j] -= alpha[k] * y[j];
        }
        double[] sLast = pairs[m - 1][0];
        double[] yLast = pairs[m - 1][1];
        double yy = dot(yLast, yLast, free);
        double gamma = yy > 0 ? dot(sLast, yLast, free) / yy : 1;
        if (!(gamma > 0)) gamma = 1;
        for (int j = 0; j < d; j++) dir[j] *= gamma;
        for (int k = 0; k < m; k++) {
            double[] s = pairs[k][0];
            double[] y = pairs[k][1];
            double sy = dot(s, y, free);
            if (sy <= 0) continue;
            double beta = dot(y, dir, free) / sy;
            for (int j = 0; j < d; j++) if (free[j]) dir[j] += (alpha[k] - beta) * s[j];
        }
    }

    private static double dotAll(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += a[j] * b[j];
        return s;
    }

    private static double slopeOf(double[] g, double[] dir) {
        return dotAll(g, dir);
    }

    private static double dot(double[] a, double[] b, boolean[] free) {
        double s = 0;
        for (int j = 0; j < a.length; j++) if (free[j]) s += a[j] * b[j];
        return s;
    }

    private static void negate(double[] v) {
        for (int j = 0; j < v.length; j++) v[j] = -v[j];
    }

    private static double[] project(double[] x, double[] lo, double[] hi) {
        for (int j = 0; j < x.length; j++) {
            if (lo != null) x[j] = Math.max(lo[j], x[j]);
            if (hi != null) x[j] = Math.min(hi[j], x[j]);
        }
        return x;
    }

    static double[] filled(int d, double v) {
        double[] a = new double[d];
        Arrays.fill(a, v);
        return a;
    }
}
