package org.mbo4j.nn;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GELU, x·Φ(x) with the exact normal CDF as PyTorch's {@code F.gelu} (minGPT's {@code GELU}), where erf is the
 * Abramowitz–Stegun 7.1.26 rational approximation (absolute error ≤ 1.5e-7, below float32 resolution of Φ);
 * backward differentiates that same approximation, so gradients match finite differences of the forward exactly.
 * float64 evaluates it in double with {@link Math#exp}; float32 in float operations with a polynomial e^x
 * ({@link FloatKernels#gelu}, SIMD when the Vector API is loaded), within a few float32 ulps of the double
 * evaluation.
 */
final class Gelu {
    private static final double P = 0.3275911;
    private static final double A1 = 0.254829592;
    private static final double A2 = -0.284496736;
    private static final double A3 = 1.421413741;
    private static final double A4 = -1.453152027;
    private static final double A5 = 1.061405429;
    private static final double SQRT_HALF = Math.sqrt(0.5);

    private final Map<Long, INDArray[]> buffers = new HashMap<>();
    private INDArray[] last;

    /** erf(u) (A&amp;S 7.1.26). */
    static double erf(double u) {
        double a = Math.abs(u);
        double t = 1 / (1 + P * a);
        double poly = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
        double e = 1 - poly * Math.exp(-a * a);
        return u < 0 ? -e : e;
    }

    /** d erf/du of {@link #erf}'s approximation (even in u). */
    static double erfDerivative(double u) {
        double a = Math.abs(u);
        double t = 1 / (1 + P * a);
        double poly = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
        // d poly/dt, and dt/da = −P t²
        double dpoly = A1 + t * (2 * A2 + t * (3 * A3 + t * (4 * A4 + t * 5 * A5)));
        return Math.exp(-a * a) * (2 * a * poly + P * t * t * dpoly);
    }

    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x * SQRT_HALF));
    }

    static double geluDerivative(double x) {
        double u = x * SQRT_HALF;
        return 0.5 * (1 + erf(u)) + 0.5 * x * erfDerivative(u) * SQRT_HALF;
    }

    /** GELU of every element (the returned buffer is this layer's); keeps x for backward. */
    INDArray forward(INDArray x) {
        INDArray[] b = buffers.computeIfAbsent((long) x.columns(), n ->
                new INDArray[] {Nd4j.create(x.dataType(), x.shape(), 'f'), Nd4j.create(x.dataType(), x.shape(), 'f')});
        last = new INDArray[] {x, b[0], b[1]};
        if (floats(x)) {
            FloatKernels.INSTANCE.gelu(Tensors.hostBytes(x), Tensors.hostBytes(b[0]), 0, (int) x.length());
            return b[0];
        }
        Host hx = Host.of(x), hy = Host.of(b[0]);
        for (int i = 0; i < hx.length(); i++) hy.set(i, gelu(hx.get(i)));
        return b[0];
    }

    /** dx = dy ⊙ GELU′(x) (the layer's buffer). */
    INDArray backward(INDArray dy) {
        if (last == null) throw new IllegalStateException("backward called before forward");
        if (floats(last[0]) && floats(dy)) {
            FloatKernels.INSTANCE.geluBackward(
                    Tensors.hostBytes(last[0]), Tensors.hostBytes(dy), Tensors.hostBytes(last[2]), 0, (int)
                            dy.length());
            return last[2];
        }
        Host hx = Host.of(last[0]), hd = Host.of(dy), hdx = Host.of(last[2]);
        for (int i = 0; i < hx.length(); i++) hdx.set(i, hd.get(i) * geluDerivative(hx.get(i)));
        return last[2];
    }

    /** A contiguous float32 buffer (the float kernels' input). */
    private static boolean floats(INDArray x) {
        return x.dataType() == DataType.FLOAT && x.elementWiseStride() == 1 && x.length() < Integer.MAX_VALUE;
    }
}
