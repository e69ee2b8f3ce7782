package org.mbo4j.nn;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/** {@link FloatKernels} in plain Java: one element at a time. */
final class ScalarFloatKernels implements FloatKernels {
    /** √(smallest normal float) = 2⁻⁶³: a gradient below it has a subnormal square. */
    static final float SQRT_MIN_NORMAL = 0x1p-63f;

    @Override
    public void adam(
            ByteBuffer theta,
            ByteBuffer gb,
            ByteBuffer mb,
            ByteBuffer vb,
            int from,
            int to,
            float b1,
            float b2,
            float lrT,
            float eps,
            boolean writeUpdate) {
        FloatBuffer th = theta.asFloatBuffer(), g = gb.asFloatBuffer(), m = mb.asFloatBuffer(), v = vb.asFloatBuffer();
        float c1 = 1 - b1, c2 = 1 - b2;
        for (int i = from; i < to; i++) {
            float gi = g.get(i);
            if (Math.abs(gi) < Float.MIN_NORMAL) gi = 0f;
            float mi = b1 * m.get(i) + c1 * gi;
            float vi = b2 * v.get(i) + (Math.abs(gi) < SQRT_MIN_NORMAL ? 0f : c2 * gi * gi);
            if (Math.abs(mi) < Float.MIN_NORMAL) mi = 0f;
            if (vi < Float.MIN_NORMAL) vi = 0f;
            float u = lrT * mi / ((float) Math.sqrt(vi) + eps);
            m.put(i, mi);
            v.put(i, vi);
            if (writeUpdate) g.put(i, u);
            th.put(i, th.get(i) - u);
        }
    }

    @Override
    public void leakyRelu(ByteBuffer zb, int from, int to, float slope) {
        FloatBuffer z = zb.asFloatBuffer();
        for (int i = from; i < to; i++) {
            float zi = z.get(i);
            if (slope == 0) {
                z.put(i, zi > 0 ? zi : 0f);
            } else if (!(zi >= 0)) {
                z.put(i, zi * slope);
            }
        }
    }

    @Override
    public void leakyReluBackward(ByteBuffer ob, ByteBuffer gb, int from, int to, float slope) {
        FloatBuffer out = ob.asFloatBuffer(), g = gb.asFloatBuffer();
        for (int i = from; i < to; i++) {
            float oi = out.get(i);
            if (slope == 0) {
                g.put(i, g.get(i) * (oi > 0 ? 1f : 0f));
            } else if (!(oi >= 0)) {
                g.put(i, g.get(i) * slope);
            }
        }
    }

    static final float SQRT_HALF = (float) Math.sqrt(0.5);
    static final float P = 0.3275911f;
    static final float A1 = 0.254829592f;
    static final float A2 = -0.284496736f;
    static final float A3 = 1.421413741f;
    static final float A4 = -1.453152027f;
    static final float A5 = 1.061405429f;
    /** k·Aₖ, the derivative's coefficients. */
    static final float B2 = 2 * A2;

    static final float B3 = 3 * A3;
    static final float B4 = 4 * A4;
    static final float B5 = 5 * A5;

    @Override
    public void swish(ByteBuffer zb, ByteBuffer mb, int from, int to) {
        FloatBuffer z = zb.asFloatBuffer(), m = mb.asFloatBuffer();
        for (int i = from; i < to; i++) {
            float v = z.get(i);
            float e = FloatExp.exp(-Math.abs(v));
            float d = 1f + e;
            float s = v < 0 ? e / d : 1f / d;
            z.put(i, v * s);
            m.put(i, s * (v * (1f - s) + 1f));
        }
    }

    @Override
    public void gelu(ByteBuffer xb, ByteBuffer yb, int from, int to) {
        FloatBuffer x = xb.asFloatBuffer(), y = yb.asFloatBuffer();
        for (int i = from; i < to; i++) {
            float xi = x.get(i);
            float u = xi * SQRT_HALF, a = Math.abs(u);
            float t = 1f / (a * P + 1f);
            float q = t * A5 + A4;
            q = t * q + A3;
            q = t * q + A2;
            q = t * q + A1;
            float e = 1f - t * q * FloatExp.exp(-(a * a));
            float erf = u < 0 ? -e : e;
            y.put(i, xi * 0.5f * (erf + 1f));
        }
    }

    @Override
    public void geluBackward(ByteBuffer xb, ByteBuffer db, ByteBuffer gb, int from, int to) {
        FloatBuffer x = xb.asFloatBuffer(), d = db.asFloatBuffer(), g = gb.asFloatBuffer();
        for (int i = from; i < to; i++) {
            float xi = x.get(i);
            float u = xi * SQRT_HALF, a = Math.abs(u);
            float t = 1f / (a * P + 1f);
            float q = t * A5 + A4;
            q = t * q + A3;
            q = t * q + A2;
            q = t * q + A1;
            float poly = t * q;
            float dq = t * B5 + B4;
            dq = t * dq + B3;
            dq = t * dq + B2;
            dq = t * dq + A1;
            float ex = FloatExp.exp(-(a * a));
            float e = 1f - poly * ex;
            float erf = u < 0 ? -e : e;
            float derf = ex * (a * 2f * poly + t * P * t * dq);
            g.put(i, d.get(i) * ((erf + 1f) * 0.5f + xi * 0.5f * derf * SQRT_HALF));
        }
    }

    @Override
    public void selu(ByteBuffer zb, int from, int to) {
        FloatBuffer z = zb.asFloatBuffer();
        for (int i = from; i < to; i++) {
            float v = z.get(i);
            z.put(i, v > 0 ? v * SELU_SCALE : FloatExp.expm1(v) * SELU_SCALE_ALPHA);
        }
    }

    @Override
    public void seluBackward(ByteBuffer ob, ByteBuffer gb, int from, int to) {
        FloatBuffer out = ob.asFloatBuffer(), g = gb.asFloatBuffer();
        for (int i = from; i < to; i++) {
            float a = out.get(i);
            g.put(i, g.get(i) * (a > 0 ? SELU_SCALE : a + SELU_SCALE_ALPHA));
        }
    }

    @Override
    public void add(ByteBuffer ab, ByteBuffer bb, ByteBuffer ob, int from, int to) {
        FloatBuffer a = ab.asFloatBuffer(), b = bb.asFloatBuffer(), out = ob.asFloatBuffer();
        for (int i = from; i < to; i++) out.put(i, a.get(i) + b.get(i));
    }
}
