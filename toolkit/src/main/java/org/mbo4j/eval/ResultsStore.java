package org.mbo4j.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mbo4j.util.AtomicFiles;

/**
 * A benchmark output folder: {@code results.json} (one record per finished task × method × seed, rewritten
 * atomically after each run so an interrupted benchmark resumes where it stopped), {@code summary.csv},
 * {@code summary.md} and, when there are multi-objective rows of the Off-MOO-Bench suites, {@code average-rank.csv}
 * ({@link TaskTypeRanks}), and with TFBind8 rows of Table 2's methods {@code tfbind8-ranks.csv}
 * ({@link LearningToRankRanks}).
 */
public final class ResultsStore {
    public static final String RESULTS = "results.json";
    public static final String SUMMARY_CSV = "summary.csv";
    public static final String SUMMARY_MD = "summary.md";

    /**
     * Records that an import replaced: a build-less record of a run that was rerun on a known build
     * ({@link #importFrom(Path)}), or a row's records of an older build ({@link #importSuperseding(Path)}). Kept
     * unchanged, never summarised.
     */
    public static final String SUPERSEDED = "superseded.json";

    /** Average rank per task type of multi-objective rows ({@link TaskTypeRanks}); written only when there are any. */
    public static final String AVERAGE_RANK_CSV = "average-rank.csv";

    /** Our TFBind8 rows ranked beside Learning to Rank's Table 2 ({@link LearningToRankRanks}); only when there are any. */
    public static final String TFBIND8_RANKS_CSV = "tfbind8-ranks.csv";

    private static final String LOCK = ".results.lock";
    /**
     * The folder of a results folder where {@code ./mbo4j ceiling} records go ({@link HypervolumeCeiling}); summary.md
     * reads them.
     */
    public static final String CEILING_DIR = "ceiling";

    /**
     * What a results folder may hold before its first record: a benchmark's checkpoints and lock, and the records of
     * {@code ./mbo4j ceiling}.
     */
    private static final Set<String> OWN = Set.of("checkpoints", LOCK, "failed.json", "logs", CEILING_DIR);

    /** Runs that threw under another engine, with their errors ({@link #addFailure}); rerunning retries them. */
    public static final String FAILED = "failed.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final List<RunRecord> records = new ArrayList<>();

