package org.mbo4j.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Many input-gradient ascent steps through a float32 ReLU {@link Mlp}, with the backward GEMM of its last hidden
 * layer updated instead of recomputed. For a scalar objective f̂ₒ the gradient w.r.t. the activations a of the layer
 * below the last hidden one is D = M·V, where M (B × n, 0/1) marks the last hidden layer's active units and
 * V = (W diag(w_o))ᵀ (n × n′) holds that layer's weights scaled by the objective's output weights. The first step
 * computes D with one GEMM; each later step adds ±V[j] to row s of D only for the units (s, j) that switched on or
 * off, and recomputes D with the GEMM when more than 1/{@value #DENSE_FRACTION} of M changed.
 *
 * <p>Why: in COMs' 50 inner ascent steps per training batch few units switch between steps, so the backward GEMM
 * through the last hidden layer becomes a few row additions per step; the forward GEMM stays. How few switch and
 * what it saves are in docs/methods/coms.md and docs/performance.md.
 *
 * <p>Results: the same maths as {@link Mlp#inputGradientView} with the sums taken in another order, so designs
 * differ from the view's by float32 rounding that grows step by step; a design that passes close to a unit's
 * switching point can take the other side of it, after which the two paths part. Same inputs give bit-identical
 * designs.
 */
final class ReluAscent {
    /**
     * Above 1/{@code DENSE_FRACTION} of the mask changed, D is recomputed with the GEMM. Chosen, not tuned: for
     * 128 × 2048 units that is 8,192 row additions of 2,048 floats, still cheaper than the GEMM (docs/performance.md).
     */
    static final int DENSE_FRACTION = 32;

    private ReluAscent() {}

    /** Whether {@link #ascend} serves {@code model} and {@code x}: a float32 ReLU Mlp with a hidden layer. */
    static boolean supports(Regressor model, INDArray x) {
        return model instanceof Mlp m
                && m.layers() >= 2
                && m.activation().isRelu()
                && m.dataType() == DataType.FLOAT
                && x.dataType() == DataType.FLOAT
                && Tensors.hostContiguous(x)
                && x.rows() * Math.max(m.sizes()[m.layers() - 1], m.sizes()[m.layers() - 2]) < Integer.MAX_VALUE;
    }

    /** What a call did: steps that recomputed D with the GEMM (the first always does), and single-row updates. */
    record Work(int denseSteps, long rowUpdates) {}

    /** Runs {@code steps} steps x ← x + lr·∇ₓ f̂ₒ(x) in place. */
    static Work ascend(Mlp model, INDArray x, int objective, double lr, int steps) {
        int layers = model.layers();
        int[] sizes = model.sizes();
        int rows = (int) x.rows();
        int n = sizes[layers - 1]; // last hidden layer
        int below = sizes[layers - 2]; // the layer D is the gradient of (the input when there is one hidden layer)
        INDArray[] transposed = model.transposedWeights(layers - 2);
        INDArray wOut = model.weight(layers - 1).getColumn(objective).dup().reshape(1, n);
        INDArray scaled = Nd4j.create(DataType.FLOAT, new long[] {below, n}, 'f'); // W diag(w_o) = Vᵀ
        scaled.assign(model.weight(layers - 2));
        scaled.muliRowVector(wOut);
        float[] v = scaled.data().asFloat(); // column j of Vᵀ = row j of V, contiguous
        INDArray vMatrix = Nd4j.create(DataType.FLOAT, new long[] {n, below}, 'f');
        vMatrix.assign(scaled.transpose()); // untransposed operand for the GEMM (column-major, as Gemm needs)
        INDArray mask = Nd4j.create(DataType.FLOAT, new long[] {rows, n}, 'f');
        float[] d = new float[rows * below]; // D, row-major (a row per design)
        float[] dCol = new float[rows * below]; // D, column-major (the workspace's layout)
        boolean[] on = new boolean[rows * n]; // column-major, as the activations
        int[] flips = new int[on.length / DENSE_FRACTION];
        int dense = 0;
        long updates = 0;
        for (int t = 0; t < steps; t++) {
            model.forward(x);
            FloatBuffer a = Tensors.hostBytes(model.lastActivations(layers - 1)).asFloatBuffer();
            INDArray gradA = model.lastGradient(layers - 2);
            int changed = 0;
            if (t > 0) {
                for (int i = 0; i < on.length && changed <= flips.length; i++) {
                    if ((a.get(i) > 0) != on[i]) {
                        if (changed < flips.length) flips[changed] = i;
                        changed++;
                    }
                }
            }
            if (t == 0 || changed > flips.length) {
                FloatBuffer m = Tensors.hostBytes(mask).asFloatBuffer();
                for (int i = 0; i < on.length; i++) {
                    on[i] = a.get(i) > 0;
                    m.put(i, on[i] ? 1f : 0f);
                }
                Gemm.gemm(mask, vMatrix, gradA, false, false, 1.0, 0.0);
                if (t + 1 < steps) {
                    Tensors.hostBytes(gradA).asFloatBuffer().get(dCol);
                    transpose(dCol, d, below, rows); // below × rows column-major = rows × below row-major
                }
                dense++;
            } else {
                for (int c = 0; c < changed; c++) {
                    int i = flips[c];
                    on[i] = !on[i];
                    addRow(d, (i % rows) * below, v, (i / rows) * below, below, on[i] ? 1f : -1f);
                }
                updates += changed;
                transpose(d, dCol, rows, below);
                Tensors.hostBytes(gradA).asFloatBuffer().put(dCol);
            }
            InputAscent.axpy(lr, model.inputGradientBelow(layers - 2, transposed), x);
        }
        return new Work(dense, updates);
    }

    /** dst (cols × rows, row-major) ← src (rows × cols, row-major), in cache-sized tiles. */
    private static void transpose(float[] src, float[] dst, int rows, int cols) {
        final int tile = 32;
        for (int i0 = 0; i0 < rows; i0 += tile) {
            int i1 = Math.min(rows, i0 + tile);
            for (int j0 = 0; j0 < cols; j0 += tile) {
                int j1 = Math.min(cols, j0 + tile);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) dst[j * rows + i] = src[i * cols + j];
                }
            }
        }
    }

    /** d[dOff … dOff + len) += sign·v[vOff … vOff + len). */
    private static void addRow(float[] d, int dOff, float[] v, int vOff, int len, float sign) {
        for (int k = 0; k < len; k++) d[dOff + k] += sign * v[vOff + k];
    }
}
