package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conservative Q-learning on soft actor-critic (Kumar et al., NeurIPS 2020), the offline RL learner of PGS
 * (Chemingui et al., AAAI 2024), as its code runs it ({@code yassineCh/PGS} 5483729, {@code conservative_sac.py};
 * defaults at lines 15–41, the update at 86–232). One {@link #step} on a batch of transitions (s, a, r, s', done):
 *
 * <ul>
 *   <li><b>Temperature:</b> α = exp(log α), log α trained by Adam on −mean(log α·(log π(ã|s) + H̄)) (automatic
 *       entropy tuning; log α starts at 0, lr = the policy's).</li>
 *   <li><b>Policy:</b> mean(α·log π(ã|s) − min(Q₁, Q₂)(s, ã)), ã ~ π(·|s) reparameterised; α is the value before its
 *       own update (the code steps α first, but the policy loss was built with the old value).</li>
 *   <li><b>Q:</b> for each Qᵢ, mean((Qᵢ(s, a) − y)²) with y = r + (1 − done)·γ·min(Q̄₁, Q̄₂)(s', a'), a' ~ π(·|s')
 *       (targets Q̄, no entropy term: {@code backup_entropy} false), plus the conservative term w·mean(T·logsumexp(
 *       c/T) − Qᵢ(s, a)) over 3N importance-weighted values c per state (N = {@code cql_n_actions}): Qᵢ(s, uⱼ) −
 *       log 0.5^A for uniform uⱼ ∈ (−1, 1)^A, Qᵢ(s, a'ⱼ) − log π(a'ⱼ|s') for a'ⱼ ~ π(·|s') and Qᵢ(s, ãⱼ) − log
 *       π(ãⱼ|s) for ãⱼ ~ π(·|s) — all at the state s, as the code evaluates them; the sampled actions carry no
 *       gradient.</li>
 *   <li><b>Targets:</b> Q̄ ← (1 − τ)·Q̄ + τ·Q after every step (period 1).</li>
 * </ul>
 *
 * Every sample of a step comes from the policy before that step's update, and each loss sees the parameters before
 * any update, as in the code (which builds all losses, then steps α, π and Q in turn). Draw order per step: ε for
 * ã, ε for a', the uniform u, ε for the N actions at s, ε for the N actions at s' (the code's order; the streams
 * themselves are Java's, not PyTorch's). Deviation: Adam adds ε = 1e-8 to √v in the TF form ({@link Adam}), where
 * PyTorch adds it to the bias-corrected √v̂. Not thread-safe.
 */
public final class ConservativeSac {
    /** How the critics' TD targets meet their predictions. */
    public enum TdTarget {
        /** mean over transitions j of (Q(sⱼ, aⱼ) − yⱼ)², as CQL intends. */
        PER_TRANSITION,
        /**
         * PGS's code: rewards and dones are B × 1 columns and the target values a length-B vector, so y = r + (1 −
         * d)·γ·min Q̄ broadcasts to B × B and the loss is the mean over all (i, j) of (Q(sⱼ, aⱼ) − rᵢ − (1 −
         * dᵢ)·γ·Q̄ⱼ)²: each prediction is pulled toward the batch's mean reward, r̄ + (1 − d̄)·γ·Q̄ⱼ
         * ({@code generate_trajectories.py} 74–75 reshape them so; {@code conservative_sac.py} 139–141;
         * {@code crosscheck/cql_sac_torch.py} checks it).
         */
        BATCH_BROADCAST
    }

    /** The update's settings; {@link #pgs} gives the code's defaults. */
    public record Settings(
            double discount,
            double policyLr,
            double qLr,
            double tau,
            int cqlActions,
            double minQWeight,
            double temperature,
            double targetEntropy,
            TdTarget tdTarget) {
        public Settings {
            if (tdTarget == null) throw new IllegalArgumentException("the TD target rule must be given");
            if (!(discount >= 0 && discount <= 1))
                throw new IllegalArgumentException("discount must be in [0, 1], got " + discount);
            if (!(tau > 0 && tau <= 1)) throw new IllegalArgumentException("tau must be in (0, 1], got " + tau);
            if (cqlActions < 1) throw new IllegalArgumentException("cql actions must be ≥ 1, got " + cqlActions);
            if (!(temperature > 0))
                throw new IllegalArgumentException("CQL temperature must be > 0, got " + temperature);
        }

        /**
         * {@code conservative_sac.py} 17–36: γ 0.99, learning rates 3e-4, τ 5e-3, N = 10, weight 5, temperature 1;
         * the target entropy is the caller's (PGS: −observation dimension, {@code pgs.py} 141–142); the TD target
         * broadcast as PGS's code runs it ({@link TdTarget#BATCH_BROADCAST}).
         */
        public static Settings pgs(double targetEntropy) {
            return new Settings(0.99, 3e-4, 3e-4, 5e-3, 10, 5.0, 1.0, targetEntropy, TdTarget.BATCH_BROADCAST);
        }
    }

    /** One batch of transitions: s and s' (B × S), a (B × A), r and done (length B). */
    public record Batch(
            INDArray observations, INDArray actions, double[] rewards, double[] dones, INDArray nextObservations) {}

    /** The losses of a step (each before the step's update) and α. */
    public record Metrics(
            double policyLoss,
            double q1Loss,
            double q2Loss,
            double cql1,
            double cql2,
            double alpha,
            double alphaLoss,
            double meanLogPi) {}

    /** The random draws of one step (column-major, see the class comment for their order). */
    record Draws(double[] policy, double[] next, double[] uniform, double[] current, double[] nextRepeated) {
        static Draws of(SplittableRandom rng, int batch, int actions, int n) {
            return new Draws(
                    gaussian(rng, batch * actions),
                    gaussian(rng, batch * actions),
                    uniform(rng, batch * n * actions),
                    gaussian(rng, batch * n * actions),
                    gaussian(rng, batch * n * actions));
        }

        private static double[] gaussian(SplittableRandom rng, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = rng.nextGaussian();
            return v;
        }

        private static double[] uniform(SplittableRandom rng, int n) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = 2 * rng.nextDouble() - 1;
            return v;
        }
    }

    private final TanhGaussianPolicy policy;
    private final Mlp q1;
    private final Mlp q2;
    private final Mlp target1;
    private final Mlp target2;
    private final Settings settings;
    private final Param logAlpha;
    private final Adam policyAdam;
    private final Adam qAdam;
    private final Adam alphaAdam;
    private SplittableRandom rng;
    private int steps;

    /**
     * A learner for {@code policy} and the critics {@code q1}, {@code q2} (inputs [s, a], one output); the targets
     * start as copies of the critics; the draws come from {@code seed}.
     */
    public ConservativeSac(TanhGaussianPolicy policy, Mlp q1, Mlp q2, Settings settings, long seed) {
        int in = policy.observations() + policy.actions();
        for (Mlp q : List.of(q1, q2)) {
            if (q.inputSize() != in || q.outputSize() != 1) {
                throw new IllegalArgumentException("a critic needs " + in + " inputs (observation and action) and 1"
                        + " output, got " + q.inputSize() + " → " + q.outputSize());
            }
        }
        this.policy = policy;
        this.q1 = q1;
        this.q2 = q2;
        this.target1 = q1.copy();
        this.target2 = q2.copy();
        this.settings = settings;
        DataType t = q1.dataType();
        logAlpha = new Param("log_alpha", Nd4j.zeros(t, 1, 1), Nd4j.zeros(t, 1, 1));
        policyAdam = new Adam(settings.policyLr(), 0.9, 0.999, Adam.TORCH_EPSILON);
        qAdam = new Adam(settings.qLr(), 0.9, 0.999, Adam.TORCH_EPSILON);
        alphaAdam = new Adam(settings.policyLr(), 0.9, 0.999, Adam.TORCH_EPSILON);
        rng = new SplittableRandom(seed);
    }

    public TanhGaussianPolicy policy() {
        return policy;
    }

    /** The target critic i (1 or 2), for tests. */
    Mlp target(int i) {
        return i == 1 ? target1 : target2;
    }

    /** Sets log α (tests start it away from the code's 0 so its loss and gradient show). */
    void logAlpha(double v) {
        logAlpha.value().putScalar(0, v);
    }

    /** The current α = exp(log α). */
    public double alpha() {
        return Math.exp(logAlpha.value().getDouble(0));
    }

    /** Updates done so far. */
    public int steps() {
        return steps;
    }

    /**
     * Restarts the draws of {@link #step(Batch)} from {@code seed}: a loop that reseeds at every epoch start can
     * resume from a {@link #state} (a stream's position cannot be saved).
     */
    public void reseed(long seed) {
        rng = new SplittableRandom(seed);
    }

    /**
     * Everything the next updates depend on except the draws: the parameters of the policy, both critics and
     * their targets, log α, the three Adams' moments and step counts, and the update count (live arrays, not
     * copies).
     */
    public Map<String, INDArray> state() {
        Map<String, INDArray> a = new LinkedHashMap<>();
        Map<String, List<Param>> groups = groups();
        groups.forEach((name, ps) -> {
            for (int i = 0; i < ps.size(); i++) a.put(name + "." + i, ps.get(i).value());
        });
        a.putAll(policyAdam.state(groups.get("policy"), "adam.policy."));
        a.putAll(qAdam.state(critics(), "adam.q."));
        a.putAll(alphaAdam.state(List.of(logAlpha), "adam.alpha."));
        a.put("steps", Nd4j.scalar((double) steps));
        return a;
    }

    /**
     * Restores a {@link #state} of a learner with the same shapes. Every array is checked (present, same shape as
     * the live one; the Adams' moments and step counts of every parameter they hold) before anything is assigned, so
     * a state that does not fit leaves the learner as it was.
     *
     * @throws IllegalArgumentException naming the first missing or misshapen array
     */
    public void restore(Map<String, INDArray> saved) {
        Map<String, List<Param>> groups = groups();
        Map<String, INDArray> live = state();
        for (String key : live.keySet()) {
            INDArray v = saved.get(key);
            if (v == null) throw new IllegalArgumentException("the saved learner state has no " + key);
            if (!java.util.Arrays.equals(v.shape(), live.get(key).shape())) {
                throw new IllegalArgumentException("the saved learner state's " + key + " has shape "
                        + java.util.Arrays.toString(v.shape()) + ", this learner's "
                        + java.util.Arrays.toString(live.get(key).shape()));
            }
        }
        checkMoments(groups.get("policy"), "adam.policy.", saved);
        checkMoments(critics(), "adam.q.", saved);
        checkMoments(List.of(logAlpha), "adam.alpha.", saved);
        groups.forEach((name, ps) -> {
            for (int i = 0; i < ps.size(); i++) ps.get(i).value().assign(saved.get(name + "." + i));
        });
        policyAdam.restore(groups.get("policy"), "adam.policy.", saved);
        qAdam.restore(critics(), "adam.q.", saved);
        alphaAdam.restore(List.of(logAlpha), "adam.alpha.", saved);
        steps = (int) saved.get("steps").getDouble(0);
    }

    /** Moments saved for a parameter ({@link Adam#state}'s keys) must match its shape and come with a step count. */
    private static void checkMoments(List<Param> params, String prefix, Map<String, INDArray> saved) {
        for (int i = 0; i < params.size(); i++) {
            INDArray m = saved.get(prefix + i + ".m"), v = saved.get(prefix + i + ".v");
            if (m == null && v == null) continue; // never stepped: a fresh optimizer state
            long[] shape = params.get(i).value().shape();
            if (m == null
                    || v == null
                    || !saved.containsKey(prefix + i + ".t")
                    || !java.util.Arrays.equals(m.shape(), shape)
                    || !java.util.Arrays.equals(v.shape(), shape)) {
                throw new IllegalArgumentException("the saved learner state's optimizer moments " + prefix + i
                        + " do not fit a parameter of shape " + java.util.Arrays.toString(shape));
            }
        }
    }

    private Map<String, List<Param>> groups() {
        Map<String, List<Param>> g = new LinkedHashMap<>();
        g.put("policy", policy.parameters());
        g.put("q1", q1.parameters());
        g.put("q2", q2.parameters());
        g.put("target1", target1.parameters());
        g.put("target2", target2.parameters());
        g.put("log_alpha", List.of(logAlpha));
        return g;
    }

    private List<Param> critics() {
        List<Param> qs = new ArrayList<>(q1.parameters());
        qs.addAll(q2.parameters());
        return qs;
    }

    /**
     * One update of α, the policy and both critics, then the targets.
     *
     * @throws TrainingDivergedException when a loss is not finite (the message names the step)
     */
    public Metrics step(Batch batch) {
        int b = (int) batch.observations().rows();
        return step(batch, Draws.of(rng, b, policy.actions(), settings.cqlActions()));
    }

    Metrics step(Batch batch, Draws draws) {
        int bsz = (int) batch.observations().rows(), a = policy.actions(), n = settings.cqlActions();
        int s = policy.observations();
        double[] obs = Tensors.columnMajor(batch.observations());
        double[] next = Tensors.columnMajor(batch.nextObservations());
        double[] obsRep = repeat(obs, bsz, s, n), nextRep = repeat(next, bsz, s, n);
        // samples of the policy before this step's update (values only), then the policy loss's sample last: the
        // network keeps one workspace per batch size, and backward needs the last forward's
        TanhGaussianPolicy.Sample nextSample = policy.sample(batch.nextObservations(), draws.next());
        TanhGaussianPolicy.Sample current = policy.sample(matrix(obsRep, bsz * n, s), draws.current());
        TanhGaussianPolicy.Sample nextRepeated = policy.sample(matrix(nextRep, bsz * n, s), draws.nextRepeated());
        TanhGaussianPolicy.Sample own = policy.sample(batch.observations(), draws.policy());

        // α and its loss
        double alpha = alpha();
        double[] logPi = own.logProb;
        double meanLogPi = mean(logPi);
        double alphaLoss = -logAlpha.value().getDouble(0) * (meanLogPi + settings.targetEntropy());
        // policy: ∂/∂ã of −min(Q₁, Q₂)/B through whichever critic is smaller (half each on an exact tie, as torch ≥
        // 1.10;
        // PGS's pinned 1.7.1 gives it to one side: ties of two float critics do not occur in practice)
        INDArray xPi = matrix(concat(obs, own.actions), bsz, s + a);
        double[] qa = new double[bsz], qb = new double[bsz];
        double[] ga = actionGradient(q1, xPi, s, qa), gb = actionGradient(q2, xPi, s, qb);
        double policyLoss = 0;
        double[] dAction = new double[bsz * a];
        for (int i = 0; i < bsz; i++) {
            policyLoss += (alpha * logPi[i] - Math.min(qa[i], qb[i])) / bsz;
            double w1 = qa[i] < qb[i] ? 1 : qa[i] == qb[i] ? 0.5 : 0, w2 = 1 - w1;
            for (int d = 0; d < a; d++) {
                int k = d * bsz + i;
                dAction[k] = -(w1 * ga[k] + w2 * gb[k]) / bsz;
            }
        }
        double[] dLogPi = new double[bsz];
        java.util.Arrays.fill(dLogPi, alpha / bsz);

        // critics: targets from the target networks at (s', a')
        INDArray xNext = matrix(concat(next, nextSample.actions), bsz, s + a);
        double[] t1 = Tensors.columnMajor(target1.forward(xNext)), t2 = Tensors.columnMajor(target2.forward(xNext));
        double[] target = new double[bsz];
        for (int i = 0; i < bsz; i++) target[i] = Math.min(t1[i], t2[i]);
        double[] y = new double[bsz];
        double tdConstant =
                tdTargets(batch.rewards(), batch.dones(), target, settings.discount(), settings.tdTarget(), y);
        // one pass per critic over [(s, a); (s, u); (s, a'ⱼ); (s, ãⱼ)]
        double[] actRows = concatRows(
                a,
                Tensors.columnMajor(batch.actions()),
                bsz,
                draws.uniform(),
                nextRepeated.actions,
                current.actions,
                bsz * n);
        double[] obsRows = concatRows(s, obs, bsz, obsRep, obsRep, obsRep, bsz * n);
        int rows = bsz + 3 * bsz * n;
        INDArray xQ = matrix(concat(obsRows, actRows), rows, s + a);
        double logDensity = a * Math.log(0.5);
        double[] offsets = new double[3 * bsz * n];
        for (int i = 0; i < bsz * n; i++) {
            offsets[i] = -logDensity;
            offsets[bsz * n + i] = -nextRepeated.logProb[i];
            offsets[2 * bsz * n + i] = -current.logProb[i];
        }
        q1.zeroGrad();
        q2.zeroGrad();
        double[] l1 = criticLoss(q1, xQ, y, offsets, bsz, n);
        double[] l2 = criticLoss(q2, xQ, y, offsets, bsz, n);
        l1[0] += tdConstant;
        l2[0] += tdConstant;

        double[] all = {policyLoss, l1[0], l2[0], l1[1], l2[1], alphaLoss};
        for (double v : all) {
            if (!Double.isFinite(v)) {
                throw new TrainingDivergedException(
                        String.format(
                                java.util.Locale.ROOT,
                                "CQL-SAC diverged at step %d (policy loss %s, Q losses %s, %s, CQL terms %s, %s); lower the "
                                        + "learning rates (policy_lr, qf_lr) or the CQL weight",
                                steps + 1,
                                policyLoss,
                                l1[0],
                                l2[0],
                                l1[1],
                                l2[1]),
                        steps + 1);
            }
        }
        // the updates, each from gradients of the pre-step parameters
        logAlpha.grad().assign(-(meanLogPi + settings.targetEntropy()));
        alphaAdam.step(logAlpha);
        policy.zeroGrad();
        policy.backward(own, dAction, dLogPi);
        policyAdam.step(policy.parameters());
        qAdam.step(critics());
        softUpdate(q1, target1, settings.tau());
        softUpdate(q2, target2, settings.tau());
        steps++;
        return new Metrics(policyLoss, l1[0], l2[0], l1[1], l2[1], alpha, alphaLoss, meanLogPi);
    }

    /**
     * Q at x (into {@code values}) and ∂Q/∂action per row (column-major B × A: the input gradient's columns after
     * the S observation columns); no weight gradients.
     */
    private static double[] actionGradient(Mlp q, INDArray x, int s, double[] values) {
        int rows = (int) x.rows();
        System.arraycopy(Tensors.columnMajor(q.forward(x)), 0, values, 0, rows);
        INDArray ones = Nd4j.ones(q.dataType(), rows, 1);
        double[] dx = Tensors.columnMajor(q.backward(ones, false, true));
        return java.util.Arrays.copyOfRange(dx, s * rows, dx.length);
    }

    /**
     * [TD loss, CQL term before its weight] of one critic on the stacked inputs, with its weight gradients of TD +
     * w·CQL accumulated: ∂/∂Q(s, a) = 2(Q − y)/B − w/B, ∂/∂cⱼ = w/B·softmax(c/T)ⱼ.
     */
    private double[] criticLoss(Mlp q, INDArray x, double[] y, double[] offsets, int bsz, int n) {
        double[] out = Tensors.columnMajor(q.forward(x));
        double[] d = new double[out.length];
        double[] losses = criticTerms(out, y, offsets, bsz, n, settings.minQWeight(), settings.temperature(), d);
        INDArray g = Nd4j.create(q.dataType(), new long[] {out.length, 1}, 'f');
        Tensors.assignColumnMajor(g, d);
        q.backward(g, true, false);
        return losses;
    }

    /**
     * [TD loss, CQL term before its weight w] for a critic's outputs on the stacked rows (the B data rows, then the
     * 3·B·N sampled ones, value j of state i at row B + k·B·N + i·N + j for k = uniform, a', ã), and into {@code d}
     * the derivative of TD + w·CQL by each output: 2(Q − y)/B − w/B at the data rows, w/B·softmax(c/T) at the others.
     */
    static double[] criticTerms(
            double[] out, double[] y, double[] offsets, int bsz, int n, double w, double temp, double[] d) {
        double td = 0, cql = 0;
        double[] c = new double[3 * n];
        for (int i = 0; i < bsz; i++) {
            double pred = out[i];
            td += (pred - y[i]) * (pred - y[i]) / bsz;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < n; j++) {
                    int row = k * bsz * n + i * n + j;
                    c[k * n + j] = (out[bsz + row] + offsets[row]) / temp;
                    max = Math.max(max, c[k * n + j]);
                }
            }
            double sum = 0;
            for (double v : c) sum += Math.exp(v - max);
            cql += (temp * (max + Math.log(sum)) - pred) / bsz;
            d[i] = 2 * (pred - y[i]) / bsz - w / bsz;
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < n; j++) {
                    int row = k * bsz * n + i * n + j;
                    d[bsz + row] = w / bsz * Math.exp(c[k * n + j] - max) / sum;
                }
            }
        }
        return new double[] {td, cql};
    }

    /**
     * The per-transition targets yⱼ whose squared distance to Q(sⱼ, aⱼ), averaged over j, has the TD loss's
     * gradient, into {@code y}; returns what the loss adds that no prediction changes. Per transition: yⱼ = rⱼ + (1 −
     * dⱼ)·γ·Q̄ⱼ and 0. Broadcast: the mean over i of (q − rᵢ − (1 − dᵢ)·γ·Q̄ⱼ)² is (q − yⱼ)² + the variance over i
     * of rᵢ + (1 − dᵢ)·γ·Q̄ⱼ, with yⱼ = r̄ + (1 − d̄)·γ·Q̄ⱼ; the mean over j of those variances is returned.
     */
    static double tdTargets(double[] r, double[] done, double[] target, double discount, TdTarget rule, double[] y) {
        int b = r.length;
        if (rule == TdTarget.PER_TRANSITION) {
            for (int j = 0; j < b; j++) y[j] = r[j] + (1 - done[j]) * discount * target[j];
            return 0;
        }
        double rMean = 0, dMean = 0;
        for (int i = 0; i < b; i++) {
            rMean += r[i] / b;
            dMean += done[i] / b;
        }
        double constant = 0;
        for (int j = 0; j < b; j++) {
            y[j] = rMean + (1 - dMean) * discount * target[j];
            for (int i = 0; i < b; i++) {
                double e = (r[i] - rMean) - (done[i] - dMean) * discount * target[j];
                constant += e * e / ((double) b * b);
            }
        }
        return constant;
    }

    /** θ̄ ← (1 − τ)·θ̄ + τ·θ ({@code model.py} {@code soft_target_update}). */
    static void softUpdate(Mlp source, Mlp target, double tau) {
        target.flatParameters().muli(1 - tau).addi(source.flatParameters().mul(tau));
    }

    /** Rows b·n + j = row b of x (column-major rows × cols), the code's {@code extend_and_repeat}. */
    static double[] repeat(double[] x, int rows, int cols, int n) {
        double[] out = new double[rows * n * cols];
        for (int c = 0; c < cols; c++) {
            for (int b = 0; b < rows; b++) {
                double v = x[c * rows + b];
                for (int j = 0; j < n; j++) out[c * rows * n + b * n + j] = v;
            }
        }
        return out;
    }

    /** Column-major [x, y] side by side (same rows): the arrays one after the other. */
    private static double[] concat(double[] x, double[] y) {
        double[] out = new double[x.length + y.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }

    /** Column-major rows stacked: [first (rows₀); a; b; c (rows₁ each)], cols columns. */
    private static double[] concatRows(
            int cols, double[] first, int rows0, double[] a, double[] b, double[] c, int rows1) {
        int rows = rows0 + 3 * rows1;
        double[] out = new double[rows * cols];
        for (int col = 0; col < cols; col++) {
            int o = col * rows;
            System.arraycopy(first, col * rows0, out, o, rows0);
            System.arraycopy(a, col * rows1, out, o + rows0, rows1);
            System.arraycopy(b, col * rows1, out, o + rows0 + rows1, rows1);
            System.arraycopy(c, col * rows1, out, o + rows0 + 2 * rows1, rows1);
        }
        return out;
    }

    private INDArray matrix(double[] v, int rows, int cols) {
        INDArray m = Nd4j.create(q1.dataType(), new long[] {rows, cols}, 'f');
        Tensors.assignColumnMajor(m, v);
        return m;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
