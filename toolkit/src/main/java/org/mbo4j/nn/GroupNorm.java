package org.mbo4j.nn;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Group normalisation of a batch of sequences (PyTorch {@code nn.GroupNorm(G, C)}: biased variance, ε = 1e-5, γ = 1
 * and β = 0 at initialisation) on C × (B·H) token-major Java arrays ({@link Conv1d}'s layout): the C channels split
 * into G consecutive groups, and each (sequence, group) is normalised over its C/G channels × H positions, then
 * y = γ_c·x̂ + β_c per channel. Backward recomputes x̂ from the forward input, which the caller must leave unchanged
 * until then (one write and one read fewer per element than keeping x̂). Output and gradient arrays are the layer's;
 * not thread-safe.
 */
final class GroupNorm implements Module {
    /** PyTorch's default ε. */
    static final double EPS = 1e-5;

    private final int groups;
    private final int channels;
    private final Param gamma;
    private final Param beta;
    private final HostArray io = new HostArray();
    private double[] y = new double[0];
    private double[] input;
    private double[] means = new double[0];
    private double[] dx = new double[0];
    private double[] rstd = new double[0];
    private int lastBatch;
    private int lastLength = -1;

    GroupNorm(String name, int groups, int channels, DataType type) {
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("group norm " + name + ": " + channels + " channels do not split into "
                    + groups + " groups; use a group count that divides them");
        }
        this.groups = groups;
        this.channels = channels;
        gamma = new Param(name + ".weight", Nd4j.ones(type, channels, 1), Nd4j.zeros(type, channels, 1));
        beta = new Param(name + ".bias", Nd4j.zeros(type, channels, 1), Nd4j.zeros(type, channels, 1));
    }

    @Override
    public List<Param> parameters() {
        return List.of(gamma, beta);
    }

    Param gamma() {
        return gamma;
    }

    /**
     * Normalised x (C × (batch·length)); keeps a reference to x and each (sequence, group)'s mean and 1/σ for
     * backward. The returned array is the layer's.
     */
    double[] forward(double[] x, int batch, int length) {
        int n = channels * batch * length, per = channels / groups;
        if (batch < 1 || length < 1 || x.length < n) {
            throw new IllegalArgumentException("group norm " + gamma.name() + " expects " + channels
                    + " channels × (batch " + batch + " · length " + length + ") values, got " + x.length);
        }
        if (y.length < n) y = new double[n];
        if (rstd.length < batch * groups) {
            rstd = new double[batch * groups];
            means = new double[batch * groups];
        }
        double[] g = io.read(gamma.value()).clone(), be = io.read(beta.value()).clone();
        double count = (double) per * length;
        double[] yy = y, ms = means, rs = rstd;
        JavaThreads.forEach(batch, n, s -> {
            // per-channel sums in one contiguous pass (vectorisable over c), then per group
            double[] sum = new double[channels], sq = new double[channels];
            int base = s * length * channels;
            for (int t = 0; t < length; t++) {
                int o = base + t * channels;
                for (int c = 0; c < channels; c++) {
                    double v = x[o + c];
                    sum[c] += v;
                    sq[c] += v * v;
                }
            }
            double[] mean = new double[channels], r = new double[channels];
            for (int q = 0; q < groups; q++) {
                double gs = 0, gq = 0;
                for (int c = q * per; c < (q + 1) * per; c++) {
                    gs += sum[c];
                    gq += sq[c];
                }
                double m = gs / count;
                double var = Math.max(0, gq - gs * m); // one pass in double: activations are O(1)
                double rq = 1 / Math.sqrt(var / count + EPS);
                rs[s * groups + q] = rq;
                ms[s * groups + q] = m;
                Arrays.fill(mean, q * per, (q + 1) * per, m);
                Arrays.fill(r, q * per, (q + 1) * per, rq);
            }
            for (int t = 0; t < length; t++) {
                int o = base + t * channels;
                for (int c = 0; c < channels; c++) {
                    yy[o + c] = g[c] * ((x[o + c] - mean[c]) * r[c]) + be[c];
                }
            }
        });
        input = x;
        lastBatch = batch;
        lastLength = length;
        return y;
    }

    /** Accumulates dγ, dβ for dLoss/dy {@code dy}; returns dx (the layer's array). */
    double[] backward(double[] dy) {
        if (lastLength < 0) throw new IllegalStateException("backward called before forward");
        int batch = lastBatch, length = lastLength, per = channels / groups, n = channels * batch * length;
        if (dx.length < n) dx = new double[n];
        double[] g = io.read(gamma.value()).clone();
        double[][] sgs = new double[batch][channels], sbs = new double[batch][channels];
        double count = (double) per * length;
        double[] dxx = dx, x = input, ms = means, rs = rstd;
        JavaThreads.forEach(batch, n, s -> {
            double[] sg = sgs[s], sb = sbs[s];
            double[] mean = new double[channels], r = new double[channels];
            for (int q = 0; q < groups; q++) {
                Arrays.fill(mean, q * per, (q + 1) * per, ms[s * groups + q]);
                Arrays.fill(r, q * per, (q + 1) * per, rs[s * groups + q]);
            }
            int base = s * length * channels;
            for (int t = 0; t < length; t++) {
                int o = base + t * channels;
                for (int c = 0; c < channels; c++) {
                    double d = dy[o + c];
                    sg[c] += d * ((x[o + c] - mean[c]) * r[c]);
                    sb[c] += d;
                }
            }
            // Σ dx̂ = Σ_c γ_c·Σ dy and Σ dx̂·x̂ = Σ_c γ_c·Σ dy·x̂ over each group's channels
            double[] m1 = new double[channels], m2 = new double[channels];
            for (int q = 0; q < groups; q++) {
                double a = 0, b = 0;
                for (int c = q * per; c < (q + 1) * per; c++) {
                    a += g[c] * sb[c];
                    b += g[c] * sg[c];
                }
                Arrays.fill(m1, q * per, (q + 1) * per, a / count);
                Arrays.fill(m2, q * per, (q + 1) * per, b / count);
            }
            for (int t = 0; t < length; t++) {
                int o = base + t * channels;
                for (int c = 0; c < channels; c++) {
                    double xh = (x[o + c] - mean[c]) * r[c];
                    dxx[o + c] = r[c] * (dy[o + c] * g[c] - m1[c] - xh * m2[c]);
                }
            }
        });
        double[] sg = new double[channels], sb = new double[channels];
        for (int s = 0; s < batch; s++) { // in sequence order, whatever the thread count
            for (int c = 0; c < channels; c++) {
                sg[c] += sgs[s][c];
                sb[c] += sbs[s][c];
            }
        }
        Host dg = Host.of(gamma.grad()), db = Host.of(beta.grad());
        for (int c = 0; c < channels; c++) {
            dg.add(c, sg[c]);
            db.add(c, sb[c]);
        }
        return dx;
    }
}
