package org.mbo4j.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ReluNtk.Rows} on the JDK's Vector API: the recursion of {@link ReluNtk#value(double, double, double)} and
 * {@link ReluNtk#angle} lane-wise over pairs, with the same double operations in the same order (no fused
 * multiply-add), so it equals the scalar loop bit for bit. Layer-major over chunks of {@value #CHUNK} pairs: each
 * layer loads its c, Θ and q₂ from small arrays and stores them back, so no vector lives across a loop's back edge
 * (JDK 17's C2 boxes vectors that do, which made a pair-major version slower than the scalar loop). Loaded only
 * through {@link ReluNtk#rows()} when the module is present.
 */
final class VectorNtk implements ReluNtk.Rows {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int CHUNK = 512;

    @Override
    public void values(double[] c0, double qi, double[] q, int n, int depth, double[] out) {
        int lanes = S.length();
        double[] c = new double[CHUNK];
        double[] ntk = new double[CHUNK];
        double[] q2 = new double[CHUNK];
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            int vlen = len / lanes * lanes;
            System.arraycopy(c0, s, c, 0, vlen);
            System.arraycopy(c0, s, ntk, 0, vlen);
            System.arraycopy(q, s, q2, 0, vlen);
            double q1 = qi;
            for (int l = 0; l < depth; l++) {
                for (int j = 0; j < vlen; j += lanes) layer(c, ntk, q2, j, q1);
                q1 *= 0.5;
            }
            System.arraycopy(ntk, 0, out, s, vlen);
            // the tail: the scalar recursion (out may be c0: each entry is read before it is written)
            ReluNtk k = new ReluNtk(depth);
            for (int m = s + vlen; m < s + len; m++) out[m] = k.value(c0[m], qi, q[m]);
        }
    }

    /** One ReLU layer and the Dense after it on lanes j.. of the chunk, as {@link ReluNtk#value} does per pair. */
    private static void layer(double[] cs, double[] ntks, double[] q2s, int j, double q1) {
        DoubleVector c = DoubleVector.fromArray(S, cs, j);
        DoubleVector q2 = DoubleVector.fromArray(S, q2s, j);
        DoubleVector r = q2.mul(q1).sub(c.mul(c)).max(0.0).sqrt();
        // θ = atan2(r, c) as ReluNtk.angle
        DoubleVector a = c.abs();
        VectorMask<Double> swap = r.compare(VectorOperators.GT, a);
        DoubleVector num = r.blend(a, swap);
        DoubleVector den = a.blend(r, swap);
        DoubleVector t = num.div(den).blend(num, den.compare(VectorOperators.EQ, 0.0));
        VectorMask<Double> small = t.compare(VectorOperators.LE, ReluNtk.TAN_PI_8);
        DoubleVector u = t.sub(1.0).div(t.add(1.0)).blend(t, small);
        DoubleVector uu = u.mul(u);
        DoubleVector p = DoubleVector.broadcast(S, ReluNtk.ATAN[11]);
        p = p.mul(uu).add(ReluNtk.ATAN[10]);
        p = p.mul(uu).add(ReluNtk.ATAN[9]);
        p = p.mul(uu).add(ReluNtk.ATAN[8]);
        p = p.mul(uu).add(ReluNtk.ATAN[7]);
        p = p.mul(uu).add(ReluNtk.ATAN[6]);
        p = p.mul(uu).add(ReluNtk.ATAN[5]);
        p = p.mul(uu).add(ReluNtk.ATAN[4]);
        p = p.mul(uu).add(ReluNtk.ATAN[3]);
        p = p.mul(uu).add(ReluNtk.ATAN[2]);
        p = p.mul(uu).add(ReluNtk.ATAN[1]);
        p = p.mul(uu).add(ReluNtk.ATAN[0]);
        DoubleVector up = u.mul(p);
        DoubleVector phi = up.add(ReluNtk.PI_LO / 4).add(Math.PI / 4).blend(up, small);
        phi = phi.blend(DoubleVector.broadcast(S, Math.PI / 2).sub(phi.sub(ReluNtk.PI_LO / 2)), swap);
        DoubleVector theta = phi.blend(
                DoubleVector.broadcast(S, Math.PI).sub(phi.sub(ReluNtk.PI_LO)), c.test(VectorOperators.IS_NEGATIVE));
        DoubleVector dot = DoubleVector.broadcast(S, 0.5).sub(theta.div(ReluNtk.TWO_PI));
        DoubleVector cNext = r.div(ReluNtk.TWO_PI).add(dot.mul(c));
        cNext.intoArray(cs, j);
        dot.mul(DoubleVector.fromArray(S, ntks, j)).add(cNext).intoArray(ntks, j);
        q2.mul(0.5).intoArray(q2s, j);
    }
}
