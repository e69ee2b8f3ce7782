package org.mbo4j.nn;

import static org.mbo4j.util.Checks.positiveNumber;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A GFlowNet that builds fixed-length sequences left to right (one of {@code tokens} symbols appended per step,
 * {@code length} steps, so every sequence has exactly one trajectory), trained by trajectory balance (Malkin et al.
 * 2022) as in Jain et al., "Biological Sequence Design with GFlowNets" (ICML 2022; code {@code MJ10/BioSeq-GFN-AL},
 * {@code lib/generator/gfn.py} {@code TBGFlowNetGenerator}, {@code lib/model/mlp.py} {@code MLP}).
 *
 * <p>The forward policy π(· | x₁…x_t) is the authors' MLP over the one-hot partial sequence: the prefix is one-hot
 * in positions 1…t and zero in the rest of an L·V input (gfn.py lines 186–189, mlp.py lines 36–39), then
 * Linear(L·V, h), {@code layers} × [ReLU, Linear(h, h)], Linear(h, V) (mlp.py lines 11–18: the last hidden Linear
 * and the output Linear follow each other without an activation). Here the first part is an {@link Mlp}
 * [L·V, h, …, h] with a linear output and the last is a linear {@link Mlp} [h, V]. Weights start as torch.nn.Linear's
 * (U(±1/√fan_in)). Log Z is the sum of {@code logZParts} scalars, each starting at logZInit / logZParts (mlp.py
 * line 21: 64 parts; with Adam, every part takes the same step, so Z moves logZParts times the learning rate).
 *
 * <p>Loss for a batch of B sequences with log-rewards log R(x) (already raised to the reward exponent:
 * {@link #logReward}): L = (1/B) Σᵢ (log Z + Σₜ log π(x_{i,t} | x_{i,&lt;t}) − log R(xᵢ))², the textbook trajectory
 * balance (gfn.py lines 166–180 pair each prefix with the token after next instead: docs/methods/gfn-al.md). A step
 * back-propagates it, clips the global gradient norm of policy and log Z together to {@code clip}
 * (torch.nn.utils.clip_grad_norm_, gfn.py line 140) and updates the policy and log Z with two Adams of their own
 * learning rates (gfn.py lines 129–132, 141–142; ε = 1e-8, PyTorch's value, added to √v in the project's TF
 * form). At the optimum the policy samples x ∝ R(x) and log Z = log Σₓ R(x).
 *
 * <p>Exploration ({@link #sample}): logits divided by a temperature, then with probability ε each step takes a
 * uniformly random token instead (run_tfbind.py lines 180–190; the authors also forbid token 0 at the first step,
 * lines 176–177 and 190, which this class does only with {@link Builder#authorsCode}). Trajectory balance is
 * off-policy, so the exploring sampler does not change the optimum.
 *
 * <p>Not thread-safe (the networks keep per-batch workspaces). Deterministic for a seed: weights from the builder's
 * seed, samples from the caller's generator.
 */
public final class GFlowNet implements Module {
    private final int tokens;
    private final int length;
    private final Mlp body;
    private final Mlp head;
    private final INDArray logZ;
    private final INDArray logZGrad;
    private final Param logZParam;
    private final Adam policyAdam;
    private final Adam logZAdam;
    private final double clip;
    private final DataType type;
    private final boolean authorsCode;
    private int steps;

    private GFlowNet(Builder b) {
        this.tokens = b.tokens;
        this.length = b.length;
        this.type = b.type;
        this.authorsCode = b.authorsCode;
        int[] widths = new int[b.layers];
        Arrays.fill(widths, b.width);
        this.body = Mlp.builder(b.tokens * b.length)
                .hidden(widths)
                .outputs(b.width)
                .activation(Activation.relu())
                .init(Init.TORCH_DEFAULT)
                .dataType(b.type)
                .seed(b.seed)
                .build();
        this.head = Mlp.builder(b.width)
                .hidden()
                .outputs(b.tokens)
                .init(Init.TORCH_DEFAULT)
                .dataType(b.type)
                .seed(b.seed + 1)
                .build();
        this.logZ = Nd4j.create(b.type, b.logZParts).assign(b.logZInit / b.logZParts);
        this.logZGrad = Nd4j.create(b.type, b.logZParts);
        this.logZParam = new Param("logZ", logZ, logZGrad);
        this.policyAdam = new Adam(b.learningRate, 0.9, 0.999, Adam.TORCH_EPSILON);
        this.logZAdam = new Adam(b.logZLearningRate, 0.9, 0.999, Adam.TORCH_EPSILON);
        this.clip = b.clip;
    }

    /** A builder for sequences of {@code length} tokens from an alphabet of {@code tokens}. */
    public static Builder builder(int tokens, int length) {
        return new Builder(tokens, length);
    }

    public int tokens() {
        return tokens;
    }

    public int length() {
        return length;
    }

    /** The learned log Z (sum of its parts). */
    public double logZ() {
        return logZ.sumNumber().doubleValue();
    }

    /** Trajectory-balance steps taken. */
    public int steps() {
        return steps;
    }

    /** Policy parameters (the two networks) followed by log Z's parts. */
    @Override
    public List<Param> parameters() {
        List<Param> ps = new ArrayList<>(policyParameters());
        ps.add(logZParam);
        return ps;
    }

    /** The policy networks' parameters only. */
    public List<Param> policyParameters() {
        List<Param> ps = new ArrayList<>(body.parameters());
        ps.addAll(head.parameters());
        return ps;
    }

    /** log R = max(β·log r, log floor); a reward that is NaN or ≤ 0 gives log floor (gfn.py lines 155–156, 180). */
    public static double logReward(double reward, double exponent, double floor) {
        double lf = Math.log(floor);
        if (!(reward > 0)) return lf;
        double v = exponent * Math.log(reward);
        return Double.isNaN(v) ? lf : Math.max(v, lf);
    }

    /** Policy logits for every prefix of every sequence: row i·L + t is π's logits at x_{i,&lt;t}. */
    private INDArray logitsOfPrefixes(int[][] seqs) {
        check(seqs);
        double[][] rows = new double[seqs.length * length][tokens * length];
        for (int i = 0; i < seqs.length; i++) {
            for (int t = 0; t < length; t++) {
                double[] r = rows[i * length + t];
                for (int u = 0; u < t; u++) r[u * tokens + seqs[i][u]] = 1;
            }
        }
        return head.forward(body.forward(Tensors.matrix(rows, type)));
    }

    /**
     * log π(x) = Σₜ log π(x_t | x_&lt;t) of each sequence under the policy (temperature 1, no random actions); with
     * {@link Builder#authorsCode}, the authors' sum Σ_{t &lt; L−1} log π_t(x_{t+1}) that their loss uses instead.
     */
    public double[] logProbability(int[][] seqs) {
        double[][] f = Tensors.rows(logitsOfPrefixes(seqs));
        double[] out = new double[seqs.length];
        for (int i = 0; i < seqs.length; i++) {
            for (int t = 0; t < scored(); t++) {
                double[] row = f[i * length + t];
                out[i] += row[target(seqs[i], t)] - logSumExp(row);
            }
        }
        return out;
    }

    /** Prefix outputs the loss scores: all L, or L − 1 with the authors' pairing. */
    private int scored() {
        return authorsCode ? length - 1 : length;
    }

    /** The token the output at prefix length t is scored against: x_t, or x_{t+1} with the authors' pairing. */
    private int target(int[] seq, int t) {
        return seq[authorsCode ? t + 1 : t];
    }

    /** The trajectory-balance loss of {@code seqs} with log-rewards {@code logRewards}, without gradients. */
    public double loss(int[][] seqs, double[] logRewards) {
        double[] lp = logProbability(seqs);
        double z = logZ(), sum = 0;
        for (int i = 0; i < seqs.length; i++) {
            double d = z + lp[i] - logRewards[i];
            sum += d * d;
        }
        return sum / seqs.length;
    }

    /**
     * The trajectory-balance loss of {@code seqs}, with its gradient written into every parameter's gradient buffer
     * (previous gradients are discarded). No update, no clipping.
     */
    public double lossAndGradient(int[][] seqs, double[] logRewards) {
        if (logRewards.length != seqs.length) {
            throw new IllegalArgumentException(
                    logRewards.length + " log-rewards for " + seqs.length + " sequences; give one per sequence");
        }
        int b = seqs.length;
        INDArray out = logitsOfPrefixes(seqs);
        double[][] f = Tensors.rows(out);
        double[][] p = new double[f.length][];
        double[] delta = new double[b];
        double z = logZ();
        double loss = 0;
        for (int i = 0; i < b; i++) {
            double lp = 0;
            for (int t = 0; t < scored(); t++) {
                double[] row = f[i * length + t];
                double lse = logSumExp(row);
                lp += row[target(seqs[i], t)] - lse;
                double[] pr = new double[tokens];
                for (int k = 0; k < tokens; k++) pr[k] = Math.exp(row[k] - lse);
                p[i * length + t] = pr;
            }
            delta[i] = z + lp - logRewards[i];
            loss += delta[i] * delta[i];
        }
        loss /= b;
        double[][] df = new double[f.length][tokens];
        double dz = 0;
        for (int i = 0; i < b; i++) {
            double g = 2 * delta[i] / b;
            dz += g;
            for (int t = 0; t < scored(); t++) {
                double[] pr = p[i * length + t];
                double[] d = df[i * length + t];
                for (int k = 0; k < tokens; k++) d[k] = -g * pr[k];
                d[target(seqs[i], t)] += g;
            }
        }
        body.zeroGrad();
        head.zeroGrad();
        INDArray dh = head.backward(Tensors.matrix(df, type), true, true);
        body.backward(dh, true, false);
        logZGrad.assign(dz);
        return loss;
    }

    /**
     * One trajectory-balance step on {@code seqs} (gradient, global norm clip, both Adams); returns the loss before
     * the update.
     *
     * @throws TrainingDivergedException when the loss is not finite (nothing is updated then)
     */
    public double step(int[][] seqs, double[] logRewards) {
        double loss = lossAndGradient(seqs, logRewards);
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(
                    String.format(Locale.ROOT, "the trajectory-balance loss is %s at step %d", loss, steps + 1),
                    steps + 1);
        }
        clipGradients();
        policyAdam.step(policyParameters());
        logZAdam.step(logZParam);
        steps++;
        return loss;
    }

    /** torch.nn.utils.clip_grad_norm_: scale every gradient by clip/(‖g‖ + 1e-6) when that is below 1. */
    private void clipGradients() {
        double sq = 0;
        for (Param p : parameters()) {
            double n = p.grad().norm2Number().doubleValue();
            sq += n * n;
        }
        double coef = clip / (Math.sqrt(sq) + 1e-6);
        if (coef < 1) for (Param p : parameters()) p.grad().muli(coef);
    }

    /**
     * {@code n} sequences drawn step by step: each step samples from softmax(logits / temperature), then with
     * probability {@code randomActionProbability} replaces the token by a uniform one (run_tfbind.py lines 180–190).
     * Temperature 1 and probability 0 sample the policy itself.
     */
    public int[][] sample(int n, double temperature, double randomActionProbability, SplittableRandom rng) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "the sampling temperature must be a positive number, got " + temperature);
        }
        if (!(randomActionProbability >= 0 && randomActionProbability <= 1)) {
            throw new IllegalArgumentException(
                    "the random-action probability must be in [0, 1], got " + randomActionProbability);
        }
        int[][] seqs = new int[n][length];
        double[][] rows = new double[n][tokens * length];
        double[] w = new double[tokens];
        for (int t = 0; t < length; t++) {
            double[][] f = Tensors.rows(head.forward(body.forward(Tensors.matrix(rows, type))));
            for (int i = 0; i < n; i++) {
                // the released code sets token 0's logit to −1000 at the first step (probability e^(−1000/τ)): 0 here,
                // left out of the max and the sum
                int first = authorsCode && t == 0 ? 1 : 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = first; k < tokens; k++) max = Math.max(max, f[i][k] / temperature);
                double sum = 0;
                if (first == 1) w[0] = 0;
                for (int k = first; k < tokens; k++) sum += w[k] = Math.exp(f[i][k] / temperature - max);
                double u = rng.nextDouble() * sum;
                int a = tokens - 1;
                for (int k = 0; k < tokens; k++) {
                    u -= w[k];
                    if (u < 0) {
                        a = k;
                        break;
                    }
                }
                if (randomActionProbability > 0 && rng.nextDouble() < randomActionProbability) {
                    a = first + rng.nextInt(tokens - first); // randint(t == 0, V) in the released code
                }
                seqs[i][t] = a;
                rows[i][t * tokens + a] = 1;
            }
        }
        return seqs;
    }

    private void check(int[][] seqs) {
        if (seqs.length == 0) throw new IllegalArgumentException("no sequences given");
        for (int[] s : seqs) {
            if (s.length != length) {
                throw new IllegalArgumentException("a sequence has " + s.length + " tokens, expected " + length);
            }
            for (int a : s) {
                if (a < 0 || a >= tokens) {
                    throw new IllegalArgumentException("token " + a + " is outside [0, " + tokens + ")");
                }
            }
        }
    }

    static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) max = Math.max(max, x);
        if (max == Double.NEGATIVE_INFINITY) return max;
        double s = 0;
        for (double x : v) s += Math.exp(x - max);
        return max + Math.log(s);
    }

    /**
     * Builder; defaults are the authors' TFBind8 GFlowNet: width 1024 and 2 layers (gfn.py lines 120–127, fixed
     * there, not {@code gen_num_hidden}), log Z starting at 50 in 64 parts ({@code gen_partition_init},
     * run_tfbind.py line 72; mlp.py line 21), clip 10 ({@code gen_clip}, line 64), policy learning rate 1e-3 and log
     * Z learning rate 0.1 (the README's TFBind8 command line overrides {@code gen_learning_rate} 5e-4 and
     * {@code gen_Z_learning_rate} 5e-3 of run_tfbind.py lines 62–63), float32, seed 0.
     */
    public static final class Builder {
        private final int tokens;
        private final int length;
        private int width = 1024;
        private int layers = 2;
        private double learningRate = 1e-3;
        private double logZLearningRate = 0.1;
        private double logZInit = 50;
        private int logZParts = 64;
        private double clip = 10;
        private DataType type = DataType.FLOAT;
        private long seed;
        private boolean authorsCode;

        private Builder(int tokens, int length) {
            if (tokens < 2) throw new IllegalArgumentException("a GFlowNet needs at least 2 tokens, got " + tokens);
            if (length < 1) throw new IllegalArgumentException("the sequence length must be ≥ 1, got " + length);
            this.tokens = tokens;
            this.length = length;
        }

        /**
         * The authors' released code instead of the paper's trajectory balance (off by default): the policy's output
         * at prefix length j is scored against token j + 1, so the first token is never scored and the output that
         * samples the last token is never trained (gfn.py lines 166–178 with mlp.py lines 34–43), and the first
         * token is never token 0 (its logit set to −1000 at step 0, random actions drawn from 1 … V − 1;
         * run_tfbind.py lines 176–177 and 190). For ablations: their sampler is then not ∝ R^β.
         */
        public Builder authorsCode(boolean on) {
            authorsCode = on;
            return this;
        }

        /** Hidden width h (default 1024). */
        public Builder width(int h) {
            if (h < 1) throw new IllegalArgumentException("the hidden width must be ≥ 1, got " + h);
            width = h;
            return this;
        }

        /** Number of [ReLU, Linear(h, h)] blocks (default 2, as the authors' {@code num_layers}). */
        public Builder layers(int n) {
            if (n < 0) throw new IllegalArgumentException("the layer count must be ≥ 0, got " + n);
            layers = n;
            return this;
        }

        /** Adam learning rate of the policy (default 1e-3). */
        public Builder learningRate(double lr) {
            learningRate = positiveNumber("the policy learning rate", lr);
            return this;
        }

        /** Adam learning rate of each log Z part (default 0.1). */
        public Builder logZLearningRate(double lr) {
            logZLearningRate = positiveNumber("the log Z learning rate", lr);
            return this;
        }

        /** Initial log Z (default 50) and the number of parts it is the sum of (default 64). */
        public Builder logZ(double init, int parts) {
            if (!Double.isFinite(init)) throw new IllegalArgumentException("the initial log Z must be finite");
            if (parts < 1) throw new IllegalArgumentException("log Z needs at least 1 part, got " + parts);
            logZInit = init;
            logZParts = parts;
            return this;
        }

        /** Global gradient-norm clip (default 10). */
        public Builder clip(double c) {
            clip = positiveNumber("the gradient clip", c);
            return this;
        }

        /** FLOAT (default) or DOUBLE (gradient checks). */
        public Builder dataType(DataType t) {
            type = Tensors.floatOrDouble(t);
            return this;
        }

        /** Weight-initialisation seed (default 0). */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public GFlowNet build() {
            if (authorsCode && (tokens < 2 || length < 2)) {
                throw new IllegalArgumentException("the authors' pairing needs at least 2 tokens and 2 positions (it"
                        + " forbids token 0 first and scores each output against the next token), got " + tokens
                        + " tokens of length " + length);
            }
            return new GFlowNet(this);
        }
    }
}
