package org.mbo4j.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sinusoidal embedding of scalars (diffusion times, or RGD's scores) that Diffuser ({@code helpers.py}
 * {@code SinusoidalPosEmb}) and RGD ({@code nets.py} 65-88, after Ho et al.'s {@code diffusion_tf}) share: for an even
 * width w, component i &lt; w/2 is sin(v·fᵢ) and component w/2 + i is cos(v·fᵢ), with fᵢ = exp(−i·ln(10000)/(w/2 − 1)).
 * Computed in double and stored in the requested type.
 */
final class SinusoidalEmbedding {
    private SinusoidalEmbedding() {}

    /** The embeddings as the columns of a w × B F-order matrix (token-major, as {@link Linear} takes them). */
    static INDArray columns(double[] v, int width, DataType type) {
        int half = width / 2;
        double scale = Math.log(10000) / (half - 1);
        INDArray e = Nd4j.create(type, new long[] {width, v.length}, 'f');
        Host h = Host.of(e);
        for (int b = 0; b < v.length; b++) {
            for (int i = 0; i < half; i++) {
                double a = v[b] * Math.exp(-i * scale);
                h.set(b * width + i, Math.sin(a));
                h.set(b * width + half + i, Math.cos(a));
            }
        }
        return e;
    }

    /** The embeddings as the rows of a B × w F-order matrix (as {@link Mlp} takes them). */
    static INDArray rows(double[] v, int width, DataType type) {
        return columns(v, width, type).transpose().dup('f');
    }
}
