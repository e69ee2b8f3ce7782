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

    @Override
    public void addChannelSums(double[] src, int from, int length, int channels, double[] sums) {
        int full = D.loopBound(channels);
        for (int t = 0; t < length; t++) {
            int o = from + t * channels, c = 0;
            for (; c < full; c += D.length()) {
                DoubleVector.fromArray(D, sums, c)
                        .add(DoubleVector.fromArray(D, src, o + c))
                        .intoArray(sums, c);
            }
            for (; c < channels; c++) sums[c] += src[o + c];
        }
    }

    private static DoubleVector wide(float[] src, int at) {
        return (DoubleVector) FloatVector.fromArray(F, src, at).convertShape(VectorOperators.F2D, D, 0);
    }
}
