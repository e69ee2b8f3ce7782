package org.mbo4j.nn;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Group normalisation of a batch of sequences (PyTorch {@code nn.GroupNorm(G, C)}: biased variance, ε = 1e-5, γ = 1
 * and β = 0 at initialisation) on C × (B·H) token-major Java arrays ({@link Conv1d}'s layout): the C channels split
 * into G consecutive groups, and each (sequence, group) is normalised over its C/G channels × H positions, then
 * y = γ_c·x̂ + β_c per channel. Output and gradient arrays are the layer's; not thread-safe.
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
    private double[] xhat = new double[0];
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

    /** Normalised x (C × (batch·length)); keeps x̂ for backward. The returned array is the layer's. */
    double[] forward(double[] x, int batch, int length) {
        int n = channels * batch * length, per = channels / groups;
        if (batch < 1 || length < 1 || x.length < n) {
            throw new IllegalArgumentException("group norm " + gamma.name() + " expects " + channels
                    + " channels × (batch " + batch + " · length " + length + ") values, got " + x.length);
        }
        if (y.length < n) {
            y = new double[n];
            xhat = new double[n];
        }
        if (rstd.length < batch * groups) rstd = new double[batch * groups];
        double[] g = io.read(gamma.value()).clone(), be = io.read(beta.value()).clone();
        double count = (double) per * length;
        double[] yy = y, xh0 = xhat, rs = rstd;
        JavaThreads.forEach(batch, n, s -> {
            for (int q = 0; q < groups; q++) {
                int c0 = q * per;
                double sum = 0, sq = 0;
                for (int t = 0; t < length; t++) {
                    int o = (s * length + t) * channels + c0;
                    for (int c = 0; c < per; c++) {
                        double v = x[o + c];
                        sum += v;
                        sq += v * v;
                    }
                }
                double mean = sum / count;
                double var = Math.max(0, sq - sum * mean); // one pass in double: activations are O(1)
                double r = 1 / Math.sqrt(var / count + EPS);
                rs[s * groups + q] = r;
                for (int t = 0; t < length; t++) {
                    int o = (s * length + t) * channels + c0;
                    for (int c = 0; c < per; c++) {
                        double xh = (x[o + c] - mean) * r;
                        xh0[o + c] = xh;
                        yy[o + c] = g[c0 + c] * xh + be[c0 + c];
                    }
                }
            }
        });
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
        double[] dxx = dx, xh0 = xhat, rs = rstd;
        JavaThreads.forEach(batch, n, s -> {
            double[] sg = sgs[s], sb = sbs[s];
            for (int q = 0; q < groups; q++) {
                int c0 = q * per;
                double m1 = 0, m2 = 0;
                for (int t = 0; t < length; t++) {
                    int o = (s * length + t) * channels + c0;
                    for (int c = 0; c < per; c++) {
                        double d = dy[o + c], xh = xh0[o + c], dxh = d * g[c0 + c];
                        sg[c0 + c] += d * xh;
                        sb[c0 + c] += d;
                        m1 += dxh;
                        m2 += dxh * xh;
                    }
                }
                m1 /= count;
                m2 /= count;
                double r = rs[s * groups + q];
                for (int t = 0; t < length; t++) {
                    int o = (s * length + t) * channels + c0;
                    for (int c = 0; c < per; c++) dxx[o + c] = r * (dy[o + c] * g[c0 + c] - m1 - xh0[o + c] * m2);
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
