package org.mbo4j.method.surrogate;

import java.util.List;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Setting;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Regressor;
import org.mbo4j.task.OfflineProblem;

/**
 * COMs: Trabucco, Kumar, Geng, Levine, "Conservative Objective Models for Effective Offline Model-Based
 * Optimization", ICML 2021 (design-baselines {@code coms_cleaned}, script {@code scripts/coms-tf-bind-8.sh}; its
 * particle lr 2.0 and limit 2.0 arrived with f179461, 2021-11-01: when the published README row was committed,
 * 188bb80, the script ran particle lr 0.05 and limits 0.4–1.0).
 * A surrogate trained to under-estimate the designs its own gradient ascent finds ({@link ConservativeLoss}),
 * then searched by plain gradient ascent ({@link GradientSearch}) from the top-k visible designs with the particle
 * step. Defaults with their sources, the script's history and our results: {@code docs/methods/coms.md}.
 *
 * <p>Continuous design spaces ({@link Settings#forSpace}, on by default): z-scored inputs, particle lr 0.05·√d,
 * α = 0 and limit 0.5, as in the first version of design-baselines' {@code scripts/coms-superconductor.sh}
 * (091a485, 2021-07-02). From 3e840d5 on (188bb80 and HEAD) the continuous-task scripts run
 * {@code --normalize-xs --particle-lr 0.05} with α 0.1, α lr 0.01 and limits 0.4–1.0 ({@code
 * coms-superconductor.sh} lines 4, 33–35), so α = 0 (no conservatism, and none of its inner steps) is our choice for
 * boxes, not design-baselines' final setting; see {@code docs/methods/coms.md}. Sequences keep TFBind8's values.
 */
public final class ConservativeObjectiveModels
        extends SurrogateMethod<ConservativeObjectiveModels.Settings, Mlp, ConservativeObjectiveModels> {
    /**
     * Hyperparameters ({@code scripts/coms-tf-bind-8.sh} and the {@code coms_cleaned} CLI defaults).
     *
     * @param quickVariant           the tutorial/CI variant
     * @param hidden            Dense + ReLU widths (2048, 2048), then Dense(1)
     * @param epochs            training epochs (50)
     * @param learningRate      Adam lr of the model (3e-4)
     * @param batchSize         minibatch rows (128)
     * @param validationSize    validation rows (500)
     * @param alpha             initial Lagrange multiplier α (0.1; 0: no conservatism)
     * @param alphaLr           Adam lr on log α (0.01)
     * @param limit             overestimation limit τ (2.0, the TFBind8 script; the CLI default is 0.5)
     * @param particleScale     particle lr as a multiple of √(input size) (2.0)
     * @param trainSteps        inner ascent steps per batch for the negatives (50)
     * @param solveSteps        ascent steps of the final search (50)
     * @param normalizeX        z-score the inputs ({@code --normalize-xs}; off for TFBind8)
     * @param continuousProfile use the continuous-task values on boxes (see the class comment)
     * @param recordEvery       trajectory cadence (5; not part of the settings text)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            @Setting(format = "%s relu") List<Integer> hidden,
            int epochs,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "val") int validationSize,
            @Setting(key = "alpha0") double alpha,
            double alphaLr,
            double limit,

            @Setting(key = "particle_lr", format = "%.3g·sqrt(d)")
            double particleScale,

            int trainSteps,
            int solveSteps,
            @Setting(key = "normalize_xs") boolean normalizeX,

            @Setting(key = "(continuous spaces: normalize_xs, particle_lr=0.05·sqrt(d), alpha0=0, limit=0.5)")
            boolean continuousProfile,

            @Setting(omit = true) int recordEvery)
            implements MethodSettings<Settings>, TrainingSettings {
        public Settings {
            hidden = List.copyOf(hidden);
            if (epochs < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
            if (!(alpha >= 0)) throw new IllegalArgumentException("COMs alpha must be ≥ 0, got " + alpha);
            if (!(particleScale > 0)) {
                throw new IllegalArgumentException("particle scale must be > 0, got " + particleScale);
            }
            if (trainSteps < 0) throw new IllegalArgumentException("train steps must be ≥ 0, got " + trainSteps);
            if (solveSteps < 0) throw new IllegalArgumentException("solve steps must be ≥ 0, got " + solveSteps);
        }

        /** The TFBind8 script's values. */
        public static Settings paper() {
            return new Settings(
                    false, List.of(2048, 2048), 50, 3e-4, 128, 500, 0.1, 0.01, 2.0, 2.0, 50, 50, false, true, 5);
        }

        /** 2×64 hidden, 3 epochs, 5 inner ascent steps. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::hidden, List.of(64, 64))
                    .with(Settings::epochs, 3)
                    .with(Settings::trainSteps, 5)
                    .with(Settings::quickVariant, true);
        }

        /** On a box (with the profile on): z-scored inputs, particle lr 0.05·√d, α 0, τ 0.5. */
        @Override
        public Settings forSpace(DesignSpace space) {
            if (!continuousProfile || !(space instanceof ContinuousSpace)) return this;
            return with(Settings::normalizeX, true)
                    .with(Settings::particleScale, 0.05)
                    .with(Settings::alpha, 0.0)
                    .with(Settings::limit, 0.5)
                    .with(Settings::continuousProfile, false);
        }
    }

    public ConservativeObjectiveModels(Settings settings) {
        super("coms", settings);
    }

    /** Paper defaults (TFBind8). */
    public static ConservativeObjectiveModels defaults() {
        return new ConservativeObjectiveModels(Settings.paper());
    }

    @Override
    public ConservativeObjectiveModels withConfig(Settings s) {
        return new ConservativeObjectiveModels(s);
    }

    @Override
    public SurrogateData data(OfflineProblem problem) {
        return SurrogateData.of(problem, config().normalizeX(), true);
    }

    /** particle lr = scale·√(input size). */
    public double particleLr(SurrogateData data) {
        return config().particleScale() * Math.sqrt(data.inputSize());
    }

    /** Trains the conservative model on the visible data. */
    @Override
    public Mlp train(SurrogateData data, long seed) {
        Mlp model = Mlp.builder(data.inputSize())
                .hidden(config().hidden())
                .activation(Activation.relu())
                .outputs(1)
                .seed(seed)
                .build();
        fit(model, data, null, loss(data), seed);
        return model;
    }

    /** A fresh COMs loss with these settings for {@code data}'s input size. */
    public ConservativeLoss loss(SurrogateData data) {
        Settings s = config();
        return new ConservativeLoss(s.alpha(), s.alphaLr(), s.limit(), particleLr(data), s.trainSteps());
    }

    @Override
    public Search<Regressor> search(SurrogateData data) {
        return GradientSearch.fromTopK(config().particleScale(), config().solveSteps())
                .recordEvery(config().recordEvery());
    }
}
