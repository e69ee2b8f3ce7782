package org.mbo4j.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TriangularProduct}'s loops in the Vector API: blocks of four rows × two vectors of columns accumulated in
 * registers over b (the same multiplications and additions in the same order as the scalar loops, so the same bits;
 * checked when loaded), the block's corner terms and the columns past the last pair of vectors in the scalar loops.
 * Named only by {@link VectorApi#load}.
 */
final class VectorTriangularProduct implements TriangularProduct.Rows {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void lowerTimes(double[][] l, double[][] z, int n, int cols, double[][] out) {
        int lanes = S.length();
        int wide = cols / (2 * lanes) * (2 * lanes);
        int i = 0;
        double[] z0 = z[0];
        for (; i + 4 <= n; i += 4) {
            double[] l0 = l[i], l1 = l[i + 1], l2 = l[i + 2], l3 = l[i + 3];
            for (int s = 0; s < wide; s += 2 * lanes) {
                DoubleVector u = DoubleVector.fromArray(S, z0, s);
                DoubleVector v = DoubleVector.fromArray(S, z0, s + lanes);
                DoubleVector a0 = u.mul(l0[0]), b0 = v.mul(l0[0]);
                DoubleVector a1 = u.mul(l1[0]), b1 = v.mul(l1[0]);
                DoubleVector a2 = u.mul(l2[0]), b2 = v.mul(l2[0]);
                DoubleVector a3 = u.mul(l3[0]), b3 = v.mul(l3[0]);
                for (int b = 1; b <= i; b++) {
                    double[] zb = z[b];
                    u = DoubleVector.fromArray(S, zb, s);
                    v = DoubleVector.fromArray(S, zb, s + lanes);
                    a0 = a0.add(u.mul(l0[b]));
                    b0 = b0.add(v.mul(l0[b]));
                    a1 = a1.add(u.mul(l1[b]));
                    b1 = b1.add(v.mul(l1[b]));
                    a2 = a2.add(u.mul(l2[b]));
                    b2 = b2.add(v.mul(l2[b]));
                    a3 = a3.add(u.mul(l3[b]));
                    b3 = b3.add(v.mul(l3[b]));
                }
                a0.intoArray(out[i], s);
                b0.intoArray(out[i], s + lanes);
                a1.intoArray(out[i + 1], s);
                b1.intoArray(out[i + 1], s + lanes);
                a2.intoArray(out[i + 2], s);
                b2.intoArray(out[i + 2], s + lanes);
                a3.intoArray(out[i + 3], s);
                b3.intoArray(out[i + 3], s + lanes);
            }
            TriangularProduct.corner(l, z, i, 0, wide, out);
        }
        if (wide < cols) TriangularProduct.scalarRows(l, z, 0, i, wide, cols, out);
        TriangularProduct.scalarRows(l, z, i, n, 0, cols, out);
    }
}
