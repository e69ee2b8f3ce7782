package org.mbo4j.nn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where {@link Trainer#fit} keeps its checkpoints when the caller did not give one: a scope opened around a piece
 * of work (the benchmark opens one per (task, method, seed)) names a folder, and every {@code fit} inside it, in
 * call order, checkpoints into {@code fit-NN-<label>.ckpt} there. A rerun of the same work in the same scope
 * resumes each training where it stopped and skips finished ones, with the same result as an uninterrupted run
 * (tested). Trainings that several runs share go to a folder of their own instead ({@link #shared}). Scopes are per
 * thread.
 *
 * <pre>{@code
 * try (var scope = TrainingCheckpoints.open(dir, Duration.ofMinutes(1))) {
 *     method.propose(problem, 128, seed);   // hours of training survive a killed session
 * }
 * }</pre>
 */
public final class TrainingCheckpoints {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private TrainingCheckpoints() {}

    /**
     * Opens a scope writing into {@code dir} (created if needed) at most once per {@code every} per training
     * (and always when a training finishes); trainings that runs share ({@link #shared}) go into folders inside
     * {@code dir}.
     */
    public static Scope open(Path dir, Duration every) {
        return open(dir, every, dir);
    }

    /**
     * {@link #open(Path, Duration)} with the shared trainings' folders in {@code sharedRoot}: the benchmark opens each
     * run's scope with its results folder's {@code checkpoints/}, so the runs of a sweep find each other's shared
     * trainings there.
     */
    public static Scope open(Path dir, Duration every, Path sharedRoot) {
        if (every.isNegative()) throw new IllegalArgumentException("checkpoint interval must be ≥ 0, got " + every);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the checkpoint folder " + dir + ": " + e.getMessage(), e);
        }
        Scope s = new Scope(dir, every, sharedRoot, CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /**
     * The current scope, or null outside any: work that several runs share (a model every seed loads, as some
     * authors' code does) keeps its own scope in a folder beside the runs' folders.
     */
    public static Scope current() {
        return CURRENT.get();
    }

    /**
     * The folder where trainings that several runs share checkpoint, in the current scope's shared root:
     * {@code <name>-shared-<hex of key.hashCode()>}, so {@code key}'s hash must be the same in every JVM (strings,
     * numbers and lists of them; a collision costs only a retraining, since each file's fingerprint is checked);
     * null outside any scope.
     */
    public static Path sharedDir(String name, Object key) {
        Scope s = CURRENT.get();
        if (s == null) return null;
        return s.sharedRoot.resolve(name + SHARED + Integer.toHexString(key.hashCode()));
    }

    /** What a shared folder's name holds between the work's name and its key's hash. */
    public static final String SHARED = "-shared-";

    /** The shared folders this JVM has opened (absolute, normalised), for {@link #sharedOpened()}. */
    private static final java.util.Set<Path> OPENED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Runs work whose trainings several runs share (models trained once from a fixed seed and reused by every seed, as
     * some authors' code does) in a scope of its own, on {@link #sharedDir(String, Object)} with the current scope's
     * interval and shared root: a later run, in this process or another, then resumes an interrupted training there or
     * reloads a finished one instead of training again. As with a run's own checkpoints, a reloaded training is the
     * one the files hold, whichever build wrote them (its fingerprint covers data, shapes and settings, not code):
     * remove the checkpoints after changing a method's code. The folder is kept when the work ends (the benchmark
     * removes the shared folders its sweep opened when the sweep ends). Outside any scope, just runs work.
     */
    public static <T> T shared(String name, Object key, java.util.function.Supplier<T> work) {
        Path dir = sharedDir(name, key);
        if (dir == null) return work.get();
        Scope outer = CURRENT.get();
        OPENED.add(dir.toAbsolutePath().normalize());
        try (Scope s = open(dir, outer.every, outer.sharedRoot)) {
            return work.get();
        }
    }

    /** The shared folders ({@link #shared}) this JVM has opened so far, absolute and normalised. */
    public static java.util.Set<Path> sharedOpened() {
        return java.util.Set.copyOf(OPENED);
    }

    /** The checkpoint for the next {@code fit} in the current scope, or null outside any scope. */
    static Checkpoint next(String label) {
        Scope s = CURRENT.get();
        if (s == null) return null;
        String safe = label.replaceAll("[^A-Za-z0-9._-]+", "_");
        return new Checkpoint(s.dir.resolve(String.format("fit-%02d-%s.ckpt", s.fits++, safe)), s.every);
    }

    /**
     * What the checkpoints in a work's folder say: the trainings in call order ({@code fit-NN-LABEL.ckpt}), then any
     * other checkpoint file ({@link LoopCheckpoint#at}) by name: {@code LABEL epoch N} for one stopped after N epochs,
     * {@code LABEL finished} for one that finished, {@code LABEL unreadable} for a file of another format; empty when
     * the folder holds none. Reads only the files' headers.
     */
    public static java.util.List<String> progress(Path dir) {
        if (!Files.isDirectory(dir)) return java.util.List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ckpt"))
                    .sorted(Comparator.comparing((Path f) -> !isFit(f))
                            .thenComparingInt(f -> isFit(f) ? fitNumber(f) : 0)
                            .thenComparing(f -> f.getFileName().toString()))
                    .map(f -> {
                        String name = f.getFileName().toString();
                        String label = isFit(f)
                                ? name.substring(name.indexOf('-', 4) + 1, name.length() - ".ckpt".length())
                                : name.substring(0, name.length() - ".ckpt".length());
                        Integer epochs = Checkpoint.epochsDone(f);
                        return label + (epochs == null ? " unreadable" : epochs < 0 ? " finished" : " epoch " + epochs);
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isFit(Path f) {
        return f.getFileName().toString().matches("fit-\\d+-.*\\.ckpt");
    }

    private static int fitNumber(Path f) {
        return Integer.parseInt(f.getFileName().toString().split("-")[1]);
    }

    /** Deletes a checkpoint folder and everything in it (nothing when it does not exist). */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The shared folders ({@link #shared}) in a shared root (a benchmark's checkpoint folder), by name. */
    public static java.util.List<Path> sharedDirs(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) return java.util.List.of();
        try (Stream<Path> dirs = Files.list(checkpoints)) {
            return dirs.filter(d ->
                            Files.isDirectory(d) && d.getFileName().toString().matches(".+" + SHARED + "[0-9a-f]+"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints in " + checkpoints + ": " + e.getMessage(), e);
        }
    }

    /** An open scope; closing it restores the enclosing one. */
    public static final class Scope implements AutoCloseable {
        private final Path dir;
        private final Duration every;
        private final Path sharedRoot;
        private final Scope outer;
        private int fits;

        private Scope(Path dir, Duration every, Path sharedRoot, Scope outer) {
            this.dir = dir;
            this.every = every;
            this.sharedRoot = sharedRoot;
            this.outer = outer;
        }

        public Path dir() {
            return dir;
        }

        /** The least time between two checkpoints of one training. */
        public Duration every() {
            return every;
        }

        /** Deletes the folder and its checkpoints (call when the work's result is safely stored). */
        public void deleteAll() {
            delete(dir);
        }

        @Override
        public void close() {
            if (outer == null) CURRENT.remove();
            else CURRENT.set(outer);
        }
    }
}
