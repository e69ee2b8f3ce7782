package org.mbo4j.method.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * L-BFGS-B (Byrd, Lu, Nocedal &amp; Zhu, SIAM J. Sci. Comput. 16, 1995; version 3.0, Morales &amp; Nocedal, ACM TOMS
 * 38, 2011), the algorithm behind SciPy's {@code minimize(method="L-BFGS-B")}, which BoTorch calls to fit GPs and
 * to maximise acquisition functions ({@code gen_candidates_scipy}). Written from the papers, step for step as the
 * reference implementation orders them, so that its iterates follow SciPy's:
 *
 * <ol>
 *   <li>the generalised Cauchy point along the projected steepest-descent path of the compact L-BFGS quadratic
 *   model B = θI − W M Wᵀ, W = [Y, θS] (paper §4), breakpoints taken in increasing order;</li>
 *   <li>subspace minimisation over the variables free at that point by the direct primal method (§5.1); the
 *   minimiser is projected onto the box, and when the projection does not give a descent direction the step is
 *   cut back to the box instead (version 3.0);</li>
 *   <li>a Moré–Thuente line search (ACM TOMS 20, 1994; MINPACK-2 {@code dcsrch}) with ftol = 10⁻³, gtol = 0.9,
 *   xtol = 0.1, at most {@value #MAX_LINE_SEARCH} evaluations, along d = z − x from a first trial step of 1
 *   (the first iteration of a problem not bounded in every variable: min(1/‖d‖, 1));</li>
 *   <li>the correction pair is skipped when sᵀy ≤ ε·(−gᵀs) (ε the machine epsilon); memory 10; a failed line
 *   search or a singular middle matrix clears the memory and restarts from the steepest descent, and a failed line
 *   search without memory ends the run ("abnormal termination"); so does a non-finite value or gradient at a
 *   trial point, after going back to the last finite iterate (SciPy would go on with them).</li>
 * </ol>
 *
 * Stops, as SciPy's defaults, when the projected gradient's max-norm is ≤ pgtol (10⁻⁵), when (f_k − f_{k+1}) /
 * max(|f_k|, |f_{k+1}|, 1) ≤ ftol (2.22·10⁻⁹, SciPy's {@code factr} 10⁷ times ε), or after {@code maxIter}
 * iterations. The middle matrix M is inverted directly (the reference factorises it); results agree with SciPy's to
 * rounding, not bit for bit. Stateless.
 */
final class LbfgsB {
    /** SciPy's L-BFGS-B defaults. */
    static final double PGTOL = 1e-5;

    static final double FTOL = 2.220446049250313e-9;
    /** SciPy's {@code maxcor} and {@code maxls}. */
    static final int MEMORY = 10;

    static final int MAX_LINE_SEARCH = 20;
    private static final double EPS = Math.ulp(1.0);

    /** f and ∇f at x (gradient written into {@code grad}). */
    @FunctionalInterface
    interface Function {
        double valueAndGradient(double[] x, double[] grad);
    }

    /** Why the run stopped. */
    enum Stop {
        PROJECTED_GRADIENT,
        RELATIVE_REDUCTION,
        MAX_ITERATIONS,
        ABNORMAL_LINE_SEARCH,
        NON_FINITE
    }

    /**
     * The point reached, its function value, iterations (SciPy's {@code nit}), function evaluations ({@code nfev})
     * and the reason for stopping.
     */
    record Result(double[] x, double value, int iterations, int evaluations, Stop stop) {
        /** SciPy's {@code success}: stopped by a convergence test. */
        boolean converged() {
            return stop == Stop.PROJECTED_GRADIENT || stop == Stop.RELATIVE_REDUCTION;
        }
    }

    private LbfgsB() {}

    /** Maximises f: minimises −f and reports f at the end point. */
    static Result maximise(Function f, double[] start, double[] lo, double[] hi, int maxIter) {
        Result r = minimise(
                (x, g) -> {
                    double v = -f.valueAndGradient(x, g);
                    for (int i = 0; i < g.length; i++) g[i] = -g[i];
                    return v;
                },
                start,
                lo,
                hi,
                maxIter,
                PGTOL,
                FTOL);
        return new Result(r.x(), -r.value(), r.iterations(), r.evaluations(), r.stop());
    }

    /**
     * Minimises f from {@code start} (clipped into the box) within [lo, hi]; either may be null, and entries may be
     * infinite, for no bound.
     */
    static Result minimise(
            Function f, double[] start, double[] lo, double[] hi, int maxIter, double pgtol, double ftol) {
        return new Run(f, start, lo, hi, pgtol, ftol).solve(maxIter);
    }

    /** One minimisation: the iterate, the L-BFGS memory and the counters. */
    private static final class Run {
        final Function fn;
        final int n;
        final double[] l;
        final double[] u;
        final boolean[] hasLo;
        final boolean[] hasHi;
        final boolean constrained;
        final boolean boxed;
        final double pgtol;
        final double ftol;
        double[] x;
        double[] g;
        double f;
        int evaluations;
        /** Correction pairs, oldest first. */
        final List<double[]> s = new ArrayList<>();

        final List<double[]> y = new ArrayList<>();
        double theta = 1;
        /** The middle matrix M (2·col × 2·col), null without pairs. */
        double[][] middle;

        Run(Function fn, double[] start, double[] lo, double[] hi, double pgtol, double ftol) {
            this.fn = fn;
            n = start.length;
            l = new double[n];
            u = new double[n];
            hasLo = new boolean[n];
            hasHi = new boolean[n];
            boolean any = false;
            boolean all = true;
            for (int i = 0; i < n; i++) {
                l[i] = lo == null ? Double.NEGATIVE_INFINITY : lo[i];
                u[i] = hi == null ? Double.POSITIVE_INFINITY : hi[i];
                hasLo[i] = l[i] > Double.NEGATIVE_INFINITY;
                hasHi[i] = u[i] < Double.POSITIVE_INFINITY;
                if (hasLo[i] && hasHi[i] && l[i] > u[i]) {
                    throw new IllegalArgumentException("L-BFGS-B bound " + i + ": lower " + l[i] + " > upper " + u[i]);
                }
                any |= hasLo[i] || hasHi[i];
                all &= hasLo[i] && hasHi[i];
            }
            constrained = any;
            boxed = all;
            this.pgtol = pgtol;
            this.ftol = ftol;
            x = start.clone();
            for (int i = 0; i < n; i++) x[i] = Math.min(Math.max(x[i], l[i]), u[i]);
        }

        double evaluate(double[] at, double[] grad) {
            evaluations++;
            return fn.valueAndGradient(at, grad);
        }

        Result solve(int maxIter) {
            g = new double[n];
            f = evaluate(x, g);
            if (!finite(f, g)) return new Result(x, f, 0, evaluations, Stop.NON_FINITE);
            if (projectedGradientNorm() <= pgtol) return new Result(x, f, 0, evaluations, Stop.PROJECTED_GRADIENT);
            int iter = 0;
            while (true) {
                double[] z = x.clone();
                double[] c = new double[2 * s.size()];
                boolean[] free = new boolean[n];
                if (!constrained && !s.isEmpty()) {
                    Arrays.fill(free, true);
                } else if (!cauchy(z, c, free)) {
                    if (s.isEmpty()) return new Result(x, f, iter, evaluations, Stop.ABNORMAL_LINE_SEARCH);
                    clearMemory();
                    continue;
                }
                if (!s.isEmpty() && any(free) && !subspaceMinimisation(z, c, free)) {
                    clearMemory();
                    continue;
                }
                double[] d = new double[n];
                for (int i = 0; i < n; i++) d[i] = z[i] - x[i];
                double[] xOld = x;
                double[] gOld = g;
                double fOld = f;
                LineSearch ls = lineSearch(z, d, iter == 0);
                if (ls == null) {
                    x = xOld;
                    g = gOld;
                    f = fOld;
                    if (s.isEmpty()) return new Result(x, f, iter, evaluations, Stop.ABNORMAL_LINE_SEARCH);
                    clearMemory();
                    continue;
                }
                iter++;
                // SciPy's driver counts the new iterate first, then the convergence tests run
                if (iter >= maxIter) return new Result(x, f, iter, evaluations, Stop.MAX_ITERATIONS);
                if (projectedGradientNorm() <= pgtol) {
                    return new Result(x, f, iter, evaluations, Stop.PROJECTED_GRADIENT);
                }
                if (fOld - f <= ftol * Math.max(Math.max(Math.abs(fOld), Math.abs(f)), 1)) {
                    return new Result(x, f, iter, evaluations, Stop.RELATIVE_REDUCTION);
                }
                double[] sNew = new double[n];
                double[] yNew = new double[n];
                double dr = 0;
                double rr = 0;
                for (int i = 0; i < n; i++) {
                    sNew[i] = ls.step * d[i];
                    yNew[i] = g[i] - gOld[i];
                    rr += yNew[i] * yNew[i];
                }
                dr = (ls.slope - ls.slopeStart) * ls.step;
                double ddum = -ls.slopeStart * ls.step;
                if (dr <= EPS * ddum) continue; // skip the update
                s.add(sNew);
                y.add(yNew);
                if (s.size() > MEMORY) {
                    s.remove(0);
                    y.remove(0);
                }
                theta = rr / dr;
                if (!formMiddle()) clearMemory();
            }
        }

        void clearMemory() {
            s.clear();
            y.clear();
            theta = 1;
            middle = null;
        }

        double projectedGradientNorm() {
            double norm = 0;
            for (int i = 0; i < n; i++) {
                double gi = g[i];
                if (gi < 0) {
                    if (hasHi[i]) gi = Math.max(x[i] - u[i], gi);
                } else {
                    if (hasLo[i]) gi = Math.min(x[i] - l[i], gi);
                }
                norm = Math.max(norm, Math.abs(gi));
            }
            return norm;
        }

        /** Row i of W = [Y, θS] (length 2·col). */
        double[] wRow(int i) {
            int col = s.size();
            double[] w = new double[2 * col];
            for (int j = 0; j < col; j++) {
                w[j] = y.get(j)[i];
                w[col + j] = theta * s.get(j)[i];
            }
            return w;
        }

        /**
         * M = [[−D, Lᵀ], [L, θSᵀS]]⁻¹ with D = diag(sᵢᵀyᵢ) and L the strictly lower part of SᵀY; false when singular.
         */
        boolean formMiddle() {
            int col = s.size();
            double[][] k = new double[2 * col][2 * col];
            for (int a = 0; a < col; a++) {
                for (int b = 0; b < col; b++) {
                    double sy = dot(s.get(a), y.get(b));
                    if (a == b) k[a][a] = -sy;
                    if (a > b) {
                        k[col + a][b] = sy; // L
                        k[b][col + a] = sy; // Lᵀ
                    }
                    k[col + a][col + b] = theta * dot(s.get(a), s.get(b));
                }
            }
            middle = invert(k);
            return middle != null;
        }

        /**
         * The generalised Cauchy point z (started as a copy of x), c = Wᵀ(z − x), and the variables free at z; false
         * when the model's curvature computation breaks down.
         */
        boolean cauchy(double[] z, double[] c, boolean[] free) {
            int col = s.size();
            double[] d = new double[n];
            double[] p = new double[2 * col];
            double f1 = 0;
            // 0 free, 1 at lower, 2 at upper, 3 fixed (l = u), -1 unbounded
            int[] where = new int[n];
            List<double[]> breaks = new ArrayList<>(); // {t, index}
            boolean bounded = true;
            if (projectedGradientNorm() <= 0) {
                for (int i = 0; i < n; i++) free[i] = !(hasLo[i] && hasHi[i] && l[i] == u[i]);
                return true;
            }
            for (int i = 0; i < n; i++) {
                double neg = -g[i];
                double tl = 0;
                double tu = 0;
                if (hasLo[i] && hasHi[i] && l[i] == u[i]) {
                    where[i] = 3;
                } else if (!hasLo[i] && !hasHi[i]) {
                    where[i] = -1;
                } else {
                    if (hasLo[i]) tl = x[i] - l[i];
                    if (hasHi[i]) tu = u[i] - x[i];
                    boolean atLo = hasLo[i] && tl <= 0;
                    boolean atHi = hasHi[i] && tu <= 0;
                    where[i] = 0;
                    if (atLo) {
                        if (neg <= 0) where[i] = 1;
                    } else if (atHi) {
                        if (neg >= 0) where[i] = 2;
                    } else if (Math.abs(neg) <= 0) {
                        where[i] = -3;
                    }
                }
                if (where[i] != 0 && where[i] != -1) {
                    d[i] = 0;
                } else {
                    d[i] = neg;
                    f1 -= neg * neg;
                    for (int j = 0; j < col; j++) {
                        p[j] += y.get(j)[i] * neg;
                        p[col + j] += s.get(j)[i] * neg;
                    }
                    if (hasLo[i] && neg < 0) {
                        breaks.add(new double[] {tl / -neg, i});
                    } else if (hasHi[i] && neg > 0) {
                        breaks.add(new double[] {tu / neg, i});
                    } else if (Math.abs(neg) > 0) {
                        bounded = false;
                    }
                }
            }
            for (int j = 0; j < col; j++) p[col + j] *= theta;
            boolean anyMove = false;
            for (double v : d) anyMove |= v != 0;
            if (!anyMove) {
                for (int i = 0; i < n; i++) free[i] = where[i] <= 0;
                return true;
            }
            double f2 = -theta * f1;
            double f2Original = f2;
            if (col > 0) f2 -= dot(p, multiply(middle, p));
            double dtm = -f1 / f2;
            double tsum = 0;
            breaks.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
            double tj = 0;
            boolean allFixed = false;
            for (int next = 0; next < breaks.size(); next++) {
                double tj0 = tj;
                tj = breaks.get(next)[0];
                int b = (int) breaks.get(next)[1];
                double dt = tj - tj0;
                if (dtm < dt) break;
                tsum += dt;
                double db = d[b];
                d[b] = 0;
                double zb;
                if (db > 0) {
                    zb = u[b] - x[b];
                    z[b] = u[b];
                    where[b] = 2;
                } else {
                    zb = l[b] - x[b];
                    z[b] = l[b];
                    where[b] = 1;
                }
                int left = breaks.size() - next - 1;
                if (left == 0 && breaks.size() == n) {
                    dtm = dt;
                    allFixed = true;
                    break;
                }
                double db2 = db * db;
                f1 = f1 + dt * f2 + db2 - theta * db * zb;
                f2 = f2 - theta * db2;
                if (col > 0) {
                    for (int j = 0; j < c.length; j++) c[j] += dt * p[j];
                    double[] wb = wRow(b);
                    double[] v = multiply(middle, wb);
                    double wmc = dot(c, v);
                    double wmp = dot(p, v);
                    double wmw = dot(wb, v);
                    for (int j = 0; j < p.length; j++) p[j] -= db * wb[j];
                    f1 += db * wmc;
                    f2 += 2.0 * db * wmp - db2 * wmw;
                }
                f2 = Math.max(EPS * f2Original, f2);
                if (left > 0) {
                    dtm = -f1 / f2;
                } else if (bounded) {
                    dtm = 0;
                } else {
                    dtm = -f1 / f2;
                }
            }
            if (!allFixed) {
                if (dtm <= 0) dtm = 0;
                tsum += dtm;
                for (int i = 0; i < n; i++) if (d[i] != 0) z[i] = x[i] + tsum * d[i];
            }
            if (col > 0) for (int j = 0; j < c.length; j++) c[j] += dtm * p[j];
            for (int i = 0; i < n; i++) free[i] = where[i] <= 0;
            return Double.isFinite(dtm);
        }

        /**
         * Moves z (the Cauchy point) to the minimiser of the model over the free variables (direct primal method),
         * projected onto the box or cut back to it; false when the system is singular.
         */
        boolean subspaceMinimisation(double[] z, double[] c, boolean[] free) {
            int col = s.size();
            int[] idx = new int[n];
            int nsub = 0;
            for (int i = 0; i < n; i++) if (free[i]) idx[nsub++] = i;
            double[] mc = multiply(middle, c);
            // r = −Zᵀ(g + θ(z − x) − W M c), the negative reduced gradient
            double[] r = new double[nsub];
            double[][] wz = new double[nsub][];
            for (int a = 0; a < nsub; a++) {
                int i = idx[a];
                wz[a] = wRow(i);
                r[a] = -theta * (z[i] - x[i]) - g[i] + dot(wz[a], mc);
            }
            // d = r/θ + ZᵀW (I − M WᵀZZᵀW/θ)⁻¹ M WᵀZ r / θ²
            double[] wr = new double[2 * col];
            double[][] gram = new double[2 * col][2 * col];
            for (int a = 0; a < nsub; a++) {
                for (int j = 0; j < 2 * col; j++) {
                    wr[j] += wz[a][j] * r[a];
                    for (int k = 0; k < 2 * col; k++) gram[j][k] += wz[a][j] * wz[a][k];
                }
            }
            double[][] nmat = new double[2 * col][2 * col];
            for (int j = 0; j < 2 * col; j++) {
                for (int k = 0; k < 2 * col; k++) {
                    double mg = 0;
                    for (int q = 0; q < 2 * col; q++) mg += middle[j][q] * gram[q][k];
                    nmat[j][k] = (j == k ? 1 : 0) - mg / theta;
                }
            }
            double[][] ninv = invert(nmat);
            if (ninv == null) return false;
            double[] v = multiply(ninv, multiply(middle, wr));
            double[] du = new double[nsub];
            for (int a = 0; a < nsub; a++) du[a] = r[a] / theta + dot(wz[a], v) / (theta * theta);
            // version 3.0: project the subspace minimiser onto the box
            double[] zc = z.clone();
            boolean projected = false;
            for (int a = 0; a < nsub; a++) {
                int i = idx[a];
                double t = zc[i] + du[a];
                double clipped = Math.min(Math.max(t, l[i]), u[i]);
                if ((hasLo[i] && clipped == l[i]) || (hasHi[i] && clipped == u[i])) projected = true;
                z[i] = clipped;
            }
            if (!projected) return true;
            double slope = 0;
            for (int i = 0; i < n; i++) slope += (z[i] - x[i]) * g[i];
            if (slope <= 0) return true;
            // not a descent direction: step from the Cauchy point along du, cut back to the box
            System.arraycopy(zc, 0, z, 0, n);
            double alpha = 1;
            int hit = -1;
            for (int a = 0; a < nsub; a++) {
                int i = idx[a];
                double dk = du[a];
                double t = alpha;
                if (dk < 0 && hasLo[i]) {
                    double room = l[i] - z[i];
                    if (room >= 0) t = 0;
                    else if (dk * alpha < room) t = room / dk;
                } else if (dk > 0 && hasHi[i]) {
                    double room = u[i] - z[i];
                    if (room <= 0) t = 0;
                    else if (dk * alpha > room) t = room / dk;
                }
                if (t < alpha) {
                    alpha = t;
                    hit = a;
                }
            }
            if (alpha < 1) {
                int i = idx[hit];
                z[i] = du[hit] > 0 ? u[i] : l[i];
                du[hit] = 0;
            }
            for (int a = 0; a < nsub; a++) z[idx[a]] += alpha * du[a];
            return true;
        }

        /** The accepted step, the directional derivatives at its start and end. */
        record LineSearch(double step, double slopeStart, double slope) {}

        /** Searches along d from x; updates x, f, g; null when the search fails (the caller restores them). */
        LineSearch lineSearch(double[] z, double[] d, boolean first) {
            double dnorm = Math.sqrt(dot(d, d));
            double stpmx = 1e10;
            if (constrained) {
                if (first) {
                    stpmx = 1;
                } else {
                    for (int i = 0; i < n; i++) {
                        double a1 = d[i];
                        if (a1 < 0 && hasLo[i]) {
                            double a2 = l[i] - x[i];
                            if (a2 >= 0) stpmx = 0;
                            else if (a1 * stpmx < a2) stpmx = a2 / a1;
                        } else if (a1 > 0 && hasHi[i]) {
                            double a2 = u[i] - x[i];
                            if (a2 <= 0) stpmx = 0;
                            else if (a1 * stpmx > a2) stpmx = a2 / a1;
                        }
                    }
                }
            }
            double stp = first && !boxed ? Math.min(1 / dnorm, stpmx) : 1;
            double[] x0 = x;
            double slope0 = dot(g, d);
            if (slope0 >= 0) return null;
            MoreThuente search = new MoreThuente(f, slope0, stp, 0, stpmx);
            if (search.failed) return null;
            double[] xn = new double[n];
            double[] gn = new double[n];
            for (int tries = 0; ; tries++) {
                if (tries >= MAX_LINE_SEARCH) return null;
                stp = search.stp;
                if (stp == 1) {
                    System.arraycopy(z, 0, xn, 0, n);
                } else {
                    for (int i = 0; i < n; i++) xn[i] = stp * d[i] + x0[i];
                }
                double fn = evaluate(xn, gn);
                if (!finite(fn, gn)) return null; // the caller goes back to the last finite iterate
                double slope = dot(gn, d);
                x = xn.clone();
                g = gn.clone();
                f = fn;
                if (search.next(fn, slope)) return new LineSearch(stp, slope0, slope);
                if (search.failed) return null;
            }
        }
    }

    /**
     * The Moré–Thuente line search on φ(α) = f(x + αd): finds α with sufficient decrease (ftol 10⁻³) and curvature
     * |φ'(α)| ≤ gtol·|φ'(0)| (gtol 0.9), safeguarded within [stpmin, stpmax], interval tolerance xtol 0.1.
     */
    static final class MoreThuente {
        static final double FTOL = 1e-3;
        static final double GTOL = 0.9;
        static final double XTOL = 0.1;
        private static final double XTRAPL = 1.1;
        private static final double XTRAPU = 4.0;
        double stp;
        boolean failed;
        private final double stpmin;
        private final double stpmax;
        private final double finit;
        private final double ginit;
        private final double gtest;
        private boolean brackt;
        private int stage = 1;
        private double width;
        private double width1;
        private double stx;
        private double fx;
        private double gx;
        private double sty;
        private double fy;
        private double gy;
        private double stmin;
        private double stmax;

        MoreThuente(double f, double g, double stp, double stpmin, double stpmax) {
            this.stp = stp;
            this.stpmin = stpmin;
            this.stpmax = stpmax;
            finit = f;
            ginit = g;
            if (stp < stpmin || stp > stpmax || g >= 0 || stpmax < stpmin) failed = true;
            gtest = FTOL * ginit;
            width = stpmax - stpmin;
            width1 = width / 0.5;
            stx = 0;
            fx = finit;
            gx = ginit;
            sty = 0;
            fy = finit;
            gy = ginit;
            stmin = 0;
            stmax = stp + XTRAPU * stp;
        }

        /**
         * Takes φ(stp) and φ'(stp); true when stp is accepted (converged, or a warning as in dcsrch, which L-BFGS-B
         * also accepts); otherwise sets the next trial {@link #stp}.
         */
        boolean next(double f, double g) {
            double ftest = finit + stp * gtest;
            if (stage == 1 && f <= ftest && g >= 0) stage = 2;
            if (brackt && (stp <= stmin || stp >= stmax)) return true; // rounding errors prevent progress
            if (brackt && stmax - stmin <= XTOL * stmax) return true; // xtol test satisfied
            if (stp == stpmax && f <= ftest && g <= gtest) return true; // stp = stpmax
            if (stp == stpmin && (f > ftest || g >= gtest)) return true; // stp = stpmin
            if (f <= ftest && Math.abs(g) <= GTOL * -ginit) return true; // converged
            if (stage == 1 && f <= fx && f > ftest) {
                double fm = f - stp * gtest;
                double fxm = fx - stx * gtest;
                double fym = fy - sty * gtest;
                double gm = g - gtest;
                double gxm = gx - gtest;
                double gym = gy - gtest;
                double[] st = {stx, fxm, gxm, sty, fym, gym};
                step(st, fm, gm);
                stx = st[0];
                sty = st[3];
                fx = st[1] + stx * gtest;
                fy = st[4] + sty * gtest;
                gx = st[2] + gtest;
                gy = st[5] + gtest;
            } else {
                double[] st = {stx, fx, gx, sty, fy, gy};
                step(st, f, g);
                stx = st[0];
                fx = st[1];
                gx = st[2];
                sty = st[3];
                fy = st[4];
                gy = st[5];
            }
            if (brackt) {
                if (Math.abs(sty - stx) >= 0.66 * width1) stp = stx + 0.5 * (sty - stx);
                width1 = width;
                width = Math.abs(sty - stx);
                stmin = Math.min(stx, sty);
                stmax = Math.max(stx, sty);
            } else {
                stmin = stp + XTRAPL * (stp - stx);
                stmax = stp + XTRAPU * (stp - stx);
            }
            stp = Math.max(stp, stpmin);
            stp = Math.min(stp, stpmax);
            if ((brackt && (stp <= stmin || stp >= stmax)) || (brackt && stmax - stmin <= XTOL * stmax)) stp = stx;
            return false;
        }

        /**
         * dcstep: a safeguarded step from the interval {stx, fx, dx, sty, fy, dy} (updated in place) and the trial
         * (stp, fp, dp), bounded by [stmin, stmax]; sets {@link #stp} and {@link #brackt}.
         */
        private void step(double[] st, double fp, double dp) {
            double stx = st[0];
            double fx = st[1];
            double dx = st[2];
            double sty = st[3];
            double fy = st[4];
            double dy = st[5];
            double sgnd = dp * (dx / Math.abs(dx));
            double stpf;
            if (fp > fx) {
                double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
                double s = max3(Math.abs(theta), Math.abs(dx), Math.abs(dp));
                double gamma = s * Math.sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
                if (stp < stx) gamma = -gamma;
                double p = (gamma - dx) + theta;
                double q = ((gamma - dx) + gamma) + dp;
                double r = p / q;
                double stpc = stx + r * (stp - stx);
                double stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx);
                stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
                brackt = true;
            } else if (sgnd < 0) {
                double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
                double s = max3(Math.abs(theta), Math.abs(dx), Math.abs(dp));
                double gamma = s * Math.sqrt((theta / s) * (theta / s) - (dx / s) * (dp / s));
                if (stp > stx) gamma = -gamma;
                double p = (gamma - dp) + theta;
                double q = ((gamma - dp) + gamma) + dx;
                double r = p / q;
                double stpc = stp + r * (stx - stp);
                double stpq = stp + (dp / (dp - dx)) * (stx - stp);
                stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
                brackt = true;
            } else if (Math.abs(dp) < Math.abs(dx)) {
                double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
                double s = max3(Math.abs(theta), Math.abs(dx), Math.abs(dp));
                double gamma = s * Math.sqrt(Math.max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
                if (stp > stx) gamma = -gamma;
                double p = (gamma - dp) + theta;
                double q = (gamma + (dx - dp)) + gamma;
                double r = p / q;
                double stpc;
                if (r < 0 && gamma != 0) stpc = stp + r * (stx - stp);
                else if (stp > stx) stpc = stmax;
                else stpc = stmin;
                double stpq = stp + (dp / (dp - dx)) * (stx - stp);
                if (brackt) {
                    stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
                    if (stp > stx) stpf = Math.min(stp + 0.66 * (sty - stp), stpf);
                    else stpf = Math.max(stp + 0.66 * (sty - stp), stpf);
                } else {
                    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
                    stpf = Math.min(stmax, stpf);
                    stpf = Math.max(stmin, stpf);
                }
            } else {
                if (brackt) {
                    double theta = 3 * (fp - fy) / (sty - stp) + dy + dp;
                    double s = max3(Math.abs(theta), Math.abs(dy), Math.abs(dp));
                    double gamma = s * Math.sqrt((theta / s) * (theta / s) - (dy / s) * (dp / s));
                    if (stp > sty) gamma = -gamma;
                    double p = (gamma - dp) + theta;
                    double q = ((gamma - dp) + gamma) + dy;
                    double r = p / q;
                    stpf = stp + r * (sty - stp);
                } else if (stp > stx) {
                    stpf = stmax;
                } else {
                    stpf = stmin;
                }
            }
            if (fp > fx) {
                sty = stp;
                fy = fp;
                dy = dp;
            } else {
                if (sgnd < 0) {
                    sty = stx;
                    fy = fx;
                    dy = dx;
                }
                stx = stp;
                fx = fp;
                dx = dp;
            }
            st[0] = stx;
            st[1] = fx;
            st[2] = dx;
            st[3] = sty;
            st[4] = fy;
            st[5] = dy;
            stp = stpf;
        }

        private static double max3(double a, double b, double c) {
            return Math.max(a, Math.max(b, c));
        }
    }

    private static boolean finite(double f, double[] g) {
        if (!Double.isFinite(f)) return false;
        for (double v : g) if (!Double.isFinite(v)) return false;
        return true;
    }

    private static boolean any(boolean[] b) {
        for (boolean v : b) if (v) return true;
        return false;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) out[i] = dot(m[i], v);
        return out;
    }

    /** The inverse by Gauss–Jordan elimination with partial pivoting; null when singular. */
    static double[][] invert(double[][] a) {
        int k = a.length;
        double[][] m = new double[k][2 * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(a[i], 0, m[i], 0, k);
            m[i][k + i] = 1;
        }
        for (int c = 0; c < k; c++) {
            int piv = c;
            for (int r = c + 1; r < k; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
            if (!(Math.abs(m[piv][c]) > 0)) return null;
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            double inv = 1 / m[c][c];
            for (int j = 0; j < 2 * k; j++) m[c][j] *= inv;
            for (int r = 0; r < k; r++) {
                if (r == c || m[r][c] == 0) continue;
                double fac = m[r][c];
                for (int j = 0; j < 2 * k; j++) m[r][j] -= fac * m[c][j];
            }
        }
        double[][] out = new double[k][k];
        for (int i = 0; i < k; i++) System.arraycopy(m[i], k, out[i], 0, k);
        return out;
    }
}
