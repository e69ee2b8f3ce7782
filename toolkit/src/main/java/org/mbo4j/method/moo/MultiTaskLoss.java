package org.mbo4j.method.moo;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.GradNorm;
import org.mbo4j.nn.GradNormCurvature;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.PcGrad;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.TrainingLoss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The multi-task training of Off-MOO-Bench's {@code mh} and {@code e2e} proxies with GradNorm or PcGrad
 * ({@code off_moo_baselines/end2end/trainer.py} 178–362 and {@code multi_head/trainer.py} 182–366 of
 * {@code lamda-bbo/offline-moo} at a960f6f): the task losses are the per-objective mean squared errors over the batch,
 * Lᵢ = mean_rows (ŷᵢ − yᵢ)², and each task's gradient comes from its own backward pass through the network.
 * <ul>
 *   <li>GradNorm: the network's gradient is Σᵢ wᵢ ∂Lᵢ/∂θ with the current {@link GradNorm} weights, which are then
 *   updated from the norms nᵢ = ‖∂Lᵢ/∂W‖ of one layer's weight matrix W: the output layer for {@code e2e}
 *   ({@code forward_model.layers[-1]}, {@code end2end/trainer.py} 185) and the trunk's last layer for {@code mh}
 *   ({@code feature_extractor.layers[-1]}, {@code multi_head/trainer.py} 189). With the second-order term (the
 *   default, as the trainers back-propagate the GradNorm loss into the network too, L241–270) the network's gradient
 *   also gets s·Σᵢ sign(|wᵢ|nᵢ − cᵢ)·|wᵢ|·∂nᵢ/∂θ ({@link GradNormCurvature}); without it, it is Chen et al.'s.</li>
 *   <li>PcGrad: the tasks' gradients of s·Lᵢ (s = 1/{@code data_preserved_ratio} with data pruning, L343–344) go
 *   through {@link PcGrad}; shared are all entries for {@code e2e} (every task reaches every parameter tensor) and the
 *   trunk's for {@code mh} (head j is its own tensor, reached by task j only), so the heads' merged gradient is a sum
 *   and the trunk's a mean. The task order is drawn from a generator seeded by the seed, the epoch and the batch.</li>
 * </ul>
 * The value returned for progress and validation is the plain loss, Σ_rows mean_objectives (ŷ − y)² per row.
 */
final class MultiTaskLoss implements TrainingLoss<Regressor> {
    private final Mlp net;
    private final int normLayer;
    private final GradNorm gradNorm;
    private final boolean[] shared;
    private final double scale;
    private final long seed;
    private final GradNormCurvature curvature;

    private MultiTaskLoss(
            Mlp net, int normLayer, GradNorm gradNorm, boolean secondOrder, boolean[] shared, double scale, long seed) {
        this.net = net;
        this.normLayer = normLayer;
        this.gradNorm = gradNorm;
        this.curvature = secondOrder ? new GradNormCurvature(net, normLayer) : null;
        this.shared = shared;
        this.scale = scale;
        this.seed = seed;
    }

    /**
     * GradNorm on {@code net} (the model's network: the model itself, or inside {@link LeakyOutput} for {@code mh}),
     * norms taken on layer {@code normLayer}'s weights; {@code secondOrder}: the network's gradient also gets the
     * GradNorm loss's (Off-MOO-Bench's trainers), else only Σᵢ wᵢ ∂Lᵢ/∂θ (Chen et al.).
     */
    static MultiTaskLoss gradNorm(Mlp net, int normLayer, GradNorm weights, boolean secondOrder) {
        if (normLayer < 0 || normLayer >= net.layers()) {
            throw new IllegalArgumentException(
                    "GradNorm's layer " + normLayer + " is not one of the network's " + net.layers() + " layers");
        }
        return new MultiTaskLoss(net, normLayer, weights, secondOrder, null, 1, 0);
    }

