package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReluAscentTest {
    private static Mlp relu(int hiddenLayers, int outputs) {
        int[] hidden = new int[hiddenLayers];
        Arrays.fill(hidden, 48);
        return Mlp.builder(12).hidden(hidden).outputs(outputs).seed(7).build();
    }

    /** Plain steps through the model's own backward pass: the reference. */
    private static INDArray plainSteps(Mlp m, INDArray x0, int objective, double lr, int steps) {
        INDArray x = x0.dup('f');
        INDArray seed = Tensors.unitColumn(Nd4j.create(DataType.FLOAT, x.rows(), m.outputSize()), objective);
        for (int t = 0; t < steps; t++) InputAscent.step(m, x, seed, lr);
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void matchesPlainStepsWhileUnitsSwitchOneByOne(int hiddenLayers) {
        Mlp m = relu(hiddenLayers, 2);
        INDArray x0 = MlpTest.randomX(32, 12, 11).castTo(DataType.FLOAT);
        INDArray x = x0.dup('f');
        ReluAscent.Work work = ReluAscent.ascend(m, x, 1, 0.05, 30);
        assertTrue(work.rowUpdates() > 0, "units switched and were updated row by row: " + work);
        assertTrue(work.denseSteps() < 30, "most steps took the row updates: " + work);
        assertTrue(x.sub(x0).amaxNumber().doubleValue() > 0.05, "the ascent moved the designs");
        assertArrayEquals(Tensors.columnMajor(plainSteps(m, x0, 1, 0.05, 30)), Tensors.columnMajor(x), 1e-5);
    }

    @Test
    void recomputesWithTheGemmWhenManyUnitsSwitch() {
        Mlp m = relu(2, 1);
        INDArray x0 = MlpTest.randomX(32, 12, 12).castTo(DataType.FLOAT);
        INDArray x = x0.dup('f');
        ReluAscent.Work work = ReluAscent.ascend(m, x, 0, 2.0, 12);
        assertTrue(work.denseSteps() > 1, "large steps switch over 1/32 of the units: " + work);
        assertArrayEquals(Tensors.columnMajor(plainSteps(m, x0, 0, 2.0, 12)), Tensors.columnMajor(x), 1e-4);
    }

    @Test
    void inputAscentTakesItForFloatReluNetsOnlyAndIsDeterministic() {
        assertTrue(ReluAscent.supports(relu(2, 1), Nd4j.create(DataType.FLOAT, 4, 12)));
        assertFalse(ReluAscent.supports(relu(0, 1), Nd4j.create(DataType.FLOAT, 4, 12)), "no hidden layer");
        Mlp leaky =
                Mlp.builder(12).hidden(8).activation(Activation.leakyRelu(0.3)).build();
        assertFalse(ReluAscent.supports(leaky, Nd4j.create(DataType.FLOAT, 4, 12)), "LeakyReLU");
        Mlp doubles = Mlp.builder(12).hidden(8).dataType(DataType.DOUBLE).build();
        assertFalse(ReluAscent.supports(doubles, Nd4j.create(DataType.DOUBLE, 4, 12)), "float64");

        Mlp m = relu(2, 1);
        INDArray x0 = MlpTest.randomX(16, 12, 13).castTo(DataType.FLOAT);
        INDArray a = x0.dup('f');
        INDArray b = x0.dup('f');
        InputAscent.ascend(m, a, 0, 0.05, 20);
        InputAscent.ascend(m, b, 0, 0.05, 20);
        assertEquals(a, b, "same inputs, same designs, bit for bit");
        assertArrayEquals(Tensors.columnMajor(plainSteps(m, x0, 0, 0.05, 20)), Tensors.columnMajor(a), 1e-5);
    }
}
