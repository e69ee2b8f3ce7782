package org.mbo4j.method.generative;

import static org.mbo4j.util.Checks.atLeastOne;
import static org.mbo4j.util.Checks.positiveNumber;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.DropoutMlp;
import org.mbo4j.nn.GFlowNet;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.Shuffle;

/**
 * GFlowNet-AL (Jain et al., "Biological Sequence Design with GFlowNets", ICML 2022; code {@code MJ10/BioSeq-GFN-AL},
 * {@code run_tfbind.py} and the README's TFBind8 command line) run offline: one round, no oracle queries. Defaults
 * with file and line, deviations and results: {@code docs/methods/gfn-al.md}.
 *
 * <ol>
 *   <li>Proxy: the authors' MC-dropout regressor ({@link DropoutMlp}, 64 wide, 4 blocks, dropout 0.1) on the one-hot
 *       designs, trained by MSE on the visible scores for {@code proxyIterations} minibatches of
 *       {@code proxyBatchSize} rows drawn with replacement from a 90 % training split; every 100 iterations the
 *       validation MSE is checked, and training stops after {@code proxyPatience} checks without a new best
 *       (the final weights are kept, {@code proxy_early_stop_to_best_params} 0).
 *   <li>Acquisition: UCB over {@code dropoutSamples} MC-dropout passes, max(μ + κσ, 0) (acquisition_fn.py lines
 *       34–41, run_tfbind.py line 307).
 *   <li>GFlowNet ({@link GFlowNet}): {@code iterations} + 1 trajectory-balance steps (run_tfbind.py line 257), each
 *       on {@code episodesPerStep} sequences sampled at temperature {@code samplingTemperature} /
 *       {@code outputCoefficient} with random actions of probability {@code randomActionProbability}, rewarded by the
 *       acquisition, plus {@code dataPerStep} training rows with their visible scores (lines 222–239). The reward
 *       exponent ramps from 1 to β: e(t) = 1 + (β − 1)(1 − 1/(1 + t/{@code exponentRamping})) (line 154).
 *   <li>Selection: {@code poolFactor}·k sequences from the trained GFlowNet (same temperature, no random actions),
 *       scored by the acquisition (exponent e(0) = 1), the k best returned; duplicates are not removed, as in
 *       {@code sample_batch} (lines 286–298).
 * </ol>
 *
 * <p>Scores are "higher is better" (a minimised objective is negated); when any visible score lies outside [0, 1]
 * they are min-max scaled to [0, 1] first (ours: the authors' tasks are all in [0, 1] and their reward clips at 0).
 * The proposal's predicted scores are the proxy's MC-dropout means in the objective's own units. Its
 * {@link Trajectory} holds the GFlowNet's training samples every {@code recordEvery} iterations (predicted: the
 * proxy mean) and, as the last step, the whole selection pool; {@link Proposal#training()} holds {@code proxy} (one
 * entry per validation check: mean training MSE since the last check, validation MSE) and {@code gflownet} (one
 * entry per {@value #BLOCK} iterations: mean trajectory-balance loss, with metrics {@code logZ} and
 * {@code reward}, the mean acquisition value of the block's samples).
 *
 * <p>Sequences only, one objective. Deterministic per seed. Divergence of either model raises a
 * {@link TrainingDivergedException} naming the iteration and the learning-rate setting to lower.
 */
public final class GflowNetAl extends ConfiguredMethod<GflowNetAl.Settings, GflowNetAl> {
    /** Iterations per entry of the {@code gflownet} training history. */
    public static final int BLOCK = 100;
    /** Proxy iterations between validation checks (regression.py line 46, {@code epoch_length}). */
    public static final int CHECK_EVERY = 100;
    /** Validation share of the visible data (lib/dataset/regression.py line 112, {@code test_size=0.1}). */
    public static final double VALIDATION_FRACTION = 0.1;
    /** Floor of every reward (run_tfbind.py line 308: max(l2r(gen_reward_min = 0), 1e-32)). */
    public static final double REWARD_FLOOR = 1e-32;
    /** Parts of log Z (mlp.py line 21: a 64-vector summed). */
    public static final int LOG_Z_PARTS = 64;

