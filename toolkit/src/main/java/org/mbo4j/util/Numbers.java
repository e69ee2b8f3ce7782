package org.mbo4j.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How numbers are shown to people (terminal and notebook tables, chart labels): four significant digits, trailing
 * zeros dropped, whole numbers as integers. Files meant for programs (results.json, summary.csv) keep full
 * precision and do not use this class.
 */
public final class Numbers {
    /** Significant digits of {@link #show(double)}. */
    public static final int DIGITS = 4;

    private Numbers() {}

    /**
     * {@code v} rounded to {@link #DIGITS} significant digits (half-even, on the shortest decimal form of the
     * double), trailing zeros dropped: {@code 0.36651134490966797 → "0.3665"}, {@code 0.5 → "0.5"}, {@code 128.0 →
     * "128"}, {@code 123456.7 → "123500"}, {@code 1.23456e-7 → "1.235e-7"}, {@code 9.87654e12 → "9.877e12"}.
     * Plain notation for magnitudes in [1e-4, 1e7), scientific otherwise; NaN and infinities as {@code "NaN"},
     * {@code "Infinity"}, {@code "-Infinity"}; negative zero as {@code "0"}.
     */
    public static String show(double v) {
        return significant(v, DIGITS);
    }

    /** {@code v} rounded to {@code digits} significant digits, formatted as {@link #show(double)} describes. */
    public static String significant(double v, int digits) {
        if (digits < 1) throw new IllegalArgumentException("significant digits must be at least 1, got " + digits);
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        if (v == 0) return "0";
        BigDecimal d = BigDecimal.valueOf(v)
                .round(new MathContext(digits, RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e7) return d.toPlainString();
        int exponent = d.precision() - d.scale() - 1;
        BigDecimal mantissa = d.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + exponent;
    }

    /** {@code mean ± std}, each with {@link #show(double)}. */
    public static String meanStd(double mean, double std) {
        return String.format(Locale.ROOT, "%s ± %s", show(mean), show(std));
    }
}
