package org.mbo4j.method.surrogate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.mbo4j.data.Percentiles;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.ConservativeSac;
import org.mbo4j.nn.ConvSequenceVae;
import org.mbo4j.nn.FlowMatching;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.LoopCheckpoint;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.TanhGaussianPolicy;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.nn.TrainingLoss;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.Progress;
import org.mbo4j.util.Shuffle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PGS: Chemingui, Deshwal, Hoang, Doppa, "Offline Model-Based Optimization via Policy-Guided Gradient Search", AAAI
 * 2024 (code {@code yassineCh/PGS} at 5483729; file:line sources in {@code docs/methods/specs/pgs.md}). Gradient
 * ascent on a surrogate whose per-coordinate step sizes come from a policy learned offline: random walks through
 * the data's best rows become transitions whose action is the step (Δx / ∇f̂(x) / 10) and whose reward is Δy, a
 * conservative Q-learner ({@link ConservativeSac}) learns from them, and its deterministic policy then steers
 * x ← x + tanh(μ(x)) ⊙ scale ⊙ ∇f̂(x) from the k best designs.
 *
 * <p><b>Contract.</b> Single objective; sequences and boxes. Sequences live in the latent means of a convolutional
 * VAE trained first ({@link ConvSequenceVae}, COMs' SequentialVAE; designs are decoded by argmax at the end), boxes
 * are z-scored; y is z-scored. The surrogate (2 × 2048 ReLU, MSE) trains on the first 90 % of a seeded shuffle, in
 * the same order every epoch, and the last epoch is kept. The walks are 51 distinct rows of the top 20 % drawn at
 * random (not sorted), the policy learner runs 401 epochs of 1,000 steps of 256 transitions, and the rollout is 50
 * steps with scale 2√d in the latent space of sequences and 0.05√d on boxes. Same seed, same designs.
 *
 * <p><b>Deviations</b> ({@code docs/methods/pgs.md}): the code rolls out at epochs 50, 100, …, 400 and leaves the
 * choice among them to a kNN "offline state estimation" that cannot run as released (the embedder's weights and
 * training script are missing, and it would be queried on raw designs); we roll out once, after the last epoch.
 * The critics' TD target is the code's, broadcast over the batch ({@link ConservativeSac.TdTarget#BATCH_BROADCAST});
 * {@code with(Settings::tdTarget, PER_TRANSITION)} gives CQL's. The code's first evaluation crashes
 * ({@code step(..., vec=True)}); any fix is ours. Walks are capped at the top rows' count − 1 on data with fewer
 * than 51 of them (the code needs 51). Random streams are Java's; the policy learner's batch picks and draws
 * restart every epoch from (seed, epoch), so its per-epoch checkpoints ({@link LoopCheckpoint}, inside the
 * benchmark's {@code TrainingCheckpoints} scope) resume exactly.
 */
public final class PolicyGuidedGradientSearch
        extends ConfiguredMethod<PolicyGuidedGradientSearch.Settings, PolicyGuidedGradientSearch> {

    /**
     * Hyperparameters ({@code yassineCh/PGS} 5483729; the same for every task except the step scale).
     *
     * @param quickVariant      the tutorial/CI variant
     * @param vaeWidth          VAE channels (64, {@code vae.py} 15)
     * @param vaeLatent         VAE latent size (32, {@code vae.py} 16)
     * @param vaeEpochs         VAE epochs (50, {@code vae.py} 24)
     * @param vaeLr             VAE Adam lr (3e-4, tf.keras ε, {@code vae.py} 20)
     * @param vaeBatch          VAE batch (32, {@code vae.py} 22)
     * @param vaeValidation     VAE validation rows (200, {@code vae.py} 23; selects nothing)
     * @param surrogateHidden   surrogate width (2048, two ReLU layers, {@code pgs.py} 27; {@code surrogate.py} 10–24)
     * @param surrogateEpochs   surrogate epochs (50, {@code pgs.py} 29; the last is kept)
     * @param surrogateLr       surrogate Adam lr (3e-4, torch ε, {@code pgs.py} 30)
     * @param surrogateBatch    surrogate batch (128, {@code pgs.py} 28)
     * @param topPercent        the walks' rows: y at or above the (100 − p)th percentile (20, {@code pgs.py} 53, 98–101)
     * @param walks             walks (20,000, {@code pgs.py} 33)
     * @param walkLength        transitions per walk (50, {@code pgs.py} 32)
     * @param actionDivisor     action = Δx / ∇f̂ / this, zeroed where |action| &gt; 1 (10,
     *                          {@code generate_trajectories.py} 6, 16–23)
     * @param clipAction        then clipped to ±this (0.999, {@code pgs.py} 44, 111)
     * @param hidden            policy and critic widths (256, 256, {@code pgs.py} 46–47)
     * @param epochs            policy-learning epochs (401, {@code pgs.py} 54)
     * @param stepsPerEpoch     updates per epoch (1,000, {@code pgs.py} 57)
     * @param batch             transitions per update, drawn with replacement (256, {@code pgs.py} 40;
     *                          {@code replay_buffer.py} 115–117)
     * @param cqlActions        CQL's sampled actions per kind (10, {@code conservative_sac.py} 29)
     * @param cqlWeight         CQL's min-Q weight (5, {@code conservative_sac.py} 34)
     * @param tdTarget          the critics' TD rule (the code's broadcast, see {@link ConservativeSac.TdTarget})
     * @param rolloutSteps      policy-guided steps (50, {@code pgs.py} 35)
     * @param sequenceScale     step scale on the latent space, times √d (2.0, {@code pgs.py} 103–104)
     * @param boxScale          step scale on boxes, times √d (0.05, {@code pgs.py} 105–106)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            @Setting(key = "vae") int vaeWidth,
            @Setting(key = "latent") int vaeLatent,
            int vaeEpochs,
            @Setting(format = "%.1e") double vaeLr,
            int vaeBatch,
            @Setting(key = "vae_val") int vaeValidation,
            @Setting(key = "surrogate") int surrogateHidden,
            int surrogateEpochs,
            @Setting(format = "%.1e") double surrogateLr,
            int surrogateBatch,
            @Setting(key = "top_p") int topPercent,
            int walks,
            @Setting(key = "walk") int walkLength,
            @Setting(key = "action_div") double actionDivisor,
            @Setting(format = "%.3f") double clipAction,
            List<Integer> hidden,
            int epochs,
            @Setting(key = "steps") int stepsPerEpoch,
            int batch,
            @Setting(key = "cql_n") int cqlActions,
            @Setting(key = "cql_w") double cqlWeight,
            @Setting(key = "td") ConservativeSac.TdTarget tdTarget,
            @Setting(key = "rollout") int rolloutSteps,
            @Setting(key = "scale", format = "%.2f·sqrt(d)") double sequenceScale,

            @Setting(key = "(boxes: scale", format = "%.2f·sqrt(d))")
            double boxScale)
            implements MethodSettings<Settings> {
        public Settings {
            hidden = List.copyOf(hidden);
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
            positive("vae width", vaeWidth);
            positive("latent size", vaeLatent);
            positive("VAE epochs", vaeEpochs);
            positive("VAE batch", vaeBatch);
            positive("surrogate width", surrogateHidden);
            positive("surrogate epochs", surrogateEpochs);
            positive("surrogate batch", surrogateBatch);
            positive("walks", walks);
            positive("walk length", walkLength);
            positive("epochs", epochs);
            positive("steps per epoch", stepsPerEpoch);
            positive("batch", batch);
            positive("CQL actions", cqlActions);
            if (vaeValidation < 0) throw new IllegalArgumentException("VAE validation rows must be ≥ 0");
            if (rolloutSteps < 0) throw new IllegalArgumentException("rollout steps must be ≥ 0, got " + rolloutSteps);
            if (!(topPercent > 0 && topPercent <= 100)) {
                throw new IllegalArgumentException("top_p must be in (0, 100], got " + topPercent);
            }
            for (double v : new double[] {vaeLr, surrogateLr, actionDivisor, clipAction, sequenceScale, boxScale}) {
                if (!(v > 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("learning rates, the action divisor and clip and the step "
                            + "scales must be positive numbers, got " + v);
                }
            }
            if (!(cqlWeight >= 0) || Double.isInfinite(cqlWeight)) {
                throw new IllegalArgumentException("the CQL weight must be a finite number ≥ 0, got " + cqlWeight);
            }
            if (tdTarget == null) throw new IllegalArgumentException("td must be per_transition or batch_broadcast");
        }

        private static void positive(String what, int v) {
            if (v < 1) throw new IllegalArgumentException(what + " must be ≥ 1, got " + v);
        }

        /** The code's values ({@code pgs.py} flags, {@code vae.py}, {@code conservative_sac.py}). */
        public static Settings paper() {
            return new Settings(
                    false,
                    64,
                    32,
                    50,
                    3e-4,
                    32,
                    200,
                    2048,
                    50,
                    3e-4,
                    128,
                    20,
                    20_000,
                    50,
                    10,
                    0.999,
                    List.of(256, 256),
                    401,
                    1000,
                    256,
                    10,
                    5.0,
                    ConservativeSac.TdTarget.BATCH_BROADCAST,
                    50,
                    2.0,
                    0.05);
        }

        /** Small networks, 200 walks, 3 × 50 updates of 64. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::vaeWidth, 16)
                    .with(Settings::vaeLatent, Math.min(vaeLatent, 8))
                    .with(Settings::vaeEpochs, Math.min(vaeEpochs, 3))
                    .with(Settings::surrogateHidden, 64)
                    .with(Settings::surrogateEpochs, Math.min(surrogateEpochs, 3))
                    .with(Settings::walks, Math.min(walks, 200))
                    .with(Settings::hidden, List.of(32, 32))
                    .with(Settings::epochs, Math.min(epochs, 3))
                    .with(Settings::stepsPerEpoch, Math.min(stepsPerEpoch, 50))
                    .with(Settings::batch, Math.min(batch, 64))
                    .with(Settings::cqlActions, Math.min(cqlActions, 4))
                    .with(Settings::quickVariant, true);
        }
    }

    public PolicyGuidedGradientSearch(Settings settings) {
        super("pgs", settings);
    }

    /** {@code pgs}: the code's settings. */
    public static PolicyGuidedGradientSearch paper() {
        return new PolicyGuidedGradientSearch(Settings.paper());
    }

    @Override
    public PolicyGuidedGradientSearch withConfig(Settings s) {
        return new PolicyGuidedGradientSearch(s);
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        Settings c = config();
        SurrogateData data = SurrogateData.of(problem, true, true);
        double[] y = Tensors.column(data.y(), 0);
        int n = y.length;
        Map<String, TrainingHistory> fits = new java.util.LinkedHashMap<>();
        // the design space the search runs in: the VAE's latent means for sequences, z-scored x for boxes
        ConvSequenceVae vae = null;
        double[][] x;
        if (problem.space() instanceof SequenceSpace seq) {
            int[][] tokens = tokens(problem.dataset().designs());
            vae = new ConvSequenceVae(
                    seq.length(), seq.alphabetSize(), c.vaeWidth(), c.vaeLatent(), 4, 3, DataType.FLOAT, seed * 31 + 1);
            fits.put("vae", fitVae(vae, tokens, c, seed));
            x = vae.encodeMeans(tokens);
        } else {
            x = Tensors.rows(data.x());
        }
        int d = x[0].length;
        Mlp surrogate = trainSurrogate(x, y, c, seed, fits);
        // the walks' rows: y at or above the (100 − p)th percentile, ties kept (np.percentile, linear)
        double threshold = Percentiles.linear(y, 100 - c.topPercent());
        int[] pool = java.util.stream.IntStream.range(0, n)
                .filter(i -> y[i] >= threshold)
                .toArray();
        if (pool.length < 2) {
            throw new IllegalArgumentException(name() + ": the top " + c.topPercent() + " % of the data holds "
                    + pool.length + " row; the walks need at least 2; raise top_p with "
                    + "with(PolicyGuidedGradientSearch.Settings::topPercent, …)");
        }
        double[][] px = new double[pool.length][], grads;
        double[] py = new double[pool.length];
        for (int i = 0; i < pool.length; i++) {
            px[i] = x[pool[i]];
            py[i] = y[pool[i]];
        }
        grads = gradients(surrogate, px);
        Walks walks = Walks.draw(pool.length, c.walks(), Math.min(c.walkLength(), pool.length - 1), seed * 31 + 4);
        TanhGaussianPolicy policy = learnPolicy(px, py, grads, walks, d, c, seed, fits);
        // roll out from the k best designs
        int[] top = data.topRows(k);
        double[][] z = new double[top.length][];
        for (int i = 0; i < top.length; i++) z[i] = x[top[i]].clone();
        double scale = (vae != null ? c.sequenceScale() : c.boxScale()) * Math.sqrt(d);
        Trajectory.Recorder rec = new Trajectory.Recorder();
        ConvSequenceVae decoder = vae;
        java.util.function.Function<double[][], double[][]> decode = rows -> decoder != null
                ? toDesigns(decoder.decodeArgmax(rows))
                : data.decode(Nd4j.create(rows).castTo(DataType.FLOAT));
        int every = Math.max(1, c.rolloutSteps() / 10);
        rec.record(0, decode.apply(z), predictions(surrogate, z, data));
        for (int step = 1; step <= c.rolloutSteps(); step++) {
            double[] a = policy.deterministic(matrix(z));
            double[][] g = gradients(surrogate, z);
            for (int i = 0; i < z.length; i++) {
                for (int j = 0; j < d; j++) z[i][j] += a[j * z.length + i] * scale * g[i][j];
            }
            for (double[] row : z) {
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        throw new TrainingDivergedException(
                                name() + ": the rollout left the finite numbers at step "
                                        + step
                                        + "; lower the step scale with with(PolicyGuidedGradientSearch.Settings::"
                                        + (vae != null ? "sequenceScale" : "boxScale") + ", …)",
                                step);
                    }
                }
            }
            if (step % every == 0 || step == c.rolloutSteps())
                rec.record(step, decode.apply(z), predictions(surrogate, z, data));
        }
        double[][] designs = decode.apply(z);
        double[][] predicted = data.toScores(surrogate.forward(matrix(z)));
        return Proposal.of(name(), seed, problem.space(), designs, predicted)
                .withTrajectory(rec.build())
                .withTraining(fits);
    }

    /** The VAE on every row with the shared trainer (random validation rows, reshuffled batches: COMs' pipeline). */
    private TrainingHistory fitVae(ConvSequenceVae vae, int[][] tokens, Settings c, long seed) {
        double[][] rows = new double[tokens.length][];
        for (int i = 0; i < rows.length; i++)
            rows[i] = Arrays.stream(tokens[i]).asDoubleStream().toArray();
        INDArray x = Nd4j.create(rows).castTo(DataType.FLOAT);
        Trainer t = Trainer.builder()
                .epochs(c.vaeEpochs())
                .learningRate(c.vaeLr())
                .batchSize(c.vaeBatch())
                .validationSize(Trainer.validationRows(c.vaeValidation(), rows.length))
                .seed(seed * 31 + 2)
                .label(name() + " vae")
                .build();
        TrainingLoss<ConvSequenceVae> loss = ConvSequenceVae.meanLatentElbo(1.0);
        try {
            return t.fit(vae, x, Nd4j.zeros(DataType.FLOAT, rows.length, 1), null, loss);
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException(
                    String.format(
                            Locale.ROOT,
                            "%s: the VAE diverged at epoch %d of %d"
                                    + " (%s); lower its lr (now %s) with with(PolicyGuidedGradientSearch.Settings::vaeLr, …)",
                            name(),
                            e.epoch(),
                            c.vaeEpochs(),
                            e.getMessage(),
                            c.vaeLr()),
                    e.epoch());
        }
    }

    /** The 2 × width ReLU surrogate (PyTorch initialisation), MSE on the first 90 % of a seeded shuffle. */
    private Mlp trainSurrogate(double[][] x, double[] y, Settings c, long seed, Map<String, TrainingHistory> fits) {
        int n = x.length;
        int[] order = Shuffle.permutation(n, new SplittableRandom(seed * 31 + 3));
        double[][] xs = new double[n][], ys = new double[n][1];
        for (int i = 0; i < n; i++) {
            xs[i] = x[order[i]];
            ys[i][0] = y[order[i]];
        }
        Mlp f = Mlp.builder(x[0].length)
                .hidden(c.surrogateHidden(), c.surrogateHidden())
                .init(Init.TORCH_DEFAULT)
                .outputs(1)
                .seed(seed)
                .build();
        Trainer t = Trainer.builder()
                .epochs(c.surrogateEpochs())
                .learningRate(c.surrogateLr())
                .epsilon(1e-8)
                .batchSize(c.surrogateBatch())
                .validationSize(n / 10)
                .validationLast(true)
                .shuffle(false)
                .seed(seed)
                .label(name() + " train")
                .build();
        try {
            fits.put(
                    "surrogate",
                    t.fit(
                            f,
                            Nd4j.create(xs).castTo(DataType.FLOAT),
                            Nd4j.create(ys).castTo(DataType.FLOAT),
                            null,
                            Losses.mse()));
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException(
                    String.format(
                            Locale.ROOT,
                            "%s: the surrogate diverged at epoch %d of"
                                    + " %d (%s); lower its lr (now %s) with with(PolicyGuidedGradientSearch.Settings::surrogateLr, …)",
                            name(),
                            e.epoch(),
                            c.surrogateEpochs(),
                            e.getMessage(),
                            c.surrogateLr()),
                    e.epoch());
        }
        return f;
    }

    /** Walks of distinct pool rows: transition t of walk w goes from row from[w·L + t] to row to[w·L + t]. */
    record Walks(int[] from, int[] to, int length) {
        static Walks draw(int pool, int walks, int length, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            int[] from = new int[walks * length], to = new int[walks * length];
            int[] perm = new int[pool];
            for (int w = 0; w < walks; w++) {
                for (int i = 0; i < pool; i++) perm[i] = i;
                for (int i = 0; i <= length; i++) { // the first length + 1 entries of a random permutation
                    int j = i + rng.nextInt(pool - i);
                    int t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                }
                for (int t = 0; t < length; t++) {
                    from[w * length + t] = perm[t];
                    to[w * length + t] = perm[t + 1];
                }
            }
            return new Walks(from, to, length);
        }

        int size() {
            return from.length;
        }

        /** The last transition of each walk ends it ({@code dones}, {@code generate_trajectories.py} 44). */
        boolean done(int transition) {
            return transition % length == length - 1;
        }
    }

    /**
     * The action of a transition: Δx / ∇f̂(x) / divisor per coordinate, 0 where that is not a number or exceeds 1 in
     * size ({@code np.nan_to_num}, then zeroed: a zero gradient gives 0), then clipped to ±clip.
     */
    static double action(double dx, double grad, double divisor, double clip) {
        double a = dx / grad;
        if (Double.isNaN(a)) a = 0;
        if (Double.isInfinite(a)) a = Math.copySign(Double.MAX_VALUE, a);
        a /= divisor;
        if (Math.abs(a) > 1) a = 0;
        return Math.max(-clip, Math.min(clip, a));
    }

    private TanhGaussianPolicy learnPolicy(
            double[][] px,
            double[] py,
            double[][] grads,
            Walks walks,
            int d,
            Settings c,
            long seed,
            Map<String, TrainingHistory> fits) {
        SplittableRandom init = new SplittableRandom(seed * 31 + 8);
        Mlp base = network(d, 2 * d, c, seed * 31 + 5, init);
        Mlp q1 = network(2 * d, 1, c, seed * 31 + 6, init);
        Mlp q2 = network(2 * d, 1, c, seed * 31 + 7, init);
        TanhGaussianPolicy policy = new TanhGaussianPolicy(base, 1.0, -1.0);
        ConservativeSac.Settings cql = new ConservativeSac.Settings(
                0.99, 3e-4, 3e-4, 5e-3, c.cqlActions(), c.cqlWeight(), 1.0, -d, c.tdTarget());
        ConservativeSac sac = new ConservativeSac(policy, q1, q2, cql, seed * 31 + 9);
        // the learner's state is checkpointed per epoch inside a TrainingCheckpoints scope (the benchmark's), so
        // its 401,000 updates can span sessions: every epoch's draws and batch picks restart from (seed, epoch)
        LoopCheckpoint ckpt = LoopCheckpoint.inScope(name() + " cql", cqlFingerprint(px, py, grads, walks, c, seed));
        LoopCheckpoint.Saved saved = ckpt == null ? null : ckpt.load(c.epochs());
        Map<String, List<Double>> history = new LinkedHashMap<>();
        for (String key : CQL_METRICS) history.put(key, new ArrayList<>());
        int done = 0;
        if (saved != null) {
            try {
                for (String key : CQL_METRICS) {
                    if (!saved.history().containsKey(key))
                        throw new IllegalArgumentException("it has no " + key + " history");
                }
                sac.restore(saved.arrays()); // checks every array before assigning any
                for (String key : CQL_METRICS)
                    history.get(key).addAll(saved.history().get(key));
                done = saved.epoch();
            } catch (IllegalArgumentException ex) {
                ckpt.ignored(ex.getMessage());
            }
        }
        int b = c.batch();
        double[] obs = new double[b * d], next = new double[b * d], act = new double[b * d];
        double[] r = new double[b], done1 = new double[b];
        long total = (long) c.epochs() * c.stepsPerEpoch();
        try (Progress.Bar bar = Progress.start(name() + " cql", total)) {
            if (done > 0)
                bar.set(
                        (long) done * c.stepsPerEpoch(),
                        "resumed from " + ckpt.file().getFileName());
            for (int e = done; e < c.epochs(); e++) {
                SplittableRandom pick = new SplittableRandom(FlowMatching.mix(seed * 31 + 10, e, 0));
                sac.reseed(FlowMatching.mix(seed * 31 + 9, e, 1));
                ConservativeSac.Metrics m = null;
                for (int s = 0; s < c.stepsPerEpoch(); s++) {
                    for (int i = 0; i < b; i++) {
                        int t = pick.nextInt(walks.size()), from = walks.from()[t], to = walks.to()[t];
                        for (int j = 0; j < d; j++) {
                            obs[j * b + i] = px[from][j];
                            next[j * b + i] = px[to][j];
                            act[j * b + i] =
                                    action(px[to][j] - px[from][j], grads[from][j], c.actionDivisor(), c.clipAction());
                        }
                        r[i] = py[to] - py[from];
                        done1[i] = walks.done(t) ? 1 : 0;
                    }
                    try {
                        m = sac.step(new ConservativeSac.Batch(
                                columns(obs, b, d), columns(act, b, d), r.clone(), done1.clone(), columns(next, b, d)));
                    } catch (TrainingDivergedException ex) {
                        throw new TrainingDivergedException(
                                name() + ": the policy learner diverged in epoch " + (e + 1) + " of " + c.epochs()
                                        + " (" + ex.getMessage() + ")",
                                e + 1);
                    }
                    bar.step(
                            s == c.stepsPerEpoch() - 1 && m != null
                                    ? String.format(
                                            Locale.ROOT, "q=%.3g cql=%.3g alpha=%.3g", m.q1Loss(), m.cql1(), m.alpha())
                                    : "");
                }
                // the epoch's last update's losses (the code logs them per epoch, conservative_sac.py 240-271)
                history.get("q1").add(m.q1Loss());
                history.get("q2").add(m.q2Loss());
                history.get("cql1").add(m.cql1());
                history.get("policy").add(m.policyLoss());
                history.get("alpha").add(m.alpha());
                if (ckpt != null) ckpt.save(e + 1, e + 1 == c.epochs(), history, sac.state());
            }
        }
        List<Double> none = new ArrayList<>(Collections.nCopies(c.epochs(), Double.NaN));
        Map<String, List<Double>> metrics = new LinkedHashMap<>(history);
        metrics.remove("q1");
        fits.put("cql", new TrainingHistory(history.get("q1"), none, c.epochs(), false, metrics));
        return policy;
    }

    private static final List<String> CQL_METRICS = List.of("q1", "q2", "cql1", "policy", "alpha");

    /**
     * What the learner's state after any epoch depends on: its inputs, the settings and the seed (not the number of
     * epochs: every epoch's streams restart from (seed, epoch), so a longer run continues a shorter one's state).
     */
    private String cqlFingerprint(double[][] px, double[] py, double[][] grads, Walks walks, Settings c, long seed) {
        double[] from = Arrays.stream(walks.from()).asDoubleStream().toArray();
        double[] to = Arrays.stream(walks.to()).asDoubleStream().toArray();
        double[] x = Arrays.stream(px).flatMapToDouble(Arrays::stream).toArray();
        double[] g = Arrays.stream(grads).flatMapToDouble(Arrays::stream).toArray();
        return String.format(
                Locale.ROOT,
                "%s cql|%s|hidden=%s steps=%d batch=%d cql_n=%d cql_w=%s td=%s action_div=%s clip=%s|seed=%d",
                name(),
                LoopCheckpoint.checksum(x, py, g, from, to),
                c.hidden(),
                c.stepsPerEpoch(),
                c.batch(),
                c.cqlActions(),
                c.cqlWeight(),
                c.tdTarget(),
                c.actionDivisor(),
                c.clipAction(),
                seed);
    }

    /**
     * {@code FullyConnectedNetwork} ({@code model.py} 42–76): ReLU layers of the given widths with PyTorch's
     * initialisation, the last layer Xavier-uniform with gain 0.01 and a zero bias (lines 68–70).
     */
    private static Mlp network(int in, int out, Settings c, long seed, SplittableRandom last) {
        Mlp m = Mlp.builder(in)
                .hidden(c.hidden())
                .init(Init.TORCH_DEFAULT)
                .outputs(out)
                .seed(seed)
                .build();
        int l = m.layers() - 1;
        INDArray w = m.weight(l);
        double limit = 1e-2 * Math.sqrt(6.0 / (w.rows() + w.columns()));
        double[] v = new double[(int) w.length()];
        for (int i = 0; i < v.length; i++) v[i] = (2 * last.nextDouble() - 1) * limit;
        Tensors.assignColumnMajor(w, v);
        m.bias(l).assign(0);
        return m;
    }

    /** ∇f̂ at each row (row-major n × d), in batches. */
    private static double[][] gradients(Mlp f, double[][] x) {
        int n = x.length, d = x[0].length;
        double[][] g = new double[n][d];
        for (int from = 0; from < n; from += 4096) {
            int b = Math.min(4096, n - from);
            INDArray xb = matrix(Arrays.copyOfRange(x, from, from + b));
            f.forward(xb);
            double[] dx = Tensors.columnMajor(f.backward(Nd4j.ones(f.dataType(), b, 1), false, true));
            for (int i = 0; i < b; i++) for (int j = 0; j < d; j++) g[from + i][j] = dx[j * b + i];
        }
        return g;
    }

    private static double[] predictions(Mlp f, double[][] z, SurrogateData data) {
        double[][] s = data.toScores(f.forward(matrix(z)));
        double[] p = new double[s.length];
        for (int i = 0; i < s.length; i++) p[i] = s[i][0];
        return p;
    }

    private static INDArray matrix(double[][] rows) {
        return Nd4j.create(rows).castTo(DataType.FLOAT);
    }

    private static INDArray columns(double[] columnMajor, int rows, int cols) {
        INDArray m = Nd4j.create(DataType.FLOAT, new long[] {rows, cols}, 'f');
        Tensors.assignColumnMajor(m, columnMajor);
        return m;
    }

    private static int[][] tokens(double[][] designs) {
        int[][] t = new int[designs.length][];
        for (int i = 0; i < t.length; i++) {
            t[i] = new int[designs[i].length];
            for (int j = 0; j < t[i].length; j++) t[i][j] = (int) Math.round(designs[i][j]);
        }
        return t;
    }

    private static double[][] toDesigns(int[][] tokens) {
        double[][] out = new double[tokens.length][];
        for (int i = 0; i < out.length; i++)
            out[i] = Arrays.stream(tokens[i]).asDoubleStream().toArray();
        return out;
    }
}
