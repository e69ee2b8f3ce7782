package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GaussianMlpTest {
    @Test
    void theVaesFastClipAgreesWithTheLog1pClip() {
        double max = Math.log(0.3);
        double min = Math.log(0.05);
        for (double raw : new double[] {-60, -20, -3.2, -1.7, 0, 0.4, 2.5, 40}) {
            double[] a = LogStdClip.clip(raw, max, min);
            double[] b = LogStdClip.clipFast(raw, max, min);
            for (int i = 0; i < 4; i++) assertEquals(a[i], b[i], 1e-9 * Math.max(1, Math.abs(a[i])), raw + " " + i);
        }
    }

    @Test
    void softClipMatchesHandComputedValues() {
        double max = Math.log(0.2);
        double min = Math.log(0.1);
        // raw = 0: l1 = max − ln(1 + e^{max}) = ln 0.2 − ln 1.2; out = min + ln(1 + e^{l1 − min}) = ln0.1 + ln(1 +
        // 2/1.2)
        double expected = Math.log(0.1) + Math.log(1 + (0.2 / 1.2) / 0.1);
        assertEquals(expected, LogStdClip.clip(0.0, max, min)[0], 1e-12);
        // far below, the log-std saturates at min; far above at min + softplus(max − min) = ln(0.1·3) (the
        // second softplus lifts design-baselines' upper bound above max)
        assertEquals(min, LogStdClip.clip(-50, max, min)[0], 1e-9);
        assertEquals(Math.log(0.3), LogStdClip.clip(50, max, min)[0], 1e-9);
        // partials against finite differences
        double[] c = LogStdClip.clip(-1.7, max, min);
        double h = 1e-6;
        assertEquals(
                (LogStdClip.clip(-1.7 + h, max, min)[0] - LogStdClip.clip(-1.7 - h, max, min)[0]) / (2 * h),
                c[1],
                1e-8);
        assertEquals(
                (LogStdClip.clip(-1.7, max + h, min)[0] - LogStdClip.clip(-1.7, max - h, min)[0]) / (2 * h),
                c[2],
                1e-8);
        assertEquals(
                (LogStdClip.clip(-1.7, max, min + h)[0] - LogStdClip.clip(-1.7, max, min - h)[0]) / (2 * h),
                c[3],
                1e-8);
    }

    /** A Gaussian model whose last layer is zero, so its output is exactly the last bias (mean, raw logstd). */
    private static GaussianMlp constantModel(double mean, double raw) {
        GaussianMlp g = GaussianMlp.of(Mlp.builder(2).hidden(3).dataType(DataType.DOUBLE), 1);
        g.core().weight(1).assign(0);
        g.core().bias(1).assign(Nd4j.create(new double[][] {{mean, raw}}));
        return g;
    }

    @Test
    void nllMatchesHandComputedValue() {
        GaussianMlp g = constantModel(0.5, 0.0);
        double logstd = LogStdClip.clip(0.0, Math.log(0.2), Math.log(0.1))[0];
        INDArray x = Nd4j.create(new double[][] {{0, 0}, {1, 1}});
        INDArray y = Nd4j.create(new double[][] {{0.7}, {0.2}});
        INDArray w = Nd4j.create(new double[][] {{3}, {1}});
        double s2 = Math.exp(2 * logstd);
        double nll0 = 0.5 * Math.log(2 * Math.PI) + logstd + 0.5 * 0.04 / s2;
        double nll1 = 0.5 * Math.log(2 * Math.PI) + logstd + 0.5 * 0.09 / s2;
        assertEquals((3 * nll0 + nll1) / 4, g.nll(x, y, w, false), 1e-12);
        assertEquals((nll0 + nll1) / 2, g.nll(x, y, null, false), 1e-12);
        assertEquals(0.0, g.nll(x, y, Nd4j.zeros(DataType.DOUBLE, 2, 1), false));
        assertEquals(0.5, g.forward(x).getDouble(1, 0), 1e-12);
    }

    @Test
    void nllGradientsMatchFiniteDifferencesIncludingTheBounds() {
        GaussianMlp g = GaussianMlp.of(
                Mlp.builder(3)
                        .hidden(4)
                        .activation(Activation.leakyRelu(0.3))
                        .init(Init.TORCH_DEFAULT)
                        .dataType(DataType.DOUBLE)
                        .seed(2),
                2);
        INDArray x = MlpTest.randomX(5, 3, 9);
        INDArray y = MlpTest.randomX(5, 2, 10).mul(0.3);
        INDArray w = Nd4j.create(new double[][] {{1}, {0}, {2}, {1}, {3}});
        g.zeroGrad();
        g.nll(x, y, w, true);
        for (Param p : g.parameters()) {
            INDArray grad = p.grad().dup();
            GradCheck.check(p.value(), grad, () -> g.nll(x, y, w, false), 1e-5);
        }
    }

    @Test
    void inputGradientOfTheMeanMatchesFiniteDifferences() {
        GaussianMlp g = GaussianMlp.of(
                Mlp.builder(3)
                        .hidden(4)
                        .init(Init.TORCH_DEFAULT)
                        .dataType(DataType.DOUBLE)
                        .seed(5),
                1);
        INDArray x = MlpTest.randomX(4, 3, 11);
        INDArray dx = g.inputGradient(x, 0).dup();
        GradCheck.check(x, dx, () -> g.forward(x).sumNumber().doubleValue(), 1e-6);
    }
}
