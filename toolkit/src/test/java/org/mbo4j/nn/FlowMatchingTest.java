package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ICFM flow matching (σ = 0) on ParetoFlow's vector field: loss by hand, gradients, and a learnt distribution. */
class FlowMatchingTest {

    /**
     * With every MLP weight 0 and the output bias c, v ≡ c: rows x₁ = 2, x₀ = 0.5, t = 0.25 (u = 1.5) and x₁ = −1,
     * x₀ = 1, t = 0.5 (u = −2), c = 1: loss = ((1 − 1.5)² + (1 + 2)²)/2 = 4.625. With the field's own weights the loss
     * is the mean of (v(xₜ, t) − u)² at xₜ = (1 − t)x₀ + tx₁ = 0.875 and 0.
     */
    @Test
    void lossIsTheMeanSquaredErrorToTheStraightPathsVelocity() {
        VectorField f = VectorField.create(1, List.of(3, 3), 1, DataType.DOUBLE);
        INDArray x1 = Tensors.matrix(new double[][] {{2}, {-1}}, DataType.DOUBLE);
        INDArray x0 = Tensors.matrix(new double[][] {{0.5}, {1}}, DataType.DOUBLE);
        INDArray t = Tensors.matrix(new double[][] {{0.25}, {0.5}}, DataType.DOUBLE);
        double[][] v = Tensors.rows(f.forward(Tensors.matrix(new double[][] {{0.875}, {0}}, DataType.DOUBLE), t));
        double expected = (Math.pow(v[0][0] - 1.5, 2) + Math.pow(v[1][0] + 2, 2)) / 2;
        assertEquals(expected, FlowMatching.loss(f, x1, x0, t, false), 1e-12);

        f.network().flatParameters().assign(0);
        f.network().bias(2).assign(1);
        assertEquals(4.625, FlowMatching.loss(f, x1, x0, t, false), 1e-12);
        // two dimensions: the mean runs over dimensions too; (1 − 1.5)², (1 − 1.5)², (1 + 2)², (1 − 0)² → 10.5/4
        VectorField g = VectorField.create(2, List.of(3), 1, DataType.DOUBLE);
        g.network().flatParameters().assign(0);
        g.network().bias(1).assign(1);
        INDArray y1 = Tensors.matrix(new double[][] {{2, 2}, {-1, 1}}, DataType.DOUBLE);
        INDArray y0 = Tensors.matrix(new double[][] {{0.5, 0.5}, {1, 1}}, DataType.DOUBLE);
        assertEquals(10.5 / 4, FlowMatching.loss(g, y1, y0, t, false), 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        VectorField f = VectorField.create(2, List.of(4, 3), 3, DataType.DOUBLE);
        SplittableRandom r = new SplittableRandom(5);
        double[][] a = new double[5][2];
        double[][] b = new double[5][2];
        double[][] c = new double[5][1];
        for (int i = 0; i < 5; i++) {
            a[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
            b[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
            c[i][0] = r.nextDouble();
        }
        INDArray x1 = Tensors.matrix(a, DataType.DOUBLE);
        INDArray x0 = Tensors.matrix(b, DataType.DOUBLE);
        INDArray t = Tensors.matrix(c, DataType.DOUBLE);
        f.zeroGrad();
        FlowMatching.loss(f, x1, x0, t, true);
        List<Param> ps = f.parameters();
        assertEquals(3, ps.size(), "the MLP's flat parameter and the time embedding's weight and bias");
        for (Param p : ps) {
            GradCheck.check(p.value(), p.grad().dup(), () -> FlowMatching.loss(f, x1, x0, t, false), 1e-6);
        }
    }

    /** The same loss through the trainer's discard-then-overwrite path gives the same gradients as after zeroGrad. */
    @Test
    void discardedGradientsAreOverwritten() {
        VectorField f = VectorField.create(2, List.of(4), 3, DataType.DOUBLE);
        INDArray x1 = Tensors.matrix(new double[][] {{1, 2}, {0, -1}}, DataType.DOUBLE);
        INDArray x0 = Tensors.matrix(new double[][] {{0.3, -0.2}, {0.1, 0.4}}, DataType.DOUBLE);
        INDArray t = Tensors.matrix(new double[][] {{0.2}, {0.9}}, DataType.DOUBLE);
        f.zeroGrad();
        FlowMatching.loss(f, x1, x0, t, true);
        List<INDArray> once = f.parameters().stream().map(p -> p.grad().dup()).toList();
        FlowMatching.loss(f, x1, x0, t, true); // accumulates: twice
        f.discardGrad();
        FlowMatching.loss(f, x1, x0, t, true);
        f.settleGrad();
        List<Param> ps = f.parameters();
        for (int i = 0; i < ps.size(); i++) {
            assertArrayEquals(
                    once.get(i).data().asDouble(), ps.get(i).grad().data().asDouble(), 1e-15);
        }
    }

    /**
     * A field trained on N(2, 0.5²) carries N(0, 1) there under Euler integration: the samples' mean and standard
     * deviation are within 0.15 of the target's. Seeded and deterministic.
     */
    @Test
    void eulerIntegrationOfATrainedFieldRecoversAGaussian() {
        SplittableRandom r = new SplittableRandom(11);
        double[][] data = new double[4000][];
        for (int i = 0; i < data.length; i++) data[i] = new double[] {2 + 0.5 * r.nextGaussian()};
        Trainer trainer = Trainer.builder()
                .epochs(50)
                .batchSize(256)
                .learningRate(1e-2)
                .epsilon(Adam.TORCH_EPSILON)
                .validationSize(200)
                .validationLast(true)
                .seed(0)
                .label("fm test")
                .build();
        VectorField f = VectorField.create(1, List.of(32, 32), 0, DataType.FLOAT);
        TrainingHistory h = FlowMatching.fit(f, data, trainer, 0);
        double[][] z = new double[2000][];
        for (int i = 0; i < z.length; i++) z[i] = new double[] {r.nextGaussian()};
        double[][] s = FlowMatching.integrate(f, z, 50);
        double mean = 0;
        for (double[] row : s) mean += row[0] / s.length;
        double var = 0;
        for (double[] row : s) var += (row[0] - mean) * (row[0] - mean) / s.length;
        String info = " (validation losses " + h.validationLoss() + ")";
        assertEquals(2, mean, 0.15, "mean" + info);
        assertEquals(0.5, Math.sqrt(var), 0.15, "standard deviation" + info);
    }

    /** The per-batch noise streams make a fit deterministic per seed, and another seed draws other noise. */
    @Test
    void fitsAreDeterministicPerSeed() {
        double[][] data = new double[60][];
        for (int i = 0; i < data.length; i++) data[i] = new double[] {i / 60.0, 1 - i / 30.0};
        float[][] w = new float[3][];
        for (int k = 0; k < 3; k++) {
            Trainer trainer = Trainer.builder()
                    .epochs(2)
                    .batchSize(16)
                    .validationSize(10)
                    .validationLast(true)
                    .seed(0)
                    .build();
            VectorField f = VectorField.create(2, List.of(8), 0, DataType.FLOAT);
            FlowMatching.fit(f, data, trainer, k == 2 ? 1 : 0);
            w[k] = f.network().flatParameters().data().asFloat();
        }
        assertArrayEquals(w[0], w[1]);
        assertTrue(!Arrays.equals(w[0], w[2]), "another noise seed trains other weights");
    }
}
