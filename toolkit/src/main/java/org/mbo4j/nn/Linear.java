package org.mbo4j.nn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense layer on token-major activations: y = W·x + b for every token, where x is in × N (F-order, column n =
 * token n) and W is out × in, as PyTorch's {@code nn.Linear} applied to each position. Backward accumulates dW and
 * db and returns dx. Output and gradient buffers are the layer's, one set per token count N, overwritten by the
 * next call with the same N.
 */
final class Linear implements Module {
    private final int in;
    private final int out;
    private final Param weight;
    private final Param bias;
    private final Map<Long, INDArray> outputs = new HashMap<>();
    private final Map<Long, INDArray> inputGrads = new HashMap<>();
    private INDArray lastX;
    private INDArray lastY;

    Linear(String name, int in, int out, DataType type) {
        this.in = in;
        this.out = out;
        weight = new Param(
                name + ".weight",
                Nd4j.create(type, new long[] {out, in}, 'f'),
                Nd4j.create(type, new long[] {out, in}, 'f'));
        bias = new Param(
                name + ".bias",
                Nd4j.create(type, new long[] {out, 1}, 'f'),
                Nd4j.create(type, new long[] {out, 1}, 'f'));
    }

    /** W ~ N(0, std²), b = 0: minGPT's {@code _init_weights} ({@code mingpt/model_discrete.py} lines 143–147). */
    Linear initNormal(SplittableRandom rng, double std) {
        fill(weight.value(), () -> std * rng.nextGaussian());
        bias.value().assign(0);
        return this;
    }

    /** W, b ~ U(−1/√in, 1/√in): PyTorch's default {@code nn.Linear} initialisation. */
    Linear initTorchDefault(SplittableRandom rng) {
        double limit = 1 / Math.sqrt(in);
        fill(weight.value(), () -> (2 * rng.nextDouble() - 1) * limit);
        fill(bias.value(), () -> (2 * rng.nextDouble() - 1) * limit);
        return this;
    }

    /** tf.keras' {@code Dense} defaults: W ~ U(−√(6/(in + out)), +√(…)) (Glorot-uniform), b = 0. */
    Linear initGlorot(SplittableRandom rng) {
        double limit = Math.sqrt(6.0 / (in + out));
        fill(weight.value(), () -> (2 * rng.nextDouble() - 1) * limit);
        bias.value().assign(0);
        return this;
    }

    private static void fill(INDArray a, DoubleSupplier s) {
        Host h = Host.of(a);
        for (int i = 0; i < h.length(); i++) h.set(i, s.getAsDouble());
    }

    int inputs() {
        return in;
    }

    int outputs() {
        return out;
    }

    Param weight() {
        return weight;
    }

    Param bias() {
        return bias;
    }

    @Override
    public List<Param> parameters() {
        return List.of(weight, bias);
    }

    /** y = W·x + b for x of shape in × N (F-order); the returned buffer is the layer's. */
    INDArray forward(INDArray x) {
        if (x.rows() != in) {
            throw new IllegalArgumentException(
                    "linear layer " + weight.name() + " expects " + in + " features per token, got " + x.rows());
        }
        INDArray y =
                outputs.computeIfAbsent((long) x.columns(), n -> Nd4j.create(x.dataType(), new long[] {out, n}, 'f'));
        Gemm.gemm(weight.value(), x, y, false, false, 1.0, 0.0);
        int cols = (int) y.columns();
        if (y.dataType() == DataType.FLOAT && bias.value().dataType() == DataType.FLOAT && Tensors.hostContiguous(y)) {
            addBiasFloat(y, cols);
        } else {
            Host hy = Host.of(y), hb = Host.of(bias.value());
            for (int n = 0; n < cols; n++) { // a Java loop: ND4J's column broadcast is slow on F-order buffers
                int o = n * out;
                for (int j = 0; j < out; j++) hy.set(o + j, hy.get(o + j) + hb.get(j));
            }
        }
        lastX = x;
        lastY = y;
        return y;
    }

    /** Columns per heap block of the float32 bias loops (bounds their scratch to this many columns per thread). */
    private static final int BLOCK_COLS = 1024;

    /**
     * y[:, n] += b for a float32 y, in blocks of columns copied to the heap, column ranges across threads. A float
     * sum equals the double sum rounded to float (double rounding is innocuous for a sum of two floats;
     * {@code FloatArithmeticTest}), so the result is the Host loop's bit for bit.
     */
    private void addBiasFloat(INDArray y, int cols) {
        float[] b = new float[out];
        Tensors.hostBytes(bias.value()).asFloatBuffer().get(b);
        java.nio.FloatBuffer fy = Tensors.hostBytes(y).asFloatBuffer();
        JavaThreads.chunks(cols, (long) cols * out, (from, to) -> {
            java.nio.FloatBuffer f = fy.duplicate();
            float[] v = JavaThreads.scratchFloats(Math.min(to - from, BLOCK_COLS) * out);
            for (int c0 = from; c0 < to; c0 += BLOCK_COLS) {
                int m = (Math.min(to, c0 + BLOCK_COLS) - c0) * out;
                f.position(c0 * out);
                f.get(v, 0, m);
                for (int k = 0; k < m; k += out) {
                    for (int j = 0; j < out; j++) v[k + j] += b[j];
                }
                f.position(c0 * out);
                f.put(v, 0, m);
            }
        });
    }

    /** The last forward's output (the layer's buffer). */
    INDArray lastOutput() {
        if (lastY == null) throw new IllegalStateException("call forward first");
        return lastY;
    }

    /**
     * Accumulates dW += dy·xᵀ and db += Σₙ dy for the last forward input; returns dx = Wᵀ·dy (the layer's buffer)
     * when {@code inputGrad}, else null.
     */
    INDArray backward(INDArray dy, boolean inputGrad) {
        if (lastX == null) throw new IllegalStateException("backward called before forward");
        Gemm.gemm(dy, lastX, weight.grad(), false, true, 1.0, 1.0);
        Host hb = Host.of(bias.grad());
        int cols = (int) dy.columns();
        double[] sum = new double[out];
        if (dy.dataType() == DataType.FLOAT && Tensors.hostContiguous(dy)) {
            // each output's sum over the columns in column order, on heap blocks of columns
            java.nio.FloatBuffer fd = Tensors.hostBytes(dy).asFloatBuffer();
            float[] v = JavaThreads.scratchFloats(Math.min(cols, BLOCK_COLS) * out);
            for (int c0 = 0; c0 < cols; c0 += BLOCK_COLS) {
                int m = (Math.min(cols, c0 + BLOCK_COLS) - c0) * out;
                fd.get(v, 0, m);
                for (int k = 0; k < m; k += out) {
                    for (int j = 0; j < out; j++) sum[j] += v[k + j];
                }
            }
        } else {
            Host hd = Host.of(dy);
            for (int n = 0; n < cols; n++) {
                int o = n * out;
                for (int j = 0; j < out; j++) sum[j] += hd.get(o + j);
            }
        }
        for (int j = 0; j < out; j++) hb.add(j, sum[j]);
        if (!inputGrad) return null;
        INDArray dx = inputGrads.computeIfAbsent(
                (long) dy.columns(), n -> Nd4j.create(dy.dataType(), new long[] {in, n}, 'f'));
        Gemm.gemm(weight.value(), dy, dx, true, false, 1.0, 0.0);
        return dx;
    }
}
