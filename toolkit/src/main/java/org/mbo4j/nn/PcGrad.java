package org.mbo4j.nn;

import java.util.SplittableRandom;
import org.mbo4j.util.Shuffle;

/**
 * PCGrad, "gradient surgery" for multi-task learning (Yu, Kumar, Gupta, Levine, Hausman, Finn, NeurIPS 2020,
 * Algorithm 1), as Off-MOO-Bench implements it ({@code off_moo_baselines/util/pcgrad.py} 48–68 of
 * {@code lamda-bbo/offline-moo} at a960f6f): each task's gradient gᵢ, in turn, is projected onto the normal plane of
 * every task gradient gⱼ it conflicts with (gᵢ·gⱼ &lt; 0: gᵢ ← gᵢ − (gᵢ·gⱼ)/‖gⱼ‖² gⱼ), the gⱼ being the original,
 * unprojected gradients (itself included, which never conflicts) visited in a random order drawn anew for every i;
 * then the projected gradients are merged, by their mean on the entries every task has a gradient for
 * ("shared") and by their sum on the others (a head's parameters, which only its own task reaches).
 *
 * <p>Stateless; the order comes from the caller's generator, so a seeded generator gives a seeded result.
 */
public final class PcGrad {
    private PcGrad() {}

    /**
     * The projected gradients (new arrays; {@code grads} is left as it was).
     *
     * @param grads one flat gradient per task, all the same length
     * @param rng   draws the order in which each task visits the others (one shuffle per task)
     */
    public static double[][] project(double[][] grads, SplittableRandom rng) {
        int tasks = grads.length;
        if (tasks == 0) throw new IllegalArgumentException("PCGrad needs at least one task gradient");
        int n = grads[0].length;
        for (double[] g : grads) {
            if (g.length != n) {
                throw new IllegalArgumentException(
                        "task gradients differ in length (" + n + " and " + g.length + "): pass one flat vector each");
            }
        }
        double[] squared = new double[tasks];
        for (int j = 0; j < tasks; j++) squared[j] = dot(grads[j], grads[j]);
        int[] order = new int[tasks];
        for (int j = 0; j < tasks; j++) order[j] = j;
        double[][] out = new double[tasks][];
        for (int i = 0; i < tasks; i++) {
            double[] gi = grads[i].clone();
            Shuffle.shuffle(order, rng); // pcgrad.py 52: random.shuffle(grads), the shuffles accumulate
            for (int j : order) {
                double d = dot(gi, grads[j]);
                if (d < 0) {
                    double c = d / squared[j];
                    double[] gj = grads[j];
                    for (int k = 0; k < n; k++) gi[k] -= c * gj[k];
                }
            }
            out[i] = gi;
        }
        return out;
    }

    /**
     * Merges projected gradients: the mean over tasks where {@code shared[k]}, the sum elsewhere
     * ({@code pcgrad.py} 57–67 with its default reduction {@code 'mean'}).
     */
    public static double[] merge(double[][] projected, boolean[] shared) {
        int n = projected[0].length;
        if (shared.length != n) {
            throw new IllegalArgumentException(
                    "the shared mask has " + shared.length + " entries for gradients of length " + n);
        }
        double[] out = new double[n];
        for (double[] g : projected) for (int k = 0; k < n; k++) out[k] += g[k];
        double inv = 1.0 / projected.length;
        for (int k = 0; k < n; k++) if (shared[k]) out[k] *= inv;
        return out;
    }

    /** {@link #project} then {@link #merge}. */
    public static double[] combine(double[][] grads, boolean[] shared, SplittableRandom rng) {
        return merge(project(grads, rng), shared);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }
}
