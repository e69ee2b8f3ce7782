package org.mbo4j.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Das–Dennis weights as ParetoFlow takes them (the smallest p with at least 300), neighbourhoods and angles. */
class DasDennisTest {

    @Test
    void atLeast300WeightsGive300_300_364_462() {
        int[] m = {2, 3, 4, 6};
        int[] p = {299, 23, 11, 6};
        int[] n = {300, 300, 364, 462};
        for (int i = 0; i < m.length; i++) {
            assertEquals(p[i], DasDennis.partitionsFor(m[i], 300), "p for m = " + m[i]);
            assertEquals(n[i], DasDennis.weights(m[i], p[i]).length, "N_w for m = " + m[i]);
            assertEquals(n[i], DasDennis.count(m[i], p[i]));
        }
        assertEquals(286, DasDennis.count(4, 10)); // so p = 11 for m = 4
        assertEquals(252, DasDennis.count(6, 5));
    }

    @Test
    void rowsAreLexicographicWithColumnZeroFirst() {
        double[][] w3 = DasDennis.weights(3, 23);
        assertArrayEquals(new double[] {0, 0, 1}, w3[0], 0);
        assertArrayEquals(new double[] {0, 1 / 23.0, 22 / 23.0}, w3[1], 1e-15);
        assertArrayEquals(new double[] {0, 1, 0}, w3[23], 0);
        assertArrayEquals(new double[] {1 / 23.0, 0, 22 / 23.0}, w3[24], 1e-15);
        assertArrayEquals(new double[] {1, 0, 0}, w3[299], 0);
        double[][] w2 = DasDennis.weights(2, 299);
        assertArrayEquals(new double[] {0, 1}, w2[0], 0);
        assertArrayEquals(new double[] {1 / 299.0, 298 / 299.0}, w2[1], 1e-15);
        for (double[] row : w3) assertEquals(1, row[0] + row[1] + row[2], 1e-12);
    }

    /**
     * Weights (0, 1), (½, ½), (1, 0): angles 45° and 90° from the first, 45° and 45° from the middle; the filter
     * angle is the mean angle to the m = 2 nearest others: 67.5° and 45°.
     */
    @Test
    void neighboursIncludeThemselvesAndFilterAnglesAreMeanAngles() {
        double[][] w = DasDennis.weights(2, 2);
        int[][] nb = DasDennis.neighbours(w, 2);
        assertArrayEquals(new int[] {0, 1}, nb[0]);
        assertArrayEquals(new int[] {1, 0}, nb[1], "ties (0 and 2) go to the lower index");
        assertArrayEquals(new int[] {2, 1}, nb[2]);
        double[] a = DasDennis.filterAngles(w);
        assertArrayEquals(new double[] {3 * Math.PI / 8, Math.PI / 4, 3 * Math.PI / 8}, a, 1e-12);
    }
}
