package org.mbo4j.method.baseline;

import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.surrogate.SurrogateData;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Bootstrap;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The small bootstrapped surrogate ensemble that design-baselines' classic baselines (CMA-ES, BO-qEI, REINFORCE;
 * also CbAS) search: {@code bootstraps} = 5 Gaussian MLPs, each Dense(256)+LeakyReLU → Dense(2) (mean and
 * soft-clipped log-std), trained on its own bootstrap sample with Gaussian NLL, Adam lr 1e-3, 100 epochs, batch
 * 100, 200 validation rows; predictions are the mean of the members' means
 * ({@code ensemble.get_distribution(x).mean()}).
 *
 * <p>REINFORCE's ensemble starts with {@code Embedding(4, 256) → Flatten} on integer sequences. We feed the one-hot
 * encoding instead: Embedding followed by Dense is the linear map onehot ↦ W·blockdiag(E)·onehot, so a Dense layer
 * on one-hot inputs spans exactly the same functions (the parameterisation, and hence initialisation and training
 * dynamics, differ). Training is the shared {@link Trainer}; nothing here is method specific. With fewer than
 * 1000 rows the validation split shrinks to n/5 so that small user datasets still train, and on small data the
 * epoch count rises until training takes {@value #MIN_STEPS} minibatch steps (not on TFBind8, where 100 epochs are
 * 32,700 steps). Settings text (the {@link MethodSettings#describe()} formatter): {@code ensemble=5x[256 leaky0.3]
 * epochs=100 lr=1e-03 batch=100 val=200 min_steps=5000}.
 *
 * @param models         ensemble members, each on its own bootstrap sample (5)
 * @param hidden         width of the one Dense + LeakyReLU layer (256)
 * @param leakySlope     LeakyReLU slope (0.3, Keras' default)
 * @param epochs         training epochs (100)
 * @param learningRate   Adam lr (1e-3)
 * @param batchSize      minibatch rows (100)
 * @param validationSize validation rows (200; at most a fifth of the data, see {@link Trainer#validationRows})
 * @param minSteps       train for at least this many minibatch steps, raising the epoch count on small data
 *                       (0: epochs only; not in the settings text when 0)
 */
public record SmallEnsemble(
        @Setting(key = "ensemble", format = "%dx") int models,
        @Setting(key = "", format = "[%d", attach = true) int hidden,
        @Setting(key = "", format = "leaky%.1f]") double leakySlope,
        int epochs,
        @Setting(key = "lr", format = "%.0e") double learningRate,
        @Setting(key = "batch") int batchSize,
        @Setting(key = "val") int validationSize,
        @Setting(zero = "") int minSteps)
        implements MethodSettings<SmallEnsemble> {
    /**
     * The default gradient-step floor. On TFBind8, 100 epochs of 32,698 training rows in batches of 100 are 32,700
     * steps, so the floor changes nothing there. On a 560-row user file the same 100 epochs are 500 steps: the
     * networks stay nearly linear and CMA-ES follows them to a corner of the box (measured on the hidden bumps4
     * function: 0.03 for a file whose best is 0.07; with the floor, 0.70–0.77 over three files).
     */
    public static final int MIN_STEPS = 5000;

    /** Checks the values; {@link IllegalArgumentException} names a bad one. */
    public SmallEnsemble {
        if (models < 1) throw new IllegalArgumentException("ensemble size must be ≥ 1, got " + models);
        if (hidden < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + hidden);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
        if (minSteps < 0) throw new IllegalArgumentException("minimum steps must be ≥ 0, got " + minSteps);
    }

    /**
     * design-baselines' settings: 5 models, 256 hidden, LeakyReLU 0.3 (Keras default), 100 epochs, lr 1e-3, batch
     * 100, val 200; and at least {@value #MIN_STEPS} minibatch steps (see {@link #MIN_STEPS}).
     */
    public static SmallEnsemble paper() {
        return new SmallEnsemble(5, 256, 0.3, 100, 1e-3, 100, 200, MIN_STEPS);
    }

    /**
     * 10 epochs and no step floor (the floor is a paper-setting safeguard for small files; quick settings keep
     * their few epochs). Not the paper's numbers.
     */
    @Override
    public SmallEnsemble quick() {
        return with(SmallEnsemble::epochs, 10).with(SmallEnsemble::minSteps, 0);
    }

    /**
     * Trains the ensemble on (x, y) (n × d inputs, n × 1 targets) and returns it, aggregating by the mean of the
     * members' means. Member m is initialised from seed·1000 + m and trained on {@link Bootstrap#weights} of seed.
     *
     * @param label progress label, e.g. the method name
     */
    public Ensemble<GaussianMlp> train(INDArray x, INDArray y, long seed, String label) {
        int n = (int) x.rows();
        int val = Trainer.validationRows(validationSize, n);
        Mlp.Builder arch = Mlp.builder((int) x.columns()).hidden(hidden).activation(Activation.leakyRelu(leakySlope));
        Ensemble<GaussianMlp> e =
                Ensemble.of(models, seed * 1000, s -> GaussianMlp.of(arch.seed(s), 1), Ensemble.Aggregation.MEAN);
        Trainer trainer = Trainer.builder()
                .epochs(epochs)
                .learningRate(learningRate)
                .batchSize(batchSize)
                .validationSize(val)
                .minSteps(minSteps)
                .seed(seed)
                .label(label + " ensemble")
                .build();
        INDArray w = Bootstrap.weights(n, models, seed, DataType.FLOAT);
        trainer.fit(e, x, y, w, Losses.perMember(Losses.gaussianNll()));
        return e;
    }

    /**
     * The proposal of a search in model-input space: {@code inputs} decoded to designs, with the model's
     * predictions for the decoded designs (re-encoded) in raw score units.
     */
    static Proposal proposal(String method, long seed, Regressor model, SurrogateData data, double[][] inputs) {
        var type = model.parameters().get(0).value().dataType();
        double[][] designs = data.decode(Tensors.matrix(inputs, type));
        INDArray reencoded = Tensors.matrix(data.encoding().encode(designs), type);
        return Proposal.of(method, seed, data.problem().space(), designs, data.toScores(model.predict(reencoded)));
    }
}
