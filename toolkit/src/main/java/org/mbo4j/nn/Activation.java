package org.mbo4j.nn;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Hidden-layer activation of an {@link Mlp}. Applied in place to the pre-activation buffer; the backward pass
 * reads the activation's output (for ReLU and LeakyReLU its sign is z's, so no record of z is kept). On float32
 * host memory ReLU and LeakyReLU are one Java pass each way ({@link FloatKernels}, SIMD where available; the ND4J
 * path needs two ops forward). Elsewhere (float64, other backends) the derivative is computed into a mask buffer and
 * applied as one multiply, because libnd4j's branchy {@code leakyrelu}/{@code leaky_relu_bp} kernels are slow on data
 * with mixed signs (timings in docs/performance.md). Both paths give bit-identical float32 results (tested).
 *
 * <p>LeakyReLU's slope is always explicit: tf.keras' default is 0.3 (design-baselines uses Keras defaults, under its
 * pinned tensorflow 2.3.2, {@code requirements.txt} line 135),
 * PyTorch's is 0.01. ReLU's derivative at 0 is 0, as in PyTorch and TensorFlow.
 */
public final class Activation {
    private enum Kind {
        IDENTITY,
        LEAKY_RELU,
        TANH,
        SOFTPLUS,
        SELU,
        SWISH
    }

    /**
     * SELU's α, as PyTorch's {@code torch.nn.SELU} ({@code SELU_ALPHA} in
     * {@code aten/src/ATen/native/Activation.cpp}).
     */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;

    /** SELU's scale λ, as PyTorch's {@code torch.nn.SELU} ({@code SELU_SCALE}). */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private final Kind kind;
    private final double slope;

    private Activation(Kind kind, double slope) {
        this.kind = kind;
        this.slope = slope;
    }

    /** max(0, z). */
    public static Activation relu() {
        return new Activation(Kind.LEAKY_RELU, 0.0);
    }

    /** z for z &gt; 0, slope·z otherwise; slope must be in [0, 1). tf.keras default 0.3, PyTorch 0.01. */
    public static Activation leakyRelu(double slope) {
        if (!(slope >= 0 && slope < 1)) {
            throw new IllegalArgumentException("LeakyReLU slope must be in [0, 1), got " + slope);
        }
        return new Activation(Kind.LEAKY_RELU, slope);
    }

    /** tanh(z). */
    public static Activation tanh() {
        return new Activation(Kind.TANH, 0);
    }

    /** log(1 + eᶻ) (PyTorch's {@code nn.Softplus()}, β = 1), computed as max(z, 0) + log(1 + e^−|z|). */
    public static Activation softplus() {
        return new Activation(Kind.SOFTPLUS, 0);
    }

    /**
     * SELU (Klambauer et al. 2017), as {@code torch.nn.SELU}: λz for z &gt; 0, λα(eᶻ − 1) otherwise, with
     * {@link #SELU_ALPHA} and {@link #SELU_SCALE}. Its derivative is read from the output a: λ where a &gt; 0, else
     * a + λα (= λαeᶻ). Float arrays go through the float32 kernels ({@code FloatKernels.selu}: e^z − 1 by a float
     * polynomial, within 3e-7 relative of the double evaluation); other types are evaluated in double precision
     * per element.
     */
    public static Activation selu() {
        return new Activation(Kind.SELU, 0);
    }

    /**
     * Swish / SiLU, z·σ(z) (Ramachandran et al. 2017; PyTorch's {@code nn.SiLU}), the activation of DDOM's denoiser
     * ({@code siddarthk97/ddom} {@code design_baselines/diff/nets.py} 87-93). Its derivative σ(z)·(1 + z·(1 − σ(z)))
     * cannot be read from the output (swish is not monotone), so the forward pass records it in the layer's mask
     * buffer and the backward pass multiplies by that record: a backward pass must follow a forward pass of the
     * same batch ({@link #derivativeFromOutput()} is false). On float32 host memory one {@link FloatKernels} pass
     * (SIMD where available; σ through {@link FloatExp}, relative error below 2e-7); elsewhere {@link Math#exp}.
     */
    public static Activation swish() {
        return new Activation(Kind.SWISH, 0);
    }

    /**
     * Whether {@code backwardInPlace} needs only the activation's output (true for all but swish, whose derivative
     * the forward pass records in the mask buffer).
     */
    public boolean derivativeFromOutput() {
        return kind != Kind.SWISH;
    }

    /** z (no activation). */
    public static Activation identity() {
        return new Activation(Kind.IDENTITY, 0);
    }

    /** The LeakyReLU slope (0 for ReLU). */
    public double slope() {
        return slope;
    }

