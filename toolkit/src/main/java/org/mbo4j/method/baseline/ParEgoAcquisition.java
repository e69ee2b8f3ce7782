package org.mbo4j.method.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbo4j.nn.Dot;
import org.mbo4j.nn.TriangularProduct;

/**
 * qParEGO's acquisition as Off-MOO-Bench builds it ({@code off_moo_baselines/mobo/mobo_parego.py} 82–113 of
 * {@code lamda-bbo/offline-moo} a960f6f): Monte-Carlo qEI of an augmented Chebyshev scalarisation
 * ({@link ChebyshevScalarization}) of m independent GPs, E[max((g(f(x)) − best)⁺, maxᵢ (g(f(pᵢ)) − best)⁺)] over
 * the candidate x and the pending points pᵢ chosen before it (BoTorch's {@code optimize_acqf_list}: sequential
 * greedy, earlier candidates as {@code X_pending}). Each candidate has its own scalarisation and incumbent
 * ({@link #scalarise}).
 *
 * <p>The estimator has BoTorch 0.8.5's structure ({@code qExpectedImprovement.forward} with
 * {@code concatenate_pending_points}: the candidate first, then the pending points, one joint posterior sample per
 * base sample): per objective, f(x) = μ(x) + l₁₁ z₀ and f(P) = μ(P) + c z₀ + L z₁.., with l₁₁² = σ²(x),
 * c = Σ(P, x)/l₁₁ and L the Cholesky factor of Σ(P, P) − c cᵀ. The pending points' samples therefore move with x.
 * This matters: where the candidate adds nothing (a near-flat acquisition, e.g. VLMOP2), the x-dependence of the
 * pending samples is what moves BoTorch's starts and decides its picks; an estimator with the pending samples fixed
 * has the same expectation but a flat surface there, and on VLMOP2 its candidates avoided the data's hole around
 * the front (docs/methods/mobo.md, "Cross-check against BoTorch"). The gradient is exact (reverse mode through the
 * Cholesky factorisation, Murray 2016). Base samples: {@code samples} × (q·m) Φ⁻¹ of shifted Sobol points when
 * q·m ≤ 1000 (the Sobol generator's limit), seeded Gaussian pseudo-random numbers otherwise ({@link MoboSamples});
 * position 0 is the candidate's, position i the i-th pending point's, shared by all candidates (BoTorch redraws its
 * Sobol samples when the number of pending points changes: the same structure, other numbers). L comes from the
 * factor of Σ(P, P), grown by one row per pending point, by a rank-one downdate per evaluation ({@link #downdate}; in
 * exact arithmetic the factor a fresh factorisation gives); when a pivot would be at or below 10⁻¹², in that factor
 * or in the downdate (pending points nearly coinciding, or x next to one), L is factorised afresh from Σ(P, P) − c cᵀ
 * ({@link #factorise}: a positive pivot at or below 10⁻¹² floored, gpytorch's jitter on the diagonal if a pivot is
 * not positive). Objectives are minimised (the GPs model the minimised targets).
 * Cost per evaluation O(N² + N·n + samples·n²) for N GP rows and n pending points: the samples' n² term (a
 * triangular product, {@link TriangularProduct}: SIMD when the Vector API is present, the same bits either way)
 * dominates at n in the hundreds; the downdate and the gradient's pass through the factor are O(n²). Mutable; not
 * thread-safe.
 */
final class ParEgoAcquisition {
    private static final double MIN_VARIANCE = 1e-12;

    private final List<GaussianProcess> gps;
    private final int m;
    private final int samples;
    private final int q;
    /** z[j][s][i]: base sample of objective j, sample s, position i (0 the candidate, i ≥ 1 pending point i − 1). */
    private final double[][][] z;
    /** zc[j][s] = z[j][s][0], the candidate's base samples. */
    private final double[][] zc;
    /** zt[j][i][s] = z[j][s][i + 1], pending position i's base samples over the samples, for the row updates. */
    private final double[][][] zt;

    private final List<double[]> pending = new ArrayList<>();
    /** Per objective: K⁻¹ k(X, pᵢ) per pending point. */
    private final List<Rows> kinvK = new ArrayList<>();

    /** muP[j][i] = μ(pᵢ) for objective j (capacity q). */
    private final double[][] muP;

