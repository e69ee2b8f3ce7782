package org.mbo4j.method.surrogate;

import java.util.List;
import java.util.Locale;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Setting;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.GradientMatchingLoss;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.StratifiedBatches;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingDivergedException;

/**
 * Match-OPT: Hoang, Fadhel, Deshwal, Doppa, Hoang, "Learning Surrogates for Offline Black-Box Optimization via
 * Gradient Matching", ICML 2024 (code {@code azzafadhel/MatchOpt} at aae3f57, {@code gm_surrogate_traj_sampling.py},
 * GM below). The surrogate is trained to match the data's differences along y-sorted pairs: its gradient integrated
 * along the segment between consecutive designs of a batch should equal their difference in y
 * ({@link GradientMatchingLoss}: that term plus the MSE), on batches that hold one design from each of 128 y-ranges
 * ({@link StratifiedBatches}); Adam then climbs it ({@link AdamSearch}).
 *
 * <p><b>Contract.</b> Single objective; sequences and boxes. Inputs are z-scored Design-Bench logits (sequences) or
 * z-scored values (boxes), targets z-scored: Match-OPT takes x and y from each design-baselines baseline's stored
 * task (GM 68–70, 98–113); we use the gradient-ascent pipeline's, {@code normalize_ys}, {@code normalize_xs} and
 * logits ({@code ../shared/reference/protocols.md}). Training uses every row (no validation, GM 65–95). The search
 * climbs Σ f̂ with Adam (lr 1e-3, 150 steps, GM 5–20) from 128 draws of N(0, I) on sequences and from the top-k
 * designs on boxes; the authors key this on the task (Gaussian on TFBind8 and UTR only, GM 67; the top-k on every
 * other task, TFBind10 included: {@code with(Settings::starts, Starts.TOP_K)}). Same seed, same designs.
 *
 * <p><b>Deviations</b> ({@code docs/methods/match-opt.md}): the authors' script cannot run TFBind8 as written (its
 * Jacobian step expects flat inputs, GM 29–33); x is flattened to its 24 logits, as any fix must. It searches at the
 * start of epochs 0, 20, …, 200 and saves all 11 design sets without naming the one reported (GM 80–84); we train
 * 200 epochs and search once, the last set it makes (its 201st epoch trains a model that is never searched). Our
 * random streams are Java's: the stratification, the start designs and the initial weights are distributed as
 * theirs, not equal.
 */
public final class MatchOpt extends SurrogateMethod<MatchOpt.Settings, Mlp, MatchOpt> {
    /** Where the search starts. */
    public enum Starts {
        /** N(0, I) in the model's input space ({@code init='rand'}, GM 13–14). */
        GAUSSIAN,
        /** The k best visible designs ({@code init='topk'}, GM 6–10). */
        TOP_K;

