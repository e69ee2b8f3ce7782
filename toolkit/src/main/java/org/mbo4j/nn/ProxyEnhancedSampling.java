package org.mbo4j.nn;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RGD's proxy-enhanced sampling ({@code GGchen1997/RGD} at c8ab225, {@code utils.py} 84-160,
 * {@code heun_sampler_ode_hyper} with {@code gamma_learn=True}, {@code direct_grad=False}): Heun's method on the
 * probability-flow ODE of a score network s with classifier-free guidance, where each sample's guidance weight ω is
 * itself optimised at every step, by Adam, to raise a proxy's prediction of the step's denoised estimate.
 *
 * <p>With N steps, δ = T/N and sampler times τᵢ = i·δ (diffusion time T − τ), the guided ODE drift is
 * <pre>
 *   μ(τ, x, ω) = ½β(T − τ)·[(1 + ω)·s(x, T − τ, y*) − ω·s(x, T − τ, 0)] + ½β(T − τ)·x      ({@code mu_ode}, lib/sdes.py 78-81)
 * </pre>
 * and step i, from x:
 * <ol>
 *   <li>x′ = x + δ·μ(τᵢ, x, ω); before the last step x″ = x′ + ½δ·(μ(τᵢ₊₁, x′, ω) − μ(τᵢ, x, ω)), else x″ = x′;</li>
 *   <li>the denoised estimate x̂ = (x″ + v(τᵢ)·s(x″, τᵢ, y*))/m(τᵢ), with s held constant (detached), and the loss
 *   L(ω) = −Σ_b f(x̂_b) for the proxy's prediction f; one Adam step on ω (learning rate {@code sample_lr}), then
 *   ω ← max(ω, 0);</li>
 *   <li>the step is redone from x with the new ω (not differentiated): that is the new x.</li>
 * </ol>
 * The time passed to s, v and m in step 2 is the sampler's τᵢ, not the diffusion time T − τᵢ that the ODE uses
 * (utils.py 122-124, as written; at the first step v(τ₀) = 0 and m(τ₀) = 1, so x̂ = x″): reproduced as the authors'
 * code has it. dL/dω is exact: x″ depends on ω through both drifts, and through x′ inside the second one, whose
 * Jacobian enters as one backward pass of the network (J_sᵀ times the adjoint) on the conditional and unconditional
 * halves. The network's values at (x, T − τᵢ) are computed once per step and reused for the redone step (the same
 * numbers the authors recompute). Adam is the project's {@link Adam} (ε added to √v, PyTorch adds it to √v̂), β 0.9
 * and 0.999 as PyTorch's defaults; ω starts at {@code 2} in the authors' code.
 */
public final class ProxyEnhancedSampling {
    private ProxyEnhancedSampling() {}

    /** The final rows and each row's final guidance weight ω. */
    public record Result(double[][] x, double[] guidance) {}

