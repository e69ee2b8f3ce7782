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
        int n = channels * batch * length;
        check(x, batch, length);
        if (y.length < n) y = new double[n];
        forward(x, batch, length, y, null);
        return y;
    }

    /**
     * The next layers' element-wise work on one sequence's normalised block while it is still in cache (a fused
     * forward pass): {@code block[0 … n)} holds the normalised values of sequence s, whose place in the layer's
     * layout starts at {@code base}; the consumer writes its own output. Called from several threads at once, for
     * different sequences.
     */
    @FunctionalInterface
    interface SequenceOutput {
        void accept(int s, double[] block, int base, int n);
    }

    /**
     * As {@link #forward(double[], int, int)}, but each sequence's normalised block goes to a per-thread scratch array
     * and then to {@code then} (one pass over memory for the normalisation and what follows it).
     */
    void forward(double[] x, int batch, int length, SequenceOutput then) {
        check(x, batch, length);
        forward(x, batch, length, null, then);
    }

    /**
     * The output of sequence s at the same place of {@code y} (non-null) or of a scratch handed to {@code then}
     * (below).
     */
    private void forward(double[] x, int batch, int length, double[] y, SequenceOutput then) {
        int n = channels * batch * length, per = channels / groups, block = channels * length;
        if (rstd.length < batch * groups) {
            rstd = new double[batch * groups];
            means = new double[batch * groups];
        }
        double[] g = io.read(gamma.value()).clone(), be = io.read(beta.value()).clone();
        double count = (double) per * length;
        double[] ms = means, rs = rstd;
        Loops loops = loops();
        JavaThreads.forEach(batch, n, s -> {
            // per-channel sums in one contiguous pass (vectorisable over c), then per group
            double[] sum = new double[channels], sq = new double[channels];
            int base = s * block;
            loops.sums(x, base, length, channels, sum, sq);
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
            }
            spread(ms, rs, s, mean, r);
            double[] out = y != null ? y : JavaThreads.scratchDoubles(block);
            int at = y != null ? base : 0;
            loops.normalise(new Sequence(x, base, at, length, channels, mean, r), out, g, be);
            if (then != null) then.accept(s, out, base, block);
        });
        input = x;
        lastBatch = batch;
        lastLength = length;
    }

    /** Each channel's group mean and 1/σ for sequence s, from the per-(sequence, group) values. */
    private void spread(double[] ms, double[] rs, int s, double[] mean, double[] r) {
        int per = channels / groups;
        for (int q = 0; q < groups; q++) {
            Arrays.fill(mean, q * per, (q + 1) * per, ms[s * groups + q]);
            Arrays.fill(r, q * per, (q + 1) * per, rs[s * groups + q]);
        }
    }

    private void check(double[] x, int batch, int length) {
        if (batch < 1 || length < 1 || x.length < channels * batch * length) {
            throw new IllegalArgumentException("group norm " + gamma.name() + " expects " + channels
                    + " channels × (batch " + batch + " · length " + length + ") values, got " + x.length);
        }
    }

    /**
     * Supplies dLoss/dy for one sequence in a fused backward pass: writes the n values of sequence s (whose place in
     * the layer's layout starts at {@code base}) into {@code block[0 … n)}. Called from several threads at once.
     */
    @FunctionalInterface
    interface SequenceGradient {
        void fill(int s, int base, int n, double[] block);
    }

    /** Accumulates dγ, dβ for dLoss/dy {@code dy}; returns dx (the layer's array). */
    double[] backward(double[] dy) {
        return backward(dy, null);
    }

    /**
     * As {@link #backward(double[])}, with dLoss/dy computed per sequence into a per-thread scratch by {@code dy}
     * (for example the activation's derivative times the next layer's gradient) while it is still in cache.
     */
    double[] backward(SequenceGradient dy) {
        return backward(null, dy);
    }

    private double[] backward(double[] dyArray, SequenceGradient dyBlocks) {
        if (lastLength < 0) throw new IllegalStateException("backward called before forward");
        int batch = lastBatch, length = lastLength, per = channels / groups, n = channels * batch * length;
        int block = channels * length;
        if (dx.length < n) dx = new double[n];
        double[] g = io.read(gamma.value()).clone();
        double[][] sgs = new double[batch][channels], sbs = new double[batch][channels];
        double count = (double) per * length;
        double[] dxx = dx, x = input, ms = means, rs = rstd;
        Loops loops = loops();
        JavaThreads.forEach(batch, n, s -> {
            double[] sg = sgs[s], sb = sbs[s];
            double[] mean = new double[channels], r = new double[channels];
            spread(ms, rs, s, mean, r);
            int base = s * block;
            double[] dy = dyArray;
            int at = base; // where sequence s's dy starts in dy
            if (dy == null) {
                dy = JavaThreads.scratchDoubles(block);
                dyBlocks.fill(s, base, block, dy);
                at = 0;
            }
            Sequence seq = new Sequence(x, base, at, length, channels, mean, r);
            loops.gradientSums(seq, dy, sg, sb);
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
            loops.inputGradient(seq, dy, dxx, g, m1, m2);
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

    /**
     * One sequence as the loops see it: its x from {@code base} and its other side (the output, or dLoss/dy) from
     * {@code at}, {@code length} tokens of {@code channels} values, and each channel's group mean and 1/σ.
     */
    record Sequence(double[] x, int base, int at, int length, int channels, double[] mean, double[] r) {}

    /**
     * The per-token loops over one sequence. {@link #SCALAR} is plain Java; {@code VectorGroupNorm} runs the channel
     * loop in the Vector API with the same operations per element and the same order of every sum, so the results are
     * the same bits (checked when loaded, and tested).
     */
    interface Loops {
        /** sum[c] += x, sq[c] += x² over the tokens of x from base, in token order. */
        void sums(double[] x, int base, int length, int channels, double[] sum, double[] sq);

        /** out = γ_c·((x − mean_c)·r_c) + β_c. */
        void normalise(Sequence q, double[] out, double[] g, double[] be);

        /** sg[c] += dy·((x − mean_c)·r_c), sb[c] += dy over the tokens, in token order. */
        void gradientSums(Sequence q, double[] dy, double[] sg, double[] sb);

        /** dx (laid out as x) = r_c·(dy·γ_c − m1_c − ((x − mean_c)·r_c)·m2_c). */
        void inputGradient(Sequence q, double[] dy, double[] dx, double[] g, double[] m1, double[] m2);
    }

    /** The plain loops. */
    static final Loops SCALAR = new Loops() {
        @Override
        public void sums(double[] x, int base, int length, int channels, double[] sum, double[] sq) {
            for (int t = 0; t < length; t++) {
                int o = base + t * channels;
                for (int c = 0; c < channels; c++) {
                    double v = x[o + c];
                    sum[c] += v;
                    sq[c] += v * v;
                }
            }
        }

        @Override
        public void normalise(Sequence q, double[] out, double[] g, double[] be) {
            double[] x = q.x(), mean = q.mean(), r = q.r();
            int channels = q.channels();
            for (int t = 0; t < q.length(); t++) {
                int o = q.base() + t * channels, w = q.at() + t * channels;
                for (int c = 0; c < channels; c++) out[w + c] = g[c] * ((x[o + c] - mean[c]) * r[c]) + be[c];
            }
        }

        @Override
        public void gradientSums(Sequence q, double[] dy, double[] sg, double[] sb) {
            double[] x = q.x(), mean = q.mean(), r = q.r();
            int channels = q.channels();
            for (int t = 0; t < q.length(); t++) {
                int o = q.base() + t * channels, w = q.at() + t * channels;
                for (int c = 0; c < channels; c++) {
                    double d = dy[w + c];
                    sg[c] += d * ((x[o + c] - mean[c]) * r[c]);
                    sb[c] += d;
                }
            }
        }

        @Override
        public void inputGradient(Sequence q, double[] dy, double[] dx, double[] g, double[] m1, double[] m2) {
            double[] x = q.x(), mean = q.mean(), r = q.r();
            int channels = q.channels();
            for (int t = 0; t < q.length(); t++) {
                int o = q.base() + t * channels, w = q.at() + t * channels;
                for (int c = 0; c < channels; c++) {
                    double xh = (x[o + c] - mean[c]) * r[c];
                    dx[o + c] = r[c] * (dy[w + c] * g[c] - m1[c] - xh * m2[c]);
                }
            }
        }
    };

    /** The SIMD loops when loaded and agreeing with {@link #SCALAR}, else the scalar ones. */
    static Loops loops() {
        return LoadedLoops.LOOPS;
    }

    private static final class LoadedLoops {
        static final Loops LOOPS = VectorApi.load(Loops.class, "VectorGroupNorm", GroupNorm::agrees, SCALAR);
    }

    /** Whether {@code simd} gives the scalar loops' bits on 3 tokens of 19 channels (a vector tail), with offsets. */
    static boolean agrees(Loops simd) {
        int channels = 19, length = 3, n = channels * length + 5;
        double[][] a = new double[10][], b = new double[10][];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (int k = 0; k < 10; k++) {
            a[k] = new double[n];
            for (int i = 0; i < n; i++) a[k][i] = rng.nextGaussian() * (k + 1) + (i == 7 ? Double.NaN : 0);
            b[k] = a[k].clone();
        }
        exercise(simd, a, length, channels);
        exercise(SCALAR, b, length, channels);
        for (int k = 0; k < 10; k++) {
            for (int i = 0; i < n; i++) {
                if (Double.doubleToLongBits(a[k][i]) != Double.doubleToLongBits(b[k][i])) return false;
            }
        }
        return true;
    }

    /**
     * Runs all four loops over ten arrays of at least channels·length + 3 values (x at offset 2, out/dy at 1, each
     * loop's outputs feeding the next): a workout for comparing two implementations.
     */
    static void exercise(Loops l, double[][] v, int length, int channels) {
        Sequence q = new Sequence(v[0], 2, 1, length, channels, v[5], v[6]);
        l.sums(v[0], 2, length, channels, v[1], v[2]);
        l.normalise(q, v[3], v[4], v[7]);
        l.gradientSums(q, v[3], v[8], v[9]);
        l.inputGradient(q, v[3], v[1], v[4], v[8], v[9]);
    }
}
