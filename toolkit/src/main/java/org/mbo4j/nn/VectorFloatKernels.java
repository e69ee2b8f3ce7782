package org.mbo4j.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatKernels} on the JDK's Vector API, the platform's widest float vectors (16 lanes with AVX-512), with
 * {@link ScalarFloatKernels} for the tail. The same IEEE operations per element as the scalar loops: multiplies
 * and adds stay separate (no FMA), and the square root is the correctly rounded float one, which equals Java's
 * {@code (float) Math.sqrt(v)}. Loaded only through {@link FloatKernels#INSTANCE} when the module is present.
 */
final class VectorFloatKernels implements FloatKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder O = ByteOrder.nativeOrder();
    private final ScalarFloatKernels tail = new ScalarFloatKernels();

    /** Float lanes per vector (16 with AVX-512). */
    static int lanes() {
        return S.length();
    }

    /** {@link FloatExp#exp} lane-wise, with the same float operations in the same order. */
    static FloatVector exp(FloatVector x) {
        FloatVector t = x.mul(FloatExp.LOG2E).add(FloatExp.ROUND);
        FloatVector r = reduced(x, t);
        return r.mul(poly(r)).add(1f).mul(pow2(t)).blend(0f, x.lt(FloatExp.MIN));
    }

    /** {@link FloatExp#expm1} lane-wise, with the same float operations in the same order. */
    static FloatVector expm1(FloatVector x) {
        FloatVector t = x.mul(FloatExp.LOG2E).add(FloatExp.ROUND);
        FloatVector r = reduced(x, t);
        FloatVector q = r.mul(poly(r));
        FloatVector scale = pow2(t);
        return scale.mul(q).add(scale.sub(1f)).blend(-1f, x.lt(FloatExp.MIN));
    }

    private static FloatVector reduced(FloatVector x, FloatVector t) {
        FloatVector n = t.sub(FloatExp.ROUND);
        return x.sub(n.mul(FloatExp.LN2_HI)).sub(n.mul(FloatExp.LN2_LO));
    }

    private static FloatVector poly(FloatVector r) {
        FloatVector poly = r.mul(FloatExp.C7).add(FloatExp.C6);
        poly = r.mul(poly).add(FloatExp.C5);
        poly = r.mul(poly).add(FloatExp.C4);
        poly = r.mul(poly).add(FloatExp.C3);
        poly = r.mul(poly).add(FloatExp.C2);
        return r.mul(poly).add(1f);
    }

    private static FloatVector pow2(FloatVector t) {
        return (FloatVector) ((IntVector) t.reinterpretAsInts())
                .sub(FloatExp.ROUND_BITS - 127)
                .lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
    }

    /** The first index from which fewer than a full vector remain. */
    private static int vectorEnd(int from, int to) {
        return from + (to - from) / S.length() * S.length();
    }

    @Override
    public void adam(
            ByteBuffer th,
            ByteBuffer g,
            ByteBuffer m,
            ByteBuffer v,
            int from,
            int to,
            float b1,
            float b2,
            float lrT,
            float eps,
            boolean writeUpdate) {
        float c1 = 1 - b1, c2 = 1 - b2;
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += S.length()) {
            int at = 4 * i;
            FloatVector gi = FloatVector.fromByteBuffer(S, g, at, O);
            FloatVector ga = gi.abs();
            gi = gi.blend(0f, ga.lt(Float.MIN_NORMAL));
            FloatVector mi = FloatVector.fromByteBuffer(S, m, at, O).mul(b1).add(gi.mul(c1));
            FloatVector sq = gi.mul(c2).mul(gi).blend(0f, ga.lt(ScalarFloatKernels.SQRT_MIN_NORMAL));
            FloatVector vi = FloatVector.fromByteBuffer(S, v, at, O).mul(b2).add(sq);
            mi = mi.blend(0f, mi.abs().lt(Float.MIN_NORMAL));
            vi = vi.blend(0f, vi.lt(Float.MIN_NORMAL));
            FloatVector u = mi.mul(lrT).div(vi.sqrt().add(eps));
            mi.intoByteBuffer(m, at, O);
            vi.intoByteBuffer(v, at, O);
            if (writeUpdate) u.intoByteBuffer(g, at, O);
            FloatVector.fromByteBuffer(S, th, at, O).sub(u).intoByteBuffer(th, at, O);
        }
        tail.adam(th, g, m, v, end, to, b1, b2, lrT, eps, writeUpdate);
    }

    @Override
    public void leakyRelu(ByteBuffer zb, int from, int to, float slope) {
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += S.length()) {
            int at = 4 * i;
            FloatVector z = FloatVector.fromByteBuffer(S, zb, at, O);
            VectorMask<Float> kept = slope == 0 ? z.compare(VectorOperators.GT, 0f) : z.compare(VectorOperators.GE, 0f);
            z.blend(slope == 0 ? FloatVector.zero(S) : z.mul(slope), kept.not()).intoByteBuffer(zb, at, O);
        }
        tail.leakyRelu(zb, end, to, slope);
    }

    @Override
    public void leakyReluBackward(ByteBuffer ob, ByteBuffer gb, int from, int to, float slope) {
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += S.length()) {
            int at = 4 * i;
            FloatVector out = FloatVector.fromByteBuffer(S, ob, at, O);
            FloatVector g = FloatVector.fromByteBuffer(S, gb, at, O);
            VectorMask<Float> kept =
                    slope == 0 ? out.compare(VectorOperators.GT, 0f) : out.compare(VectorOperators.GE, 0f);
            g.blend(g.mul(slope), kept.not()).intoByteBuffer(gb, at, O);
        }
        tail.leakyReluBackward(ob, gb, end, to, slope);
    }

    @Override
    public void swish(ByteBuffer zb, ByteBuffer mb, int from, int to) {
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += S.length()) {
            int at = 4 * i;
            FloatVector v = FloatVector.fromByteBuffer(S, zb, at, O);
            FloatVector e = exp(v.abs().neg());
            FloatVector d = e.add(1f);
            FloatVector s = FloatVector.broadcast(S, 1f).div(d).blend(e.div(d), v.lt(0f));
            v.mul(s).intoByteBuffer(zb, at, O);
            s.mul(v.mul(FloatVector.broadcast(S, 1f).sub(s)).add(1f)).intoByteBuffer(mb, at, O);
        }
        tail.swish(zb, mb, end, to);
    }

    @Override
    public void selu(ByteBuffer zb, int from, int to) {
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += S.length()) {
            int at = 4 * i;
            FloatVector v = FloatVector.fromByteBuffer(S, zb, at, O);
            FloatVector neg = expm1(v).mul(SELU_SCALE_ALPHA);
            neg.blend(v.mul(SELU_SCALE), v.compare(VectorOperators.GT, 0f)).intoByteBuffer(zb, at, O);
        }
        tail.selu(zb, end, to);
    }

    @Override
    public void seluBackward(ByteBuffer ob, ByteBuffer gb, int from, int to) {
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += S.length()) {
            int at = 4 * i;
            FloatVector a = FloatVector.fromByteBuffer(S, ob, at, O);
            FloatVector d = a.add(SELU_SCALE_ALPHA).blend(SELU_SCALE, a.compare(VectorOperators.GT, 0f));
            FloatVector.fromByteBuffer(S, gb, at, O).mul(d).intoByteBuffer(gb, at, O);
        }
        tail.seluBackward(ob, gb, end, to);
    }

    @Override
    public void gelu(ByteBuffer xb, ByteBuffer yb, int from, int to) {
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += S.length()) {
            int at = 4 * i;
            FloatVector x = FloatVector.fromByteBuffer(S, xb, at, O);
            FloatVector u = x.mul(ScalarFloatKernels.SQRT_HALF), a = u.abs();
            FloatVector t =
                    FloatVector.broadcast(S, 1f).div(a.mul(ScalarFloatKernels.P).add(1f));
            FloatVector q = t.mul(ScalarFloatKernels.A5).add(ScalarFloatKernels.A4);
            q = t.mul(q).add(ScalarFloatKernels.A3);
            q = t.mul(q).add(ScalarFloatKernels.A2);
            q = t.mul(q).add(ScalarFloatKernels.A1);
            FloatVector e =
                    FloatVector.broadcast(S, 1f).sub(t.mul(q).mul(exp(a.mul(a).neg())));
            FloatVector erf = e.blend(e.neg(), u.lt(0f));
            x.mul(0.5f).mul(erf.add(1f)).intoByteBuffer(yb, at, O);
        }
        tail.gelu(xb, yb, end, to);
    }

    @Override
    public void geluBackward(ByteBuffer xb, ByteBuffer db, ByteBuffer gb, int from, int to) {
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += S.length()) {
            int at = 4 * i;
            FloatVector x = FloatVector.fromByteBuffer(S, xb, at, O);
            FloatVector u = x.mul(ScalarFloatKernels.SQRT_HALF), a = u.abs();
            FloatVector t =
                    FloatVector.broadcast(S, 1f).div(a.mul(ScalarFloatKernels.P).add(1f));
            FloatVector q = t.mul(ScalarFloatKernels.A5).add(ScalarFloatKernels.A4);
            q = t.mul(q).add(ScalarFloatKernels.A3);
            q = t.mul(q).add(ScalarFloatKernels.A2);
            q = t.mul(q).add(ScalarFloatKernels.A1);
            FloatVector poly = t.mul(q);
            FloatVector dq = t.mul(ScalarFloatKernels.B5).add(ScalarFloatKernels.B4);
            dq = t.mul(dq).add(ScalarFloatKernels.B3);
            dq = t.mul(dq).add(ScalarFloatKernels.B2);
            dq = t.mul(dq).add(ScalarFloatKernels.A1);
            FloatVector ex = exp(a.mul(a).neg());
            FloatVector e = FloatVector.broadcast(S, 1f).sub(poly.mul(ex));
            FloatVector erf = e.blend(e.neg(), u.lt(0f));
            FloatVector derf = ex.mul(
                    a.mul(2f).mul(poly).add(t.mul(ScalarFloatKernels.P).mul(t).mul(dq)));
            FloatVector g = erf.add(1f).mul(0.5f).add(x.mul(0.5f).mul(derf).mul(ScalarFloatKernels.SQRT_HALF));
            FloatVector.fromByteBuffer(S, db, at, O).mul(g).intoByteBuffer(gb, at, O);
        }
        tail.geluBackward(xb, db, gb, end, to);
    }

    @Override
    public void add(ByteBuffer ab, ByteBuffer bb, ByteBuffer ob, int from, int to) {
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += S.length()) {
            int at = 4 * i;
            FloatVector.fromByteBuffer(S, ab, at, O)
                    .add(FloatVector.fromByteBuffer(S, bb, at, O))
                    .intoByteBuffer(ob, at, O);
        }
        tail.add(ab, bb, ob, end, to);
    }
}
