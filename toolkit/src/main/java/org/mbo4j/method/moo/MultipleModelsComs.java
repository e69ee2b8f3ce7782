package org.mbo4j.method.moo;

import java.util.List;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Setting;
import org.mbo4j.method.surrogate.ConservativeLoss;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Regressor;

/**
 * {@code mm-coms}: Off-MOO-Bench's MultipleModels + COMs ({@code configs/algorithm/MultipleModels-COM.yaml} and
 * {@code ConservativeObjectiveTrainer}, {@code off_moo_baselines/multiple_models/trainer.py} 194–330 of
 * {@code lamda-bbo/offline-moo} at a960f6f): per objective, {@code mm}'s network (d → 2048 → 2048 → 1, LeakyReLU
 * 0.01, PyTorch initialisation) trained with the COMs loss ({@link ConservativeLoss}) on its minimised target, then
 * NSGA-II on the m networks ({@link PerObjectiveProxies}). The negatives are 50 gradient steps of 0.05·√d from the
 * batch <em>down</em> the model (the targets are minimised) and the penalty is α·(mean f̂(x) − mean f̂(x⁻)); here
 * that is {@link ConservativeLoss} on the model's negation ({@link NegatedOutput}), trained on −y, which is the
 * same loss term by term. Defaults, their lines and the differences from design-baselines' COMs:
 * {@code docs/methods/moo-conservative.md}.
 */
public final class MultipleModelsComs extends PerObjectiveProxies<MultipleModelsComs.Settings, MultipleModelsComs> {
    /**
     * Hyperparameters ({@code MultipleModels-COM.yaml} lines; {@code trainer.py} for what they do).
     *
     * @param quickVariant       the tutorial/CI variant
     * @param hidden             hidden widths ([2048, 2048], {@code experiment.py} 109)
     * @param leakySlope         LeakyReLU slope (0.01, {@code nets.py} 9)
     * @param epochs             training epochs (200, line 4)
     * @param learningRate       Adam lr, constant (1e-3, line 7; the {@code forward_lr_decay} of line 8 is never
     *                           applied by this trainer)
     * @param batchSize          minibatch rows (128, line 5)
     * @param validationFraction rows held out (0.1, {@code experiment.py} 143)
     * @param preservedRatio     share kept by data pruning (0.2, lines 1–2)
     * @param alpha              initial Lagrange multiplier α (0.1, line 10)
     * @param alphaLr            Adam lr on log α (0.01, line 11)
     * @param limit              overestimation limit (0.5, line 12)
     * @param particleScale      particle step as a multiple of √d (0.05, line 13; ×√d at {@code trainer.py} 203)
     * @param particleSteps      particle steps per batch (50, line 14)
     * @param generations        NSGA-II generations (50)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            List<Integer> hidden,
            @Setting(key = "leaky", format = "%.2f") double leakySlope,
            int epochs,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "val", format = "%.2f") double validationFraction,
            @Setting(key = "keep", format = "%.2f") double preservedRatio,
            @Setting(key = "alpha0") double alpha,
            double alphaLr,
            double limit,

            @Setting(key = "particle_lr", format = "%.3g·sqrt(d)")
            double particleScale,

            int particleSteps,
            @Setting(key = "nsga2_gen") int generations)
            implements MethodSettings<Settings>, PerObjectiveProxies.Common {
        public Settings {
            hidden = List.copyOf(hidden);
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
            if (!(leakySlope >= 0 && leakySlope < 1)) {
                throw new IllegalArgumentException("the LeakyReLU slope must be in [0, 1), got " + leakySlope);
            }
            common(epochs, learningRate, batchSize, validationFraction, preservedRatio, generations);
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("COMs alpha must be a positive number, got " + alpha);
            }
            if (!(alphaLr > 0) || Double.isInfinite(alphaLr)) {
                throw new IllegalArgumentException("the alpha learning rate must be a positive number, got " + alphaLr);
            }
            if (!Double.isFinite(limit)) throw new IllegalArgumentException("the limit must be finite, got " + limit);
            if (!(particleScale > 0) || Double.isInfinite(particleScale)) {
                throw new IllegalArgumentException(
                        "the particle scale must be a positive number, got " + particleScale);
            }
            if (particleSteps < 1)
                throw new IllegalArgumentException("particle steps must be ≥ 1, got " + particleSteps);
        }

        /** Off-MOO-Bench's values. */
        public static Settings paper() {
            return new Settings(
                    false, List.of(2048, 2048), 0.01, 200, 1e-3, 128, 0.1, 0.2, 0.1, 0.01, 0.5, 0.05, 50, 50);
        }

        /** 2×32 hidden, 2 epochs, 5 particle steps; NSGA-II as the paper's. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::hidden, List.of(32, 32))
                    .with(Settings::epochs, 2)
                    .with(Settings::particleSteps, 5)
                    .with(Settings::quickVariant, true);
        }
    }

    /** The checks every variant's settings share. */
    static void common(int epochs, double lr, int batch, double val, double keep, int generations) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, got " + lr);
        }
        if (batch < 1) throw new IllegalArgumentException("the batch size must be ≥ 1, got " + batch);
        if (!(val >= 0 && val < 1)) {
            throw new IllegalArgumentException("the validation fraction must be in [0, 1), got " + val);
        }
        if (!(keep > 0 && keep <= 1)) {
            throw new IllegalArgumentException("the preserved ratio must be in (0, 1], got " + keep);
        }
        if (generations < 1) throw new IllegalArgumentException("NSGA-II generations must be ≥ 1, got " + generations);
    }

    private MultipleModelsComs(Settings settings) {
        super("mm-coms", settings);
    }

    /** Off-MOO-Bench's defaults. */
    public static MultipleModelsComs defaults() {
        return new MultipleModelsComs(Settings.paper());
    }

    @Override
    public MultipleModelsComs withConfig(Settings s) {
        return new MultipleModelsComs(s);
    }

    /**
     * Objective j's COMs loss for d inputs: {@link ConservativeLoss#torch} with α, its lr, the limit, particle step
     * 0.05·√d and 50 steps, and the model loss's gradients scaled by 1/{@code preservedRatio} as Off-MOO-Bench's
     * ({@code trainer.py} 272–273; 1 without pruning).
     */
    public ConservativeLoss loss(int inputs) {
        Settings s = config();
        double scale = s.preservedRatio() == 1 ? 1 : 1 / s.preservedRatio();
        return ConservativeLoss.torch(
                s.alpha(), s.alphaLr(), s.limit(), s.particleScale() * Math.sqrt(inputs), s.particleSteps(), scale);
    }

    @Override
    protected Regressor trainObjective(MultiObjectiveData data, int j, long seed) {
        Settings s = config();
        Mlp net = Mlp.builder(data.inputSize())
                .hidden(s.hidden())
                .activation(Activation.leakyRelu(s.leakySlope()))
                .outputs(1)
                .init(Init.TORCH_DEFAULT)
                .seed(seed)
                .build();
        trainer(s.epochs(), s.learningRate(), s.batchSize(), data.size(), j, seed)
                .build()
                .fit(new NegatedOutput(net), inputs(data), target(data, j, -1), null, loss(data.inputSize()));
        return net;
    }
}
