package org.mbo4j.nn;

/**
 * Mish, x·tanh(softplus(x)) (PyTorch {@code nn.Mish}, which evaluates {@code x * tanh(log1p(exp(x)))}), element-wise
 * on Java arrays in double arithmetic through one exponential and one division: with e = eˣ, n = e(e + 2) and
 * q = 1/(n + 2), tanh(log(1 + e)) = n·q. Its derivative is tanh(sp) + x·sigmoid(x)·(1 − tanh²(sp)) with sp =
 * softplus(x), sigmoid(x) = e/(1 + e) and 1 − tanh² = 4(n + 1)q² = 4(1 + e)²q², so it is q·(n + 4e·(1 + e)·x·q).
 * Above x = 20 the value is x and the derivative 1 (exact to double precision there), so no exp
 * overflows; below {@link DoubleExp#MIN} e is taken as 0 (value −0, derivative 0; the true values are below 2.4e-305
 * in magnitude there); −∞ gives NaN, as x·tanh(softplus(x)) does. The exponential is {@link DoubleExp}'s, so the
 * SIMD loop ({@code VectorMish}, used when the Vector API is loaded and agrees at start-up) and the scalar loop give
 * the same bits. The forward pass keeps the derivative
 * at each input for {@link #backward}. Output and gradient arrays are the layer's.
 */
final class Mish {
    /** Above this the value is x and the derivative 1. */
    static final double CUT = 20;

    /** The forward loop over n values: y[yFrom + i] = Mish(x[xFrom + i]), slope[yFrom + i] = Mish'(x[xFrom + i]). */
    @FunctionalInterface
    interface Range {
        void apply(double[] x, int xFrom, double[] y, double[] slope, int yFrom, int n);
    }

    /** The scalar loop: the operations {@code VectorMish} evaluates lane-wise, in the same order. */
    static final Range SCALAR = (x, xFrom, y, slope, yFrom, n) -> {
        for (int i = 0; i < n; i++) {
            double v = x[xFrom + i];
            double e = v < DoubleExp.MIN ? 0 : DoubleExp.inRange(Math.min(Math.max(v, DoubleExp.MIN), CUT));
            double m = e * (e + 2), inv = 1 / (m + 2);
            double yv = v * m * inv;
            double sv = inv * (m + 4 * e * (e + 1) * v * inv); // e first: 4·x overflows for huge |x| where e = 0
            boolean big = v > CUT;
            y[yFrom + i] = big ? v : yv;
            slope[yFrom + i] = big ? 1 : sv;
        }
    };

    private int lastN = -1;
    private double[] y = new double[0];
    private double[] dx = new double[0];
    private double[] slope = new double[0];

    static double value(double x) {
        double[] y = new double[1], s = new double[1];
        SCALAR.apply(new double[] {x}, 0, y, s, 0, 1);
        return y[0];
    }

    static double derivative(double x) {
        double[] y = new double[1], s = new double[1];
        SCALAR.apply(new double[] {x}, 0, y, s, 0, 1);
        return s[0];
    }

    /** The SIMD loop when loaded and agreeing with {@link #SCALAR}, else the scalar one. */
    static Range range() {
        return Loaded.RANGE;
    }

    private static final class Loaded {
        static final Range RANGE = VectorApi.load(Range.class, "VectorMish", Mish::agrees, SCALAR);
    }

    /** Inputs where the SIMD and scalar loops could part: the cut-offs and their neighbours, ±0, ±∞, NaN, extremes. */
    static double[] awkwardValues() {
        return new double[] {
            0.0,
            -0.0,
            Double.NaN,
            Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            -800,
            DoubleExp.MIN,
            Math.nextDown(DoubleExp.MIN),
            CUT,
            Math.nextUp(CUT),
            -1e-300,
            1e-17,
            -37.5,
            Double.MIN_VALUE,
            -Double.MAX_VALUE,
            Double.MAX_VALUE
        };
    }

    /**
     * Whether {@code simd} gives {@link #SCALAR}'s bits (NaNs compared as NaN) on both branches and the
     * {@linkplain #awkwardValues awkward values}, from an unaligned start and with a scalar tail.
     */
    static boolean agrees(Range simd) {
        int n = 45;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (i - 20) * 1.37 + 0.01 * (i % 3);
        double[] special = awkwardValues();
        System.arraycopy(special, 0, x, 3, special.length);
        double[] y1 = new double[n], s1 = new double[n], y2 = new double[n], s2 = new double[n];
        simd.apply(x, 1, y1, s1, 2, n - 2); // unaligned, offset output
        SCALAR.apply(x, 1, y2, s2, 2, n - 2);
        for (int i = 0; i < n; i++) {
            if (Double.doubleToLongBits(y1[i]) != Double.doubleToLongBits(y2[i])) return false;
            if (Double.doubleToLongBits(s1[i]) != Double.doubleToLongBits(s2[i])) return false;
        }
        return true;
    }

    /** Mish of the first {@code n} values of x, into the layer's array; keeps Mish'(x) for backward. */
    double[] forward(double[] x, int n) {
        if (y.length < n) {
            y = new double[n];
            slope = new double[n];
        }
        double[] yy = y, sl = slope;
        Range r = range();
        JavaThreads.chunks(n, (from, to) -> r.apply(x, from, yy, sl, from, to - from));
        lastN = n;
        return y;
    }

    /** dx = Mish'(x) ⊙ dy for the last forward input (the layer's array). */
    double[] backward(double[] dy) {
        if (lastN < 0) throw new IllegalStateException("backward called before forward");
        if (dx.length < lastN) dx = new double[lastN];
        double[] d = dx, sl = slope;
        JavaThreads.chunks(lastN, (from, to) -> {
            for (int i = from; i < to; i++) d[i] = sl[i] * dy[i];
        });
        return dx;
    }
}
