package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The temporal U-Net of Diffuser (Janner et al., 2022) as GTG uses it to denoise trajectories ({@code dbsxodud-11/GTG}
 * at 448f206, {@code diffuser/models/temporal.py} {@code TemporalUnet} with {@code returns_condition=False}, and
 * {@code diffuser/models/helpers.py}): ε(x, t) for a batch of trajectories of H steps × D features.
 *
 * <p><b>Architecture.</b> Channel widths [D, dim·m₁, dim·m₂, …] for the multipliers m (GTG TFBind8: dim 32, m = 1, 4,
 * 8). Time embedding: sinusoidal of width dim (half sines, half cosines, frequencies exp(−i·ln 10000/(dim/2 − 1))),
 * Linear(dim, 4·dim), Mish, Linear(4·dim, dim). Every residual block maps (x, t) to B₁(B₀(x) + Linear(Mish(t))) +
 * R(x), where a conv block is Conv1d(kernel 5, padding 2), GroupNorm(8 groups), Mish, the time term is added at every
 * position, and R is a 1 × 1 convolution when the widths differ, else the identity. Down path: per level two
 * residual blocks, the output kept for the skip, then Conv1d(3, stride 2, padding 1) except at the last level. Two
 * middle blocks. Up path, for all levels but the first in reverse: concatenate the skip on the channels, two residual
 * blocks, ConvTranspose1d(4, stride 2, padding 1). Output: a conv block of width dim and a 1 × 1 convolution to D.
 * The first level's skip is computed and not used, as in the authors' code. All weights use PyTorch's default
 * initialisation; GroupNorm starts at γ = 1, β = 0.
 *
 * <p><b>Layout.</b> Trajectories go in and come out as D × (B·H) F-order matrices, column {@code b·H + h} = step h of
 * trajectory b. H must be divisible by 2 for every downsampling level. {@link #forward} keeps what {@link #backward}
 * needs; backward accumulates every parameter's gradient and returns dLoss/dx. Between the GEMMs activations live in
 * Java arrays ({@link Conv1d}). Not thread-safe.
 */
public final class TemporalUnet implements Module {
    /** Groups of every GroupNorm ({@code helpers.py} {@code Conv1dBlock}, {@code n_groups=8}). */
    static final int GROUPS = 8;
    /** Kernel of the residual blocks' convolutions ({@code TemporalUnet(kernel_size=5)}). */
    static final int KERNEL = 5;

    private final int transitionDim;
    private final int dim;
    private final int horizon;
    private final DataType type;
    private final Linear time1;
    private final Mish timeAct = new Mish();
    private final Linear time2;
    private final List<ResidualBlock[]> downs = new ArrayList<>();
    private final List<Conv1d> downsamples = new ArrayList<>();
    private final ResidualBlock mid1;
    private final ResidualBlock mid2;
    private final List<ResidualBlock[]> ups = new ArrayList<>();
    private final List<Conv1d> upsamples = new ArrayList<>();
    private final ConvBlock finalBlock;
    private final Conv1d finalConv;
    private final List<Param> params = new ArrayList<>();
    private final HostArray io = new HostArray();
    private final Map<Integer, INDArray> outputs = new HashMap<>();
    private final Map<Integer, INDArray> inputGrads = new HashMap<>();
    private double[][] concats;
    private double[][] skipGrads;
    private int lastBatch;
    private double[] temb;
    private double[] dt = new double[0];

    private TemporalUnet(int transitionDim, int dim, List<Integer> mults, int horizon, long seed, DataType type) {
        this.transitionDim = transitionDim;
        this.dim = dim;
        this.horizon = horizon;
        this.type = type;
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> dims = new ArrayList<>();
        dims.add(transitionDim);
        for (int m : mults) dims.add(dim * m);
        time1 = new Linear("time_mlp.1", dim, 4 * dim, type).initTorchDefault(rng);
        time2 = new Linear("time_mlp.3", 4 * dim, dim, type).initTorchDefault(rng);
        int levels = mults.size();
        for (int l = 0; l < levels; l++) {
            int a = dims.get(l), b = dims.get(l + 1);
            downs.add(new ResidualBlock[] {
                new ResidualBlock("downs." + l + ".0", a, b, dim, type, rng),
                new ResidualBlock("downs." + l + ".1", b, b, dim, type, rng)
            });
            if (l < levels - 1) {
                downsamples.add(new Conv1d("downs." + l + ".2", b, b, 3, 2, 1, false, type).initTorchDefault(rng));
            }
        }
        int mid = dims.get(levels);
        mid1 = new ResidualBlock("mid_block1", mid, mid, dim, type, rng);
        mid2 = new ResidualBlock("mid_block2", mid, mid, dim, type, rng);
        for (int l = levels - 1; l >= 1; l--) {
            int a = dims.get(l), b = dims.get(l + 1), i = levels - 1 - l;
            ups.add(new ResidualBlock[] {
                new ResidualBlock("ups." + i + ".0", 2 * b, a, dim, type, rng),
                new ResidualBlock("ups." + i + ".1", a, a, dim, type, rng)
            });
            upsamples.add(new Conv1d("ups." + i + ".2", a, a, 4, 2, 1, true, type).initTorchDefault(rng));
        }
        finalBlock = new ConvBlock("final_conv.0", dim, dim, type, rng);
        finalConv = new Conv1d("final_conv.1", dim, transitionDim, 1, 1, 0, false, type).initTorchDefault(rng);
        params.addAll(time1.parameters());
        params.addAll(time2.parameters());
        for (int l = 0; l < levels; l++) {
            for (ResidualBlock r : downs.get(l)) params.addAll(r.parameters());
            if (l < levels - 1) params.addAll(downsamples.get(l).parameters());
        }
        params.addAll(mid1.parameters());
        params.addAll(mid2.parameters());
        for (int i = 0; i < ups.size(); i++) {
            for (ResidualBlock r : ups.get(i)) params.addAll(r.parameters());
            params.addAll(upsamples.get(i).parameters());
        }
        params.addAll(finalBlock.parameters());
        params.addAll(finalConv.parameters());
        concats = new double[ups.size()][0];
        skipGrads = new double[ups.size()][0];
    }

    /**
     * A freshly initialised network.
     *
     * @param transitionDim D, features per trajectory step
     * @param dim           base width (GTG: 32)
     * @param mults         width multipliers per level (GTG: 1, 4, 8)
     * @param horizon       H, steps per trajectory (GTG: 64); must halve without remainder at each downsampling
     * @param seed          initialisation seed
     * @param type          FLOAT, or DOUBLE for gradient checks
     */
    public static TemporalUnet create(
            int transitionDim, int dim, List<Integer> mults, int horizon, long seed, DataType type) {
        if (transitionDim < 1) throw new IllegalArgumentException("a trajectory step needs at least one feature");
        if (dim < 4 || dim % GROUPS != 0) {
            throw new IllegalArgumentException("the base width must be a multiple of " + GROUPS
                    + " (GroupNorm groups; half sines, half cosines), got " + dim);
        }
        if (mults.isEmpty()) throw new IllegalArgumentException("the U-Net needs at least one level");
        for (int m : mults) {
            if (m < 1) throw new IllegalArgumentException("width multipliers must be ≥ 1, got " + m);
        }
        int h = horizon;
        for (int l = 0; l < mults.size() - 1; l++) {
            if (h < 2 || h % 2 != 0) {
                throw new IllegalArgumentException("horizon " + horizon + " does not halve " + (mults.size() - 1)
                        + " times without remainder; use a multiple of " + (1 << (mults.size() - 1)));
            }
            h /= 2;
        }
        if (h < 1) throw new IllegalArgumentException("the horizon must be ≥ 1, got " + horizon);
        return new TemporalUnet(transitionDim, dim, List.copyOf(mults), horizon, seed, Tensors.floatOrDouble(type));
    }

    public int transitionDim() {
        return transitionDim;
    }

    public int horizon() {
        return horizon;
    }

    public DataType dataType() {
        return type;
    }

    @Override
    public List<Param> parameters() {
        return params;
    }

    /**
     * ε(x, t): x is D × (B·H) with B = t.length; returns the network's D × (B·H) buffer (valid until the next forward
     * pass with the same B).
     */
    public INDArray forward(INDArray x, double[] t) {
        int batch = t.length;
        if (x.rows() != transitionDim || batch < 1 || x.columns() != (long) batch * horizon) {
            throw new IllegalArgumentException("the U-Net expects " + transitionDim + " features × (" + batch
                    + " trajectories · " + horizon + " steps), got " + x.rows() + " × " + x.columns());
        }
        lastBatch = batch;
        INDArray t1 = time1.forward(SinusoidalEmbedding.columns(t, dim, type));
        double[] a = timeAct.forward(io.read(t1).clone(), (int) t1.length());
        INDArray mid = Nd4j.create(type, t1.shape(), 'f');
        io.write(a, mid);
        temb = io.read(time2.forward(mid)).clone();
        double[] h = io.read(x).clone();
        int length = horizon;
        double[][] skips = new double[downs.size()][];
        for (int l = 0; l < downs.size(); l++) {
            h = downs.get(l)[0].forward(h, temb, batch, length);
            h = downs.get(l)[1].forward(h, temb, batch, length);
            skips[l] = h;
            if (l < downsamples.size()) {
                h = downsamples.get(l).forward(h, batch, length);
                length /= 2;
            }
        }
        h = mid1.forward(h, temb, batch, length);
        h = mid2.forward(h, temb, batch, length);
        for (int i = 0; i < ups.size(); i++) {
            double[] skip = skips[downs.size() - 1 - i];
            int c = ups.get(i)[0].in / 2, n = batch * length;
            if (concats[i].length < 2 * c * n) concats[i] = new double[2 * c * n];
            double[] cat = concats[i];
            for (int j = 0; j < n; j++) { // [x; skip] per column (temporal.py: torch.cat((x, h.pop()), dim=1))
                System.arraycopy(h, j * c, cat, 2 * j * c, c);
                System.arraycopy(skip, j * c, cat, (2 * j + 1) * c, c);
            }
            h = ups.get(i)[0].forward(cat, temb, batch, length);
            h = ups.get(i)[1].forward(h, temb, batch, length);
            h = upsamples.get(i).forward(h, batch, length);
            length *= 2;
        }
        h = finalConv.forward(finalBlock.forward(h, batch, length), batch, length);
        INDArray y = outputs.computeIfAbsent(
                batch, b -> Nd4j.create(type, new long[] {transitionDim, (long) b * horizon}, 'f'));
        io.write(h, y);
        return y;
    }

    /**
     * Accumulates every parameter's gradient for dLoss/dOutput {@code dy} (D × (B·H)); returns dLoss/dx (the
     * network's buffer).
     */
    public INDArray backward(INDArray dy) {
        if (temb == null) throw new IllegalStateException("backward called before forward");
        int batch = lastBatch;
        if (dy.rows() != transitionDim || dy.columns() != (long) batch * horizon) {
            throw new IllegalArgumentException("the output gradient must be " + transitionDim + " × "
                    + (long) batch * horizon + " as the last output, got " + dy.rows() + " × " + dy.columns());
        }
        if (dt.length < dim * batch) dt = new double[dim * batch];
        java.util.Arrays.fill(dt, 0, dim * batch, 0.0);
        int length = horizon;
        double[] d = finalBlock.backward(finalConv.backward(io.read(dy).clone(), true));
        for (int i = ups.size() - 1; i >= 0; i--) {
            length /= 2;
            d = upsamples.get(i).backward(d, true);
            d = ups.get(i)[1].backward(d, dt);
            d = ups.get(i)[0].backward(d, dt);
            int c = ups.get(i)[0].in / 2, n = batch * length;
            if (skipGrads[i].length < c * n) skipGrads[i] = new double[c * n];
            double[] main = new double[c * n], skip = skipGrads[i];
            for (int j = 0; j < n; j++) {
                System.arraycopy(d, 2 * j * c, main, j * c, c);
                System.arraycopy(d, (2 * j + 1) * c, skip, j * c, c);
            }
            d = main;
        }
        d = mid2.backward(d, dt);
        d = mid1.backward(d, dt);
        for (int l = downs.size() - 1; l >= 0; l--) {
            if (l < downsamples.size()) {
                d = downsamples.get(l).backward(d, true);
                length *= 2;
            }
            int i = downs.size() - 1 - l; // the up block that used this level's skip, if any
            if (i < ups.size()) {
                double[] skip = skipGrads[i];
                int n = downs.get(l)[1].out * batch * length;
                for (int j = 0; j < n; j++) d[j] += skip[j];
            }
            d = downs.get(l)[1].backward(d, dt);
            d = downs.get(l)[0].backward(d, dt);
        }
        INDArray dtBuf = Nd4j.create(type, new long[] {dim, batch}, 'f');
        io.write(dt, dtBuf);
        INDArray da = time2.backward(dtBuf, true);
        double[] dm = timeAct.backward(io.read(da));
        INDArray dmBuf = Nd4j.create(type, da.shape(), 'f');
        io.write(dm, dmBuf);
        time1.backward(dmBuf, false);
        INDArray dx = inputGrads.computeIfAbsent(
                batch, b -> Nd4j.create(type, new long[] {transitionDim, (long) b * horizon}, 'f'));
        io.write(d, dx);
        return dx;
    }

    /**
     * Conv1d(kernel 5, padding 2), GroupNorm(8), Mish ({@code helpers.py} {@code Conv1dBlock}), the normalisation,
     * Mish and the residual block's additions fused per sequence (one pass over memory; the same operations in the
     * same order as separate layers).
     */
    private static final class ConvBlock implements Module {
        final Conv1d conv;
        final GroupNorm norm;
        private double[] out = new double[0];
        private double[] slope = new double[0];
        int lastBatch;
        int lastLength;

        ConvBlock(String name, int in, int out, DataType type, SplittableRandom rng) {
            conv = new Conv1d(name + ".block.0", in, out, KERNEL, 1, KERNEL / 2, false, type).initTorchDefault(rng);
            norm = new GroupNorm(name + ".block.2", GROUPS, out, type);
        }

        @Override
        public List<Param> parameters() {
            List<Param> p = new ArrayList<>(conv.parameters());
            p.addAll(norm.parameters());
            return p;
        }

        double[] forward(double[] x, int batch, int length) {
            return forward(x, batch, length, null, null);
        }

        /**
         * Mish(GroupNorm(conv(x))), plus {@code perChannel}[b·C + c] at every position of sequence b and channel c
         * and plus {@code addend} element-wise, each when non-null, in that order; the block's array.
         */
        double[] forward(double[] x, int batch, int length, double[] perChannel, double[] addend) {
            lastBatch = batch;
            lastLength = length;
            int channels = conv.outputs(), n = channels * batch * length;
            if (out.length < n) {
                out = new double[n];
                slope = new double[n];
            }
            double[] o = out, sl = slope;
            Mish.Range act = Mish.range();
            norm.forward(conv.forward(x, batch, length), batch, length, (s, block, base, len) -> {
                act.apply(block, 0, o, sl, base, len);
                if (perChannel != null) {
                    for (int t = 0; t < len; t += channels) {
                        for (int c = 0; c < channels; c++) o[base + t + c] += perChannel[s * channels + c];
                    }
                }
                if (addend != null) {
                    for (int i = base; i < base + len; i++) o[i] += addend[i];
                }
            });
            return out;
        }

        /** dLoss/dx for dLoss/d(output) {@code dy} (Mish's derivative applied per sequence inside GroupNorm's pass). */
        double[] backward(double[] dy) {
            double[] sl = slope;
            double[] d = norm.backward((s, base, len, block) -> {
                for (int i = 0; i < len; i++) block[i] = sl[base + i] * dy[base + i];
            });
            return conv.backward(d, true);
        }
    }

    /** B₁(B₀(x) + Linear(Mish(t))) + R(x) ({@code temporal.py} {@code ResidualTemporalBlock}). */
    private static final class ResidualBlock implements Module {
        final int in;
        final int out;
        final ConvBlock block0;
        final ConvBlock block1;
        final Mish timeAct = new Mish();
        final Linear timeLinear;
        final Conv1d residual; // null: identity
        final HostArray io = new HostArray();
        int lastBatch;
        int lastLength;

        ResidualBlock(String name, int in, int out, int embed, DataType type, SplittableRandom rng) {
            this.in = in;
            this.out = out;
            block0 = new ConvBlock(name + ".blocks.0", in, out, type, rng);
            block1 = new ConvBlock(name + ".blocks.1", out, out, type, rng);
            timeLinear = new Linear(name + ".time_mlp.1", embed, out, type).initTorchDefault(rng);
            residual = in == out
                    ? null
                    : new Conv1d(name + ".residual_conv", in, out, 1, 1, 0, false, type).initTorchDefault(rng);
        }

        @Override
        public List<Param> parameters() {
            List<Param> p = new ArrayList<>(block0.parameters());
            p.addAll(block1.parameters());
            p.addAll(timeLinear.parameters());
            if (residual != null) p.addAll(residual.parameters());
            return p;
        }

        /** The block's output (block1's array, the time term and the residual added in its fused pass). */
        double[] forward(double[] x, double[] temb, int batch, int length) {
            lastBatch = batch;
            lastLength = length;
            int embed = timeLinear.inputs();
            DataType type = timeLinear.weight().value().dataType();
            INDArray m = Nd4j.create(type, new long[] {embed, batch}, 'f');
            io.write(timeAct.forward(temb, embed * batch), m);
            double[] tp = io.read(timeLinear.forward(m));
            double[] u = block0.forward(x, batch, length, tp, null);
            double[] rx = residual == null ? x : residual.forward(x, batch, length);
            return block1.forward(u, batch, length, null, rx);
        }

        /** Accumulates the block's gradients and dLoss/dt into {@code dt}; returns dLoss/dx (a layer's array). */
        double[] backward(double[] dy, double[] dt) {
            int batch = lastBatch, length = lastLength;
            double[] du = block1.backward(dy);
            double[] dtp = new double[out * batch];
            JavaThreads.forEach(batch, (long) out * batch * length, b -> {
                for (int q = 0; q < length; q++) {
                    int o = (b * length + q) * out;
                    for (int r = 0; r < out; r++) dtp[b * out + r] += du[o + r];
                }
            });
            DataType type = timeLinear.weight().value().dataType();
            INDArray g = Nd4j.create(type, new long[] {out, batch}, 'f');
            io.write(dtp, g);
            double[] dm = timeAct.backward(io.read(timeLinear.backward(g, true)));
            for (int i = 0; i < timeLinear.inputs() * batch; i++) dt[i] += dm[i];
            double[] dx = block0.backward(du); // conv0's array
            double[] dr = residual == null ? dy : residual.backward(dy, true);
            JavaThreads.chunks(in * batch * length, (from, to) -> {
                for (int i = from; i < to; i++) dx[i] += dr[i];
            });
            return dx;
        }
    }
}
