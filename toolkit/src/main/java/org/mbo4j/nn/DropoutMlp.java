package org.mbo4j.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The MLP of Jain et al.'s GFlowNet-AL proxy ({@code MJ10/BioSeq-GFN-AL}, {@code lib/model/mlp.py} lines 11–18,
 * {@code lib/proxy/regression.py} {@code DropoutRegressor}): Linear(d, h), then {@code layers} × [Dropout(p), ReLU,
 * Linear(h, h)], then Linear(h, 1) straight after the last hidden Linear (no activation between them), with
 * torch.nn.Linear's initialisation U(±1/√fan_in). Dropout is active in training and, for Monte-Carlo dropout, in
 * {@link #moments} (regression.py lines 126–130: {@code model.train()}, {@code proxy_num_dropout_samples} passes, the
 * mean and the unbiased standard deviation).
 *
 * <p>Small (the authors' TFBind8 proxy is 64 wide), so it is plain Java in float64 with hand-written backprop; a
 * training step is PyTorch's Adam with coupled L2 weight decay ({@code torch.optim.Adam(…, weight_decay)}: g + λθ,
 * then m, v, bias corrections and θ ← θ − lr·m̂/(√v̂ + 1e-8)) on the mean squared error (regression.py lines
 * 36–37, 62–66). Dropout masks come from the generator passed to each call, so a seeded caller is deterministic.
 * Not thread-safe.
 */
public final class DropoutMlp {
    private final int inputs;
    private final int width;
    private final int layers;
    private final double dropout;
    /** Linear layer l: weights fanIn × fanOut row-major at {@code off[l]}, then fanOut biases. */
    private final double[] theta;

    private final double[] grad;
    private final double[] m;
    private final double[] v;
    private final int[] off;
    private final int[] fanIn;
    private final int[] fanOut;
    private final double learningRate;
    private final double weightDecay;
    private int t;

    // caches of the last forward: the input of linear l (a[l]) and the dropout mask before it
    private double[][][] a;
    private boolean[][][] keep;

