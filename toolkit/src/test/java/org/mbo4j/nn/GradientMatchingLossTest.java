package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientMatchingLossTest {
    private static final DataType F64 = DataType.DOUBLE;

    /**
     * f = x₀ + 2x₁ + 0.5 on rows (0, 0) y 1, (1, 0) y 0, (0, 1) y 3. Sorted by y: rows 1, 0, 2. Pairs: Δx = (−1, 0),
     * Δy = 1, ∇f·Δx = −1 (error −2); Δx = (0, 1), Δy = 2, ∇f·Δx = 2 (error 0): gm = 4/2 = 2. Predictions 0.5, 1.5,
     * 2.5 against 1, 0, 3: mse = (0.25 + 2.25 + 0.25)/3. Gradients: ∂gm/∂w = (2·(−2)/2)(−1, 0) = (2, 0), ∂gm/∂b = 0;
     * ∂mse/∂w = Σ 2eᵢxᵢ/3 = (1, −1/3), ∂mse/∂b = 2(−0.5 + 1.5 − 0.5)/3 = 1/3.
     */
    @Test
    void lossAndGradientsOfALinearModelAreHandComputed() {
        Mlp f = Mlp.builder(2).hidden(List.of()).outputs(1).dataType(F64).build();
        f.weight(0).assign(Nd4j.create(new double[][] {{1}, {2}}));
        f.bias(0).assign(0.5);
        INDArray x = Nd4j.create(new double[][] {{0, 0}, {1, 0}, {0, 1}});
        INDArray y = Nd4j.create(new double[][] {{1}, {0}, {3}});
        GradientMatchingLoss loss = new GradientMatchingLoss(5);
        assertArrayEquals(new double[] {2, 2.75 / 3}, loss.terms(f, x, y), 1e-12);
        f.discardGrad();
        assertEquals(2 + 2.75 / 3, loss.lossAndGradients(f, new Batch(x, y, null, 1, 0)), 1e-12);
        assertArrayEquals(
                new double[] {3, -1.0 / 3, 1.0 / 3},
                f.parameters().get(0).grad().toDoubleVector(),
                1e-12);
        assertEquals(Map.of("gm", 2.0, "mse", 2.75 / 3), loss.epochMetrics());
        assertTrue(Double.isNaN(loss.epochMetrics().get("gm")), "the metrics restart each epoch");
    }

    /**
     * f = relu(x) in one dimension, the pair x = −1 (y 0) → x = 1 (y 1): the left Riemann nodes t = 0, 0.2, …, 0.8
     * sit at −1, −0.6, −0.2, 0.2, 0.6 with slopes 0, 0, 0, 1, 1, so the path integral is (2/5)·2 = 0.8, not the
     * exact 1 (t = 1 is never used), and gm = 0.04; with one node (t = 0) it is 0 and gm = 1. The MSE is 0.
     */
    @Test
    void thePathIntegralIsALeftRiemannSum() {
        Mlp f = Mlp.builder(1)
                .hidden(1)
                .activation(Activation.relu())
                .outputs(1)
                .dataType(F64)
                .build();
        f.weight(0).assign(1);
        f.bias(0).assign(0);
        f.weight(1).assign(1);
        f.bias(1).assign(0);
        INDArray x = Nd4j.create(new double[][] {{1}, {-1}});
        INDArray y = Nd4j.create(new double[][] {{1}, {0}});
        assertArrayEquals(new double[] {0.04, 0}, new GradientMatchingLoss(5).terms(f, x, y), 1e-12);
        assertArrayEquals(new double[] {1, 0}, new GradientMatchingLoss(1).terms(f, x, y), 1e-12);
    }

    @Test
    void weightGradientsMatchFiniteDifferencesThroughLeakyReluLayers() {
        Mlp f = Mlp.builder(4)
                .hidden(7, 5)
                .activation(Activation.leakyRelu(0.3))
                .outputs(1)
                .init(Init.TORCH_DEFAULT)
                .dataType(F64)
                .seed(3)
                .build();
        SplittableRandom r = new SplittableRandom(5);
        double[][] xs = new double[6][4];
        double[][] ys = new double[6][1];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 4; j++) xs[i][j] = r.nextGaussian();
            ys[i][0] = r.nextGaussian();
        }
        INDArray x = Tensors.matrix(xs, F64);
        INDArray y = Tensors.matrix(ys, F64);
        GradientMatchingLoss loss = new GradientMatchingLoss(5);
        f.discardGrad();
        loss.lossAndGradients(f, new Batch(x, y, null, 1, 0));
        INDArray grads = f.parameters().get(0).grad().dup();
        assertTrue(grads.norm2Number().doubleValue() > 0);
        GradCheck.check(
                f.flatParameters(),
                grads,
                () -> {
                    double[] t = loss.terms(f, x, y);
                    return t[0] + t[1];
                },
                1e-6);
    }

    @Test
    void badInputIsAOneLineError() {
        assertEquals(
                "the path integral needs ≥ 1 point, got 0",
                assertThrows(IllegalArgumentException.class, () -> new GradientMatchingLoss(0))
                        .getMessage());
        Mlp f = Mlp.builder(2).hidden(3).outputs(1).dataType(F64).build();
        assertEquals(
                "gradient matching pairs rows: a batch needs ≥ 2, got 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new GradientMatchingLoss(5)
                                        .terms(f, Nd4j.create(new double[][] {{1, 2}}), Nd4j.create(new double[][] {{1}
                                        })))
                        .getMessage());
        Mlp tanh = Mlp.builder(2)
                .hidden(3)
                .activation(Activation.tanh())
                .outputs(1)
                .dataType(F64)
                .build();
        INDArray x = Nd4j.create(new double[][] {{1, 2}, {0, 1}});
        INDArray y = Nd4j.create(new double[][] {{1}, {0}});
        tanh.discardGrad();
        assertEquals(
                "the weight gradient of an input gradient is implemented for piecewise-linear activations only (ReLU,"
                        + " LeakyReLU), not " + Activation.tanh(),
                assertThrows(
                                IllegalStateException.class,
                                () -> new GradientMatchingLoss(5).lossAndGradients(tanh, new Batch(x, y, null, 1, 0)))
                        .getMessage());
    }
}
