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

    @Override
    public void sums(double[] x, int base, int length, int channels, double[] sum, double[] sq) {
        int full = S.loopBound(channels);
        for (int t = 0; t < length; t++) {
            int o = base + t * channels;
            int c = 0;
            for (; c < full; c += S.length()) {
                DoubleVector v = DoubleVector.fromArray(S, x, o + c);
                DoubleVector.fromArray(S, sum, c).add(v).intoArray(sum, c);
                DoubleVector.fromArray(S, sq, c).add(v.mul(v)).intoArray(sq, c);
            }
            for (; c < channels; c++) {
                double v = x[o + c];
                sum[c] += v;
                sq[c] += v * v;
            }
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

    @Override
    public void gradientSums(GroupNorm.Sequence q, double[] dy, double[] sg, double[] sb) {
        double[] x = q.x(), mean = q.mean(), r = q.r();
        int channels = q.channels(), full = S.loopBound(channels);
        for (int t = 0; t < q.length(); t++) {
            int o = q.base() + t * channels, w = q.at() + t * channels;
            int c = 0;
            for (; c < full; c += S.length()) {
                DoubleVector d = DoubleVector.fromArray(S, dy, w + c);
                DoubleVector.fromArray(S, sg, c)
                        .add(d.mul(normalised(x, o, mean, r, c)))
                        .intoArray(sg, c);
                DoubleVector.fromArray(S, sb, c).add(d).intoArray(sb, c);
            }
            for (; c < channels; c++) {
                double d = dy[w + c];
                sg[c] += d * ((x[o + c] - mean[c]) * r[c]);
                sb[c] += d;
            }
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

    /** (x − mean_c)·r_c for the vector of channels from c of the token at o. */
    private static DoubleVector normalised(double[] x, int o, double[] mean, double[] r, int c) {
        return DoubleVector.fromArray(S, x, o + c)
                .sub(DoubleVector.fromArray(S, mean, c))
                .mul(DoubleVector.fromArray(S, r, c));
    }
}