    /** Per objective: the rows of Σ(P, P) (row i has length i + 1), for the fresh factorisation. */
    private final List<List<double[]>> sigmaP = new ArrayList<>();

    /** Per objective: the Cholesky factor of Σ(P, P), rows of length i + 1, one row appended per pending point. */
    private final List<List<double[]>> cholP = new ArrayList<>();

    /** Per objective: whether a pivot of that factor was floored (then every evaluation factorises afresh). */
    private final boolean[] cholPFloored;

    private ChebyshevScalarization scalarisation;
    private double best;

    ParEgoAcquisition(List<GaussianProcess> gps, int samples, int q, long seed) {
        this.gps = List.copyOf(gps);
        m = gps.size();
        this.samples = samples;
        this.q = q;
        z = MoboSamples.normal(samples, q, m, seed);
        muP = new double[m][q];
        cholPFloored = new boolean[m];
        zc = new double[m][samples];
        zt = new double[m][q - 1][samples];
        for (int j = 0; j < m; j++) {
            for (int s = 0; s < samples; s++) {
                zc[j][s] = z[j][s][0];
                for (int i = 1; i < q; i++) zt[j][i - 1][s] = z[j][s][i];
            }
        }
        for (int j = 0; j < m; j++) {
            kinvK.add(new Rows());
            sigmaP.add(new ArrayList<>());
            cholP.add(new ArrayList<>());
        }
    }

    /** Sets the current candidate's scalarisation and incumbent {@code best} (max of g over the data's labels). */
    void scalarise(ChebyshevScalarization g, double best) {
        this.scalarisation = g;
        this.best = best;
    }

    int size() {
        return pending.size();
    }

    /** The acquisition value of {@code x} as the next point. */
    double value(double[] x) {
        return evaluate(x, null);
    }

    /** The value, with its gradient with respect to x written into {@code grad}. */
    double valueAndGradient(double[] x, double[] grad) {
        return evaluate(x, grad);
    }

    /** Appends {@code x} to the pending points. */
    void add(double[] x) {
        if (pending.size() >= q) throw new IllegalStateException("the batch already holds q = " + q + " points");
        int n = pending.size();
        double[] tmp = new double[x.length];
        for (int j = 0; j < m; j++) {
            GaussianProcess gp = gps.get(j);
            double[][] xs = gp.inputs();
            double[] k = new double[xs.length];
            for (int a = 0; a < xs.length; a++) k[a] = gp.kernelAndGradient(x, xs[a], tmp);
            double[] w = Dot.multiply(gp.inverse(), k);
            // Σ(pₙ, pᵢ) for i < n and σ²(pₙ), appended to the factor as its row n
            List<double[]> chol = cholP.get(j);
            double[] sig = new double[n + 1];
            double[] row = new double[n + 1];
            double[] kk = new double[n]; // (K⁻¹k(X, pᵢ))ᵀ k(X, x)
            kinvK.get(j).times(k, k.length, kk);
            for (int i = 0; i < n; i++) {
                sig[i] = gp.kernelAndGradient(x, pending.get(i), tmp) - kk[i];
                double[] ri = chol.get(i);
                row[i] = (sig[i] - Dot.dot(row, ri, i)) / ri[i];
            }
            sig[n] = gp.outputScale() - Dot.dot(k, w, k.length);
            double pivot = sig[n] - Dot.dot(row, row, n);
            if (!(pivot > MIN_VARIANCE)) cholPFloored[j] = true;
            row[n] = Math.sqrt(Math.max(pivot, MIN_VARIANCE));
            kinvK.get(j).add(w);
            muP[j][n] = gp.mean() + Dot.dot(k, gp.alpha(), k.length);
            sigmaP.get(j).add(sig);
            chol.add(row);
        }
        pending.add(x.clone());
    }