    /**
     * PcGrad on {@code net}; {@code headsApart}: the output layer holds separate heads (not shared), else every
     * parameter is shared; task losses scaled by {@code scale}.
     */
    static MultiTaskLoss pcGrad(Mlp net, boolean headsApart, double scale, long seed) {
        int n = (int) net.parameterCount();
        boolean[] shared = new boolean[n];
        int[] sizes = net.sizes();
        int last = (sizes[sizes.length - 2] + 1) * sizes[sizes.length - 1]; // [W; b] of the output layer, last
        Arrays.fill(shared, 0, headsApart ? n - last : n, true);
        return new MultiTaskLoss(net, -1, null, false, shared, scale, seed);
    }

    /** The GradNorm weights (null for PcGrad). */
    GradNorm weights() {
        return gradNorm;
    }

    @Override
    public double lossAndGradients(Regressor model, Batch batch) {
        INDArray pred = model.forward(batch.x());
        double[][] p = Tensors.rows(pred);
        double[][] t = Tensors.rows(batch.y());
        int rows = p.length;
        int m = p[0].length;
        double[][] residual = new double[rows][m];
        double[] taskLoss = new double[m];
        double plain = 0;
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < m; j++) {
                double r = p[b][j] - t[b][j];
                residual[b][j] = r;
                taskLoss[j] += r * r / rows;
                plain += r * r / m;
            }
        }
        Param flat = net.parameters().get(0);
        double[] norms = new double[m];
        double[][] taskGrads = gradNorm == null ? new double[m][] : null;
        INDArray sum = gradNorm == null
                ? null
                : Nd4j.zeros(flat.grad().dataType(), flat.grad().length());
        double[] w = gradNorm == null ? null : gradNorm.weights();
        for (int j = 0; j < m; j++) {
            double[][] d = new double[rows][m];
            double f = (gradNorm == null ? scale : 1) * 2.0 / rows; // ∂(s·Lⱼ)/∂ŷ
            for (int b = 0; b < rows; b++) d[b][j] = f * residual[b][j];
            model.zeroGrad();
            model.backward(Tensors.matrix(d, pred.dataType()), true, false);
            if (curvature != null) {
                double[] h = model instanceof LeakyOutput lo ? lo.slopes(j) : new double[rows];
                for (int b = 0; b < rows; b++) h[b] = model instanceof LeakyOutput ? f * h[b] * h[b] : f;
                norms[j] = curvature.record(j, h);
                sum.addi(net.parameters().get(0).grad().reshape(sum.shape()).mul(w[j]));
            } else if (gradNorm != null) {
                norms[j] = net.weightGrad(normLayer).norm2Number().doubleValue();
                sum.addi(net.parameters().get(0).grad().reshape(sum.shape()).mul(w[j]));
            } else {
                taskGrads[j] = net.parameters().get(0).grad().toDoubleVector();
            }
        }
        INDArray grad = net.parameters().get(0).grad();
        if (gradNorm != null) {
            grad.assign(sum.reshape(grad.shape()));
            double[] byNorm = gradNorm.step(taskLoss, norms, gradNorm.learningRate(batch.epoch(), batch.index()));
            if (curvature != null) curvature.addGradient(byNorm);
        } else {
            SplittableRandom rng = new SplittableRandom(
                    seed ^ (0x9E3779B97F4A7C15L * (((long) batch.epoch() << 32) | (batch.index() & 0xffffffffL))));
            double[] merged = PcGrad.combine(taskGrads, shared, rng);
            grad.assign(Nd4j.createFromArray(merged).castTo(grad.dataType()).reshape(grad.shape()));
        }
        return plain / rows;
    }

    @Override
    public double loss(Regressor model, Batch batch) {
        return DnnProxies.LOSS.loss(model, batch);
    }

    @Override
    public String status() {
        if (gradNorm == null) return "";
        StringBuilder sb = new StringBuilder("w=");
        double[] w = gradNorm.weights();
        for (int j = 0; j < w.length; j++)
            sb.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", w[j]));
        return sb.toString();
    }

    @Override
    public Map<String, INDArray> state() {
        return gradNorm == null ? Map.of() : gradNorm.state();
    }

    @Override
    public void restoreState(Map<String, INDArray> state) {
        if (gradNorm != null) gradNorm.restoreState(state);
    }
}
