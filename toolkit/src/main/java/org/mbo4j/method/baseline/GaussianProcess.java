package org.mbo4j.method.baseline;

import java.util.Arrays;

/**
 * Exact Gaussian-process regression with a constant mean, a scaled Matérn-5/2 kernel with one lengthscale per
 * input (ARD) and a fixed, known observation-noise variance: BoTorch's {@code FixedNoiseGP} (2021) as used by
 * design-baselines' BO-qEI. k(a, b) = s²·(1 + √5 r + 5r²/3)·exp(−√5 r), r² = Σⱼ (aⱼ − bⱼ)²/ℓⱼ².
 *
 * <p>Hyperparameters θ = (c, log s², log ℓ₁..ℓ_d) are fitted by maximising the log marginal likelihood plus
 * BoTorch's log priors (ℓⱼ ~ Gamma(3, 6), s² ~ Gamma(2, 0.15)), i.e. the MAP estimate BoTorch's
 * {@code fit_gpytorch_model} computes, with the same kind of optimiser (L-BFGS with SciPy's stopping rules,
 * {@link BoundedLbfgs}) and analytic gradients. No input or outcome transforms (BoTorch's 2021 {@code FixedNoiseGP}
 * had none by default). Immutable;
 * double precision. The Cholesky factorisation and inverse are plain Java: ND4J 1.0.0-M2.1's {@code potrf} and
 * {@code matrix_inverse} reject well-conditioned SPD matrices (checked on a 40-point kernel matrix with smallest
 * eigenvalue 0.016).
 */
public final class GaussianProcess {
    /** BoTorch's lengthscale prior Gamma(concentration 3, rate 6). */
    static final double LS_A = 3.0;

    static final double LS_B = 6.0;
    /** BoTorch's outputscale prior Gamma(concentration 2, rate 0.15). */
    static final double OS_A = 2.0;

    static final double OS_B = 0.15;
    private static final double SQRT5 = Math.sqrt(5);

    private final double[][] x;
    private final double[] y;
    private final double noise;
    private final double[] theta;
    /** exp of θ's log-scale entries, cached: s² and ℓⱼ. */
    private final double outputScale;

    private final double[] lengthscales;
    private final boolean priors;
    private final double[][] kinv;
    private final double[] alpha;
    private final double logDet;

    private GaussianProcess(double[][] x, double[] y, double noise, double[] theta, boolean priors) {
        int n = x.length;
        if (n == 0 || y.length != n) throw new IllegalArgumentException("GP needs n ≥ 1 points with one y each");
        if (theta.length != x[0].length + 2) {
            throw new IllegalArgumentException(
                    "GP hyperparameters need " + (x[0].length + 2) + " values, got " + theta.length);
        }
        if (!(noise > 0)) throw new IllegalArgumentException("GP noise variance must be > 0, got " + noise);
        this.x = x;
        this.y = y;
        this.noise = noise;
        this.theta = theta.clone();
        this.outputScale = Math.exp(theta[1]);
        this.lengthscales = new double[theta.length - 2];
        for (int j = 0; j < lengthscales.length; j++) lengthscales[j] = Math.exp(theta[2 + j]);
        this.priors = priors;
        double[][] k = new double[n][n];
        for (int a = 0; a < n; a++) {
            k[a][a] = outputScale() + noise;
            for (int b = 0; b < a; b++) {
                double v = kernel(x[a], x[b]);
                k[a][b] = v;
                k[b][a] = v;
            }
        }
        double[][] chol = cholesky(k);
        double ld = 0;
        for (int i = 0; i < n; i++) ld += 2 * Math.log(chol[i][i]);
        logDet = ld;
        kinv = inverseFromCholesky(chol);
        alpha = new double[n];
        for (int a = 0; a < n; a++) {
            double s = 0;
            for (int b = 0; b < n; b++) s += kinv[a][b] * (y[b] - mean());
            alpha[a] = s;
        }
    }

    /** The GP conditioned on (x, y) with the given hyperparameters θ = (c, log s², log ℓ...). */
    public static GaussianProcess of(double[][] x, double[] y, double noiseVariance, double[] theta, boolean priors) {
        return new GaussianProcess(copy(x), y.clone(), noiseVariance, theta, priors);
    }

