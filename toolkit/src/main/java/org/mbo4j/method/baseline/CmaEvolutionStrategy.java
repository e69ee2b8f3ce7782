package org.mbo4j.method.baseline;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * One (μ/μ_w, λ) CMA-ES minimiser in ask/tell form (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016,
 * Table 1 defaults), so that many independent runs can be advanced in lockstep and their candidates evaluated in
 * one batch. Defaults as {@code pycma}'s {@code CMAEvolutionStrategy(x0, sigma0)}: λ = 4 + ⌊3 ln n⌋,
 * μ = ⌊λ/2⌋, log-rank weights, cumulative step-size adaptation, rank-one and rank-μ covariance updates.
 * Differences from pycma: no active (negative-weight) covariance update and no stopping rule except
 * {@link #converged()} (σ·max√eig(C) &lt; 1e-11, pycma's {@code tolx}); the caller caps iterations.
 * {@link #best()} is the best candidate ever told (pycma's {@code result.xbest}). Seeded; not thread-safe.
 */
public final class CmaEvolutionStrategy {
    private final int n;
    private final int lambda;
    private final int mu;
    private final double[] weights;
    private final double muEff;
    private final double cc;
    private final double cs;
    private final double c1;
    private final double cmu;
    private final double damps;
    private final double chiN;
    private final Random rng;

    private final double[] mean;
    private double sigma;
    private final double[] pc;
    private final double[] ps;
    private double[][] c;
    private double[][] b;
    private double[] d;
    private double[][] asked;
    private int generation;
    private double[] bestX;
    private double bestF = Double.POSITIVE_INFINITY;

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
        mu = lambda / 2;
        weights = new double[mu];
        double sum = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
            sum += weights[i];
        }
        double sq = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] /= sum;
            sq += weights[i] * weights[i];
        }
        muEff = 1 / sq;
        cc = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
        cs = (muEff + 2) / (n + muEff + 5);
        c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff);
        cmu = Math.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff));
        damps = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cs;
        chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        rng = new Random(seed);
        mean = x0.clone();
        sigma = sigma0;
        pc = new double[n];
        ps = new double[n];
        c = identity(n);
        b = identity(n);
        d = new double[n];
        Arrays.fill(d, 1);
    }

    public int dimension() { return n; }

    public int populationSize() { return lambda; }

    public int generation() { return generation; }

    public double sigma() { return sigma; }

    public double[] mean() { return mean.clone(); }

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
        // C^{-1/2} yw = B D^{-1} Bᵀ yw
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += b[j][i] * yw[j];
            t[i] = s / d[i];
        }
        double csn = Math.sqrt(cs * (2 - cs) * muEff);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += b[i][j] * t[j];
            ps[i] = (1 - cs) * ps[i] + csn * s;
        }
        generation++;
        double psNorm = norm(ps);
        boolean hsig = psNorm / Math.sqrt(1 - Math.pow(1 - cs, 2.0 * generation)) / chiN < 1.4 + 2.0 / (n + 1);
        double ccn = Math.sqrt(cc * (2 - cc) * muEff);
        for (int i = 0; i < n; i++) pc[i] = (1 - cc) * pc[i] + (hsig ? ccn * yw[i] : 0);
        double decay = 1 - c1 - cmu + (hsig ? 0 : c1 * cc * (2 - cc));
        double[][] ys = new double[mu][n];
        for (int k = 0; k < mu; k++) {
            for (int j = 0; j < n; j++) ys[k][j] = (asked[order[k]][j] - old[j]) / sigma;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double r = 0;
                for (int k = 0; k < mu; k++) r += weights[k] * ys[k][i] * ys[k][j];
                double v = decay * c[i][j] + c1 * pc[i] * pc[j] + cmu * r;
                c[i][j] = v;
                c[j][i] = v;
            }
        }
        sigma *= Math.exp((cs / damps) * (psNorm / chiN - 1));
        decompose();
        asked = null;
    }

    /** True when the search distribution has collapsed (σ·max√eig(C) &lt; 1e-11). */
    public boolean converged() {
        double m = 0;
        for (double v : d) m = Math.max(m, v);
        return sigma * m < 1e-11;
    }

    /** The best candidate told so far (the start point if nothing was told). */
    public double[] best() { return bestX == null ? mean.clone() : bestX.clone(); }

    /** Fitness of {@link #best()} (+∞ before the first tell). */
    public double bestFitness() { return bestF; }

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
