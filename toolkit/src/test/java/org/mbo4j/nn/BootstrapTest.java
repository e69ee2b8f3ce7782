package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BootstrapTest {
    @Test
    void countsAreDeterministicSumToNAndLeaveAboutAThirdOut() {
        int[] a = Bootstrap.counts(10_000, 5);
        assertArrayEquals(a, Bootstrap.counts(10_000, 5));
        assertFalse(Arrays.equals(a, Bootstrap.counts(10_000, 6)));
        assertEquals(10_000, Arrays.stream(a).sum());
        long zeros = Arrays.stream(a).filter(c -> c == 0).count();
        assertEquals(Math.exp(-1), zeros / 10_000.0, 0.02); // P(never drawn) → 1/e
    }

    @Test
    void weightMatrixColumnsAreThePerModelCounts() {
        INDArray w = Bootstrap.weights(50, 3, 2, DataType.FLOAT);
        assertEquals(50, w.rows());
        for (int m = 0; m < 3; m++) {
            int[] c = Bootstrap.counts(50, 2 * 1_000_003L + m);
            for (int i = 0; i < 50; i++) assertEquals(c[i], w.getDouble(i, m));
        }
    }
}