    /** gpytorch's initial hyperparameters: c = 0, s² = ℓⱼ = softplus(0) = ln 2. */
    public static double[] initialTheta(int dims) {
        double[] t = new double[dims + 2];
        Arrays.fill(t, Math.log(Math.log(2)));
        t[0] = 0;
        return t;
    }

    /** Bounds on the log-scale hyperparameters (log s², log ℓ) that keep the kernel matrix finite. */
    static final double LOG_MIN = -20;

    static final double LOG_MAX = 12;

    /**
     * The MAP (or, without priors, maximum-likelihood) hyperparameters from {@code start}, as BoTorch's
     * {@code fit_gpytorch_model}: {@link BoundedLbfgs} (at most {@code maxIter} iterations, SciPy's tolerances) on the
     * objective per point (gpytorch's {@code ExactMarginalLogLikelihood} divides by n). The log-scale parameters are
     * kept in [{@value #LOG_MIN}, {@value #LOG_MAX}]; the constant mean is free.
     */
    public static GaussianProcess fit(
            double[][] x, double[] y, double noiseVariance, double[] start, boolean priors, int maxIter) {
        double[][] xs = copy(x);
        double[] ys = y.clone();
        int n = xs.length;
        double[] lo = new double[start.length];
        double[] hi = new double[start.length];
        Arrays.fill(lo, LOG_MIN);
        Arrays.fill(hi, LOG_MAX);
        lo[0] = Double.NEGATIVE_INFINITY;
        hi[0] = Double.POSITIVE_INFINITY;
        BoundedLbfgs.Result r = BoundedLbfgs.maximise(
                (t, g) -> {
                    GaussianProcess gp;
                    try {
                        gp = new GaussianProcess(xs, ys, noiseVariance, t, priors);
                    } catch (IllegalStateException notPositiveDefinite) {
                        return Double.NEGATIVE_INFINITY;
                    }
                    double[] gr = gp.gradient();
                    for (int i = 0; i < g.length; i++) g[i] = gr[i] / n;
                    return gp.objective() / n;
                },
                start,
                lo,
                hi,
                maxIter);
        return new GaussianProcess(xs, ys, noiseVariance, r.x(), priors);
    }

    /** BoTorch 0.8.5's {@code SingleTaskGP} noise prior Gamma(concentration 1.1, rate 0.05). */
    static final double NOISE_A = 1.1;

    static final double NOISE_B = 0.05;
    /** BoTorch 0.8.5's {@code MIN_INFERRED_NOISE_LEVEL}, the lower bound of the inferred noise variance. */
    public static final double MIN_NOISE = 1e-4;

    /** The noise prior's mode (a − 1)/b = 2, BoTorch 0.8.5's initial noise variance. */
    public static final double NOISE_PRIOR_MODE = (NOISE_A - 1) / NOISE_B;

    /**
     * BoTorch 0.8.5's {@code SingleTaskGP} fitted by {@code fit_gpytorch_mll}: as {@link #fit} with priors, but the
     * observation-noise variance σ² is a hyperparameter too, with the prior Gamma(1.1, 0.05) and σ² ≥
     * {@link #MIN_NOISE} ({@code botorch/models/gp_regression.py} 64, 129–140 at v0.8.5), started at
     * {@code noiseStart} (BoTorch: the prior's mode, {@link #NOISE_PRIOR_MODE}). σ² is optimised on a log scale in
     * [log 1e-4, {@value #LOG_MAX}]; the MAP point is the same as BoTorch's, which optimises σ² itself.
     */
    public static GaussianProcess fitWithNoise(
            double[][] x, double[] y, double[] start, double noiseStart, int maxIter) {
        double[][] xs = copy(x);
        double[] ys = y.clone();
        int n = xs.length;
        int p = start.length;
        double[] t0 = Arrays.copyOf(start, p + 1);
        t0[p] = Math.log(Math.max(noiseStart, MIN_NOISE));
        double[] lo = new double[p + 1];
        double[] hi = new double[p + 1];
        Arrays.fill(lo, LOG_MIN);
        Arrays.fill(hi, LOG_MAX);
        lo[0] = Double.NEGATIVE_INFINITY;
        hi[0] = Double.POSITIVE_INFINITY;
        lo[p] = Math.log(MIN_NOISE);
        BoundedLbfgs.Result r = BoundedLbfgs.maximise(
                (t, g) -> {
                    double noise = Math.exp(t[p]);
                    GaussianProcess gp;
                    try {
                        gp = new GaussianProcess(xs, ys, noise, Arrays.copyOf(t, p), true);
                    } catch (IllegalStateException notPositiveDefinite) {
                        return Double.NEGATIVE_INFINITY;
                    }
                    double[] gr = gp.gradient();
                    for (int i = 0; i < p; i++) g[i] = gr[i] / n;
                    g[p] = (gp.noiseGradient() + (NOISE_A - 1) - NOISE_B * noise) / n;
                    return (gp.objective() + gp.logNoisePrior()) / n;
                },
                t0,
                lo,
                hi,
                maxIter);
        double[] best = r.x();
        return new GaussianProcess(xs, ys, Math.exp(best[p]), Arrays.copyOf(best, p), true);
    }

