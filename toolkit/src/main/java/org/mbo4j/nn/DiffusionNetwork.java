package org.mbo4j.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A conditional network n(x, t, y) over ℝᴰ that a {@link Diffusion} trains and samples: DDOM's {@link Denoiser} (a
 * plug-in reverse drift) or RGD's {@link EmbeddingDenoiser} (a score). y = 0 is the unconditional input of
 * classifier-free guidance. Not thread-safe.
 */
public interface DiffusionNetwork extends Module {
    /** D, the width of x. */
    int dims();

    DataType dataType();

    /**
     * n(x, t, y) for rows x (B × D), one time and one condition per row; returns the network's B × D buffer (F-order,
     * valid until the next forward pass).
     */
    INDArray forward(double[][] x, double[] t, double[] y);

    /**
     * Adds the weight gradients of dLoss/dn {@code dn} (B × D) for the last forward batch; returns a B × D′ buffer
     * (D′ ≥ D, F-order) whose first D columns are dLoss/dx.
     */
    INDArray backward(INDArray dn);

    /** {@link #forward} as Java rows, the {@link Diffusion.Drift} of a trained network. */
    default double[][] drift(double[][] x, double[] t, double[] y) {
        return Tensors.rows(forward(x, t, y));
    }
}
