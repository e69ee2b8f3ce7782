package org.mbo4j.method.generative;

import static org.mbo4j.util.Checks.atLeastOne;
import static org.mbo4j.util.Checks.positiveNumber;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.data.Percentiles;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.Trajectory;
import org.mbo4j.method.surrogate.SurrogateData;
import org.mbo4j.nn.ConditionalCritic;
import org.mbo4j.nn.ConditionalGenerator;
import org.mbo4j.nn.GanNetwork;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.nn.WassersteinGanLoss;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Model Inversion Networks (Kumar &amp; Levine, NeurIPS 2020), as design-baselines runs them on Design-Bench
 * ({@code design_baselines/mins/__init__.py}, {@code nets.py}, {@code trainers.py}, {@code utils.py}; settings in
 * {@code design_baselines/mins/experiments.py}): learn the inverse map y ↦ x as a conditional GAN x ~ G(z, y) on the
 * data reweighted toward high scores ({@link ScoreReweighting}), then sample designs conditioned on a high y.
 *
 * <ol>
 *   <li>y is objective 0 in "higher is better" form, z-scored ({@code normalize_ys}); sequences become one-hot rows
 *   (L × K; {@code map_to_probs}, __init__.py lines 42-45), boxes are z-scored ({@code normalize_xs} on the
 *   continuous tasks, off for TFBind8).</li>
 *   <li>Each row is weighted by {@link ScoreReweighting#weights} at {@code base_temp} (__init__.py line 170).</li>
 *   <li>A weighted conditional WGAN-GP is trained for {@code epochs} epochs on all but {@code validation} rows
 *   ({@link WassersteinGanLoss}: the critic is the shared {@link Trainer}'s model, one generator step per
 *   {@code critic_frequency} batches; Gumbel-softmax temperature 5 → 1 for sequences).</li>
 *   <li>The k designs are G(z, y*) with y* = the largest (z-scored) score of the data (__init__.py lines 186-187,
 *   292-293, 303-305), one draw each; for sequences the argmax of each position's Gumbel-softmax sample, which is a
 *   draw from the generator's categorical distribution at any temperature (the authors sample at 0.001 and take the
 *   argmax); for boxes the generator's output mapped back and clipped to the box.</li>
 * </ol>
 *
 * <p>What is not run: design-baselines trains an "exploration" GAN and, with {@code offline: True}, an oracle
 * ensemble, but both serve only the exploration loop, which the TFBind8 settings switch off ({@code iterations: 0},
 * experiments.py line 455), so neither changes the proposed designs; this class trains only the exploitation GAN
 * whose samples are the solution. Both networks are the authors' (y embedded into every dense layer, LayerNormalization:
 * {@link GanNetwork#MINS}), the critic's gradient penalty differentiated exactly through the normalisation
 * ({@link org.mbo4j.nn.ConditionedMlp}). The training rows keep one order for all
 * epochs, as the authors' pipeline does ({@link Settings#fixedOrder}). Defaults, sources and deviations:
 * {@code docs/methods/mins.md}.
 *
 * <p>Continuous boxes ({@link Settings#forSpace}): the authors' continuous-task variant, the same WGAN-GP with a
 * linear-output generator ({@code ContinuousGenerator}, nets.py lines 662-746) on z-scored designs
 * ({@code normalize_xs: True} on D'Kitty, Ant, Hopper, Superconductor, experiments.py lines 41, 103, 165, 228) and
 * no input noise ({@code noise_std: 0.0}); and, ours, a small file trained in the proportions of their continuous runs
 * (at least {@link Settings#CONTINUOUS_MIN_CRITIC_STEPS} critic steps, one generator step per {@code n_critic} critic
 * steps when an epoch has fewer batches: {@link Settings#minCriticSteps}, {@link Settings#countAcrossEpochs}).
 *
 * <p>The trajectory holds k samples at each of {@link #CONDITION_QUANTILES} of the data's scores, rising to y*
 * (the last step, which is the proposal); each step's "predicted" values are the conditioning y in z-scored units.
 * {@link Proposal#training()} holds the GAN's history as {@code gan}: the critic's loss (with the penalty) per epoch,
 * the validation Wasserstein estimate, and the epoch means {@code wasserstein}, {@code penalty} and
 * {@code generator} ({@link WassersteinGanLoss#epochMetrics()}).
 */
public final class Mins extends ConfiguredMethod<Mins.Settings, Mins> {
    /** Quantiles of the data's scores at which the trajectory samples; the last (1.0, the maximum) is y*. */
    public static final List<Double> CONDITION_QUANTILES = List.of(0.5, 0.75, 0.9, 0.99, 1.0);

    /**
     * Hyperparameters: design-baselines' MINs settings for TFBind8 ({@code design_baselines/mins/experiments.py}
     * lines 419-459, the {@code tf_bind_8} command, "Final Version") unless stated.
     *
     * @param quickVariant       the tutorial/CI variant
     * @param hidden             hidden width of generator and critic ({@code hidden_size: 1024}, line 434)
     * @param layers             hidden layers of each network (3: {@code dense_0}…{@code dense_2}, nets.py lines
     *                           120-135 and 484-499)
     * @param latentSize         size of z ({@code latent_size: 32}, line 442)
     * @param epochs             GAN epochs ({@code initial_epochs: 200}, line 453; the exploration loop after it is
     *                           off: {@code iterations: 0}, line 455)
     * @param batchSize          minibatch rows ({@code gan_batch_size: 128}, line 433)
     * @param validationSize     rows held out of training ({@code val_size: 200}, line 423; at most a fifth of a
     *                           small file)
     * @param discriminatorLr    critic Adam lr ({@code discriminator_lr: 2e-4}, line 450)
     * @param discriminatorBeta1 critic Adam β₁ (0.0, line 451)
     * @param discriminatorBeta2 critic Adam β₂ (0.9, line 452)
     * @param generatorLr        generator Adam lr ({@code generator_lr: 2e-4}, line 447)
     * @param generatorBeta1     generator Adam β₁ (0.0, line 448)
     * @param generatorBeta2     generator Adam β₂ (0.9, line 449)
     * @param penaltyWeight      gradient-penalty weight λ ({@code penalty_weight: 10.}, line 446; loss
     *                           {@code method: "wasserstein"}, line 431)
     * @param criticFrequency    critic steps per generator step ({@code critic_frequency: 10}, line 443)
     * @param baseTemp           temperature of the score reweighting ({@code base_temp: 0.1}, line 427)
     * @param keep               mass kept on a real sequence's letter before the Gumbel softening
     *                           ({@code keep: 0.99}, line 428)
     * @param startTemp          Gumbel-softmax temperature of the first epoch ({@code start_temp: 5.0}, line 429)
     * @param finalTemp          Gumbel-softmax temperature of the last epoch ({@code final_temp: 1.0}, line 430)
     * @param normalizeX         z-score box designs ({@code normalize_xs}: False for TFBind8, line 426; True on the
     *                           continuous tasks, applied by {@link #forSpace}); sequences are one-hot either way
     * @param fixedOrder         visit the training rows in the same order every epoch, the seeded split's
     *                           permutation (true: {@code build_pipeline(..., buffer=1)}, __init__.py lines 169-172,
     *                           whose {@code shuffle(1)} keeps the order of the one {@code np.random.shuffle} of the
     *                           indices, data.py lines 50-51 and 82; so the generator, stepped on every
     *                           {@code critic_frequency}-th batch, sees the same rows every epoch); false: reshuffle
     *                           every epoch ({@code mins-reshuffled}, the order of the rows committed before this
     *                           setting existed)
     * @param authorsNetworks    the authors' networks ({@link GanNetwork#MINS}: a learned embedding of y fed to every
     *                           dense layer and LayerNormalization before each LeakyReLU, in critic and generator,
     *                           nets.py lines 116-177 and 480-541); false: an MLP on [x, y] without normalisation
     *                           ({@link GanNetwork#INPUT_COLUMN}, {@code mins-reshuffled}, mbo4j's network before
     *                           this setting existed)
     * @param minCriticSteps     the fewest critic steps a fit takes: epochs are added to a small file's run until it
     *                           has this many (0: none, the TFBind8 script; {@value #CONTINUOUS_MIN_CRITIC_STEPS} on
     *                           boxes, {@link #forSpace})
     * @param countAcrossEpochs  when an epoch has fewer than {@code n_critic} batches, count critic steps over the
     *                           whole fit for the generator's cadence (a generator step on every {@code n_critic}-th
     *                           critic step) instead of per epoch as the authors' loop does, which would step the
     *                           generator once per epoch, i.e. after as few as every critic step (false: theirs
     *                           always; true on boxes, {@link #forSpace}); epochs of {@code n_critic} or more batches
     *                           keep the per-epoch count
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            int hidden,
            int layers,
            @Setting(key = "latent") int latentSize,
            int epochs,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "val") int validationSize,
            @Setting(key = "d_lr", format = "%.1e") double discriminatorLr,
            @Setting(key = "d_betas", format = "%s") double discriminatorBeta1,

            @Setting(key = "", format = ",%s", attach = true)
            double discriminatorBeta2,

            @Setting(key = "g_lr", format = "%.1e") double generatorLr,
            @Setting(key = "g_betas", format = "%s") double generatorBeta1,

            @Setting(key = "", format = ",%s", attach = true)
            double generatorBeta2,

            @Setting(key = "gp", format = "%s") double penaltyWeight,
            @Setting(key = "n_critic") int criticFrequency,
            @Setting(format = "%s") double baseTemp,
            @Setting(format = "%s") double keep,
            @Setting(key = "temp", format = "%s") double startTemp,

            @Setting(key = "", format = "->%s", attach = true)
            double finalTemp,

            @Setting(key = "normalize_xs") boolean normalizeX,
            @Setting(key = "order=fixed") boolean fixedOrder,
            @Setting(key = "net=authors") boolean authorsNetworks,
            @Setting(key = "min_critic_steps", zero = "") int minCriticSteps,
            @Setting(key = "critic_count=global") boolean countAcrossEpochs)
            implements MethodSettings<Settings> {
        /**
         * The critic steps of the authors' shortest continuous-task run: HopperController-Exact-v0's 3,200 rows less
         * 200 for validation in ⌈3,000 / 128⌉ = 24 batches (no drop_remainder, {@code data.py} 86-87) for 500 epochs
         * ({@code mins/experiments.py} 160-190); D'Kitty, Ant and Superconductor train longer.
         */
        public static final int CONTINUOUS_MIN_CRITIC_STEPS = 12_000;

        public Settings {
            atLeastOne("hidden", hidden);
            atLeastOne("layers", layers);
            atLeastOne("latent size", latentSize);
            atLeastOne("epochs", epochs);
            if (batchSize < 2) throw new IllegalArgumentException("batch size must be ≥ 2, got " + batchSize);
            if (validationSize < 0) {
                throw new IllegalArgumentException("validation size must be ≥ 0, got " + validationSize);
            }
            positiveNumber("discriminator learning rate", discriminatorLr);
            positiveNumber("generator learning rate", generatorLr);
            beta(discriminatorBeta1);
            beta(discriminatorBeta2);
            beta(generatorBeta1);
            beta(generatorBeta2);
            if (!(penaltyWeight >= 0) || Double.isInfinite(penaltyWeight)) {
                throw new IllegalArgumentException("penalty weight must be ≥ 0, got " + penaltyWeight);
            }
            atLeastOne("critic frequency", criticFrequency);
            positiveNumber("base temperature", baseTemp);
            if (!(keep > 0 && keep <= 1)) throw new IllegalArgumentException("keep must be in (0, 1], got " + keep);
            positiveNumber("start temperature", startTemp);
            positiveNumber("final temperature", finalTemp);
            if (minCriticSteps < 0) {
                throw new IllegalArgumentException("min critic steps must be ≥ 0, got " + minCriticSteps);
            }
        }

        private static void beta(double b) {
            if (!(b >= 0 && b < 1)) throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + b);
        }

        /** The TFBind8 values of design-baselines' MINs script (see the components). */
        public static Settings paper() {
            return new Settings(
                    false, 1024, 3, 32, 200, 128, 200, 2e-4, 0.0, 0.9, 2e-4, 0.0, 0.9, 10.0, 10, 0.1, 0.99, 5.0, 1.0,
                    false, true, true, 0, false);
        }

        /**
         * Hidden width 64 and 20 epochs, one generator step per two critic steps and learning rates 1e-3 (with
         * width 64 and 20 epochs the paper's 2e-4 and 1 in 10 leave the generator near its initialisation). Not the
         * paper's numbers.
         */
        @Override
        public Settings quick() {
            return with(Settings::hidden, 64)
                    .with(Settings::epochs, 20)
                    .with(Settings::criticFrequency, 2)
                    .with(Settings::discriminatorLr, 1e-3)
                    .with(Settings::generatorLr, 1e-3)
                    .with(Settings::quickVariant, true);
        }

        /**
         * On a box: z-scored designs (the authors' continuous tasks), and a schedule that keeps their continuous
         * runs' proportions on a small file: at least {@value #CONTINUOUS_MIN_CRITIC_STEPS} critic steps (not in the
         * quick variant; a larger floor set before stays) and, when an epoch has fewer than {@code n_critic} batches,
         * one generator step per {@code n_critic} critic steps counted across epochs. Their continuous tasks had 24 to
         * 132 batches per epoch, so their per-epoch count gave 8 to 9.6 critic steps per generator step; a 139-row
         * file has one batch per epoch, where the per-epoch count steps the generator after every critic step, and
         * 200 epochs are 200 critic steps.
         */
        @Override
        public Settings forSpace(DesignSpace space) {
            if (!(space instanceof ContinuousSpace)) return this;
            return with(Settings::normalizeX, true)
                    .with(Settings::countAcrossEpochs, true)
                    .with(
                            Settings::minCriticSteps,
                            Math.max(minCriticSteps, quickVariant ? 0 : CONTINUOUS_MIN_CRITIC_STEPS));
        }
    }

    public Mins(Settings settings) {
        this("mins", settings);
    }

    private Mins(String name, Settings settings) {
        super(name, settings);
    }

    /** Paper defaults (TFBind8). */
    public static Mins defaults() {
        return new Mins(Settings.paper());
    }

    /**
     * The same method with the training rows reshuffled every epoch and an MLP on [x, y] as both networks
     * ({@code mins-reshuffled}): how mbo4j trained MINs before a second reading of design-baselines found its fixed
     * batch order (see {@link Settings#fixedOrder}) and before it had the authors' networks
     * ({@link Settings#authorsNetworks}); the TFBind8 records made that way keep this name.
     */
    public Mins reshuffled() {
        if (!config().fixedOrder() && !config().authorsNetworks()) return this;
        return new Mins(
                name() + "-reshuffled",
                config().with(Settings::fixedOrder, false).with(Settings::authorsNetworks, false));
    }

    @Override
    public Mins withConfig(Settings s) {
        return new Mins(name(), s);
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        Settings c = config();
        SurrogateData data = SurrogateData.of(problem, c.normalizeX(), true);
        DesignSpace space = problem.space();
        SequenceSpace seq = space instanceof SequenceSpace s ? s : null;
        double[][] designs = problem.dataset().designs();
        INDArray x = seq != null ? oneHot(designs, seq) : data.x();
        INDArray y = data.y();
        double[] ys = Tensors.column(y, 0);
        double[] w = ScoreReweighting.weights(ys, c.baseTemp());
        List<Integer> hidden = Collections.nCopies(c.layers(), c.hidden());
        long genSeed = seed * 31 + 1;
        GanNetwork net = c.authorsNetworks() ? GanNetwork.MINS : GanNetwork.INPUT_COLUMN;
        ConditionalGenerator generator = seq != null
                ? ConditionalGenerator.categorical(
                        net, c.latentSize(), seq.length(), seq.alphabetSize(), hidden, DataType.FLOAT, genSeed)
                : ConditionalGenerator.continuous(
                        net, c.latentSize(), data.inputSize(), hidden, DataType.FLOAT, genSeed);
        ConditionalCritic critic = ConditionalCritic.of(net, (int) x.columns(), hidden, DataType.FLOAT, seed * 31 + 2);
        WassersteinGanLoss.Builder lb = WassersteinGanLoss.builder(generator)
                .generatorAdam(c.generatorLr(), c.generatorBeta1(), c.generatorBeta2())
                .penaltyWeight(c.penaltyWeight())
                .criticFrequency(c.criticFrequency())
                .temperatures(c.startTemp(), c.finalTemp(), c.epochs())
                .seed(seed * 31 + 3);
        if (seq != null) lb.oneHot(seq.length(), seq.alphabetSize(), c.keep());
        int validation = Trainer.validationRows(c.validationSize(), data.size());
        Trainer trainer = Trainer.builder()
                .epochs(c.epochs())
                .minSteps(c.minCriticSteps())
                .batchSize(c.batchSize())
                .learningRate(c.discriminatorLr())
                .adamBetas(c.discriminatorBeta1(), c.discriminatorBeta2())
                .validationSize(validation)
                .seed(seed)
                .shuffle(!c.fixedOrder())
                .label(name() + " train")
                .build();
        int trainRows = data.size() - validation;
        int batches = trainer.batchesPerEpoch(trainRows);
        if (c.countAcrossEpochs() && batches < c.criticFrequency()) lb.countAcrossEpochs(batches);
        int epochs = trainer.epochsFor(trainRows);
        TrainingHistory history;
        try {
            history = trainer.fit(critic, x, y, Tensors.column(w, DataType.FLOAT), lb.build());
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException(
                    String.format(
                            Locale.ROOT,
                            "%s: the GAN diverged at epoch %d of %d (%s); lower d_lr and g_lr (now %s, %s) with "
                                    + "with(Mins.Settings::discriminatorLr, …) and generatorLr, or raise gp (now %s)",
                            name(),
                            e.epoch(),
                            epochs,
                            e.getMessage(),
                            c.discriminatorLr(),
                            c.generatorLr(),
                            c.penaltyWeight()),
                    e.epoch());
        }
        Trajectory.Recorder rec = new Trajectory.Recorder();
        double[][] last = null;
        for (int step = 0; step < CONDITION_QUANTILES.size(); step++) {
            double level = Percentiles.linear(ys, 100 * CONDITION_QUANTILES.get(step));
            double[] cond = new double[k];
            Arrays.fill(cond, level);
            SplittableRandom rng = new SplittableRandom(seed * 31 + 4 + step);
            double[] sample = generator.sample(cond, c.finalTemp(), rng);
            last = seq != null ? argmax(sample, k, seq) : data.decode(matrix(sample, k, data.inputSize()));
            requireFinite(last, c, epochs);
            double[] predicted = new double[k];
            Arrays.fill(predicted, level);
            rec.record(step, last, predicted);
        }
        return Proposal.of(name(), seed, space, last)
                .withTrajectory(rec.build())
                .withTraining(Map.of("gan", history));
    }

    private void requireFinite(double[][] designs, Settings c, int epochs) {
        for (double[] d : designs) {
            for (double v : d) {
                if (!Double.isFinite(v)) {
                    throw new TrainingDivergedException(
                            name() + ": the generator's samples are not finite after " + epochs + " epochs; lower "
                                    + "d_lr and g_lr (now " + c.discriminatorLr() + ", " + c.generatorLr() + ")",
                            epochs);
                }
            }
        }
    }

    /** Class indices (n × L) → one-hot rows (n × L·K), position-major. */
    static INDArray oneHot(double[][] designs, SequenceSpace seq) {
        int len = seq.length();
        int letters = seq.alphabetSize();
        double[][] out = new double[designs.length][len * letters];
        for (int i = 0; i < designs.length; i++) {
            for (int p = 0; p < len; p++) out[i][p * letters + (int) designs[i][p]] = 1;
        }
        return Tensors.matrix(out, DataType.FLOAT);
    }

    /** Each position's most probable letter of k relaxed one-hot samples (column-major k × L·K). */
    private static double[][] argmax(double[] sample, int k, SequenceSpace seq) {
        int len = seq.length();
        int letters = seq.alphabetSize();
        double[][] out = new double[k][len];
        for (int i = 0; i < k; i++) {
            for (int p = 0; p < len; p++) {
                int best = 0;
                for (int l = 1; l < letters; l++) {
                    if (sample[(p * letters + l) * k + i] > sample[(p * letters + best) * k + i]) best = l;
                }
                out[i][p] = best;
            }
        }
        return out;
    }

    private static INDArray matrix(double[] columnMajor, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i][j] = columnMajor[j * rows + i];
        return Tensors.matrix(m, DataType.DOUBLE);
    }
}
