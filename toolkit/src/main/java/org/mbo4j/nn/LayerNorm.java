package org.mbo4j.nn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Layer normalisation over each token's C features (PyTorch {@code nn.LayerNorm(C)}: biased variance, ε = 1e-5,
 * γ = 1 and β = 0 at initialisation): y = γ ⊙ (x − μ)/√(σ² + ε) + β, on token-major C × N activations.
 */
final class LayerNorm implements Module {
    /** PyTorch's default ε. */
    static final double EPS = 1e-5;

    private final int width;
    private final Param gamma;
    private final Param beta;
    private final Map<Long, INDArray[]> buffers = new HashMap<>();
    private INDArray[] last;
    private double[] rstd = new double[0];

    LayerNorm(String name, int width, DataType type) {
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
            double r = 1 / Math.sqrt(var + EPS);
            rstd[t] = r;
            for (int c = 0; c < width; c++) {
                double xh = (hx.get(o + c) - mean) * r;
                hh.set(o + c, xh);
                hy.set(o + c, g.get(c) * xh + be.get(c));
            }
        }
        last = b;
        return b[0];
    }

    /** Accumulates dγ, dβ; returns dx (the layer's buffer). */
    INDArray backward(INDArray dy) {
        if (last == null) throw new IllegalStateException("backward called before forward");
        int n = (int) dy.columns();
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
}
