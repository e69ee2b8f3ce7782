package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mbo4j.nn.Dot;

class RowsTest {

    @Test
    void subtractCombinationByHand() {
        Rows rows = new Rows();
        rows.add(new double[] {1, 2, 3});
        rows.add(new double[] {10, 20, 30});
        double[] out = {100, 100, 100};
        rows.subtractCombination(new double[] {2, -1}, out, 3);
        // 100 − 2·1 + 10, 100 − 4 + 20, 100 − 6 + 30
        assertArrayEquals(new double[] {108, 116, 124}, out, 0);
        rows.subtractCombination(new double[] {1, 1}, out, 2); // the third entry left as it is
        assertArrayEquals(new double[] {97, 94, 124}, out, 0);
    }

    /**
     * Four rows per pass give the bits of the row-by-row loop for every count of rows (blocks of four and every
     * remainder), with zero coefficients skipped wherever they fall, on values that round differently in another
     * order.
     */
    @Test
    void subtractCombinationGivesTheRowByRowBits() {
        Random r = new Random(3);
        for (int count = 0; count <= 13; count++) {
            Rows rows = new Rows();
            double[][] plain = new double[count][];
            for (int i = 0; i < count; i++) {
                double[] row = new double[37];
                for (int a = 0; a < row.length; a++) row[a] = r.nextGaussian() * Math.pow(10, r.nextInt(17) - 8);
                rows.add(row);
                plain[i] = row;
            }
            double[] c = new double[count];
            for (int i = 0; i < count; i++) c[i] = r.nextInt(4) == 0 ? 0 : r.nextGaussian() * 1e3;
            double[] start = new double[37];
            for (int a = 0; a < start.length; a++) start[a] = r.nextGaussian() * 1e8;
            double[] expected = start.clone();
            for (int i = 0; i < count; i++) {
                if (c[i] == 0) continue;
                for (int a = 0; a < 35; a++) expected[a] -= c[i] * plain[i][a];
            }
            double[] out = start.clone();
            rows.subtractCombination(c, out, 35);
            for (int a = 0; a < out.length; a++) {
                assertEquals(
                        Double.doubleToLongBits(expected[a]),
                        Double.doubleToLongBits(out[a]),
                        count + " rows, entry " + a);
            }
        }
    }

    @Test
    void growsPastItsFirstCapacityAndTimesIsDotPerRow() {
        Rows rows = new Rows();
        double[][] plain = new double[40][];
        for (int i = 0; i < 40; i++) {
            plain[i] = new double[] {i, 1, -i * 0.5};
            rows.add(plain[i]);
        }
        assertEquals(40, rows.size());
        assertSame(plain[39], rows.get(39));
        double[] v = {0.25, 3, 1};
        double[] out = new double[40];
        rows.times(v, 3, out);
        for (int i = 0; i < 40; i++) assertEquals(Dot.dot(plain[i], v, 3), out[i], 0, "row " + i);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> rows.get(40));
        assertEquals("row 40 of 40", e.getMessage());
    }
}
