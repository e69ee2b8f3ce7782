package org.mbo4j.method.baseline;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * One (μ/μ_w, λ)-aCMA-ES minimiser in ask/tell form (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016), so
 * that many independent runs can be advanced in lockstep and their candidates evaluated in one batch. Defaults
 * and update equations are those of {@code pycma} 3.2.2's {@code CMAEvolutionStrategy(x0, sigma0)}; design-baselines'
 * CMA-ES baseline pins pycma 3.0.3 ({@code requirements.txt} line 23), whose defaults, weights and stop rules are the
 * same for ask/tell without injected solutions (both are cross-checked in {@code ./mbo4j test}):
 * <ul>
 *   <li>C₀ = diag(exp(10⁻⁴·i/n)), pycma's tie-breaking start;</li>
 *   <li>λ = 4 + ⌊3 ln n⌋; λ raw weights ln((λ+1)/2) − ln i, the μ positive ones normalised to sum 1;</li>
 *   <li>c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n), c_σ = (μ_eff + 2)/(n + μ_eff + 3),
 *   d_σ = 1 + 2·max(0, √((μ_eff−1)/(n+1)) − 1) + c_σ, c₁ = min(1, λ/6)·2/((n+1.3)² + μ_eff),
 *   c_μ = min(1 − c₁, 2(1/4 + μ_eff + 1/μ_eff − 2)/((n+2)² + μ_eff));</li>
 *   <li><b>active covariance update</b> ({@code CMA_active=True}): the negative weights are scaled so that
 *   Σ|w⁻| = 1 + c₁/c_μ (zero decay), capped at (1 − c₁ − c_μ)/(n·c_μ) and 1 + 2μ⁻_eff/(μ_eff + 2); each vector
 *   with a negative weight is rescaled to squared Mahalanobis norm n;
 *   C ← (1 − c₁ₐ − c_μ Σw)·C + c₁·p_c p_cᵀ + c_μ Σ w_k y_k y_kᵀ with c₁ₐ = c₁(1 − (1−h_σ)c_c(2−c_c));</li>
 *   <li>h_σ: ‖p_σ‖²/(1 − (1−c_σ)^{2g})/n − 1 &lt; 1 + 4/(n+1); σ ← σ·exp(clip(c_σ/d_σ·(‖p_σ‖/χ_n − 1), ±1));</li>
 *   <li><b>stop rules</b> ({@link #stopped()}, {@link #stopReason()}), pycma's defaults that can trigger within a
 *   few hundred iterations: {@code tolfacupx} (σ·√C_ii &gt; 10³·σ₀ for some i: the search diverges, as it does on
 *   a surrogate that extrapolates linearly), {@code tolx} (σ·√C_ii &lt; 10⁻¹¹ and σ·p_c,i &lt; 10⁻¹¹ for all i, signed as in pycma),
 *   {@code tolfun} (fitness range of the last generation and of the best values of the last 10 + ⌈30n/λ⌉
 *   generations below 10⁻¹¹), {@code tolflatfitness} (the best and the ⌊0.75λ⌋-th fitness equal in more than
 *   one generation in a row), {@code tolupsigma} (σ/max√eig(C) &gt; 10²⁰·σ₀), {@code tolconditioncov}
 *   (cond(C) &gt; 10¹⁴), {@code noeffectcoord} and {@code noeffectaxis} (a coordinate or principal axis step
 *   that does not change the mean in floating point).</li>
 * </ul>
 * Not reproduced: pycma's random stream (we use {@link Random}), {@code tolstagnation} (needs more than
 * n(5 + 100/λ) generations, 304 for n = 24), the {@code maxiter}/{@code maxfevals} budgets (the caller caps
 * iterations) and the σ rescaling above 10⁹σ₀ (unreachable before {@code tolfacupx}).
 * {@link #best()} is the best candidate ever told (pycma's {@code result.xbest}). Seeded; not thread-safe.
 */
public final class CmaEvolutionStrategy {
    static final double TOL_FAC_UP_X = 1e3;
    static final double TOL_X = 1e-11;
    static final double TOL_FUN = 1e-11;
    static final double TOL_UP_SIGMA = 1e20;
    static final double TOL_CONDITION_COV = 1e14;
    static final int TOL_FLAT_FITNESS = 1;

    private final int n;
    private final int lambda;
    private final int mu;
    /** All λ weights: positive (sum 1) then zero/negative (finalised for the active update). */
    private final double[] weights;

    private final double muEff;
    private final double cc;
    private final double cs;
    private final double c1;
    private final double cmu;
    private final double damps;
    private final double chiN;
    private final double sigma0;
    private final int historyLength;
    private final Random rng;

    private final double[] mean;
    private double sigma;
    private final double[] pc;
    private final double[] ps;
    private final double[][] c;
    private double[][] b;
    private final double[] d;
    private double[][] asked;
    private int generation;
    private double[] bestX;
    private double bestF = Double.POSITIVE_INFINITY;
    private final ArrayDeque<Double> bestHistory = new ArrayDeque<>();
    private double lastRange = Double.POSITIVE_INFINITY;
    private int flatGenerations;
    private String stopReason;

    /** A run from {@code x0} with initial step size {@code sigma0}, default population, seeded. */
    public CmaEvolutionStrategy(double[] x0, double sigma0, long seed) {
        this(x0, sigma0, 4 + (int) Math.floor(3 * Math.log(x0.length)), seed);
    }

    /** A run with an explicit population size λ ≥ 2. */
    public CmaEvolutionStrategy(double[] x0, double sigma0, int lambda, long seed) {
        if (x0.length < 1) throw new IllegalArgumentException("CMA-ES needs at least one dimension");
        if (!(sigma0 > 0)) throw new IllegalArgumentException("CMA-ES sigma0 must be > 0, got " + sigma0);
        if (lambda < 2) throw new IllegalArgumentException("CMA-ES population must be ≥ 2, got " + lambda);
        n = x0.length;
        this.lambda = lambda;
        this.sigma0 = sigma0;
        weights = new double[lambda];
        int positive = 0;
        for (int i = 0; i < lambda; i++) {
            weights[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
            if (weights[i] > 0) positive++;
        }
        mu = positive;
        double sumPos = 0;
        for (int i = 0; i < mu; i++) sumPos += weights[i];
        double sq = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] /= sumPos;
            sq += weights[i] * weights[i];
        }
        muEff = 1 / sq;
        double nn = n;
        cc = (4 + muEff / nn) / (nn + 4 + 2 * muEff / nn);
        cs = (muEff + 2) / (nn + muEff + 3);
        damps = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (nn + 1)) - 1) + cs;
        c1 = Math.min(1, lambda / 6.0) * 2 / ((nn + 1.3) * (nn + 1.3) + muEff);
        cmu = Math.min(1 - c1, 2 * (0.25 + muEff + 1 / muEff - 2) / ((nn + 2) * (nn + 2) + muEff));
        finaliseNegativeWeights(weights, mu, n, c1, cmu, muEff);
        chiN = Math.sqrt(nn) * (1 - 1.0 / (4 * nn) + 1.0 / (21.0 * nn * nn));
        historyLength = 10 + (int) Math.ceil(30.0 * n / lambda);
        rng = new Random(seed);
        mean = x0.clone();
        sigma = sigma0;
        pc = new double[n];
        ps = new double[n];
        // pycma's GaussFullSampler starts from C = diag(exp(1e-4·i/n)) ("prevent equal eigenvals")
        c = identity(n);
        for (int i = 0; i < n; i++) c[i][i] = Math.exp(1e-4 / n * i);
        b = identity(n);
        d = new double[n];
        for (int i = 0; i < n; i++) d[i] = Math.sqrt(c[i][i]);
    }

    /**
     * pycma's {@code RecombinationWeights.finalize_negative_weights}: the non-positive tail (initially summing to
     * −1) is scaled to sum −(1 + c₁/c_μ), then limited to −(1 − c₁ − c_μ)/(n·c_μ) and to −(1 + 2μ⁻_eff/(μ_eff + 2)).
     */
    static void finaliseNegativeWeights(double[] w, int mu, int n, double c1, double cmu, double muEff) {
        double sumNeg = 0;
        double sqNeg = 0;
        for (int i = mu; i < w.length; i++) {
            sumNeg += w[i];
            sqNeg += w[i] * w[i];
        }
        if (sumNeg == 0) return;
        double muEffMinus = sumNeg * sumNeg / sqNeg;
        double target = 1 + c1 / cmu;
        target = Math.min(target, (1 - c1 - cmu) / cmu / n);
        target = Math.min(target, 1 + 2 * muEffMinus / (muEff + 2));
        double factor = target / -sumNeg;
        for (int i = mu; i < w.length; i++) w[i] *= factor;
    }

    public int dimension() {
        return n;
    }

    public int populationSize() {
        return lambda;
    }

    public int generation() {
        return generation;
    }

    public double sigma() {
        return sigma;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** The λ recombination weights (positive ones sum to 1, the rest are the active update's negative weights). */
    public double[] weights() {
        return weights.clone();
    }

    /** The covariance matrix C (a copy). */
    public double[][] covariance() {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) out[i] = c[i].clone();
        return out;
    }

    /** λ new candidates x = m + σ·B·D·z, z ~ N(0, I). */
    public double[][] ask() {
        asked = new double[lambda][n];
        double[] z = new double[n];
        for (int k = 0; k < lambda; k++) {
            for (int i = 0; i < n; i++) z[i] = d[i] * rng.nextGaussian();
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += b[i][j] * z[j];
                asked[k][i] = mean[i] + sigma * s;
            }
        }
        double[][] out = new double[lambda][];
        for (int k = 0; k < lambda; k++) out[k] = asked[k].clone();
        return out;
    }

    /** Updates the distribution from the fitness (to minimise) of the candidates of the last {@link #ask}. */
    public void tell(double[] fitness) {
        if (asked == null) throw new IllegalStateException("tell called before ask");
        update(fitness);
    }

    /**
     * Updates the distribution from λ candidates chosen by the caller (e.g. repaired ones) and their fitness, as
     * pycma's {@code tell(solutions, fitness)}; the candidates of a pending {@link #ask} are discarded.
     */
    public void tell(double[][] candidates, double[] fitness) {
        if (candidates.length != lambda) {
            throw new IllegalArgumentException("expected " + lambda + " candidates, got " + candidates.length);
        }
        asked = new double[lambda][];
        for (int k = 0; k < lambda; k++) {
            if (candidates[k].length != n) {
                throw new IllegalArgumentException(
                        "candidate " + k + " has " + candidates[k].length + " coordinates, expected " + n);
            }
            asked[k] = candidates[k].clone();
        }
        update(fitness);
    }

    private void update(double[] fitness) {
        if (fitness.length != lambda) {
            throw new IllegalArgumentException("expected " + lambda + " fitness values, got " + fitness.length);
        }
        Integer[] order = new Integer[lambda];
        for (int k = 0; k < lambda; k++) order[k] = k;
        Arrays.sort(order, (a, bb) -> Double.compare(fitness[a], fitness[bb]));
        if (fitness[order[0]] < bestF) {
            bestF = fitness[order[0]];
            bestX = asked[order[0]].clone();
        }
        double[] old = mean.clone();
        Arrays.fill(mean, 0);
        for (int i = 0; i < mu; i++) {
            double[] x = asked[order[i]];
            for (int j = 0; j < n; j++) mean[j] += weights[i] * x[j];
        }
        double[] yw = new double[n];
        for (int j = 0; j < n; j++) yw[j] = (mean[j] - old[j]) / sigma;
        double csn = Math.sqrt(cs * (2 - cs) * muEff);
        double[] t = whiten(yw);
        for (int i = 0; i < n; i++) ps[i] = (1 - cs) * ps[i] + csn * t[i];
        generation++;
        double psSq = 0;
        for (double v : ps) psSq += v * v;
        boolean hsig = psSq / (1 - Math.pow(1 - cs, 2.0 * generation)) / n - 1 < 1 + 4.0 / (n + 1);
        double ccn = Math.sqrt(cc * (2 - cc) * muEff);
        for (int i = 0; i < n; i++) pc[i] = (1 - cc) * pc[i] + (hsig ? ccn * yw[i] : 0);
        double c1a = c1 * (1 - (hsig ? 0 : cc * (2 - cc)));
        // y_k = (x_k − m_old)/σ in rank order with weight c_μ·w_k; negative-weight vectors rescaled to ‖C^{-1/2}y‖² = n
        double[][] ys = new double[lambda][n];
        double[] wk = new double[lambda];
        double sumW = 0;
        for (int k = 0; k < lambda; k++) {
            for (int j = 0; j < n; j++) ys[k][j] = (asked[order[k]][j] - old[j]) / sigma;
            wk[k] = cmu * weights[k];
            sumW += wk[k];
            if (weights[k] < 0) {
                double m = norm(whiten(ys[k]));
                wk[k] *= n / ((m + 1e-9) * (m + 1e-9));
            }
        }
        double decay = 1 - c1a - sumW;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double r = 0;
                for (int k = 0; k < lambda; k++) if (wk[k] != 0) r += wk[k] * ys[k][i] * ys[k][j];
                double v = decay * c[i][j] + c1 * pc[i] * pc[j] + r;
                c[i][j] = v;
                c[j][i] = v;
            }
        }
        double logStep = (cs / damps) * (Math.sqrt(psSq) / chiN - 1);
        sigma *= Math.exp(Math.max(-1, Math.min(1, logStep)));
        decompose();
        updateFitnessHistory(fitness, order);
        asked = null;
        stopReason = checkStop();
    }

    /**
     * True when one of pycma's default stop rules holds (see the class comment); the caller should then stop
     * asking. Checked after every {@link #tell}, as design-baselines' {@code while not es.stop()} does before
     * each iteration.
     */
    public boolean stopped() {
        return stopReason != null;
    }

    /** The pycma name of the stop rule that holds ({@code "tolfacupx"}, {@code "tolx"}, …), or null. */
    public String stopReason() {
        return stopReason;
    }

    /** The best candidate told so far (the start point if nothing was told). */
    public double[] best() {
        return bestX == null ? mean.clone() : bestX.clone();
    }

    /** Fitness of {@link #best()} (+∞ before the first tell). */
    public double bestFitness() {
        return bestF;
    }

    private void updateFitnessHistory(double[] fitness, Integer[] order) {
        bestHistory.addFirst(fitness[order[0]]);
        if (bestHistory.size() > historyLength) bestHistory.removeLast();
        lastRange = fitness[order[lambda - 1]] - fitness[order[0]];
        if (fitness[order[0]] < fitness[order[(int) (0.75 * lambda)]]) flatGenerations = 0;
        else flatGenerations++;
    }

    private String checkStop() {
        double maxSd = 0;
        boolean allSmall = true;
        for (int i = 0; i < n; i++) {
            double sd = sigma * Math.sqrt(c[i][i]);
            maxSd = Math.max(maxSd, sd);
            if (!(sd < TOL_X && sigma * pc[i] < TOL_X)) allSmall = false; // pycma: signed p_c, no abs
        }
        if (maxSd > sigma0 * TOL_FAC_UP_X) return "tolfacupx";
        if (allSmall) return "tolx";
        double histMax = Double.NEGATIVE_INFINITY;
        double histMin = Double.POSITIVE_INFINITY;
        for (double v : bestHistory) {
            histMax = Math.max(histMax, v);
            histMin = Math.min(histMin, v);
        }
        if (lastRange < TOL_FUN && histMax - histMin < TOL_FUN) return "tolfun";
        double dMax = 0;
        double dMin = Double.POSITIVE_INFINITY;
        for (double v : d) {
            dMax = Math.max(dMax, v);
            dMin = Math.min(dMin, v);
        }
        if (sigma / dMax > sigma0 * TOL_UP_SIGMA) return "tolupsigma";
        for (int i = 0; i < n; i++) {
            if (mean[i] == mean[i] + 0.2 * sigma * Math.sqrt(c[i][i])) return "noeffectcoord";
        }
        int axis = generation % n;
        boolean noEffect = true;
        for (int i = 0; i < n && noEffect; i++) noEffect = mean[i] == mean[i] + 0.1 * sigma * d[axis] * b[i][axis];
        if (noEffect) return "noeffectaxis";
        if (dMax > Math.sqrt(TOL_CONDITION_COV) * dMin) return "tolconditioncov";
        if (flatGenerations > TOL_FLAT_FITNESS) return "tolflatfitness";
        return null;
    }

    /** C^{-1/2}·v = B·D⁻¹·Bᵀ·v. */
    private double[] whiten(double[] v) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += b[j][i] * v[j];
            t[i] = s / d[i];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += b[i][j] * t[j];
            out[i] = s;
        }
        return out;
    }

    private void decompose() {
        RealMatrix m = new Array2DRowRealMatrix(c, false);
        EigenDecomposition e = new EigenDecomposition(m);
        double[][] vecs = e.getV().getData();
        double[] vals = e.getRealEigenvalues();
        for (int i = 0; i < n; i++) d[i] = Math.sqrt(Math.max(vals[i], 1e-20));
        b = vecs;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) m[i][i] = 1;
        return m;
    }
}
