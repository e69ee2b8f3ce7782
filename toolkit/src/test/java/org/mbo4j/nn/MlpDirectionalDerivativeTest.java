package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MlpDirectionalDerivativeTest {
    @Test
    void parameterDirectionalDerivativesMatchFiniteDifferencesPerRow() {
        Mlp f = Mlp.builder(3)
                .hidden(7, 4)
                .activation(Activation.leakyRelu(0.1))
                .outputs(1)
                .dataType(DataType.DOUBLE)
                .seed(2)
                .build();
        INDArray x = MlpTest.randomX(6, 3, 5).castTo(DataType.DOUBLE);
        SplittableRandom r = new SplittableRandom(9);
        double[] dir = new double[(int) f.flatParameters().length()];
        for (int i = 0; i < dir.length; i++) dir[i] = r.nextGaussian();
        INDArray v = Nd4j.create(dir);
        f.forward(x);
        f.backward(f.outputGradientBuffer().assign(1), false, false);
        double[] d = f.parameterDirectionalDerivatives(v);
        INDArray theta = f.flatParameters().dup();
        double h = 1e-6;
        f.flatParameters().assign(theta.add(v.mul(h)));
        double[] up = Tensors.column(f.forward(x), 0);
        f.flatParameters().assign(theta.sub(v.mul(h)));
        double[] down = Tensors.column(f.forward(x), 0);
        for (int i = 0; i < d.length; i++) assertEquals((up[i] - down[i]) / (2 * h), d[i], 1e-7, "row " + i);
        assertEquals(
                "a direction needs " + dir.length + " values (the flat parameters), got 3",
                assertThrows(IllegalArgumentException.class, () -> f.parameterDirectionalDerivatives(Nd4j.ones(3)))
                        .getMessage());
    }
}
