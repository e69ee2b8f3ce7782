package org.mbo4j.nn;

/**
 * Mish, x·tanh(softplus(x)) (PyTorch {@code nn.Mish}, which evaluates {@code x * tanh(log1p(exp(x)))}), element-wise
 * on Java arrays in double arithmetic through one exponential: with e = eˣ and n = e(e + 2), tanh(log(1 + e)) =
 * n/(n + 2). Its derivative is tanh(sp) + x·sigmoid(x)·(1 − tanh²(sp)) with sp = softplus(x) and 1 − tanh² =
 * 4(n + 1)/(n + 2)². Above x = 20 the value is x and the derivative 1 (exact to double precision there), so no exp
 * overflows; below {@link DoubleExp#MIN} e is taken as 0 (value −0, derivative 0; the true values are below 1e-305
 * in magnitude). The exponential is {@link DoubleExp}'s, so the SIMD loop ({@code VectorMish}, used when the Vector
 * API is loaded and agrees at start-up) and the scalar loop give the same bits. The forward pass keeps the derivative
 * at each input for {@link #backward}. Output and gradient arrays are the layer's.
 */
final class Mish {
    /** Above this the value is x and the derivative 1. */
    static final double CUT = 20;

    /** The forward loop over [from, to): y = Mish(x), slope = Mish'(x). */
    @FunctionalInterface
    interface Range {
        void apply(double[] x, double[] y, double[] slope, int from, int to);
    }

    /** The scalar loop: the operations {@code VectorMish} evaluates lane-wise, in the same order. */
    static final Range SCALAR = (x, y, slope, from, to) -> {
        for (int i = from; i < to; i++) {
            double v = x[i];
            double e = v < DoubleExp.MIN ? 0 : DoubleExp.inRange(Math.min(Math.max(v, DoubleExp.MIN), CUT));
            double m = e * (e + 2), d = m + 2;
            double yv = v * m / d;
            double sv = m / d + v * (e / (e + 1)) * 4 * (m + 1) / (d * d);
            boolean big = v > CUT;
            y[i] = big ? v : yv;
            slope[i] = big ? 1 : sv;
        }
    };

    private int lastN = -1;
    private double[] y = new double[0];
    private double[] dx = new double[0];
    private double[] slope = new double[0];

    static double value(double x) {
        double[] y = new double[1], s = new double[1];
        SCALAR.apply(new double[] {x}, y, s, 0, 1);
        return y[0];
    }

    static double derivative(double x) {
        double[] y = new double[1], s = new double[1];
        SCALAR.apply(new double[] {x}, y, s, 0, 1);
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
        simd.apply(x, y1, s1, 1, n);
        SCALAR.apply(x, y2, s2, 1, n);
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
        JavaThreads.chunks(n, (from, to) -> r.apply(x, yy, sl, from, to));
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
