package org.mbo4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.task.Task;

/**
 * The hidden part of a task whose space can be enumerated (e.g. TFBind8's top half: every 8-mer not in the visible
 * data), with oracle scores, for diagnostics such as {@link Calibration}. Goes through {@link Evaluation} so the
 * oracle calls are counted. Fails while a method proposes ({@link OfflineGuard}).
 *
 * @param designs hidden designs
 * @param scores  their oracle scores (objective 0, raw units)
 */
public record HeldOut(double[][] designs, double[] scores) {
    /** Largest space we enumerate. */
    public static final long MAX_DESIGNS = 2_000_000;

    /** Every design of the task's sequence space that is not in the visible data, with its oracle score. */
    public static HeldOut of(Evaluation eval) {
        Task task = eval.task();
        OfflineGuard.check("HeldOut.of(" + task.name() + ")");
        if (!(task.space() instanceof SequenceSpace seq) || seq.distinctDesigns() > MAX_DESIGNS) {
            throw new IllegalArgumentException("held-out sets need a sequence space of at most " + MAX_DESIGNS
                    + " designs; " + task.name() + " has " + task.space().describe());
        }
        Set<String> visible = new HashSet<>();
        for (int i = 0; i < task.dataset().size(); i++)
            visible.add(Arrays.toString(task.dataset().design(i)));
        int k = seq.alphabetSize();
        int len = seq.length();
        List<double[]> hidden = new ArrayList<>();
        for (long code = 0; code < seq.distinctDesigns(); code++) {
            double[] d = new double[len];
            long r = code;
            for (int j = len - 1; j >= 0; j--) {
                d[j] = r % k;
                r /= k;
            }
            if (!visible.contains(Arrays.toString(d))) hidden.add(d);
        }
        double[][] designs = hidden.toArray(double[][]::new);
        double[][] y = eval.oracle(designs);
        double[] scores = new double[y.length];
        for (int i = 0; i < y.length; i++) scores[i] = y[i][0];
        return new HeldOut(designs, scores);
    }
}