    /**
     * Runs the sampler from {@code x0} (B × D, usually N(0, I) draws) toward the condition {@code condition}.
     *
     * @param net          the score network (its weight gradients are touched: discard them before training)
     * @param proxy        f, a model of the score on the network's scale of x (its mean for a Gaussian model)
     * @param guidance     ω at the start, the same for every row (RGD: 2)
     * @param learningRate Adam's rate for ω ({@code sample_lr}, RGD: 0.01)
     * @param steps        N ({@code num_steps}, RGD: 1000)
     * @param listener     called with the step count done (0 … N) and the rows (null: none)
     */
    public static Result sample(
            DiffusionNetwork net,
            VpSde sde,
            Regressor proxy,
            double[][] x0,
            double condition,
            double guidance,
            double learningRate,
            int steps,
            Diffusion.StepListener listener) {
        if (steps < 1) throw new IllegalArgumentException("sampling needs at least 1 step, got " + steps);
        if (!(guidance >= 0) || Double.isInfinite(guidance)) {
            throw new IllegalArgumentException("the initial guidance weight must be a number ≥ 0, got " + guidance);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(
                    "the guidance learning rate must be a positive number, got " + learningRate);
        }
        int b = x0.length, d = net.dims();
        if (proxy.inputSize() != d || proxy.outputSize() != 1) {
            throw new IllegalArgumentException("the proxy must map the network's " + d
                    + " inputs to one score, it maps " + proxy.inputSize() + " to " + proxy.outputSize());
        }
        double[][] x = new double[b][];
        for (int i = 0; i < b; i++) x[i] = x0[i].clone();
        INDArray omegaValue = Tensors.zeros(DataType.DOUBLE, b, 1);
        omegaValue.assign(guidance);
        Param omega = new Param("omega", omegaValue, Tensors.zeros(DataType.DOUBLE, b, 1));
        Adam adam = new Adam(learningRate, 0.9, 0.999, Adam.TORCH_EPSILON);
        double horizon = sde.horizon(), delta = horizon / steps;
        if (listener != null) listener.step(0, x);
        for (int i = 0; i < steps; i++) {
            double tau = i * delta, next = (i + 1) * delta;
            boolean heun = i < steps - 1;
            double[] w = Tensors.columnMajor(omega.value());
            Pair first = evaluate(net, x, horizon - tau, condition); // s at (x, T − τᵢ), both halves
            Step step = step(net, sde, proxy, x, first, condition, i, steps, w, true, null);
            double[] grad = step.gradient();
            Tensors.assignColumnMajor(omega.grad(), grad);
            adam.step(omega);
            double[] updated = Tensors.columnMajor(omega.value());
            for (int r = 0; r < b; r++) updated[r] = Math.max(updated[r], 0);
            Tensors.assignColumnMajor(omega.value(), updated);
            // the step redone from x with the new ω
            double[][] x1 = euler(x, first, sde.beta(horizon - tau), updated, delta);
            if (heun) {
                Pair again = evaluate(net, x1, horizon - next, condition);
                x1 = heun(x, x1, first, again, sde.beta(horizon - tau), sde.beta(horizon - next), updated, delta);
            }
            x = x1;
            for (double[] row : x) {
                for (double value : row) {
                    if (!Double.isFinite(value)) {
                        throw new TrainingDivergedException(
                                String.format(
                                        Locale.ROOT,
                                        "proxy-enhanced sampling left the finite numbers at step %d of %d (guidance "
                                                + "weights up to %s); lower the guidance learning rate (now %s)",
                                        i + 1,
                                        steps,
                                        max(updated),
                                        learningRate),
                                -1);
                    }
                }
            }
            if (listener != null) listener.step(i + 1, x);
        }
        return new Result(x, Tensors.columnMajor(omega.value()));
    }

    /**
     * One step's proxy loss L(ω) = −Σ f(x̂), dL/dω per row when asked (s held constant, as the authors detach it),
     * and the s used.
     */
    record Step(double loss, double[] gradient, double[] score) {}

    /**
     * Steps 1-2 of step i (see the class comment) from rows x, whose network values at (x, T − τᵢ) are {@code first},
     * for guidance weights w: the proxy loss at the denoised estimate and, with {@code gradient}, its exact gradient
     * in w; {@code detached} (null: computed) is the s of x̂. Package-private for the finite-difference test.
     */
    static Step step(
            DiffusionNetwork net,
            VpSde sde,
            Regressor proxy,
            double[][] x,
            Pair first,
            double condition,
            int i,
            int steps,
            double[] w,
            boolean gradient,
            double[] detached) {
        int b = x.length, d = net.dims();
        double horizon = sde.horizon(), delta = horizon / steps;
        double tau = i * delta, next = (i + 1) * delta;
        boolean heun = i < steps - 1;
        double[][] x1 = euler(x, first, sde.beta(horizon - tau), w, delta);
        Pair second = heun ? evaluate(net, x1, horizon - next, condition) : null;
        double[][] x2 =
                heun ? heun(x, x1, first, second, sde.beta(horizon - tau), sde.beta(horizon - next), w, delta) : x1;
        // the denoised estimate at the sampler's time τᵢ (s detached) and the proxy's gradient there
        double[] t = new double[b], y = new double[b];
        Arrays.fill(t, tau);
        Arrays.fill(y, condition);
        double[] s = detached != null ? detached : Tensors.columnMajor(net.forward(x2, t, y));
        double m = sde.meanWeight(tau), v = sde.variance(tau);
        double[][] xhat = new double[b][d];
        for (int r = 0; r < b; r++) for (int j = 0; j < d; j++) xhat[r][j] = (x2[r][j] + v * s[j * b + r]) / m;
        DataType proxyType = proxy.parameters().get(0).value().dataType();
        double[] f = Tensors.columnMajor(proxy.forward(Tensors.matrix(xhat, proxyType)));
        double loss = 0;
        for (double value : f) loss -= value;
        if (!gradient) return new Step(loss, null, s);
        INDArray dPred = Tensors.zeros(proxyType, b, 1);
        dPred.assign(-1); // L = −Σ f
        double[] gx = Tensors.columnMajor(proxy.backward(dPred, false, true)); // ∂L/∂x̂
        double[] adj2 = new double[b * d]; // ∂L/∂x″
        for (int k = 0; k < b * d; k++) adj2[k] = gx[k] / m;
        double half1 = 0.5 * sde.beta(horizon - tau);
        double[] adj1 = heun ? throughSecond(net, second, adj2, w, 0.5 * sde.beta(horizon - next), delta) : adj2;
        double[] grad = new double[b];
        for (int r = 0; r < b; r++) {
            double g = 0;
            for (int j = 0; j < d; j++) {
                int k = j * b + r;
                double d1 = half1 * (first.cond[k] - first.uncond[k]); // ∂μ(τᵢ, x)/∂ω
                g += adj1[k] * delta * d1;
                if (heun) {
                    double d2 = 0.5 * sde.beta(horizon - next) * (second.cond[k] - second.uncond[k]);
                    g += 0.5 * delta * adj2[k] * (d2 - d1); // ∂μ(τᵢ₊₁, x′)/∂ω at fixed x′, minus the first's
                }
            }
            grad[r] = g;
        }
        return new Step(loss, grad, s);
    }

