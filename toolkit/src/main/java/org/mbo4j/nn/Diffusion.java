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
 * the unconditional input (nets.py 237-242: {@code rand ≤ p}). RGD ({@code GGchen1997/RGD} at c8ab225) trains a
 * score network instead ({@link Target#SCORE}: {@code ScorePluginReverseSDE.dsm_weighted}, {@code lib/sdes.py}
 * 92-112): the residual is n·√v(t) + ε, and its {@code simple_clip} clamps x_t to the data's per-dimension range
 * before the network sees it ({@link Objective#clipped}); the target ε is not clamped.
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

    /** What the network learns, and so how its output is scaled in the denoising residual. */
    public enum Target {
        /** DDOM's plug-in reverse drift a ≈ g(t)·∇log p_t: residual a·√v(t)/g(t) + ε. */
        PLUG_IN_DRIFT,
        /** RGD's score s ≈ ∇log p_t: residual s·√v(t) + ε. */
        SCORE
    }

    /**
     * The denoising objective: the schedule, the {@link Target} and, when {@code low} and {@code high} are non-null,
     * the per-dimension range x_t is clamped to before the network sees it.
     */
    public record Objective(VpSde sde, Target target, double[] low, double[] high) {
        public Objective {
            if ((low == null) != (high == null) || (low != null && low.length != high.length)) {
                throw new IllegalArgumentException("the clamp needs both bounds, of one width");
            }
        }

        /** DDOM's: the plug-in drift, no clamp. */
        public static Objective plugIn(VpSde sde) {
            return new Objective(sde, Target.PLUG_IN_DRIFT, null, null);
        }

        /** RGD's: the score, x_t clamped to the per-dimension minimum and maximum of {@code rows}. */
        public static Objective clipped(VpSde sde, double[][] rows) {
            int d = rows[0].length;
            double[] lo = new double[d], hi = new double[d];
            java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
            for (double[] r : rows) {
                for (int j = 0; j < d; j++) {
                    lo[j] = Math.min(lo[j], r[j]);
                    hi[j] = Math.max(hi[j], r[j]);
                }
            }
            return new Objective(sde, Target.SCORE, lo, hi);
        }

        /** The factor of the network's output in the residual at time t. */
        double scale(double t) {
            return target == Target.SCORE ? sde.std(t) : sde.std(t) / sde.diffusion(t);
        }
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
     * times t and noise ε (B × D) given; adds its gradients to the denoiser's parameters when {@code grads}. DDOM's
     * objective ({@link Objective#plugIn}).
     */
    public static double loss(
            Denoiser net, VpSde sde, double[][] x0, double[] y, double[] w, double[] t, double[][] eps, boolean grads) {
        return loss(net, Objective.plugIn(sde), x0, y, w, t, eps, grads);
    }

    /** As above for any network and {@link Objective}: mean over the batch of w·½Σⱼ(nⱼ(x_t, t, y)·scale(t) + εⱼ)². */
    public static double loss(
            DiffusionNetwork net,
            Objective objective,
            double[][] x0,
            double[] y,
            double[] w,
            double[] t,
            double[][] eps,
            boolean grads) {
        VpSde sde = objective.sde();
        int b = x0.length;
        int d = net.dims();
        double[][] xt = new double[b][d];
        double[] scale = new double[b];
        for (int i = 0; i < b; i++) {
            double m = sde.meanWeight(t[i]);
            double s = sde.std(t[i]);
            scale[i] = objective.scale(t[i]);
            for (int j = 0; j < d; j++) {
                double v = m * x0[i][j] + s * eps[i][j];
                if (objective.low() != null)
                    v = Math.min(Math.max(v, objective.low()[j]), objective.high()[j]);
                xt[i][j] = v;
            }
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
        return weightedDsm(Objective.plugIn(sde), dropout, seed);
    }

    /** As above for any network and {@link Objective}. */
    public static <N extends DiffusionNetwork> TrainingLoss<N> weightedDsm(
            Objective objective, double dropout, long seed) {
        VpSde sde = objective.sde();
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("condition dropout must be in [0, 1), got " + dropout);
        }
        return new TrainingLoss<>() {
            @Override
            public double lossAndGradients(N net, Batch batch) {
                return run(
                        net,
                        batch,
                        new SplittableRandom(FlowMatching.mix(seed, batch.epoch(), batch.index())),
                        dropout,
                        true);
            }

            @Override
            public double loss(N net, Batch batch) {
                return run(net, batch, new SplittableRandom(FlowMatching.mix(seed, -1, -1)), 0, false);
            }

            private double run(N net, Batch batch, SplittableRandom rng, double p, boolean grads) {
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
                return Diffusion.loss(net, objective, x0, y, w, t, eps, grads);
            }
        };
    }

    /**
     * Trains {@code net} on rows x (n × D) with conditions y and weights w (null: unweighted) by {@code trainer}
     * and {@link #weightedDsm}.
     */
    public static TrainingHistory fit(
            Denoiser net, VpSde sde, double[][] x, double[] y, double[] w, double dropout, Trainer trainer, long seed) {
        return fit(net, Objective.plugIn(sde), x, y, w, dropout, trainer, seed);
    }

    /** As above for any network and {@link Objective}. */
    public static <N extends DiffusionNetwork> TrainingHistory fit(
            N net,
            Objective objective,
            double[][] x,
            double[] y,
            double[] w,
            double dropout,
            Trainer trainer,
            long seed) {
        return fit(net, x, y, w, trainer, Diffusion.<N>weightedDsm(objective, dropout, seed));
    }

    /** Trains {@code net} on rows x with conditions y and weights w (null: none) by {@code trainer} and {@code loss}. */
    public static <N extends DiffusionNetwork> TrainingHistory fit(
            N net, double[][] x, double[] y, double[] w, Trainer trainer, TrainingLoss<N> loss) {
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
                loss);
    }

    /**
     * RGD's validation ELBO estimate of a score network, one value per row of x with conditions y
     * ({@code ScorePluginReverseSDE.elbo_random_t_slice}, {@code GGchen1997/RGD} {@code lib/sdes.py} 116-140): per
     * row, t ~ U(0, T), x_t = m(t)·x + √v(t)·ε, a = g(t)·s(x_t, t, y), μ = g(t)·a + ½β(t)·x_t, a Rademacher v, and
     * <pre>
     *   ELBO = Σⱼ log N(x_T,ⱼ; 0, 1) − T·vᵀ(∂μ/∂x_t)v − T·½|a|²
     * </pre>
     * with x_T = m(T)·x + √v(T)·ε′ and log N as the authors' {@code log_normal} (variance 1 with ε = 1e-5 added
     * to 2σ²). vᵀ(∂μ/∂x_t)v = g²·vᵀJ_s v + ½β·|v|², with J_sᵀv from one backward pass (which also adds weight
     * gradients: call it where they are discarded next). Draws per row in the order t, ε, v, ε′ from {@code rng}.
     */
    public static double[] elbo(DiffusionNetwork net, VpSde sde, double[][] x, double[] y, SplittableRandom rng) {
        int b = x.length, d = net.dims();
        double horizon = sde.horizon();
        double[] t = new double[b];
        double[][] xt = new double[b][d], v = new double[b][d], xT = new double[b][d];
        double mT = sde.meanWeight(horizon), sT = sde.std(horizon);
        for (int i = 0; i < b; i++) {
            t[i] = rng.nextDouble() * horizon;
            double m = sde.meanWeight(t[i]), s = sde.std(t[i]);
            for (int j = 0; j < d; j++) xt[i][j] = m * x[i][j] + s * rng.nextGaussian();
            for (int j = 0; j < d; j++) v[i][j] = rng.nextDouble() >= 0.5 ? 1 : -1;
            for (int j = 0; j < d; j++) xT[i][j] = mT * x[i][j] + sT * rng.nextGaussian();
        }
        double[] score = Tensors.columnMajor(net.forward(xt, t, y));
        INDArray dv = Tensors.zeros(net.dataType(), b, d);
        Tensors.assignColumnMajor(dv, Tensors.columnMajor(Tensors.matrix(v, net.dataType())));
        double[] jv = Tensors.columnMajor(net.backward(dv)); // first D columns: J_sᵀv
        double[] out = new double[b];
        double logTwoPi = Math.log(2 * Math.PI);
        for (int i = 0; i < b; i++) {
            double g2 = sde.beta(t[i]), half = 0.5 * sde.beta(t[i]);
            double lp = 0, vjv = 0, aa = 0;
            for (int j = 0; j < d; j++) {
                lp += -xT[i][j] * xT[i][j] / (2.0 + 1e-5) - 0.5 * logTwoPi;
                vjv += (g2 * jv[j * b + i] + half * v[i][j]) * v[i][j];
                double a = Math.sqrt(g2) * score[j * b + i];
                aa += a * a;
            }
            out[i] = lp - horizon * vjv - horizon * 0.5 * aa;
        }
        return out;
    }

    /**
     * {@code inner} whose validation criterion is the negated mean {@link #elbo} of the validation rows (RGD keeps the
     * epoch with the best validation ELBO, {@code main.py} 143-153): pair it with the trainer's early stopping at an
     * unreachable patience. The draws come from one stream fixed by {@code seed}, the same every epoch (ours: the
     * authors draw afresh each epoch), so epochs are compared on the same t, ε and v.
     */
    public static <N extends DiffusionNetwork> TrainingLoss<N> elboSelected(
            TrainingLoss<N> inner, VpSde sde, long seed) {
        return TrainingLoss.validatedBy(inner, (net, x, y) -> {
            double[] e = elbo(
                    net,
                    sde,
                    Tensors.rows(x),
                    Tensors.column(y, 0),
                    new SplittableRandom(FlowMatching.mix(seed, -2, -2)));
            double sum = 0;
            for (double v : e) sum += v;
            double mean = sum / e.length;
            if (!Double.isFinite(mean)) {
                throw new TrainingDivergedException("the validation ELBO is not finite (" + mean + ")", -1);
            }
            return -mean;
        });
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
