package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MINs' conditioned network (y embedded into every layer, LayerNorm): a hand-computed forward pass, the initialisation,
 * first-order gradients and the gradient penalty's weight gradient (double backprop through the LayerNorm) against
 * finite differences in float64.
 */
class ConditionedMlpTest {
    private static double[] random(int n, long seed) {
        return ConditionalGanTest.random(n, seed);
    }

    private static double dot(double[] a, double[] b) {
        return ConditionalGanTest.dot(a, b);
    }

    private static final DataType F64 = DataType.DOUBLE;

    /**
     * Moves every parameter by up to ±0.3 from its initialisation, so that γ ≠ 1, β ≠ 0 and the biases and the
     * embedding's bias are nonzero: a gradient that drops one of them then fails the checks.
     */
    private static void perturb(ConditionedMlp f, long seed) {
        INDArray flat = f.flatParameters();
        double[] noise = random((int) flat.length(), seed);
        for (int i = 0; i < noise.length; i++) noise[i] *= 0.3;
        flat.addi(Nd4j.create(noise, new long[] {noise.length}).castTo(flat.dataType()));
    }

    /**
     * d = 1, E = 1, one hidden layer of 2, one output. x = 1, y = 2, wₑ = 0.5, bₑ = 0: e = 1. Layer 0 reads [x, e]:
     * z = (1·1 + 1·1, 1·(−1) + 1·1) = (2, 0); LayerNorm: μ = 1, var = 1, n = ±1/√1.001; LeakyReLU(0.2):
     * a = (1/√1.001, −0.2/√1.001); output [a, e]·(1, 1, 0.5) + 0.1 = 0.8/√1.001 + 0.6.
     */
    @Test
    void forwardIsHandComputed() {
        ConditionedMlp f = ConditionedMlp.of(1, 1, List.of(2), 1, 0.2, true, F64, 0);
        assertEquals(16, f.flatParameters().length());
        f.flatParameters().assign(Nd4j.create(new double[] {
            0.5,
            0, // [wₑ; bₑ]
            1,
            1,
            0,
            -1,
            1,
            0, // layer 0 columns: (a-row, e-row, bias)
            1,
            1,
            0,
            0, // γ, β
            1,
            1,
            0.5,
            0.1 // output column
        }));
        double[] out = f.forward(new double[] {1}, new double[] {2});
        assertEquals(0.8 / Math.sqrt(1.001) + 0.6, out[0], 1e-12);
    }

    @Test
    void initialisationIsKerasGlorotWithUnitGammaAndZeroBiases() {
        ConditionedMlp f = ConditionedMlp.of(32, 64, List.of(64, 64), 1, 0.2, true, DataType.FLOAT, 3);
        double[] p = f.flatParameters().toDoubleVector();
        // [wₑ; bₑ]: fan 1 → 64
        double le = Math.sqrt(6.0 / 65);
        double max = 0;
        for (int j = 0; j < 64; j++) {
            max = Math.max(max, Math.abs(p[2 * j]));
            assertEquals(0.0, p[2 * j + 1], 0, "bₑ");
        }
        assertTrue(max <= le && max > 0.8 * le, "embedding scale " + max + " vs " + le);
        // layer 0: (32 + 64 + 1) × 64, Glorot on fan-in 96
        int off = 128;
        double l0 = Math.sqrt(6.0 / (96 + 64));
        max = 0;
        for (int c = 0; c < 64; c++) {
            for (int r = 0; r < 96; r++) max = Math.max(max, Math.abs(p[off + c * 97 + r]));
            assertEquals(0.0, p[off + c * 97 + 96], 0, "bias");
        }
        assertTrue(max <= l0 && max > 0.9 * l0, "layer 0 scale " + max + " vs " + l0);
        off += 97 * 64;
        for (int j = 0; j < 64; j++) {
            assertEquals(1.0, p[off + j], 0, "γ");
            assertEquals(0.0, p[off + 64 + j], 0, "β");
        }
        ConditionedMlp same = ConditionedMlp.of(32, 64, List.of(64, 64), 1, 0.2, true, DataType.FLOAT, 3);
        ConditionedMlp other = ConditionedMlp.of(32, 64, List.of(64, 64), 1, 0.2, true, DataType.FLOAT, 4);
        assertArrayEquals(p, same.flatParameters().toDoubleVector(), 0);
        assertFalse(Arrays.equals(p, other.flatParameters().toDoubleVector()));
    }

