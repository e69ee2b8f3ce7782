package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tanh-squashed Gaussian policy over actions in (−1, 1)^A, as the SAC/CQL code PGS builds on (Chemingui et al.,
 * AAAI 2024; {@code yassineCh/PGS} 5483729, {@code model.py} 79–155): an MLP maps an observation to [μ; r] (2A
 * outputs), log σ = clamp(a·r + b, −20, 2) with two trained scalars a (initially 1) and b (initially −1)
 * ({@code log_std_multiplier}, {@code log_std_offset}, {@code Scalar} parameters of the policy, lines 135–136), and
 * an action is tanh(u), u = μ + σ·ε, ε ~ N(0, I) (reparameterised), with
 *
 * <pre>
 *   log π(tanh u | s) = Σ_d [ −ε_d²/2 − log σ_d − ½ log 2π − 2(log 2 − u_d − softplus(−2u_d)) ]
 * </pre>
 *
 * <p>(PyTorch's {@code TanhTransform} Jacobian with the pre-tanh value cached, so no atanh). The deterministic action
 * is tanh(μ). Arrays are column-major B × A ({@code double[]} index d·B + b) for actions and draws, length B for
 * log-probabilities.
 *
 * <p>{@link #backward} needs the {@link Sample} of the <em>last</em> {@link #sample} call (the MLP keeps one
 * workspace per batch size); not thread-safe.
 */
public final class TanhGaussianPolicy implements Module {
    /** {@code ReparameterizedTanhGaussian}'s clamp of log σ (bounds {@code model.py} 81, applied at 88 and 99). */
    public static final double LOG_STD_MIN = -20;

    public static final double LOG_STD_MAX = 2;

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final Mlp base;
    private final int actions;
    private final Param scale;
    private final Param offset;

    /**
     * A policy on {@code base} (observation → 2A outputs, [μ; r]); log σ = a·r + b starts at a = {@code scale0},
     * b = {@code offset0} (PGS: 1 and −1).
     */
    public TanhGaussianPolicy(Mlp base, double scale0, double offset0) {
        if (base.outputSize() % 2 != 0) {
            throw new IllegalArgumentException(
                    "a tanh-Gaussian policy needs 2·A network outputs (mean and log-std), got " + base.outputSize());
        }
        this.base = base;
        this.actions = base.outputSize() / 2;
        scale = new Param(
                "log_std_multiplier",
                Nd4j.scalar(base.dataType(), scale0).reshape(1, 1),
                Nd4j.zeros(base.dataType(), 1, 1));
        offset = new Param(
                "log_std_offset",
                Nd4j.scalar(base.dataType(), offset0).reshape(1, 1),
                Nd4j.zeros(base.dataType(), 1, 1));
    }

    public int actions() {
        return actions;
    }

    public int observations() {
        return base.inputSize();
    }

    public Mlp network() {
        return base;
    }

    @Override
    public List<Param> parameters() {
        List<Param> p = new ArrayList<>(base.parameters());
        p.add(scale);
        p.add(offset);
        return p;
    }

    @Override
    public void zeroGrad() {
        base.zeroGrad();
        scale.grad().assign(0);
        offset.grad().assign(0);
    }

    /** One reparameterised draw per observation row: actions tanh(μ + σε), their log-probabilities. */
    public Sample sample(INDArray obs, double[] eps) {
        int rows = (int) obs.rows();
        if (eps.length != rows * actions) {
            throw new IllegalArgumentException(
                    "expected " + rows + " × " + actions + " standard normal draws, got " + eps.length);
        }
        double[] out = Tensors.columnMajor(base.forward(obs));
        double a = scale.value().getDouble(0), b = offset.value().getDouble(0);
        int n = rows * actions;
        double[] raw = new double[n], sigma = new double[n], u = new double[n], act = new double[n];
        boolean[] clamped = new boolean[n];
        double[] logp = new double[rows];
        for (int i = 0; i < n; i++) {
            int row = i % rows;
            double mu = out[i];
            raw[i] = out[n + i];
            double ls = a * raw[i] + b;
            clamped[i] = ls < LOG_STD_MIN || ls > LOG_STD_MAX;
            ls = Math.min(LOG_STD_MAX, Math.max(LOG_STD_MIN, ls));
            sigma[i] = Math.exp(ls);
            u[i] = mu + sigma[i] * eps[i];
            act[i] = Math.tanh(u[i]);
            logp[row] += -0.5 * eps[i] * eps[i] - ls - HALF_LOG_2PI - 2 * (Math.log(2) - u[i] - softplus(-2 * u[i]));
        }
        return new Sample(rows, act, logp, eps.clone(), raw, sigma, u, clamped);
    }

    /** tanh(μ(s)) per row (column-major B × A). */
    public double[] deterministic(INDArray obs) {
        int rows = (int) obs.rows(), n = rows * actions;
        double[] out = Tensors.columnMajor(base.forward(obs));
        double[] act = new double[n];
        for (int i = 0; i < n; i++) act[i] = Math.tanh(out[i]);
        return act;
    }

    /**
     * Accumulates the parameter gradients of a loss L for the last sample, given ∂L/∂action (B × A) and ∂L/∂log π
     * (length B): through u = μ + σε (∂u/∂μ = 1, ∂u/∂log σ = σε), tanh (1 − tanh²u), and log π (∂/∂u = 2 tanh u,
     * ∂/∂log σ = −1 with ε held); log σ's clamp passes no gradient where it binds.
     */
    public void backward(Sample s, double[] dAction, double[] dLogProb) {
        int rows = s.rows, n = rows * actions;
        double[] dOut = new double[2 * n];
        double a = scale.value().getDouble(0);
        double dScale = 0, dOffset = 0;
        for (int i = 0; i < n; i++) {
            int row = i % rows;
            double t = s.actions[i];
            double du = dAction[i] * (1 - t * t) + dLogProb[row] * 2 * t;
            dOut[i] = du;
            double dls = s.clamped[i] ? 0 : du * s.sigma[i] * s.eps[i] - dLogProb[row];
            dOut[n + i] = dls * a;
            dScale += dls * s.raw[i];
            dOffset += dls;
        }
        INDArray g = Nd4j.create(base.dataType(), new long[] {rows, 2L * actions}, 'f');
        Tensors.assignColumnMajor(g, dOut);
        base.backward(g, true, false);
        scale.grad().addi(dScale);
        offset.grad().addi(dOffset);
    }

    static double softplus(double x) {
        return x > 20 ? x : Math.log1p(Math.exp(x)); // torch's F.softplus threshold
    }

    /**
     * Actions (column-major rows × A) and their log-probabilities, with what {@link #backward} needs: the draws, the
     * raw log-std outputs, σ, u and where the clamp binds.
     */
    public static final class Sample {
        final int rows;
        final double[] actions;
        final double[] logProb;
        final double[] eps;
        final double[] raw;
        final double[] sigma;
        final double[] u;
        final boolean[] clamped;

        Sample(
                int rows,
                double[] actions,
                double[] logProb,
                double[] eps,
                double[] raw,
                double[] sigma,
                double[] u,
                boolean[] clamped) {
            this.rows = rows;
            this.actions = actions;
            this.logProb = logProb;
            this.eps = eps;
            this.raw = raw;
            this.sigma = sigma;
            this.u = u;
            this.clamped = clamped;
        }

        public double[] actions() {
            return actions.clone();
        }

        public double[] logProb() {
            return logProb.clone();
        }
    }
}
