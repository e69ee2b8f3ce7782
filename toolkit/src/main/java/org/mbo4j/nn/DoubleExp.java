package org.mbo4j.nn;

/**
 * e^x in double operations only, for SIMD loops that must agree with their scalar version bit for bit ({@link Mish}):
 * n = round(x·log₂e) by adding 1.5·2⁵², r = (x − n·ln2₁) − n·ln2₂ (fdlibm's two-part ln 2, whose first part has 32
 * significant bits, so n·ln2₁ is exact), e^r by its Taylor polynomial to degree 12 in Horner form (|r| ≤ 0.347:
 * truncation error below 2e-16), times 2ⁿ built from the exponent bits. No fused multiply-add, so a lane-wise
 * evaluation of the same operations gives the same bits. Defined for {@link #MIN} ≤ x ≤ {@link #MAX} (2ⁿ is then a
 * normal double); {@link #exp} returns 0 below and +∞ above. Error up to about 2.5 ulps of the exact value, near
 * |r| = 0.347 where stopping at degree 12 costs 1.5; at most 2 ulps against {@link Math#exp} in 200 million samples
 * (a second reader's check, 2026-12-06; {@code TemporalUnetTest} allows 3).
 */
final class DoubleExp {
    /** The smallest argument evaluated; below it {@link #exp} returns 0 (e^x &lt; 3.3e-308 there). */
    static final double MIN = -708.0;
    /** The largest argument evaluated; above it {@link #exp} returns +∞. */
    static final double MAX = 709.0;
    /** log₂ e. */
    static final double LOG2E = 1.4426950408889634;
    /** 1.5·2⁵²: adding it rounds a double of magnitude below 2⁵¹ to an integer, held in the low mantissa bits. */
    static final double ROUND = 6755399441055744.0;
    /** The bits of {@link #ROUND} less the exponent bias: bits(ROUND + n) − this = n + 1023. */
    static final long BIASED_ROUND_BITS = 0x4338000000000000L - 1023;
    /** ln 2 in two parts (fdlibm's {@code ln2HI} and {@code ln2LO}). */
    static final double LN2_HI = 6.93147180369123816490e-01;

    static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1/k! for k = 2 … 12, in Horner order from the highest. */
    static final double[] TAYLOR = {
        1.0 / 479001600,
        1.0 / 39916800,
        1.0 / 3628800,
        1.0 / 362880,
        1.0 / 40320,
        1.0 / 5040,
        1.0 / 720,
        1.0 / 120,
        1.0 / 24,
        1.0 / 6,
        1.0 / 2
    };

    private DoubleExp() {}

    /** e^x (0 below {@link #MIN}, +∞ above {@link #MAX}, NaN for NaN). */
    static double exp(double x) {
        if (x < MIN) return 0;
        if (x > MAX) return Double.POSITIVE_INFINITY;
        return inRange(x);
    }

    /** e^x for x in [{@link #MIN}, {@link #MAX}] or NaN (the operations {@code VectorMish} repeats lane-wise). */
    static double inRange(double x) {
        double t = x * LOG2E + ROUND;
        double n = t - ROUND;
        double r = x - n * LN2_HI - n * LN2_LO;
        double p = r * TAYLOR[0] + TAYLOR[1];
        for (int k = 2; k < TAYLOR.length; k++) p = p * r + TAYLOR[k];
        p = p * r + 1;
        double scale = Double.longBitsToDouble((Double.doubleToRawLongBits(t) - BIASED_ROUND_BITS) << 52);
        return (p * r + 1) * scale;
    }
}
