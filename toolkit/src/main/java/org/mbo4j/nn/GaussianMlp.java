package org.mbo4j.nn;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An MLP with a Gaussian output head, as design-baselines' {@code ForwardModel}: the last layer outputs 2k values
 * (k means, then k raw log-stds); the log-std is soft-clipped between trainable bounds
 * <pre>
 *   l₁ = max_logstd − softplus(max_logstd − raw)
 *   logstd = min_logstd + softplus(l₁ − min_logstd)
 * </pre>
 * with {@code max_logstd} initialised at log 0.2 and {@code min_logstd} at log 0.1 (one pair per objective).
 * The training loss is the Gaussian negative log-likelihood, {@link #nll}. As a {@link Regressor} its prediction
 * is the mean: ascent and ensembles use the mean, as design-baselines does.
 */
public final class GaussianMlp implements Regressor {
    /** log 0.2: initial upper bound of the log-std. */
    public static final double MAX_LOGSTD_INIT = Math.log(0.2);
    /** log 0.1: initial lower bound of the log-std. */
    public static final double MIN_LOGSTD_INIT = Math.log(0.1);

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final Mlp core;
    private final int k;
    private final INDArray bounds;
    private final INDArray boundsGrad;
    private List<Param> params;
    /** Per output buffer of the core (one per batch size): views of its mean and log-std columns. */
    private final Map<INDArray, Columns> columns = new IdentityHashMap<>();

    /**
     * The core's output buffers are F-order B × 2k, so the k mean columns and the k log-std columns are each a
     * contiguous half: views, no copies. {@code logStdGradDirty}: nll wrote the log-std half of the gradient
     * buffer, so backward must zero it before use.
     */
    private static final class Columns {
        final INDArray mean;
        final INDArray logStd;
        boolean logStdGradDirty = true;

        Columns(INDArray buf, int k) {
            long rows = buf.rows();
            INDArray flat = buf.reshape('f', new long[] {buf.length()});
            mean = flat.get(NDArrayIndex.interval(0, rows * k)).reshape('f', new long[] {rows, k});
            logStd = flat.get(NDArrayIndex.interval(rows * k, 2 * rows * k)).reshape('f', new long[] {rows, k});
        }
    }

    private Columns columns(INDArray buf) {
        return columns.computeIfAbsent(buf, b -> new Columns(b, k));
    }

    /** Wraps {@code core}, whose output width must be even (2k), with the initial std bounds 0.2 and 0.1. */
    public GaussianMlp(Mlp core) {
        this(core, MAX_LOGSTD_INIT, MIN_LOGSTD_INIT, true);
    }

    /**
     * As {@link #GaussianMlp(Mlp)}, but with the bounds log 0.2 and log 0.1 fixed: not parameters, not trained (RGD's
     * {@code SimpleMLP}, {@code GGchen1997/RGD} {@code nets.py} 36-37, 45-46; the soft clip then keeps σ in (0.1,
     * 0.3)).
     */
    public static GaussianMlp withFixedBounds(Mlp core) {
        GaussianMlp g = new GaussianMlp(core, MAX_LOGSTD_INIT, MIN_LOGSTD_INIT, true);
        g.params = List.of(core.parameters().get(0));
        return g;
    }

    /**
     * Wraps {@code core}, whose output width must be even (2k), with initial std bounds {@code maxStd} and
     * {@code minStd} (design-baselines' {@code initial_max_std}, {@code initial_min_std}).
     */
    public GaussianMlp(Mlp core, double maxStd, double minStd) {
        this(core, Math.log(maxStd), Math.log(minStd), checkBounds(maxStd, minStd));
    }

    private static boolean checkBounds(double maxStd, double minStd) {
        if (!(minStd > 0 && maxStd > minStd) || Double.isInfinite(maxStd)) {
            throw new IllegalArgumentException(
                    "the std bounds must satisfy 0 < min < max < ∞, got max " + maxStd + ", min " + minStd);
        }
        return true;
    }

    private GaussianMlp(Mlp core, double maxLogStd, double minLogStd, boolean checked) {
        if (core.outputSize() % 2 != 0) {
            throw new IllegalArgumentException(
                    "a Gaussian head needs 2k outputs (means and log-stds), got " + core.outputSize());
        }
        this.core = core;
        this.k = core.outputSize() / 2;
        bounds = Nd4j.create(core.dataType(), 1, 2L * k);
        boundsGrad = Nd4j.create(core.dataType(), 1, 2L * k);
        bounds.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, k)).assign(maxLogStd);
        bounds.get(NDArrayIndex.point(0), NDArrayIndex.interval(k, 2L * k)).assign(minLogStd);
        params = List.of(core.parameters().get(0), new Param("logstd_bounds", bounds, boundsGrad));
    }

    /**
     * A Gaussian MLP d → hidden… → (mean, log-std) for {@code objectives} objectives, built from
     * {@code builder} (its output width is overridden to 2·objectives).
     */
    public static GaussianMlp of(Mlp.Builder builder, int objectives) {
        return new GaussianMlp(builder.outputs(2 * objectives).build());
    }

    /** The underlying MLP (output 2k). */
    public Mlp core() {
        return core;
    }

    @Override
    public int inputSize() {
        return core.inputSize();
    }

    @Override
    public int outputSize() {
        return k;
    }

    /** The core's flat parameter and the log-std bounds (settled: see {@link Module#discardGrad}). */
    @Override
    public List<Param> parameters() {
        settleGrad();
        return params;
    }

    @Override
    public void zeroGrad() {
        core.zeroGrad();
        boundsGrad.assign(0);
    }

    @Override
    public void discardGrad() {
        core.discardGrad();
        boundsGrad.assign(0); // two numbers, accumulated by nll
    }

    @Override
    public void settleGrad() {
        core.settleGrad();
    }

    /** Current upper log-std bound of objective j. */
    public double maxLogStd(int j) {
        return bounds.getDouble(0, j);
    }

    /** Current lower log-std bound of objective j. */
    public double minLogStd(int j) {
        return bounds.getDouble(0, k + j);
    }

    /** An independent copy. */
    public GaussianMlp copy() {
        GaussianMlp g = new GaussianMlp(core.copy());
        g.bounds.assign(bounds);
        if (params.size() == 1) g.params = List.of(g.core.parameters().get(0)); // fixed bounds stay fixed
        return g;
    }

    @Override
    public INDArray forward(INDArray x) {
        return columns(core.forward(x)).mean; // a view of the core's output buffer
    }

    @Override
    public INDArray backward(INDArray dPred, boolean weightGrads, boolean inputGrads) {
        INDArray d = core.outputGradientBuffer();
        Columns c = columns(d);
        if (c.logStdGradDirty) {
            c.logStd.assign(0);
            c.logStdGradDirty = false;
        }
        if (dPred != c.mean) c.mean.assign(dPred);
        return core.backward(d, weightGrads, inputGrads);
    }

    /** Soft-clipped log-stds (B × k, new array) for x. */
    public INDArray predictLogStd(INDArray x) {
        INDArray out = core.forward(x);
        INDArray r = Nd4j.create(core.dataType(), new long[] {out.rows(), k}, 'f');
        for (int i = 0; i < out.rows(); i++) {
            for (int j = 0; j < k; j++)
                r.putScalar(i, j, LogStdClip.clip(out.getDouble(i, k + j), maxLogStd(j), minLogStd(j))[0]);
        }
        return r;
    }

    /**
     * Weighted Gaussian NLL Σᵢ wᵢ Σⱼ nllᵢⱼ / Σᵢ wᵢ over the batch (w null = all ones), nllᵢⱼ =
     * ½log 2π + logstd + ½((y − μ)/σ)². When {@code grads}, adds its gradient to the parameters' grad buffers.
     * Returns 0 (and touches nothing) when Σ w = 0.
     */
    public double nll(INDArray x, INDArray y, INDArray weights, boolean grads) {
        checkTargets(x, y);
        int bsz = (int) x.rows();
        double[] w = weights == null ? null : Tensors.columnMajor(weights.reshape(bsz, 1));
        double wsum = 0;
        for (int i = 0; i < bsz; i++) wsum += w == null ? 1 : w[i];
        if (wsum == 0) return 0;
        double[] c = new double[bsz];
        for (int i = 0; i < bsz; i++) c[i] = (w == null ? 1 : w[i]) / wsum;
        return weightedNll(x, y, c, grads);
    }

    /**
     * Σᵢ cᵢ Σⱼ nllᵢⱼ for any per-row coefficients c (of either sign, not normalised); adds its gradient to the
     * parameters' grad buffers when {@code grads} (the bounds' only when they are parameters).
     */
    public double weightedNll(INDArray x, INDArray y, double[] c, boolean grads) {
        checkTargets(x, y);
        INDArray out = core.forward(x);
        int bsz = (int) out.rows();
        if (c.length != bsz) throw new IllegalArgumentException("need one coefficient per row (" + bsz + ")");
        // bulk copies to Java arrays (column-major): B×2k values
        double[] o = Tensors.columnMajor(out);
        double[] t = Tensors.columnMajor(y);
        double[] bnd = Tensors.columnMajor(bounds);
        double[] dOut = grads ? new double[bsz * 2 * k] : null; // F-order B × 2k
        double[] dBounds = new double[2 * k];
        double loss = 0;
        for (int i = 0; i < bsz; i++) {
            double wi = c[i];
            for (int j = 0; j < k; j++) {
                double mu = o[j * bsz + i];
                double[] cl = LogStdClip.clip(o[(k + j) * bsz + i], bnd[j], bnd[k + j]);
                double logstd = cl[0];
                double r = (t[j * bsz + i] - mu) * Math.exp(-logstd);
                loss += wi * (HALF_LOG_2PI + logstd + 0.5 * r * r);
                if (grads) {
                    double dLogstd = wi * (1 - r * r);
                    dOut[j * bsz + i] = -wi * r * Math.exp(-logstd);
                    dOut[(k + j) * bsz + i] = dLogstd * cl[1];
                    dBounds[j] += dLogstd * cl[2];
                    dBounds[k + j] += dLogstd * cl[3];
                }
            }
        }
        if (grads) {
            double[] bg = Tensors.columnMajor(boundsGrad); // += in the buffer's type, as ND4J's addi would
            boolean f32 = boundsGrad.dataType() == DataType.FLOAT;
            for (int j = 0; j < bg.length; j++) bg[j] = f32 ? (float) bg[j] + (float) dBounds[j] : bg[j] + dBounds[j];
            Tensors.assignColumnMajor(boundsGrad, bg);
            INDArray d = core.outputGradientBuffer();
            Tensors.assignColumnMajor(d, dOut);
            columns(d).logStdGradDirty = true;
            core.backward(d, true, false);
        }
        return loss;
    }

    private void checkTargets(INDArray x, INDArray y) {
        if (y.rows() != x.rows() || y.columns() != k) {
            throw new IllegalArgumentException(
                    "targets have shape " + Arrays.toString(y.shape()) + ", expected [" + x.rows() + ", " + k + "]");
        }
    }

    /** Data type of the parameters. */
    public DataType dataType() {
        return core.dataType();
    }
}
