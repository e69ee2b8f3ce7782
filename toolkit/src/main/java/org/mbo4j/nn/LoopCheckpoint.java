package org.mbo4j.nn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checkpoints of a training loop that is not {@link Trainer#fit} (an offline RL learner's updates, say): the epoch
 * reached, named per-epoch histories and named arrays (parameters, optimizer moments), behind a fingerprint the
 * caller builds from everything the loop's result depends on. The file and its interval come from the current
 * {@link TrainingCheckpoints} scope, in call order with the scope's {@code fit}s, so the benchmark's per-(task,
 * method, seed) folder holds it and a rerun resumes it. A file whose fingerprint or format does not match is
 * ignored with a warning.
 *
 * <p>Contract for the loop: its random streams must be derivable from (seed, epoch) — reseed them at the start of
 * every epoch — because a stream's position cannot be saved; then a resumed run equals an uninterrupted one.
 *
 * <pre>{@code
 * LoopCheckpoint ckpt = LoopCheckpoint.inScope("pgs_cql", fingerprint);   // null outside any scope
 * LoopCheckpoint.Saved saved = ckpt == null ? null : ckpt.load(epochs);
 * int from = saved == null ? 0 : saved.epoch();   // restore saved.arrays() first
 * for (int e = from; e < epochs; e++) { ...; if (ckpt != null) ckpt.save(e + 1, e + 1 == epochs, history, arrays); }
 * }</pre>
 */
public final class LoopCheckpoint {
    private static final String HISTORY = "history.";
    private final Checkpoint file;
    private final String fingerprint;

    private LoopCheckpoint(Checkpoint file, String fingerprint) {
        this.file = file;
        this.fingerprint = fingerprint;
    }

    /** The next checkpoint of the current {@link TrainingCheckpoints} scope, or null outside any scope. */
    public static LoopCheckpoint inScope(String label, String fingerprint) {
        Checkpoint c = TrainingCheckpoints.next(label);
        return c == null ? null : new LoopCheckpoint(c, fingerprint);
    }

    /** A checkpoint in {@code file}, written at most once per {@code every} (and always when finished). */
    public static LoopCheckpoint at(Path file, Duration every, String fingerprint) {
        return new LoopCheckpoint(new Checkpoint(file, every), fingerprint);
    }

    /** What was saved: the epochs done, whether the loop finished, the histories and the arrays. */
    public record Saved(int epoch, boolean finished, Map<String, List<Double>> history, Map<String, INDArray> arrays) {}

    public Path file() {
        return file.file();
    }

    /**
     * The saved state of this loop, or null when there is none, when it belongs to another loop, when it is past
     * {@code epochs} (a run asked for fewer epochs than the file holds) or when a history's length is not the saved
     * epoch count (each with a warning).
     */
    public Saved load(int epochs) {
        Checkpoint.State s = file.load(fingerprint);
        if (s == null) return null;
        if (s.epoch() > epochs) {
            return ignored("it is at epoch " + s.epoch() + ", beyond the " + epochs + " asked for");
        }
        Map<String, List<Double>> history = new LinkedHashMap<>();
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : s.arrays().entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(HISTORY)) {
                arrays.put(k, e.getValue());
                continue;
            }
            double[] d = e.getValue().toDoubleVector();
            if (d.length != s.epoch()) {
                return ignored("its " + k.substring(HISTORY.length()) + " history has " + d.length + " epochs, not "
                        + s.epoch());
            }
            List<Double> l = new ArrayList<>(d.length);
            for (double x : d) l.add(x);
            history.put(k.substring(HISTORY.length()), l);
        }
        return new Saved(s.epoch(), s.finished(), history, arrays);
    }

    /**
     * Warns that the file is not used, and why (e.g. its arrays do not fit the caller's model); returns null. The
     * next {@link #save} overwrites it.
     */
    public Saved ignored(String why) {
        file.ignore(why);
        return null;
    }

    /**
     * Saves after {@code epoch} epochs when the interval has passed or {@code finished}; the arrays are written
     * as they are (pass the live parameters: nothing is copied).
     */
    public void save(int epoch, boolean finished, Map<String, List<Double>> history, Map<String, INDArray> arrays) {
        if (!finished && !file.due()) return;
        Map<String, INDArray> all = new LinkedHashMap<>(arrays);
        history.forEach((k, v) -> {
            double[] d = new double[v.size()];
            for (int i = 0; i < d.length; i++) d[i] = v.get(i);
            all.put(HISTORY + k, Nd4j.createFromArray(d));
        });
        file.save(fingerprint, new Checkpoint.State(epoch, finished, false, List.of(), List.of(), Double.NaN, 0, all));
    }

    /**
     * A hash of arrays' lengths and values, computed sequentially (the same on any thread count), for
     * fingerprints.
     */
    public static String checksum(double[]... arrays) {
        long h = arrays.length;
        for (double[] a : arrays) {
            h = 31L * h + a.length;
            for (double d : a) h = 31L * h + Double.doubleToLongBits(d);
        }
        return "h" + Long.toHexString(h);
    }
}
