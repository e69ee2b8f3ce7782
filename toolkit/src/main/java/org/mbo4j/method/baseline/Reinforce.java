package org.mbo4j.method.baseline;

import java.util.Locale;
import java.util.Random;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.Method;
import org.mbo4j.method.Proposal;
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
 *   ({@link Builder#frequencyFloor} 0.001 gives the older revision's clamp instead);</li>
 *   <li>training: Adam lr 0.01 (tf.keras defaults), 200 iterations of 256 samples, loss
 *   −mean(log π(x)·A) with advantage A = (ŷ − mean ŷ)/std ŷ of the ensemble-mean predictions (population std;
 *   A = 0 if all predictions are equal);</li>
 *   <li>result: 128 samples from the final policy.</li>
 * </ul>
 * The trajectory records the 256 sampled designs and their predictions every 20 iterations.
 */
public final class Reinforce implements Method {
    private final SmallEnsemble ensemble;
    private final double learningRate;
    private final int iterations;
    private final int batchSize;
    private final int topK;
    private final double frequencyFloor;
    private final int recordEvery;
    private final boolean quick;

    private Reinforce(Builder b) {
        ensemble = b.ensemble;
        learningRate = b.learningRate;
        iterations = b.iterations;
        batchSize = b.batchSize;
        topK = b.topK;
        frequencyFloor = b.frequencyFloor;
        recordEvery = b.recordEvery;
        quick = b.quick;
    }

    /** Paper defaults. */
    public static Reinforce defaults() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.ensemble = ensemble;
        b.learningRate = learningRate;
        b.iterations = iterations;
        b.batchSize = batchSize;
        b.topK = topK;
        b.frequencyFloor = frequencyFloor;
        b.recordEvery = recordEvery;
        b.quick = quick;
        return b;
    }

    /** Quick settings for tutorials and CI: 10 training epochs, 50 policy iterations. Not the paper's numbers. */
    @Override
    public Reinforce quick() {
        Builder b = toBuilder().ensemble(ensemble.epochs(10).minSteps(0)).iterations(50);
        b.quick = true;
        return b.build();
    }

    @Override public String name() { return "reinforce"; }

    @Override
    public String settings() {
        String s = String.format(Locale.ROOT, "%s policy_lr=%.0e iterations=%d batch=%d init=top%d floor=%s",
                ensemble.describe(), learningRate, iterations, batchSize, topK, frequencyFloor);
        return (quick ? "quick: " : "") + s;
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        if (!(problem.space() instanceof SequenceSpace seq)) {
            throw new IllegalArgumentException("reinforce samples sequences from a categorical policy, but problem '"
                    + problem.name() + "' has a continuous design space (" + problem.space().describe()
                    + "); use cma-es, bo-qei or grad instead");
        }
        int letters = seq.alphabetSize();
        SurrogateData data = SurrogateData.of(problem, false, true);
        Regressor model = ensemble.train(oneHot(problem.dataset().designs(), letters), data.y(), seed, name());
        CategoricalPolicy policy = CategoricalPolicy.fromFrequencies(problem.topDesigns(topK), letters, frequencyFloor);
        Random rng = new Random(seed);
        Trajectory.Recorder rec = new Trajectory.Recorder();
        train(policy, model, rng, rec, data);
        double[][] designs = policy.sample(k, rng);
        double[][] predicted = data.toScores(model.predict(oneHot(designs, letters)));
        Proposal p = Proposal.of(name(), seed, problem.space(), designs, predicted);
        return recordEvery > 0 ? p.withTrajectory(rec.build()) : p;
    }

    /** {@link #iterations} policy-gradient steps on {@code policy} against the model's objective 0. */
    void train(CategoricalPolicy policy, Regressor model, Random rng, Trajectory.Recorder rec, SurrogateData data) {
        int length = policy.length();
        int letters = policy.letters();
        Adam adam = new Adam(learningRate);
        Param logits = new Param("policy logits", Tensors.zeros(DataType.DOUBLE, length, letters),
                Tensors.zeros(DataType.DOUBLE, length, letters));
        try (Progress.Bar bar = Progress.start(name() + " policy", iterations)) {
            for (int it = 0; it < iterations; it++) {
                double[][] x = policy.sample(batchSize, rng);
                INDArray pred = model.forward(oneHot(x, letters));
                double[] y = Tensors.column(pred, 0);
                if (rec != null && recordEvery > 0 && it % recordEvery == 0) {
                    double[][] raw = data.toScores(pred);
                    double[] r = new double[raw.length];
                    for (int i = 0; i < r.length; i++) r[i] = raw[i][0];
                    rec.record(it, x, r);
                }
                double[][] g = policy.lossGradient(x, advantages(y));
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

    /** Fluent builder; every default is the paper's. */
    public static final class Builder {
        private SmallEnsemble ensemble = SmallEnsemble.paper();
        private double learningRate = 0.01;
        private int iterations = 200;
        private int batchSize = 256;
        private int topK = 128;
        private double frequencyFloor = 0;
        private int recordEvery = 20;
        private boolean quick;

        private Builder() {}

        /** Surrogate ensemble settings (default {@link SmallEnsemble#paper()}). */
        public Builder ensemble(SmallEnsemble e) { ensemble = e; return this; }

        /** Adam learning rate of the policy logits (default 0.01). */
        public Builder learningRate(double lr) {
            if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
            learningRate = lr;
            return this;
        }

        /** Policy-gradient iterations (default 200). */
        public Builder iterations(int n) {
            if (n < 0) throw new IllegalArgumentException("iterations must be ≥ 0, got " + n);
            iterations = n;
            return this;
        }

        /** Samples per iteration (default 256). */
        public Builder batchSize(int n) {
            if (n < 2) throw new IllegalArgumentException("batch size must be ≥ 2, got " + n);
            batchSize = n;
            return this;
        }

        /** Number of top visible designs whose letter frequencies initialise the policy (default 128). */
        public Builder topK(int n) {
            if (n < 1) throw new IllegalArgumentException("topK must be ≥ 1, got " + n);
            topK = n;
            return this;
        }

        /** Lower bound on the initial frequencies (default 0: unseen letters excluded, as design-baselines). */
        public Builder frequencyFloor(double f) {
            if (!(f >= 0 && f < 1)) throw new IllegalArgumentException("frequency floor must be in [0, 1), got " + f);
            frequencyFloor = f;
            return this;
        }

        /** Trajectory snapshot interval (default 20; 0 = none). */
        public Builder recordEvery(int r) { recordEvery = r; return this; }

        public Reinforce build() { return new Reinforce(this); }
    }
}
