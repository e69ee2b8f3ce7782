package org.mbo4j.method.generative;

import static org.mbo4j.util.Checks.atLeastOne;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.commons.math3.special.Erf;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.data.Standardizer;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.Trajectory;
import org.mbo4j.method.surrogate.SurrogateData;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Bootstrap;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.nn.Vae;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Conditioning by Adaptive Sampling (Brookes, Park, Listgarten, ICML 2019) as design-baselines runs it
 * ({@code design_baselines/cbas/__init__.py}, {@code trainers.py}, {@code nets.py}; TFBind8 values from
 * {@code design_baselines/cbas/experiments.py} lines 337–362). Defaults with their sources, deviations and results:
 * {@code docs/methods/cbas.md}.
 *
 * <ol>
 *   <li>An ensemble oracle: {@code bootstraps} Gaussian MLPs ({@link GaussianMlp}, one hidden layer) trained by
 *       NLL on bootstrap resamples of the visible data, y z-scored ({@code normalize_ys}).
 *   <li>A prior VAE p ({@link Vae}) fitted to the visible designs for {@code offlineEpochs}; the search VAE q
 *       starts as a copy of p.
 *   <li>{@code iterations} times: draw {@code onlineBatches × vaeBatchSize} designs x ~ q(x | z), z ~ N(0, I);
 *       the oracle's mixture mean ŷ; γ = the {@code percentile}-th percentile of ŷ (nearest rank, tfp's default);
 *       weights w = p(x | z) / q(x | z) · P(y ≥ γ | x) with the same z in both decoders (the authors' estimate of
 *       the density ratio, {@code trainers.py} lines 531–554) and P from the oracle's Gaussian mixture; refit q on
 *       (x, w) by weighted maximum likelihood for {@code onlineEpochs} ({@link Vae#elboLoss}); then
 *       {@link #afterIteration} (nothing here; Autofocused CbAS retrains its oracle).
 *   <li>The k designs: z ~ N(0, I), x ~ q(x | z) (cbas/__init__.py lines 151–154: the authors draw
 *       {@code solver_samples} = 128 and score all of them).
 * </ol>
 *
 * <p>Sequences are one-hot (L·K) for the VAE and the oracle, with a categorical decoder; boxes are z-scored
 * ({@code normalize_xs} is on in every continuous-task config of {@code cbas/experiments.py}, e.g. line 37) with the
 * authors' {@code ContinuousDecoder} (Gaussian, soft-clipped log-std), and decoded designs are clipped to the box.
 * The same settings serve both kinds of space, as in the authors' configs.
 *
 * <p>Every iteration's samples and the oracle's mean predictions (z-scored "higher is better" units) are kept in the
 * proposal's {@link Trajectory} (step i = the samples q drew in iteration i; step 0 are the prior's samples, since
 * q starts as p), and every fit's {@link TrainingHistory} in {@link Proposal#training()}: {@code oracle} (Gaussian
 * NLL), {@code prior vae} and {@code iteration i} (the β-ELBO loss, with the epoch means of {@code nll} and
 * {@code kl}), and for Autofocused CbAS {@code autofocus i}.
 */
public class Cbas extends ConfiguredMethod<Cbas.Settings, Cbas> {
    /** LeakyReLU slope: Keras' default, as the authors' {@code tfkl.LeakyReLU()} (nets.py lines 46, 130, 200). */
    public static final double LEAKY_SLOPE = 0.3;

    /**
     * Hyperparameters; every default is the TFBind8 config of {@code design_baselines/cbas/experiments.py}
     * (line numbers below; {@code autofocused_cbas/experiments.py} lines 349–369 has the same values plus
     * {@code autofocus_epochs}).
     *
     * @param quickVariant     the tutorial/CI variant
     * @param bootstraps       oracle ensemble members ({@code bootstraps} 5, line 343)
     * @param hiddenSize       width of the one hidden layer of the oracle, encoder and decoder ({@code hidden_size}
     *                         256, {@code num_layers} 1, lines 348–349)
     * @param latentSize       VAE latent size ({@code latent_size} 32, line 354)
     * @param initialMaxStd    initial upper std bound of every soft-clipped log-std ({@code initial_max_std} 0.2,
     *                         line 350)
     * @param initialMinStd    initial lower std bound ({@code initial_min_std} 0.1, line 351)
     * @param oracleLearningRate Adam lr of the oracle ({@code ensemble_lr} 3e-4, line 352)
     * @param oracleEpochs     oracle training epochs ({@code ensemble_epochs} 100, line 353)
     * @param oracleBatchSize  oracle minibatch rows ({@code ensemble_batch_size} 100, line 345)
     * @param vaeLearningRate  Adam lr of both VAEs ({@code vae_lr} 3e-4, line 355)
     * @param vaeBatchSize     VAE minibatch rows and samples per online batch ({@code vae_batch_size} 100, line 346)
     * @param vaeBeta          KL weight β ({@code vae_beta} 1.0, line 356)
     * @param offlineEpochs    epochs of the prior VAE on the data ({@code offline_epochs} 200, line 357)
     * @param onlineBatches    batches of samples per iteration ({@code online_batches} 10, line 358)
     * @param onlineEpochs     epochs of q on each iteration's weighted samples ({@code online_epochs} 10, line 359)
     * @param iterations       adaptive-sampling iterations ({@code iterations} 20, line 360)
     * @param percentile       the threshold γ's percentile of the predicted scores ({@code percentile} 80, line 361)
     * @param validationSize   validation rows of every fit, at most a fifth of its data ({@code val_size} 200, line
     *                         344)
     * @param autofocusEpochs  epochs of oracle retraining per iteration: 0 for CbAS; Autofocused CbAS 10
     *                         ({@code autofocus_epochs}, {@code autofocused_cbas/experiments.py} line 366)
     * @param minSteps         a floor on the minibatch steps of every fit on the visible data (oracle, prior,
     *                         autofocus), raising their epochs on small files (0 = off, the paper; on boxes
     *                         {@link #forSpace} sets {@value #CONTINUOUS_MIN_STEPS}; ours, not the authors': see
     *                         docs/methods/cbas.md). TFBind8's fits take 3,270 or more steps, so a floor up to
     *                         that changes nothing there.
     * @param carryAdam        one Adam per model across its fits, as the authors' Keras models keep theirs: the
     *                         search VAE q over its iterations ({@code WeightedVAE.optim}, {@code cbas/trainers.py}
     *                         line 276, built once at {@code cbas/__init__.py} lines 112-115 and used by every
     *                         {@code q_vae.launch}, lines 145-149) and, for Autofocused CbAS, the oracle from its
     *                         first fit through every retraining ({@code Ensemble.forward_model_optims}, {@code
     *                         autofocused_cbas/trainers.py} lines 31-34, used by the first {@code ensemble.launch}
     *                         and every autofocus one, {@code autofocused_cbas/__init__.py} lines 62 and 163). True:
     *                         the paper; false: a fresh Adam per fit, the
     *                         {@code -fresh-adam} variants that produced the TFBind8 rows committed before this
     *                         setting existed
     * @param rawRatios        Autofocus's density ratios as the authors use them, unscaled (true in
     *                         {@link AutofocusedCbas#paper()}; see {@link AutofocusedCbas}); false: scaled to mean 1
     *                         over the data, mbo4j's earlier choice, kept by the {@code -fresh-adam} variants. Unused
     *                         by CbAS (false)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            @Setting(key = "oracles") int bootstraps,
            @Setting(key = "hidden") int hiddenSize,
            @Setting(key = "latent") int latentSize,
            @Setting(key = "std_max", format = "%.2f") double initialMaxStd,
            @Setting(key = "std_min", format = "%.2f") double initialMinStd,
            @Setting(key = "oracle_lr", format = "%.1e") double oracleLearningRate,
            int oracleEpochs,
            @Setting(key = "oracle_batch") int oracleBatchSize,
            @Setting(key = "vae_lr", format = "%.1e") double vaeLearningRate,
            @Setting(key = "vae_batch") int vaeBatchSize,
            @Setting(key = "beta", format = "%.2f") double vaeBeta,
            int offlineEpochs,
            int onlineBatches,
            int onlineEpochs,
            int iterations,
            @Setting(format = "%.1f") double percentile,
            @Setting(key = "val") int validationSize,
            @Setting(zero = "") int autofocusEpochs,
            @Setting(zero = "") int minSteps,
            @Setting(key = "adam=carried") boolean carryAdam,
            @Setting(key = "ratios=raw") boolean rawRatios)
            implements MethodSettings<Settings> {
        /** The step floor on boxes (see {@code minSteps}). */
        public static final int CONTINUOUS_MIN_STEPS = 2000;
        /** The quick variant's step floor on boxes. */
        public static final int QUICK_CONTINUOUS_MIN_STEPS = 500;

        public Settings {
            atLeastOne("the oracle ensemble size (bootstraps)", bootstraps);
            atLeastOne("the hidden width", hiddenSize);
            atLeastOne("the latent size", latentSize);
            atLeastOne("oracle epochs", oracleEpochs);
            atLeastOne("the oracle batch size", oracleBatchSize);
            atLeastOne("the VAE batch size", vaeBatchSize);
            atLeastOne("offline epochs", offlineEpochs);
            atLeastOne("online batches", onlineBatches);
            atLeastOne("online epochs", onlineEpochs);
            if (iterations < 0) throw new IllegalArgumentException("iterations must be ≥ 0, got " + iterations);
            if (autofocusEpochs < 0) {
                throw new IllegalArgumentException("autofocus epochs must be ≥ 0, got " + autofocusEpochs);
            }
            if (minSteps < 0) throw new IllegalArgumentException("minimum steps must be ≥ 0, got " + minSteps);
            if (validationSize < 0) {
                throw new IllegalArgumentException("the validation size must be ≥ 0, got " + validationSize);
            }
            if (!(initialMinStd > 0 && initialMaxStd > initialMinStd) || Double.isInfinite(initialMaxStd)) {
                throw new IllegalArgumentException("the initial std bounds must satisfy 0 < min < max < ∞, got max "
                        + initialMaxStd + ", min " + initialMinStd);
            }
            for (double lr : new double[] {oracleLearningRate, vaeLearningRate}) {
                if (!(lr > 0) || Double.isInfinite(lr)) {
                    throw new IllegalArgumentException("learning rates must be positive numbers, got " + lr);
                }
            }
            if (!(vaeBeta >= 0) || Double.isInfinite(vaeBeta)) {
                throw new IllegalArgumentException("the KL weight beta must be a finite number ≥ 0, got " + vaeBeta);
            }
            if (!(percentile >= 0 && percentile <= 100)) {
                throw new IllegalArgumentException("the percentile must be in [0, 100], got " + percentile);
            }
        }

        /** CbAS' TFBind8 values (autofocus off). */
        public static Settings paper() {
            return new Settings(
                    false, 5, 256, 32, 0.2, 0.1, 3e-4, 100, 100, 3e-4, 100, 1.0, 200, 10, 10, 20, 80.0, 200, 0, 0, true,
                    false);
        }

        /**
         * 2 oracles, 64 hidden, latent 8, 5 oracle and 10 prior epochs, 5 iterations of 5 × 100 samples and 3
         * epochs (autofocus: 2 epochs). Not the paper's numbers.
         */
        @Override
        public Settings quick() {
            return with(Settings::bootstraps, 2)
                    .with(Settings::hiddenSize, 64)
                    .with(Settings::latentSize, 8)
                    .with(Settings::oracleEpochs, 5)
                    .with(Settings::offlineEpochs, 10)
                    .with(Settings::onlineBatches, 5)
                    .with(Settings::onlineEpochs, 3)
                    .with(Settings::iterations, 5)
                    .with(Settings::autofocusEpochs, Math.min(autofocusEpochs, 2))
                    .with(Settings::quickVariant, true);
        }

        /**
         * On a box: at least {@value #CONTINUOUS_MIN_STEPS} steps ({@value #QUICK_CONTINUOUS_MIN_STEPS} for the quick
         * variant) for the fits on the visible data, unless a floor is set already; sequences keep these values.
         */
        @Override
        public Settings forSpace(DesignSpace space) {
            if (!(space instanceof ContinuousSpace) || minSteps != 0) return this;
            return with(Settings::minSteps, quickVariant ? QUICK_CONTINUOUS_MIN_STEPS : CONTINUOUS_MIN_STEPS);
        }
    }

    /** CbAS with {@code settings}, whose autofocus epochs must be 0 (use {@link AutofocusedCbas} otherwise). */
    public Cbas(Settings settings) {
        this("cbas", settings);
        noAutofocus(settings);
    }

    private static void noAutofocus(Settings settings) {
        if (settings.autofocusEpochs() != 0) {
            throw new IllegalArgumentException("cbas does not retrain its oracle, but autofocus_epochs is "
                    + settings.autofocusEpochs() + "; use auto-cbas (AutofocusedCbas) or set it to 0");
        }
    }

    /** For {@link AutofocusedCbas}. */
    protected Cbas(String name, Settings settings) {
        super(name, settings);
    }

    /** {@code cbas} with paper defaults. */
    public static Cbas defaults() {
        return new Cbas(Settings.paper());
    }

    /**
     * The same method as mbo4j ran it before a second reading of design-baselines (name + {@code -fresh-adam}): a fresh
     * Adam for every fit ({@link Settings#carryAdam}) and, for Autofocused CbAS, ratios scaled to mean 1
     * ({@link Settings#rawRatios}); the TFBind8 records made that way keep this name.
     */
    public Cbas freshAdam() {
        if (!config().carryAdam()) return this;
        return withName(
                name() + "-fresh-adam",
                config().with(Settings::carryAdam, false).with(Settings::rawRatios, false));
    }

    /** This method under another registry name (for variants). */
    protected Cbas withName(String name, Settings s) {
        noAutofocus(s);
        return new Cbas(name, s);
    }

    @Override
    public Cbas withConfig(Settings s) {
        return withName(name(), s);
    }

    @Override
    public boolean supports(DesignSpace space) {
        return space instanceof SequenceSpace || space instanceof ContinuousSpace;
    }

    /** Everything one run holds: data, the oracle, the prior p and the search distribution q. */
    protected static final class Run {
        /** The problem's y pipeline (objective 0, "higher is better", z-scored) and its decoding to raw scores. */
        final SurrogateData targets;

        final Codec codec;
        /** The visible designs in the model's data form (n × d, float32). */
        final INDArray x;
        /** Targets (n × 1, float32, z-scored). */
        final INDArray y;

        final long seed;
        /** The training history of every fit, in order: oracle, prior vae, iteration 1, (autofocus 1), …. */
        final Map<String, TrainingHistory> fits = new LinkedHashMap<>();

        Ensemble<GaussianMlp> oracle;
        Vae prior;
        Vae search;
        /** The oracle's Adam, carried from its first fit into Autofocus's retrainings (null: a fresh one per fit). */
        Adam oracleAdam;
        /** q's Adam, carried across the iterations (null: a fresh one per fit). */
        Adam searchAdam;

        Run(OfflineProblem problem, long seed) {
            this.targets = SurrogateData.of(problem, false, true);
            this.codec = new Codec(problem.space(), problem.dataset().designs());
            this.x = Tensors.matrix(codec.encode(problem.dataset().designs()), DataType.FLOAT);
            this.y = targets.y();
            this.seed = seed;
        }

        /** A seed for one random choice of the run, distinct per {@code tag} and iteration. */
        long seed(int tag, int iteration) {
            return seed * 0x9E3779B97F4A7C15L + tag * 1_000_003L + iteration;
        }
    }

    @Override
    public final Proposal run(OfflineProblem problem, int k, long seed) {
        Settings s = config();
        Run run = new Run(problem, seed);
        run.oracle = trainOracle(run);
        run.prior = codecVae(run.codec, s, run.seed(1, 0));
        fit(
                run,
                "prior vae",
                "prior VAE",
                s.offlineEpochs(),
                true,
                () -> trainer(s.offlineEpochs(), s.minSteps(), run.x.rows(), run.seed(2, 0), "prior vae")
                        .build()
                        .fit(run.prior, run.x, run.y, null, Vae.elboLoss(s.vaeBeta(), run.seed(3, 0))));
        run.search = run.prior.copy();
        if (s.carryAdam())
            run.searchAdam = Trainer.builder().learningRate(s.vaeLearningRate()).newAdam();
        Trajectory.Recorder trajectory = new Trajectory.Recorder();
        for (int it = 0; it < s.iterations(); it++) {
            int n = s.onlineBatches() * s.vaeBatchSize();
            SplittableRandom rng = new SplittableRandom(run.seed(4, it));
            double[][] z = run.search.standardNormal(n, rng);
            double[][] xs = run.search.sample(z, rng);
            double[] logP = run.prior.logLikelihood(z, xs);
            double[] logQ = run.search.logLikelihood(z, xs);
            INDArray xt = Tensors.matrix(xs, DataType.FLOAT);
            double[][][] moments = moments(run.oracle, xt);
            double[] mean = mixtureMean(moments);
            double[][] w = column(weights(logP, logQ, moments, s.percentile()));
            trajectory.record(it, run.codec.decode(xs), mean);
            INDArray yt = Tensors.matrix(column(mean), DataType.FLOAT);
            int iteration = it;
            fit(
                    run,
                    "iteration " + (it + 1),
                    "search VAE of iteration " + (it + 1),
                    s.onlineEpochs(),
                    true,
                    () -> trainer(s.onlineEpochs(), 0, n, run.seed(5, iteration), "iteration " + (iteration + 1))
                            .optimizer(run.searchAdam)
                            .build()
                            .fit(
                                    run.search,
                                    xt,
                                    yt,
                                    Tensors.matrix(w, DataType.FLOAT),
                                    Vae.elboLoss(s.vaeBeta(), run.seed(6, iteration))));
            afterIteration(run, it);
        }
        SplittableRandom rng = new SplittableRandom(run.seed(7, 0));
        double[][] xs = run.search.sample(run.search.standardNormal(k, rng), rng);
        double[] mean = mixtureMean(moments(run.oracle, Tensors.matrix(xs, DataType.FLOAT)));
        double[][] predicted = run.targets.toScores(Tensors.matrix(column(mean), DataType.DOUBLE));
        return Proposal.of(name(), seed, problem.space(), run.codec.decode(xs), predicted)
                .withTrajectory(trajectory.build())
                .withTraining(run.fits);
    }

    /**
     * Called after iteration {@code iteration} (0-based) has refitted the search VAE: nothing in CbAS; Autofocused
     * CbAS retrains the oracle on the data re-weighted by q/p.
     */
    protected void afterIteration(Run run, int iteration) {}

    /** The oracle ensemble, trained on bootstrap resamples (design-baselines' {@code Ensemble.train_step}). */
    private Ensemble<GaussianMlp> trainOracle(Run run) {
        Settings s = config();
        int n = (int) run.x.rows();
        Mlp.Builder arch =
                Mlp.builder((int) run.x.columns()).hidden(s.hiddenSize()).activation(Activation.leakyRelu(LEAKY_SLOPE));
        Ensemble<GaussianMlp> e = Ensemble.of(
                s.bootstraps(),
                run.seed(8, 0),
                m -> new GaussianMlp(arch.outputs(2).seed(m).build(), s.initialMaxStd(), s.initialMinStd()),
                Ensemble.Aggregation.MEAN);
        if (s.carryAdam())
            run.oracleAdam =
                    Trainer.builder().learningRate(s.oracleLearningRate()).newAdam();
        fit(
                run,
                "oracle",
                "oracle",
                s.oracleEpochs(),
                false,
                () -> oracleTrainer(s.oracleEpochs(), n, run.seed(9, 0), "oracle")
                        .optimizer(run.oracleAdam)
                        .build()
                        .fit(
                                e,
                                run.x,
                                run.y,
                                Bootstrap.weights(n, s.bootstraps(), run.seed(10, 0), DataType.FLOAT),
                                Losses.perMember(Losses.gaussianNll())));
        return e;
    }

    /**
     * Runs one training, keeps its history as {@code run}'s fit {@code name}, and when it diverges rethrows with the
     * model, the epoch and the setting to lower: the VAEs' learning rate ({@code vae_lr}) or the oracle's
     * ({@code oracle_lr}).
     */
    protected final void fit(
            Run run, String name, String model, int epochs, boolean vae, Supplier<TrainingHistory> training) {
        try {
            run.fits.put(name, training.get());
        } catch (TrainingDivergedException e) {
            Settings s = config();
            throw new TrainingDivergedException(
                    String.format(
                            Locale.ROOT,
                            "%s: the %s diverged at epoch %d of %d (%s); lower %s (now %s) with with(%s.Settings::%s,"
                                    + " …)",
                            name(),
                            model,
                            e.epoch(),
                            epochs,
                            e.getMessage(),
                            vae ? "vae_lr" : "oracle_lr",
                            vae ? s.vaeLearningRate() : s.oracleLearningRate(),
                            "Cbas",
                            vae ? "vaeLearningRate" : "oracleLearningRate"),
                    e.epoch());
        }
    }

    /** The shared trainer's builder for a VAE fit on {@code rows} rows, with {@code minSteps} as its step floor. */
    protected Trainer.Builder trainer(int epochs, int minSteps, long rows, long seed, String what) {
        Settings s = config();
        return Trainer.builder()
                .epochs(epochs)
                .minSteps(minSteps)
                .learningRate(s.vaeLearningRate())
                .batchSize(s.vaeBatchSize())
                .validationSize(Trainer.validationRows(s.validationSize(), (int) rows))
                .seed(seed)
                .label(name() + " " + what);
    }

    /** The shared trainer's builder for an oracle fit on {@code rows} rows (with the step floor). */
    protected Trainer.Builder oracleTrainer(int epochs, long rows, long seed, String what) {
        Settings s = config();
        return Trainer.builder()
                .epochs(epochs)
                .minSteps(s.minSteps())
                .learningRate(s.oracleLearningRate())
                .batchSize(s.oracleBatchSize())
                .validationSize(Trainer.validationRows(s.validationSize(), (int) rows))
                .seed(seed)
                .label(name() + " " + what);
    }

    private static Vae codecVae(Codec codec, Settings s, long seed) {
        Vae.Builder b = codec.sequence != null
                ? Vae.categorical(codec.sequence.length(), codec.sequence.alphabetSize())
                : Vae.gaussian(codec.space.dims());
        return b.hidden(s.hiddenSize())
                .latent(s.latentSize())
                .activation(Activation.leakyRelu(LEAKY_SLOPE))
                .stdBounds(s.initialMaxStd(), s.initialMinStd())
                .seed(seed)
                .build();
    }

    /** Per member m and row i: {means[m][i], stds[m][i]} of the oracle's Gaussians. */
    static double[][][] moments(Ensemble<GaussianMlp> oracle, INDArray x) {
        int members = oracle.size();
        double[][] mean = new double[members][];
        double[][] std = new double[members][];
        for (int m = 0; m < members; m++) {
            GaussianMlp g = oracle.member(m);
            mean[m] = Tensors.column(g.forward(x), 0);
            std[m] = Tensors.column(g.predictLogStd(x), 0);
            for (int i = 0; i < std[m].length; i++) std[m][i] = Math.exp(std[m][i]);
        }
        return new double[][][] {mean, std};
    }

    /** The equal-weight mixture's mean per row (design-baselines' {@code MixtureSameFamily.mean()}). */
    static double[] mixtureMean(double[][][] moments) {
        double[][] mean = moments[0];
        double[] out = new double[mean[0].length];
        for (double[] m : mean) for (int i = 0; i < out.length; i++) out[i] += m[i] / mean.length;
        return out;
    }

    /**
     * CbAS' sample weights (design-baselines {@code CBAS.generate_data}, cbas/trainers.py lines 531–554):
     * wᵢ = exp(log p(xᵢ | zᵢ) − log q(xᵢ | zᵢ)) · (1 − F(γ | xᵢ)), with F the oracle mixture's CDF and γ the
     * {@code percentile}-th percentile of the mixture means over all samples.
     */
    static double[] weights(double[] logP, double[] logQ, double[][][] moments, double percentile) {
        double gamma = percentile(mixtureMean(moments), percentile);
        double[] w = new double[logP.length];
        for (int i = 0; i < w.length; i++) w[i] = Math.exp(logP[i] - logQ[i]) * (1 - mixtureCdf(moments, i, gamma));
        return w;
    }

    /** The mixture's CDF at {@code gamma} for row i: the mean over members of Φ((γ − μ)/σ). */
    static double mixtureCdf(double[][][] moments, int i, double gamma) {
        int members = moments[0].length;
        double p = 0;
        for (int m = 0; m < members; m++) {
            double zed = (gamma - moments[0][m][i]) / moments[1][m][i];
            p += 0.5 * Erf.erfc(-zed / Math.sqrt(2)) / members;
        }
        return p;
    }

    /**
     * The q-th percentile with tfp.stats.percentile's default interpolation ('nearest'): the sorted value at
     * index round((n − 1)·q/100), ties to even.
     */
    static double percentile(double[] v, double q) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.rint((sorted.length - 1) * q / 100)];
    }

    private static double[][] column(double[] v) {
        double[][] c = new double[v.length][1];
        for (int i = 0; i < v.length; i++) c[i][0] = v[i];
        return c;
    }

    /**
     * Designs to the models' data form and back: one-hot L·K for sequences (back: the hot class of each position),
     * z-scored values for boxes (back: un-scaled and clipped to the box).
     */
    static final class Codec {
        final DesignSpace space;
        final SequenceSpace sequence;
        final Standardizer scale;

        Codec(DesignSpace space, double[][] designs) {
            this.space = space;
            if (space instanceof SequenceSpace seq) {
                sequence = seq;
                scale = null;
            } else if (space instanceof ContinuousSpace) {
                sequence = null;
                scale = Standardizer.fit(designs);
            } else {
                throw new IllegalArgumentException("CbAS needs a sequence space or a box, got " + space.describe());
            }
        }

        double[][] encode(double[][] designs) {
            if (sequence == null) return scale.apply(designs);
            int l = sequence.length();
            int k = sequence.alphabetSize();
            double[][] out = new double[designs.length][l * k];
            for (int i = 0; i < designs.length; i++)
                for (int p = 0; p < l; p++) out[i][p * k + (int) designs[i][p]] = 1;
            return out;
        }

        double[][] decode(double[][] rows) {
            double[][] out = new double[rows.length][];
            if (sequence == null) {
                double[][] raw = scale.invert(rows);
                for (int i = 0; i < rows.length; i++) out[i] = space.project(raw[i]);
                return out;
            }
            int l = sequence.length();
            int k = sequence.alphabetSize();
            for (int i = 0; i < rows.length; i++) {
                out[i] = new double[l];
                for (int p = 0; p < l; p++) {
                    int best = 0;
                    for (int c = 1; c < k; c++) if (rows[i][p * k + c] > rows[i][p * k + best]) best = c;
                    out[i][p] = best;
                }
            }
            return out;
        }
    }
}
