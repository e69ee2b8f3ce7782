package org.mbo4j.method.moo;

import java.util.List;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Setting;
import org.mbo4j.method.surrogate.InvariantObjectiveModels.InvarianceLoss;
import org.mbo4j.method.surrogate.InvariantObjectiveModels.RepresentationModel;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Regressor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code mm-iom}: Off-MOO-Bench's MultipleModels + IOM ({@code configs/algorithm/MultipleModels-IOM.yaml} and
 * {@code InvariantObjectiveTrainer}, {@code off_moo_baselines/multiple_models/trainer.py} 333–551 of
 * {@code lamda-bbo/offline-moo} at a960f6f): per objective, IOM's model f̂ = head(φ(x)/‖φ(x)‖) (φ: d → 2048 → 2048 →
 * 128 ReLU, head 128 → 2048 → 2048 → 1 ReLU, discriminator 128 → 512 → 512 → 256 → 1, LeakyReLU 0.2, sigmoid;
 * {@code nets.py} 132–281) trained with our IOM loss ({@link InvarianceLoss}) against the 256 rows best on that
 * objective, then NSGA-II on the m models ({@link PerObjectiveProxies}).
 *
 * <p>Off-MOO-Bench's trainer differs from the single-objective {@code iom} in three ways, followed here (lines and
 * reasoning in {@code docs/methods/moo-conservative.md}): the particles never move (their gradient step sees φ
 * under {@code torch.no_grad()}, so the step is 0: {@code trainer.py} 396–408), φ's weight on d_loss is
 * λ = {@code mmd_param} = 2, and the discriminator's accumulated gradient is (1 − 2·{@code mmd_param})·∇d_loss.
 */
public final class MultipleModelsIom extends PerObjectiveProxies<MultipleModelsIom.Settings, MultipleModelsIom> {
    /**
     * Hyperparameters ({@code MultipleModels-IOM.yaml} lines; {@code trainer.py} and {@code nets.py} for what they
     * do).
     *
     * @param quickVariant       the tutorial/CI variant
     * @param hidden             hidden widths of φ and of the head ([2048, 2048], {@code nets.py} 150–160)
     * @param latent             φ's output size (128, {@code nets.py} 147, 151, 158)
     * @param discHidden         the discriminator's hidden widths ([512, 512, 256], {@code nets.py} 249–256)
     * @param epochs             training epochs (200, line 4)
     * @param learningRate       Adam lr of φ and the head, constant (3e-4: {@code forward_lr} line 7 and
     *                           {@code rep_lr} line 19; the decay of line 8 is never applied)
     * @param discLr             the discriminator's Adam lr (1e-3, line 17; β (0.5, 0.999), line 18)
     * @param batchSize          minibatch rows (128, line 5)
     * @param validationFraction rows held out (0.1, {@code experiment.py} 143)
     * @param preservedRatio     share kept by data pruning (0.2, lines 1–2)
     * @param mmdParam           {@code mmd_param} (2, line 16): φ's weight λ on d_loss
     * @param particles          rows best on the objective used as the fake distribution (256 =
     *                           {@code num_solutions}, {@code experiment.py} 125–127)
     * @param generations        NSGA-II generations (50)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            List<Integer> hidden,
            int latent,
            @Setting(key = "disc") List<Integer> discHidden,
            int epochs,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "disc_lr", format = "%.1e") double discLr,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "val", format = "%.2f") double validationFraction,
            @Setting(key = "keep", format = "%.2f") double preservedRatio,
            @Setting(key = "mmd_param") double mmdParam,
            int particles,
            @Setting(key = "nsga2_gen") int generations)
            implements MethodSettings<Settings>, PerObjectiveProxies.Common {
        public Settings {
            hidden = List.copyOf(hidden);
            discHidden = List.copyOf(discHidden);
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
            for (int h : discHidden) {
                if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
            }
            if (latent < 1) throw new IllegalArgumentException("latent size must be ≥ 1, got " + latent);
            MultipleModelsComs.common(epochs, learningRate, batchSize, validationFraction, preservedRatio, generations);
            if (!(discLr > 0) || Double.isInfinite(discLr)) {
                throw new IllegalArgumentException("the discriminator lr must be a positive number, got " + discLr);
            }
            if (!Double.isFinite(mmdParam) || mmdParam == 0.5) {
                throw new IllegalArgumentException(
                        "mmd_param must be finite and not 0.5 (the discriminator's gradient would vanish), got "
                                + mmdParam);
            }
            if (particles < 1) throw new IllegalArgumentException("particles must be ≥ 1, got " + particles);
        }

        /** Off-MOO-Bench's values. */
        public static Settings paper() {
            return new Settings(
                    false,
                    List.of(2048, 2048),
                    128,
                    List.of(512, 512, 256),
                    200,
                    3e-4,
                    1e-3,
                    128,
                    0.1,
                    0.2,
                    2.0,
                    256,
                    50);
        }

