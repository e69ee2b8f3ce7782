package org.mbo4j.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conditional score-based diffusion over ℝᴰ with classifier-free guidance, as DDOM trains and samples it
 * ({@code siddarthk97/ddom} at fb3d055: {@code design_baselines/diff/lib/sdes.py}, {@code nets.py},
 * {@code trainer.py}). The {@link Denoiser} a(x, t, y) is the drift of the plug-in reverse SDE
 * ({@code PluginReverseSDE}, sdes.py 146-208): it learns a ≈ g(t)·∇ₓlog p_t(x | y).
 *
 * <p><b>Training</b> ({@link #loss}, {@link #weightedDsm}): for a data row x₀ with score y and weight w, draw
 * t ~ U(0, T) and ε ~ N(0, I), set x_t = m(t)·x₀ + √v(t)·ε ({@link VpSde}) and minimise
 * w·½·Σⱼ(aⱼ(x_t, t, y)·√v(t)/g(t) + εⱼ)², averaged over the batch ({@code dsm_weighted}, sdes.py 186-208, with the
 * {@code .mean()} of nets.py 246-252). With probability p (DDOM: {@code dropout_p} 0.15) a row's y is replaced by 0,
 * the unconditional input (nets.py 237-242: {@code rand ≤ p}).
 *
 * <p><b>Sampling</b> ({@link #sample}): N steps of δ = T/N from x ~ N(0, I) at time T down to δ; at step i, with
 * s = T − i·δ, the guided drift ã = (1 + γ)·a(x, s, y*) − γ·a(x, s, 0) (sdes.py 163-166), the reverse drift
 * μ = g(s)·ã + ½β(s)·x, and the Euler–Maruyama update x ← x + δ·μ + √δ·g(s)·ξ (trainer.py 537-570). DDOM evaluates
 * with its {@code heun_sampler} (trainer.py 497-535, used at 625), which is that update followed, before the last
 * step, by a second noise term x ← x + ½(g(s − δ) − g(s))·√δ·ξ′ with fresh ξ′ (the second drift it computes is never
 * used): {@link Sampler#DDOM_HEUN} reproduces it, {@link Sampler#EULER_MARUYAMA} leaves it out.
 */
public final class Diffusion {
    private Diffusion() {}

    /** The reverse-time integrator of {@link #sample}. */
    public enum Sampler {
        /** Euler–Maruyama on the reverse SDE. */
        EULER_MARUYAMA,
        /** DDOM's {@code heun_sampler}: Euler–Maruyama plus its extra noise term (see the class comment). */
        DDOM_HEUN
    }

    /**
     * The drift a(x, t, y) the sampler integrates: a trained {@link Denoiser} ({@code net::drift}) or a closed form
     * (tests). Returns one row per row of x.
     */
    @FunctionalInterface
    public interface Drift {
        double[][] drift(double[][] x, double[] t, double[] y);
    }

    /** Called with the step count done (0 … N) and the current rows; the rows must not be kept or changed. */
    @FunctionalInterface
    public interface StepListener {
        void step(int done, double[][] x);
    }

    /**
     * The weighted denoising score-matching loss of data rows x₀ (B × D) with conditions y, weights w (null: all 1),
     * times t and noise ε (B × D) given; adds its gradients to the denoiser's parameters when {@code grads}.
     */
    public static double loss(
            Denoiser net, VpSde sde, double[][] x0, double[] y, double[] w, double[] t, double[][] eps, boolean grads) {
        int b = x0.length;
        int d = net.dims();
        double[][] xt = new double[b][d];
        double[] scale = new double[b]; // √v(t)/g(t)
        for (int i = 0; i < b; i++) {
            double m = sde.meanWeight(t[i]);
            double s = sde.std(t[i]);
            scale[i] = s / sde.diffusion(t[i]);
            for (int j = 0; j < d; j++) xt[i][j] = m * x0[i][j] + s * eps[i][j];
        }
        INDArray a = net.forward(xt, t, y);
        Host h = Host.of(a); // F-order B × D
        double loss = 0;
        INDArray g = grads ? Tensors.zeros(net.dataType(), b, d) : null;
        Host hg = grads ? Host.of(g) : null;
        for (int i = 0; i < b; i++) {
            double wi = w == null ? 1 : w[i];
            double row = 0;
            for (int j = 0; j < d; j++) {
                double r = h.get(j * b + i) * scale[i] + eps[i][j];
                row += r * r;
                if (grads) hg.set(j * b + i, wi * r * scale[i] / b);
            }
            loss += wi * 0.5 * row;
        }
        if (grads) net.backward(g);
        return loss / b;
    }

    /**
     * The training loss for {@link Trainer#fit} with x = the data rows, y = their conditions (one column) and the
     * per-row weights as the trainer's weights (or none): a training batch draws t ~ U(0, T), then ε, then the
     * condition-dropout coins, row by row, from a stream determined by ({@code seed}, epoch, batch index), so the
     * loss has no state to checkpoint. A validation batch uses no dropout and one fixed stream, so the validation
     * loss of different epochs compares the model on the same draws.
     *
     * @param dropout the probability p of replacing a row's y by 0 in training (DDOM: 0.15)
     */
    public static TrainingLoss<Denoiser> weightedDsm(VpSde sde, double dropout, long seed) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("condition dropout must be in [0, 1), got " + dropout);
        }
        return new TrainingLoss<>() {
            @Override
            public double lossAndGradients(Denoiser net, Batch batch) {
                return run(
                        net,
                        batch,
                        new SplittableRandom(FlowMatching.mix(seed, batch.epoch(), batch.index())),
                        dropout,
                        true);
            }

            @Override
            public double loss(Denoiser net, Batch batch) {
                return run(net, batch, new SplittableRandom(FlowMatching.mix(seed, -1, -1)), 0, false);
            }

            private double run(Denoiser net, Batch batch, SplittableRandom rng, double p, boolean grads) {
                int b = batch.size();
                int d = net.dims();
                double[][] x0 = Tensors.rows(batch.x());
                if (x0[0].length != d) {
                    throw new IllegalArgumentException(
                            "diffusion needs data rows of width " + d + ", got " + x0[0].length);
                }
                double[] y = Tensors.column(batch.y(), 0);
                double[] w = batch.weights() == null ? null : Tensors.column(batch.weights(0), 0);
                double[] t = new double[b];
                double[][] eps = new double[b][d];
                for (int i = 0; i < b; i++) t[i] = rng.nextDouble() * sde.horizon();
                for (int i = 0; i < b; i++) for (int j = 0; j < d; j++) eps[i][j] = rng.nextGaussian();
                for (int i = 0; i < b; i++) if (rng.nextDouble() <= p && p > 0) y[i] = 0;
                return Diffusion.loss(net, sde, x0, y, w, t, eps, grads);
            }
        };
    }

    /**
     * Trains {@code net} on rows x (n × D) with conditions y and weights w (null: unweighted) by {@code trainer}
     * and {@link #weightedDsm}.
     */
    public static TrainingHistory fit(
            Denoiser net, VpSde sde, double[][] x, double[] y, double[] w, double dropout, Trainer trainer, long seed) {
        if (x.length == 0 || x[0].length != net.dims()) {
            throw new IllegalArgumentException("diffusion needs data rows of width " + net.dims());
        }
        if (y.length != x.length || (w != null && w.length != x.length)) {
            throw new IllegalArgumentException(
                    "x has " + x.length + " rows but y has " + y.length + (w == null ? "" : " and w " + w.length));
        }
        DataType type = net.dataType();
        return trainer.fit(
                net,
                Tensors.matrix(x, type),
                Tensors.column(y, type),
                w == null ? null : Tensors.column(w, type),
                weightedDsm(sde, dropout, seed));
    }

    /**
     * Samples from the reverse SDE, guided toward the condition {@code condition}: N = {@code steps} steps from the
     * rows {@code x0} (usually N(0, I) draws) at time T; returns new rows. Guidance γ = 0 evaluates the conditional
     * drift only.
     *
     * @param listener called before the first step and after every step (null: none)
     */
    public static double[][] sample(
            Drift net,
            VpSde sde,
            double[][] x0,
            double condition,
            double guidance,
            int steps,
            Sampler sampler,
            SplittableRandom rng,
            StepListener listener) {
        if (steps < 1) throw new IllegalArgumentException("sampling needs at least 1 step, got " + steps);
        if (!(guidance >= 0) || Double.isInfinite(guidance)) {
            throw new IllegalArgumentException("the guidance weight must be a number ≥ 0, got " + guidance);
        }
        int b = x0.length;
        double[][] x = new double[b][];
        for (int i = 0; i < b; i++) x[i] = x0[i].clone();
        boolean guided = guidance > 0;
        int rows = guided ? 2 * b : b;
        double[][] in = new double[rows][];
        double[] t = new double[rows];
        double[] y = new double[rows];
        for (int i = 0; i < b; i++) y[i] = condition; // the rest stay 0: the unconditional half
        double delta = sde.horizon() / steps;
        double root = Math.sqrt(delta);
        if (listener != null) listener.step(0, x);
        for (int k = 0; k < steps; k++) {
            double s = sde.horizon() - k * delta;
            for (int i = 0; i < b; i++) {
                in[i] = x[i];
                if (guided) in[b + i] = x[i];
            }
            java.util.Arrays.fill(t, s);
            double[][] a = net.drift(in, t, y);
            double g = sde.diffusion(s);
            double half = 0.5 * sde.beta(s);
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < x[i].length; j++) {
                    double drift = guided ? (1 + guidance) * a[i][j] - guidance * a[b + i][j] : a[i][j];
                    double mu = g * drift + half * x[i][j];
                    x[i][j] += delta * mu + root * g * rng.nextGaussian();
                }
            }
            if (sampler == Sampler.DDOM_HEUN && k < steps - 1) {
                double extra = 0.5 * (sde.diffusion(s - delta) - g) * root;
                for (int i = 0; i < b; i++) for (int j = 0; j < x[i].length; j++) x[i][j] += extra * rng.nextGaussian();
            }
            if (listener != null) listener.step(k + 1, x);
        }
        return x;
    }
}
