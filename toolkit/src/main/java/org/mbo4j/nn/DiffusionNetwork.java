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

    /** The checks every {@link #forward} makes: one t and one y per row of x, each row D wide (one-line errors). */
    static void checkRows(double[][] x, double[] t, double[] y, int dims) {
        int b = x.length;
        if (t.length != b || y.length != b) {
            throw new IllegalArgumentException(
                    "t and y must hold one value per row of x (" + b + "), got " + t.length + " and " + y.length);
        }
        for (int i = 0; i < b; i++) {
            if (x[i].length != dims) {
                throw new IllegalArgumentException(
                        "row " + i + " of x has " + x[i].length + " values, expected " + dims);
            }
        }
    }

    /** {@link #forward} as Java rows, the {@link Diffusion.Drift} of a trained network. */
    default double[][] drift(double[][] x, double[] t, double[] y) {
        return Tensors.rows(forward(x, t, y));
    }
}
