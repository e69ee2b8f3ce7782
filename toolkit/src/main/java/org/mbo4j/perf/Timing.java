package org.mbo4j.perf;

import java.util.Arrays;

/** Median or best wall time of repeated runs after warm-up. */
final class Timing {
    private Timing() {}

    /** Median seconds per call of {@code body} over {@code reps} calls after {@code warmup} calls. */
    static double median(int warmup, int reps, Runnable body) {
        double[] t = sorted(warmup, reps, body);
        return reps % 2 == 1 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
    }

    /** Fastest seconds per call of {@code body} over {@code reps} calls after {@code warmup} calls. */
    static double best(int warmup, int reps, Runnable body) {
        return sorted(warmup, reps, body)[0];
    }

    private static double[] sorted(int warmup, int reps, Runnable body) {
        for (int i = 0; i < warmup; i++) body.run();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return t;
    }
}
