package org.mbo4j.nn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Layer normalisation over each token's C features (PyTorch {@code nn.LayerNorm(C)}: biased variance, ε = 1e-5 unless given,
 * γ = 1 and β = 0 at initialisation): y = γ ⊙ (x − μ)/√(σ² + ε) + β, on token-major C × N activations.
 */
final class LayerNorm implements Module {
    /** PyTorch's default ε. */
    static final double EPS = 1e-5;

    private final int width;
    private final double eps;
    private final Param gamma;
    private final Param beta;
    private final Map<Long, INDArray[]> buffers = new HashMap<>();
    private INDArray[] last;
    private double[] rstd = new double[0];

    LayerNorm(String name, int width, DataType type) {
        this(name, width, EPS, type);
    }

    /** With ε = {@code eps} (tf.keras' {@code LayerNormalization} default is 1e-3). */
    LayerNorm(String name, int width, double eps, DataType type) {
        if (!(eps > 0)) throw new IllegalArgumentException("layer norm " + name + ": ε must be > 0, got " + eps);
        this.eps = eps;
        this.width = width;
        gamma = new Param(name + ".weight", Nd4j.ones(type, width, 1), Nd4j.zeros(type, width, 1));
        beta = new Param(name + ".bias", Nd4j.zeros(type, width, 1), Nd4j.zeros(type, width, 1));
    }

    Param gamma() {
        return gamma;
    }

    Param beta() {
        return beta;
    }

    @Override
    public List<Param> parameters() {
        return List.of(gamma, beta);
    }

    /** Normalised x (C × N); keeps x̂ for backward. The returned buffer is the layer's. */
    INDArray forward(INDArray x) {
        if (x.rows() != width) {
            throw new IllegalArgumentException(
                    "layer norm " + gamma.name() + " expects " + width + " features per token, got " + x.rows());
        }
        int n = (int) x.columns();
        INDArray[] b = buffers.computeIfAbsent((long) x.columns(), k -> new INDArray[] {
            Nd4j.create(x.dataType(), new long[] {width, k}, 'f'), // y
            Nd4j.create(x.dataType(), new long[] {width, k}, 'f'), // x̂
            Nd4j.create(x.dataType(), new long[] {width, k}, 'f') // dx
        });
        if (rstd.length < n) rstd = new double[n];
        last = b;
        if (x.dataType() == DataType.FLOAT && Tensors.hostContiguous(x)) {
            forwardFloat(x, b, n);
            return b[0];
        }
        Host hx = Host.of(x),
                hy = Host.of(b[0]),
                hh = Host.of(b[1]),
                g = Host.of(gamma.value()),
                be = Host.of(beta.value());
        for (int t = 0; t < n; t++) {
            int o = t * width;
            double mean = 0;
            for (int c = 0; c < width; c++) mean += hx.get(o + c);
            mean /= width;
            double var = 0;
            for (int c = 0; c < width; c++) {
                double d = hx.get(o + c) - mean;
                var += d * d;
            }
            var /= width;
            double r = 1 / Math.sqrt(var + eps);
            rstd[t] = r;
            for (int c = 0; c < width; c++) {
                double xh = (hx.get(o + c) - mean) * r;
                hh.set(o + c, xh);
                hy.set(o + c, g.get(c) * xh + be.get(c));
            }
        }
        return b[0];
    }

    /** Accumulates dγ, dβ; returns dx (the layer's buffer). */
    INDArray backward(INDArray dy) {
        if (last == null) throw new IllegalStateException("backward called before forward");
        int n = (int) dy.columns();
        if (dy.dataType() == DataType.FLOAT && Tensors.hostContiguous(dy)) {
            backwardFloat(dy, n);
            return last[2];
        }
        Host hd = Host.of(dy),
                hh = Host.of(last[1]),
                hdx = Host.of(last[2]),
                g = Host.of(gamma.value()),
                dg = Host.of(gamma.grad()),
                db = Host.of(beta.grad());
        double[] sg = new double[width], sb = new double[width];
        for (int t = 0; t < n; t++) {
            int o = t * width;
            double m1 = 0, m2 = 0;
            for (int c = 0; c < width; c++) {
                double d = hd.get(o + c), xh = hh.get(o + c), dxh = d * g.get(c);
                sg[c] += d * xh;
                sb[c] += d;
                m1 += dxh;
                m2 += dxh * xh;
            }
            m1 /= width;
            m2 /= width;
            double r = rstd[t];
            for (int c = 0; c < width; c++) {
                double xh = hh.get(o + c), dxh = hd.get(o + c) * g.get(c);
                hdx.set(o + c, r * (dxh - m1 - xh * m2));
            }
        }
        for (int c = 0; c < width; c++) {
            dg.add(c, sg[c]);
            db.add(c, sb[c]);
        }
        return last[2];
    }

