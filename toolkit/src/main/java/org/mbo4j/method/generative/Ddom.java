package org.mbo4j.method.generative;

import static org.mbo4j.util.Checks.atLeastOne;
import static org.mbo4j.util.Checks.positiveNumber;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.Trajectory;
import org.mbo4j.method.surrogate.SurrogateData;
import org.mbo4j.nn.Denoiser;
import org.mbo4j.nn.Diffusion;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.nn.VpSde;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Denoising Diffusion Optimization Models (Krishnamoorthy, Mashkaria, Grover, ICML 2023), as the authors' code runs
 * it ({@code siddarthk97/ddom} at fb3d055, {@code design_baselines/diff/trainer.py}, {@code nets.py},
 * {@code lib/sdes.py}, {@code util.py}; settings {@code configs/simple_conditional_diffusion.cfg}): learn p(x | y)
 * with a conditional score-based diffusion model on the data reweighted toward high scores, then sample at the best
 * score of the data with classifier-free guidance.
 * <ol>
 *   <li>y is objective 0 in "higher is better" form, z-scored ({@code normalise_y = true}); sequences become
 *   design-bench logits ({@code map_to_logits}, trainer.py 364-365), boxes are z-scored (see
 *   {@link Settings#forSpace}).</li>
 *   <li>Each row gets the weight {@link ScoreReweighting#weights} at the adaptive temperature
 *   {@link ScoreReweighting#adaptiveTemperature} ({@code get_weights(y, temp='90')}, util.py 117-157: the same
 *   histogram reweighting as MINs').</li>
 *   <li>The last {@code val_frac} of the rows, in file order, are held out and the rest are visited in file order
 *   every epoch: the authors' shuffle is a no-op ({@code np.random.shuffle} returns None, trainer.py 107-123) and
 *   their {@code DataLoader} does not shuffle (179-183). The {@link Denoiser} trains with the weighted
 *   denoising score-matching loss and condition dropout ({@link Diffusion#weightedDsm}) for {@code epochs} epochs;
 *   the last epoch's model is sampled ({@code last.ckpt}, trainer.py 908-909), the validation loss is only
 *   reported.</li>
 *   <li>k designs are sampled from N(0, I) with {@code steps} reverse steps of DDOM's sampler
 *   ({@link Diffusion.Sampler#DDOM_HEUN}) conditioned on y* = the largest z-scored score of the data (trainer.py
 *   579-580) with guidance weight γ, and decoded (logits → letters by argmax, boxes → clipped to the box).</li>
 * </ol>
 *
 * <p>The authors sample 512 designs (trainer.py 573) and score the first Q of them (their
 * {@code rvs/parse_results.py} 88-91); there is no ranking step, so sampling the protocol's k designs is the same
 * procedure with k draws. The trajectory holds the decoded samples before sampling and after each quarter of the
 * steps, their "predicted" values the condition y* (z-scored). {@link Proposal#training()} holds the denoiser's
 * history as {@code denoiser}. Defaults, sources and deviations: {@code docs/methods/ddom.md}.
 */
public final class Ddom extends ConfiguredMethod<Ddom.Settings, Ddom> {
    /**
     * Hyperparameters: the authors' {@code configs/simple_conditional_diffusion.cfg} and the defaults of
     * {@code design_baselines/diff/trainer.py} unless stated.
     *
     * @param quickVariant   the tutorial/CI variant
     * @param hidden         hidden width ({@code hidden_size = 1024}, cfg line 12)
     * @param layers         hidden layers (3: nets.py 111-119)
     * @param epochs         training epochs ({@code epochs = 1000}, cfg line 25)
     * @param batchSize      minibatch rows ({@code batch_size = 128}, cfg line 28)
     * @param learningRate   Adam learning rate ({@code learning_rate = 1e-3}, cfg line 13; PyTorch's β and ε 1e-8,
     *                       nets.py 205-208)
     * @param validationFraction the held-out tail ({@code val_frac = 0.02}, cfg line 27; ⌊0.02·n⌋ rows as
     *                       {@code int(length * val_frac)}, trainer.py 138)
     * @param betaMin        β_min of the VP SDE ({@code beta_min = 0.01}, cfg line 21)
     * @param betaMax        β_max ({@code beta_max = 2.0}, cfg line 22)
     * @param dropout        condition dropout p ({@code dropout_p = 0.15}, cfg line 29)
     * @param guidance       classifier-free guidance weight γ ({@code gamma = 2.0}, cfg line 14)
     * @param steps          reverse-SDE steps ({@code num_steps} 1000, trainer.py 799-802)
     * @param temperatureQuantile the quantile of (y − max y) whose magnitude is the reweighting temperature
     *                       ({@code --temp '90'}, trainer.py 712; util.py 137-138)
     * @param authorsSampler DDOM's {@code heun_sampler} (true, trainer.py 625) or plain Euler–Maruyama
     * @param normalizeX     z-score box designs (ours on boxes, {@link #forSpace}; {@code normalise_x = false} on
     *                       the sequence task, cfg line 18)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            int hidden,
            int layers,
            int epochs,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "val_frac", format = "%s") double validationFraction,
            @Setting(key = "beta", format = "%s") double betaMin,

            @Setting(key = "", format = "->%s", attach = true)
            double betaMax,

            @Setting(key = "p_uncond", format = "%s") double dropout,
            @Setting(key = "gamma", format = "%s") double guidance,
            int steps,
            @Setting(key = "temp_q", format = "%s") double temperatureQuantile,
            @Setting(key = "ddom_heun") boolean authorsSampler,
            @Setting(key = "normalize_xs") boolean normalizeX)
            implements MethodSettings<Settings> {
        public Settings {
            atLeastOne("hidden", hidden);
            atLeastOne("layers", layers);
            atLeastOne("epochs", epochs);
            atLeastOne("batch size", batchSize);
            positiveNumber("learning rate", learningRate);
            if (!(validationFraction >= 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("val_frac must be in [0, 1), got " + validationFraction);
            }
            new VpSde(betaMin, betaMax, 1.0);
            if (!(dropout > 0 && dropout < 1)) {
                throw new IllegalArgumentException("p_uncond (condition dropout) must be in (0, 1) so that the "
                        + "unconditional model guidance needs is trained, got " + dropout);
            }
            if (!(guidance >= 0) || Double.isInfinite(guidance)) {
                throw new IllegalArgumentException("gamma (guidance weight) must be a number ≥ 0, got " + guidance);
            }
            atLeastOne("sampling steps", steps);
            if (!(temperatureQuantile > 0 && temperatureQuantile < 1)) {
                throw new IllegalArgumentException("temp_q must be in (0, 1), got " + temperatureQuantile);
            }
        }

        /** The authors' TFBind8 values (see the components). */
        public static Settings paper() {
            return new Settings(false, 1024, 3, 1000, 128, 1e-3, 0.02, 0.01, 2.0, 0.15, 2.0, 1000, 0.9, true, false);
        }

        /** Hidden width 128, 20 epochs and 200 sampling steps, for tutorials and CI. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::hidden, 128)
                    .with(Settings::epochs, 20)
                    .with(Settings::steps, 200)
                    .with(Settings::quickVariant, true);
        }

        /**
         * On a box: z-scored designs, so the data sit at the scale of the N(0, I) prior (ours: the config that
         * holds the TFBind8 settings leaves x as it is, and the repository does not say which config its
         * continuous tasks used).
         */
        @Override
        public Settings forSpace(DesignSpace space) {
            return space instanceof ContinuousSpace ? with(Settings::normalizeX, true) : this;
        }
    }

    public Ddom(Settings settings) {
        super("ddom", settings);
    }

    /** The authors' defaults. */
    public static Ddom defaults() {
        return new Ddom(Settings.paper());
    }

    @Override
    public Ddom withConfig(Settings s) {
        return new Ddom(s);
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        Settings c = config();
        SurrogateData data = SurrogateData.of(problem, c.normalizeX(), true);
        double[][] x = Tensors.rows(data.x());
        double[] y = Tensors.column(data.y(), 0);
        double[] w = ScoreReweighting.weights(y, ScoreReweighting.adaptiveTemperature(y, c.temperatureQuantile()));
        int d = x[0].length;
        VpSde sde = new VpSde(c.betaMin(), c.betaMax(), 1.0);
        Denoiser net = Denoiser.create(d, Collections.nCopies(c.layers(), c.hidden()), seed * 31 + 1, DataType.FLOAT);
        int validation = (int) (x.length * c.validationFraction());
        if (validation >= x.length) validation = 0;
        Trainer trainer = Trainer.builder()
                .epochs(c.epochs())
                .batchSize(c.batchSize())
                .learningRate(c.learningRate())
                .epsilon(1e-8)
                .validationSize(validation)
                .validationLast(true)
                .shuffle(false)
                .seed(seed)
                .label(name() + " train")
                .build();
        TrainingHistory history;
        try {
            history = Diffusion.fit(net, sde, x, y, w, c.dropout(), trainer, seed * 31 + 2);
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException(
                    String.format(
                            Locale.ROOT,
                            "%s: the denoiser diverged at epoch %d of %d (%s); lower lr (now %s) with "
                                    + "with(Ddom.Settings::learningRate, …)",
                            name(),
                            e.epoch(),
                            c.epochs(),
                            e.getMessage(),
                            c.learningRate()),
                    e.epoch());
        }
        double condition = Double.NEGATIVE_INFINITY;
        for (double v : y) condition = Math.max(condition, v);
        SplittableRandom rng = new SplittableRandom(seed * 31 + 3);
        double[][] x0 = new double[k][d];
        for (double[] row : x0) for (int j = 0; j < d; j++) row[j] = rng.nextGaussian();
        List<double[][]> snapshots = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        int steps = c.steps();
        double[][] samples = Diffusion.sample(
                net::drift,
                sde,
                x0,
                condition,
                c.guidance(),
                steps,
                c.authorsSampler() ? Diffusion.Sampler.DDOM_HEUN : Diffusion.Sampler.EULER_MARUYAMA,
                rng,
                (done, rows) -> {
                    if (done % Math.max(1, steps / 4) == 0 || done == steps) {
                        if (at.isEmpty() || at.get(at.size() - 1) != done) {
                            at.add(done);
                            snapshots.add(copy(rows));
                        }
                    }
                });
        for (double[] row : samples) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new TrainingDivergedException(
                            String.format(
                                    Locale.ROOT,
                                    "%s: the samples are not finite after %d sampling steps with gamma %s; lower "
                                            + "gamma or lr (now %s)",
                                    name(),
                                    steps,
                                    c.guidance(),
                                    c.learningRate()),
                            c.epochs());
                }
            }
        }
        Trajectory.Recorder rec = new Trajectory.Recorder();
        double[] predicted = new double[k];
        Arrays.fill(predicted, condition);
        double[][] last = null;
        for (int s = 0; s < snapshots.size(); s++) {
            last = data.decode(Tensors.matrix(snapshots.get(s), DataType.DOUBLE));
            rec.record(s, last, predicted);
        }
        return Proposal.of(name(), seed, problem.space(), last)
                .withTrajectory(rec.build())
                .withTraining(Map.of("denoiser", history));
    }

    private static double[][] copy(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) out[i] = rows[i].clone();
        return out;
    }
}