    /**
     * @param inputs       input width d
     * @param width        hidden width h
     * @param layers       number of [Dropout, ReLU, Linear(h, h)] blocks
     * @param dropout      dropout probability p in [0, 1)
     * @param learningRate Adam learning rate
     * @param weightDecay  coupled L2 weight decay λ ≥ 0
     * @param seed         initialisation seed
     */
    public DropoutMlp(
            int inputs, int width, int layers, double dropout, double learningRate, double weightDecay, long seed) {
        if (inputs < 1 || width < 1 || layers < 0) {
            throw new IllegalArgumentException("a dropout MLP needs inputs ≥ 1, width ≥ 1 and layers ≥ 0, got " + inputs
                    + ", " + width + ", " + layers);
        }
        if (!(dropout >= 0 && dropout < 1))
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, got " + learningRate);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("the weight decay must be a finite number ≥ 0, got " + weightDecay);
        }
        this.inputs = inputs;
        this.width = width;
        this.layers = layers;
        this.dropout = dropout;
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        int n = layers + 2;
        off = new int[n];
        fanIn = new int[n];
        fanOut = new int[n];
        int total = 0;
        for (int l = 0; l < n; l++) {
            fanIn[l] = l == 0 ? inputs : width;
            fanOut[l] = l == n - 1 ? 1 : width;
            off[l] = total;
            total += (fanIn[l] + 1) * fanOut[l];
        }
        theta = new double[total];
        grad = new double[total];
        m = new double[total];
        v = new double[total];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 0; l < n; l++) {
            double lim = 1 / Math.sqrt(fanIn[l]);
            for (int i = off[l]; i < off[l] + (fanIn[l] + 1) * fanOut[l]; i++) {
                theta[i] = (2 * rng.nextDouble() - 1) * lim;
            }
        }
    }

    public int inputSize() {
        return inputs;
    }

    /** The parameters as one flat array (live: writes change the model). */
    double[] parameters() {
        return theta;
    }

    /** The gradient of the last {@link #lossAndGradient} (live). */
    double[] gradient() {
        return grad;
    }

    /** Predictions for every row of {@code x}; {@code rng} null: evaluation mode (no dropout). */
    public double[] predict(double[][] x, SplittableRandom rng) {
        return forward(x, rng);
    }

    /**
     * Monte-Carlo dropout over {@code samples} passes with dropout on: {mean, standard deviation (n − 1 in the
     * denominator, torch.std's default)} per row.
     */
    public double[][] moments(double[][] x, int samples, SplittableRandom rng) {
        if (samples < 2) throw new IllegalArgumentException("MC dropout needs at least 2 samples, got " + samples);
        double[] sum = new double[x.length];
        double[][] all = new double[samples][];
        for (int s = 0; s < samples; s++) {
            all[s] = forward(x, rng);
            for (int i = 0; i < x.length; i++) sum[i] += all[s][i];
        }
        double[] mean = new double[x.length];
        double[] std = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            mean[i] = sum[i] / samples;
            double ss = 0;
            for (int s = 0; s < samples; s++) ss += (all[s][i] - mean[i]) * (all[s][i] - mean[i]);
            std[i] = Math.sqrt(ss / (samples - 1));
        }
        return new double[][] {mean, std};
    }

    /** The mean squared error of {@code x} against {@code y} with dropout drawn from {@code rng} (null: none). */
    public double loss(double[][] x, double[] y, SplittableRandom rng) {
        double[] p = forward(x, rng);
        double s = 0;
        for (int i = 0; i < p.length; i++) s += (p[i] - y[i]) * (p[i] - y[i]);
        return s / p.length;
    }

    /** The mean squared error and its gradient (overwriting the gradient buffer), dropout from {@code rng}. */
    double lossAndGradient(double[][] x, double[] y, SplittableRandom rng) {
        double[] p = forward(x, rng);
        int b = p.length;
        double loss = 0;
        double[][] d = new double[b][1];
        for (int i = 0; i < b; i++) {
            double e = p[i] - y[i];
            loss += e * e;
            d[i][0] = 2 * e / b;
        }
        Arrays.fill(grad, 0);
        int n = layers + 2;
        for (int l = n - 1; l >= 0; l--) {
            double[][] in = a[l];
            int fi = fanIn[l], fo = fanOut[l], o = off[l], bo = o + fi * fo;
            for (int i = 0; i < b; i++) {
                double[] ai = in[i], di = d[i];
                for (int k = 0; k < fi; k++) {
                    double av = ai[k];
                    if (av == 0) continue;
                    int row = o + k * fo;
                    for (int j = 0; j < fo; j++) grad[row + j] += av * di[j];
                }
                for (int j = 0; j < fo; j++) grad[bo + j] += di[j];
            }
            if (l == 0) break;
            // gradient w.r.t. this layer's input a[l], then through ReLU and dropout (blocks) or nothing (last)
            double[][] da = new double[b][fi];
            for (int i = 0; i < b; i++) {
                double[] di = d[i], dai = da[i];
                for (int k = 0; k < fi; k++) {
                    int row = o + k * fo;
                    double s = 0;
                    for (int j = 0; j < fo; j++) s += theta[row + j] * di[j];
                    dai[k] = s;
                }
            }
            if (l <= layers) { // a[l] = relu(dropout(z[l]))
                double scale = 1 / (1 - dropout);
                for (int i = 0; i < b; i++) {
                    for (int k = 0; k < fi; k++) {
                        boolean kept = keep[l] == null || keep[l][i][k];
                        da[i][k] = kept && in[i][k] > 0 ? da[i][k] * (keep[l] == null ? 1 : scale) : 0;
                    }
                }
            }
            d = da;
        }
        return loss / b;
    }

    /**
     * One Adam step on the mean squared error of the minibatch (dropout from {@code rng}); returns the loss before
     * the step.
     *
     * @throws TrainingDivergedException when the loss is not finite (nothing is updated)
     */
    public double step(double[][] x, double[] y, SplittableRandom rng) {
        double loss = lossAndGradient(x, y, rng);
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(
                    String.format(Locale.ROOT, "the proxy's loss is %s at step %d", loss, t + 1), t + 1);
        }
        t++;
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
        for (int i = 0; i < theta.length; i++) {
            double g = grad[i] + weightDecay * theta[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            theta[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
        }
        return loss;
    }

    private double[] forward(double[][] x, SplittableRandom rng) {
        int b = x.length;
        int n = layers + 2;
        a = new double[n][][];
        keep = new boolean[n][][];
        a[0] = x;
        double[][] cur = x;
        for (int l = 0; l < n; l++) {
            if (l >= 1 && l <= layers) { // Dropout(p), ReLU on the previous Linear's output
                double[][] src = cur;
                double[][] act = new double[b][width];
                boolean drop = rng != null && dropout > 0;
                if (drop) keep[l] = new boolean[b][width];
                double scale = 1 / (1 - dropout);
                for (int i = 0; i < b; i++) {
                    for (int k = 0; k < width; k++) {
                        double val = src[i][k];
                        if (drop) {
                            boolean kept = rng.nextDouble() >= dropout;
                            keep[l][i][k] = kept;
                            val = kept ? val * scale : 0;
                        }
                        act[i][k] = val > 0 ? val : 0;
                    }
                }
                a[l] = act;
                cur = act;
            } else if (l > 0) {
                a[l] = cur; // the last Linear reads the previous Linear's output directly
            }
            if (cur[0].length != fanIn[l]) {
                throw new IllegalArgumentException("input has " + cur[0].length + " columns, expected " + fanIn[l]);
            }
            cur = linear(cur, l);
        }
        double[] out = new double[b];
        for (int i = 0; i < b; i++) out[i] = cur[i][0];
        return out;
    }

    private double[][] linear(double[][] in, int l) {
        int fi = fanIn[l], fo = fanOut[l], o = off[l], bo = o + fi * fo;
        double[][] out = new double[in.length][fo];
        for (int i = 0; i < in.length; i++) {
            double[] oi = out[i], ai = in[i];
            System.arraycopy(theta, bo, oi, 0, fo);
            for (int k = 0; k < fi; k++) {
                double av = ai[k];
                if (av == 0) continue;
                int row = o + k * fo;
                for (int j = 0; j < fo; j++) oi[j] += av * theta[row + j];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DropoutMlp(%d→%d×%d→1, dropout %.2f)", inputs, width, layers + 1, dropout);
    }
}