    private ResultsStore(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens a folder: an existing {@code results.json} is loaded (resume); a folder without one that holds anything
     * but a benchmark's checkpoints (an interrupted first run) is refused unless {@code force}; a missing folder is
     * created.
     */
    public static ResultsStore open(Path dir, boolean force) {
        return open(dir, recordsIn(dir, force));
    }

    /** {@link #open(Path, boolean)} with the folder's records already read ({@link #recordsIn}, same force). */
    static ResultsStore open(Path dir, List<RunRecord> records) {
        ResultsStore s = new ResultsStore(dir);
        s.records.addAll(records);
        return s;
    }

    /**
     * The records of a results folder without opening it for writing (nothing is created or locked), with
     * {@link #open}'s checks: those of its {@code results.json}; none when the folder does not exist or holds only a
     * benchmark's checkpoints; a folder that holds anything else is refused unless {@code force}, a file always.
     */
    public static List<RunRecord> recordsIn(Path dir, boolean force) {
        Path results = dir.resolve(RESULTS);
        try {
            if (Files.isRegularFile(results)) return read(results);
            if (Files.isDirectory(dir)) {
                // a first run killed before its first record leaves only its checkpoints (and the lock): resume it
                try (var list = Files.list(dir)) {
                    if (list.anyMatch(f -> !OWN.contains(f.getFileName().toString())) && !force) {
                        throw new IllegalArgumentException("output folder " + dir + " exists and is not an mbo4j "
                                + "results folder. Fix: choose a new --out folder, or pass --force to write into it");
                    }
                }
            } else if (Files.exists(dir)) {
                throw new IllegalArgumentException(
                        "--out " + dir + " is a file, not a folder. Fix: choose a folder path");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of();
    }

    public Path dir() {
        return dir;
    }

    /** Records loaded or added so far. */
    public List<RunRecord> records() {
        return List.copyOf(records);
    }

    /** The finished record for this run, if any. */
    public Optional<RunRecord> find(String task, String method, long seed, int k, String settings) {
        return records.stream()
                .filter(r -> r.matches(task, method, seed, k, settings))
                .findFirst();
    }

    /**
     * Adds a finished run and rewrites all three files atomically. Several benchmarks may share one folder (e.g. one
     * process per method family): under an exclusive file lock the file is re-read, records other processes added
     * meanwhile are kept, records they replaced or superseded by an import give way, and this run is appended.
     */
    public synchronized void add(RunRecord r) {
        underLock(() -> {
            records.removeIf(x -> sameRun(x, r));
            records.add(r);
        });
        clearFailure(r);
    }

    /** Whether an entry of {@value #FAILED} is the failure of this (task, method, seed). */
    private static boolean isFailureOf(java.util.Map<String, Object> m, String task, String method, long seed) {
        return task.equals(m.get("task"))
                && method.equals(m.get("method"))
                && ((Number) m.get("seed")).longValue() == seed;
    }

    /** Drops a finished run's earlier failure from {@value #FAILED} (the file goes when it empties). */
    private void clearFailure(RunRecord r) {
        Path f = dir.resolve(FAILED);
        if (!Files.isRegularFile(f)) return;
        try {
            List<java.util.Map<String, Object>> list =
                    JSON.readValue(f.toFile(), new TypeReference<List<java.util.Map<String, Object>>>() {});
            boolean removed = list.removeIf(m -> isFailureOf(m, r.task(), r.method(), r.seed()));
            if (!removed) return;
            if (list.isEmpty()) {
                Files.delete(f);
            } else {
                JSON.writeValue(f.toFile(), list);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a run's log goes: {@code logs/TASK-METHOD-seedN.log} (characters outside [A-Za-z0-9._-] become _). */
    public Path logFile(RunSpec s) {
        String name = (s.task() + "-" + s.method() + "-seed" + s.seed()).replaceAll("[^A-Za-z0-9._-]+", "_");
        return dir.resolve("logs").resolve(name + ".log");
    }

    /** Writes a run's log beside its record (replacing an earlier attempt's). */
    public synchronized void writeLog(RunSpec s, String log) {
        try {
            Path f = logFile(s);
            Files.createDirectories(f.getParent());
            Files.writeString(f, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records a run that failed under another engine in {@value #FAILED} (task, method, seed, k, settings, error,
     * time), replacing an earlier failure of the same run. Only the benchmark's own process writes this file.
     */
    public synchronized void addFailure(Engine.Outcome o) {
        Path f = dir.resolve(FAILED);
        try {
            Files.createDirectories(dir);
            List<java.util.Map<String, Object>> list = new ArrayList<>();
            if (Files.isRegularFile(f)) {
                list.addAll(JSON.readValue(f.toFile(), new TypeReference<List<java.util.Map<String, Object>>>() {}));
            }
            RunSpec s = o.spec();
            list.removeIf(m -> isFailureOf(m, s.task(), s.method(), s.seed()));
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("task", s.task());
            m.put("method", s.method());
            m.put("seed", s.seed());
            m.put("k", s.k());
            m.put("settings", s.settings());
            m.put("error", o.error());
            m.put("failedAt", java.time.Instant.now().toString());
            list.add(m);
            Path tmp = dir.resolve(FAILED + ".tmp");
            JSON.writeValue(tmp.toFile(), list);
            Files.move(
                    tmp,
                    f,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Re-reads the folder under the same lock as {@link #add}, keeps what other processes added, and rewrites the
     * three files: the summaries then follow the current code even when no run was added.
     */
    public synchronized void sync() {
        underLock(() -> {});
    }

    /** Under the folder's file lock: merge in the records on disk, apply {@code change}, rewrite the files. */
    private void underLock(Runnable change) {
        try {
            Files.createDirectories(dir);
            try (FileChannel ch =
                            FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                // the folder's files win over this process's memory: an import elsewhere may have replaced a run
                // (its record on disk differs) or superseded it (it is in superseded.json and gone from results)
                List<RunRecord> gone = superseded();
                if (!gone.isEmpty()) records.removeIf(gone::contains);
                Path results = dir.resolve(RESULTS);
                if (Files.isRegularFile(results)) {
                    for (RunRecord other : read(results)) {
                        records.removeIf(x -> sameRun(x, other) && !x.equals(other));
                        if (records.stream().noneMatch(x -> sameRun(x, other))) records.add(other);
                    }
                }
                change.run();
                flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies every finished run of another results folder into this one, e.g. to gather runs made in separate
     * folders or sessions before summarising. A run already here is kept, with one exception: a record here whose
     * {@code build} is unknown (written before records named their code) is replaced by the imported record of the
     * same run (task, method, seed, k, settings) when that one names its build; the replaced record is appended,
     * unchanged, to {@value #SUPERSEDED} first, so a crash in between leaves it in both files rather than in neither.
     * Returns how many runs were new or replaced.
     */
    public synchronized int importFrom(Path otherDir) {
        return importFrom(recordsToImport(otherDir));
    }

    /** {@link #importFrom(Path)} with the folder's records already read ({@link #recordsToImport}). */
    synchronized int importFrom(List<RunRecord> imported) {
        int changed = 0;
        for (RunRecord r : imported) {
            Optional<RunRecord> here =
                    records.stream().filter(x -> sameRun(x, r)).findFirst();
            if (here.isEmpty()) {
                add(r);
                changed++;
            } else if (here.get().build() == null && r.build() != null) {
                RunRecord old = here.get();
                underLock(() -> {
                    supersede(List.of(old));
                    records.removeIf(x -> sameRun(x, r));
                    records.add(r);
                });
                changed++;
            }
        }
        return changed;
    }

    /**
     * Imports another folder's finished runs as {@link #importFrom(Path)} does, and lets them take over their rows: for
     * each row (task, method, k, quick variant or not) the import holds records of, every record here of that row from
     * another build (or none) moves, unchanged, to {@value #SUPERSEDED}, whatever its settings, so that a row is summarised on one build,
     * e.g. when a method's rows are rerun after a change to it (a change that also changed its settings text leaves
     * no row of the old version behind). Rows the import does not touch stay as they are. Refuses, before
     * changing anything, an import with a record that names no build or a row whose records name two builds.
     * Returns how many runs were added.
     */
    public synchronized int importSuperseding(Path otherDir) {
        return importSuperseding(otherDir, recordsToImport(otherDir));
    }

    /** {@link #importSuperseding(Path)} with the folder's records already read ({@link #recordsToImport}). */
    synchronized int importSuperseding(Path otherDir, List<RunRecord> imported) {
        java.util.Map<List<Object>, String> builds = buildsPerRow(otherDir, imported);
        int[] added = {0};
        underLock(() -> {
            List<RunRecord> old =
                    records.stream().filter(x -> supersededBy(builds, x)).toList();
            if (!old.isEmpty()) {
                supersede(old);
                records.removeIf(x -> supersededBy(builds, x));
            }
            for (RunRecord r : imported) {
                if (records.stream().noneMatch(x -> sameRun(x, r))) {
                    records.add(r);
                    added[0]++;
                }
            }
        });
        return added[0];
    }

    /**
     * The build of each row (task, method, k, quick or not) of records imported with {@code --supersede} from
     * {@code otherDir}; refuses a record without a build and a row with two.
     */
    static java.util.Map<List<Object>, String> buildsPerRow(Path otherDir, List<RunRecord> imported) {
        java.util.Map<List<Object>, String> builds = new java.util.LinkedHashMap<>();
        for (RunRecord r : imported) {
            String row = r.task() + " " + r.method() + " (k = " + r.k() + ")";
            if (r.build() == null) {
                throw new IllegalArgumentException("--import " + otherDir + ": its " + row + " seed " + r.seed()
                        + " record names no build, and --supersede moves rows to a named build. Fix: import that"
                        + " folder without --supersede");
            }
            String before = builds.putIfAbsent(rowOf(r), r.build());
            if (before != null && !before.equals(r.build())) {
                throw new IllegalArgumentException("--import " + otherDir + " holds " + row + " records of two builds ("
                        + before + "; " + r.build() + ") and --supersede keeps a row on one build. Fix: import each"
                        + " build's records from a folder of their own, the newer last");
            }
        }
        return builds;
    }

    /** Whether a superseding import with these {@link #buildsPerRow rows' builds} moves {@code x} aside. */
    static boolean supersededBy(java.util.Map<List<Object>, String> builds, RunRecord x) {
        String build = builds.get(rowOf(x));
        return build != null && !build.equals(x.build());
    }

    /**
     * A record's row for {@code --supersede}: task, method, k and whether it ran the method's quick variant, not the
     * settings text, which a new version of a method may change (every registry method's quick settings begin with
     * {@value #QUICK_MARK}, tested).
     */
    static List<Object> rowOf(RunRecord r) {
        return List.of(r.task(), r.method(), r.k(), isQuick(r.settings()));
    }

    /** How a quick variant's settings text begins ({@code @Setting(key = "quick:") boolean quickVariant}). */
    public static final String QUICK_MARK = "quick:";

    /** Whether a settings text is a quick variant's. */
    public static boolean isQuick(String settings) {
        return settings != null && settings.startsWith(QUICK_MARK);
    }

    /** The records of a folder given to {@code --import}; refuses one without a {@value #RESULTS}. */
    public static List<RunRecord> recordsToImport(Path otherDir) {
        Path other = otherDir.resolve(RESULTS);
        if (!Files.isRegularFile(other)) {
            throw new IllegalArgumentException("--import " + otherDir + " holds no " + RESULTS
                    + ". Fix: point it at a folder written by ./mbo4j bench --out");
        }
        return read(other);
    }

    /** An exception's message on one line (Jackson's span several: the parser's location on its own line). */
    static String oneLine(Exception e) {
        return String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }

    /** The records an import replaced ({@value #SUPERSEDED}), oldest first; empty when there are none. */
    public List<RunRecord> superseded() {
        Path f = dir.resolve(SUPERSEDED);
        return Files.isRegularFile(f) ? read(f) : List.of();
    }

    private void supersede(List<RunRecord> old) {
        List<RunRecord> all = new ArrayList<>(superseded());
        all.addAll(old);
        try {
            AtomicFiles.writeString(dir.resolve(SUPERSEDED), true, JSON.writeValueAsString(all));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameRun(RunRecord a, RunRecord b) {
        return a.matches(b.task(), b.method(), b.seed(), b.k(), b.settings());
    }

    private static List<RunRecord> read(Path results) {
        try {
            return JSON.readValue(results.toFile(), new TypeReference<List<RunRecord>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException(results + " is not a readable mbo4j results file ("
                    + oneLine(e)
                    + "). Fix: choose another --out folder, or delete it to start over");
        }
    }

    /**
     * The hypervolume ceilings recorded in {@value #CEILING_DIR} for this folder's tasks at their k (a folder holds
     * one k per task); none without that folder.
     */
    private Map<String, Double> ceilings() {
        Map<String, Integer> kPerTask = new java.util.HashMap<>();
        for (RunRecord r : records) kPerTask.put(r.task(), r.k());
        try {
            return HypervolumeCeiling.reached(HypervolumeCeiling.read(dir.resolve(CEILING_DIR)), kPerTask);
        } catch (IllegalArgumentException e) {
            // a bench refuses an unreadable file before it starts; one spoilt while it runs must not stop it after a
            // saved record: the summary goes without ceilings, and says why on stderr
            System.err.println("summary.md without ceilings: " + e.getMessage());
            return Map.of();
        }
    }

    /** Writes results.json, summary.csv and summary.md (each via a temp file and an atomic move). */
    public synchronized void flush() {
        try {
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve(RESULTS), true, JSON.writeValueAsString(records));
            if (!records.isEmpty()) {
                Summary summary = Summary.of(records);
                AtomicFiles.writeString(dir.resolve(SUMMARY_CSV), true, summary.toCsv());
                AtomicFiles.writeString(
                        dir.resolve(SUMMARY_MD), true, "# Benchmark summary\n\n" + summary.toMarkdown(ceilings()));
                TaskTypeRanks ranks = TaskTypeRanks.of(summary);
                if (!ranks.isEmpty()) AtomicFiles.writeString(dir.resolve(AVERAGE_RANK_CSV), true, ranks.toCsv());
                LearningToRankRanks ltr = LearningToRankRanks.of(summary);
                if (!ltr.isEmpty()) AtomicFiles.writeString(dir.resolve(TFBIND8_RANKS_CSV), true, ltr.toCsv());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
