package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link GradNormCurvature}: Σⱼ cⱼ·∂nⱼ/∂θ, nⱼ = ‖∂Lⱼ/∂Wₖ‖, against central differences in float64, for every layer k of a
 * 3 → 5 → 4 → 4 → 3 LeakyReLU network (so the tangent crosses zero to three layers above k, and the signal zero to three
 * below), with a linear output and with a LeakyReLU on the outputs.
 */
class GradNormCurvatureTest {
    private static final double[] COEFFICIENTS = {0.7, -1.3, 2.1};

    @Test
    void matchesFiniteDifferencesAtEveryLayer() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = new double[9][3];
        double[][] y = new double[9][3];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rng.nextDouble(-1.5, 1.5);
                y[i][j] = rng.nextDouble(-1, 1);
            }
        }
        for (double outputSlope : new double[] {1, 0.25}) {
            for (int layer = 0; layer < 4; layer++) {
                Mlp net = Mlp.builder(3)
                        .hidden(5, 4, 4)
                        .activation(Activation.leakyRelu(0.2))
                        .outputs(3)
                        .dataType(DataType.DOUBLE)
                        .seed(7)
                        .build();
                GradNormCurvature c = new GradNormCurvature(net, layer);
                int k = layer;
                INDArray xs = Tensors.matrix(x, DataType.DOUBLE);
                double[][] z = Tensors.rows(net.forward(xs));
                for (int t = 0; t < 3; t++) {
                    net.zeroGrad();
                    net.backward(Tensors.matrix(outputGradient(z, y, t, outputSlope), DataType.DOUBLE), true, false);
                    double[] h = new double[x.length];
                    for (int r = 0; r < x.length; r++) {
                        double s = z[r][t] <= 0 ? outputSlope : 1;
                        h[r] = 2.0 / x.length * s * s;
                    }
                    c.record(t, h);
                }
                net.zeroGrad();
                c.addGradient(COEFFICIENTS);
                INDArray analytic = net.parameters().get(0).grad().dup();
                String what = "layer " + layer + ", output slope " + outputSlope;
                GradCheck.check(net.flatParameters(), analytic, () -> weightedNorms(net, xs, y, k, outputSlope), 1e-6);
                assertEquals(analytic.length(), net.flatParameters().length(), what);
            }
        }
    }

    /**
     * A zero norm (task 1's output column zeroed, norms of the layer below the output): ‖·‖ has no derivative there
     * and PyTorch's backward of the norm gives 0, so the task adds nothing, while task 0 still does.
     */
    @Test
    void aZeroNormAddsNothing() {
        Mlp net = Mlp.builder(3)
                .hidden(5, 4)
                .activation(Activation.leakyRelu(0.2))
                .outputs(3)
                .dataType(DataType.DOUBLE)
                .seed(2)
                .build();
        net.weight(2).getColumn(1).assign(0);
        net.bias(2).assign(0.1);
        SplittableRandom rng = new SplittableRandom(8);
        double[][] x = new double[6][3];
        double[][] y = new double[6][3];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rng.nextDouble(-1, 1);
                y[i][j] = rng.nextDouble(-1, 1);
            }
        }
        GradNormCurvature c = new GradNormCurvature(net, 1);
        double[][] z = Tensors.rows(net.forward(Tensors.matrix(x, DataType.DOUBLE)));
        assertEquals(0, recordAll(net, c, z, y)[1], 0);
        net.zeroGrad();
        c.addGradient(new double[] {0, 1, 0});
        assertEquals(0, net.parameters().get(0).grad().norm2Number().doubleValue(), 0);
        recordAll(net, c, z, y);
        net.zeroGrad();
        c.addGradient(new double[] {1, 0, 0});
        assertTrue(net.parameters().get(0).grad().norm2Number().doubleValue() > 0);
    }

    /** Records the three tasks of a linear-output network at outputs z (one backward each); returns their norms. */
    private static double[] recordAll(Mlp net, GradNormCurvature c, double[][] z, double[][] y) {
        double[] norms = new double[3];
        double[] h = new double[z.length];
        java.util.Arrays.fill(h, 2.0 / z.length);
        for (int t = 0; t < 3; t++) {
            net.zeroGrad();
            net.backward(Tensors.matrix(outputGradient(z, y, t, 1), DataType.DOUBLE), true, false);
            norms[t] = c.record(t, h);
        }
        return norms;
    }

    @Test
    void refusesWhatItCannotDifferentiate() {
        Mlp tanh = Mlp.builder(2)
                .hidden(3)
                .activation(Activation.tanh())
                .outputs(2)
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GradNormCurvature(tanh, 0));
        assertEquals(
                "GradNorm's second-order term is implemented for piecewise-linear hidden units (ReLU, LeakyReLU), not "
                        + tanh.activation(),
                e.getMessage());
        Mlp net = Mlp.builder(2)
                .hidden(3)
                .activation(Activation.relu())
                .outputs(2)
                .build();
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> new GradNormCurvature(net, 2));
        assertEquals("GradNorm's layer 2 is not one of the network's 2 layers", f.getMessage());
        GradNormCurvature c = new GradNormCurvature(net, 1);
        IllegalStateException g = assertThrows(IllegalStateException.class, () -> c.addGradient(new double[2]));
        assertEquals("task 0 was not recorded on this batch; call record first", g.getMessage());
    }

    /** Task t's output gradient at the network's output z: (2/B)·s·(σ(z) − y) in column t, σ the output LeakyReLU. */
    private static double[][] outputGradient(double[][] z, double[][] y, int t, double slope) {
        double[][] d = new double[z.length][3];
        for (int r = 0; r < z.length; r++) {
            double s = z[r][t] <= 0 ? slope : 1;
            d[r][t] = 2.0 / z.length * s * (s * z[r][t] - y[r][t]);
        }
        return d;
    }

    /** Σⱼ cⱼ‖∂Lⱼ/∂Wₖ‖ by plain backprop. */
    private static double weightedNorms(Mlp net, INDArray xs, double[][] y, int layer, double slope) {
        double[][] z = Tensors.rows(net.forward(xs));
        double sum = 0;
        for (int t = 0; t < 3; t++) {
            net.zeroGrad();
            net.backward(Tensors.matrix(outputGradient(z, y, t, slope), DataType.DOUBLE), true, false);
            sum += COEFFICIENTS[t] * net.weightGrad(layer).norm2Number().doubleValue();
        }
        return sum;
    }
}
