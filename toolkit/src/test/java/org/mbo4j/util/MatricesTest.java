package org.mbo4j.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MatricesTest {

    @Test
    void columnRangeByHand() {
        double[][] r = Matrices.columnRange(new double[][] {{1, -2, 5}, {3, -7, 5}, {-4, 0, 5}});
        assertArrayEquals(new double[] {-4, -7, 5}, r[0]);
        assertArrayEquals(new double[] {3, 0, 5}, r[1]);
    }

    @Test
    void columnRangeOfOneRowIsThatRowTwice() {
        double[][] r = Matrices.columnRange(new double[][] {{0.5, -0.0}});
        assertArrayEquals(new double[] {0.5, -0.0}, r[0]);
        assertArrayEquals(new double[] {0.5, -0.0}, r[1]);
    }

    @Test
    void nanMakesItsColumnNan() {
        double[][] r = Matrices.columnRange(new double[][] {{1, Double.NaN}, {2, 3}});
        assertArrayEquals(new double[] {1, 2}, new double[] {r[0][0], r[1][0]});
        assertTrue(Double.isNaN(r[0][1]) && Double.isNaN(r[1][1]));
    }

    @Test
    void noRowsIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> Matrices.columnRange(new double[0][]));
        assertEquals("no rows: a column range needs at least one row", e.getMessage());
    }

    @Test
    void copyIsDeep() {
        double[][] a = {{1, 2}, {3}};
        double[][] c = Matrices.copy(a);
        assertNotSame(a[0], c[0]);
        c[0][0] = 9;
        assertEquals(1, a[0][0]);
        assertArrayEquals(new double[] {3}, c[1]);
    }
}
