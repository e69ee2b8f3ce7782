package org.mbo4j.method.surrogate;

import java.util.Locale;
import org.mbo4j.method.Method;
import org.mbo4j.method.Proposal;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Trainer;
import org.mbo4j.task.OfflineProblem;

/**
 * COMs: Trabucco, Kumar, Geng, Levine, "Conservative Objective Models for Effective Offline Model-Based
 * Optimization", ICML 2021 (design-baselines {@code coms_cleaned}, script {@code scripts/coms-tf-bind-8.sh}).
 * A surrogate trained to under-estimate the designs its own gradient ascent finds ({@link ConservativeLoss}),
 * then searched by plain gradient ascent ({@link AscentSearch}).
 *
 * <p>Paper defaults (TFBind8):
 * <ul>
 *   <li>data: {@code --normalize-ys --no-normalize-xs}: raw Design-Bench logits for sequences, z-scored y;</li>
 *   <li>model: Dense(2048)+ReLU → Dense(2048)+ReLU → Dense(1), Glorot-uniform, MSE, Adam lr 3e-4, batch 128,
 *   500 validation rows (at most a fifth of the data here, so small CSVs still train), 50 epochs;</li>
 *   <li>conservatism: α init 0.1, Adam lr 0.01 on log α, overestimation limit 2.0 (the TFBind8/TFBind10 scripts;
 *   the CLI default is 0.5, set it with {@link Builder#overestimationLimit});</li>
 *   <li>negatives: 50 ascent steps with particle lr 2.0·√(input size) (9.80 for TFBind8's 8×3 logits) from the
 *   batch x; entropy coefficient 0, noise std 0;</li>
 *   <li>solve: 50 steps of {@code x ← x + lr·∇ₓ f̂(x)} with the same particle lr from the top-k visible
 *   designs (design-baselines: top 128), then argmax decoding.</li>
 * </ul>
 * <p>Continuous design spaces: the TFBind8 particle lr (2·√d on raw inputs) throws designs to the corners of a
 * box, and design-baselines runs COMs on continuous tasks with other settings ({@code scripts/coms-superconductor.sh}:
 * {@code --normalize-xs --particle-lr 0.05 --forward-model-alpha 0.0 --forward-model-alpha-lr 0.0
 * --forward-model-overestimation-limit 0.5}, i.e. z-scored inputs, particle lr 0.05·√d and <em>no</em>
 * conservatism). By default ({@link Builder#continuousProfile}) a continuous problem gets those four settings;
 * sequences keep the TFBind8 ones. α = 0 switches the conservative term (and its 50 inner steps) off.
 *
 * <p>{@link #quick()} is a small variant (2×64, 3 epochs, 5 inner steps) for tutorials and CI.
 */
public final class ConservativeObjectiveModels implements Method {
    private final int[] hidden;
    private final int epochs;
    private final double learningRate;
    private final int batchSize;
    private final int validationSize;
    private final double alpha;
    private final double alphaLr;
    private final double limit;
    private final double particleScale;
    private final int trainSteps;
    private final int solveSteps;
    private final int recordEvery;
    private final boolean quick;
    private final boolean continuousProfile;
    private final boolean normalizeX;

    private ConservativeObjectiveModels(Builder b) {
        continuousProfile = b.continuousProfile;
        normalizeX = b.normalizeX;
        hidden = b.hidden.clone();
        epochs = b.epochs;
        learningRate = b.learningRate;
        batchSize = b.batchSize;
        validationSize = b.validationSize;
        alpha = b.alpha;
        alphaLr = b.alphaLr;
        limit = b.limit;
        particleScale = b.particleScale;
        trainSteps = b.trainSteps;
        solveSteps = b.solveSteps;
        recordEvery = b.recordEvery;
        quick = b.quick;
    }