    private double evaluate(double[] x, double[] grad) {
        if (scalarisation == null) throw new IllegalStateException("call scalarise before evaluating");
        if (pending.size() >= q) throw new IllegalStateException("the batch already holds q = " + q + " points");
        int n = pending.size();
        int d = x.length;
        boolean withGradient = grad != null;
        Objective[] obj = new Objective[m];
        for (int j = 0; j < m; j++) obj[j] = new Objective(j, x, withGradient);
        double[][][] fs = new double[m][][];
        for (int j = 0; j < m; j++) fs[j] = obj[j].samples();
        // per sample, the largest improvement over the positions and the first position that reaches it
        double[] bestImp = new double[samples];
        Arrays.fill(bestImp, Double.NEGATIVE_INFINITY);
        int[] arg = new int[samples];
        double[] g = new double[samples];
        double[] max = new double[samples];
        double[] sum = new double[samples];
        double[][] ys = new double[m][];
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j < m; j++) ys[j] = fs[j][i];
            scalarisation.values(ys, samples, max, sum, g);
            for (int s = 0; s < samples; s++) {
                double imp = g[s] - best;
                if (imp > bestImp[s]) {
                    bestImp[s] = imp;
                    arg[s] = i;
                }
            }
        }
        double[] y = new double[m];
        double[] dg = new double[m];
        double total = 0;
        for (int s = 0; s < samples; s++) {
            if (!(bestImp[s] > 0)) continue;
            total += bestImp[s];
            if (withGradient) {
                for (int j = 0; j < m; j++) y[j] = fs[j][arg[s]][s];
                scalarisation.valueAndGradient(y, dg);
                for (int j = 0; j < m; j++) obj[j].accumulate(s, arg[s], dg[j]);
            }
        }
        if (withGradient) {
            Arrays.fill(grad, 0);
            for (int j = 0; j < m; j++) {
                double[] gj = obj[j].gradient(1.0 / samples);
                for (int k = 0; k < d; k++) grad[k] += gj[k];
            }
        }
        return total / samples;
    }

    /**
     * The Cholesky factor of L Lᵀ − c cᵀ for the factor L (rows of length i + 1), by the rank-one downdate (column by
     * column: r = √(l_kk² − x_k²), then rows below rotated by c = r/l_kk, s = x_k/l_kk; Golub and Van Loan §6.5.4) in
     * O(n²) in place of a fresh O(n³) factorisation; the same factor in exact arithmetic. Null when a pivot r² is at
     * or below 10⁻¹²: past a floored pivot the downdate's later rows would be wrong by far more than the floor (a
     * rotation by a floored pivot is not a small change of the matrix), so the caller factorises afresh
     * ({@link #factorise}), whose floor only raises one diagonal entry of the matrix by at most 10⁻¹².
     */
    static double[][] downdate(List<double[]> factor, double[] c) {
        int n = c.length;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) l[i] = factor.get(i).clone();
        double[] x = c.clone();
        for (int k = 0; k < n; k++) {
            double lkk = l[k][k];
            double xk = x[k];
            double r2 = (lkk - xk) * (lkk + xk);
            if (!(r2 > MIN_VARIANCE)) return null;
            double r = Math.sqrt(r2);
            double cs = r / lkk;
            double sn = xk / lkk;
            l[k][k] = r;
            for (int i = k + 1; i < n; i++) {
                double[] li = l[i];
                double v = (li[k] - sn * x[i]) / cs;
                li[k] = v;
                x[i] = cs * x[i] - sn * v;
            }
        }
        return l;
    }

    /** gpytorch's {@code cholesky_jitter} for float64 and {@code cholesky_max_tries} ({@code settings.py}). */
    static final double JITTER = 1e-8;

    static final int JITTER_TRIES = 3;

    /**
     * The Cholesky factor of S − c cᵀ from S's rows (row i of length i + 1), factorised afresh in O(n³). When a pivot
     * is not positive (or not finite), the factorisation starts again with 10⁻⁸, then 10⁻⁷, then 10⁻⁶ added to the
     * diagonal, as gpytorch's {@code psd_safe_cholesky} does (it raises after that; we floor). A positive pivot at
     * or below 10⁻¹² is floored (the diagonal at 10⁻⁶): that raises one diagonal entry of S by less than 10⁻¹², and
     * keeps a pivot at rounding level from dividing the rows below it by its square root. (Flooring non-positive
     * pivots too, without the retries, as builds 650411e to 6be6f31 did, let entries grow to 10⁸⁴ where S − c cᵀ
     * was indefinite by more than rounding: VLMOP1, thirteen pending points on its one input.)
     */
    static double[][] factorise(List<double[]> s, double[] c) {
        double[][] l = factorise(s, c, 0, false);
        for (int t = 0; l == null; t++) l = factorise(s, c, JITTER * Math.pow(10, t), t == JITTER_TRIES - 1);
        return l;
    }

    /** The factor of S − c cᵀ + jitter·I; null at a pivot that is not positive and finite, unless {@code last}. */
    private static double[][] factorise(List<double[]> s, double[] c, double jitter, boolean last) {
        int n = c.length;
        double[][] chol = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] row = new double[i + 1];
            double[] si = s.get(i);
            for (int b = 0; b <= i; b++) {
                double v = si[b] - c[i] * c[b];
                if (b > 0) v -= Dot.dot(row, b < i ? chol[b] : row, b);
                if (b < i) {
                    row[b] = v / chol[b][b];
                } else {
                    v += jitter;
                    if (!(v > 0 && v < Double.POSITIVE_INFINITY) && !last) return null;
                    row[i] = Math.sqrt(v > MIN_VARIANCE && v < Double.POSITIVE_INFINITY ? v : MIN_VARIANCE);
                }
            }
            chol[i] = row;
        }
        return chol;
    }

    /** One objective's joint posterior of (x, P), its samples and their reverse-mode gradient. */
    private final class Objective {
        private final int j;
        private final GaussianProcess gp;
        private final int n;
        private final double[] k;
        private final double[][] dk;
        private final double[] w;
        private final double mu;
        private final double l11;
        private final boolean l11Floored;
        private final double[] sxp;
        private final double[] c;
        /** Cholesky factor of Σ(P, P) − c cᵀ, rows of length i + 1. */
        private final double[][] chol;
        // adjoints
        private double muBar;
        private double l11Bar;
        private final double[] cBar;
        private final double[][] cholBar;
        /** Whether row i of cholBar received anything (a sample's best position was pending point i). */
        private final boolean[] touched;

        Objective(int j, double[] x, boolean withGradient) {
            this.j = j;
            gp = gps.get(j);
            n = pending.size();
            double[][] xs = gp.inputs();
            int nx = xs.length;
            int d = x.length;
            k = new double[nx];
            dk = withGradient ? new double[nx + n][d] : null;
            double[] tmp = new double[d];
            for (int a = 0; a < nx; a++) {
                k[a] = gp.kernelAndGradient(x, xs[a], tmp);
                if (withGradient) System.arraycopy(tmp, 0, dk[a], 0, d);
            }
            mu = gp.mean() + Dot.dot(k, gp.alpha(), nx);
            w = Dot.multiply(gp.inverse(), k);
            double var = gp.outputScale() - Dot.dot(k, w, nx);
            l11Floored = !(var > MIN_VARIANCE);
            l11 = Math.sqrt(Math.max(var, MIN_VARIANCE));
            sxp = new double[n];
            c = new double[n];
            double[] kk = new double[n]; // (K⁻¹k(X, pᵢ))ᵀ k(X, x), all pending rows in one pass
            kinvK.get(j).times(k, nx, kk);
            for (int i = 0; i < n; i++) {
                double v = gp.kernelAndGradient(x, pending.get(i), tmp);
                if (withGradient) System.arraycopy(tmp, 0, dk[nx + i], 0, d);
                sxp[i] = v - kk[i];
                c[i] = sxp[i] / l11;
            }
            double[][] down = cholPFloored[j] ? null : downdate(cholP.get(j), c);
            chol = down != null ? down : factorise(sigmaP.get(j), c);
            cBar = withGradient ? new double[n] : null;
            cholBar = withGradient ? new double[n][] : null;
            if (withGradient) for (int i = 0; i < n; i++) cholBar[i] = new double[i + 1];
            touched = withGradient ? new boolean[n] : null;
        }

        /**
         * This objective's samples at every position: out[0][s] the candidate's, out[1 + i][s] pending point i's, each
         * μ + c z₀ + Σ_b L_ib z_b with the sum in index order ({@link TriangularProduct}).
         */
        double[][] samples() {
            double[][] out = new double[n + 1][samples];
            double[] z0 = zc[j];
            double[] f0 = out[0];
            for (int s = 0; s < samples; s++) f0[s] = mu + l11 * z0[s];
            double[] mp = muP[j];
            double[][] zj = zt[j];
            TriangularProduct.lowerTimes(chol, zj, n, samples, Arrays.copyOfRange(out, 1, n + 1));
            for (int i = 0; i < n; i++) {
                double[] fi = out[1 + i];
                double mi = mp[i];
                double ci = c[i];
                for (int s = 0; s < samples; s++) fi[s] = mi + ci * z0[s] + fi[s];
            }
            return out;
        }

        /** Adds ∂(sample s's improvement)/∂f at position {@code arg} (= dg) to the adjoints. */
        void accumulate(int s, int arg, double dg) {
            if (dg == 0) return;
            double[] zs = z[j][s];
            if (arg == 0) {
                muBar += dg;
                l11Bar += dg * zs[0];
            } else {
                int i = arg - 1;
                cBar[i] += dg * zs[0];
                double[] row = cholBar[i];
                touched[i] = true;
                for (int b = 0; b <= i; b++) row[b] += dg * zs[1 + b];
            }
        }

        /** ∂/∂x of the accumulated adjoints times {@code scale}. */
        double[] gradient(double scale) {
            int nx = k.length;
            int d = dk == null ? 0 : dk[0].length;
            double[] cb = new double[n];
            for (int i = 0; i < n; i++) cb[i] = cBar[i] * scale;
            // Σ̄ = ½ L⁻ᵀ (P + Pᵀ) L⁻¹, P = Φ(Lᵀ L̄) (lower triangle, diagonal halved); S = Σ(P,P) − c cᵀ gives
            // c̄ −= 2 Σ̄ c
            if (n > 0) {
                double[] u = new double[n]; // L⁻¹ c
                for (int i = 0; i < n; i++) u[i] = (c[i] - Dot.dot(chol[i], u, i)) / chol[i][i];
                // v = (P + Pᵀ) u in O(n²): (P u)ᵢ = Σ_{r≥i} L_ri (Σ_{b<i} L̄_rb u_b + ½ L̄_ri uᵢ) by prefix sums along
                // each row r of L̄, (Pᵀu)_b = Σ_{r≥b} L̄_rb (Σ_{i=b..r} L_ri uᵢ − ½ L_rb u_b) by suffix sums along row
                // r of L
                double[] v = new double[n];
                for (int r = 0; r < n; r++) {
                    double[] lr = chol[r];
                    // a row of zeros adds ±0 to each v[i], which leaves it as it is (v starts at +0): skipped
                    if (!touched[r]) continue;
                    double[] gr = cholBar[r];
                    double prefix = 0;
                    for (int i = 0; i <= r; i++) {
                        double gu = gr[i] * u[i];
                        v[i] += lr[i] * (prefix + 0.5 * gu);
                        prefix += gu;
                    }
                    double suffix = 0;
                    for (int b = r; b >= 0; b--) {
                        double lu = lr[b] * u[b];
                        suffix += lu;
                        v[b] += gr[b] * (suffix - 0.5 * lu);
                    }
                }
                for (int i = 0; i < n; i++) v[i] *= scale;
                for (int i = n - 1; i >= 0; i--) { // ½ L⁻ᵀ v, in place
                    double t = 0.5 * v[i];
                    for (int r = i + 1; r < n; r++) t -= chol[r][i] * v[r];
                    v[i] = t / chol[i][i];
                }
                for (int i = 0; i < n; i++) cb[i] -= 2 * v[i];
            }
            double lBar = l11Bar * scale;
            double[] sBar = new double[n];
            for (int i = 0; i < n; i++) {
                sBar[i] = cb[i] / l11;
                lBar -= cb[i] * c[i] / l11;
            }
            double varBar = l11Floored ? 0 : lBar / (2 * l11);
            double[] alpha = gp.alpha();
            double[] kBar = new double[nx];
            for (int a = 0; a < nx; a++) kBar[a] = muBar * scale * alpha[a] - 2 * varBar * w[a];
            kinvK.get(j).subtractCombination(sBar, kBar, nx);
            double[] g = new double[d];
            for (int a = 0; a < nx; a++) {
                double cbk = kBar[a];
                if (cbk == 0) continue;
                double[] row = dk[a];
                for (int t = 0; t < d; t++) g[t] += cbk * row[t];
            }
            for (int i = 0; i < n; i++) {
                double sb = sBar[i];
                if (sb == 0) continue;
                double[] row = dk[nx + i];
                for (int t = 0; t < d; t++) g[t] += sb * row[t];
            }
            return g;
        }
    }
}