    /**
     * Hyperparameters; "rt" is {@code run_tfbind.py}, "README" its line 19 (the TFBind8 command line, which overrides
     * some of rt's defaults).
     *
     * @param quickVariant            the tutorial/CI variant
     * @param proxyWidth              proxy hidden width ({@code proxy_num_hid} 64, rt line 97)
     * @param proxyLayers             proxy blocks ({@code proxy_num_layers} 4, rt line 94)
     * @param proxyDropout            proxy dropout ({@code proxy_dropout} 0.1, rt line 95)
     * @param proxyLearningRate       proxy Adam lr ({@code proxy_learning_rate} 1e-4, rt line 91)
     * @param proxyWeightDecay        proxy Adam weight decay ({@code proxy_L2} 1e-4, rt line 98)
     * @param proxyBatchSize          proxy minibatch rows ({@code proxy_num_per_minibatch} 256, rt line 99)
     * @param proxyIterations         proxy minibatches at most ({@code proxy_num_iterations} 10000, README; rt line 102
     *                                has 3000)
     * @param proxyPatience           validation checks without a new best before stopping ({@code
     *                                proxy_early_stop_tol} 5, rt line 100)
     * @param dropoutSamples          MC-dropout passes per acquisition ({@code proxy_num_dropout_samples} 25, rt line
     *                                103)
     * @param kappa                   UCB weight of σ ({@code kappa} 0.1, rt line 46; {@code acq_fn ucb}, README)
     * @param width                   GFlowNet hidden width (1024, fixed in gfn.py line 122)
     * @param layers                  GFlowNet [ReLU, Linear] blocks (2, gfn.py line 123)
     * @param learningRate            GFlowNet policy Adam lr ({@code gen_learning_rate} 1e-3, README; rt line 62 has
     *                                5e-4)
     * @param logZLearningRate        Adam lr of each log Z part ({@code gen_Z_learning_rate} 0.1, README; rt line 63
     *                                has 5e-3)
     * @param logZInit                initial log Z ({@code gen_partition_init} 50, rt line 72)
     * @param clip                    gradient-norm clip ({@code gen_clip} 10, rt line 64)
     * @param iterations              trajectory-balance iterations; the authors run iterations + 1 ({@code
     *                                gen_num_iterations} 2500, README; rt line 65 has 10000)
     * @param episodesPerStep         sampled sequences per step ({@code gen_episodes_per_step} 16, rt line 66)
     * @param dataPerStep             visible designs per step ({@code gen_data_sample_per_step} 8, README; rt line 82
     *                                has 16)
     * @param rewardExponent          β ({@code gen_reward_exp} 8, README; rt line 69 has 2)
     * @param exponentRamping         the exponent ramp's constant ({@code gen_reward_exp_ramping} 3, rt line 75; 0:
     *                                β from the start)
     * @param randomActionProbability ε ({@code gen_random_action_prob} 0.001, rt line 79)
     * @param samplingTemperature     sampling temperature ({@code gen_sampling_temperature} 2, rt line 80)
     * @param outputCoefficient       the factor on the policy's logits when sampling ({@code gen_output_coef} 10, rt
     *                                line 77; applied in gfn.py line 190, not in the loss)
     * @param poolFactor              sampled sequences per returned one (100: rt line 290,
     *                                {@code num_sampled_per_round * 100})
     * @param releasedCode            train and sample as the authors' released code does rather than as the paper's
     *                                trajectory balance (false; true: {@code gfn-al-released-code}, an ablation): each
     *                                prefix's output scored against the token after next and token 0 never first
     *                                ({@link GFlowNet.Builder#authorsCode}; docs/methods/gfn-al.md, deviations)
     * @param recordEvery             iterations between recorded training batches (ours; does not change the result)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            @Setting(key = "proxy") int proxyWidth,

            @Setting(key = "", format = "x%d", attach = true)
            int proxyLayers,

            @Setting(format = "%.2f") double proxyDropout,
            @Setting(key = "proxy_lr", format = "%.1e") double proxyLearningRate,
            @Setting(key = "proxy_l2", format = "%.1e") double proxyWeightDecay,
            @Setting(key = "proxy_batch") int proxyBatchSize,
            @Setting(key = "proxy_iters") int proxyIterations,
            @Setting(key = "patience") int proxyPatience,
            @Setting(key = "mc") int dropoutSamples,
            @Setting(key = "ucb_kappa", format = "%.2f") double kappa,
            @Setting(key = "gfn") int width,

            @Setting(key = "", format = "x%d", attach = true)
            int layers,

            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "z_lr", format = "%.1e") double logZLearningRate,
            @Setting(key = "z0", format = "%.1f") double logZInit,
            @Setting(format = "%.1f") double clip,
            int iterations,
            @Setting(key = "episodes") int episodesPerStep,
            @Setting(key = "data") int dataPerStep,
            @Setting(key = "beta", format = "%.1f") double rewardExponent,
            @Setting(key = "ramp", format = "%.1f") double exponentRamping,
            @Setting(key = "eps", format = "%.4f") double randomActionProbability,
            @Setting(key = "temp", format = "%.2f") double samplingTemperature,
            @Setting(key = "coef", format = "%.1f") double outputCoefficient,
            @Setting(key = "pool") int poolFactor,
            @Setting(key = "tb=released-code") boolean releasedCode,
            @Setting(omit = true) int recordEvery)
            implements MethodSettings<Settings> {
        public Settings {
            atLeastOne("the proxy width (proxyWidth)", proxyWidth);
            if (proxyLayers < 0) throw new IllegalArgumentException("proxyLayers must be ≥ 0, got " + proxyLayers);
            if (!(proxyDropout >= 0 && proxyDropout < 1)) {
                throw new IllegalArgumentException("proxyDropout must be in [0, 1), got " + proxyDropout);
            }
            positiveNumber("proxyLearningRate", proxyLearningRate);
            if (!(proxyWeightDecay >= 0) || Double.isInfinite(proxyWeightDecay)) {
                throw new IllegalArgumentException(
                        "proxyWeightDecay must be a finite number ≥ 0, got " + proxyWeightDecay);
            }
            atLeastOne("the proxy batch size (proxyBatchSize)", proxyBatchSize);
            atLeastOne("proxy iterations (proxyIterations)", proxyIterations);
            atLeastOne("the proxy patience (proxyPatience)", proxyPatience);
            if (dropoutSamples < 2) {
                throw new IllegalArgumentException("MC dropout needs dropoutSamples ≥ 2, got " + dropoutSamples);
            }
            if (!Double.isFinite(kappa)) throw new IllegalArgumentException("kappa must be finite, got " + kappa);
            atLeastOne("the GFlowNet width (width)", width);
            if (layers < 0) throw new IllegalArgumentException("layers must be ≥ 0, got " + layers);
            positiveNumber("learningRate", learningRate);
            positiveNumber("logZLearningRate", logZLearningRate);
            if (!Double.isFinite(logZInit)) throw new IllegalArgumentException("logZInit must be finite");
            positiveNumber("clip", clip);
            if (iterations < 0) throw new IllegalArgumentException("iterations must be ≥ 0, got " + iterations);
            atLeastOne("episodesPerStep", episodesPerStep);
            if (dataPerStep < 0) throw new IllegalArgumentException("dataPerStep must be ≥ 0, got " + dataPerStep);
            positiveNumber("rewardExponent", rewardExponent);
            if (!(exponentRamping >= 0) || Double.isInfinite(exponentRamping)) {
                throw new IllegalArgumentException(
                        "exponentRamping must be a finite number ≥ 0, got " + exponentRamping);
            }
            if (!(randomActionProbability >= 0 && randomActionProbability <= 1)) {
                throw new IllegalArgumentException(
                        "randomActionProbability must be in [0, 1], got " + randomActionProbability);
            }
            positiveNumber("samplingTemperature", samplingTemperature);
            positiveNumber("outputCoefficient", outputCoefficient);
            atLeastOne("poolFactor", poolFactor);
            atLeastOne("recordEvery", recordEvery);
        }

        /** The authors' TFBind8 values (run_tfbind.py with the README's command line). */
        public static Settings paper() {
            return new Settings(
                    false, 64, 4, 0.1, 1e-4, 1e-4, 256, 10000, 5, 25, 0.1, 1024, 2, 1e-3, 0.1, 50, 10, 2500, 16, 8, 8,
                    3, 0.001, 2, 10, 100, false, 50);
        }

