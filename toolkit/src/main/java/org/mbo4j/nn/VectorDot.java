package org.mbo4j.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Dot}'s loops in the Vector API: the eight running sums as two four-lane vectors (sum k in lane k mod 4 of
 * the first or second), combined in the scalar loop's order, the tail added in index order; {@link #rows} keeps four
 * rows' sums in registers and loads each block of the vector once for them. The same multiplications and additions
 * in the same order as the scalar loops, so the same bits (checked when loaded). Named only by
 * {@link VectorApi#load}.
 */
final class VectorDot implements Dot.Kernel {
    /** Four lanes whatever the machine's preferred width: lane k of the pair is running sum k. */
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;

    /**
     * Refuses machines whose vectors are narrower than 256 bits (e.g. AArch64's NEON, x86 with {@code -XX:UseAVX=0}):
     * there the four-lane operations are not compiled to vector instructions and run the Vector API's Java fallback,
     * which gives the right bits about 20 times slower than the scalar loop, so {@link VectorApi#load} falls back to it.
     */
    VectorDot() {
        if (DoubleVector.SPECIES_PREFERRED.vectorBitSize() < S.vectorBitSize()) {
            throw new UnsupportedOperationException("vectors of " + DoubleVector.SPECIES_PREFERRED.vectorBitSize()
                    + " bits: the scalar loop is faster");
        }
    }

    @Override
    public double dot(double[] a, double[] b, int n) {
        DoubleVector lo = DoubleVector.zero(S), hi = DoubleVector.zero(S);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            lo = lo.add(DoubleVector.fromArray(S, a, i).mul(DoubleVector.fromArray(S, b, i)));
            hi = hi.add(DoubleVector.fromArray(S, a, i + 4).mul(DoubleVector.fromArray(S, b, i + 4)));
        }
        return tail(a, b, i, n, combine(lo, hi));
    }

    @Override
    public void rows(double[][] m, int rows, double[] v, int n, double[] out) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            double[] m0 = m[r], m1 = m[r + 1], m2 = m[r + 2], m3 = m[r + 3];
            DoubleVector lo0 = DoubleVector.zero(S), hi0 = lo0, lo1 = lo0, hi1 = lo0;
            DoubleVector lo2 = lo0, hi2 = lo0, lo3 = lo0, hi3 = lo0;
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                DoubleVector vl = DoubleVector.fromArray(S, v, i), vh = DoubleVector.fromArray(S, v, i + 4);
                lo0 = lo0.add(DoubleVector.fromArray(S, m0, i).mul(vl));
                hi0 = hi0.add(DoubleVector.fromArray(S, m0, i + 4).mul(vh));
                lo1 = lo1.add(DoubleVector.fromArray(S, m1, i).mul(vl));
                hi1 = hi1.add(DoubleVector.fromArray(S, m1, i + 4).mul(vh));
                lo2 = lo2.add(DoubleVector.fromArray(S, m2, i).mul(vl));
                hi2 = hi2.add(DoubleVector.fromArray(S, m2, i + 4).mul(vh));
                lo3 = lo3.add(DoubleVector.fromArray(S, m3, i).mul(vl));
                hi3 = hi3.add(DoubleVector.fromArray(S, m3, i + 4).mul(vh));
            }
            out[r] = tail(m0, v, i, n, combine(lo0, hi0));
            out[r + 1] = tail(m1, v, i, n, combine(lo1, hi1));
            out[r + 2] = tail(m2, v, i, n, combine(lo2, hi2));
            out[r + 3] = tail(m3, v, i, n, combine(lo3, hi3));
        }
        for (; r < rows; r++) out[r] = dot(m[r], v, n);
    }

    /** ((s₀+s₁)+(s₂+s₃))+((s₄+s₅)+(s₆+s₇)) with s₀…s₃ the lanes of lo and s₄…s₇ those of hi. */
    private static double combine(DoubleVector lo, DoubleVector hi) {
        return ((lo.lane(0) + lo.lane(1)) + (lo.lane(2) + lo.lane(3)))
                + ((hi.lane(0) + hi.lane(1)) + (hi.lane(2) + hi.lane(3)));
    }

    private static double tail(double[] a, double[] b, int from, int n, double s) {
        for (int i = from; i < n; i++) s += a[i] * b[i];
        return s;
    }
}
