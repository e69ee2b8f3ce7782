package org.mbo4j.method.generative;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.Trajectory;
import org.mbo4j.method.surrogate.DesignEncoding;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.CausalTransformer;
import org.mbo4j.nn.Host;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.nn.TrainingLoss;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BONET, "Generative Pretraining for Black-Box Optimization" (Krishnamoorthy, Mashkaria, Grover, ICML 2023; code
 * siddarthk97/bonet at 14b506a, cited as {@code file:line}): a causal transformer trained on synthetic trajectories
 * that climb from poor to good designs, each step conditioned on the regret still to go, then rolled out from a
 * prefix with a small regret budget. Its TFBind8 procedure ({@code scripts/tf-bind-8/train.sh},
 * {@code test.sh}; every default and its source in {@code docs/methods/bonet.md}):
 * <ol>
 *   <li>scores min–max normalised to y ∈ [0, 1], regret 1 − y; {@link SortedTrajectories} builds 800 trajectories
 *   of 128 points from 64 score bins (the first 9/10 are trained on) and 128 more whose first 64 points are the
 *   rollout prefixes;</li>
 *   <li>a {@link CausalTransformer} (8 layers, 8 heads, embedding 128, 64 steps = 128 tokens, dropout 0.1) reads
 *   R₁ X₁ … R₆₄ X₆₄ windows and predicts each Xₜ at Rₜ: per position a categorical over the alphabet
 *   (cross-entropy summed over positions) for sequences, the design itself (mean squared error) for boxes;</li>
 *   <li>AdamW (lr 1e-4, β = (0.9, 0.95), weight decay 0.1 on dense weights, gradient norm clipped to 1), 75
 *   epochs of batch 128 through the shared {@link Trainer};</li>
 *   <li>rollouts: a random evaluation trajectory's first 64 points with their regrets-to-go plus the budget, then
 *   64 greedy steps (argmax per position) with the regret-to-go held at the budget ({@code --no_update_rtg}); the
 *   budgets 0, 0.01, 0.05, 0.1 in turn, as many rollouts as k needs.</li>
 * </ol>
 * The proposal holds the first k generated designs in rollout order. The trajectory has one step per rollout
 * position (0 … 127) holding that position's design of every rollout (rollout r, the r-th row of every step, ran at
 * budget {@code budgets[r mod budgets.size()]}); its predictions are the visible scores of the prefix designs and NaN
 * at generated positions (BONET predicts designs, not scores). {@link Proposal#training()} holds the transformer's
 * history as {@code transformer} (the cross-entropy or squared error per epoch).
 *
 * <p>On continuous boxes the designs are z-scored (DesignEncoding) and the head regresses them (the authors'
 * {@code mingpt/model.py}, used for Ant and D'Kitty); generated designs are clipped to the box.
 */
public final class Bonet extends ConfiguredMethod<Bonet.Settings, Bonet> {
    /**
     * Hyperparameters; sources are files of siddarthk97/bonet at 14b506a.
     *
     * @param quickVariant          the tutorial/CI variant
     * @param bins                  score bins of the sorted binning (64; {@code scripts/sorted_binning.py:117})
     * @param trajectoryLength      points per trajectory (128; {@code sorted_binning.py:118})
     * @param trajectories          trajectories built, of which the first 9/10 are trained on (800;
     *                              {@code sorted_binning.py:119}; split {@code scripts/train_desbench.py:122,280})
     * @param prefixTrajectories    trajectories built for rollout prefixes (128; {@code sorted_binning.py:230})
     * @param smoothing             K of the bin weights as a fraction of the data size (0.03;
     *                              {@code sorted_binning.py:143})
     * @param percentile            τ = 1 − this percentile of the regrets (90; {@code sorted_binning.py:142})
     * @param contextSteps          steps per training window and rollout context (64;
     *                              {@code scripts/tf-bind-8/train.sh:8} {@code --context_length 64})
     * @param embed                 embedding width (128; {@code train_desbench.py:293} {@code n_embd=128})
     * @param layers                transformer blocks (8; {@code train.sh:8} {@code --layers 8})
     * @param heads                 attention heads (8; {@code train.sh:8} {@code --heads 8})
     * @param dropout               embedding, attention and residual dropout (0.1;
     *                              {@code mingpt/model_discrete.py:26-28})
     * @param epochs                training epochs (75; {@code train.sh:8})
     * @param batchSize             windows per step (128; {@code train.sh:8})
     * @param learningRate          AdamW learning rate (1e-4; {@code train_desbench.py:79}, not overridden by
     *                              {@code train.sh})
     * @param beta2                 AdamW β₂ (0.95; {@code mingpt/trainer.py:24}, β₁ = 0.9)
     * @param weightDecay           decoupled weight decay of the dense weights (0.1; {@code mingpt/trainer.py:26})
     * @param gradClip              gradient norm clip (1.0; {@code mingpt/trainer.py:25,97})
     * @param maxTimestep           largest global position, and the rollout length (128;
     *                              {@code train_desbench.py:95}; {@code test_desbench.py:215})
     * @param prefixLength          prefix points from an evaluation trajectory (64; {@code tf-bind-8/test.sh:9}
     *                              {@code --init_len 64})
     * @param budgets               regret budgets, one rollout each, cycled (0, 0.01, 0.05, 0.1;
     *                              {@code tf-bind-8/test.sh:6})
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            int bins,
            @Setting(key = "traj_len") int trajectoryLength,
            int trajectories,
            @Setting(key = "prefix_traj") int prefixTrajectories,
            @Setting(key = "K_frac", format = "%s") double smoothing,
            @Setting(key = "tau_pct", format = "%s") double percentile,
            @Setting(key = "ctx") int contextSteps,
            int embed,
            int layers,
            int heads,
            @Setting(format = "%s") double dropout,
            int epochs,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "lr", format = "%.0e") double learningRate,
            @Setting(format = "%s") double beta2,
            @Setting(key = "wd", format = "%s") double weightDecay,
            @Setting(key = "clip", format = "%s") double gradClip,
            @Setting(key = "max_t") int maxTimestep,
            @Setting(key = "prefix") int prefixLength,
            List<Double> budgets)
            implements MethodSettings<Settings> {
        public Settings {
            budgets = budgets == null ? null : List.copyOf(budgets);
            require(bins >= 1, "bins must be ≥ 1, got " + bins);
            require(trajectoryLength >= 2, "trajectory length must be ≥ 2, got " + trajectoryLength);
            require(trajectories >= 2, "trajectories must be ≥ 2 (9/10 are trained on), got " + trajectories);
            require(prefixTrajectories >= 1, "prefix trajectories must be ≥ 1, got " + prefixTrajectories);
            require(smoothing >= 0, "smoothing must be ≥ 0, got " + smoothing);
            require(percentile > 0 && percentile < 100, "percentile must be in (0, 100), got " + percentile);
            require(
                    contextSteps >= 1 && contextSteps <= trajectoryLength,
                    "context must be 1 … the trajectory length " + trajectoryLength + " steps, got " + contextSteps);
            require(
                    embed >= 1 && heads >= 1 && embed % heads == 0,
                    "embedding " + embed + " must be a positive multiple of the " + heads + " heads");
            require(layers >= 1, "layers must be ≥ 1, got " + layers);
            require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
            require(epochs >= 1, "epochs must be ≥ 1, got " + epochs);
            require(batchSize >= 1, "batch size must be ≥ 1, got " + batchSize);
            require(
                    learningRate > 0 && Double.isFinite(learningRate),
                    "learning rate must be a positive number, got " + learningRate);
            require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got " + beta2);
            require(
                    weightDecay >= 0 && learningRate * weightDecay < 1,
                    "weight decay must be ≥ 0 with lr·wd < 1, got " + weightDecay);
            require(gradClip > 0, "gradient clip must be > 0, got " + gradClip);
            require(
                    maxTimestep >= trajectoryLength - contextSteps,
                    "max timestep must be ≥ trajectory length − context = " + (trajectoryLength - contextSteps)
                            + ", got " + maxTimestep);
            require(
                    prefixLength >= 0 && prefixLength < maxTimestep && prefixLength <= trajectoryLength,
                    "prefix length must be in [0, max timestep " + maxTimestep + ") and ≤ the trajectory length, got "
                            + prefixLength);
            require(budgets != null && !budgets.isEmpty(), "bonet needs at least one regret budget");
            for (double b : budgets) require(b >= 0 && Double.isFinite(b), "regret budgets must be ≥ 0, got " + b);
        }

        private static void require(boolean ok, String message) {
            if (!ok) throw new IllegalArgumentException(message);
        }

        /** The authors' TFBind8 values (see the component comments). */
        public static Settings paper() {
            return new Settings(
                    false,
                    64,
                    128,
                    800,
                    128,
                    0.03,
                    90,
                    64,
                    128,
                    8,
                    8,
                    0.1,
                    75,
                    128,
                    1e-4,
                    0.95,
                    0.1,
                    1.0,
                    128,
                    64,
                    List.of(0.0, 0.01, 0.05, 0.1));
        }

        /**
         * Not the paper's numbers: 16 bins, trajectories of 32 (100 built, 16 prefixes), context 16, a 2-layer
         * 2-head transformer of width 32, 4 epochs of batch 64 at lr 1e-3, rollout length 32 from 16-point
         * prefixes. TFBind8 in a few seconds on one core.
         */
        @Override
        public Settings quick() {
            return new Settings(
                    true,
                    16,
                    32,
                    100,
                    16,
                    smoothing,
                    percentile,
                    16,
                    32,
                    2,
                    2,
                    dropout,
                    4,
                    64,
                    1e-3,
                    beta2,
                    weightDecay,
                    gradClip,
                    32,
                    16,
                    budgets);
        }
    }

    public Bonet(String name, Settings settings) {
        super(name, settings);
    }

    /** {@code bonet} with the authors' TFBind8 settings. */
    public static Bonet defaults() {
        return new Bonet("bonet", Settings.paper());
    }

    @Override
    public Bonet withConfig(Settings s) {
        return new Bonet(name(), s);
    }

    @Override
    public boolean supports(DesignSpace space) {
        return space instanceof SequenceSpace || space instanceof ContinuousSpace;
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        if (problem.isMultiObjective()) {
            throw new IllegalArgumentException("bonet is single-objective but problem '" + problem.name() + "' has "
                    + problem.objectives().size() + " objectives; use a multi-objective method");
        }
        Settings c = config();
        Data data = Data.of(problem);
        SplittableRandom rng = new SplittableRandom(seed);
        SortedTrajectories train = SortedTrajectories.build(
                data.regret, c.trajectories(), c.trajectoryLength(), c.bins(), c.smoothing(), c.percentile(), rng);
        SortedTrajectories prefixes = SortedTrajectories.build(
                data.regret,
                c.prefixTrajectories(),
                c.trajectoryLength(),
                c.bins(),
                c.smoothing(),
                c.percentile(),
                rng);
        Map<String, TrainingHistory> fits = new LinkedHashMap<>();
        CausalTransformer model = train(data, train, seed, fits);
        return rollout(problem, data, prefixes, model, k, seed, rng).withTraining(fits);
    }

    /** The visible data as BONET sees it: points (tokens or z-scored boxes) and regrets 1 − y. */
    static final class Data {
        final DesignSpace space;
        final DesignEncoding encoding; // boxes only
        final double[][] points;
        final double[] regret;
        final double[] score; // "higher is better" raw scores
        final int letters; // alphabet size for sequences, 0 for boxes

        private Data(OfflineProblem problem) {
            Dataset d = problem.dataset();
            space = problem.space();
            double[][] designs = d.designs();
            if (space instanceof SequenceSpace seq) {
                letters = seq.alphabetSize();
                encoding = null;
                points = designs;
            } else if (space instanceof ContinuousSpace) {
                letters = 0;
                encoding = DesignEncoding.fit(space, designs, true);
                points = encoding.encode(designs);
            } else {
                throw new IllegalArgumentException("bonet proposes sequences or boxes, not " + space.describe());
            }
            double sign = problem.sign(0);
            score = new double[d.size()];
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < score.length; i++) {
                score[i] = sign * d.score(i, 0);
                min = Math.min(min, score[i]);
                max = Math.max(max, score[i]);
            }
            if (!(max > min)) {
                throw new IllegalArgumentException(
                        "bonet needs scores that differ: all " + score.length + " visible designs score " + min);
            }
            regret = new double[score.length];
            for (int i = 0; i < score.length; i++) regret[i] = 1 - (score[i] - min) / (max - min);
        }

        static Data of(OfflineProblem problem) {
            return new Data(problem);
        }

        int dim() {
            return points[0].length;
        }

        int outputs() {
            return letters > 0 ? dim() * letters : dim();
        }

        double[][] decode(double[][] pts) {
            return encoding == null ? pts : encoding.decode(pts);
        }
    }

    /**
     * Trains the transformer on the first 9/10 of the trajectories' windows through the shared trainer; puts its
     * history in {@code fits} as {@code transformer}.
     */
    CausalTransformer train(Data data, SortedTrajectories trajectories, long seed, Map<String, TrainingHistory> fits) {
        Settings c = config();
        CausalTransformer model = CausalTransformer.builder(data.dim(), data.outputs())
                .embed(c.embed())
                .layers(c.layers())
                .heads(c.heads())
                .contextSteps(c.contextSteps())
                .maxTimestep(c.maxTimestep())
                .dropout(c.dropout())
                .seed(seed)
                .build();
        int trained = 9 * (c.trajectories() / 10);
        int length = c.trajectoryLength();
        // minGPT's PointRegretDataset (train_desbench.py:143-166): index i is trajectory i / L from step i mod L,
        // moved back to fit the window; N·L − 2·ctx windows
        int windows = trained * length - 2 * c.contextSteps();
        if (windows < 1) {
            throw new IllegalArgumentException("bonet's " + trained + " training trajectories of " + length
                    + " give no windows of " + c.contextSteps() + " steps; build more trajectories");
        }
        INDArray x = Nd4j.create(DataType.FLOAT, windows, 2);
        for (int i = 0; i < windows; i++) {
            x.putScalar(i, 0, i / length);
            x.putScalar(i, 1, Math.min(i % length, length - c.contextSteps()));
        }
        Trainer trainer = Trainer.builder()
                .epochs(c.epochs())
                .batchSize(c.batchSize())
                .learningRate(c.learningRate())
                .adamBetas(0.9, c.beta2())
                .epsilon(Adam.TORCH_EPSILON)
                .seed(seed)
                .label(name() + " transformer")
                .build();
        try {
            fits.put(
                    "transformer",
                    trainer.fit(
                            model,
                            x,
                            Nd4j.zeros(DataType.FLOAT, windows, 1),
                            null,
                            new Loss(data, trajectories, c, seed)));
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException(
                    String.format(
                            Locale.ROOT,
                            "bonet's transformer diverged at epoch %d of %d: lower its learning rate (Settings::learningRate,"
                                    + " now %s) or its gradient clip (Settings::gradClip, now %s)",
                            e.epoch(),
                            c.epochs(),
                            c.learningRate(),
                            c.gradClip()),
                    e.epoch());
        }
        return model;
    }

    /**
     * The loss of a batch of windows (rows: trajectory, start step): cross-entropy per position summed over the
     * positions ({@code mingpt/model_discrete_new.py}) or mean squared error ({@code mingpt/model.py}); its
     * gradients are clipped to norm {@link Settings#gradClip} before the step and AdamW's decoupled decay is
     * applied after it.
     */
    static final class Loss implements TrainingLoss<CausalTransformer> {
        private final Data data;
        private final SortedTrajectories traj;
        private final Settings c;
        private final long seed;

        Loss(Data data, SortedTrajectories traj, Settings c, long seed) {
            this.data = data;
            this.traj = traj;
            this.c = c;
            this.seed = seed;
        }

        @Override
        public double lossAndGradients(CausalTransformer model, Batch batch) {
            // the dropout masks of a batch depend on the seed, the epoch and the batch only (so a resumed training
            // draws the same ones)
            long mix = seed * 0x9E3779B97F4A7C15L + batch.epoch() * 0xBF58476D1CE4E5B9L + batch.index();
            INDArray out = forward(model, batch, new SplittableRandom(mix));
            INDArray d = Nd4j.create(out.dataType(), out.shape(), 'f');
            double loss = lossOf(out, batch, d);
            model.backward(d);
            clip(model.parameters(), c.gradClip());
            return loss;
        }

        @Override
        public double loss(CausalTransformer model, Batch batch) {
            return lossOf(forward(model, batch, null), batch, null);
        }

        /** AdamW's decay θ ← θ·(1 − lr·wd) of the dense weights (PyTorch applies it just before the step). */
        @Override
        public void afterStep(CausalTransformer model, Batch batch) {
            if (c.weightDecay() == 0) return;
            double f = 1 - c.learningRate() * c.weightDecay();
            for (Param p : model.decayedParameters()) Host.scale(p.value(), f);
        }

        private INDArray forward(CausalTransformer model, Batch batch, SplittableRandom rng) {
            int b = batch.size(), s = c.contextSteps(), dim = data.dim();
            INDArray rtg = Nd4j.create(DataType.FLOAT, new long[] {1, (long) b * s}, 'f');
            INDArray pts = Nd4j.create(DataType.FLOAT, new long[] {dim, (long) b * s}, 'f');
            int[] ts = new int[b];
            float[] r = new float[b * s], p = new float[b * s * dim];
            for (int i = 0; i < b; i++) {
                int n = (int) batch.x().getDouble(i, 0), start = (int) batch.x().getDouble(i, 1);
                ts[i] = start;
                for (int t = 0; t < s; t++) {
                    r[i * s + t] = (float) traj.toGo()[n][start + t];
                    double[] x = data.points[traj.rows()[n][start + t]];
                    for (int j = 0; j < dim; j++) p[(i * s + t) * dim + j] = (float) x[j];
                }
            }
            rtg.assign(Nd4j.create(r, new long[] {1, (long) b * s}, 'f'));
            pts.assign(Nd4j.create(p, new long[] {dim, (long) b * s}, 'f'));
            return model.forward(rtg, pts, ts, s, false, rng);
        }

        /** The loss of the outputs for the batch's targets; writes dLoss/dOut into {@code d} when given. */
        private double lossOf(INDArray out, Batch batch, INDArray d) {
            int b = batch.size(), s = c.contextSteps(), dim = data.dim(), v = data.letters;
            int cols = b * s;
            double[] o = out.dup('f').data().asDouble();
            double[] g = d == null ? null : new double[o.length];
            int rowsOut = (int) out.rows();
            double loss = 0;
            for (int i = 0; i < b; i++) {
                int n = (int) batch.x().getDouble(i, 0), start = (int) batch.x().getDouble(i, 1);
                for (int t = 0; t < s; t++) {
                    int col = i * s + t;
                    double[] x = data.points[traj.rows()[n][start + t]];
                    int base = col * rowsOut;
                    if (v > 0) {
                        for (int j = 0; j < dim; j++) { // F.cross_entropy per position, mean over the B·ctx rows
                            int off = base + j * v, target = (int) x[j];
                            double max = Double.NEGATIVE_INFINITY;
                            for (int a = 0; a < v; a++) max = Math.max(max, o[off + a]);
                            double z = 0;
                            for (int a = 0; a < v; a++) z += Math.exp(o[off + a] - max);
                            loss -= (o[off + target] - max - Math.log(z)) / cols;
                            if (g != null) {
                                for (int a = 0; a < v; a++) {
                                    g[off + a] = (Math.exp(o[off + a] - max) / z - (a == target ? 1 : 0)) / cols;
                                }
                            }
                        }
                    } else {
                        for (int j = 0; j < dim; j++) { // F.mse_loss over all B·ctx·d values
                            double e = o[base + j] - x[j];
                            loss += e * e / ((double) cols * dim);
                            if (g != null) g[base + j] = 2 * e / ((double) cols * dim);
                        }
                    }
                }
            }
            if (d != null) d.assign(Nd4j.create(g, out.shape(), 'f').castTo(d.dataType()));
            return loss;
        }
    }

    /** torch.nn.utils.clip_grad_norm_: scales all gradients by min(1, max/(‖g‖ + 1e-6)). */
    static void clip(List<Param> params, double max) {
        double sq = 0;
        for (Param p : params) sq += Host.sumOfSquares(p.grad());
        double coef = max / (Math.sqrt(sq) + 1e-6);
        if (coef < 1) for (Param p : params) Host.scale(p.grad(), coef);
    }

    /** Greedy rollouts from prefixes at the budgets; the first k generated designs in rollout order. */
    Proposal rollout(
            OfflineProblem problem,
            Data data,
            SortedTrajectories prefixes,
            CausalTransformer model,
            int k,
            long seed,
            SplittableRandom rng) {
        Settings c = config();
        int prefix = c.prefixLength(), unroll = c.maxTimestep(), perRollout = unroll - prefix, dim = data.dim();
        int rollouts = (k + perRollout - 1) / perRollout;
        int ctx = c.contextSteps();
        double[][][] pts = new double[rollouts][unroll][];
        double[][] rtg = new double[rollouts][unroll + 1];
        int[][] dataRow = new int[rollouts][unroll];
        for (int r = 0; r < rollouts; r++) {
            double budget = c.budgets().get(r % c.budgets().size());
            int e = rng.nextInt(prefixes.count()); // np.random.randint(0, 128), test_desbench.py:196
            // regrets-to-go of the prefix alone, plus the budget (test_desbench.py:200-201, model_discrete.py:271)
            double acc = 0;
            for (int t = prefix - 1; t >= 0; t--) {
                acc += prefixes.regret()[e][t];
                rtg[r][t] = acc + budget;
                dataRow[r][t] = prefixes.rows()[e][t];
                pts[r][t] = data.points[dataRow[r][t]];
            }
            for (int t = prefix; t <= unroll; t++) rtg[r][t] = budget; // no_update_rtg
        }
        try (Progress.Bar bar = Progress.start(name() + " rollout", perRollout)) {
            for (int i = prefix; i < unroll; i++) {
                int s = Math.min(ctx, i + 1);
                INDArray rt = Nd4j.create(DataType.FLOAT, new long[] {1, (long) rollouts * s}, 'f');
                INDArray px =
                        s > 1 ? Nd4j.create(DataType.FLOAT, new long[] {dim, (long) rollouts * (s - 1)}, 'f') : null;
                int[] ts = new int[rollouts];
                for (int r = 0; r < rollouts; r++) {
                    ts[r] = i; // the latest step, as model_discrete.py:282 passes timesteps[-1]
                    for (int t = 0; t < s; t++) rt.putScalar(0, r * s + t, rtg[r][i + 1 - s + t]);
                    for (int t = 0; t < s - 1; t++) {
                        double[] x = pts[r][i + 1 - s + t];
                        for (int j = 0; j < dim; j++) px.putScalar(j, r * (s - 1) + t, x[j]);
                    }
                }
                INDArray out = model.forward(rt, px, ts, s, true, null);
                for (int r = 0; r < rollouts; r++) {
                    int col = r * s + s - 1;
                    double[] x = new double[dim];
                    for (int j = 0; j < dim; j++) {
                        if (data.letters > 0) { // argmax per position (model_discrete.py:288-292)
                            int best = 0;
                            for (int a = 1; a < data.letters; a++) {
                                if (out.getDouble(j * data.letters + a, col)
                                        > out.getDouble(j * data.letters + best, col)) {
                                    best = a;
                                }
                            }
                            x[j] = best;
                        } else {
                            x[j] = out.getDouble(j, col);
                        }
                    }
                    // boxes: feed back the design as proposed (clipped to the box), in model units
                    pts[r][i] = data.encoding == null ? x : data.encoding.encode(data.decode(new double[][] {x}))[0];
                    dataRow[r][i] = -1;
                }
                bar.step("");
            }
        }
        List<double[]> designs = new ArrayList<>();
        for (int r = 0; r < rollouts && designs.size() < k; r++) {
            for (int i = prefix; i < unroll && designs.size() < k; i++) designs.add(pts[r][i]);
        }
        double[][] proposed = data.decode(designs.toArray(double[][]::new));
        Trajectory.Recorder rec = new Trajectory.Recorder();
        for (int i = 0; i < unroll; i++) {
            double[][] at = new double[rollouts][];
            double[] pred = new double[rollouts];
            for (int r = 0; r < rollouts; r++) {
                at[r] = pts[r][i];
                pred[r] = dataRow[r][i] >= 0 ? data.score[dataRow[r][i]] : Double.NaN;
            }
            rec.record(i, data.decode(at), pred);
        }
        return Proposal.of(name(), seed, problem.space(), proposed).withTrajectory(rec.build());
    }
}