    /**
     * Whether the activation is piecewise linear (identity, ReLU, LeakyReLU): its derivative is constant between
     * kinks, so the weight gradient of an input gradient is one more linear pass ({@link Mlp#addTangentWeightGradients}).
     */
    public boolean piecewiseLinear() {
        return kind == Kind.LEAKY_RELU || kind == Kind.IDENTITY;
    }

    /** Whether this is max(0, z). */
    boolean isRelu() {
        return kind == Kind.LEAKY_RELU && slope == 0;
    }

    /**
     * Applies the activation to {@code z} in place. {@code mask} (same shape) is scratch space for the ND4J path.
     */
    void applyInPlace(INDArray z, INDArray mask) {
        switch (kind) {
            case IDENTITY -> {}
            case LEAKY_RELU -> {
                if (hostFloats(z)) {
                    FloatKernels.INSTANCE.leakyRelu(Tensors.hostBytes(z), 0, (int) z.length(), (float) slope);
                } else {
                    nd4jDerivative(z, mask);
                    if (slope == 0) Nd4j.exec(new ScalarMax(z, null, z, 0.0));
                    else z.muli(mask);
                }
            }
            case TANH -> Transforms.tanh(z, false);
            case SOFTPLUS -> {
                if (hostFloats(z)) {
                    FloatBuffer f = Tensors.hostBytes(z).asFloatBuffer();
                    for (int i = 0; i < f.limit(); i++) {
                        double v = f.get(i);
                        f.put(i, (float) (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))));
                    }
                    return;
                }
                INDArray t = Transforms.abs(z, true).negi();
                Transforms.exp(t, false);
                Transforms.log(t.addi(1.0), false);
                Nd4j.exec(new ScalarMax(z, null, z, 0.0));
                z.addi(t);
            }
            case SELU -> seluForward(z);
            case SWISH -> swishForward(z, mask);
        }
    }

    /**
     * dZ = dA ⊙ act'(z), computed in place in {@code grad} from the activation's output {@code out} (for
     * (Leaky)ReLU, sign(out) = sign(z), so the derivative needs no record of z). {@code mask} is scratch space for
     * the ND4J path.
     */
    void backwardInPlace(INDArray out, INDArray mask, INDArray grad) {
        switch (kind) {
            case IDENTITY -> {}
            case LEAKY_RELU -> {
                if (hostFloats(out)
                        && hostFloats(grad)
                        && out.length() == grad.length()
                        && (out.ordering() == grad.ordering() || out.isVectorOrScalar())) {
                    int n = (int) out.length();
                    FloatKernels.INSTANCE.leakyReluBackward(
                            Tensors.hostBytes(out), Tensors.hostBytes(grad), 0, n, (float) slope);
                } else {
                    nd4jDerivative(out, mask);
                    grad.muli(mask);
                }
            }
            case TANH -> {
                INDArray t = out.mul(out);
                grad.subi(grad.mul(t)); // grad ⊙ (1 − a²)
            }
            case SOFTPLUS -> {
                if (hostFloats(out)
                        && hostFloats(grad)
                        && out.length() == grad.length()
                        && (out.ordering() == grad.ordering() || out.isVectorOrScalar())) {
                    FloatBuffer a = Tensors.hostBytes(out).asFloatBuffer();
                    FloatBuffer g = Tensors.hostBytes(grad).asFloatBuffer();
                    for (int i = 0; i < a.limit(); i++) g.put(i, (float) (g.get(i) * -Math.expm1(-a.get(i))));
                    return;
                }
                INDArray t = Transforms.exp(out.neg(), false);
                grad.subi(grad.mul(t)); // grad ⊙ σ(z), σ(z) = 1 − e^−softplus(z)
            }
            case SELU -> seluBackward(out, grad);
            case SWISH -> {
                if (mask == null) throw new IllegalStateException("swish's backward pass needs its forward record");
                grad.muli(mask);
            }
        }
    }

    /** z ← z·σ(z) in place, and mask ← σ(z)·(1 + z·(1 − σ(z))), the derivative, for the backward pass. */
    private static void swishForward(INDArray z, INDArray mask) {
        if (mask == null) throw new IllegalStateException("swish needs a mask buffer to record its derivative");
        boolean sameLayout = z.length() == mask.length() && (z.ordering() == mask.ordering() || z.isVector());
        if (hostReal(z) && hostReal(mask) && sameLayout && z.dataType() == mask.dataType()) {
            int n = (int) z.length();
            ByteBuffer zb = Tensors.hostBytes(z);
            ByteBuffer mb = Tensors.hostBytes(mask);
            if (z.dataType() == DataType.FLOAT) {
                FloatKernels.INSTANCE.swish(zb, mb, 0, n);
            } else {
                DoubleBuffer d = zb.asDoubleBuffer(), m = mb.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    double v = d.get(i);
                    double e = Math.exp(-Math.abs(v));
                    double s = v >= 0 ? 1 / (1 + e) : e / (1 + e);
                    d.put(i, v * s);
                    m.put(i, s * (1 + v * (1 - s)));
                }
            }
        } else {
            double[][] a = Tensors.rows(z);
            double[][] out = new double[a.length][];
            double[][] der = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                out[i] = new double[a[i].length];
                der[i] = new double[a[i].length];
                for (int j = 0; j < a[i].length; j++) {
                    double v = a[i][j];
                    double s = 1 / (1 + Math.exp(-v));
                    out[i][j] = v * s;
                    der[i][j] = s * (1 + v * (1 - s));
                }
            }
            z.assign(Tensors.matrix(out, z.dataType()));
            mask.assign(Tensors.matrix(der, mask.dataType()));
        }
    }

    private static void seluForward(INDArray z) {
        if (hostReal(z)) {
            ByteBuffer b = Tensors.hostBytes(z);
            int n = (int) z.length();
            if (z.dataType() == DataType.FLOAT) {
                FloatKernels.INSTANCE.selu(b, 0, n);
            } else {
                DoubleBuffer d = b.asDoubleBuffer();
                for (int i = 0; i < n; i++) d.put(i, selu(d.get(i)));
            }
        } else {
            INDArray c = z.castTo(DataType.DOUBLE).dup('c');
            double[] v = c.data().asDouble();
            for (int i = 0; i < v.length; i++) v[i] = selu(v[i]);
            z.assign(Nd4j.create(v, z.shape(), 'c').castTo(z.dataType()));
        }
    }

    private static double selu(double z) {
        return z > 0 ? SELU_SCALE * z : SELU_SCALE * SELU_ALPHA * Math.expm1(z);
    }

    private static double seluDerivative(double a) {
        return a > 0 ? SELU_SCALE : a + SELU_SCALE * SELU_ALPHA;
    }

    private static void seluBackward(INDArray out, INDArray grad) {
        boolean sameLayout = out.length() == grad.length() && (out.ordering() == grad.ordering() || out.isVector());
        if (hostReal(out) && hostReal(grad) && sameLayout && out.dataType() == grad.dataType()) {
            int n = (int) out.length();
            ByteBuffer ob = Tensors.hostBytes(out);
            ByteBuffer gb = Tensors.hostBytes(grad);
            if (out.dataType() == DataType.FLOAT) {
                FloatKernels.INSTANCE.seluBackward(ob, gb, 0, n);
            } else {
                DoubleBuffer a = ob.asDoubleBuffer(), g = gb.asDoubleBuffer();
                for (int i = 0; i < n; i++) g.put(i, g.get(i) * seluDerivative(a.get(i)));
            }
        } else {
            double[][] a = Tensors.rows(out);
            double[][] d = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                d[i] = new double[a[i].length];
                for (int j = 0; j < a[i].length; j++) d[i][j] = seluDerivative(a[i][j]);
            }
            grad.muli(Tensors.matrix(d, grad.dataType()));
        }
    }

    private static boolean hostReal(INDArray x) {
        return (x.dataType() == DataType.FLOAT || x.dataType() == DataType.DOUBLE) && Tensors.hostContiguous(x);
    }

    /**
     * The derivative of (Leaky)ReLU from z or from its output (same signs) into {@code mask}: 1 where the value is
     * &gt; 0 for ReLU (its derivative at 0 is 0), ≥ 0 for LeakyReLU (libnd4j's convention; the output at 0 is 0
     * either way), else the slope.
     */
    private void nd4jDerivative(INDArray za, INDArray mask) {
        if (slope == 0) Nd4j.exec(new Step(za, mask, 0.0));
        else Nd4j.exec(new LeakyReLUDerivative(za, mask, slope));
    }

    /** One contiguous float32 block in host memory: the Java loops of {@link FloatKernels} apply. */
    private static boolean hostFloats(INDArray x) {
        return x.dataType() == DataType.FLOAT && Tensors.hostContiguous(x);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case IDENTITY -> "identity";
            case TANH -> "tanh";
            case SOFTPLUS -> "softplus";
            case SELU -> "selu";
            case SWISH -> "swish";
            case LEAKY_RELU -> slope == 0 ? "relu" : "leaky_relu(" + slope + ")";
        };
    }
}