        GradientSearch.Starts rule() {
            return this == GAUSSIAN ? GradientSearch.Starts.GAUSSIAN : GradientSearch.Starts.TOP_K;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Hyperparameters ({@code azzafadhel/MatchOpt} at aae3f57; the same for every task except the start designs).
     *
     * @param quickVariant the tutorial/CI variant
     * @param hidden       Linear + LeakyReLU widths (512, 128, 32: {@code RegressionNet(n_dim, 32)}, nets.py 3–28,
     *                     GM 73), then Linear(1); PyTorch's default initialisation ({@code init_weights} is never
     *                     called, util.py 63–69)
     * @param slope        LeakyReLU slope (0.3, nets.py)
     * @param points       left-Riemann nodes of the path integral (m = 5, GM 35)
     * @param epochs       training epochs before the search (200: the last of the script's searches runs at the
     *                     start of epoch 200 of {@code n_epochs=201}, GM 65, 80)
     * @param learningRate Adam lr of the model (1e-4, GM 74; torch's ε 1e-8)
     * @param batchSize    rows per batch, one per y-bucket (128, GM 65, 71), at most the data's rows
     * @param searchLr     Adam lr on the designs (1e-3, GM 15)
     * @param searchSteps  Adam steps (150, {@code opt_iter}, GM 5)
     * @param starts       search starts (TFBind8: gaussian, GM 67)
     * @param boxProfile   on boxes start from the top-k (the authors' start on D'Kitty, Ant, Superconductor)
     * @param recordEvery  trajectory cadence (10; not part of the settings text)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            List<Integer> hidden,
            @Setting(key = "leaky") double slope,
            @Setting(key = "m") int points,
            int epochs,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "search_lr", format = "%.1e") double searchLr,
            int searchSteps,
            Starts starts,
            @Setting(key = "(boxes: starts=top-k)") boolean boxProfile,
            @Setting(omit = true) int recordEvery)
            implements MethodSettings<Settings>, TrainingSettings {
        public Settings {
            hidden = List.copyOf(hidden);
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
            if (!(slope >= 0 && slope < 1)) {
                throw new IllegalArgumentException("the LeakyReLU slope must be in [0, 1), got " + slope);
            }
            if (points < 1) throw new IllegalArgumentException("the path integral needs ≥ 1 point, got " + points);
            if (epochs < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("the learning rate must be a positive number, got " + learningRate);
            }
            if (batchSize < 2) {
                throw new IllegalArgumentException(
                        "Match-OPT pairs the rows of a batch: batch must be ≥ 2, got " + batchSize);
            }
            if (!(searchLr > 0) || Double.isInfinite(searchLr)) {
                throw new IllegalArgumentException(
                        "the search learning rate must be a positive number, got " + searchLr);
            }
            if (searchSteps < 0) throw new IllegalArgumentException("search steps must be ≥ 0, got " + searchSteps);
            if (starts == null) throw new IllegalArgumentException("starts must be gaussian or top-k");
        }

        /** The authors' TFBind8 values. */
        public static Settings paper() {
            return new Settings(
                    false, List.of(512, 128, 32), 0.3, 5, 200, 1e-4, 128, 1e-3, 150, Starts.GAUSSIAN, true, 10);
        }

        /** 64-32-16 hidden, 3 epochs, 50 search steps. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::hidden, List.of(64, 32, 16))
                    .with(Settings::epochs, Math.min(epochs, 3))
                    .with(Settings::searchSteps, Math.min(searchSteps, 50))
                    .with(Settings::quickVariant, true);
        }

        /** On a box (with the profile on): the search starts from the top-k designs. */
        @Override
        public Settings forSpace(DesignSpace space) {
            if (!boxProfile || !(space instanceof ContinuousSpace)) return this;
            return with(Settings::starts, Starts.TOP_K).with(Settings::boxProfile, false);
        }

        /** None: Match-OPT trains on every row. */
        @Override
        public int validationSize() {
            return 0;
        }
    }

    public MatchOpt(Settings settings) {
        super("match-opt", settings);
    }

    /** {@code match-opt}: the authors' TFBind8 settings. */
    public static MatchOpt paper() {
        return new MatchOpt(Settings.paper());
    }

    @Override
    public MatchOpt withConfig(Settings s) {
        return new MatchOpt(s);
    }

    /** The shared trainer with torch's Adam ε and y-stratified batches (from seed ~seed), over every row. */
    @Override
    protected Trainer.Builder trainer(SurrogateData data, long seed) {
        int buckets = Math.min(config().batchSize(), data.size());
        double[] y = Tensors.column(data.y(), 0);
        return super.trainer(data, seed).epsilon(Adam.TORCH_EPSILON).batchPlan(StratifiedBatches.of(y, buckets, ~seed));
    }

    @Override
    public Mlp train(SurrogateData data, long seed) {
        Settings s = config();
        if (data.size() < 2) {
            throw new IllegalArgumentException("Match-OPT pairs designs: it needs at least 2 rows, got " + data.size());
        }
        Mlp model = Mlp.builder(data.inputSize())
                .hidden(s.hidden())
                .activation(Activation.leakyRelu(s.slope()))
                .init(Init.TORCH_DEFAULT)
                .outputs(1)
                .seed(seed)
                .build();
        try {
            return fit(model, data, null, new GradientMatchingLoss(s.points()), seed);
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException(
                    String.format(
                            Locale.ROOT,
                            "%s: the surrogate diverged at epoch %d of %d (%s); lower lr (now %s) with "
                                    + "with(MatchOpt.Settings::learningRate, …)",
                            name(),
                            e.epoch(),
                            s.epochs(),
                            e.getMessage(),
                            s.learningRate()),
                    e.epoch());
        }
    }

    @Override
    public Search<Regressor> search(SurrogateData data) {
        Settings s = config();
        return AdamSearch.fromTopK(s.searchLr(), s.searchSteps())
                .from(s.starts().rule())
                .recordEvery(s.recordEvery());
    }
}
