package org.mbo4j.nn;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mbo4j.util.AtomicFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training's checkpoint file: the epoch reached, the loss histories, the early-stopping state and named
 * arrays (parameters, optimizer moments, the loss's own state), behind a fingerprint of the training (data,
 * model shapes, hyperparameters). Written atomically; a file whose fingerprint or format does not match is
 * ignored with a warning, so a changed setting never resumes from the wrong state.
 */
final class Checkpoint {
    private static final String MAGIC = "mbo4j-training-checkpoint";
    /** Bump when a model's parameter layout changes (version 2: Mlp stores each layer as [W; b]). */
    static final int VERSION = 2;

    private final Path file;
    private final Duration every;
    private long lastSave = System.nanoTime();

    Checkpoint(Path file, Duration every) {
        this.file = file;
        this.every = every;
    }

    Path file() {
        return file;
    }

    /** True when the interval since the last save (or since the training started) has passed. */
    boolean due() {
        return System.nanoTime() - lastSave >= every.toNanos();
    }

    /** What a training needs to continue exactly where it stopped. */
    record State(
            int epoch,
            boolean finished,
            boolean stopped,
            List<Double> trainLoss,
            List<Double> valLoss,
            double best,
            int bestEpoch,
            Map<String, INDArray> arrays) {}

    void save(String fingerprint, State s) {
        try {
            try {
                write(fingerprint, s);
            } catch (IOException first) {
                // a shared folder another benchmark process removed at the end of its sweep: make it again, once
                Files.createDirectories(file.toAbsolutePath().getParent());
                write(fingerprint, s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the training checkpoint " + file + ": " + e.getMessage()
                            + " (free disk space or choose another results folder)",
                    e);
        }
        lastSave = System.nanoTime();
    }

    private void write(String fingerprint, State s) throws IOException {
        AtomicFiles.writeBinary(file, true, out -> {
            DataOutputStream d = new DataOutputStream(out);
            d.writeUTF(MAGIC);
            d.writeInt(VERSION);
            d.writeUTF(fingerprint);
            d.writeInt(s.epoch());
            d.writeBoolean(s.finished());
            d.writeBoolean(s.stopped());
            writeDoubles(d, s.trainLoss());
            writeDoubles(d, s.valLoss());
            d.writeDouble(s.best());
            d.writeInt(s.bestEpoch());
            d.writeInt(s.arrays().size());
            for (Map.Entry<String, INDArray> e : s.arrays().entrySet()) {
                d.writeUTF(e.getKey());
                Nd4j.write(e.getValue(), d);
            }
            d.flush();
        });
    }

    /** The saved state, or null when there is none or it belongs to another training (with a warning). */
    State load(String fingerprint) {
        return load(fingerprint, () -> null);
    }

    /**
     * {@link #load(String)}, also accepting the fingerprint {@code alsoAccepted} gives; it is asked only when the
     * file's fingerprint differs from {@code fingerprint}.
     */
    State load(String fingerprint, Supplier<String> alsoAccepted) {
        if (!Files.isRegularFile(file)) return null;
        try (DataInputStream d = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (!MAGIC.equals(d.readUTF())) return ignore("it is not an mbo4j training checkpoint");
            int version = d.readInt();
            if (version != VERSION) return ignore("it has format " + version + ", this version writes " + VERSION);
            String fp = d.readUTF();
            if (!fp.equals(fingerprint) && !fp.equals(alsoAccepted.get())) {
                return ignore("it was written for another training (" + fp + ")");
            }
            int epoch = d.readInt();
            boolean finished = d.readBoolean();
            boolean stopped = d.readBoolean();
            List<Double> train = readDoubles(d);
            List<Double> val = readDoubles(d);
            double best = d.readDouble();
            int bestEpoch = d.readInt();
            int n = d.readInt();
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) arrays.put(d.readUTF(), Nd4j.read(d));
            return new State(epoch, finished, stopped, train, val, best, bestEpoch, arrays);
        } catch (IOException | RuntimeException e) {
            return ignore("it cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * How far the training in {@code file} got, read from its header only: the epochs done, or -1 when it finished;
     * null when the file is not a checkpoint of this format (nothing is warned: the caller only reports).
     */
    static Integer epochsDone(Path file) {
        try (DataInputStream d = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 4096))) {
            if (!MAGIC.equals(d.readUTF()) || d.readInt() != VERSION) return null;
            d.readUTF(); // fingerprint
            int epoch = d.readInt();
            return d.readBoolean() ? -1 : epoch;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Warns that this file is ignored and why; returns null (the caller trains from the start). */
    State ignore(String why) {
        System.err.println(
                "mbo4j: ignoring the training checkpoint " + file + ": " + why + "; training from the start");
        return null;
    }

    private static void writeDoubles(DataOutputStream d, List<Double> v) throws IOException {
        d.writeInt(v.size());
        for (double x : v) d.writeDouble(x);
    }

    private static List<Double> readDoubles(DataInputStream d) throws IOException {
        int n = d.readInt();
        List<Double> v = new ArrayList<>(n);
        for (int i = 0; i < n; i++) v.add(d.readDouble());
        return v;
    }
}
