package org.mbo4j.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Conversions#SCALAR} in the Vector API: a full double vector converts to a float vector of half the width and
 * back (correctly rounded and exact, so the same bits). Named only by {@link VectorApi#load}.
 */
final class VectorConversions implements Conversions {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

    @Override
    public void toFloat(double[] src, int from, float[] dst, int to, int n) {
        int i = 0;
        for (int end = D.loopBound(n); i < end; i += D.length()) {
            DoubleVector.fromArray(D, src, from + i)
                    .convertShape(VectorOperators.D2F, F, 0)
                    .reinterpretAsFloats()
                    .intoArray(dst, to + i);
        }
        SCALAR.toFloat(src, from + i, dst, to + i, n - i);
    }

    @Override
    public void toDouble(float[] src, int from, double[] dst, int to, int n, double[] bias, int channels) {
        if (bias == null) {
            int i = 0;
            for (int end = D.loopBound(n); i < end; i += D.length()) {
                wide(src, from + i).intoArray(dst, to + i);
            }
            SCALAR.toDouble(src, from + i, dst, to + i, n - i, null, 1);
            return;
        }
        int lanes = D.loopBound(channels);
        for (int h = 0; h < n; h += channels) {
            int c = 0;
            for (; c < lanes; c += D.length()) {
                wide(src, from + h + c).add(DoubleVector.fromArray(D, bias, c)).intoArray(dst, to + h + c);
            }
            for (; c < channels; c++) dst[to + h + c] = src[from + h + c] + bias[c];
        }
    }

    /** Four channel vectors at a time with the sums in registers across the tokens, each in token order. */
    @Override
    public void addChannelSums(double[] src, int from, int length, int channels, double[] sums) {
        int step = D.length(), full = D.loopBound(channels), c = 0;
        for (; c + 4 * step <= full; c += 4 * step) {
            int c1 = c + step, c2 = c1 + step, c3 = c2 + step;
            DoubleVector s0 = load(sums, c), s1 = load(sums, c1), s2 = load(sums, c2), s3 = load(sums, c3);
            for (int t = 0, o = from + c; t < length; t++, o += channels) {
                s0 = s0.add(load(src, o));
                s1 = s1.add(load(src, o + step));
                s2 = s2.add(load(src, o + 2 * step));
                s3 = s3.add(load(src, o + 3 * step));
            }
            s0.intoArray(sums, c);
            s1.intoArray(sums, c1);
            s2.intoArray(sums, c2);
            s3.intoArray(sums, c3);
        }
        for (; c < full; c += step) {
            DoubleVector s0 = load(sums, c);
            for (int t = 0, o = from + c; t < length; t++, o += channels) s0 = s0.add(load(src, o));
            s0.intoArray(sums, c);
        }
        for (; c < channels; c++) {
            double s0 = sums[c];
            for (int t = 0, o = from + c; t < length; t++, o += channels) s0 += src[o];
            sums[c] = s0;
        }
    }

    private static DoubleVector load(double[] a, int at) {
        return DoubleVector.fromArray(D, a, at);
    }

    private static DoubleVector wide(float[] src, int at) {
        return (DoubleVector) FloatVector.fromArray(F, src, at).convertShape(VectorOperators.F2D, D, 0);
    }
}
