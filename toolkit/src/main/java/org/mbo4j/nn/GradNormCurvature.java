package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The network's share of GradNorm's loss as Off-MOO-Bench's trainers differentiate it: they build the norms
 * nⱼ = ‖∂Lⱼ/∂W‖ of one layer's weight matrix W with {@code create_graph=True} and back-propagate the GradNorm loss
 * into the network's parameters too ({@code off_moo_baselines/end2end/trainer.py} 241–270,
 * {@code multi_head/trainer.py} 245–274 of {@code lamda-bbo/offline-moo} at a960f6f), so the network's gradient gets
 * Σⱼ cⱼ·∂nⱼ/∂θ with cⱼ = s·sign(|wⱼ|nⱼ − targetⱼ)·|wⱼ| ({@link GradNorm#step}). This class computes that term for an
 * {@link Mlp} with piecewise-linear hidden units without double back-propagation.
 *
 * <p>For layer k with input activations aₖ (B × nₖ) and the task's backward signal δ = ∂Lⱼ/∂zₖ₊₁, Mⱼ = aₖᵀδ and,
 * with Uⱼ = Mⱼ/nⱼ, dnⱼ = ⟨daₖ, δUⱼᵀ⟩ + ⟨dδ, aₖUⱼ⟩. The first term is a gradient at aₖ, back-propagated through the
 * layers below. For the second, δ is the output signal of task j carried down through layers above k with the slopes
 * held fixed (they are piecewise constant), so ⟨δ, P⟩ (P = aₖUⱼ) equals ⟨δz_out, T⟩ where T is P carried forward
 * through those layers as a tangent (Ṫ = (s ⊙ T)·Wₗ, no biases). Differentiating ⟨δz_out, T⟩ gives (i) the weight
 * gradients (s ⊙ T)ᵀ·δzₗ₊₁ of the layers above k, and (ii) an output gradient hⱼ ⊙ T[:, j], where hⱼ = ∂δz_out/∂z_out
 * is the diagonal curvature of task j's per-element loss (2/B for a mean squared error on a linear output,
 * (2/B)·s_out² through an output LeakyReLU). All terms of all tasks go through one more backward pass.
 *
 * <p>Use, per batch: forward; for each task j: zero the gradients, back-propagate task j's unweighted output gradient
 * and call {@link #record}; then, with the coefficients, {@link #addGradient} adds Σⱼ cⱼ∂nⱼ/∂θ to the gradients.
 * Tested against finite differences in {@code GradNormCurvatureTest}. Not thread-safe.
 */
public final class GradNormCurvature {
    private final Mlp net;
    private final int layer;
    private final int tasks;
    private final INDArray[] belowGradient;
    private final double[][] outputGradient;
    private final List<List<INDArray>> aboveWeightGradients = new ArrayList<>();
    private long batch = -1;

    /**
     * @param net   the network (its hidden activation piecewise linear: ReLU or LeakyReLU)
     * @param layer the layer k whose weight matrix's gradient norms GradNorm takes
     */
    public GradNormCurvature(Mlp net, int layer) {
        if (!net.activation().piecewiseLinear()) {
            throw new IllegalArgumentException("GradNorm's second-order term is implemented for piecewise-linear "
                    + "hidden units (ReLU, LeakyReLU), not " + net.activation());
        }
        if (layer < 0 || layer >= net.layers()) {
            throw new IllegalArgumentException(
                    "GradNorm's layer " + layer + " is not one of the network's " + net.layers() + " layers");
        }
        this.net = net;
        this.layer = layer;
        this.tasks = net.outputSize();
        this.belowGradient = new INDArray[tasks];
        this.outputGradient = new double[tasks][];
        for (int j = 0; j < tasks; j++) aboveWeightGradients.add(List.of());
    }

    /**
     * Records task j's pieces right after a backward of its output gradient alone, from zeroed gradients (so that
     * the layer's weight gradient is ∂Lⱼ/∂W), and returns nⱼ = ‖∂Lⱼ/∂W‖.
     *
     * @param task      j, the output column the task's loss reads
     * @param curvature ∂δz_out[b, j]/∂z_out[b, j] per row b of the batch (see the class comment)
     */
    public double record(int task, double[] curvature) {
        if (task < 0 || task >= tasks) {
            throw new IllegalArgumentException("task " + task + " out of range [0, " + tasks + ")");
        }
        INDArray a = net.lastActivations(layer);
        long rows = a.rows();
        if (curvature.length != rows) {
            throw new IllegalArgumentException(
                    "the curvature has " + curvature.length + " rows but the batch has " + rows);
        }
        if (batch != rows) {
            Arrays.fill(belowGradient, null);
            Arrays.fill(outputGradient, null);
            batch = rows;
        }
        DataType type = net.dataType();
        INDArray m = net.weightGrad(layer).dup('f');
        double norm = m.norm2Number().doubleValue();
        int layers = net.layers();
        if (!(norm > 0)) { // ‖·‖ is not differentiable at 0; PyTorch's subgradient there is 0
            belowGradient[task] = null;
            outputGradient[task] = new double[(int) rows];
            aboveWeightGradients.set(task, List.of());
            return norm;
        }
        INDArray u = m.divi(norm);
        if (layer > 0) {
            INDArray below = Nd4j.create(type, new long[] {rows, net.sizes()[layer]}, 'f');
            Gemm.gemm(net.lastSignal(layer + 1), u, below, false, true, 1.0, 0.0); // δ·Uᵀ
            belowGradient[task] = below;
        }
        INDArray t = Nd4j.create(type, new long[] {rows, net.sizes()[layer + 1]}, 'f');
        Gemm.gemm(a, u, t, false, false, 1.0, 0.0); // P = aₖ·U
        List<INDArray> above = new ArrayList<>();
        for (int l = layer + 1; l < layers; l++) {
            net.applySlopes(l, t); // ȧₗ = s ⊙ T
            INDArray g = Nd4j.create(type, new long[] {net.sizes()[l], net.sizes()[l + 1]}, 'f');
            Gemm.gemm(t, net.lastSignal(l + 1), g, true, false, 1.0, 0.0);
            above.add(g);
            INDArray next = Nd4j.create(type, new long[] {rows, net.sizes()[l + 1]}, 'f');
            Gemm.gemm(t, net.weight(l), next, false, false, 1.0, 0.0);
            t = next;
        }
        aboveWeightGradients.set(task, above);
        double[] out = new double[(int) rows];
        for (int b = 0; b < rows; b++) out[b] = curvature[b] * t.getDouble(b, task);
        outputGradient[task] = out;
        return norm;
    }

    /**
     * Adds Σⱼ cⱼ·∂nⱼ/∂θ to the network's gradients for the tasks {@link #record}ed on the current batch (one backward
     * pass, the network's last forward batch), then forgets them.
     *
     * @param coefficients cⱼ per task
     */
    public void addGradient(double[] coefficients) {
        if (coefficients.length != tasks) {
            throw new IllegalArgumentException(
                    "GradNorm has " + tasks + " tasks but got " + coefficients.length + " coefficients");
        }
        for (int j = 0; j < tasks; j++) {
            if (outputGradient[j] == null) {
                throw new IllegalStateException("task " + j + " was not recorded on this batch; call record first");
            }
        }
        DataType type = net.dataType();
        int rows = (int) batch;
        double[][] d = new double[rows][tasks];
        for (int j = 0; j < tasks; j++) {
            for (int b = 0; b < rows; b++) d[b][j] = coefficients[j] * outputGradient[j][b];
        }
        INDArray dPred = Tensors.matrix(d, type);
        net.settleGrad();
        if (layer > 0) {
            INDArray extra = Nd4j.zeros(type, rows, net.sizes()[layer]);
            for (int j = 0; j < tasks; j++) {
                if (belowGradient[j] != null) extra.addi(belowGradient[j].mul(coefficients[j]));
            }
            net.backwardWithActivationGradient(dPred, layer, extra);
        } else {
            net.backward(dPred, true, false);
        }
        for (int j = 0; j < tasks; j++) {
            List<INDArray> above = aboveWeightGradients.get(j);
            for (int i = 0; i < above.size(); i++) {
                net.weightGrad(layer + 1 + i).addi(above.get(i).mul(coefficients[j]));
            }
        }
        Arrays.fill(belowGradient, null);
        Arrays.fill(outputGradient, null);
        for (int j = 0; j < tasks; j++) aboveWeightGradients.set(j, List.of());
        batch = -1;
    }
}
