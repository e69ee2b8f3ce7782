package org.mbo4j.data;

/**
 * Design-Bench's discrete↔continuous relaxations ({@code design_bench/datasets/discrete_dataset.py}).
 *
 * <p>{@link #toLogits}: soft one-hot {@code s·onehot + (1−s)/K} with {@code s = 0.6}, log, then the log-ratio
 * to class 0, giving L×(K−1) values per design (flattened row-major). {@link #toIntegers}: prepend a zero
 * logit for class 0 and take the argmax (ties go to the lowest class).
 */
public final class Relaxation {
    /** Design-Bench's {@code soft_interpolation} default. */
    public static final double SOFT_INTERPOLATION = 0.6;

    private Relaxation() {}

    /** Logits of one integer design of length L over K classes: a flat array of length L·(K−1). */
    public static double[] toLogits(double[] design, int classes) {
        return toLogits(design, classes, SOFT_INTERPOLATION);
    }

    /** As {@link #toLogits(double[], int)} with an explicit soft interpolation {@code s}. */
    public static double[] toLogits(double[] design, int classes, double s) {
        int k1 = classes - 1;
        double on = Math.log(s + (1 - s) / classes);
        double off = Math.log((1 - s) / classes);
        double[] out = new double[design.length * k1];
        for (int p = 0; p < design.length; p++) {
            int c = (int) design[p];
            if (c < 0 || c >= classes || c != design[p]) {
                throw new IllegalArgumentException("class index " + design[p] + " at position " + p
                        + " is not an integer in [0, " + classes + ")");
            }
            double ref = c == 0 ? on : off;
            for (int j = 1; j < classes; j++) out[p * k1 + j - 1] = (c == j ? on : off) - ref;
        }
        return out;
    }

    /** Logits of many designs (n × L·(K−1)). */
    public static double[][] toLogits(double[][] designs, int classes) {
        double[][] out = new double[designs.length][];
        for (int i = 0; i < designs.length; i++) out[i] = toLogits(designs[i], classes);
        return out;
    }

    /** Integer design of length L from flat logits of length L·(K−1). */
    public static double[] toIntegers(double[] logits, int classes) {
        int k1 = classes - 1;
        if (logits.length % k1 != 0) {
            throw new IllegalArgumentException("logits length " + logits.length + " is not a multiple of K−1 = " + k1);
        }
        int length = logits.length / k1;
        double[] out = new double[length];
        for (int p = 0; p < length; p++) {
            int best = 0;
            double bestV = 0.0; // the prepended class-0 logit
            for (int j = 1; j < classes; j++) {
                double v = logits[p * k1 + j - 1];
                if (v > bestV) {
                    bestV = v;
                    best = j;
                }
            }
            out[p] = best;
        }
        return out;
    }

    /** Integer designs from many logit rows. */
    public static double[][] toIntegers(double[][] logits, int classes) {
        double[][] out = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) out[i] = toIntegers(logits[i], classes);
        return out;
    }
}
