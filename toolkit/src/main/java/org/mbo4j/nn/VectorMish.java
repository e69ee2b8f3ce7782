package org.mbo4j.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Mish#SCALAR} lane-wise in the Vector API: the same double operations in the same order, including
 * {@link DoubleExp#inRange}, so the results are the same bits (checked when loaded, and tested). Named only by
 * {@link VectorApi#load}.
 */
final class VectorMish implements Mish.Range {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void apply(double[] x, int xFrom, double[] y, double[] slope, int yFrom, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, x, xFrom + i);
            DoubleVector e = exp(v.max(DoubleExp.MIN).min(Mish.CUT)).blend(0.0, v.lt(DoubleExp.MIN));
            DoubleVector m = e.mul(e.add(2)), inv = DoubleVector.broadcast(S, 1).div(m.add(2));
            DoubleVector yv = v.mul(m).mul(inv);
            DoubleVector sv = inv.mul(m.add(e.mul(4).mul(e.add(1)).mul(v).mul(inv)));
            VectorMask<Double> big = v.compare(VectorOperators.GT, Mish.CUT);
            yv.blend(v, big).intoArray(y, yFrom + i);
            sv.blend(1.0, big).intoArray(slope, yFrom + i);
        }
        Mish.SCALAR.apply(x, xFrom + i, y, slope, yFrom + i, n - i);
    }

    /** {@link DoubleExp#inRange} lane-wise. */
    private static DoubleVector exp(DoubleVector x) {
        DoubleVector t = x.mul(DoubleExp.LOG2E).add(DoubleExp.ROUND);
        DoubleVector n = t.sub(DoubleExp.ROUND);
        DoubleVector r = x.sub(n.mul(DoubleExp.LN2_HI)).sub(n.mul(DoubleExp.LN2_LO));
        double[] c = DoubleExp.TAYLOR; // written out: C2 boxes a vector carried around a loop's back edge
        DoubleVector p = r.mul(c[0]).add(c[1]);
        p = p.mul(r).add(c[2]);
        p = p.mul(r).add(c[3]);
        p = p.mul(r).add(c[4]);
        p = p.mul(r).add(c[5]);
        p = p.mul(r).add(c[6]);
        p = p.mul(r).add(c[7]);
        p = p.mul(r).add(c[8]);
        p = p.mul(r).add(c[9]);
        p = p.mul(r).add(c[10]);
        p = p.mul(r).add(1);
        DoubleVector scale = ((LongVector) t.reinterpretAsLongs())
                .sub(DoubleExp.BIASED_ROUND_BITS)
                .lanewise(VectorOperators.LSHL, 52)
                .reinterpretAsDoubles();
        return p.mul(r).add(1).mul(scale);
    }
}
