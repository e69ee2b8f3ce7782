package org.mbo4j.method.generative;

import static org.mbo4j.util.Checks.atLeastOne;
import static org.mbo4j.util.Checks.positiveNumber;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.data.Relaxation;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.Trajectory;
import org.mbo4j.method.surrogate.DesignEncoding;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.Ddpm;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.nn.FlowMatching;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.TemporalUnet;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.nn.TrainingLoss;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.Matrices;
import org.mbo4j.util.Shuffle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GTG, "Guided Trajectory Generation with Diffusion Models for Offline Model-based Optimization" (Yun, Lee, Kim,
 * Yun, Ok, Kim, NeurIPS 2024; code {@code dbsxodud-11/GTG} at 448f206, {@code config/tfbind8_config.py}; every
 * default and its source in {@code docs/methods/gtg.md}), as its released code runs on TFBind8:
 * <ol>
 *   <li>scores min–max normalised to y ∈ [0, 1]; {@link GtgTrajectories} walks 1,000 trajectories of 64 data rows
 *   that mostly climb (k = 50, ε = 0.05);</li>
 *   <li>each trajectory becomes 64 steps × D features: the design's Design-Bench logits (boxes: the design) scaled to
 *   [−1, 1] by their minimum and maximum over the trajectories' points (Diffuser's {@code SafeLimitsNormalizer}), and
 *   2y − 1 as the last feature;</li>
 *   <li>a proxy, 10 MLPs 24 → 1024 → 1024 → 1 with LeakyReLU(0.01), each trained on its mean squared error (the
 *   authors sum them) for 1,000 Adam steps (lr 1e-3) of 128 rows drawn with replacement with weight 1/(0.01·n +
 *   rank);</li>
 *   <li>an unconditional ε-predicting diffusion over trajectories ({@link Ddpm}, cosine schedule, 200 steps) with
 *   the {@link TemporalUnet} (dim 32, multipliers 1, 4, 8): loss mean((ε̂ − ε)²·w) with weight 10 on the score
 *   feature, the first step's noise zeroed; 10,000 Adam steps (lr 2e-4) of 2 × 128 trajectories; an EMA of the
 *   weights (every 10 steps: copied before step 2,000, then decay 0.995) is what samples;</li>
 *   <li>sampling: 128 random training trajectories give their last 32 steps as the context that overwrites steps
 *   0–31 after every reverse step; x_T = 0.5·N(0, I); GTG's reverse step (x̂₀ clipped to [−1, 1], noise 0.5·σ²·z);
 *   steps 32–63 of the 128 samples are 4,096 candidates;</li>
 *   <li>the k candidates with the highest proxy mean (duplicates allowed, as the authors') are decoded: logits by
 *   argmax with class 0's logit 0, boxes clipped.</li>
 * </ol>
 *
 * <p><b>What the released code does not do.</b> The paper describes classifier-free guidance toward high scores;
 * every released config sets {@code returns_condition = False}, so the guidance weight, condition dropout and
 * target return are never used, and the model is trained without any condition (the context is imposed only at
 * sampling). We reproduce the code. <b>Deviations:</b> y is normalised by the visible data's minimum and maximum
 * (the authors use the full dataset's, which an offline method may not see, so ε = 0.05 is a smaller slack here and
 * the proxy's targets span [0, 1]); on boxes the authors' continuous-task settings apply ({@link Settings#forSpace});
 * the schedule and the network's Java arithmetic are double precision between float32 GEMMs; random streams are
 * Java's. The proposal's trajectory shows the chosen candidates at four points of the reverse process.
 */
public final class Gtg extends ConfiguredMethod<Gtg.Settings, Gtg> {
    /** Steps per trainer epoch ({@code n_steps_per_epoch = 100}, cfg line 57): progress and checkpoints. */
    static final int STEPS_PER_EPOCH = 100;

    /**
     * Hyperparameters: {@code config/tfbind8_config.py} ("cfg"), {@code train.py} / {@code evaluate.py} and
     * {@code diffuser/utils/training.py} defaults.
     *
     * @param quickVariant    the tutorial/CI variant
     * @param walks           trajectories ({@code --n_traj 1000}, train.py 19)
     * @param horizon         steps per trajectory ({@code horizon = 64}, cfg line 16)
     * @param neighbours      k nearest rows per walk step ({@code k = 50}, cfg line 40)
     * @param epsilon         slack below the walk's best value ({@code eps = 0.05}, cfg line 41)
     * @param dim             the U-Net's base width ({@code dim = 32}, cfg line 25; multipliers 1, 4, 8, line 22)
     * @param diffusionSteps  T ({@code n_diffusion_steps = 200}, cfg line 17)
     * @param scoreWeight     loss weight of the score feature ({@code action_weight = 10}, cfg line 18;
     *                        diffusion.py 94)
     * @param trainSteps      optimizer steps ({@code n_train_steps = 10000}, cfg line 59); a multiple of 100
     * @param batchSize       trajectories per micro-batch ({@code batch_size = 128}, cfg line 60)
     * @param accumulate      micro-batches per step ({@code gradient_accumulate_every = 2}, cfg line 62)
     * @param learningRate    Adam's ({@code learning_rate = 2e-4}, cfg line 61)
     * @param emaDecay        ({@code ema_decay = 0.995}, cfg line 63)
     * @param emaStart        steps before which the EMA is a copy ({@code step_start_ema = 2000}, training.py 53)
     * @param emaEvery        steps between EMA updates ({@code update_ema_every = 10}, training.py 54)
     * @param context         trajectory steps given as context ({@code --ctx_len 32}, evaluate.py 14)
     * @param samples         trajectories sampled (one batch, {@code batch_size} 128 set at scripts/evaluate.py 143;
     *                        {@code num_queries = 128}, {@code num_eval = 1}, 181–182)
     * @param noiseScale      factor on the initial and per-step noise (0.5, diffusion.py 152, 162)
     * @param noisePower      exponent on the posterior variance in the step noise (1.0, diffusion.py 155; DDPM ½)
     * @param proxyMembers    proxy MLPs ({@code proxy_n_ensembles = 10}, cfg line 75)
     * @param proxyHidden     their width ({@code proxy_hidden_dim = 1024}, cfg line 74)
     * @param proxySteps      their Adam steps ({@code proxy_n_train_steps = 1000}, cfg line 77)
     * @param proxyLearningRate ({@code proxy_learning_rate = 1e-3}, cfg line 76)
     * @param rankWeight      the sampler's weight 1/(rankWeight·n + rank) (0.01, training.py 92–96)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            @Setting(key = "n_traj") int walks,
            int horizon,
            @Setting(key = "k") int neighbours,
            @Setting(key = "eps", format = "%s") double epsilon,
            int dim,
            @Setting(key = "T") int diffusionSteps,
            @Setting(key = "action_weight", format = "%s") double scoreWeight,
            @Setting(key = "steps") int trainSteps,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "accum") int accumulate,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "ema", format = "%s") double emaDecay,
            @Setting(key = "ema_start") int emaStart,
            @Setting(key = "ema_every") int emaEvery,
            @Setting(key = "ctx_len") int context,
            int samples,
            @Setting(key = "noise", format = "%s") double noiseScale,
            @Setting(key = "noise_pow", format = "%s") double noisePower,
            @Setting(key = "proxy") int proxyMembers,
            @Setting(key = "proxy_hidden") int proxyHidden,
            @Setting(key = "proxy_steps") int proxySteps,
            @Setting(key = "proxy_lr", format = "%.1e") double proxyLearningRate,
            @Setting(key = "rank_w", format = "%s") double rankWeight)
            implements MethodSettings<Settings> {
        public Settings {
            atLeastOne("walks", walks);
            atLeastOne("neighbours", neighbours);
            if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("eps must be a finite number ≥ 0, got " + epsilon);
            }
            if (dim < 8 || dim % 8 != 0) {
                throw new IllegalArgumentException("dim must be a multiple of 8 (GroupNorm's 8 groups), got " + dim);
            }
            if (horizon < 8 || horizon % 4 != 0) {
                throw new IllegalArgumentException(
                        "horizon must be a multiple of 4 and ≥ 8 (the U-Net halves it twice), got " + horizon);
            }
            if (context < 1 || context >= horizon) {
                throw new IllegalArgumentException(
                        "ctx_len must be in [1, horizon − 1] = [1, " + (horizon - 1) + "], got " + context);
            }
            if (diffusionSteps < 2) throw new IllegalArgumentException("T must be ≥ 2, got " + diffusionSteps);
            positiveNumber("action_weight", scoreWeight);
            if (trainSteps < STEPS_PER_EPOCH || trainSteps % STEPS_PER_EPOCH != 0) {
                throw new IllegalArgumentException("steps must be a positive multiple of " + STEPS_PER_EPOCH
                        + " (the trainer's epoch), got " + trainSteps);
            }
            atLeastOne("batch size", batchSize);
            atLeastOne("accumulation", accumulate);
            positiveNumber("learning rate", learningRate);
            if (!(emaDecay >= 0 && emaDecay < 1)) {
                throw new IllegalArgumentException("ema must be in [0, 1), got " + emaDecay);
            }
            if (emaStart < 0) throw new IllegalArgumentException("ema_start must be ≥ 0, got " + emaStart);
            atLeastOne("EMA interval", emaEvery);
            atLeastOne("samples", samples);
            positiveNumber("noise scale", noiseScale);
            positiveNumber("noise power", noisePower);
            atLeastOne("proxy members", proxyMembers);
            atLeastOne("proxy width", proxyHidden);
            atLeastOne("proxy steps", proxySteps);
            positiveNumber("proxy learning rate", proxyLearningRate);
            if (!(rankWeight > 0) || Double.isInfinite(rankWeight)) {
                throw new IllegalArgumentException("rank_w must be a finite number > 0, got " + rankWeight);
            }
        }

        /** The authors' TFBind8 values (see the components). */
        public static Settings paper() {
            return new Settings(
                    false, 1000, 64, 50, 0.05, 32, 200, 10, 10_000, 128, 2, 2e-4, 0.995, 2000, 10, 32, 128, 0.5, 1.0,
                    10, 1024, 1000, 1e-3, 0.01);
        }

        /**
         * 100 walks, width 8, 50 diffusion steps, 200 training steps of 2 × 32 and a 2-member proxy of width 64, for
         * tutorials and CI. Not the paper's numbers.
         */
        @Override
        public Settings quick() {
            return with(Settings::walks, 100)
                    .with(Settings::dim, 8)
                    .with(Settings::diffusionSteps, 50)
                    .with(Settings::trainSteps, 200)
                    .with(Settings::batchSize, 32)
                    .with(Settings::emaStart, 100)
                    .with(Settings::samples, 32)
                    .with(Settings::proxyMembers, 2)
                    .with(Settings::proxyHidden, 64)
                    .with(Settings::proxySteps, 200)
                    .with(Settings::quickVariant, true);
        }

        /**
         * On a box, the authors' continuous-task values (Ant, D'Kitty, Superconductor: {@code config/ant_config.py}
         * lines 26, 56, 58, 74 and the same in the other two): width 128, 50,000 steps at lr 1e-4, 5,000 proxy steps;
         * walks 4,000 with k = 20 ({@code construct_trajectories.py} 100–114; ε stays 0.05, D'Kitty's 0.01 is that
         * task's). The quick variant keeps its sizes and takes k = 20.
         */
        @Override
        public Settings forSpace(DesignSpace space) {
            if (!(space instanceof ContinuousSpace)) return this;
            Settings s = with(Settings::neighbours, 20);
            if (quickVariant) return s;
            return s.with(Settings::walks, 4000)
                    .with(Settings::dim, 128)
                    .with(Settings::trainSteps, 50_000)
                    .with(Settings::learningRate, 1e-4)
                    .with(Settings::proxySteps, 5000);
        }
    }

    public Gtg(Settings settings) {
        super("gtg", settings);
    }

    /** The authors' defaults. */
    public static Gtg defaults() {
        return new Gtg(Settings.paper());
    }

    @Override
    public Gtg withConfig(Settings s) {
        return new Gtg(s);
    }

    @Override
    public boolean supports(DesignSpace space) {
        return space instanceof SequenceSpace || space instanceof ContinuousSpace;
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        Settings c = config();
        DesignSpace space = problem.space();
        double[][] designs = problem.dataset().designs();
        double[] y = normalisedScores(problem);
        int n = designs.length;
        if (n < 2) throw new IllegalArgumentException("gtg needs at least 2 data rows, got " + n);
        boolean sequences = space instanceof SequenceSpace;
        double[][] features = sequences
                ? Relaxation.toLogits(designs, ((SequenceSpace) space).alphabetSize())
                : Arrays.stream(designs).map(double[]::clone).toArray(double[][]::new);
        int d = features[0].length;

        // 1. walks and their normalised trajectories
        var walkSettings =
                new GtgTrajectories.Settings(c.walks(), c.horizon(), Math.min(c.neighbours(), n), c.epsilon(), 20);
        GtgTrajectories.Walks walks = GtgTrajectories.construct(designs, y, sequences, walkSettings, seed * 31 + 1);
        List<double[]> points = new ArrayList<>();
        for (int[] w : walks.rows()) for (int r : w) points.add(features[r]);
        Limits diffusionScale = Limits.fit(points.toArray(double[][]::new));
        int dd = d + 1, h = c.horizon(), walkCount = c.walks();
        double[][] trajectories = new double[walkCount][h * dd]; // per walk: step-major, D + 1 features per step
        for (int w = 0; w < walkCount; w++) {
            for (int t = 0; t < h; t++) {
                int r = walks.rows()[w][t];
                double[] z = diffusionScale.normalise(features[r]);
                System.arraycopy(z, 0, trajectories[w], t * dd, d);
                trajectories[w][t * dd + d] = 2 * y[r] - 1;
            }
        }

        // 2. the proxy
        Limits proxyScale = Limits.fit(features);
        Proxy fitted = trainProxy(c, features, y, proxyScale, seed);
        Ensemble<Mlp> proxy = fitted.model();

        // 3. the diffusion over trajectories
        Ddpm ddpm = Ddpm.cosine(c.diffusionSteps());
        TemporalUnet net = TemporalUnet.create(dd, c.dim(), List.of(1, 4, 8), h, seed * 31 + 4, DataType.FLOAT);
        var loss = new DiffusionLoss(net, ddpm, trajectories, c, seed * 31 + 5);
        int epochs = c.trainSteps() / STEPS_PER_EPOCH;
        Trainer trainer = Trainer.builder()
                .epochs(epochs)
                .batchSize(1)
                .learningRate(c.learningRate())
                .epsilon(1e-8)
                .validationSize(0)
                .shuffle(false)
                .seed(seed)
                .label(name() + " diffusion")
                .build();
        INDArray stepIndex = Nd4j.zeros(DataType.FLOAT, STEPS_PER_EPOCH, 1);
        TrainingHistory history;
        try {
            history = trainer.fit(net, stepIndex, stepIndex, null, loss);
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException(
                    String.format(
                            Locale.ROOT,
                            "%s: the trajectory diffusion diverged at epoch %d of %d (%s); lower lr (now %s) with "
                                    + "with(Gtg.Settings::learningRate, …)",
                            name(),
                            e.epoch(),
                            epochs,
                            e.getMessage(),
                            c.learningRate()),
                    e.epoch());
        }
        loss.useAverage(net);

        // 4. sampling with the context of random training trajectories
        int m = Math.max(c.samples(), (k + (h - c.context()) - 1) / (h - c.context()));
        SplittableRandom rng = new SplittableRandom(seed * 31 + 6);
        int[] order = Shuffle.permutation(walkCount, rng);
        double[][] context = new double[m][];
        for (int i = 0; i < m; i++) context[i] = trajectories[order[i % walkCount]];
        int ctx = c.context(), len = m * h * dd;
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = c.noiseScale() * rng.nextGaussian();
        condition(x, context, ctx, h, dd);
        INDArray in = Nd4j.create(DataType.FLOAT, new long[] {dd, (long) m * h}, 'f');
        double[] times = new double[m];
        int steps = c.diffusionSteps();
        List<double[]> snapshots = new ArrayList<>();
        for (int t = steps - 1; t >= 0; t--) {
            Tensors.assignColumnMajor(in, x);
            Arrays.fill(times, t);
            double[] eps = Tensors.columnMajor(net.forward(in, times));
            ddpm.reverseStep(x, eps, t, len, true, c.noiseScale(), c.noisePower(), rng);
            condition(x, context, ctx, h, dd);
            int done = steps - t;
            if (done % Math.max(1, steps / 4) == 0 && done < steps) snapshots.add(x.clone());
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                throw new TrainingDivergedException(
                        String.format(
                                Locale.ROOT,
                                "%s: the samples are not finite after %d reverse steps; lower lr (now %s)",
                                name(),
                                steps,
                                c.learningRate()),
                        epochs);
            }
        }
        snapshots.add(x);

        // 5. candidates: the generated steps, ranked by the proxy's mean; decoded as design-baselines does (logits by
        // argmax with class 0's logit 0, boxes clipped), the raw features needing no z-score
        DesignEncoding encoding = DesignEncoding.fit(space, designs, false);
        int perSample = h - ctx, candidates = m * perSample;
        double[][] raw = candidateFeatures(x, m, h, dd, ctx, diffusionScale);
        double[] score = proxyMean(proxy, raw, proxyScale);
        Integer[] idx = new Integer[candidates];
        for (int i = 0; i < candidates; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(score[b], score[a]));
        int[] chosen = new int[k];
        for (int i = 0; i < k; i++) chosen[i] = idx[i % candidates];
        Trajectory.Recorder rec = new Trajectory.Recorder();
        double[][] last = null;
        for (int s = 0; s < snapshots.size(); s++) {
            double[][] all = candidateFeatures(snapshots.get(s), m, h, dd, ctx, diffusionScale);
            double[][] pick = new double[k][];
            for (int i = 0; i < k; i++) pick[i] = all[chosen[i]];
            double[] predicted = proxyMean(proxy, pick, proxyScale);
            last = encoding.decode(pick);
            rec.record(s, last, predicted);
        }
        double[][] predicted = new double[k][1];
        for (int i = 0; i < k; i++) predicted[i][0] = score[chosen[i]];
        Map<String, TrainingHistory> fits = new HashMap<>();
        fits.put("diffusion", history);
        fits.put("proxy", fitted.history());
        return Proposal.of(name(), seed, space, last, predicted)
                .withTrajectory(rec.build())
                .withTraining(fits);
    }

    private record Proxy(Ensemble<Mlp> model, TrainingHistory history) {}

    /** Objective 0 (maximised) min–max normalised to [0, 1] over the visible rows. */
    static double[] normalisedScores(OfflineProblem problem) {
        double[] s = problem.dataset().scoreColumn(0).clone();
        double sign = problem.sign(0), lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.length; i++) {
            s[i] *= sign;
            lo = Math.min(lo, s[i]);
            hi = Math.max(hi, s[i]);
        }
        if (!(hi > lo) || !Double.isFinite(hi - lo)) {
            throw new IllegalArgumentException("gtg normalises the scores by their range, which is " + (hi - lo)
                    + " here; give rows with different finite scores");
        }
        for (int i = 0; i < s.length; i++) s[i] = (s[i] - lo) / (hi - lo);
        return s;
    }

    private Proxy trainProxy(Settings c, double[][] features, double[] y, Limits scale, long seed) {
        int n = features.length, d = features[0].length;
        Ensemble<Mlp> proxy = Ensemble.of(
                c.proxyMembers(),
                seed * 31 + 100,
                s -> Mlp.builder(d)
                        .hidden(c.proxyHidden(), c.proxyHidden())
                        .activation(Activation.leakyRelu(0.01))
                        .outputs(1)
                        .init(Init.TORCH_DEFAULT)
                        .dataType(DataType.FLOAT)
                        .seed(s)
                        .build(),
                Ensemble.Aggregation.MEAN);
        int[] draws = rankWeightedDraws(y, c.rankWeight(), c.proxySteps() * c.batchSize(), seed * 31 + 3);
        double[][] xs = new double[draws.length][];
        double[][] ys = new double[draws.length][1];
        for (int i = 0; i < draws.length; i++) {
            xs[i] = scale.normalise(features[draws[i]]);
            ys[i][0] = y[draws[i]];
        }
        Trainer trainer = Trainer.builder()
                .epochs(1)
                .batchSize(c.batchSize())
                .learningRate(c.proxyLearningRate())
                .epsilon(1e-8)
                .validationSize(0)
                .shuffle(false)
                .seed(seed)
                .label(name() + " proxy")
                .build();
        TrainingHistory history = trainer.fit(
                proxy,
                Tensors.matrix(xs, DataType.FLOAT),
                Tensors.matrix(ys, DataType.FLOAT),
                null,
                Losses.perMember(Losses.mse()));
        return new Proxy(proxy, history);
    }

    /**
     * {@code count} row indices drawn with replacement with weight 1/(w·n + rank), rank 0 the best score (PyTorch's
     * {@code WeightedRandomSampler} as {@code training.py} 92–96 sets it up).
     */
    static int[] rankWeightedDraws(double[] y, double w, int count, long seed) {
        int n = y.length;
        Integer[] byScore = new Integer[n];
        for (int i = 0; i < n; i++) byScore[i] = i;
        Arrays.sort(byScore, (a, b) -> Double.compare(y[b], y[a]));
        double[] cumulative = new double[n];
        double total = 0;
        double[] weight = new double[n];
        for (int rank = 0; rank < n; rank++) weight[byScore[rank]] = 1 / (w * n + rank);
        for (int i = 0; i < n; i++) {
            total += weight[i];
            cumulative[i] = total;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] out = new int[count];
        for (int j = 0; j < count; j++) {
            double u = rng.nextDouble() * total;
            int at = Arrays.binarySearch(cumulative, u);
            out[j] = Math.min(n - 1, at >= 0 ? at + 1 : -at - 1);
        }
        return out;
    }

    /** Overwrites steps 0 … ctx − 1 of every sample with its context trajectory's last ctx steps (all features). */
    static void condition(double[] x, double[][] context, int ctx, int h, int dd) {
        for (int i = 0; i < context.length; i++) {
            System.arraycopy(context[i], (h - ctx) * dd, x, i * h * dd, ctx * dd);
        }
    }

    /** Steps ctx … h − 1 of every sample, the score feature dropped, back in raw feature units. */
    private static double[][] candidateFeatures(double[] x, int m, int h, int dd, int ctx, Limits scale) {
        int d = dd - 1;
        double[][] out = new double[m * (h - ctx)][];
        int r = 0;
        for (int i = 0; i < m; i++) {
            for (int t = ctx; t < h; t++) {
                out[r++] = Arrays.copyOfRange(x, (i * h + t) * dd, (i * h + t) * dd + d);
            }
        }
        return scale.unnormalise(out);
    }

    private static double[] proxyMean(Ensemble<Mlp> proxy, double[][] raw, Limits scale) {
        double[][] z = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) z[i] = scale.normalise(raw[i]);
        INDArray p = proxy.forward(Tensors.matrix(z, DataType.FLOAT));
        return Tensors.column(p, 0);
    }

    /**
     * Diffuser's {@code SafeLimitsNormalizer} ({@code diffuser/datasets/normalization.py} 99–194): per feature to
     * [−1, 1] by its minimum and maximum; if any feature is constant, every feature's limits widen by 1 (the
     * authors' vector operation); unnormalising first clamps the whole batch to [−1, 1] when any value is more
     * than 1e-4 outside it.
     */
    record Limits(double[] min, double[] max) {
        static Limits fit(double[][] rows) {
            int d = rows[0].length;
            double[][] range = Matrices.columnRange(rows);
            double[] lo = range[0], hi = range[1];
            boolean constant = false;
            for (int j = 0; j < d; j++) constant |= lo[j] == hi[j];
            if (constant) {
                for (int j = 0; j < d; j++) {
                    lo[j] -= 1;
                    hi[j] += 1;
                }
            }
            return new Limits(lo, hi);
        }

        double[] normalise(double[] x) {
            double[] z = new double[x.length];
            for (int j = 0; j < x.length; j++) z[j] = 2 * (x[j] - min[j]) / (max[j] - min[j]) - 1;
            return z;
        }

        double[][] unnormalise(double[][] z) {
            boolean outside = false;
            for (double[] r : z) for (double v : r) outside |= v > 1 + 1e-4 || v < -1 - 1e-4;
            double[][] x = new double[z.length][];
            for (int i = 0; i < z.length; i++) {
                x[i] = new double[z[i].length];
                for (int j = 0; j < z[i].length; j++) {
                    double v = outside ? Math.max(-1, Math.min(1, z[i][j])) : z[i][j];
                    x[i][j] = (v + 1) / 2 * (max[j] - min[j]) + min[j];
                }
            }
            return x;
        }
    }

    /**
     * The diffusion's training loss over the authors' batch stream: step s of the trainer (epoch·100 + batch
     * index) takes micro-batches a·s … a·s + a − 1 of {@code cycle(DataLoader(shuffle=True, drop_last=True))}
     * (each pass a fresh permutation, ⌊walks/batch⌋ micro-batches of it), so the trainer's own rows are only a step
     * counter. The loss is the mean over the a micro-batches (the authors divide each by a). Noise and times come
     * from a stream per step, so a resumed training draws the same; the EMA is the loss's checkpointed state.
     */
    static final class DiffusionLoss implements TrainingLoss<TemporalUnet> {
        private final Ddpm ddpm;
        private final double[][] trajectories;
        private final Settings c;
        private final long seed;
        private final int dd;
        private final int h;
        private final List<INDArray> ema = new ArrayList<>();

        DiffusionLoss(TemporalUnet net, Ddpm ddpm, double[][] trajectories, Settings c, long seed) {
            this.ddpm = ddpm;
            this.trajectories = trajectories;
            this.c = c;
            this.seed = seed;
            this.dd = net.transitionDim();
            this.h = net.horizon();
            if (trajectories.length < c.batchSize()) {
                throw new IllegalArgumentException("gtg draws batches of " + c.batchSize() + " of its "
                        + trajectories.length + " trajectories; use more walks or a smaller batch");
            }
            for (Param p : net.parameters()) ema.add(p.value().dup());
        }

        /** The trajectories of optimizer step {@code step} (0-based). */
        int[] rows(long step) {
            int per = trajectories.length / c.batchSize(), b = c.batchSize();
            int[] out = new int[c.accumulate() * b];
            long first = step * c.accumulate();
            int[] perm = null;
            long pass = -1;
            for (int a = 0; a < c.accumulate(); a++) {
                long micro = first + a;
                if (micro / per != pass) {
                    pass = micro / per;
                    perm = Shuffle.permutation(
                            trajectories.length, new SplittableRandom(FlowMatching.mix(seed, pass, -7)));
                }
                int q = (int) (micro % per);
                System.arraycopy(perm, q * b, out, a * b, b);
            }
            return out;
        }

        private double run(TemporalUnet net, long step, boolean grads) {
            int[] rows = rows(step);
            int batch = rows.length, len = batch * h * dd;
            SplittableRandom rng = new SplittableRandom(FlowMatching.mix(seed, step, 11));
            double[] x0 = new double[len], eps = new double[len], xt = new double[len];
            double[] t = new double[batch];
            for (int i = 0; i < batch; i++) {
                System.arraycopy(trajectories[rows[i]], 0, x0, i * h * dd, h * dd);
                t[i] = rng.nextInt(ddpm.steps());
            }
            for (int i = 0; i < len; i++) eps[i] = rng.nextGaussian();
            for (int i = 0; i < batch; i++) {
                Arrays.fill(eps, i * h * dd, i * h * dd + dd, 0.0); // noise[:, 0, :] = 0 (diffusion.py 299)
                int o = i * h * dd;
                double a = Math.sqrt(ddpm.alphaBar((int) t[i])), s = Math.sqrt(1 - ddpm.alphaBar((int) t[i]));
                for (int j = o; j < o + h * dd; j++) xt[j] = a * x0[j] + s * eps[j];
            }
            INDArray in = Nd4j.create(net.dataType(), new long[] {dd, (long) batch * h}, 'f');
            Tensors.assignColumnMajor(in, xt);
            double[] pred = Tensors.columnMajor(net.forward(in, t));
            double loss = 0, scale = 1.0 / len;
            double[] grad = grads ? new double[len] : null;
            for (int i = 0; i < len; i++) {
                double w = i % dd == dd - 1 ? c.scoreWeight() : 1.0, diff = pred[i] - eps[i];
                loss += w * diff * diff * scale;
                if (grads) grad[i] = 2 * w * diff * scale;
            }
            if (grads) {
                INDArray g = Nd4j.create(net.dataType(), new long[] {dd, (long) batch * h}, 'f');
                Tensors.assignColumnMajor(g, grad);
                net.backward(g);
            }
            return loss;
        }

        private static long step(Batch b) {
            return (long) (b.epoch() - 1) * STEPS_PER_EPOCH + b.index(); // the trainer's epochs count from 1
        }

        @Override
        public double lossAndGradients(TemporalUnet net, Batch batch) {
            return run(net, step(batch), true);
        }

        @Override
        public double loss(TemporalUnet net, Batch batch) {
            return run(net, step(batch), false);
        }

        /** {@code training.py} 210–213: after step s (1-based), every emaEvery steps copy (s &lt; emaStart) or average. */
        @Override
        public void afterStep(TemporalUnet net, Batch batch) {
            long s = step(batch) + 1;
            if (s % c.emaEvery() != 0) return;
            List<Param> ps = net.parameters();
            for (int i = 0; i < ps.size(); i++) {
                INDArray p = ps.get(i).value(), e = ema.get(i);
                if (s < c.emaStart()) e.assign(p);
                else e.muli(c.emaDecay()).addi(p.mul(1 - c.emaDecay()));
            }
        }

        @Override
        public Map<String, INDArray> state() {
            Map<String, INDArray> m = new HashMap<>();
            for (int i = 0; i < ema.size(); i++) m.put("ema." + i, ema.get(i));
            return m;
        }

        @Override
        public void restoreState(Map<String, INDArray> state) {
            for (int i = 0; i < ema.size(); i++) {
                INDArray v = state.get("ema." + i);
                if (v != null) ema.get(i).assign(v);
            }
        }

        /** Puts the averaged weights into the network (what the authors sample with). */
        void useAverage(TemporalUnet net) {
            List<Param> ps = net.parameters();
            for (int i = 0; i < ps.size(); i++) ps.get(i).value().assign(ema.get(i));
        }
    }
}
