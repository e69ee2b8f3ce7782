package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MlpTest {
    static INDArray randomX(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] rows = new double[n][d];
        for (double[] row : rows) for (int j = 0; j < d; j++) row[j] = r.nextDouble() * 2 - 1;
        return Tensors.matrix(rows, DataType.DOUBLE);
    }

    static Activation activation(String name) {
        return switch (name) {
            case "relu" -> Activation.relu();
            case "leaky" -> Activation.leakyRelu(0.3);
            case "tanh" -> Activation.tanh();
            case "selu" -> Activation.selu();
            case "swish" -> Activation.swish();
            default -> Activation.identity();
        };
    }

    /** Scalar test loss L = Σ c ⊙ f̂(x) with fixed coefficients c, so dL/df̂ = c. */
    static double weightedSum(Regressor m, INDArray x, INDArray c) {
        return m.forward(x).mul(c).sumNumber().doubleValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "leaky", "tanh", "selu", "swish", "identity"})
    void weightAndInputGradientsMatchFiniteDifferences(String act) {
        Mlp m = Mlp.builder(3)
                .hidden(5, 4)
                .activation(activation(act))
                .outputs(2)
                .init(Init.TORCH_DEFAULT)
                .dataType(DataType.DOUBLE)
                .seed(7)
                .build();
        INDArray x = randomX(6, 3, 1);
        INDArray c = randomX(6, 2, 2);
        m.zeroGrad();
        m.forward(x);
        INDArray dx = m.backward(c, true, true).dup();
        INDArray grads = m.parameters().get(0).grad().dup();
        GradCheck.check(m.flatParameters(), grads, () -> weightedSum(m, x, c), 1e-6);
        GradCheck.check(x, dx, () -> weightedSum(m, x, c), 1e-6);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Mlp m = Mlp.builder(2).hidden(3).dataType(DataType.DOUBLE).seed(1).build();
        INDArray x = randomX(4, 2, 3);
        INDArray c = randomX(4, 1, 4);
        m.zeroGrad();
        m.forward(x);
        m.backward(c, true, false);
        INDArray once = m.parameters().get(0).grad().dup();
        m.backward(c, true, false);
        assertArrayEquals(
                once.mul(2).toDoubleVector(), m.parameters().get(0).grad().toDoubleVector(), 1e-12);
    }

    @Test
    void discardedGradientsAreOverwrittenThenAccumulateAsAfterZeroGrad() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Mlp m = Mlp.builder(2).hidden(3).dataType(type).seed(1).build();
            INDArray x = randomX(4, 2, 3).castTo(type);
            INDArray c = randomX(4, 1, 4).castTo(type);
            m.zeroGrad();
            m.forward(x);
            m.backward(c, true, false);
            INDArray once = m.parameters().get(0).grad().dup();
            m.backward(c, true, false);
            INDArray twice = m.parameters().get(0).grad().dup();
            m.parameters().get(0).grad().assign(1e6); // stale values that must not leak into the next gradients
            m.discardGrad();
            m.forward(x);
            m.backward(c, false, true); // an input-gradient pass leaves the discarded gradients alone
            m.backward(c, true, false);
            assertEquals(once, m.parameters().get(0).grad(), type + ": the first pass overwrites");
            m.backward(c, true, false);
            assertEquals(twice, m.parameters().get(0).grad(), type + ": later passes accumulate");
        }
    }

    @Test
    void discardedGradientsReadBeforeAnyBackwardPassAreZero() {
        Mlp m = Mlp.builder(2).hidden(3).dataType(DataType.DOUBLE).seed(1).build();
        INDArray x = randomX(4, 2, 3);
        INDArray c = randomX(4, 1, 4);
        m.flatParameters(); // the gradient buffer starts at zero; make it stale
        m.parameters().get(0).grad().assign(5);
        m.discardGrad();
        m.settleGrad(); // no backward pass since: the optimizer must see zeros
        assertEquals(0.0, m.parameters().get(0).grad().amaxNumber().doubleValue(), 0.0);
        // a loss term added through the accessors before the backward pass is kept (IOM's input-gradient penalty)
        m.parameters().get(0).grad().assign(5);
        m.discardGrad();
        m.weightGrad(0).addi(1.0);
        m.forward(x);
        m.backward(c, true, false);
        Mlp ref = Mlp.builder(2).hidden(3).dataType(DataType.DOUBLE).seed(1).build();
        ref.zeroGrad();
        ref.weightGrad(0).addi(1.0);
        ref.forward(x);
        ref.backward(c, true, false);
        assertEquals(ref.parameters().get(0).grad(), m.parameters().get(0).grad());
    }

    @Test
    void activationDerivativesAroundZero() {
        double[] xs = {-2, 0, 3};
        INDArray x = Nd4j.create(xs, new long[] {3, 1}, 'f');
        INDArray ones = Nd4j.ones(DataType.DOUBLE, 3, 1);
        // 1 → 1 → 1 with W = 1, b = 0: the output is the activation itself, ∂out/∂x its derivative
        for (Object[] c : new Object[][] {
            {Activation.relu(), new double[] {0, 0, 3}, new double[] {0, 0, 1}},
            // LeakyReLU at exactly 0: output 0, derivative 1 (libnd4j's convention; documented in Activation)
            {Activation.leakyRelu(0.3), new double[] {-0.6, 0, 3}, new double[] {0.3, 1, 1}},
            // SELU with PyTorch's constants: λα(e⁻² − 1), 0, 3λ; derivative λαe⁻², λα at 0 (PyTorch's x ≤ 0 branch), λ
            {
                Activation.selu(),
                new double[] {-1.5201664685956948, 0, 3.1521029620664414},
                new double[] {0.2379328722516818, 1.7580993408473766, 1.0507009873554805}
            },
            // Swish z·σ(z): −2σ(−2), 0, 3σ(3); derivative σ(z)(1 + z(1 − σ(z))) = −0.0908, ½, 1.0881
            {
                Activation.swish(),
                new double[] {-0.2384058440442351, 0, 2.8577223804673},
                new double[] {-0.09078424878489547, 0.5, 1.0881041060151693}
            }
        }) {
            Mlp m = Mlp.builder(1)
                    .hidden(1)
                    .activation((Activation) c[0])
                    .outputs(1)
                    .dataType(DataType.DOUBLE)
                    .build();
            m.weight(0).assign(1);
            m.bias(0).assign(0);
            m.weight(1).assign(1);
            m.bias(1).assign(0);
            assertArrayEquals((double[]) c[1], m.forward(x).dup().data().asDouble(), 1e-15, c[0].toString());
            assertArrayEquals(
                    (double[]) c[2], m.backward(ones, false, true).dup().data().asDouble(), 1e-15, c[0].toString());
        }
        // positive pre-activations pass LeakyReLU unchanged, bit for bit (the mask is exactly 1 there)
        Mlp f = Mlp.builder(1)
                .hidden(1)
                .activation(Activation.leakyRelu(0.3))
                .outputs(1)
                .build();
        f.weight(0).assign(1);
        f.bias(0).assign(0);
        f.weight(1).assign(1);
        f.bias(1).assign(0);
        INDArray pos = Nd4j.create(new float[] {0.1f, 1.7f, 12345.678f}, new long[] {3, 1}, 'f');
        assertEquals(pos, f.forward(pos));
    }

    @Test
    void layerViewsShareTheFlatBuffers() {
        Mlp m = Mlp.builder(2).hidden(3).outputs(1).dataType(DataType.DOUBLE).build();
        m.flatParameters().putScalar(1, 42.0);
        // layer 0 is the F-order 3×3 matrix [W; b]: flat element 1 is W[1, 0], element 2 is b[0], 5 is b[1]
        assertEquals(42.0, m.weight(0).getDouble(1, 0));
        m.flatParameters().putScalar(5, 7.0);
        assertEquals(7.0, m.bias(0).getDouble(0, 1));
        m.bias(1).putScalar(0, 0, -5.0);
        assertEquals(-5.0, m.flatParameters().getDouble(m.flatParameters().length() - 1));
        m.weightGrad(0).putScalar(0, 1, 3.0);
        assertEquals(3.0, m.parameters().get(0).grad().getDouble(3));
        m.biasGrad(0).putScalar(0, 2, 4.0);
        assertEquals(4.0, m.parameters().get(0).grad().getDouble(8));
        assertEquals(3 * 3 + 4 * 1, m.flatParameters().length());
    }

    @Test
    void forwardMatchesHandComputedValues() {
        Mlp m = Mlp.builder(2)
                .hidden(2)
                .activation(Activation.leakyRelu(0.3))
                .outputs(1)
                .dataType(DataType.DOUBLE)
                .build();
        m.weight(0).assign(Nd4j.create(new double[][] {{1, -1}, {2, 1}}));
        m.bias(0).assign(Nd4j.create(new double[][] {{0.5, 0}}));
        m.weight(1).assign(Nd4j.create(new double[][] {{1}, {2}}));
        m.bias(1).assign(0.25);
        // x = (1, -1): z = (1 − 2 + 0.5, −1 − 1) = (−0.5, −2) → (−0.15, −0.6) → −0.15 − 1.2 + 0.25 = −1.1
        INDArray y = m.forward(Nd4j.create(new double[][] {{1, -1}}));
        assertEquals(-1.1, y.getDouble(0, 0), 1e-12);
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndGlorotRange() {
        Mlp a = Mlp.builder(24).hidden(64, 64).seed(3).build();
        Mlp b = Mlp.builder(24).hidden(64, 64).seed(3).build();
        Mlp c = Mlp.builder(24).hidden(64, 64).seed(4).build();
        assertEquals(a.flatParameters(), b.flatParameters());
        Assertions.assertNotEquals(a.flatParameters(), c.flatParameters());
        double limit = Math.sqrt(6.0 / (24 + 64));
        assertEquals(limit, a.weight(0).amaxNumber().doubleValue(), 0.01);
        assertEquals(0.0, a.bias(0).amaxNumber().doubleValue());
    }

    @Test
    void inputGradientViewGivesTheModelsInputGradientsAtTheWeightsItWasTakenAt() {
        Mlp m = Mlp.builder(3)
                .hidden(5, 4)
                .activation(Activation.leakyRelu(0.3))
                .outputs(2)
                .init(Init.TORCH_DEFAULT)
                .dataType(DataType.DOUBLE)
                .seed(7)
                .build();
        INDArray x = randomX(6, 3, 1);
        INDArray c = randomX(6, 2, 2);
        m.forward(x);
        INDArray want = m.backward(c, false, true).dup();
        Regressor view = m.inputGradientView();
        assertArrayEquals(Tensors.columnMajor(m.forward(x)), Tensors.columnMajor(view.forward(x)), 0.0);
        assertArrayEquals(Tensors.columnMajor(want), Tensors.columnMajor(view.backward(c, false, true)), 1e-12);
        GradCheck.check(x, view.backward(c, false, true).dup(), () -> weightedSum(m, x, c), 1e-6);
        assertEquals(0, view.parameterCount());
        var e = assertThrows(IllegalStateException.class, () -> view.backward(c, true, true));
        assertEquals(
                "an input-gradient view computes no weight gradients; call backward on the model itself",
                e.getMessage());
        // after a weight update the view still back-propagates through the old weights; a new view is right
        m.flatParameters().muli(1.5);
        m.forward(x);
        INDArray updated = m.backward(c, false, true).dup();
        view.forward(x);
        double stale = view.backward(c, false, true).sub(updated).amaxNumber().doubleValue();
        assertTrue(stale > 1e-3, "a view keeps the weights it was taken at, got max difference " + stale);
        Regressor fresh = m.inputGradientView();
        fresh.forward(x);
        assertArrayEquals(Tensors.columnMajor(updated), Tensors.columnMajor(fresh.backward(c, false, true)), 1e-12);
    }

    @Test
    void ascentThroughTheViewMatchesPlainStepsInFloat32() {
        // LeakyReLU: ReLU nets take ReluAscent instead (ReluAscentTest)
        Mlp m = Mlp.builder(24)
                .hidden(64, 64)
                .activation(Activation.leakyRelu(0.3))
                .outputs(1)
                .seed(3)
                .build();
        INDArray x0 = randomX(16, 24, 5).castTo(DataType.FLOAT);
        int steps = InputAscent.VIEW_MIN_STEPS + 6;
        INDArray viaView = x0.dup('f');
        InputAscent.ascend(m, viaView, 0, 0.1, steps);
        INDArray plain = x0.dup('f');
        INDArray seed = Tensors.unitColumn(Nd4j.create(DataType.FLOAT, 16, 1), 0);
        for (int t = 0; t < steps; t++) InputAscent.step(m, plain, seed, 0.1);
        assertTrue(viaView.sub(x0).amaxNumber().doubleValue() > 0.01, "the ascent moved the designs");
        assertArrayEquals(Tensors.columnMajor(plain), Tensors.columnMajor(viaView), 1e-5);
    }

    @Test
    void badInputShapeIsRejected() {
        Mlp m = Mlp.builder(3).hidden(4).build();
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Nd4j.create(DataType.FLOAT, 2, 5)));
        assertEquals("input has shape [2, 5], expected [batch, 3]", e.getMessage());
        var s = assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(-0.1));
        assertEquals("LeakyReLU slope must be in [0, 1), got -0.1", s.getMessage());
    }
}
