package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
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
        // step 1: m = 0.1g, v = 0.001g², lr₁ = 0.1·√0.001/0.1 = √0.001, so u = 0.1·√0.001·g/(√0.001·|g| + 1e-7):
        // g = 0.5 → u = 0.1·0.0158113883/0.0158114883 = 0.0999993675; g = −3 → u = −0.0999998946
        assertEquals(0.09999936754846803, g.getDouble(0), 1e-15, "update of element 0");
        assertEquals(-0.09999989459085583, g.getDouble(1), 1e-15, "update of element 1");
        assertEquals(0.900000632451532, v.getDouble(0), 1e-15, "θ₀ after step 1");
        assertEquals(-1.9000001054091442, v.getDouble(1), 1e-15, "θ₁ after step 1");
        assertEquals(1, adam.steps(p));
        g.assign(Nd4j.create(grad2));
        adam.step(p);
        // step 2, element 0: m = 0.9·0.05 + 0.1·0.25 = 0.07, v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225,
        // lr₂ = 0.1·√(1 − 0.999²)/(1 − 0.9²) = 0.1·√0.001999/0.19, u = lr₂·0.07/(√0.00031225 + 1e-7) = 0.0932174364
        assertEquals(0.09321743635263573, g.getDouble(0), 1e-15, "update of element 0 at step 2");
        assertEquals(0.8067831960988963, v.getDouble(0), 1e-15, "θ₀ after step 2");
        // element 1: m = 0.9·(−0.3) + 0.1 = −0.17, v = 0.999·0.009 + 0.001 = 0.009991
        assertEquals(-0.04002181715560335, g.getDouble(1), 1e-15, "update of element 1 at step 2");
        assertEquals(-1.859978288253541, v.getDouble(1), 1e-15, "θ₁ after step 2");
        assertEquals(2, adam.steps(p));
        // the same against the loop form of the definition
        for (int i = 0; i < 2; i++) {
            double[] want = reference(i == 0 ? 1.0 : -2.0, grad1[i], grad2[i], 0.1);
            assertEquals(want[0], v.getDouble(i), 1e-12, "element " + i);
            assertEquals(want[1], g.getDouble(i), 1e-12, "update " + i);
        }
    }

    /** Two TF-Adam steps on one element, in double precision. Returns {θ, the last update}. */
    static double[] reference(double theta, double g1, double g2, double lr) {
        double m = 0, s = 0, u = 0;
        double[] gs = {g1, g2};
        for (int t = 1; t <= 2; t++) {
            m = 0.9 * m + 0.1 * gs[t - 1];
            s = 0.999 * s + 0.001 * gs[t - 1] * gs[t - 1];
            u = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t)) * m / (Math.sqrt(s) + 1e-7);
            theta -= u;
        }
        return new double[] {theta, u};
    }

    @Test
    void float32UpdateOnALargeTensorIsSplitAcrossThreadsAndMatchesTheDefinition() {
        int n = 200_003; // above the parallel threshold, not a multiple of the chunk alignment
        SplittableRandom r = new SplittableRandom(9);
        double[] theta = new double[n], g1 = new double[n], g2 = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = r.nextDouble() * 2 - 1;
            g1[i] = r.nextDouble() * 2 - 1;
            g2[i] = r.nextDouble() * 2 - 1;
        }
        INDArray v = Nd4j.create(theta).castTo(DataType.FLOAT);
        INDArray g = Nd4j.create(DataType.FLOAT, n);
        Param p = new Param("w", v, g);
        Adam adam = new Adam(1e-3);
        g.assign(Nd4j.create(g1).castTo(DataType.FLOAT));
        adam.step(p);
        g.assign(Nd4j.create(g2).castTo(DataType.FLOAT));
        adam.step(p);
        float[] got = v.data().asFloat();
        float[] upd = g.data().asFloat();
        for (int i = 0; i < n; i++) {
            double[] want = reference((float) theta[i], (float) g1[i], (float) g2[i], 1e-3);
            assertEquals(want[0], got[i], 2e-6, "θ[" + i + "]");
            assertEquals(want[1], upd[i], 1e-8, "the gradient buffer holds the applied update at " + i);
        }
    }

    @Test
    void stepKeepingGradUpdatesExactlyAsStepAndLeavesTheGradientUntouched() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            int n = 100_003; // two threads for float32 and float64, with a tail
            INDArray theta = Nd4j.rand(type, n).subi(0.5),
                    g = Nd4j.rand(type, n).subi(0.5);
            Param a = new Param("a", theta.dup(), g.dup());
            Param b = new Param("b", theta.dup(), g.dup());
            Adam adamA = new Adam(1e-3), adamB = new Adam(1e-3);
            for (int step = 0; step < 3; step++) {
                adamA.step(List.of(a));
                adamB.stepKeepingGrad(List.of(b));
                assertEquals(g, b.grad(), type + ": gradient untouched");
                assertEquals(a.value(), b.value(), type + ": same parameters after step " + step);
                a.grad().assign(g);
            }
            // a strided parameter goes through the copy path, which must not write back either
            INDArray m = Nd4j.rand(type, 4, 6), gm = Nd4j.rand(type, 4, 6);
            Param c = new Param("c", m.getColumn(1), gm.getColumn(2));
            INDArray before = gm.dup();
            new Adam(1e-3).stepKeepingGrad(List.of(c));
            assertEquals(before, gm, type + ": strided gradient untouched");
        }
    }

    @Test
    void aStridedParameterIsUpdatedInPlaceThroughACopy() {
        INDArray matrix = Nd4j.create(new double[][] {{1, 10}, {2, 20}, {3, 30}}); // C order
        INDArray column = matrix.getColumn(0); // stride 2: not one contiguous block
        double[] g = {0.5, -1, 2};
        Param p = new Param("col", column, Nd4j.create(g));
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-7);
        adam.step(p);
        for (int i = 0; i < 3; i++) {
            double lrT = 0.1 * Math.sqrt(1 - 0.999) / (1 - 0.9);
            double u = lrT * (0.1 * g[i]) / (Math.sqrt(0.001 * g[i] * g[i]) + 1e-7);
            assertEquals(i + 1 - u, matrix.getDouble(i, 0), 1e-12, "row " + i);
            assertEquals(10.0 * (i + 1), matrix.getDouble(i, 1), 0.0, "the other column is untouched");
        }
    }

    @Test
    void theNd4jUpdaterUsedOffTheCpuBackendAgreesWithTheFusedPass() {
        SplittableRandom r = new SplittableRandom(4);
        int n = 1000;
        double[] theta = new double[n], grad = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = r.nextDouble() * 2 - 1;
            grad[i] = r.nextDouble() * 2 - 1;
        }
        Adam adam = new Adam(0.01);
        INDArray fusedValue = Nd4j.create(theta).castTo(DataType.FLOAT);
        INDArray fusedGrad = Nd4j.create(grad).castTo(DataType.FLOAT);
        Param p = new Param("w", fusedValue, fusedGrad);
        INDArray value = fusedValue.dup(), m = Nd4j.create(DataType.FLOAT, n), v = Nd4j.create(DataType.FLOAT, n);
        for (int t = 1; t <= 3; t++) {
            fusedGrad.assign(Nd4j.create(grad).castTo(DataType.FLOAT).muli(t));
            adam.step(p);
            adam.nd4jStep(value, Nd4j.create(grad).castTo(DataType.FLOAT).muli(t), m, v, t);
        }
        for (int i = 0; i < n; i++) assertEquals(value.getDouble(i), fusedValue.getDouble(i), 1e-6, "element " + i);
    }

    @Test
    void momentsOfADeadUnitReachZeroWithoutPassingThroughSubnormals() {
        // a unit whose gradient becomes 0 (dead ReLU): m and v decay by β₁, β₂ per step into the subnormal range
        INDArray value = Nd4j.create(new float[] {0.5f, -0.25f}, new long[] {2});
        INDArray grad = Nd4j.create(DataType.FLOAT, 2);
        Param p = new Param("w", value, grad);
        Adam adam = new Adam(3e-4);
        grad.assign(Nd4j.create(new float[] {1e-3f, 1e-18f}, new long[] {2}));
        adam.step(p);
        double theta0 = value.getDouble(0);
        // the same steps in double precision without flushing
        double m = 0.1 * 1e-3, v = 0.001 * 1e-6, theta = theta0;
        for (int t = 2; t <= 3000; t++) {
            grad.assign(0);
            adam.step(p);
            m *= 0.9;
            v *= 0.999;
            theta -= 3e-4 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t)) * m / (Math.sqrt(v) + 1e-7);
        }
        var state = adam.state(java.util.List.of(p), "");
        for (String k : new String[] {"0.m", "0.v"}) {
            for (float x : state.get(k).data().asFloat()) {
                assertTrue(x == 0f || Math.abs(x) >= Float.MIN_NORMAL, k + " holds the subnormal " + x);
            }
        }
        assertEquals(0f, state.get("0.m").getFloat(0), "m decays past the smallest normal within 3,000 steps");
        assertEquals(theta, value.getDouble(0), 1e-6, "the flush does not change θ beyond float rounding");
    }

    @Test
    void aGradientOfAnotherTypeIsCastForTheUpdate() {
        INDArray value = Nd4j.create(new float[] {1f, -2f}, new long[] {2});
        INDArray grad = Nd4j.create(new double[] {0.5, -3.0}); // float64 gradient for a float32 parameter
        new Adam(0.1, 0.9, 0.999, 1e-7).step(new Param("p", value, grad));
        // first TF-Adam step: θ − lr·√(1−β₂)/(1−β₁)·(0.1 g)/(√(0.001 g²) + ε) ≈ θ − 0.1·sign(g)
        assertEquals(0.9, value.getDouble(0), 1e-5);
        assertEquals(-1.9, value.getDouble(1), 1e-5);
        assertEquals(0.1, grad.getDouble(0), 1e-5, "the gradient buffer holds the applied update");
    }
}