    /** Heap copies for the float32 loops (grown to the largest N seen). */
    private float[] fx = new float[0];

    private float[] fy = new float[0];
    private float[] fh = new float[0];

    private void ensureFloats(int len) {
        if (fx.length < len) {
            fx = new float[len];
            fy = new float[len];
            fh = new float[len];
        }
    }

    /** A float32 buffer's values widened to double (exact). */
    private static double[] doubles(INDArray a) {
        java.nio.FloatBuffer b = Tensors.hostBytes(a).asFloatBuffer();
        double[] v = new double[(int) a.length()];
        for (int i = 0; i < v.length; i++) v[i] = b.get(i);
        return v;
    }

    /** {@link #forward} for float32 on heap copies: the same double arithmetic, so the same floats. */
    private void forwardFloat(INDArray x, INDArray[] b, int n) {
        int len = n * width;
        ensureFloats(len);
        Tensors.hostBytes(x).asFloatBuffer().get(fx, 0, len);
        // γ and β widened to double once: the same values as the floats' promotion in the loop, and C2 compiles
        // the loop several times faster with double arrays than with float ones promoted per element (measured)
        double[] g = doubles(gamma.value()), be = doubles(beta.value());
        float[] xs = fx, hs = fh, ys = fy;
        // tokens are independent: split across threads; four tokens' sums interleaved for instruction-level
        // parallelism, each token's arithmetic and summation order unchanged
        JavaThreads.chunks(n, (long) len, (from, to) -> {
            double[] mean = new double[4];
            for (int t0 = from; t0 < to; t0 += 4) {
                int k = Math.min(4, to - t0);
                tokenStats(xs, t0, k, mean);
                for (int q = 0; q < k; q++) {
                    int o = (t0 + q) * width;
                    double m = mean[q], r = rstd[t0 + q];
                    for (int c = 0; c < width; c++) {
                        double xh = (xs[o + c] - m) * r;
                        hs[o + c] = (float) xh;
                        ys[o + c] = (float) (g[c] * xh + be[c]);
                    }
                }
            }
        });
        Tensors.hostBytes(b[0]).asFloatBuffer().put(fy, 0, len);
        Tensors.hostBytes(b[1]).asFloatBuffer().put(fh, 0, len);
    }

