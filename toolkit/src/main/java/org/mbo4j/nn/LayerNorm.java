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

    private static float[] floats(INDArray a) {
        float[] v = new float[(int) a.length()];
        Tensors.hostBytes(a).asFloatBuffer().get(v);
        return v;
    }

    /** {@link #forward} for float32 on heap copies: the same double arithmetic, so the same floats. */
    private void forwardFloat(INDArray x, INDArray[] b, int n) {
        int len = n * width;
        ensureFloats(len);
        Tensors.hostBytes(x).asFloatBuffer().get(fx, 0, len);
        float[] g = floats(gamma.value()), be = floats(beta.value());
        for (int t = 0; t < n; t++) {
            int o = t * width;
            double mean = 0;
            for (int c = 0; c < width; c++) mean += fx[o + c];
            mean /= width;
            double var = 0;
            for (int c = 0; c < width; c++) {
                double d = fx[o + c] - mean;
                var += d * d;
            }
            var /= width;
            double r = 1 / Math.sqrt(var + eps);
            rstd[t] = r;
            for (int c = 0; c < width; c++) {
                double xh = (fx[o + c] - mean) * r;
                fh[o + c] = (float) xh;
                fy[o + c] = (float) (g[c] * xh + be[c]);
            }
        }
        Tensors.hostBytes(b[0]).asFloatBuffer().put(fy, 0, len);
        Tensors.hostBytes(b[1]).asFloatBuffer().put(fh, 0, len);
    }

    /** {@link #backward} for float32 on heap copies, the same double arithmetic. */
    private void backwardFloat(INDArray dy, int n) {
        int len = n * width;
        ensureFloats(len);
        float[] d = fx, xhat = fh, dx = fy;
        Tensors.hostBytes(dy).asFloatBuffer().get(d, 0, len);
        Tensors.hostBytes(last[1]).asFloatBuffer().get(xhat, 0, len);
        float[] g = floats(gamma.value());
        double[] sg = new double[width], sb = new double[width];
        for (int t = 0; t < n; t++) {
            int o = t * width;
            double m1 = 0, m2 = 0;
            for (int c = 0; c < width; c++) {
                double dc = d[o + c], xh = xhat[o + c], dxh = dc * g[c];
                sg[c] += dc * xh;
                sb[c] += dc;
                m1 += dxh;
                m2 += dxh * xh;
            }
            m1 /= width;
            m2 /= width;
            double r = rstd[t];
            for (int c = 0; c < width; c++) {
                double xh = xhat[o + c], dxh = d[o + c] * (double) g[c];
                dx[o + c] = (float) (r * (dxh - m1 - xh * m2));
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
