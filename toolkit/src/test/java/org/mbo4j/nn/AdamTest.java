package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {
    @Test
    void twoStepsMatchHandComputedTensorflowAdam() {
        INDArray v = Nd4j.create(new double[] {1.0, -2.0});
        INDArray g = Nd4j.create(DataType.DOUBLE, 2);
        Param p = new Param("p", v, g);
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-7);
        double[] grad1 = {0.5, -3.0};
        double[] grad2 = {0.25, 1.0};
        g.assign(Nd4j.create(grad1));
        adam.step(p);
        g.assign(Nd4j.create(grad2));
        adam.step(p);
        for (int i = 0; i < 2; i++) {
            double theta = i == 0 ? 1.0 : -2.0;
            double m = 0;
            double s = 0;
            double[][] gs = {grad1, grad2};
            for (int t = 1; t <= 2; t++) {
                double gi = gs[t - 1][i];
                m = 0.9 * m + 0.1 * gi;
                s = 0.999 * s + 0.001 * gi * gi;
                double lrT = 0.1 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                theta -= lrT * m / (Math.sqrt(s) + 1e-7);
            }
            assertEquals(theta, v.getDouble(i), 1e-12, "element " + i);
        }
        assertEquals(2, adam.steps(p));
        // first step moves each weight by ≈ lr against the gradient sign
        assertEquals(1.0 - 0.1, 1.0 - 0.1 * Math.signum(grad1[0]), 1e-12);
    }
}
