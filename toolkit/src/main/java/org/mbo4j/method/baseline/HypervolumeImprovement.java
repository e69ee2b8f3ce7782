package org.mbo4j.method.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbo4j.moo.Hypervolume;

/**
 * The exact hypervolume improvement of one point y over a set P (all objectives minimised) with respect to a
 * reference point r: HVI(y) = vol{z : y ≤ z ≤ r, no p ∈ P with p ≤ z} = Π(rⱼ − yⱼ)⁺ − HV({max(p, y) : p ∈ P}, r),
 * the HV of P clipped to the box [y, r] ({@link Hypervolume}: O(k log k) for m ≤ 3, WFG for m ≥ 4). Its gradient is
 * exact too: ∂HVI/∂yⱼ = −HVI_{m−1}(y₋ⱼ; {p₋ⱼ : pⱼ ≤ yⱼ}, r₋ⱼ), the (m−1)-volume of the box's face at zⱼ = yⱼ that P
 * leaves free. This plays the part of BoTorch's box decomposition of the non-dominated region (qEHVI sums the
 * candidate's overlap with each cell; the result is the same number). Stateless.
 */
final class HypervolumeImprovement {
    private HypervolumeImprovement() {}

    /** HVI of {@code y} over {@code front} (rows with as many objectives as r) with respect to {@code ref}. */
    static double of(double[] y, List<double[]> front, double[] ref) {
        int m = ref.length;
        if (m == 0) return front.isEmpty() ? 1 : 0; // a point: free unless some p (now empty) had pⱼ ≤ yⱼ
        double box = 1;
        for (int j = 0; j < m; j++) {
            if (!(y[j] < ref[j])) return 0;
            box *= ref[j] - y[j];
        }
        List<double[]> clipped = new ArrayList<>(front.size());
        for (double[] p : front) {
            boolean inside = true;
            boolean dominates = true;
            double[] c = new double[m];
            for (int j = 0; j < m; j++) {
                c[j] = Math.max(p[j], y[j]);
                inside &= c[j] < ref[j];
                dominates &= p[j] <= y[j];
            }
            if (dominates) return 0;
            if (inside) clipped.add(c);
        }
        if (clipped.isEmpty()) return box;
        return Math.max(0, box - Hypervolume.compute(clipped.toArray(new double[0][]), ref));
    }

    /** HVI of {@code y} with its gradient ∂HVI/∂y written into {@code grad}. */
    static double valueAndGradient(double[] y, List<double[]> front, double[] ref, double[] grad) {
        int m = ref.length;
        double v = of(y, front, ref);
        Arrays.fill(grad, 0);
        if (v == 0) return 0;
        for (int j = 0; j < m; j++) {
            double[] yj = drop(y, j);
            double[] rj = drop(ref, j);
            List<double[]> pj = new ArrayList<>();
            for (double[] p : front) if (p[j] <= y[j]) pj.add(drop(p, j));
            grad[j] = -of(yj, pj, rj);
        }
        return v;
    }

    private static double[] drop(double[] a, int j) {
        double[] out = new double[a.length - 1];
        for (int i = 0, c = 0; i < a.length; i++) if (i != j) out[c++] = a[i];
        return out;
    }
}
