package org.mbo4j.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IgdTest {

    @Test
    void threePointFrontByHand() {
        double[][] front = {{0, 1}, {1, 0}, {0.5, 0.5}};
        double[][] points = {{0, 1}, {1, 1}};
        // (0,1) → 0; (1,0) → min(√2, 1) = 1; (0.5,0.5) → min(√0.5, √0.5) = √0.5
        assertEquals((0 + 1 + Math.sqrt(0.5)) / 3, Igd.compute(points, front), 1e-15);
        assertEquals(0.0, Igd.compute(front, front));
        // only the middle front point is missed, by √0.5
        assertEquals(Math.sqrt(0.5) / 3, Igd.compute(new double[][] {{0, 1}, {1, 0}}, front), 1e-15);
        // not symmetric: from the solutions' side (0,1) → 0 and (1,1) → min(1, 1, √0.5) = √0.5
        assertEquals(Math.sqrt(0.5) / 2, Igd.compute(front, points), 1e-15);
    }

    @Test
    void badInputIsNamed() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Igd.compute(new double[][] {{1, 2}}, new double[0][]));
        assertEquals("the reference front is empty; IGD needs one point", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Igd.compute(new double[0][], new double[][] {{1, 2}}));
        assertEquals("the solution set is empty; IGD needs at least one point", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Igd.compute(new double[][] {{1, 2, 3}}, new double[][] {{1, 2}}));
        assertEquals("point 0 has 3 objectives but the front's first point has 2", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Igd.compute(new double[][] {{1, Double.NaN}}, new double[][] {{1, 2}}));
        assertEquals("point 0 contains NaN", e.getMessage());
    }
}
