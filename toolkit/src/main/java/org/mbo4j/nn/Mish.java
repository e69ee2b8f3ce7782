package org.mbo4j.nn;

/**
 * Mish, x·tanh(softplus(x)) (PyTorch {@code nn.Mish}, which evaluates {@code x * tanh(log1p(exp(x)))}), element-wise
 * on Java arrays in double arithmetic through one exponential: with e = eˣ and n = e(e + 2), tanh(log(1 + e)) =
 * n/(n + 2). Its derivative is tanh(sp) + x·sigmoid(x)·(1 − tanh²(sp)) with sp = softplus(x) and 1 − tanh² =
 * 4(n + 1)/(n + 2)². Above x = 20 the value is x and the derivative 1 (exact to double precision there), so no exp
 * overflows. Output and gradient arrays are the layer's; the forward input is kept by reference, so its owner must
 * not change it before {@link #backward}.
 */
final class Mish {
    private double[] lastX;
    private int lastN = -1;
    private double[] y = new double[0];
    private double[] dx = new double[0];

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

    /** Mish of the first {@code n} values of x, into the layer's array. */
    double[] forward(double[] x, int n) {
        if (y.length < n) y = new double[n];
        for (int i = 0; i < n; i++) y[i] = value(x[i]);
        lastX = x;
        lastN = n;
        return y;
    }

    /** dx = Mish'(x) ⊙ dy for the last forward input (the layer's array). */
    double[] backward(double[] dy) {
        if (lastN < 0) throw new IllegalStateException("backward called before forward");
        if (dx.length < lastN) dx = new double[lastN];
        for (int i = 0; i < lastN; i++) dx[i] = derivative(lastX[i]) * dy[i];
        return dx;
    }
}
