package org.mbo4j.nn;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GradNorm's task weights (Chen, Badrinarayanan, Lee, Rabinovich, ICML 2018) as Off-MOO-Bench updates them
 * ({@code End2EndGradNormTrainer}, {@code off_moo_baselines/end2end/trainer.py} 178–303, and
 * {@code MultiHeadGradNormTrainer}, {@code multi_head/trainer.py} 182–307, of {@code lamda-bbo/offline-moo} at
 * a960f6f). The network trains on Σᵢ wᵢ Lᵢ; after each batch, with Gᵢ = ‖∂Lᵢ/∂W‖ for one chosen weight matrix W
 * (the caller's choice: the trainers take the last layer's), this class
 * <ol>
 *   <li>takes the loss ratios Lᵢ/Lᵢ⁽⁰⁾ against the first batch's losses, and rᵢ = ratioᵢ / mean(ratio);</li>
 *   <li>sets gwᵢ = wᵢ Gᵢ and targets cᵢ = mean(gw)·rᵢ^α (treated as constants);</li>
 *   <li>differentiates the GradNorm loss s·Σᵢ |gwᵢ − cᵢ| by the weights only: s·sign(gwᵢ − cᵢ)·Gᵢ (s is the data
 *   pruning factor 1/0.2 when the data are pruned, L260–261, which only matters against Adam's ε);</li>
 *   <li>takes one step of a <em>fresh</em> Adam (β 0.9, 0.999, ε 1e-8): the trainers build a new
 *   {@code torch.optim.Adam} after every step (L272–274), so each step is Adam's first, wᵢ −= lr·gᵢ/(|gᵢ| + ε);</li>
 *   <li>renormalises: w ← w / Σw · m (L272; T = Σ of the initial ones).</li>
 * </ol>
 * The learning rate: the rebuilt optimiser starts from {@code config["weight_lr"]} every step, and the decay at the
 * end of an epoch (L297–299) reaches only the optimiser that takes the next epoch's first step, so epoch e's first
 * step uses lr·decay^(e−1) and every other step lr ({@link #learningRate}).
 *
 * <p>The trainers also call {@code backward} on the GradNorm loss, built with {@code create_graph=True}, without
 * zeroing the network's gradients, so its gradient with respect to the network's parameters is added to the network's
 * before its step (L242–270). {@link #step} returns that term's factors; {@link GradNormCurvature} computes it (Chen
 * et al. differentiate the GradNorm loss by the weights alone, which is what one gets by not adding it).
 *
 * <p>Not thread-safe; {@link #state} and {@link #restoreState} carry the weights and the first losses through a
 * training checkpoint.
 */
public final class GradNorm {
    /** PyTorch's Adam ε. */
    private static final double EPSILON = 1e-8;

    private final int tasks;
    private final double alpha;
    private final double learningRate;
    private final double learningRateDecay;
    private final double lossScale;
    private double[] weights;
    private double[] firstLosses;
    private double lastLoss = Double.NaN;

    /**
     * @param tasks             number of tasks m (the weights start at 1 each)
     * @param alpha             the asymmetry α (Off-MOO-Bench: 0.12, {@code gradient_alpha})
     * @param learningRate      the weights' Adam learning rate (5e-4, {@code weight_lr})
     * @param learningRateDecay per epoch (0.99, {@code weight_lr_decay}); see {@link #learningRate}
     * @param lossScale         factor on the GradNorm loss (1/{@code data_preserved_ratio} with data pruning, else 1)
     */
    public GradNorm(int tasks, double alpha, double learningRate, double learningRateDecay, double lossScale) {
        if (tasks < 1) throw new IllegalArgumentException("GradNorm needs at least one task, got " + tasks);
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("GradNorm's alpha must be a number ≥ 0, got " + alpha);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("GradNorm's weight learning rate must be positive, got " + learningRate);
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException(
                    "GradNorm's weight learning-rate decay must be in (0, 1], got " + learningRateDecay);
        }
        if (!(lossScale > 0) || Double.isInfinite(lossScale)) {
            throw new IllegalArgumentException("GradNorm's loss scale must be positive, got " + lossScale);
        }
        this.tasks = tasks;
        this.alpha = alpha;
        this.learningRate = learningRate;
        this.learningRateDecay = learningRateDecay;
        this.lossScale = lossScale;
        this.weights = new double[tasks];
        Arrays.fill(weights, 1.0);
    }

    /** The current task weights (a copy); they sum to m. */
    public double[] weights() {
        return weights.clone();
    }

    /** The GradNorm loss s·Σ|gwᵢ − cᵢ| of the last {@link #step} (NaN before the first). */
    public double lastLoss() {
        return lastLoss;
    }

    /** The weights' learning rate at batch {@code index} (from 0) of epoch {@code epoch} (from 1); see above. */
    public double learningRate(int epoch, int index) {
        return index == 0 && epoch > 1 ? learningRate * Math.pow(learningRateDecay, epoch - 1) : learningRate;
    }

    /**
     * One update of the weights from a batch's task losses Lᵢ and the norms Gᵢ = ‖∂Lᵢ/∂W‖ of the <em>unweighted</em>
     * losses' gradients (computed with the weights before this step). The first call's losses become L⁽⁰⁾.
     *
     * @param lr the step's learning rate ({@link #learningRate(int, int)})
     * @return ∂(GradNorm loss)/∂nᵢ = s·sign(gwᵢ − cᵢ)·|wᵢ| at the weights before the step: the factors of the
     *     network's share of the loss, Σᵢ (that)·∂nᵢ/∂θ, which Off-MOO-Bench's trainers add to the network's gradient
     *     ({@link GradNormCurvature})
     */
    public double[] step(double[] losses, double[] norms, double lr) {
        if (losses.length != tasks || norms.length != tasks) {
            throw new IllegalArgumentException("GradNorm has " + tasks + " tasks but got " + losses.length
                    + " losses and " + norms.length + " gradient norms");
        }
        if (firstLosses == null) firstLosses = losses.clone();
        double[] ratio = new double[tasks];
        double meanRatio = 0;
        for (int i = 0; i < tasks; i++) {
            ratio[i] = losses[i] / firstLosses[i];
            meanRatio += ratio[i] / tasks;
        }
        double[] gw = new double[tasks];
        double meanGw = 0;
        for (int i = 0; i < tasks; i++) {
            gw[i] = Math.abs(weights[i]) * norms[i];
            meanGw += gw[i] / tasks;
        }
        double loss = 0;
        double sum = 0;
        double[] byNorm = new double[tasks];
        for (int i = 0; i < tasks; i++) {
            double target = meanGw * Math.pow(ratio[i] / meanRatio, alpha);
            loss += Math.abs(gw[i] - target);
            byNorm[i] = lossScale * Math.signum(gw[i] - target) * Math.abs(weights[i]);
            double g = lossScale * Math.signum(gw[i] - target) * Math.signum(weights[i]) * norms[i];
            weights[i] -= lr * g / (Math.abs(g) + EPSILON); // Adam's first step: m̂ = g, v̂ = g²
            sum += weights[i];
        }
        lastLoss = lossScale * loss;
        for (int i = 0; i < tasks; i++) weights[i] = weights[i] / sum * tasks;
        return byNorm;
    }

    /** The weights and the first losses, for a checkpoint (empty before the first step). */
    public Map<String, INDArray> state() {
        if (firstLosses == null) return Map.of();
        return Map.of(
                "gradnorm.weights", Nd4j.createFromArray(weights.clone()).castTo(DataType.DOUBLE),
                "gradnorm.l0", Nd4j.createFromArray(firstLosses.clone()).castTo(DataType.DOUBLE));
    }

    /** Takes back what {@link #state} returned. */
    public void restoreState(Map<String, INDArray> state) {
        INDArray w = state.get("gradnorm.weights");
        INDArray l0 = state.get("gradnorm.l0");
        if (w == null || l0 == null) return;
        weights = w.toDoubleVector();
        firstLosses = l0.toDoubleVector();
    }
}
