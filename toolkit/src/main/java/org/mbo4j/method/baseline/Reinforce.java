package org.mbo4j.method.baseline;

import java.util.Locale;
import java.util.Random;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.Trajectory;
import org.mbo4j.method.surrogate.SurrogateData;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * REINFORCE on a learned ensemble, the design-baselines baseline ({@code design_baselines/reinforce}; Williams,
 * "Simple statistical gradient-following algorithms for connectionist reinforcement learning", Machine Learning
 * 1992; reported as "REINFORCE" in Trabucco et al., "Design-Bench", ICML 2022). Sequence design spaces only.
 *
 * <p>Paper defaults ({@code reinforce/experiments.py}, TFBind8):
 * <ul>
 *   <li>data: integer sequences (fed one-hot, see {@link SmallEnsemble} for why that equals design-baselines'
 *   Embedding(4, 256) → Dense), {@code normalize_ys};</li>
 *   <li>surrogate: {@link SmallEnsemble#paper()} with lr 1e-3, 100 epochs, batch 100, val 200;</li>
 *   <li>policy: independent categorical per position, logits initialised to the log of the per-position letter
 *   frequencies of the top-128 visible designs; letters absent from the top-128 get log 0 = −∞ in
 *   design-baselines and so are never sampled — we reproduce that by excluding them
 *   ({@link Settings#frequencyFloor} 0.001 gives the clamp {@code tf.maximum(freq, 0.001)} of design-baselines'
 *   commits 0f1ef19 to ee3c210, {@code reinforce/__init__.py} lines 105–107, instead);</li>
 *   <li>training: Adam lr 0.01 (tf.keras defaults), 200 iterations of 256 samples, advantage
 *   A = (ŷ − mean ŷ)/std ŷ of the ensemble-mean predictions (population std; A = 0 if all predictions are equal,
 *   where design-baselines divides by zero), loss as below;</li>
 *   <li>result: 128 samples from the final policy.</li>
 * </ul>
 * The trajectory records the 256 sampled designs and their predictions every 20 iterations.
 *
 * <p><b>The loss: two methods.</b> {@code reinforce} (the default) is the textbook estimator, per sample:
 * −(1/S) Σₛ Aₛ log π(xₛ). That is also design-baselines' loss up to commit dac5928 (2021-05-26,
 * {@code design_baselines/reinforce/__init__.py} lines 99–102: {@code -reduce_mean(td.log_prob(tx) * advantage)},
 * whose extra mean over the 8 positions is a constant factor). Commit aaee3a3 (2021-06-01) changed it to what
 * design-baselines' HEAD (785dbcf) still computes, lines 94–97:
 * {@code reduce_mean(-log_probs[:, tf.newaxis] * stop_gradient(advantage))}. The policy is a {@code Categorical}
 * with batch shape [8] ({@code reinforce/nets.py}, {@code DiscreteMarginal}), so {@code log_probs} is [256, 8] and
 * {@code log_probs[:, tf.newaxis]} [256, 1, 8]; the ensemble mean {@code ty} is [256, 1]; the product broadcasts
 * to [256, 256, 8], every sample's log-probability times every sample's advantage, and its mean is
 * mean(log π)·mean(A). Standardised advantages have mean 0 up to rounding error, so the gradient nearly vanishes
 * and the policy stays at its top-128 initial frequencies.
 * {@code reinforce-db} ({@link #designBaselines()}, {@link Settings#broadcastLoss}) reproduces that loss
 * ({@link CategoricalPolicy#broadcastLossGradient}). design-baselines' README row for TFBind8, 0.948 ± 0.028, was
 * committed on 2021-07-17 (188bb80), when the repository's loss was the broadcast one (it is unchanged from
 * aaee3a3 through HEAD), so the published number corresponds to {@code reinforce-db}; the repository does not
 * record which revision produced the number.
 */
public final class Reinforce extends ConfiguredMethod<Reinforce.Settings, Reinforce> {
    /**
     * Hyperparameters ({@code reinforce/experiments.py}, TFBind8; see the class comment).
     *
     * @param quickVariant   the tutorial/CI variant
     * @param ensemble       the surrogate ({@link SmallEnsemble#paper()})
     * @param learningRate   Adam learning rate of the policy logits (0.01)
     * @param iterations     policy-gradient iterations (200)
     * @param batchSize      samples per iteration (256)
     * @param topK           top visible designs whose letter frequencies initialise the policy (128)
     * @param frequencyFloor lower bound on the initial frequencies (0: unseen letters excluded, as design-baselines;
     *                       0.001: the older revision's clamp)
     * @param broadcastLoss  design-baselines' broadcast loss mean(log π)·mean(A) instead of the per-sample one
     *                       (false; {@code reinforce-db}: true, shown as {@code loss=db-broadcast})
     * @param recordEvery    trajectory snapshot interval (20; 0: none; not part of the settings text)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            SmallEnsemble ensemble,
            @Setting(key = "policy_lr", format = "%.0e") double learningRate,
            int iterations,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "init", format = "top%d") int topK,
            @Setting(key = "floor", format = "%s") double frequencyFloor,
            @Setting(key = "loss=db-broadcast") boolean broadcastLoss,
            @Setting(omit = true) int recordEvery)
            implements MethodSettings<Settings> {
        public Settings {
            if (ensemble == null) throw new IllegalArgumentException("reinforce needs surrogate ensemble settings");
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
            }
            if (iterations < 0) throw new IllegalArgumentException("iterations must be ≥ 0, got " + iterations);
            if (batchSize < 2) throw new IllegalArgumentException("batch size must be ≥ 2, got " + batchSize);
            if (topK < 1) throw new IllegalArgumentException("topK must be ≥ 1, got " + topK);
            if (!(frequencyFloor >= 0 && frequencyFloor < 1)) {
                throw new IllegalArgumentException("frequency floor must be in [0, 1), got " + frequencyFloor);
            }
        }

        /** The paper's values. */
        public static Settings paper() {
            return new Settings(false, SmallEnsemble.paper(), 0.01, 200, 256, 128, 0, false, 20);
        }

        /** The ensemble's quick variant (10 epochs), 50 policy iterations. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::ensemble, ensemble.quick())
                    .with(Settings::iterations, 50)
                    .with(Settings::quickVariant, true);
        }
    }

    public Reinforce(String name, Settings settings) {
        super(name, settings);
    }

    /** {@code reinforce}: paper defaults with the per-sample (textbook) loss. */
    public static Reinforce defaults() {
        return new Reinforce("reinforce", Settings.paper());
    }

    /**
     * {@code reinforce-db}: paper defaults with design-baselines' broadcast loss, the procedure behind its published
     * TFBind8 row (see the class comment).
     */
    public static Reinforce designBaselines() {
        return new Reinforce("reinforce-db", Settings.paper().with(Settings::broadcastLoss, true));
    }

    @Override
    public Reinforce withConfig(Settings s) {
        return new Reinforce(name(), s);
    }

    /** Sequence spaces only: the policy is a categorical distribution per position. */
    @Override
    public boolean supports(DesignSpace space) {
        return space instanceof SequenceSpace;
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        if (!(problem.space() instanceof SequenceSpace seq)) {
            throw new IllegalArgumentException(name() + " samples sequences from a categorical policy, but problem '"
                    + problem.name() + "' has a continuous design space ("
                    + problem.space().describe()
                    + "); use cma-es, bo-qei or grad instead");
        }
        Settings c = config();
        int letters = seq.alphabetSize();
        SurrogateData data = SurrogateData.of(problem, false, true);
        Regressor model = c.ensemble().train(oneHot(problem.dataset().designs(), letters), data.y(), seed, name());
        CategoricalPolicy policy =
                CategoricalPolicy.fromFrequencies(problem.topDesigns(c.topK()), letters, c.frequencyFloor());
        Random rng = new Random(seed);
        Trajectory.Recorder rec = new Trajectory.Recorder();
        train(policy, model, rng, rec, data);
        double[][] designs = policy.sample(k, rng);
        double[][] predicted = data.toScores(model.predict(oneHot(designs, letters)));
        Proposal p = Proposal.of(name(), seed, problem.space(), designs, predicted);
        return c.recordEvery() > 0 ? p.withTrajectory(rec.build()) : p;
    }

    /** {@link Settings#iterations} policy-gradient steps on {@code policy} against the model's objective 0. */
    void train(CategoricalPolicy policy, Regressor model, Random rng, Trajectory.Recorder rec, SurrogateData data) {
        Settings c = config();
        int length = policy.length();
        int letters = policy.letters();
        Adam adam = new Adam(c.learningRate());
        Param logits = new Param(
                "policy logits",
                Tensors.zeros(DataType.DOUBLE, length, letters),
                Tensors.zeros(DataType.DOUBLE, length, letters));
        try (Progress.Bar bar = Progress.start(name() + " policy", c.iterations())) {
            for (int it = 0; it < c.iterations(); it++) {
                double[][] x = policy.sample(c.batchSize(), rng);
                INDArray pred = model.forward(oneHot(x, letters));
                double[] y = Tensors.column(pred, 0);
                if (rec != null && c.recordEvery() > 0 && it % c.recordEvery() == 0) {
                    double[][] raw = data.toScores(pred);
                    double[] r = new double[raw.length];
                    for (int i = 0; i < r.length; i++) r[i] = raw[i][0];
                    rec.record(it, x, r);
                }
                double[] a = advantages(y);
                double[][] g = c.broadcastLoss() ? policy.broadcastLossGradient(x, a) : policy.lossGradient(x, a);
                logits.grad().assign(Tensors.matrix(g, DataType.DOUBLE));
                adam.step(logits);
                policy.subtract(Tensors.rows(logits.grad()));
                double mean = 0;
                for (double v : y) mean += v / y.length;
                bar.step(String.format(Locale.ROOT, "mean prediction=%.4g", mean));
            }
        }
    }

    /** (y − mean)/std with the population std; all zeros when the std is 0. */
    static double[] advantages(double[] y) {
        double mean = 0;
        for (double v : y) mean += v / y.length;
        double var = 0;
        for (double v : y) var += (v - mean) * (v - mean) / y.length;
        double std = Math.sqrt(var);
        double[] a = new double[y.length];
        if (std > 0) for (int i = 0; i < y.length; i++) a[i] = (y[i] - mean) / std;
        return a;
    }

    /** Integer designs (n × L) to one-hot model inputs (n × L·K, float32). */
    static INDArray oneHot(double[][] designs, int letters) {
        int length = designs.length == 0 ? 0 : designs[0].length;
        double[][] out = new double[designs.length][length * letters];
        for (int i = 0; i < designs.length; i++) {
            for (int l = 0; l < length; l++) out[i][l * letters + (int) designs[i][l]] = 1;
        }
        return Tensors.matrix(out, DataType.FLOAT);
    }
}
