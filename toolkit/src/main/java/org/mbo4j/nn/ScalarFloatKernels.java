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
}
