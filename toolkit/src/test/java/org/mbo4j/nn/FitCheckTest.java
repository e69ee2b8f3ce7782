package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link FitCheck} against hand-computed spreads and R², its row sampling, its warning and its input errors. */
class FitCheckTest {

    /** f̂(x) = w·x + b on one input. */
    private static Mlp line(double w, double b) {
        Mlp m = Mlp.builder(1)
                .hidden()
                .outputs(1)
                .dataType(DataType.DOUBLE)
                .seed(0)
                .build();
        m.weight(0).putScalar(0, 0, w);
        m.bias(0).putScalar(0, 0, b);
        return m;
    }

    private static INDArray column(double... v) {
        return Nd4j.create(v, new long[] {v.length, 1}, DataType.DOUBLE);
    }

    @Test
    void constantModelIsCollapsedWithHandComputedR2() {
        // x = 1..4, y = 2x = 2,4,6,8 (mean 5, variance 5); f̂ ≡ 3: MSE = (1 + 1 + 9 + 25)/4 = 9, R² = 1 − 9/5 = −0.8
        FitCheck c = FitCheck.of(line(0, 3), column(1, 2, 3, 4), column(2, 4, 6, 8));
        assertEquals(4, c.rows());
        assertEquals(0.0, c.predictionStd(), 1e-12);
        assertEquals(Math.sqrt(5), c.targetStd(), 1e-12);
        assertEquals(-0.8, c.r2(), 1e-12);
        assertEquals(0.0, c.spearman(), 0.0);
        assertTrue(c.collapsed());
    }

    @Test
    void exactAndSlightlyOffModelsAreNotCollapsed() {
        FitCheck exact = FitCheck.of(line(2, 0), column(1, 2, 3, 4), column(2, 4, 6, 8));
        assertEquals(1.0, exact.r2(), 1e-12);
        assertEquals(1.0, exact.spearman(), 1e-12);
        assertFalse(exact.collapsed());
        // f̂ = x: spread √1.25 = half the targets' spread √5; residuals 1,2,3,4 → MSE 7.5, R² = 1 − 7.5/5 = −0.5
        FitCheck half = FitCheck.of(line(1, 0), column(1, 2, 3, 4), column(2, 4, 6, 8));
        assertEquals(Math.sqrt(1.25), half.predictionStd(), 1e-12);
        assertEquals(-0.5, half.r2(), 1e-12);
        assertEquals(1.0, half.spearman(), 1e-12, "a model off by a factor still orders the designs");
        assertFalse(half.collapsed());
    }

    @Test
    void spreadJustBelowOnePercentOfTheTargetsCountsAsCollapsed() {
        INDArray x = column(1, 2, 3, 4);
        INDArray y = column(1, 2, 3, 4);
        assertTrue(FitCheck.of(line(0.0099, 0), x, y).collapsed());
        assertFalse(FitCheck.of(line(0.0101, 0), x, y).collapsed());
        assertFalse(FitCheck.of(line(0, 1), x, column(5, 5, 5, 5)).collapsed(), "constant targets: nothing to fit");
    }

    @Test
    void largeInputsUseEvenlySpacedRows() {
        int n = 3000;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i;
            ys[i] = i < n / 2 ? 0 : 1; // half zeros, half ones: variance ¼ on any evenly spaced sample
        }
        FitCheck c = FitCheck.of(line(0, 0.5), column(xs), column(ys));
        assertEquals(FitCheck.MAX_ROWS, c.rows());
        // rows i·3000/1024 for i < 1024: the first 512 fall below row 1500, so the sample is exactly half ones
        assertEquals(0.5, c.targetStd(), 1e-12);
        assertEquals(0.0, c.r2(), 1e-12);
    }

    @Test
    void warnsOnlyWhenCollapsedAndNamesMethodAndFix() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        FitCheck.of(line(2, 0), column(1, 2, 3), column(2, 4, 6)).warnIfCollapsed("iom", "Lower lambda.", err);
        assertEquals("", buf.toString(StandardCharsets.UTF_8));
        FitCheck.of(line(0, 3), column(1, 2, 3), column(2, 4, 6)).warnIfCollapsed("iom", "Lower lambda.", err);
        String msg = buf.toString(StandardCharsets.UTF_8);
        assertTrue(msg.startsWith("mbo4j: iom: the surrogate collapsed"), msg);
        assertTrue(msg.contains("R² ") && msg.contains("on 3 training rows") && msg.contains("Lower lambda."), msg);
    }

    @Test
    void badInputsAreNamed() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> FitCheck.of(line(1, 0), Nd4j.create(DataType.DOUBLE, 0, 1), Nd4j.create(DataType.DOUBLE, 0, 1)));
        assertTrue(e.getMessage().contains("at least one row"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FitCheck.of(line(1, 0), column(1, 2), column(1, 2, 3)));
        assertTrue(e.getMessage().contains("2 input rows but 3 targets"), e.getMessage());
    }
}