    /** Log density of the noise prior Gamma(1.1, 0.05) at this GP's σ² (up to a constant). */
    double logNoisePrior() {
        return (NOISE_A - 1) * Math.log(noise) - NOISE_B * noise;
    }

    /** ∂ log p(y | X, θ) / ∂ log σ² = ½ σ² tr(ααᵀ − K⁻¹). */
    double noiseGradient() {
        double g = 0;
        for (int a = 0; a < alpha.length; a++) g += alpha[a] * alpha[a] - kinv[a][a];
        return 0.5 * noise * g;
    }

    public int size() {
        return x.length;
    }

    public int dims() {
        return x[0].length;
    }

    public double mean() {
        return theta[0];
    }

    public double outputScale() {
        return outputScale;
    }

    public double lengthscale(int j) {
        return lengthscales[j];
    }

    public double noiseVariance() {
        return noise;
    }

    /** θ = (c, log s², log ℓ...). */
    public double[] theta() {
        return theta.clone();
    }

    double[][] inputs() {
        return x;
    }

    double[][] inverse() {
        return kinv;
    }

    double[] alpha() {
        return alpha;
    }

    /** Matérn-5/2 kernel value. */
    public double kernel(double[] a, double[] b) {
        double r = distance(a, b);
        return outputScale() * (1 + SQRT5 * r + 5 * r * r / 3) * Math.exp(-SQRT5 * r);
    }

