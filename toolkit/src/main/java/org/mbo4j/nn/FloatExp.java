package org.mbo4j.nn;

/**
 * e^x for x ≤ 0 in float operations only, for the float32 kernels (softmax in {@link AttentionKernels}, GELU in
 * {@link FloatKernels}): n = round(x·log₂e), r = x − n·ln 2 (ln 2 in two parts, so n·ln 2 is exact to float
 * precision), e^r by its Taylor polynomial to degree 7 (|r| ≤ 0.35: truncation error below 6e-9), times 2ⁿ built
 * from the exponent bits; 0 below −87.33 (where 2ⁿ would be subnormal). Relative error against {@link Math#exp}
 * below 2e-7 (tested in {@code AttentionKernelsTest}). {@link VectorFloatKernels#exp} evaluates the same
 * operations lane-wise (no fused multiply-add), so the two agree bit for bit.
 */
final class FloatExp {
    /** Below this, {@link #exp} returns 0. */
    static final float MIN = -87.33f;
    /** log₂ e. */
    static final float LOG2E = 1.44269504f;
    /** 1.5·2²³: adding it rounds a float of magnitude below 2²² to an integer. */
    static final float ROUND = 12582912f;
    /** The bits of {@link #ROUND}; those of ROUND + n are these plus n. */
    static final int ROUND_BITS = 0x4B400000;
    /** ln 2 in two parts, the first exact in 9 bits. */
    static final float LN2_HI = 0.693359375f;

    static final float LN2_LO = -2.12194440e-4f;
    static final float C2 = 1f / 2;
    static final float C3 = 1f / 6;
    static final float C4 = 1f / 24;
    static final float C5 = 1f / 120;
    static final float C6 = 1f / 720;
    static final float C7 = 1f / 5040;

    private FloatExp() {}

    /** e^x for x ≤ 0 (0 below {@link #MIN}). */
    static float exp(float x) {
        if (x < MIN) return 0f;
        float t = shifted(x);
        float r = reduced(x, t);
        return (r * poly(r) + 1f) * pow2(t);
    }

    /**
     * e^x − 1 for x ≤ 0 (−1 below {@link #MIN}) without the cancellation of {@code exp(x) − 1} near 0: with n, r and
     * 2ⁿ as in {@link #exp} and q = r·(1 + r·(½ + … + r/5040)) = e^r − 1, the result is 2ⁿ·q + (2ⁿ − 1) (for n = 0
     * that is q itself, so the relative error stays near float rounding as x → 0; −0 gives +0). Relative error against
     * {@link Math#expm1} below 3e-7 (tested in {@code FloatKernelsTest}); {@link VectorFloatKernels#expm1}
     * evaluates the same operations lane-wise.
     */
    static float expm1(float x) {
        if (x < MIN) return -1f;
        float t = shifted(x);
        float r = reduced(x, t);
        float q = r * poly(r);
        float scale = pow2(t);
        return scale * q + (scale - 1f);
    }

    /** x·log₂e + 1.5·2²³: n = round(x·log₂e) sits in its low mantissa bits. */
    private static float shifted(float x) {
        return x * LOG2E + ROUND;
    }

    /** r = x − n·ln 2 with n = t − 1.5·2²³ (ln 2 in two parts). */
    private static float reduced(float x, float t) {
        float n = t - ROUND;
        return x - n * LN2_HI - n * LN2_LO;
    }

    /** 1 + r/2 + r²/6 + … + r⁶/5040 by Horner's rule, so that e^r = 1 + r·poly(r). */
    private static float poly(float r) {
        float poly = r * C7 + C6;
        poly = r * poly + C5;
        poly = r * poly + C4;
        poly = r * poly + C3;
        poly = r * poly + C2;
        return r * poly + 1f;
    }

    /** 2ⁿ from the exponent bits, n read from {@link #shifted}'s result. */
    private static float pow2(float t) {
        return Float.intBitsToFloat((Float.floatToRawIntBits(t) - (ROUND_BITS - 127)) << 23);
    }
}