    /** The network at rows x and one time, with the condition (cond) and with 0 (uncond), F-order B × D each. */
    record Pair(double[][] x, double time, double condition, double[] cond, double[] uncond) {}

    static Pair evaluate(DiffusionNetwork net, double[][] x, double time, double condition) {
        int b = x.length, d = net.dims();
        double[] both = Tensors.columnMajor(forwardBoth(net, x, time, condition)); // F-order 2B × D
        double[] cond = new double[b * d], uncond = new double[b * d];
        for (int j = 0; j < d; j++) {
            System.arraycopy(both, j * 2 * b, cond, j * b, b);
            System.arraycopy(both, j * 2 * b + b, uncond, j * b, b);
        }
        return new Pair(x, time, condition, cond, uncond);
    }

    /** One forward pass on [x; x] with conditions [y*; 0]. */
    private static INDArray forwardBoth(DiffusionNetwork net, double[][] x, double time, double condition) {
        int b = x.length;
        double[][] in = new double[2 * b][];
        double[] t = new double[2 * b], y = new double[2 * b];
        for (int r = 0; r < b; r++) {
            in[r] = x[r];
            in[b + r] = x[r];
            y[r] = condition;
        }
        Arrays.fill(t, time);
        return net.forward(in, t, y);
    }

    /** μ(x, ω) at row r, column j of an evaluation, with β the ODE's β at its time. */
    private static double drift(Pair p, int r, int j, double beta, double w) {
        int k = j * p.x.length + r;
        return 0.5 * beta * ((1 + w) * p.cond[k] - w * p.uncond[k]) + 0.5 * beta * p.x[r][j];
    }

    private static double[][] euler(double[][] x, Pair first, double beta, double[] w, double delta) {
        int b = x.length, d = x[0].length;
        double[][] out = new double[b][d];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < d; j++) out[r][j] = x[r][j] + delta * drift(first, r, j, beta, w[r]);
        }
        return out;
    }

    private static double[][] heun(
            double[][] x,
            double[][] x1,
            Pair first,
            Pair second,
            double beta1,
            double beta2,
            double[] w,
            double delta) {
        int b = x.length, d = x[0].length;
        double[][] out = new double[b][d];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < d; j++) {
                double mu1 = drift(first, r, j, beta1, w[r]);
                double mu2 = drift(second, r, j, beta2, w[r]);
                out[r][j] = x1[r][j] + (mu2 - mu1) / 2 * delta;
            }
        }
        return out;
    }

    /**
     * ∂L/∂x′ = adj + ½δ·(∂μ/∂x′)ᵀadj at the second evaluation, with ∂μ/∂x′ = ½β·[(1 + ω)J_cond − ω·J_uncond] +
     * ½β·I: the forward pass is recomputed (later passes reused the network's buffers), then one backward pass.
     */
    private static double[] throughSecond(
            DiffusionNetwork net, Pair second, double[] adj, double[] w, double half, double delta) {
        int b = second.x.length, d = net.dims();
        forwardBoth(net, second.x, second.time, second.condition);
        double[] dn = new double[2 * b * d]; // F-order 2B × D
        for (int j = 0; j < d; j++) {
            for (int r = 0; r < b; r++) {
                double a = 0.5 * delta * half * adj[j * b + r];
                dn[j * 2 * b + r] = (1 + w[r]) * a;
                dn[j * 2 * b + b + r] = -w[r] * a;
            }
        }
        INDArray g = Tensors.zeros(net.dataType(), 2L * b, d);
        Tensors.assignColumnMajor(g, dn);
        INDArray dIn = net.backward(g);
        Host h = Host.of(dIn); // F-order 2B × D′, the first D columns are dLoss/dx
        double[] out = new double[b * d];
        for (int j = 0; j < d; j++) {
            for (int r = 0; r < b; r++) {
                int k = j * b + r;
                out[k] = adj[k] + h.get(j * 2 * b + r) + h.get(j * 2 * b + b + r) + 0.5 * delta * half * adj[k];
            }
        }
        return out;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }
}
