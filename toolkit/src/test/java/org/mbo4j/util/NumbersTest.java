package org.mbo4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void fourSignificantDigitsWithoutTrailingZeros() {
        assertEquals("0.3665", Numbers.show(0.36651134490966797));
        assertEquals("0.5", Numbers.show(0.5));
        assertEquals("0.439", Numbers.show(0.43900001));
        assertEquals("128", Numbers.show(128.0));
        assertEquals("-2.5", Numbers.show(-2.5));
        assertEquals("123500", Numbers.show(123456.7));
        assertEquals("1", Numbers.show(0.99996));
        assertEquals("0.0001234", Numbers.show(1.23449e-4));
        assertEquals("0", Numbers.show(-0.0));
    }

    @Test
    void scientificOutsideOneTenThousandthToTenMillion() {
        assertEquals("1.235e-7", Numbers.show(1.23456e-7));
        assertEquals("9.877e12", Numbers.show(9.87654e12));
        assertEquals("-1e308", Numbers.show(-1e308));
        assertEquals("1.5e7", Numbers.show(1.5e7));
    }

    @Test
    void specialValuesAndOtherDigitCounts() {
        assertEquals("NaN", Numbers.show(Double.NaN));
        assertEquals("Infinity", Numbers.show(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", Numbers.show(Double.NEGATIVE_INFINITY));
        assertEquals("0.367", Numbers.significant(0.36651134490966797, 3));
        assertEquals("0.917 ± 0.05", Numbers.meanStd(0.91695, 0.0500001));
    }
}