    private static void checkFirstOrder(boolean layerNorm) {
        ConditionedMlp f = ConditionedMlp.of(3, 4, List.of(6, 5), 2, 0.2, layerNorm, F64, 7);
        perturb(f, 70);
        double[] x = random(4 * 3, 8);
        double[] y = {0.3, -1.1, 0.7, 1.6};
        double[] c = random(4 * 2, 9);
        f.zeroGrad();
        f.forward(x, y);
        double[] dx = f.backward(c, true, true);
        INDArray grads = f.parameters().get(0).grad().dup();
        assertTrue(grads.norm2Number().doubleValue() > 0);
        GradCheck.check(f.flatParameters(), grads, () -> dot(f.forward(x, y), c), 1e-6);
        INDArray xs = Nd4j.create(x, new long[] {x.length});
        GradCheck.check(
                xs, Nd4j.create(dx, new long[] {dx.length}), () -> dot(f.forward(xs.toDoubleVector(), y), c), 1e-6);
    }

    @Test
    void firstOrderGradientsMatchFiniteDifferences() {
        checkFirstOrder(true);
        checkFirstOrder(false);
    }

    private static void checkPenalty(boolean layerNorm, long seed) {
        ConditionedMlp f = ConditionedMlp.of(3, 5, List.of(7, 6, 5), 1, 0.2, layerNorm, F64, seed);
        perturb(f, seed + 3);
        double[] h = random(5 * 3, seed + 1);
        double[] y = {0.4, -0.2, 1.1, -0.7, 0.05};
        double[] v = random(5 * 3, seed + 2);
        f.zeroGrad();
        f.inputGradient(h, y);
        f.addTangentWeightGradients(v);
        INDArray grads = f.parameters().get(0).grad().dup();
        assertTrue(grads.norm2Number().doubleValue() > 0);
        GradCheck.check(f.flatParameters(), grads, () -> dot(f.inputGradient(h, y), v), 1e-5);
    }

    /** ∂/∂θ Σᵢ vᵢ·∇ₓD(xᵢ, yᵢ) through three LayerNorms (the second-order terms) and without them. */
    @Test
    void tangentWeightGradientsMatchFiniteDifferences() {
        checkPenalty(true, 11);
        checkPenalty(true, 21);
        checkPenalty(false, 31);
    }

    @Test
    void criticPenaltyAndGeneratorGradientsOfTheMinsNetworkMatchFiniteDifferences() {
        ConditionalCritic d = ConditionalCritic.of(GanNetwork.MINS, 3, List.of(7, 6), F64, 13);
        double[] h = random(4 * 3, 14);
        double[] y = {0.4, -0.2, 1.1, -0.7};
        double[] coef = {1.0, 0.5, 2.0, 0.1};
        d.zeroGrad();
        d.gradientPenalty(h, y, coef);
        INDArray grads = d.parameters().get(0).grad().dup();
        GradCheck.check(d.flatParameters(), grads, () -> dot(d.gradientPenalty(h, y, null), coef), 1e-5);

        ConditionalGenerator g = ConditionalGenerator.categorical(GanNetwork.MINS, 3, 2, 4, List.of(6, 5), F64, 1);
        double[] c = random(3 * 8, 2);
        double[] ys = {0.3, -1.2, 0.8};
        g.zeroGrad();
        g.sample(ys, 0.7, new SplittableRandom(5));
        g.backward(c);
        INDArray gg = g.parameters().get(0).grad().dup();
        GradCheck.check(g.flatParameters(), gg, () -> dot(g.sample(ys, 0.7, new SplittableRandom(5)), c), 1e-6);
        assertEquals(GanNetwork.MINS, g.kind());
        IllegalStateException e = assertThrows(IllegalStateException.class, g::network);
        assertEquals("a MINS generator has no plain Mlp; use flatParameters()", e.getMessage());
    }

    @Test
    void badInputIsRefused() {
        ConditionedMlp f = ConditionedMlp.of(3, 4, List.of(5), 1, 0.2, true, F64, 0);
        assertEquals(
                "5 input values for 2 × 3 rows",
                assertThrows(IllegalArgumentException.class, () -> f.forward(new double[5], new double[2]))
                        .getMessage());
        assertEquals(
                "call inputGradient first (it records the rows)",
                assertThrows(IllegalStateException.class, () -> {
                            f.forward(new double[6], new double[2]);
                            f.addTangentWeightGradients(new double[6]);
                        })
                        .getMessage());
        assertEquals(
                "MINs' network needs ≥ 1 hidden layer",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ConditionalCritic.of(GanNetwork.MINS, 3, List.of(), F64, 0))
                        .getMessage());
    }
}
