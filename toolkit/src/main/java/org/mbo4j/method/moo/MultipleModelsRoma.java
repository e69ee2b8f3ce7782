package org.mbo4j.method.moo;

import java.util.List;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Setting;
import org.mbo4j.method.surrogate.RobustModelAdaptation;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Regressor;

/**
 * {@code mm-roma}: Off-MOO-Bench's MultipleModels + RoMA ({@code configs/algorithm/MultipleModels-RoMA.yaml} and
 * {@code RoMATrainer}, {@code off_moo_baselines/multiple_models/trainer.py} 554–823 of {@code lamda-bbo/offline-moo}
 * at a960f6f): per objective, RoMA's Gaussian network (d → 64 → 64 → (mean, log-std), softplus, soft-clipped
 * log-std; {@code nets.py} 283–348) pre-trained by RoMA's robust warm-up ({@link
 * RobustModelAdaptation.WarmupLoss}: NLL at adversarially perturbed weights), then NSGA-II on the m means
 * ({@link PerObjectiveProxies}).
 *
 * <p>RoMA's second phase (candidate-specific adaptation and candidate updates, {@code updates: 300}) runs in
 * Off-MOO-Bench's trainer but changes only a copy of the model and the candidates, neither of which the search uses,
 * so it is not run here. Defaults, their lines and the differences from our single-objective {@code roma}:
 * {@code docs/methods/moo-conservative.md}.
 */
public final class MultipleModelsRoma extends PerObjectiveProxies<MultipleModelsRoma.Settings, MultipleModelsRoma> {
    /**
     * Hyperparameters ({@code MultipleModels-RoMA.yaml} lines; {@code trainer.py} for what they do).
     *
     * @param quickVariant       the tutorial/CI variant
     * @param hidden             hidden widths ([64, 64]: {@code RoMAModel} ignores the [2048, 2048] it is given,
     *                           {@code nets.py} 340–342)
     * @param epochs             warm-up epochs (50, {@code warmup_epochs}, line 17; {@code n_epochs: 200} is
     *                           replaced by it, {@code trainer.py} 776)
     * @param learningRate       Adam lr, constant (3e-4, line 7; the decay of line 8 is never applied)
     * @param batchSize          minibatch rows (128, line 5)
     * @param validationFraction rows held out (0.1, {@code experiment.py} 143)
     * @param preservedRatio     share kept by data pruning (0.2, lines 1–2)
     * @param noiseStd           std of the input noise, drawn twice per batch (0.2, {@code trainer.py} 563, 599–604)
     * @param perturbSteps       weight-perturbation steps per batch (20, {@code steps_per_update}, line 14)
     * @param innerLr            the perturbation's step (5e-3, line 13)
     * @param generations        NSGA-II generations (50)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,

            @Setting(format = "%s softplus gaussian") List<Integer> hidden,

            @Setting(key = "warmup") int epochs,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "val", format = "%.2f") double validationFraction,
            @Setting(key = "keep", format = "%.2f") double preservedRatio,
            @Setting(key = "noise", format = "%.2gx2") double noiseStd,
            int perturbSteps,
            @Setting(format = "%.2g") double innerLr,
            @Setting(key = "nsga2_gen") int generations)
            implements MethodSettings<Settings>, PerObjectiveProxies.Common {
        public Settings {
            hidden = List.copyOf(hidden);
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
            MultipleModelsComs.common(epochs, learningRate, batchSize, validationFraction, preservedRatio, generations);
            if (!(noiseStd >= 0) || Double.isInfinite(noiseStd)) {
                throw new IllegalArgumentException("the noise std must be a finite number ≥ 0, got " + noiseStd);
            }
            if (perturbSteps < 1) {
                throw new IllegalArgumentException("perturbation steps must be ≥ 1, got " + perturbSteps);
            }
            if (!(innerLr >= 0) || Double.isInfinite(innerLr)) {
                throw new IllegalArgumentException("the inner lr must be a finite number ≥ 0, got " + innerLr);
            }
        }

        /** Off-MOO-Bench's values. */
        public static Settings paper() {
            return new Settings(false, List.of(64, 64), 50, 3e-4, 128, 0.1, 0.2, 0.2, 20, 5e-3, 50);
        }

        /**
         * The paper's 2×64 network, 2 warm-up epochs at lr 3e-3 (ten times the paper's, so that two epochs fit the
         * mean), 2 perturbation steps; NSGA-II as the paper's. Not the paper's numbers.
         */
        @Override
        public Settings quick() {
            return with(Settings::epochs, 2)
                    .with(Settings::learningRate, 3e-3)
                    .with(Settings::perturbSteps, 2)
                    .with(Settings::quickVariant, true);
        }
    }

    private MultipleModelsRoma(Settings settings) {
        super("mm-roma", settings);
    }

    /** Off-MOO-Bench's defaults. */
    public static MultipleModelsRoma defaults() {
        return new MultipleModelsRoma(Settings.paper());
    }

    @Override
    public MultipleModelsRoma withConfig(Settings s) {
        return new MultipleModelsRoma(s);
    }

    /**
     * Objective j's warm-up loss: RoMA's, with the noise drawn twice (one draw of std·√2, the same distribution) and
     * the gradient clipped element-wise to [−1, 1] ({@code torch.clamp}, {@code trainer.py} 637–640).
     */
    public RobustModelAdaptation.WarmupLoss loss(long seed) {
        Settings s = config();
        return new RobustModelAdaptation.WarmupLoss(
                s.perturbSteps(), s.innerLr(), s.noiseStd() * Math.sqrt(2), true, seed);
    }

    /** Objective j's untrained network (d → hidden → (mean, log-std), softplus, PyTorch initialisation). */
    public GaussianMlp network(int inputs, long seed) {
        return GaussianMlp.of(
                Mlp.builder(inputs)
                        .hidden(config().hidden())
                        .activation(Activation.softplus())
                        .init(Init.TORCH_DEFAULT)
                        .seed(seed),
                1);
    }

    @Override
    protected Regressor trainObjective(MultiObjectiveData data, int j, long seed) {
        Settings s = config();
        GaussianMlp model = network(data.inputSize(), seed);
        trainer(s.epochs(), s.learningRate(), s.batchSize(), data.size(), j, seed)
                .build()
                .fit(model, inputs(data), target(data, j, 1), null, loss(seed));
        return model;
    }
}