        /** 2×32 networks, 8-dim latent, 2 epochs; NSGA-II as the paper's. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::hidden, List.of(32, 32))
                    .with(Settings::latent, 8)
                    .with(Settings::discHidden, List.of(16, 16))
                    .with(Settings::epochs, 2)
                    .with(Settings::quickVariant, true);
        }

        /** The factor on the discriminator's gradient of d_loss: 1 − 2·{@code mmd_param} (see the class comment). */
        public double discriminatorGradScale() {
            return 1 - 2 * mmdParam;
        }
    }

    private MultipleModelsIom(Settings settings) {
        super("mm-iom", settings);
    }

    /** Off-MOO-Bench's defaults. */
    public static MultipleModelsIom defaults() {
        return new MultipleModelsIom(Settings.paper());
    }

    @Override
    public MultipleModelsIom withConfig(Settings s) {
        return new MultipleModelsIom(s);
    }

    /**
     * Offsets of the head's and the discriminator's seeds from φ's: objective j's φ is seeded with seed·1000 + j
     * ({@link PerObjectiveProxies#train}), so offsets of 1 and 2 would give objective j's head the seed of objective
     * j + 1's φ.
     */
    static final long HEAD_SEED_OFFSET = 500;

    static final long DISC_SEED_OFFSET = 700;

    /** Objective j's untrained model f̂ = head ∘ normalise ∘ φ (φ from {@code seed}, the head from seed + 500). */
    public RepresentationModel network(int inputs, long seed) {
        Settings s = config();
        Mlp rep = Mlp.builder(inputs)
                .hidden(s.hidden())
                .activation(Activation.relu())
                .outputs(s.latent())
                .init(Init.TORCH_DEFAULT)
                .seed(seed)
                .build();
        Mlp head = Mlp.builder(s.latent())
                .hidden(s.hidden())
                .activation(Activation.relu())
                .outputs(1)
                .init(Init.TORCH_DEFAULT)
                .seed(seed + HEAD_SEED_OFFSET)
                .build();
        return new RepresentationModel(rep, head);
    }

    /** Objective j's discriminator (from seed + 700). */
    public Mlp discriminator(long seed) {
        Settings s = config();
        return Mlp.builder(s.latent())
                .hidden(s.discHidden())
                .activation(Activation.leakyRelu(0.2))
                .outputs(1)
                .init(Init.TORCH_DEFAULT)
                .seed(seed + DISC_SEED_OFFSET)
                .build();
    }

    /**
     * The IOM loss as Off-MOO-Bench's trainer runs it: static particles (step 0), λ = {@code mmd_param}, the
     * discriminator's gradient times 1 − 2·{@code mmd_param}.
     */
    public InvarianceLoss loss(Mlp disc, INDArray particles) {
        Settings s = config();
        return new InvarianceLoss(disc, s.discLr(), s.mmdParam(), particles, 0.0, s.discriminatorGradScale());
    }

    @Override
    protected Regressor trainObjective(MultiObjectiveData data, int j, long seed) {
        Settings s = config();
        RepresentationModel model = network(data.inputSize(), seed);
        InvarianceLoss loss = loss(discriminator(seed), bestInputs(data, j, s.particles()));
        trainer(s.epochs(), s.learningRate(), s.batchSize(), data.size(), j, seed)
                .build()
                .fit(model, inputs(data), target(data, j, 1), null, loss);
        return model;
    }
}