    /**
     * mean[q] and rstd[t0 + q] of tokens t0 … t0 + k − 1 (k ≤ 4): each token's mean Σx/W, variance Σ(x − mean)²/W
     * and 1/√(var + ε) summed in feature order, the tokens' sums interleaved in one loop (the four-token case
     * written out so the sums stay in registers).
     */
    private void tokenStats(float[] x, int t0, int k, double[] mean) {
        int w = width;
        if (k == 4) {
            int o0 = t0 * w, o1 = o0 + w, o2 = o1 + w, o3 = o2 + w;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int c = 0; c < w; c++) {
                s0 += x[o0 + c];
                s1 += x[o1 + c];
                s2 += x[o2 + c];
                s3 += x[o3 + c];
            }
            double m0 = s0 / w, m1 = s1 / w, m2 = s2 / w, m3 = s3 / w;
            double v0 = 0, v1 = 0, v2 = 0, v3 = 0;
            for (int c = 0; c < w; c++) {
                double d0 = x[o0 + c] - m0, d1 = x[o1 + c] - m1, d2 = x[o2 + c] - m2, d3 = x[o3 + c] - m3;
                v0 += d0 * d0;
                v1 += d1 * d1;
                v2 += d2 * d2;
                v3 += d3 * d3;
            }
            mean[0] = m0;
            mean[1] = m1;
            mean[2] = m2;
            mean[3] = m3;
            rstd[t0] = 1 / Math.sqrt(v0 / w + eps);
            rstd[t0 + 1] = 1 / Math.sqrt(v1 / w + eps);
            rstd[t0 + 2] = 1 / Math.sqrt(v2 / w + eps);
            rstd[t0 + 3] = 1 / Math.sqrt(v3 / w + eps);
            return;
        }
        for (int q = 0; q < k; q++) {
            int o = (t0 + q) * w;
            double s = 0;
            for (int c = 0; c < w; c++) s += x[o + c];
            double m = s / w;
            double v = 0;
            for (int c = 0; c < w; c++) {
                double d = x[o + c] - m;
                v += d * d;
            }
            mean[q] = m;
            rstd[t0 + q] = 1 / Math.sqrt(v / w + eps);
        }
    }

    /**
     * m[2q] = Σ dy·γ/W and m[2q + 1] = Σ dy·γ·x̂/W of tokens t0 … t0 + k − 1 (k ≤ 4), each summed in feature order,
     * the tokens' sums interleaved in one loop as in {@link #tokenStats}.
     */
    private void gradientMeans(float[] d, float[] xhat, double[] g, int t0, int k, double[] m) {
        int w = width;
        if (k == 4) {
            int o0 = t0 * w, o1 = o0 + w, o2 = o1 + w, o3 = o2 + w;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
            for (int c = 0; c < w; c++) {
                double gc = g[c];
                double e0 = d[o0 + c] * gc, e1 = d[o1 + c] * gc, e2 = d[o2 + c] * gc, e3 = d[o3 + c] * gc;
                a0 += e0;
                a1 += e1;
                a2 += e2;
                a3 += e3;
                b0 += e0 * xhat[o0 + c];
                b1 += e1 * xhat[o1 + c];
                b2 += e2 * xhat[o2 + c];
                b3 += e3 * xhat[o3 + c];
            }
            m[0] = a0 / w;
            m[1] = b0 / w;
            m[2] = a1 / w;
            m[3] = b1 / w;
            m[4] = a2 / w;
            m[5] = b2 / w;
            m[6] = a3 / w;
            m[7] = b3 / w;
            return;
        }
        for (int q = 0; q < k; q++) {
            int o = (t0 + q) * w;
            double a = 0, b = 0;
            for (int c = 0; c < w; c++) {
                double e = d[o + c] * g[c];
                a += e;
                b += e * xhat[o + c];
            }
            m[2 * q] = a / w;
            m[2 * q + 1] = b / w;
        }
    }

    /** {@link #backward} for float32 on heap copies, the same double arithmetic. */
    private void backwardFloat(INDArray dy, int n) {
        int len = n * width;
        ensureFloats(len);
        float[] d = fx, xhat = fh, dx = fy;
        Tensors.hostBytes(dy).asFloatBuffer().get(d, 0, len);
        Tensors.hostBytes(last[1]).asFloatBuffer().get(xhat, 0, len);
        double[] g = doubles(gamma.value());
        double[] sg = new double[width], sb = new double[width];
        // dx per token, split across threads (each token's arithmetic unchanged)
        JavaThreads.chunks(n, (long) len, (from, to) -> {
            double[] m = new double[8];
            for (int t0 = from; t0 < to; t0 += 4) {
                int k = Math.min(4, to - t0);
                gradientMeans(d, xhat, g, t0, k, m);
                for (int q = 0; q < k; q++) {
                    int o = (t0 + q) * width;
                    double m1 = m[2 * q], m2 = m[2 * q + 1], r = rstd[t0 + q];
                    for (int c = 0; c < width; c++) {
                        double xh = xhat[o + c], dxh = d[o + c] * g[c];
                        dx[o + c] = (float) (r * (dxh - m1 - xh * m2));
                    }
                }
            }
        });
        // dγ, dβ summed over tokens in token order, as before
        for (int t = 0; t < n; t++) {
            int o = t * width;
            for (int c = 0; c < width; c++) {
                double dc = d[o + c];
                sg[c] += dc * xhat[o + c];
                sb[c] += dc;
            }
        }
        Tensors.hostBytes(last[2]).asFloatBuffer().put(dx, 0, len);
        Host dg = Host.of(gamma.grad()), db = Host.of(beta.grad());
        for (int c = 0; c < width; c++) {
            dg.add(c, sg[c]);
            db.add(c, sb[c]);
        }
    }
}
