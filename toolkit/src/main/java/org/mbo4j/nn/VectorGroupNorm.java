package org.mbo4j.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GroupNorm#SCALAR}'s loops with the channel loop in the Vector API: the same double operations per element,
 * and every per-channel sum taken over the tokens in the same order, so the same bits (checked when loaded, and
 * tested). Channels past the last full vector run in scalar code. Named only by {@link VectorApi#load}.
 */
final class VectorGroupNorm implements GroupNorm.Loops {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /**
     * Four channel vectors at a time with the sums in registers across the tokens (the loads of a token are
     * contiguous), then one vector at a time, then scalar channels: each channel's sum still runs in token order.
     */
    @Override
    public void sums(double[] x, int base, int length, int channels, double[] sum, double[] sq) {
        int step = S.length(), full = S.loopBound(channels), c = 0;
        for (; c + 4 * step <= full; c += 4 * step) {
            int c1 = c + step, c2 = c1 + step, c3 = c2 + step;
            DoubleVector s0 = load(sum, c), s1 = load(sum, c1), s2 = load(sum, c2), s3 = load(sum, c3);
            DoubleVector q0 = load(sq, c), q1 = load(sq, c1), q2 = load(sq, c2), q3 = load(sq, c3);
            for (int t = 0, o = base + c; t < length; t++, o += channels) {
                DoubleVector v0 = load(x, o), v1 = load(x, o + step);
                DoubleVector v2 = load(x, o + 2 * step), v3 = load(x, o + 3 * step);
                s0 = s0.add(v0);
                s1 = s1.add(v1);
                s2 = s2.add(v2);
                s3 = s3.add(v3);
                q0 = q0.add(v0.mul(v0));
                q1 = q1.add(v1.mul(v1));
                q2 = q2.add(v2.mul(v2));
                q3 = q3.add(v3.mul(v3));
            }
            s0.intoArray(sum, c);
            s1.intoArray(sum, c1);
            s2.intoArray(sum, c2);
            s3.intoArray(sum, c3);
            q0.intoArray(sq, c);
            q1.intoArray(sq, c1);
            q2.intoArray(sq, c2);
            q3.intoArray(sq, c3);
        }
        for (; c < full; c += step) {
            DoubleVector s0 = load(sum, c), q0 = load(sq, c);
            for (int t = 0, o = base + c; t < length; t++, o += channels) {
                DoubleVector v = load(x, o);
                s0 = s0.add(v);
                q0 = q0.add(v.mul(v));
            }
            s0.intoArray(sum, c);
            q0.intoArray(sq, c);
        }
        for (; c < channels; c++) {
            double s0 = sum[c], q0 = sq[c];
            for (int t = 0, o = base + c; t < length; t++, o += channels) {
                double v = x[o];
                s0 += v;
                q0 += v * v;
            }
            sum[c] = s0;
            sq[c] = q0;
        }
    }

    @Override
    public void normalise(GroupNorm.Sequence q, double[] out, double[] g, double[] be) {
        double[] x = q.x(), mean = q.mean(), r = q.r();
        int channels = q.channels(), full = S.loopBound(channels);
        for (int t = 0; t < q.length(); t++) {
            int o = q.base() + t * channels, w = q.at() + t * channels;
            int c = 0;
            for (; c < full; c += S.length()) {
                DoubleVector.fromArray(S, g, c)
                        .mul(normalised(x, o, mean, r, c))
                        .add(DoubleVector.fromArray(S, be, c))
                        .intoArray(out, w + c);
            }
            for (; c < channels; c++) out[w + c] = g[c] * ((x[o + c] - mean[c]) * r[c]) + be[c];
        }
    }

    /** Blocked like {@link #sums}: sg and sb in registers across the tokens, each in token order. */
    @Override
    public void gradientSums(GroupNorm.Sequence q, double[] dy, double[] sg, double[] sb) {
        double[] x = q.x(), mean = q.mean(), r = q.r();
        int channels = q.channels(), length = q.length(), step = S.length(), full = S.loopBound(channels), c = 0;
        for (; c + 4 * step <= full; c += 4 * step) {
            int c1 = c + step, c2 = c1 + step, c3 = c2 + step;
            DoubleVector m0 = load(mean, c), m1 = load(mean, c1), m2 = load(mean, c2), m3 = load(mean, c3);
            DoubleVector r0 = load(r, c), r1 = load(r, c1), r2 = load(r, c2), r3 = load(r, c3);
            DoubleVector g0 = load(sg, c), g1 = load(sg, c1), g2 = load(sg, c2), g3 = load(sg, c3);
            DoubleVector b0 = load(sb, c), b1 = load(sb, c1), b2 = load(sb, c2), b3 = load(sb, c3);
            for (int t = 0, o = q.base() + c, w = q.at() + c; t < length; t++, o += channels, w += channels) {
                DoubleVector d0 = load(dy, w), d1 = load(dy, w + step);
                DoubleVector d2 = load(dy, w + 2 * step), d3 = load(dy, w + 3 * step);
                g0 = g0.add(d0.mul(load(x, o).sub(m0).mul(r0)));
                g1 = g1.add(d1.mul(load(x, o + step).sub(m1).mul(r1)));
                g2 = g2.add(d2.mul(load(x, o + 2 * step).sub(m2).mul(r2)));
                g3 = g3.add(d3.mul(load(x, o + 3 * step).sub(m3).mul(r3)));
                b0 = b0.add(d0);
                b1 = b1.add(d1);
                b2 = b2.add(d2);
                b3 = b3.add(d3);
            }
            g0.intoArray(sg, c);
            g1.intoArray(sg, c1);
            g2.intoArray(sg, c2);
            g3.intoArray(sg, c3);
            b0.intoArray(sb, c);
            b1.intoArray(sb, c1);
            b2.intoArray(sb, c2);
            b3.intoArray(sb, c3);
        }
        for (; c < full; c += step) {
            DoubleVector m0 = load(mean, c), r0 = load(r, c), g0 = load(sg, c), b0 = load(sb, c);
            for (int t = 0, o = q.base() + c, w = q.at() + c; t < length; t++, o += channels, w += channels) {
                DoubleVector d0 = load(dy, w);
                g0 = g0.add(d0.mul(load(x, o).sub(m0).mul(r0)));
                b0 = b0.add(d0);
            }
            g0.intoArray(sg, c);
            b0.intoArray(sb, c);
        }
        for (; c < channels; c++) {
            double g0 = sg[c], b0 = sb[c];
            for (int t = 0, o = q.base() + c, w = q.at() + c; t < length; t++, o += channels, w += channels) {
                double d = dy[w];
                g0 += d * ((x[o] - mean[c]) * r[c]);
                b0 += d;
            }
            sg[c] = g0;
            sb[c] = b0;
        }
    }

    @Override
    public void inputGradient(GroupNorm.Sequence q, double[] dy, double[] dx, double[] g, double[] m1, double[] m2) {
        double[] x = q.x(), mean = q.mean(), r = q.r();
        int channels = q.channels(), full = S.loopBound(channels);
        for (int t = 0; t < q.length(); t++) {
            int o = q.base() + t * channels, w = q.at() + t * channels;
            int c = 0;
            for (; c < full; c += S.length()) {
                DoubleVector inner = DoubleVector.fromArray(S, dy, w + c)
                        .mul(DoubleVector.fromArray(S, g, c))
                        .sub(DoubleVector.fromArray(S, m1, c))
                        .sub(normalised(x, o, mean, r, c).mul(DoubleVector.fromArray(S, m2, c)));
                DoubleVector.fromArray(S, r, c).mul(inner).intoArray(dx, o + c);
            }
            for (; c < channels; c++) {
                double xh = (x[o + c] - mean[c]) * r[c];
                dx[o + c] = r[c] * (dy[w + c] * g[c] - m1[c] - xh * m2[c]);
            }
        }
    }

    private static DoubleVector load(double[] a, int at) {
        return DoubleVector.fromArray(S, a, at);
    }

    /** (x − mean_c)·r_c for the vector of channels from c of the token at o. */
    private static DoubleVector normalised(double[] x, int o, double[] mean, double[] r, int c) {
        return DoubleVector.fromArray(S, x, o + c)
                .sub(DoubleVector.fromArray(S, mean, c))
                .mul(DoubleVector.fromArray(S, r, c));
    }
}
