package org.mbo4j.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of MINs' weighted conditional WGAN-GP (design-baselines {@code design_baselines/mins/trainers.py}
 * {@code WeightedGAN.train_step}, lines 384-495) as a {@link TrainingLoss} of the shared {@link Trainer}, whose model
 * is the {@link ConditionalCritic}:
 * <ol>
 *   <li>{@link #lossAndGradients}: the critic's loss mean(wᵢ·(−D(xᵢ, yᵢ) + D(x̃ᵢ, yᵢ) + λ·(1 − ‖∇ₕD(hᵢ, yᵢ)‖)²))
 *   with x̃ᵢ ~ G(z, yᵢ), hᵢ = eᵢxᵢ + (1 − eᵢ)x̃ᵢ, eᵢ ~ U(0, 1) (lines 417-472); the mean is over the batch, not
 *   divided by Σw (line 471). The trainer then takes the critic's Adam step.</li>
 *   <li>{@link #afterStep}: on every {@code criticFrequency}-th batch of an epoch (batch index mod frequency = 0,
 *   line 478) one generator step on mean(−wᵢ·D(G(z, yᵢ), yᵢ)) (lines 480-493) with the generator's own Adam. With
 *   {@link Builder#countAcrossEpochs} the count runs on over epochs instead (critic step mod frequency = 0), which
 *   keeps one generator step per {@code criticFrequency} critic steps when an epoch has fewer batches than that.</li>
 * </ol>
 * Sequences: real one-hot rows are softened as design-baselines' {@code disc_noise} ({@code design_baselines/utils.py}
 * lines 45-71): a relaxed one-hot draw from keep·x + (1 − keep)/K at the current temperature, which, with the
 * generator's Gumbel temperature, falls linearly from {@code startTemperature} in the first epoch to {@code finalTemperature} in the last
 * ({@code WeightedGAN.launch}, lines 642-644).
 *
 * <p><b>Why a loss and not a second loop.</b> The critic is the trainer's model (minibatches, shuffles, its Adam,
 * divergence checks, progress and checkpoints come from {@link Trainer}); the generator and its Adam are this loss's
 * own trainable state, stepped in {@link #afterStep} after the critic's update, which is the authors' order. The
 * trainer only needed Adam's β₁, β₂ as settings ({@link Trainer.Builder#adamBetas}). Every random draw of a batch
 * comes from a stream seeded by (seed, epoch, batch index), so a run is reproducible and a resumed checkpoint
 * continues exactly ({@link #state}).
 */
public final class WassersteinGanLoss implements TrainingLoss<ConditionalCritic> {
    private final ConditionalGenerator generator;
    private final Adam generatorAdam;
    private final double penaltyWeight;
    private final int criticFrequency;
    private final int batchesPerEpoch;
    private final double startTemperature;
    private final double finalTemperature;
    private final int epochs;
    private final double keep;
    private final int positions;
    private final int classes;
    private final long seed;
    private double lastGeneratorLoss = Double.NaN;
    // sums over the epoch's training batches for epochMetrics: Σ b·wasserstein, Σ b·penalty, rows; Σ generator, steps
    private double wassersteinSum;
    private double penaltySum;
    private long criticRows;
    private double generatorSum;
    private long generatorSteps;
    private SplittableRandom batchRandom;

    private WassersteinGanLoss(Builder b) {
        generator = b.generator;
        generatorAdam = new Adam(b.generatorLr, b.generatorBeta1, b.generatorBeta2, Adam.TF_EPSILON);
        penaltyWeight = b.penaltyWeight;
        criticFrequency = b.criticFrequency;
        batchesPerEpoch = b.batchesPerEpoch;
        startTemperature = b.startTemperature;
        finalTemperature = b.finalTemperature;
        epochs = b.epochs;
        keep = b.keep;
        positions = b.positions;
        classes = b.classes;
        seed = b.seed;
    }

    /** A builder for the loss that trains {@code generator} against the trainer's critic. */
    public static Builder builder(ConditionalGenerator generator) {
        return new Builder(generator);
    }

    /** The generator this loss trains. */
    public ConditionalGenerator generator() {
        return generator;
    }

    /**
     * The Gumbel-softmax temperature in (1-based) {@code epoch}: linear from the start value in epoch 1 to the final
     * value in the last epoch (trainers.py lines 642-644), the final value after it and when there is one epoch.
     */
    public double temperature(int epoch) {
        if (epochs <= 1 || epoch >= epochs) return finalTemperature;
        double f = (epoch - 1) / (double) (epochs - 1);
        return finalTemperature * f + startTemperature * (1 - f);
    }

    @Override
    public double lossAndGradients(ConditionalCritic critic, Batch batch) {
        return criticLoss(critic, batch, true);
    }

    @Override
    public double loss(ConditionalCritic critic, Batch batch) {
        return criticLoss(critic, batch, false);
    }

    /**
     * The critic's loss; with {@code grads} adds its gradients. Validation batches (no gradients) leave out the
     * penalty, which needs an input-gradient pass: they report the weighted Wasserstein estimate.
     */
    private double criticLoss(ConditionalCritic critic, Batch batch, boolean grads) {
        SplittableRandom rng = new SplittableRandom(streamSeed(seed, batch.epoch(), grads ? batch.index() : -1));
        int b = batch.size();
        double temp = temperature(batch.epoch());
        double[] y = Tensors.column(batch.y(), 0);
        double[] w = weights(batch, b);
        double[] xReal = Tensors.columnMajor(batch.x());
        if (classes > 0) softenOneHot(xReal, b, temp, rng);
        double[] xFake = generator.sample(y, temp, rng);
        double[] dReal = critic.score(xReal, y);
        double loss = 0;
        double[] g = new double[b];
        for (int i = 0; i < b; i++) {
            loss -= w[i] * dReal[i] / b;
            g[i] = -w[i] / b;
        }
        if (grads) critic.backward(g, true, false);
        double[] dFake = critic.score(xFake, y);
        for (int i = 0; i < b; i++) {
            loss += w[i] * dFake[i] / b;
            g[i] = w[i] / b;
        }
        if (grads) critic.backward(g, true, false);
        if (!grads) return loss;
        wassersteinSum += loss * b;
        criticRows += b;
        double[] h = new double[xReal.length];
        for (int i = 0; i < b; i++) {
            double e = rng.nextDouble();
            for (int j = 0; j < critic.inputSize(); j++) {
                int at = j * b + i;
                h[at] = xReal[at] * e + xFake[at] * (1 - e);
            }
        }
        double[] coef = new double[b];
        for (int i = 0; i < b; i++) coef[i] = penaltyWeight * w[i] / b;
        double[] penalty = critic.gradientPenalty(h, y, coef);
        double penaltyLoss = 0;
        for (int i = 0; i < b; i++) penaltyLoss += coef[i] * penalty[i];
        penaltySum += penaltyLoss * b;
        loss += penaltyLoss;
        batchRandom = rng;
        return loss;
    }

    /**
     * Whether the generator steps after this batch's critic update: batch index mod frequency = 0, or with
     * {@link Builder#countAcrossEpochs} the critic step's number since the fit began ((epoch − 1)·batches + index).
     */
    boolean generatorStepsAfter(Batch batch) {
        long step = batchesPerEpoch == 0 ? batch.index() : (long) (batch.epoch() - 1) * batchesPerEpoch + batch.index();
        return step % criticFrequency == 0;
    }

    /** The generator's step after the critic's update on the batches of {@link #generatorStepsAfter}. */
    @Override
    public void afterStep(ConditionalCritic critic, Batch batch) {
        if (!generatorStepsAfter(batch)) return;
        int b = batch.size();
        double[] y = Tensors.column(batch.y(), 0);
        double[] w = weights(batch, b);
        generator.discardGrad();
        double[] xFake = generator.sample(y, temperature(batch.epoch()), batchRandom);
        double[] s = critic.score(xFake, y);
        double[] g = new double[b];
        double loss = 0;
        for (int i = 0; i < b; i++) {
            loss -= w[i] * s[i] / b;
            g[i] = -w[i] / b;
        }
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(
                    String.format(
                            Locale.ROOT,
                            "the generator's loss is %s at epoch %d, batch %d: lower the generator's learning rate (now"
                                    + " %s)",
                            loss,
                            batch.epoch(),
                            batch.index(),
                            generatorAdam.learningRate()),
                    batch.epoch());
        }
        generator.backward(critic.backward(g, false, true));
        generator.settleGrad();
        generatorAdam.stepKeepingGrad(generator.parameters());
        lastGeneratorLoss = loss;
        generatorSum += loss;
        generatorSteps++;
    }

    /**
     * Per epoch: {@code wasserstein}, the critic's weighted mean D(x̃, y) − D(x, y) over the training rows (its loss
     * without the penalty; the validation loss reports the same on the validation rows), {@code penalty}, the
     * weighted gradient penalty (the training loss is their sum), and {@code generator}, the mean generator loss
     * mean(−wᵢ·D(G(z, yᵢ), yᵢ)) over the epoch's generator steps (NaN in an epoch without one).
     */
    @Override
    public Map<String, Double> epochMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("wasserstein", criticRows == 0 ? Double.NaN : wassersteinSum / criticRows);
        m.put("penalty", criticRows == 0 ? Double.NaN : penaltySum / criticRows);
        m.put("generator", generatorSteps == 0 ? Double.NaN : generatorSum / generatorSteps);
        wassersteinSum = 0;
        penaltySum = 0;
        criticRows = 0;
        generatorSum = 0;
        generatorSteps = 0;
        return m;
    }

    @Override
    public String status() {
        return String.format(Locale.ROOT, "gen=%.4g", lastGeneratorLoss);
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        List<Param> ps = generator.parameters();
        for (int i = 0; i < ps.size(); i++) s.put("generator." + i, ps.get(i).value());
        s.putAll(generatorAdam.state(ps, "generator_adam."));
        return s;
    }

    @Override
    public void restoreState(Map<String, INDArray> state) {
        List<Param> ps = generator.parameters();
        for (int i = 0; i < ps.size(); i++) {
            INDArray v = state.get("generator." + i);
            if (v != null) ps.get(i).value().assign(v);
        }
        generatorAdam.restore(ps, "generator_adam.", state);
    }

    private static double[] weights(Batch batch, int b) {
        INDArray w = batch.weights(0);
        if (w == null) {
            double[] ones = new double[b];
            Arrays.fill(ones, 1.0);
            return ones;
        }
        return Tensors.columnMajor(w.reshape(b, 1));
    }

    /**
     * In place: each one-hot position x (column-major B × L·K) → a relaxed one-hot draw at {@code temperature} from
     * p = keep·x + (1 − keep)/K (design-baselines' {@code disc_noise}).
     */
    private void softenOneHot(double[] x, int b, double temperature, SplittableRandom rng) {
        double[] u = new double[classes];
        for (int i = 0; i < b; i++) {
            for (int p = 0; p < positions; p++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    int at = (p * classes + k) * b + i;
                    double prob = keep * x[at] + (1 - keep) / classes;
                    double gumbel = -Math.log(-Math.log(ConditionalGenerator.uniformOpen(rng)));
                    u[k] = (Math.log(prob) + gumbel) / temperature;
                    max = Math.max(max, u[k]);
                }
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    u[k] = Math.exp(u[k] - max);
                    sum += u[k];
                }
                for (int k = 0; k < classes; k++) x[(p * classes + k) * b + i] = u[k] / sum;
            }
        }
    }

    /** A seed for the draws of one batch: SplitMix64's finaliser over (seed, epoch, index). */
    static long streamSeed(long seed, int epoch, int index) {
        long z = seed;
        z = mix(z + 0x9E3779B97F4A7C15L * (epoch + 1L));
        z = mix(z + 0xBF58476D1CE4E5B9L * (index + 2L));
        return z;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Settings of the loss; defaults are MINs' TFBind8 values (design_baselines/mins/experiments.py 419-459). */
    public static final class Builder {
        private final ConditionalGenerator generator;
        private double generatorLr = 2e-4;
        private double generatorBeta1 = 0.0;
        private double generatorBeta2 = 0.9;
        private double penaltyWeight = 10.0;
        private int criticFrequency = 10;
        private int batchesPerEpoch = 0;
        private double startTemperature = 5.0;
        private double finalTemperature = 1.0;
        private int epochs = 1;
        private double keep = 0.99;
        private int positions;
        private int classes;
        private long seed;

        private Builder(ConditionalGenerator generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
        }

        /** The generator's Adam (default 2e-4, β₁ 0.0, β₂ 0.9). */
        public Builder generatorAdam(double lr, double beta1, double beta2) {
            new Adam(lr, beta1, beta2, Adam.TF_EPSILON); // validates
            generatorLr = lr;
            generatorBeta1 = beta1;
            generatorBeta2 = beta2;
            return this;
        }

        /** λ of the gradient penalty (default 10). */
        public Builder penaltyWeight(double l) {
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("penalty weight must be ≥ 0, got " + l);
            }
            penaltyWeight = l;
            return this;
        }

        /** One generator step per this many critic steps (default 10). */
        public Builder criticFrequency(int f) {
            if (f < 1) throw new IllegalArgumentException("critic frequency must be ≥ 1, got " + f);
            criticFrequency = f;
            return this;
        }

        /**
         * Count critic steps over the whole fit, not per epoch, for the generator's cadence: the fit has
         * {@code batchesPerEpoch} batches in every epoch (the trainer's ⌈training rows / batch size⌉). Default: per
         * epoch, the authors' count.
         */
        public Builder countAcrossEpochs(int batchesPerEpoch) {
            if (batchesPerEpoch < 1) {
                throw new IllegalArgumentException("batches per epoch must be ≥ 1, got " + batchesPerEpoch);
            }
            this.batchesPerEpoch = batchesPerEpoch;
            return this;
        }

        /** Gumbel-softmax temperatures of the first and last epoch of {@code epochs} (default 5 → 1 over 1). */
        public Builder temperatures(double start, double end, int epochs) {
            if (!(start > 0) || !(end > 0)) {
                throw new IllegalArgumentException("temperatures must be > 0, got " + start + ", " + end);
            }
            if (epochs < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
            startTemperature = start;
            finalTemperature = end;
            this.epochs = epochs;
            return this;
        }

        /**
         * Real sequences are one-hot rows of {@code positions} × {@code classes}, softened with {@code keep} (default
         * 0.99) before the critic sees them; without this call real rows are used as they are (boxes).
         */
        public Builder oneHot(int positions, int classes, double keep) {
            if (!(keep > 0 && keep <= 1)) throw new IllegalArgumentException("keep must be in (0, 1], got " + keep);
            if (positions * classes != generator.outputSize()) {
                throw new IllegalArgumentException(positions + " × " + classes + " one-hot values, but the generator "
                        + "makes " + generator.outputSize());
            }
            this.positions = positions;
            this.classes = classes;
            this.keep = keep;
            return this;
        }

        /** Seed of every draw (latents, Gumbel noise, interpolation weights). */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public WassersteinGanLoss build() {
            return new WassersteinGanLoss(this);
        }
    }
}
