package org.mbo4j.nn;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
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
 *       two axes swapped, so tap i is one out × in block).</li>
 *   <li><b>Transposed</b> (PyTorch {@code nn.ConvTranspose1d(in, out, k, stride, padding)}): the adjoint map, y[o, b,
 *       j·s + i − p] += W[c, o, i]·x[c, b, j], kept where the position falls inside the output; output length
 *       (H − 1)·s − 2p + k. The weight is stored as in × (k·out), column i·out + o holding W[c, o, i] (PyTorch's
 *       [in, out, k], last two axes swapped).</li>
 * </ul>
 *
 * <p>How it computes: one GEMM per kernel tap on shifted, strided column views of a padded staging copy, with no
 * unfolded (im2col) matrix. The convolution stages x with each sequence in a block of Q·s columns (p zero columns,
 * the H positions, zeros to the end of the block; Q = max(⌈(H + p)/s⌉, H')), so a sequence's right padding is the
 * next block's leading zeros; then Y[:, b·Q + j] = Σᵢ Wᵢ·X[:, s·(b·Q + j) + i], a view of X with leading dimension
 * s·in starting at column i, computed for all B·Q columns; columns j ≥ H' are dropped (their gradient is staged as
 * zero, so they add nothing backward). The transpose stages x in blocks of Q = H − 1 + ⌈k/s⌉ columns (zeros after
 * the H positions) and adds Wᵢᵀ·X into the view of an output block of Q·s ≥ (H − 1)·s + k columns, so no sequence
 * reaches its neighbour's block; the H' outputs are columns p … p + H' − 1 of each block. The staging copies are
 * the size of the activations, where im2col's are k times it (the dropped columns add p/(H + p) of the convolution's
 * work at stride 1: 11 % at H = 16, p = 2). Initialisation is PyTorch's default (kaiming-uniform with a = √5 and the bias rule): W, b ~ U(−1/√f,
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
    /** GEMM staging per (batch, length): [input side, output side] (see the class comment). */
    private final Map<Long, INDArray[]> staging = new HashMap<>();

    private double[] y = new double[0];
    private double[] dx = new double[0];
    private float[] floats = new float[0];
    private double[] doubles = new double[0];
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

    /**
     * tf.keras' {@code Conv1D} defaults: W ~ U(−√(6/(k·in + k·out)), +√(…)) (Glorot-uniform with the kernel's
     * receptive field in both fans), b = 0.
     */
    Conv1d initGlorot(SplittableRandom rng) {
        double limit = Math.sqrt(6.0 / ((double) kernel * in + (double) kernel * out));
        Host h = Host.of(weight.value());
        for (int i = 0; i < h.length(); i++) h.set(i, (2 * rng.nextDouble() - 1) * limit);
        bias.value().assign(0);
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

    int kernel() {
        return kernel;
    }

    int stride() {
        return stride;
    }

    int padding() {
        return padding;
    }

    boolean transposed() {
        return transposed;
    }

    /** The output length for an input of {@code length} positions (below 1: none, as PyTorch refuses). */
    int outputLength(int length) {
        return transposed
                ? (length - 1) * stride - 2 * padding + kernel
                : Math.floorDiv(length + 2 * padding - kernel, stride) + 1;
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
        Shape sh = new Shape(batch, length);
        INDArray[] s = staging.computeIfAbsent(((long) batch << 32) | length, k -> allocate(sh));
        int nOut = out * batch * ho;
        if (y.length < nOut) y = new double[nOut];
        Host hb = Host.of(bias.value());
        double[] bv = new double[out];
        for (int r = 0; r < out; r++) bv[r] = hb.get(r);
        if (transposed) {
            pack(x, in, batch, sh.q, 0, length, s[0], null);
            s[1].assign(0.0);
            for (int i = 0; i < kernel; i++) {
                // Y[:, s·n + i] += Wᵢᵀ·X[:, n] (Wᵢ: in × out at column i·out of W)
                Gemm.gemmBlock(
                        weight.value(),
                        (long) i * out * in,
                        in,
                        true,
                        s[0],
                        0,
                        in,
                        false,
                        s[1],
                        (long) i * out,
                        stride * out,
                        out,
                        batch * sh.q,
                        in,
                        1.0,
                        1.0);
            }
            unpack(s[1], out, batch, sh.q * stride, padding, ho, y, bv);
        } else {
            pack(x, in, batch, sh.q * stride, padding, length, s[0], null);
            for (int i = 0; i < kernel; i++) {
                // Y[:, n] += Wᵢ·X[:, s·n + i] (Wᵢ: out × in at column i·in of W)
                Gemm.gemmBlock(
                        weight.value(),
                        (long) i * in * out,
                        out,
                        false,
                        s[0],
                        (long) i * in,
                        stride * in,
                        false,
                        s[1],
                        0,
                        out,
                        out,
                        batch * sh.q,
                        in,
                        1.0,
                        i == 0 ? 0.0 : 1.0);
            }
            unpack(s[1], out, batch, sh.q, 0, ho, y, bv);
        }
        last = s;
        lastBatch = batch;
        lastLength = length;
        return y;
    }

    /**
     * Accumulates dW and db for the last forward input and dLoss/dy {@code dy} (out × (batch·length')); returns dx
     * (the layer's array, in × (batch·length)) when {@code inputGrad}, else null. Once per forward: the input
     * staging is overwritten by dx.
     */
    double[] backward(double[] dy, boolean inputGrad) {
        if (last == null) throw new IllegalStateException("backward called before forward");
        int h = lastLength, ho = outputLength(h), batch = lastBatch;
        Shape sh = new Shape(batch, h);
        double[][] sums = new double[batch][];
        int nIn = in * batch * h;
        if (dx.length < nIn) dx = new double[nIn];
        INDArray xs = last[0], ys = last[1];
        if (transposed) {
            // dY staged like Y (zeros outside the outputs); dWᵢ += X·dY[:, s·n + i]ᵀ; dX = Σᵢ Wᵢ·dY[:, s·n + i]
            pack(dy, out, batch, sh.q * stride, padding, ho, ys, sums);
            addBiasGradient(sums);
            for (int i = 0; i < kernel; i++) {
                Gemm.gemmBlock(
                        xs,
                        0,
                        in,
                        false,
                        ys,
                        (long) i * out,
                        stride * out,
                        true,
                        weight.grad(),
                        (long) i * out * in,
                        in,
                        in,
                        out,
                        batch * sh.q,
                        1.0,
                        1.0);
            }
            if (!inputGrad) return null;
            for (int i = 0; i < kernel; i++) {
                Gemm.gemmBlock(
                        weight.value(),
                        (long) i * out * in,
                        in,
                        false,
                        ys,
                        (long) i * out,
                        stride * out,
                        false,
                        xs,
                        0,
                        in,
                        in,
                        batch * sh.q,
                        out,
                        1.0,
                        i == 0 ? 0.0 : 1.0);
            }
            unpack(xs, in, batch, sh.q, 0, h, dx, null);
            return dx;
        }
        // dY staged like Y (zeros in the dropped columns); dWᵢ += dY·X[:, s·n + i]ᵀ; dX[:, s·n + i] += Wᵢᵀ·dY
        pack(dy, out, batch, sh.q, 0, ho, ys, sums);
        addBiasGradient(sums);
        for (int i = 0; i < kernel; i++) {
            Gemm.gemmBlock(
                    ys,
                    0,
                    out,
                    false,
                    xs,
                    (long) i * in,
                    stride * in,
                    true,
                    weight.grad(),
                    (long) i * in * out,
                    out,
                    out,
                    in,
                    batch * sh.q,
                    1.0,
                    1.0);
        }
        if (!inputGrad) return null;
        xs.assign(0.0);
        for (int i = 0; i < kernel; i++) {
            Gemm.gemmBlock(
                    weight.value(),
                    (long) i * in * out,
                    out,
                    true,
                    ys,
                    0,
                    out,
                    false,
                    xs,
                    (long) i * in,
                    stride * in,
                    in,
                    batch * sh.q,
                    out,
                    1.0,
                    1.0);
        }
        unpack(xs, in, batch, sh.q * stride, padding, h, dx, null);
        return dx;
    }

    /**
     * The staging geometry for a batch: q is the block of the unstrided side in columns (convolution: output
     * columns per sequence, the input block being q·s; transpose: input columns per sequence, the output block q·s).
     */
    private final class Shape {
        final int batch;
        final int q;

        Shape(int batch, int length) {
            this.batch = batch;
            q = transposed
                    ? length - 1 + ceilDiv(kernel, stride)
                    : Math.max(ceilDiv(length + padding, stride), outputLength(length));
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Convolution: [X in × (B·q·s + slack), Y out × B·q]; transpose: [X in × B·q, Y out × (B·q·s + slack)]; the
     * slack (k − s columns, zero) holds the last sequence's dropped reads or writes.
     */
    private INDArray[] allocate(Shape sh) {
        DataType type = weight.value().dataType();
        long batch = sh.batch;
        long slack = Math.max(0, kernel - stride);
        long strided = batch * sh.q * stride + slack;
        long plain = batch * sh.q;
        return transposed
                ? new INDArray[] {
                    Nd4j.create(type, new long[] {in, plain}, 'f'), Nd4j.create(type, new long[] {out, strided}, 'f')
                }
                : new INDArray[] {
                    Nd4j.create(type, new long[] {in, strided}, 'f'), Nd4j.create(type, new long[] {out, plain}, 'f')
                };
    }

    /**
     * Writes {@code src} (channels × (batch·length), token-major) into the staging matrix {@code dst}: sequence b's
     * positions at columns b·block + offset …, zeros in every other column (padding, dropped columns, slack). With
     * {@code sums}, also sets sums[b] to sequence b's per-channel sums of src (the bias gradient, read in the same
     * pass). Each sequence's block is converted on the heap and copied into the buffer by the thread that wrote it.
     */
    private void pack(
            double[] src, int channels, int batch, int block, int offset, int length, INDArray dst, double[][] sums) {
        int n = (int) dst.length();
        int run = length * channels;
        boolean f32 = dst.dataType() == DataType.FLOAT;
        if (f32 && floats.length < n) floats = new float[n];
        if (!f32 && doubles.length < n) doubles = new double[n];
        float[] f = floats;
        double[] d = doubles;
        ByteBuffer bytes = Tensors.hostBytes(dst);
        FloatBuffer fb = f32 ? bytes.asFloatBuffer() : null;
        DoubleBuffer db = f32 ? null : bytes.asDoubleBuffer();
        JavaThreads.forEach(batch, n, b -> {
            int to = (b * block) * channels, end = b == batch - 1 ? n : (b + 1) * block * channels;
            int data = to + offset * channels, from = b * run;
            if (f32) {
                Arrays.fill(f, to, data, 0f);
                Conversions.get().toFloat(src, from, f, data, run);
                Arrays.fill(f, data + run, end, 0f);
                fb.put(to, f, to, end - to); // absolute: threads write disjoint ranges
            } else {
                Arrays.fill(d, to, data, 0.0);
                System.arraycopy(src, from, d, data, run);
                Arrays.fill(d, data + run, end, 0.0);
                db.put(to, d, to, end - to);
            }
            if (sums != null) {
                double[] s = new double[channels];
                Conversions.get().addChannelSums(src, from, length, channels, s);
                sums[b] = s;
            }
        });
    }

    /**
     * The inverse of {@link #pack}: dst[c, b·length + h] = src[c, b·block + offset + h] (+ bias[c] when given); each
     * thread reads only its sequences' kept columns.
     */
    private void unpack(
            INDArray src,
            int channels,
            int batch,
            int block,
            int offset,
            int length,
            double[] dst,
            double[] biasValues) {
        int n = (int) src.length();
        int run = length * channels;
        ByteBuffer bytes = Tensors.hostBytes(src);
        if (src.dataType() == DataType.FLOAT) {
            if (floats.length < n) floats = new float[n];
            float[] f = floats;
            FloatBuffer fb = bytes.asFloatBuffer();
            JavaThreads.forEach(batch, (long) batch * run, b -> {
                int from = (b * block + offset) * channels, to = b * run;
                fb.get(from, f, from, run); // absolute: threads read disjoint ranges
                Conversions.get().toDouble(f, from, dst, to, run, biasValues, channels);
            });
        } else {
            DoubleBuffer db = bytes.asDoubleBuffer();
            JavaThreads.forEach(batch, (long) batch * run, b -> {
                int from = (b * block + offset) * channels, to = b * run;
                db.get(from, dst, to, run);
                if (biasValues != null) {
                    for (int h = 0; h < run; h += channels) {
                        for (int c = 0; c < channels; c++) dst[to + h + c] += biasValues[c];
                    }
                }
            });
        }
    }

    /** db += Σ_b sums[b], summed in sequence order (the same for every thread count). */
    private void addBiasGradient(double[][] sums) {
        Host hg = Host.of(bias.grad());
        for (int r = 0; r < out; r++) {
            double total = 0;
            for (double[] s : sums) total += s[r];
            hg.add(r, total);
        }
    }
}
