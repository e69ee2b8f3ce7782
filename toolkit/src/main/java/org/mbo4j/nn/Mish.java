package org.mbo4j.nn;

/**
 * Mish, x·tanh(softplus(x)) (PyTorch {@code nn.Mish}, which evaluates {@code x * tanh(log1p(exp(x)))}), element-wise
 * on Java arrays in double arithmetic through one exponential: with e = eˣ and n = e(e + 2), tanh(log(1 + e)) =
 * n/(n + 2). Its derivative is tanh(sp) + x·sigmoid(x)·(1 − tanh²(sp)) with sp = softplus(x) and 1 − tanh² =
 * 4(n + 1)/(n + 2)². Above x = 20 the value is x and the derivative 1 (exact to double precision there), so no exp
 * overflows. The forward pass keeps the derivative at each input for {@link #backward}. Output and gradient arrays
 * are the layer's.
 */
final class Mish {
    private int lastN = -1;
    private double[] y = new double[0];
    private double[] dx = new double[0];
    private double[] slope = new double[0];

    static double value(double x) {
        if (x > 20) return x;
        double e = Math.exp(x), n = e * (e + 2);
        return x * n / (n + 2);
    }

    static double derivative(double x) {
        if (x > 20) return 1;
        double e = Math.exp(x), n = e * (e + 2), d = n + 2;
        return n / d + x * (e / (1 + e)) * 4 * (n + 1) / (d * d);
    }

    /** Mish of the first {@code n} values of x, into the layer's array; keeps Mish'(x) for backward. */
    double[] forward(double[] x, int n) {
        if (y.length < n) {
            y = new double[n];
            slope = new double[n];
        }
        double[] yy = y, sl = slope;
        JavaThreads.chunks(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double v = x[i];
                if (v > 20) {
                    yy[i] = v;
                    sl[i] = 1;
                } else {
                    double e = Math.exp(v), m = e * (e + 2), d = m + 2;
                    yy[i] = v * m / d;
                    sl[i] = m / d + v * (e / (1 + e)) * 4 * (m + 1) / (d * d);
                }
            }
        });
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