    /** Paper defaults (TFBind8). */
    public static ConservativeObjectiveModels defaults() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.hidden = hidden.clone();
        b.epochs = epochs;
        b.learningRate = learningRate;
        b.batchSize = batchSize;
        b.validationSize = validationSize;
        b.alpha = alpha;
        b.alphaLr = alphaLr;
        b.limit = limit;
        b.particleScale = particleScale;
        b.trainSteps = trainSteps;
        b.solveSteps = solveSteps;
        b.recordEvery = recordEvery;
        b.quick = quick;
        b.continuousProfile = continuousProfile;
        b.normalizeX = normalizeX;
        return b;
    }

    /** Quick settings: 2×64 hidden, 3 epochs, 5 inner ascent steps. Not the paper's numbers. */
    @Override
    public ConservativeObjectiveModels quick() {
        Builder b = toBuilder().hidden(64, 64).epochs(3).trainSteps(5);
        b.quick = true;
        return b.build();
    }

    @Override public String name() { return "coms"; }

    @Override
    public String settings() {
        String s = String.format(Locale.ROOT,
                "hidden=%s relu epochs=%d lr=%.1e batch=%d val=%d alpha0=%.3g alpha_lr=%.3g limit=%.3g "
                        + "particle_lr=%.3g·sqrt(d) train_steps=%d solve_steps=%d",
                java.util.Arrays.toString(hidden).replace(" ", ""), epochs, learningRate, batchSize, validationSize,
                alpha, alphaLr, limit, particleScale, trainSteps, solveSteps);
        if (normalizeX) s += " normalize_xs";
        return (quick ? "quick: " : "") + s + (continuousProfile ? " (continuous spaces: normalize_xs, "
                + "particle_lr=0.05·sqrt(d), alpha0=0, limit=0.5)" : "");
    }

    /** The settings used for {@code problem}: the continuous-task profile for boxes (when enabled), else these. */
    @Override
    public ConservativeObjectiveModels forProblem(OfflineProblem problem) {
        if (!continuousProfile || !(problem.space() instanceof org.mbo4j.data.ContinuousSpace)) return this;
        Builder b = toBuilder();
        b.normalizeX = true;
        b.particleScale = 0.05;
        b.alpha = 0;
        b.limit = 0.5;
        b.continuousProfile = false;
        return b.build();
    }

    @Override
    public Proposal propose(OfflineProblem problem, int k, long seed) {
        ConservativeObjectiveModels m = forProblem(problem);
        if (m != this) return m.propose(problem, k, seed);
        SurrogateData data = SurrogateData.of(problem, normalizeX, true);
        Mlp model = train(data, seed);
        return AscentSearch.run(name(), seed, model, data, data.topK(k), particleLr(data), solveSteps, recordEvery);
    }

    /** particle lr = scale·√(input size). */
    public double particleLr(SurrogateData data) {
        return particleScale * Math.sqrt(data.inputSize());
    }

    /** Trains the conservative model on the visible data. */
    public Mlp train(SurrogateData data, long seed) {
        Mlp model = Mlp.builder(data.inputSize()).hidden(hidden).activation(Activation.relu()).outputs(1).seed(seed)
                .build();
        Trainer trainer = Trainer.builder().epochs(epochs).learningRate(learningRate).batchSize(batchSize)
                .validationSize(Trainer.validationRows(validationSize, data.size())).seed(seed)
                .label("coms train").build();
        trainer.fit(model, data.x(), data.y(), null, loss(data));
        return model;
    }

    /** A fresh COMs loss with these settings for {@code data}'s input size. */
    public ConservativeLoss loss(SurrogateData data) {
        return new ConservativeLoss(alpha, alphaLr, limit, particleLr(data), trainSteps);
    }

    /** Fluent builder; every default is the paper's (TFBind8). */
    public static final class Builder {
        private int[] hidden = {2048, 2048};
        private int epochs = 50;
        private double learningRate = 3e-4;
        private int batchSize = 128;
        private int validationSize = 500;
        private double alpha = 0.1;
        private double alphaLr = 0.01;
        private double limit = 2.0;
        private double particleScale = 2.0;
        private int trainSteps = 50;
        private int solveSteps = 50;
        private int recordEvery = 5;
        private boolean quick;
        private boolean continuousProfile = true;
        private boolean normalizeX;

        private Builder() {}

        /**
         * Use design-baselines' continuous-task COMs settings on box spaces (default true; see the class comment).
         */
        public Builder continuousProfile(boolean on) { continuousProfile = on; return this; }

        public Builder hidden(int... h) { hidden = h.clone(); return this; }

        public Builder epochs(int e) {
            if (e < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + e);
            epochs = e;
            return this;
        }

        public Builder learningRate(double lr) { learningRate = lr; return this; }

        public Builder batchSize(int b) { batchSize = b; return this; }

        public Builder validationSize(int v) { validationSize = v; return this; }

        /** Initial Lagrange multiplier α (default 0.1; 0 = no conservatism, as design-baselines' continuous runs). */
        public Builder alpha(double a) {
            if (!(a >= 0)) throw new IllegalArgumentException("COMs alpha must be ≥ 0, got " + a);
            alpha = a;
            return this;
        }

        /** Adam learning rate on log α (default 0.01). */
        public Builder alphaLearningRate(double lr) { alphaLr = lr; return this; }

        /** Overestimation limit τ (default 2.0, TFBind8 script; design-baselines' CLI default is 0.5). */
        public Builder overestimationLimit(double t) { limit = t; return this; }

        /** Particle lr as a multiple of √(input size) (default 2.0). */
        public Builder particleScale(double s) {
            if (!(s > 0)) throw new IllegalArgumentException("particle scale must be > 0, got " + s);
            particleScale = s;
            return this;
        }

        /** Inner ascent steps per training batch (default 50). */
        public Builder trainSteps(int s) {
            if (s < 0) throw new IllegalArgumentException("train steps must be ≥ 0, got " + s);
            trainSteps = s;
            return this;
        }

        /** Ascent steps of the final search (default 50). */
        public Builder solveSteps(int s) {
            if (s < 0) throw new IllegalArgumentException("solve steps must be ≥ 0, got " + s);
            solveSteps = s;
            return this;
        }

        /** Trajectory snapshot interval (default 5; 0 = none). */
        public Builder recordEvery(int r) { recordEvery = r; return this; }

        public ConservativeObjectiveModels build() { return new ConservativeObjectiveModels(this); }
    }
}
