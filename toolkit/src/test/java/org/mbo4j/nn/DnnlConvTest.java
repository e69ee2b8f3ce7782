package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * oneDNN's direct convolutions ({@link DnnlConv}) against {@link Conv1d}'s tap GEMMs in float32: outputs, input
 * gradients and accumulated weight and bias gradients over two batches, for the U-Net's kinds of layer (kernel 5
 * with padding 2, the stride-2 downsampling, the stride-2 transpose, the 1 × 1 residual) and odd lengths and channel
 * counts.
 */
class DnnlConvTest {

    @Test
    void directConvolutionsAgreeWithTheTapGemms() {
        int[][] cases = { // in, out, kernel, stride, padding, transposed, batch, length
            {8, 16, 5, 1, 2, 0, 6, 13},
            {16, 16, 3, 2, 1, 0, 5, 9},
            {16, 16, 4, 2, 1, 1, 5, 7},
            {24, 8, 1, 1, 0, 0, 4, 10},
            {5, 7, 4, 2, 1, 1, 3, 5},
        };
        for (int[] c : cases) {
            boolean transposed = c[5] == 1;
            Conv1d taps = layer(c, transposed).direct(false);
            Conv1d direct = layer(c, transposed).direct(true);
            SplittableRandom rng = new SplittableRandom(c[0] * 31L + c[2]);
            String what = (transposed ? "transpose " : "convolution ") + java.util.Arrays.toString(c);
            for (int round = 0; round < 2; round++) {
                int batch = c[6] - round, length = c[7] + round; // a second shape: new primitives, accumulated grads
                double[] x = random(rng, c[0] * batch * length);
                double[] want = taps.forward(x, batch, length).clone();
                double[] got = direct.forward(x, batch, length);
                System.out.println("oneDNN " + what + ": " + direct.directImplementations());
                int ho = taps.outputLength(length);
                close(want, got, c[1] * batch * ho, what + " round " + round + " output");
                double[] dy = random(rng, c[1] * batch * ho);
                double[] dxWant = taps.backward(dy, true).clone();
                double[] dxGot = direct.backward(dy, true);
                close(dxWant, dxGot, c[0] * batch * length, what + " round " + round + " input gradient");
                close(
                        Tensors.columnMajor(taps.weight().grad()),
                        Tensors.columnMajor(direct.weight().grad()),
                        (int) taps.weight().grad().length(),
                        what + " round " + round + " weight gradient");
                double[] bt = Tensors.columnMajor(taps.bias().grad());
                double[] bd = Tensors.columnMajor(direct.bias().grad());
                for (int i = 0; i < bt.length; i++) assertEquals(bt[i], bd[i], 0, what + " bias gradient " + i);
            }
        }
    }

    @Test
    void float64LayersKeepTheGemms() {
        Conv1d c = new Conv1d("c", 2, 2, 3, 1, 1, false, DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.direct(true));
        assertEquals("oneDNN's convolutions are used for float32 layers only", e.getMessage());
    }

    private static Conv1d layer(int[] c, boolean transposed) {
        Conv1d layer = new Conv1d("c", c[0], c[1], c[2], c[3], c[4], transposed, DataType.FLOAT)
                .initTorchDefault(new SplittableRandom(9));
        layer.bias().value().assign(0.25); // a bias, so that the forward adds it
        layer.zeroGrad();
        return layer;
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextDouble(-1, 1);
        return v;
    }

    /** Equal to float32 rounding of sums of a few hundred terms: 1e-5 relative to the largest magnitude. */
    private static void close(double[] want, double[] got, int n, String what) {
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.max(scale, Math.abs(want[i]));
        for (int i = 0; i < n; i++) assertEquals(want[i], got[i], 1e-5 * Math.max(1, scale), what + " at " + i);
    }
}
