package org.mbo4j.nn;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1-D convolution, or its transpose, over a batch of sequences held token-major: C × (B·H) column-major
 * ({@code double[]} index (b·H + h)·C + c = channel c at position h of sequence b), as Java arrays; only the GEMM's
 * operands live in ND4J buffers (of the layer's data type).
 *
 * <ul>
 *   <li><b>Convolution</b> (PyTorch {@code nn.Conv1d(in, out, k, stride, padding)}): y[o, b, j] = bias[o] +
 *       Σ_{c, i} W[o, c, i]·x[c, b, j·s + i − p], zero outside the sequence; output length (H + 2p − k)/s + 1. The
 *       weight is stored as out × (k·in), column i·in + c holding W[o, c, i] (PyTorch's [out, in, k] with the last
 *       two axes swapped, so the unfolded matrix copies whole channel columns).</li>
 *   <li><b>Transposed</b> (PyTorch {@code nn.ConvTranspose1d(in, out, k, stride, padding)}): the adjoint map, y[o, b,
 *       j·s + i − p] += W[c, o, i]·x[c, b, j], kept where the position falls inside the output; output length
 *       (H − 1)·s − 2p + k. The weight is stored as in × (k·out), column i·out + o holding W[c, o, i] (PyTorch's
 *       [in, out, k], last two axes swapped).</li>
 * </ul>
 *
 * Both run as one GEMM against an unfolded matrix (im2col / col2im), the same index map i ↦ j·s + i − p gathering
 * or scattering. Initialisation is PyTorch's default (kaiming-uniform with a = √5 and the bias rule): W, b ~ U(−1/√f,
 * 1/√f) with fan-in f = in·k for the convolution and out·k for the transpose (PyTorch computes fan-in from the
 * weight's second dimension). Output and gradient arrays are the layer's, overwritten by its next call; not
 * thread-safe.
 */
final class Conv1d implements Module {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean transposed;
    private final Param weight;
    private final Param bias;
    /** GEMM staging per (batch, length): [A, Y] (see forward). */
    private final Map<Long, INDArray[]> staging = new HashMap<>();

    private final HostArray io = new HostArray();
    private double[] y = new double[0];
    private double[] dx = new double[0];
    private double[] scratch = new double[0];
    private INDArray[] last;
    private int lastBatch;
    private int lastLength;

    Conv1d(String name, int in, int out, int kernel, int stride, int padding, boolean transposed, DataType type) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("convolution " + name + " needs positive channels, kernel and stride"
                    + " and padding ≥ 0, got in " + in + ", out " + out + ", kernel " + kernel + ", stride " + stride
                    + ", padding " + padding);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.transposed = transposed;
        long[] shape = transposed ? new long[] {in, (long) out * kernel} : new long[] {out, (long) in * kernel};
        weight = new Param(name + ".weight", Nd4j.create(type, shape, 'f'), Nd4j.create(type, shape, 'f'));
        bias = new Param(
                name + ".bias",
                Nd4j.create(type, new long[] {out, 1}, 'f'),
                Nd4j.create(type, new long[] {out, 1}, 'f'));
    }

    /** PyTorch's default initialisation (see the class comment). */
    Conv1d initTorchDefault(SplittableRandom rng) {
        double limit = 1 / Math.sqrt((transposed ? out : in) * (double) kernel);
        for (Param p : parameters()) {
            Host h = Host.of(p.value());
            for (int i = 0; i < h.length(); i++) h.set(i, (2 * rng.nextDouble() - 1) * limit);
        }
        return this;
    }

    @Override
    public List<Param> parameters() {
        return List.of(weight, bias);
    }

    Param weight() {
        return weight;
    }

    Param bias() {
        return bias;
    }

    int inputs() {
        return in;
    }

    int outputs() {
        return out;
    }

    /** The output length for an input of {@code length} positions. */
    int outputLength(int length) {
        return transposed ? (length - 1) * stride - 2 * padding + kernel : (length + 2 * padding - kernel) / stride + 1;
    }

    /**
     * y for x (in × (batch·length), {@code x.length} ≥ in·batch·length); returns the layer's array holding out ×
     * (batch·length') values.
     */
    double[] forward(double[] x, int batch, int length) {
        if (batch < 1 || length < 1 || x.length < (long) in * batch * length) {
            throw new IllegalArgumentException("convolution " + weight.name() + " expects " + in + " channels × (batch "
                    + batch + " · length " + length + ") values, got " + x.length);
        }
        int ho = outputLength(length);
        if (ho < 1) {
            throw new IllegalArgumentException(
                    "convolution " + weight.name() + " has no output positions for sequences of length " + length);
        }
        DataType type = weight.value().dataType();
        INDArray[] s = staging.computeIfAbsent(((long) batch << 32) | length, k -> allocate(type, batch, length, ho));
        int nOut = out * batch * ho;
        if (y.length < nOut) y = new double[nOut];
        double[] bv = io.read(bias.value()).clone();
        if (transposed) {
            // A = x; C = Wᵀ·x: (out·k) × (B·H), scattered onto the output positions over the bias
            io.write(x, s[0]);
            Gemm.gemm(weight.value(), s[0], s[1], true, false, 1.0, 0.0);
            for (int n = 0; n < batch * ho; n++) System.arraycopy(bv, 0, y, n * out, out);
            scatterAddFrom(s[1], y, out, batch, ho, length);
        } else {
            // A = im2col(x): (in·k) × (B·H'); Y = W·A
            if (unitMap()) {
                io.write(x, s[0]);
            } else {
                gatherInto(x, s[0], in, batch, length, ho);
            }
            Gemm.gemm(weight.value(), s[0], s[1], false, false, 1.0, 0.0);
            double[] g = io.read(s[1]);
            double[] yy = y;
            JavaThreads.chunks(batch * ho, (from, to) -> {
                for (int n = from; n < to; n++) {
                    int o = n * out;
                    for (int r = 0; r < out; r++) yy[o + r] = g[o + r] + bv[r];
                }
            });
        }
        last = s;
        lastBatch = batch;
        lastLength = length;
        return y;
    }

    /**
     * Accumulates dW and db for the last forward input and dLoss/dy {@code dy} (out × (batch·length')); returns dx
     * (the layer's array, in × (batch·length)) when {@code inputGrad}, else null.
     */
    double[] backward(double[] dy, boolean inputGrad) {
        if (last == null) throw new IllegalStateException("backward called before forward");
        int h = lastLength, ho = outputLength(h), batch = lastBatch;
        addColumnSums(dy, out, batch * ho);
        int nIn = in * batch * h;
        if (dx.length < nIn) dx = new double[nIn];
        if (transposed) {
            // C = im2col(dy); dW += A·Cᵀ; A = W·C
            gatherInto(dy, last[1], out, batch, ho, h);
            Gemm.gemm(last[0], last[1], weight.grad(), false, true, 1.0, 1.0);
            if (!inputGrad) return null;
            Gemm.gemm(weight.value(), last[1], last[0], false, false, 1.0, 0.0);
            double[] g = io.read(last[0]);
            System.arraycopy(g, 0, dx, 0, nIn);
            return dx;
        }
        // Y = dy; dW += Y·Aᵀ; A = Wᵀ·Y, folded back (col2im)
        io.write(dy, last[1]);
        Gemm.gemm(last[1], last[0], weight.grad(), false, true, 1.0, 1.0);
        if (!inputGrad) return null;
        Gemm.gemm(weight.value(), last[1], last[0], true, false, 1.0, 0.0);
        if (unitMap()) {
            System.arraycopy(io.read(last[0]), 0, dx, 0, nIn);
        } else {
            Arrays.fill(dx, 0, nIn, 0.0);
            scatterAddFrom(last[0], dx, in, batch, h, ho);
        }
        return dx;
    }

    /** A 1 × 1 convolution with stride 1 and no padding reads its input as it is. */
    private boolean unitMap() {
        return !transposed && kernel == 1 && stride == 1 && padding == 0;
    }

    /** Convolution: [im2col(x), y]; transposed: [x, Wᵀ·x]. */
    private INDArray[] allocate(DataType type, int batch, int h, int ho) {
        if (transposed) {
            return new INDArray[] {
                Nd4j.create(type, new long[] {in, (long) batch * h}, 'f'),
                Nd4j.create(type, new long[] {(long) out * kernel, (long) batch * h}, 'f')
            };
        }
        return new INDArray[] {
            Nd4j.create(type, new long[] {(long) in * kernel, (long) batch * ho}, 'f'),
            Nd4j.create(type, new long[] {out, (long) batch * ho}, 'f')
        };
    }

    /** {@link #gather} into the staging matrix {@code col}, through a float array for float32 (no double copy). */
    private void gatherInto(double[] src, INDArray col, int channels, int batch, int longLength, int positions) {
        int n = channels * kernel * batch * positions;
        if (col.dataType() == DataType.FLOAT) {
            float[] f = io.floatScratch(n);
            gather(src, f, channels, batch, longLength, positions);
            HostArray.writeFloats(f, col);
        } else {
            if (scratch.length < n) scratch = new double[n];
            gather(src, scratch, channels, batch, longLength, positions);
            io.write(scratch, col);
        }
    }

    /** {@link #scatterAdd} from the staging matrix {@code col}, read as floats for float32. */
    private void scatterAddFrom(INDArray col, double[] dst, int channels, int batch, int longLength, int positions) {
        if (col.dataType() == DataType.FLOAT) {
            scatterAdd(io.readFloats(col), dst, channels, batch, longLength, positions);
        } else {
            scatterAdd(io.read(col), dst, channels, batch, longLength, positions);
        }
    }

    /**
     * {@link #gather} with float32 output: the same loop for the float32 staging matrix (Java has no generic
     * primitive arrays; a shared accessor would cost the copy it saves), as {@code scatterAdd(float[], …)} below.
     */
    private void gather(double[] src, float[] col, int channels, int batch, int longLength, int positions) {
        int rows = channels * kernel;
        JavaThreads.forEach(batch, (long) rows * batch * positions, b -> {
            for (int j = 0; j < positions; j++) {
                int dst = (b * positions + j) * rows;
                for (int i = 0; i < kernel; i++) {
                    int pos = j * stride + i - padding;
                    if (pos < 0 || pos >= longLength) {
                        for (int c = 0; c < channels; c++) col[dst + i * channels + c] = 0f;
                    } else {
                        int from = (b * longLength + pos) * channels;
                        for (int c = 0; c < channels; c++) col[dst + i * channels + c] = (float) src[from + c];
                    }
                }
            }
        });
    }

    /** {@link #scatterAdd} from float32 values. */
    private void scatterAdd(float[] col, double[] dst, int channels, int batch, int longLength, int positions) {
        int rows = channels * kernel;
        JavaThreads.forEach(batch, (long) rows * batch * positions, b -> {
            for (int j = 0; j < positions; j++) {
                int src = (b * positions + j) * rows;
                for (int i = 0; i < kernel; i++) {
                    int pos = j * stride + i - padding;
                    if (pos < 0 || pos >= longLength) continue;
                    int to = (b * longLength + pos) * channels;
                    for (int c = 0; c < channels; c++) dst[to + c] += col[src + i * channels + c];
                }
            }
        });
    }

    /**
     * col[i·C + c, b·P + j] = src[c, b·L + j·s + i − p] (0 outside): src holds C channels over sequences of length L,
     * col the unfolded P positions (both in memory order).
     */
    private void gather(double[] src, double[] col, int channels, int batch, int longLength, int positions) {
        int rows = channels * kernel;
        JavaThreads.forEach(batch, (long) rows * batch * positions, b -> {
            for (int j = 0; j < positions; j++) {
                int dst = (b * positions + j) * rows;
                for (int i = 0; i < kernel; i++) {
                    int pos = j * stride + i - padding;
                    if (pos < 0 || pos >= longLength) {
                        for (int c = 0; c < channels; c++) col[dst + i * channels + c] = 0.0;
                    } else {
                        int from = (b * longLength + pos) * channels;
                        for (int c = 0; c < channels; c++) col[dst + i * channels + c] = src[from + c];
                    }
                }
            }
        });
    }

    /** The adjoint of {@link #gather}: dst[c, b·L + j·s + i − p] += col[i·C + c, b·P + j] where inside. */
    private void scatterAdd(double[] col, double[] dst, int channels, int batch, int longLength, int positions) {
        int rows = channels * kernel;
        JavaThreads.forEach(batch, (long) rows * batch * positions, b -> {
            for (int j = 0; j < positions; j++) {
                int src = (b * positions + j) * rows;
                for (int i = 0; i < kernel; i++) {
                    int pos = j * stride + i - padding;
                    if (pos < 0 || pos >= longLength) continue;
                    int to = (b * longLength + pos) * channels;
                    for (int c = 0; c < channels; c++) dst[to + c] += col[src + i * channels + c];
                }
            }
        });
    }

    /** db[r] += Σₙ g[r, n]. */
    private void addColumnSums(double[] g, int rows, int cols) {
        double[] sum = new double[rows];
        for (int n = 0; n < cols; n++) {
            int o = n * rows;
            for (int r = 0; r < rows; r++) sum[r] += g[o + r];
        }
        Host hg = Host.of(bias.grad());
        for (int r = 0; r < rows; r++) hg.add(r, sum[r]);
    }
}
