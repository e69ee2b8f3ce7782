package org.mbo4j.method.baseline;

import java.util.ArrayList;
import java.util.List;
import org.mbo4j.nn.Dot;

/**
 * The joint GP posterior of a growing batch of points P = (p₁, …, p_k) and one more candidate x, in the form
 * Monte-Carlo acquisition functions sample it: f(pᵢ) = μ(pᵢ) + Σ_{j≤i} L_ij zⱼ with L the Cholesky factor of the
 * posterior covariance of P, and f(x) = μ(x) + Σᵢ lᵢ zᵢ + l_x z_x where (l, l_x) is the row that x would add to L.
 * {@link #add} appends a point (its row is kept); {@link #row} gives a candidate's (μ, l, l_x) and
 * {@link #gradient} the gradient, with respect to x, of any linear combination of them (reverse mode, so one
 * acquisition value needs one gradient pass whatever the number of samples). The diagonal of L is floored at
 * 1e-6 (variance 1e-12), as a jitter, so that coincident points do not break the factorisation. Mutable; not
 * thread-safe.
 */
final class BatchPosterior {
    static final double MIN_VARIANCE = 1e-12;

    private final GaussianProcess gp;
    private final List<double[]> points = new ArrayList<>();
    /** K⁻¹ k(X, pᵢ) per batch point. */
    private final Rows kinvK = new Rows();
    /** Row i of L (length i + 1). */
    private final List<double[]> cholRows = new ArrayList<>();

    BatchPosterior(GaussianProcess gp) {
        this.gp = gp;
    }

    GaussianProcess gp() {
        return gp;
    }

    int size() {
        return points.size();
    }

    List<double[]> points() {
        return points;
    }

    /** Row i of the Cholesky factor of the batch's posterior covariance (length i + 1). */
    double[] cholRow(int i) {
        return cholRows.get(i);
    }

    /**
     * A candidate's posterior quantities given the batch: mean μ, the row l (one entry per batch point) and the new
     * diagonal entry l_x; the rest is kept for {@link #gradient}.
     */
    static final class Row {
        final double mu;
        final double[] l;
        final double lx;
        private final double[] x;
        private final double[] k;
        private final double[] w;
        private final double[][] dk;
        private final double lx2;

        private Row(double mu, double[] l, double lx, double[] x, double[] k, double[] w, double[][] dk, double lx2) {
            this.mu = mu;
            this.l = l;
            this.lx = lx;
            this.x = x;
            this.k = k;
            this.w = w;
            this.dk = dk;
            this.lx2 = lx2;
        }

        /**
         * The samples (μ + l_x z_x) + Σᵢ lᵢ zᵢ, in that order, for the base samples z = z[s] = (z₁..z_k, z_x), each of
         * length at least k + 1, s &lt; count: {@code out[s]}, the sums Σᵢ lᵢ zᵢ by {@link Dot#rows}.
         */
        void samples(double[][] z, int count, double[] out) {
            int p = l.length;
            Dot.rows(z, count, l, p, out);
            for (int s = 0; s < count; s++) out[s] = mu + lx * z[s][p] + out[s];
        }
    }

    /** The candidate's row; with {@code withGradient} it also keeps ∂k(x, ·)/∂x for {@link #gradient}. */
    Row row(double[] x, boolean withGradient) {
        double[][] xs = gp.inputs();
        int n = xs.length;
        int d = x.length;
        int p = points.size();
        double[] k = new double[n];
        double[][] dk = withGradient ? new double[n + p][d] : null;
        double[] tmp = new double[d];
        for (int a = 0; a < n; a++) {
            k[a] = gp.kernelAndGradient(x, xs[a], tmp);
            if (withGradient) System.arraycopy(tmp, 0, dk[a], 0, d);
        }
        double[] alpha = gp.alpha();
        double mu = gp.mean();
        mu += Dot.dot(k, alpha, n);
        double[] w = Dot.multiply(gp.inverse(), k);
        double var = gp.outputScale() - Dot.dot(k, w, n);
        // forward substitution l = L⁻¹ Σ_{P,x}, Σ_{pᵢ,x} = k(pᵢ, x) − (K⁻¹k(X, pᵢ))ᵀ k(X, x)
        double[] l = new double[p];
        double[] kinvKk = new double[p]; // (K⁻¹k(X, pᵢ))ᵀ k(X, x), all rows in one pass
        kinvK.times(k, n, kinvKk);
        for (int i = 0; i < p; i++) {
            double v = gp.kernelAndGradient(x, points.get(i), tmp);
            if (withGradient) System.arraycopy(tmp, 0, dk[n + i], 0, d);
            double[] row = cholRows.get(i);
            v -= kinvKk[i] + Dot.dot(row, l, i);
            l[i] = v / row[i];
        }
        double ll = Dot.dot(l, l, p);
        double lx2 = var - ll;
        double lx = Math.sqrt(Math.max(lx2, MIN_VARIANCE));
        return new Row(mu, l, lx, x.clone(), k, w, dk, lx2);
    }

    /**
     * ∂/∂x of gMu·μ + Σᵢ gL[i]·lᵢ + gLx·l_x at the row's candidate (a row made {@code withGradient}); l_x's floor
     * has gradient 0.
     */
    double[] gradient(Row r, double gMu, double[] gL, double gLx) {
        if (r.dk == null) throw new IllegalStateException("the row was made without gradient information");
        int n = r.k.length;
        int p = r.l.length;
        int d = r.x.length;
        double gVar = 0;
        double[] gl = gL.clone();
        if (r.lx2 > MIN_VARIANCE) {
            gVar = gLx / (2 * r.lx);
            for (int i = 0; i < p; i++) gl[i] -= 2 * gVar * r.l[i]; // l_x² = var − lᵀl
        }
        // back substitution gΣ = L⁻ᵀ gl by rows of L (contiguous): once gΣ_m is known, row m's part of every earlier
        // equation is subtracted
        double[] gSigma = gl;
        for (int m = p - 1; m >= 0; m--) {
            double[] row = cholRows.get(m);
            double c = gSigma[m] / row[m];
            gSigma[m] = c;
            if (c == 0) continue;
            for (int i = 0; i < m; i++) gSigma[i] -= row[i] * c;
        }
        double[] alpha = gp.alpha();
        double[] gk = new double[n];
        for (int a = 0; a < n; a++) gk[a] = gMu * alpha[a] - 2 * gVar * r.w[a];
        kinvK.subtractCombination(gSigma, gk, n);
        double[] g = new double[d];
        for (int a = 0; a < n; a++) {
            double c = gk[a];
            if (c == 0) continue;
            double[] dka = r.dk[a];
            for (int j = 0; j < d; j++) g[j] += c * dka[j];
        }
        for (int i = 0; i < p; i++) {
            double c = gSigma[i];
            if (c == 0) continue;
            double[] dki = r.dk[n + i];
            for (int j = 0; j < d; j++) g[j] += c * dki[j];
        }
        return g;
    }

    /** Appends {@code x} to the batch and returns its row. */
    Row add(double[] x) {
        Row r = row(x, false);
        double[] chol = new double[r.l.length + 1];
        System.arraycopy(r.l, 0, chol, 0, r.l.length);
        chol[r.l.length] = r.lx;
        kinvK.add(r.w);
        points.add(x.clone());
        cholRows.add(chol);
        return r;
    }
}