        /**
         * 1,500 proxy iterations, 10 MC-dropout passes, a GFlowNet 128 wide trained for 400 iterations, a pool of 20
         * per returned design. Not the paper's numbers.
         */
        @Override
        public Settings quick() {
            return with(Settings::proxyIterations, 1500)
                    .with(Settings::dropoutSamples, 10)
                    .with(Settings::width, 128)
                    .with(Settings::iterations, 400)
                    .with(Settings::poolFactor, 20)
                    .with(Settings::recordEvery, 20)
                    .with(Settings::quickVariant, true);
        }
    }

    public GflowNetAl(Settings settings) {
        this("gfn-al", settings);
    }

    private GflowNetAl(String name, Settings settings) {
        super(name, settings);
    }

    /**
     * {@code gfn-al-released-code}: the same run with the authors' released code's trajectory-balance pairing and
     * first-step rule ({@link Settings#releasedCode}), to measure what they change.
     */
    public GflowNetAl releasedCode() {
        if (config().releasedCode()) return this;
        return new GflowNetAl(name() + "-released-code", config().with(Settings::releasedCode, true));
    }

    /** {@code gfn-al} with the authors' TFBind8 defaults. */
    public static GflowNetAl defaults() {
        return new GflowNetAl(Settings.paper());
    }

    @Override
    public GflowNetAl withConfig(Settings s) {
        return new GflowNetAl(name(), s);
    }

    /** Sequence spaces only: the GFlowNet appends one token per step. */
    @Override
    public boolean supports(DesignSpace space) {
        return space instanceof SequenceSpace;
    }

    /** The reward exponent at iteration t: 1 + (β − 1)(1 − 1/(1 + t/ramp)), β throughout when ramp is 0. */
    static double exponent(double beta, double ramp, int t) {
        return ramp > 0 ? 1 + (beta - 1) * (1 - 1 / (1 + t / ramp)) : beta;
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        if (!(problem.space() instanceof SequenceSpace seq)) {
            throw new IllegalArgumentException(name() + " builds sequences token by token, but problem '"
                    + problem.name() + "' has a continuous design space ("
                    + problem.space().describe()
                    + "); use cbas, bonet or grad instead");
        }
        if (problem.isMultiObjective()) {
            throw new IllegalArgumentException(name() + " is single-objective but problem '" + problem.name() + "' has "
                    + problem.objectives().size() + " objectives; use a multi-objective method");
        }
        if (k < 1) throw new IllegalArgumentException("k must be ≥ 1, got " + k);
        Settings s = config();
        int length = seq.length(), tokens = seq.alphabetSize();
        double[][] designs = problem.dataset().designs();
        int n = designs.length;
        if (n < 2) {
            throw new IllegalArgumentException(
                    name() + " needs at least 2 visible designs to split off a validation" + " set, got " + n);
        }
        int[][] x = new int[n][length];
        for (int i = 0; i < n; i++) for (int t = 0; t < length; t++) x[i][t] = (int) designs[i][t];
        double sign = problem.sign(0);
        double[] raw = problem.dataset().scoreColumn(0);
        double[] y = new double[n];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            y[i] = sign * raw[i];
            lo = Math.min(lo, y[i]);
            hi = Math.max(hi, y[i]);
        }
        boolean scaled = lo < 0 || hi > 1;
        if (scaled && !(hi > lo)) {
            throw new IllegalArgumentException(
                    name() + " needs scores that differ: all " + n + " visible designs score " + raw[0]);
        }
        double offset = scaled ? lo : 0, scale = scaled ? hi - lo : 1;
        for (int i = 0; i < n; i++) y[i] = (y[i] - offset) / scale;

        // 90/10 split (lib/dataset/regression.py line 112)
        int[] perm = IntStream.range(0, n).toArray();
        Shuffle.shuffle(perm, new SplittableRandom(mix(seed, 1)));
        int nVal = Math.max(1, (int) Math.round(n * VALIDATION_FRACTION));
        int[] valRows = Arrays.copyOfRange(perm, 0, nVal);
        int[] trainRows = Arrays.copyOfRange(perm, nVal, n);
        Map<String, TrainingHistory> fits = new LinkedHashMap<>();
        DropoutMlp proxy = trainProxy(s, x, y, trainRows, valRows, tokens, seed, fits);

        SplittableRandom acqRng = new SplittableRandom(mix(seed, 2));
        GFlowNet gfn = GFlowNet.builder(tokens, length)
                .width(s.width())
                .layers(s.layers())
                .learningRate(s.learningRate())
                .logZLearningRate(s.logZLearningRate())
                .logZ(s.logZInit(), LOG_Z_PARTS)
                .clip(s.clip())
                .authorsCode(s.releasedCode())
                .seed(mix(seed, 3))
                .build();
        SplittableRandom rng = new SplittableRandom(mix(seed, 4));
        double temperature = s.samplingTemperature() / s.outputCoefficient();
        Trajectory.Recorder trajectory = new Trajectory.Recorder();
        List<Double> blockLoss = new ArrayList<>(), blockZ = new ArrayList<>(), blockReward = new ArrayList<>();
        double lossSum = 0, rewardSum = 0;
        int inBlock = 0, recorded = 0;
        for (int it = 0; it <= s.iterations(); it++) {
            int[][] sampled = gfn.sample(s.episodesPerStep(), temperature, s.randomActionProbability(), rng);
            double[][] acq = acquisition(proxy, sampled, tokens, s, acqRng);
            double e = exponent(s.rewardExponent(), s.exponentRamping(), it);
            int m = sampled.length + s.dataPerStep();
            int[][] batch = new int[m][];
            double[] logR = new double[m];
            for (int i = 0; i < sampled.length; i++) {
                batch[i] = sampled[i];
                logR[i] = GFlowNet.logReward(acq[2][i], e, REWARD_FLOOR);
                rewardSum += acq[2][i] / sampled.length;
            }
            for (int j = 0; j < s.dataPerStep(); j++) {
                int row = trainRows[rng.nextInt(trainRows.length)];
                batch[sampled.length + j] = x[row];
                logR[sampled.length + j] = GFlowNet.logReward(y[row], e, REWARD_FLOOR);
            }
            if (it % s.recordEvery() == 0) {
                trajectory.record(recorded++, doubles(sampled), toObjective(acq[0], sign, offset, scale));
            }
            try {
                lossSum += gfn.step(batch, logR);
            } catch (TrainingDivergedException ex) {
                throw new TrainingDivergedException(
                        String.format(
                                Locale.ROOT,
                                "%s: the GFlowNet diverged at iteration %d of %d (%s); lower its learning rate lr (now"
                                        + " %s) with with(GflowNetAl.Settings::learningRate, …) or z_lr (now %s)",
                                name(),
                                it + 1,
                                s.iterations() + 1,
                                ex.getMessage(),
                                s.learningRate(),
                                s.logZLearningRate()),
                        it + 1);
            }
            inBlock++;
            if (inBlock == BLOCK || it == s.iterations()) {
                blockLoss.add(lossSum / inBlock);
                blockReward.add(rewardSum / inBlock);
                blockZ.add(gfn.logZ());
                lossSum = rewardSum = 0;
                inBlock = 0;
            }
        }
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        metrics.put("logZ", blockZ);
        metrics.put("reward", blockReward);
        List<Double> noValidation = new ArrayList<>();
        for (int i = 0; i < blockLoss.size(); i++) noValidation.add(Double.NaN);
        fits.put("gflownet", new TrainingHistory(blockLoss, noValidation, blockLoss.size(), false, metrics));

        // selection: the pool's k best by the acquisition (sample_batch, exponent 1 at it = 0)
        int pool = s.poolFactor() * k;
        int[][] cand = new int[pool][];
        double[] score = new double[pool];
        double[] mean = new double[pool];
        int chunk = 1024;
        for (int from = 0; from < pool; from += chunk) {
            int[][] part = gfn.sample(Math.min(chunk, pool - from), temperature, 0, rng);
            double[][] acq = acquisition(proxy, part, tokens, s, acqRng);
            for (int i = 0; i < part.length; i++) {
                cand[from + i] = part[i];
                score[from + i] = acq[2][i];
                mean[from + i] = acq[0][i];
            }
        }
        trajectory.record(recorded, doubles(cand), toObjective(mean, sign, offset, scale));
        Integer[] order = new Integer[pool];
        for (int i = 0; i < pool; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -score[i]).thenComparingInt(i -> i));
        double[][] out = new double[k][];
        double[][] predicted = new double[k][1];
        double[] chosenMean = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = doubles(new int[][] {cand[order[i]]})[0];
            chosenMean[i] = mean[order[i]];
        }
        double[] objective = toObjective(chosenMean, sign, offset, scale);
        for (int i = 0; i < k; i++) predicted[i][0] = objective[i];
        return Proposal.of(name(), seed, problem.space(), out, predicted)
                .withTrajectory(trajectory.build())
                .withTraining(fits);
    }

    /**
     * The proxy fit (DropoutRegressor.fit, regression.py lines 39–107): minibatches with replacement, a validation
     * check every {@value #CHECK_EVERY} iterations from the first, stop after {@code proxyPatience} checks without a
     * new best, keep the final weights.
     */
    private DropoutMlp trainProxy(
            Settings s,
            int[][] x,
            double[] y,
            int[] trainRows,
            int[] valRows,
            int tokens,
            long seed,
            Map<String, TrainingHistory> fits) {
        int length = x[0].length;
        DropoutMlp proxy = new DropoutMlp(
                length * tokens,
                s.proxyWidth(),
                s.proxyLayers(),
                s.proxyDropout(),
                s.proxyLearningRate(),
                s.proxyWeightDecay(),
                mix(seed, 5));
        SplittableRandom rng = new SplittableRandom(mix(seed, 6));
        double[][] vx = oneHot(x, valRows, tokens);
        double[] vy = new double[valRows.length];
        for (int i = 0; i < valRows.length; i++) vy[i] = y[valRows[i]];
        List<Double> train = new ArrayList<>(), val = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY, sum = 0;
        int since = 0, worse = 0;
        boolean stopped = false;
        for (int it = 0; it < s.proxyIterations(); it++) {
            int[] rows = new int[s.proxyBatchSize()];
            double[] by = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = trainRows[rng.nextInt(trainRows.length)];
                by[i] = y[rows[i]];
            }
            try {
                sum += proxy.step(oneHot(x, rows, tokens), by, rng);
            } catch (TrainingDivergedException ex) {
                throw new TrainingDivergedException(
                        String.format(
                                Locale.ROOT,
                                "%s: the proxy diverged at iteration %d of %d (%s); lower proxy_lr (now %s) with"
                                        + " with(GflowNetAl.Settings::proxyLearningRate, …)",
                                name(),
                                it + 1,
                                s.proxyIterations(),
                                ex.getMessage(),
                                s.proxyLearningRate()),
                        it + 1);
            }
            since++;
            if (it % CHECK_EVERY == 0) { // every CHECK_EVERY iterations from iteration 0, as the authors' loop
                double v = proxy.loss(vx, vy, rng); // in training mode, as the authors' validation
                train.add(sum / since);
                val.add(v);
                sum = 0;
                since = 0;
                if (v < best) {
                    best = v;
                    worse = 0;
                } else if (++worse >= s.proxyPatience()) {
                    stopped = true;
                    break;
                }
            }
        }
        fits.put("proxy", new TrainingHistory(train, val, train.size(), stopped));
        return proxy;
    }

    /** {μ, σ, max(μ + κσ, 0)} per sequence over the proxy's MC-dropout passes. */
    private static double[][] acquisition(
            DropoutMlp proxy, int[][] seqs, int tokens, Settings s, SplittableRandom rng) {
        double[][] mo = proxy.moments(oneHot(seqs, null, tokens), s.dropoutSamples(), rng);
        double[] ucb = new double[seqs.length];
        for (int i = 0; i < seqs.length; i++) ucb[i] = Math.max(mo[0][i] + s.kappa() * mo[1][i], 0);
        return new double[][] {mo[0], mo[1], ucb};
    }

    private static double[] toObjective(double[] v, double sign, double offset, double scale) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = sign * (v[i] * scale + offset);
        return out;
    }

    /** One-hot rows (L·V) of {@code seqs} (of the listed rows, or all when null). */
    static double[][] oneHot(int[][] seqs, int[] rows, int tokens) {
        int n = rows == null ? seqs.length : rows.length;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            int[] s = seqs[rows == null ? i : rows[i]];
            double[] r = new double[s.length * tokens];
            for (int t = 0; t < s.length; t++) r[t * tokens + s[t]] = 1;
            out[i] = r;
        }
        return out;
    }

    private static double[][] doubles(int[][] seqs) {
        double[][] out = new double[seqs.length][];
        for (int i = 0; i < seqs.length; i++) {
            out[i] = new double[seqs[i].length];
            for (int t = 0; t < seqs[i].length; t++) out[i][t] = seqs[i][t];
        }
        return out;
    }

    private static long mix(long seed, int tag) {
        return seed * 0x9E3779B97F4A7C15L + tag * 1_000_003L;
    }
}