    double distance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double dj = (a[j] - b[j]) / lengthscale(j);
            s += dj * dj;
        }
        return Math.sqrt(s);
    }

    /** k(a, b) and ∂k/∂a (written into {@code grad}). */
    double kernelAndGradient(double[] a, double[] b, double[] grad) {
        double r = distance(a, b);
        double e = Math.exp(-SQRT5 * r);
        double common = -outputScale() * 5.0 / 3.0 * (1 + SQRT5 * r) * e;
        for (int j = 0; j < a.length; j++) {
            double l = lengthscale(j);
            grad[j] = common * (a[j] - b[j]) / (l * l);
        }
        return outputScale() * (1 + SQRT5 * r + 5 * r * r / 3) * e;
    }

    /** log p(y | X, θ) = −½(y−c)ᵀK⁻¹(y−c) − ½ log|K| − (n/2) log 2π. */
    public double logMarginalLikelihood() {
        double q = 0;
        for (int a = 0; a < y.length; a++) q += (y[a] - mean()) * alpha[a];
        return -0.5 * q - 0.5 * logDet - 0.5 * y.length * Math.log(2 * Math.PI);
    }

    /** Log prior density of θ's lengthscales and outputscale (up to constants), 0 without priors. */
    public double logPrior() {
        if (!priors) return 0;
        double p = (OS_A - 1) * theta[1] - OS_B * outputScale();
        for (int j = 0; j < dims(); j++) p += (LS_A - 1) * theta[2 + j] - LS_B * lengthscale(j);
        return p;
    }

    /** The fitted objective: log marginal likelihood + log prior. */
    public double objective() {
        return logMarginalLikelihood() + logPrior();
    }

    /** ∂ objective / ∂θ, analytic: ½ tr((ααᵀ − K⁻¹) ∂K/∂θ), Σα for the mean, plus the priors' terms. */
    public double[] gradient() {
        int n = x.length;
        int d = dims();
        double[] g = new double[d + 2];
        for (double a : alpha) g[0] += a;
        double s2 = outputScale();
        double[] invL2 = new double[d];
        for (int j = 0; j < d; j++) invL2[j] = 1 / (lengthscale(j) * lengthscale(j));
        double[] diff2 = new double[d];
        for (int a = 0; a < n; a++) {
            // diagonal: ∂K_aa/∂log s² = s², lengthscales do not enter
            g[1] += 0.5 * (alpha[a] * alpha[a] - kinv[a][a]) * s2;
            for (int b = 0; b < a; b++) {
                double w = 2 * 0.5 * (alpha[a] * alpha[b] - kinv[a][b]); // both triangles
                double r2 = 0;
                for (int j = 0; j < d; j++) {
                    double dj = x[a][j] - x[b][j];
                    diff2[j] = dj * dj * invL2[j];
                    r2 += diff2[j];
                }
                double r = Math.sqrt(r2);
                double e = Math.exp(-SQRT5 * r);
                g[1] += w * s2 * (1 + SQRT5 * r + 5 * r2 / 3) * e;
                double c = w * s2 * 5.0 / 3.0 * (1 + SQRT5 * r) * e;
                for (int j = 0; j < d; j++) g[2 + j] += c * diff2[j];
            }
        }
        if (priors) {
            g[1] += (OS_A - 1) - OS_B * s2;
            for (int j = 0; j < d; j++) g[2 + j] += (LS_A - 1) - LS_B * lengthscale(j);
        }
        return g;
    }

    /** Posterior mean of f at {@code xs}. */
    public double[] posteriorMean(double[][] xs) {
        double[] m = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            double s = mean();
            for (int a = 0; a < x.length; a++) s += kernel(xs[i], x[a]) * alpha[a];
            m[i] = s;
        }
        return m;
    }

    /** Posterior covariance of the latent f at {@code xs} (no observation noise). */
    public double[][] posteriorCovariance(double[][] xs) {
        int m = xs.length;
        int n = x.length;
        double[][] kx = new double[m][n];
        for (int i = 0; i < m; i++) for (int a = 0; a < n; a++) kx[i][a] = kernel(xs[i], x[a]);
        double[][] w = new double[m][n];
        for (int i = 0; i < m; i++) w[i] = multiply(kinv, kx[i]);
        double[][] cov = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double s = kernel(xs[i], xs[j]);
                for (int a = 0; a < n; a++) s -= kx[i][a] * w[j][a];
                cov[i][j] = s;
                cov[j][i] = s;
            }
        }
        return cov;
    }

    /** Lower Cholesky factor of a symmetric positive-definite matrix (row-major). */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            l[i] = new double[i + 1];
            double[] li = l[i];
            for (int j = 0; j <= i; j++) {
                double[] lj = l[j];
                double s = a[i][j];
                for (int m = 0; m < j; m++) s -= li[m] * lj[m];
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("GP kernel matrix is not positive definite (pivot " + i + " = "
                                + s + "); increase the noise variance");
                    }
                    li[i] = Math.sqrt(s);
                } else {
                    li[j] = s / lj[j];
                }
            }
        }
        return l;
    }

    /** (L Lᵀ)⁻¹ from the lower factor L (rows of length i+1). */
    static double[][] inverseFromCholesky(double[][] l) {
        int n = l.length;
        // c[j] = column j of L⁻¹ (entries j..n-1, stored at indices j..n-1)
        double[][] c = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] cj = c[j];
            for (int i = j; i < n; i++) {
                double[] li = l[i];
                double s = i == j ? 1 : 0;
                for (int m = j; m < i; m++) s -= li[m] * cj[m];
                cj[i] = s / li[i];
            }
        }
        double[][] inv = new double[n][n];
        for (int a = 0; a < n; a++) {
            double[] ca = c[a];
            for (int b = 0; b <= a; b++) {
                double[] cb = c[b];
                double s = 0;
                for (int m = a; m < n; m++) s += ca[m] * cb[m];
                inv[a][b] = s;
                inv[b][a] = s;
            }
        }
        return inv;
    }

    static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            double[] row = m[i];
            for (int j = 0; j < v.length; j++) s += row[j] * v[j];
            out[i] = s;
        }
        return out;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
