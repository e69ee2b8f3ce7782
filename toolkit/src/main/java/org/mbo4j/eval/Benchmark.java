package org.mbo4j.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.mbo4j.method.Method;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.SharedModels;
import org.mbo4j.nn.TrainingCheckpoints;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.offline.OfflineViolationException;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.mbo4j.util.Progress;

/**
 * Runs tasks × methods × seeds with the evaluation protocol and aggregates the results.
 *
 * <pre>{@code
 * Benchmark.tasks("TFBind8", "Ackley-8").methods("dataset-topk", "random").seeds(8).run().table();
 * }</pre>
 *
 * <p>With {@link #out(Path)} every finished (task, method, seed) is written to {@code results.json} at once, and
 * runs already there (same k and settings) are skipped: an interrupted benchmark resumes without losing work.
 * Seeds are {@code 0..n−1} ({@link #seeds(int)}) or a range {@code a..b} ({@link #seedRange(long, long)}: one share
 * of a long reproduction, gathered later with {@link #importFrom(Path)}), run seed-major (all methods on the first
 * seed, then the next, ...). Inside a run, every training checkpoints into {@code out/checkpoints/<run>/} (see
 * {@link TrainingCheckpoints}), so a run killed halfway through hours of training resumes from its last epoch; the
 * folder is deleted once the run's record is saved.
 */
public final class Benchmark {
    /** System property with the minimum time between checkpoints of a training (default 1 minute). */
    public static final String CHECKPOINT_PROPERTY = "mbo4j.checkpointEvery";

    private final List<String> taskNames;
    private List<Method> methods = List.of();
    private long firstSeed = 0;
    private long seeds = 1;
    private int k = 128;
    private Path out;
    private boolean force;
    private String command;
    private final List<Path> imports = new ArrayList<>();
    private final List<Path> superseding = new ArrayList<>();
    private Engine engine = Engine.inProcess();
    private List<String> failures = List.of();

    private Benchmark(List<String> taskNames) {
        if (taskNames.isEmpty()) throw new IllegalArgumentException("a benchmark needs at least one task");
        this.taskNames = List.copyOf(taskNames);
    }

    /** Starts a benchmark over these task names. */
    public static Benchmark tasks(String... names) {
        return new Benchmark(Arrays.asList(names));
    }

    /** Methods by registry name. */
    public Benchmark methods(String... names) {
        List<Method> ms = new ArrayList<>();
        for (String n : names) ms.add(Methods.create(n));
        return methods(ms.toArray(Method[]::new));
    }

    /** Method instances (e.g. with non-default hyperparameters). */
    public Benchmark methods(Method... ms) {
        if (ms.length == 0) throw new IllegalArgumentException("a benchmark needs at least one method");
        this.methods = List.of(ms);
        return this;
    }

    /** Number of seeds (0..n−1). Default 1. */
    public Benchmark seeds(int n) {
        if (n < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + n);
        this.firstSeed = 0;
        this.seeds = n;
        return this;
    }

    /**
     * Seeds {@code first..last} (inclusive), e.g. seeds 4..7 on a second machine while the first runs 0..3; the
     * records are the same as those of {@link #seeds(int)} for those seeds, so {@link #importFrom(Path)} gathers them.
     */
    public Benchmark seedRange(long first, long last) {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("--seeds " + first + ".." + last + " is not a range of seeds: it needs "
                    + "0 <= A <= B (A..B runs seeds A to B)");
        }
        this.firstSeed = first;
        this.seeds = last - first + 1;
        return this;
    }

    /** Designs per run. Default 128 (Design-Bench). */
    public Benchmark k(int k) {
        Methods.requireSensibleK(k, null);
        this.k = k;
        return this;
    }

    /** Writes results incrementally into this folder and resumes from it. */
    public Benchmark out(Path dir) {
        this.out = Objects.requireNonNull(dir);
        return this;
    }

    /** Copies the finished runs of another results folder into {@link #out(Path)} before running. */
    public Benchmark importFrom(Path dir) {
        imports.add(Objects.requireNonNull(dir));
        return this;
    }

    /** The records of {@link #out(Path)} (none without one) and of each import folder, read once per command. */
    private record Folders(List<RunRecord> out, Map<Path, List<RunRecord>> imported) {}

    /**
     * Reads the output and import folders once, so that the checks and what {@link #run()} or {@link #plan()} then
     * does see the same records, and makes the checks on them ({@link #requireWithinScope},
     * {@link #requireOneKPerTask}; the output folder's ceilings readable, {@link HypervolumeCeiling#read}); nothing is
     * written. Every folder is read before any check on their contents, so an unreadable folder is reported before a
     * superseding import's scope (since 2026-12-08; before, the scope came first).
     */
    private Folders readFolders(List<Task> tasks) {
        Map<Path, List<RunRecord>> imported = new LinkedHashMap<>();
        for (Path p : imports) imported.put(p, ResultsStore.recordsToImport(p));
        Folders folders = new Folders(out == null ? List.of() : ResultsStore.recordsIn(out, force), imported);
        for (Path p : superseding) requireWithinScope(p, imported.get(p), tasks);
        requireOneKPerTask(folders, tasks);
        // the summary reads the folder's ceilings after every run: an unreadable file is refused before the first
        if (out != null) HypervolumeCeiling.read(out.resolve(ResultsStore.CEILING_DIR));
        return folders;
    }

    /**
     * Refuses a superseding import folder that holds runs outside the rows this benchmark runs (task, method as resolved
     * for the task, k, quick or paper settings: {@link ResultsStore#rowOf}): they would take over rows the command does
     * not name (e.g. the first seed of the next task in a lane's folder). The message says which part differs.
     */
    private void requireWithinScope(Path dir, List<RunRecord> imported, List<Task> tasks) {
        Set<List<Object>> rows = new HashSet<>();
        for (Task t : tasks) {
            for (Method general : methods) {
                Resolved m = Resolved.of(general, t.problem());
                rows.add(List.of(t.name(), m.name(), k, ResultsStore.isQuick(m.settings())));
            }
        }
        for (RunRecord r : imported) {
            if (rows.contains(ResultsStore.rowOf(r))) continue;
            String run = "--import " + dir + " holds a " + r.task() + " " + r.method() + " run";
            String move = ", and --supersede would move that row too. Fix: ";
            String only = "import a folder holding only the rows to move";
            if (rows.stream()
                    .noneMatch(x -> x.get(0).equals(r.task()) && x.get(1).equals(r.method()))) {
                throw new IllegalArgumentException(run + ", outside this command's tasks and methods" + move
                        + "name it in --tasks and --methods, or " + only);
            }
            if (r.k() != k) {
                throw new IllegalArgumentException(run + " at k = " + r.k() + ", this command's k is " + k + move
                        + "import it with --k " + r.k() + " into an --out of k = " + r.k() + " runs, or " + only);
            }
            boolean quick = ResultsStore.isQuick(r.settings());
            throw new IllegalArgumentException(run + " with " + (quick ? "quick" : "paper") + " settings, this command"
                    + " runs " + (quick ? "paper" : "quick") + " ones" + move + (quick ? "add" : "drop")
                    + " --quick, or "
                    + only);
        }
    }

    /**
     * Refuses a benchmark after which its {@link #out(Path)} folder would hold runs of one task at two k: a summary
     * row averages its runs whatever their k. Counts the folder's records, every import folder's and this command's
     * tasks at its k; nothing is written.
     */
    private void requireOneKPerTask(Folders folders, List<Task> tasks) {
        if (out == null) return;
        Map<String, Map<Integer, String>> ks = new LinkedHashMap<>(); // task → k → where runs at that k come from
        for (RunRecord r : folders.out()) {
            ks.computeIfAbsent(r.task(), x -> new LinkedHashMap<>()).putIfAbsent(r.k(), "--out " + out);
        }
        for (Path p : imports) {
            for (RunRecord r : folders.imported().get(p)) {
                ks.computeIfAbsent(r.task(), x -> new LinkedHashMap<>()).putIfAbsent(r.k(), "--import " + p);
            }
        }
        for (Task t : tasks)
            ks.computeIfAbsent(t.name(), x -> new LinkedHashMap<>()).putIfAbsent(k, "this command");
        for (Map.Entry<String, Map<Integer, String>> e : ks.entrySet()) {
            if (e.getValue().size() < 2) continue;
            List<String> parts = e.getValue().entrySet().stream()
                    .map(x -> "k = " + x.getKey() + " (" + x.getValue() + ")")
                    .toList();
            throw new IllegalArgumentException("--out " + out + " would hold " + e.getKey() + " runs at "
                    + String.join(" and ", parts) + ", and a summary row averages its runs whatever their k. Fix: keep"
                    + " each k's runs in their own --out folder");
        }
    }

    /**
     * As {@link #importFrom(Path)}, and the imported runs take over their rows: records of those rows from another
     * build move to {@value ResultsStore#SUPERSEDED} ({@link ResultsStore#importSuperseding(Path)}).
     */
    public Benchmark importSuperseding(Path dir) {
        imports.add(Objects.requireNonNull(dir));
        superseding.add(dir);
        return this;
    }

    /**
     * The command this benchmark runs for, kept in each new record ({@link RunRecord#command()}): the CLI passes its
     * command line. Default: the Java call, e.g. {@code Benchmark.tasks("TFBind8").methods("coms").seedRange(3, 7)
     * .k(128)}, with each method's registry name (its settings are in the record's {@code settings}).
     */
    public Benchmark command(String line) {
        if (line == null || line.isBlank()) throw new IllegalArgumentException("a benchmark's command cannot be blank");
        this.command = line.strip();
        return this;
    }

    /** The Java call this benchmark is, as {@link #command(String)}'s default. */
    private String apiCall() {
        String quoted =
                String.join(", ", taskNames.stream().map(t -> '"' + t + '"').toList());
        String names = String.join(
                ", ", methods.stream().map(m -> '"' + m.name() + '"').toList());
        return "Benchmark.tasks(" + quoted + ").methods(" + names + ").seedRange(" + firstSeed + ", "
                + (firstSeed + seeds - 1) + ").k(" + k + ")";
    }

    /**
     * Where the runs execute (default {@link Engine#inProcess()}). Another engine gets every pending run at once and
     * runs them in parallel; each finished run is written as it arrives, a run that throws is written to
     * {@code failed.json} with its error (and retried by the next run of the benchmark) and does not stop the sweep.
     * Methods travel by registry name, so every method must be a registry method (or its quick variant) with the
     * registry's settings; trainings do not checkpoint under another engine.
     */
    public Benchmark engine(Engine e) {
        this.engine = Objects.requireNonNull(e);
        return this;
    }

    /** Allows writing into an existing non-results folder. */
    public Benchmark force(boolean f) {
        this.force = f;
        return this;
    }

    /**
     * Runs everything not yet finished and returns the summary over all records (old and new).
     *
     * <p>Each method's {@code forProblem} and {@code propose} run inside {@link OfflineGuard#during}: a method that
     * reaches for an oracle, held-out or full task data stops the benchmark with an
     * {@link OfflineViolationException}, and nothing is written for that run (no record, its checkpoint folder
     * removed); runs finished before it keep their records. A record's oracle-call count is the change of the
     * task's counter ({@link Task#oracleCalls()}) over the whole run, proposal and scoring.
     *
     * <p>With {@link #out(Path)}, each run's trainings checkpoint in {@code out/checkpoints/<run>/} (removed once its
     * record is saved) and trainings several runs share ({@link TrainingCheckpoints#shared}) in
     * {@code out/checkpoints/<name>-shared-<hash>/}; when every run is recorded, the shared folders this JVM opened are
     * removed too.
     */
    public Summary run() {
        List<Task> tasks = checkedTasks();
        Folders folders = readFolders(tasks);
        boolean outExisted = out != null && Files.exists(out);
        ResultsStore store = out == null ? null : ResultsStore.open(out, folders.out());
        for (Path p : imports) {
            if (superseding.contains(p))
                store.importSuperseding(p, folders.imported().get(p));
            else store.importFrom(folders.imported().get(p));
        }
        String line = command != null ? command : OfflineGuard.during("(a method, while naming itself)", this::apiCall);
        if (engine != Engine.inProcess()) return runOn(engine, tasks, store, line);
        List<RunRecord> records = new ArrayList<>();
        long total = (long) tasks.size() * methods.size() * seeds;
        try (Progress.Bar bar = Progress.start("bench", total)) {
            for (Task task : tasks) {
                Evaluation eval = Evaluation.of(task);
                // seed-major: every method gets a seed before any gets the next, so an interrupted long benchmark
                // has comparable rows for all methods, and methods that share a trained model per seed (grad-min and
                // grad-mean) run back to back
                for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                    // methods whose training is the same (grad-min and grad-mean) share one trained model per seed
                    try (SharedModels shared = SharedModels.open()) {
                        for (Method general : methods) {
                            // the variant that runs on this task, so that the record's settings say what ran; the
                            // method's own code (name, forProblem, settings) runs inside the guard and the count
                            long callsBefore = task.oracleCalls();
                            Resolved m = Resolved.of(general, task.problem());
                            RunRecord done = store == null
                                    ? null
                                    : store.find(task.name(), m.name(), seed, k, m.settings())
                                            .orElse(null);
                            if (done == null) {
                                if (store == null) {
                                    done = runOne(eval, m, seed, callsBefore, line);
                                } else {
                                    // trainings inside checkpoint into out/checkpoints/<run>/ and resume from there
                                    try (TrainingCheckpoints.Scope scope = TrainingCheckpoints.open(
                                            checkpointDir(task, m, seed),
                                            checkpointInterval(),
                                            out.resolve("checkpoints"))) {
                                        try {
                                            done = runOne(eval, m, seed, callsBefore, line);
                                        } catch (OfflineViolationException e) {
                                            scope.deleteAll();
                                            removeIfEmpty(out.resolve("checkpoints"));
                                            if (!outExisted) removeIfEmpty(out);
                                            throw e;
                                        }
                                        store.add(done);
                                        scope.deleteAll();
                                    }
                                }
                            }
                            records.add(done);
                            bar.step(task.name() + " " + m.name() + " seed " + seed);
                        }
                    }
                }
            }
        }
        if (store == null) return Summary.of(records);
        // every run is recorded: the trainings they shared are not needed any more. Only the shared folders this JVM
        // opened (another benchmark process on this folder may still use its own), best effort: a process that is
        // writing into one makes it again at its next checkpoint
        try {
            for (Path d : TrainingCheckpoints.sharedDirs(out.resolve("checkpoints"))) {
                if (TrainingCheckpoints.sharedOpened()
                        .contains(d.toAbsolutePath().normalize())) {
                    TrainingCheckpoints.delete(d);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            // left for a later sweep to remove
        }
        // rewrite the summaries even when every run was already there: they then follow the current summary code,
        // paper numbers and any runs imported or added by hand, and the CLI's "wrote ..." is true
        store.sync();
        return Summary.of(store.records());
    }

    /** The tasks, loaded, after the checks every benchmark makes before it runs or plans anything. */
    private List<Task> checkedTasks() {
        if (methods.isEmpty()) throw new IllegalArgumentException("no methods given: call methods(...)");
        List<Task> tasks = new ArrayList<>();
        for (String t : taskNames) tasks.add(Tasks.load(t)); // fail fast on unknown names or missing data
        for (Task t : tasks) {
            Methods.requireSensibleK(k, t.space());
            List<String> objectives = t.objectives().stream().map(o -> o.name()).toList();
            for (Method m : methods) {
                Methods.requireObjectives(m, "task " + t.name(), objectives, "drop the task from this benchmark");
            }
        }
        if (!imports.isEmpty() && out == null) throw new IllegalArgumentException("--import needs --out");
        return tasks;
    }

    /** As an import does: a record without a build gives way to the same run's record that names one. */
    private static void know(Map<List<Object>, RunRecord> known, RunRecord r) {
        known.merge(
                List.of(r.task(), r.method(), r.seed(), r.k(), r.settings()),
                r,
                (here, imported) -> here.build() == null && imported.build() != null ? imported : here);
    }

    /**
     * What {@link #run()} would do, without doing it: per task and method the seeds recorded in {@link #out(Path)}
     * and the {@link #importFrom(Path) import} folders (same k and settings), the pending seeds with what their
     * checkpoints say, and an estimate of the pending time from the recorded runs of the same row ({@link Plan}).
     * Makes the same checks as {@code run()} (tasks, k, objectives, the output and import folders) and writes
     * nothing: no folder is created, no file locked.
     */
    public Plan plan() {
        List<Task> tasks = checkedTasks();
        Folders folders = readFolders(tasks);
        Map<List<Object>, RunRecord> known = new LinkedHashMap<>(); // one record per run
        folders.out().forEach(r -> know(known, r));
        for (Path p : imports) {
            List<RunRecord> in = folders.imported().get(p);
            if (superseding.contains(p)) { // as the import will: the row's records of other builds give way
                Map<List<Object>, String> builds = ResultsStore.buildsPerRow(p, in);
                known.values().removeIf(x -> ResultsStore.supersededBy(builds, x));
            }
            in.forEach(r -> know(known, r));
        }
        List<Plan.Row> rows = new ArrayList<>();
        for (Task task : tasks) {
            for (Method general : methods) {
                Resolved m = Resolved.of(general, task.problem());
                // this row's records: those with the variant's settings count, the others are only reported
                List<RunRecord> same = new ArrayList<>();
                int other = 0;
                for (RunRecord r : known.values()) {
                    if (!r.task().equals(task.name()) || !r.method().equals(m.name()) || r.k() != k) continue;
                    if (r.settings().equals(m.settings())) same.add(r);
                    else other++;
                }
                List<Long> recorded = new ArrayList<>();
                List<Long> pending = new ArrayList<>();
                Map<Long, List<String>> checkpoints = new LinkedHashMap<>();
                for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                    long sd = seed;
                    if (same.stream().anyMatch(r -> r.seed() == sd)) {
                        recorded.add(seed);
                    } else {
                        pending.add(seed);
                        if (out != null) {
                            List<String> progress = TrainingCheckpoints.progress(checkpointDir(task, m, seed));
                            if (!progress.isEmpty()) checkpoints.put(seed, progress);
                        }
                    }
                }
                List<Double> secs = same.stream().map(RunRecord::seconds).toList();
                rows.add(
                        new Plan.Row(task.name(), m.name(), m.settings(), recorded, pending, checkpoints, secs, other));
            }
        }
        String scope = String.join(", ", taskNames) + " × "
                + String.join(
                        ", ", rows.stream().map(Plan.Row::method).distinct().toList()) + " × seeds "
                + (seeds == 1 ? "" + firstSeed : firstSeed + ".." + (firstSeed + seeds - 1)) + ", k " + k
                + (out == null ? "" : ", recorded in " + out)
                + (imports.isEmpty()
                        ? ""
                        : " and "
                                + String.join(
                                        ", ",
                                        imports.stream().map(Path::toString).toList()));
        Map<String, List<String>> shared = new LinkedHashMap<>();
        if (out != null) {
            for (Path d : TrainingCheckpoints.sharedDirs(out.resolve("checkpoints"))) {
                shared.put(d.getFileName().toString(), TrainingCheckpoints.progress(d));
            }
        }
        return new Plan(scope, rows, shared);
    }

    /** The sweep on another engine: the pending runs as specs, each outcome written as it arrives. */
    private Summary runOn(Engine e, List<Task> tasks, ResultsStore store, String line) {
        List<RunRecord> records = new ArrayList<>();
        List<RunSpec> pending = new ArrayList<>();
        for (Task task : tasks) {
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                for (Method general : methods) {
                    Resolved m = Resolved.of(general, task.problem());
                    RunRecord done = store == null
                            ? null
                            : store.find(task.name(), m.name(), seed, k, m.settings())
                                    .orElse(null);
                    if (done != null) {
                        records.add(done);
                        continue;
                    }
                    pending.add(new RunSpec(task.name(), m.name(), isQuick(general), seed, k, m.settings(), line));
                }
            }
        }
        for (RunSpec s : pending) requireRegistryMethod(s, tasks);
        List<String> failed = new ArrayList<>();
        String slots = e.parallelism() > 0 ? e.parallelism() + " at a time" : "one per free executor core";
        try (Progress.Bar bar = Progress.start("bench (" + e.describe() + ", " + slots + ")", pending.size())) {
            int[] counts = new int[2]; // done, failed
            e.execute(pending, o -> {
                if (store != null && o.log() != null) store.writeLog(o.spec(), o.log());
                if (o.record() != null) {
                    if (store != null) store.add(o.record());
                    records.add(o.record());
                    counts[0]++;
                } else {
                    if (store != null) store.addFailure(o);
                    failed.add(o.spec().key() + ": " + o.error());
                    counts[1]++;
                }
                int left = pending.size() - counts[0] - counts[1];
                int running = e.parallelism() > 0 ? Math.min(e.parallelism(), left) : left;
                bar.step(String.format(
                        "%d done, %d %s, %d failed (last: %s)",
                        counts[0],
                        running,
                        e.parallelism() > 0 ? "running" : "running or queued",
                        counts[1],
                        o.spec().key()));
            });
        }
        failures = List.copyOf(failed);
        if (store == null) return Summary.of(records);
        store.sync();
        return Summary.of(store.records());
    }

    /**
     * The runs of the last {@link #run} that failed under another engine, as {@code TASK METHOD seed N: error}
     * (also in the results folder's {@code failed.json}); empty in-process, where a failure stops the benchmark.
     */
    public List<String> failures() {
        return failures;
    }

    /** Whether a method is its quick variant: its settings text says so ({@code quick: …}). */
    private static boolean isQuick(Method m) {
        return OfflineGuard.during("(a method, while naming itself)", m::settings)
                .startsWith("quick:");
    }

    /** An engine rebuilds each method from the registry: refuse one whose settings the registry cannot reproduce. */
    private static void requireRegistryMethod(RunSpec s, List<Task> tasks) {
        Task task = tasks.stream()
                .filter(t -> t.name().equals(s.task()))
                .findFirst()
                .orElseThrow();
        String rebuilt;
        try {
            Method m = Methods.create(s.method());
            Method v = s.quick() ? OfflineGuard.during(s.method(), m::quick) : m;
            rebuilt = Resolved.of(v, task.problem()).settings();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("another engine builds each method from the registry, and "
                    + s.method() + " is not a registry method: register it (META-INF/services, MBO4J_CLASSPATH) or "
                    + "run the benchmark in-process");
        }
        if (!rebuilt.equals(s.settings())) {
            throw new IllegalArgumentException("another engine builds each method from the registry, and "
                    + s.method() + "'s settings differ from the registry's (" + s.settings() + " against " + rebuilt
                    + "): register the variant under its own name or run the benchmark in-process");
        }
    }

    /**
     * Runs one spec in this JVM, as an engine's executor does: the task from {@link Tasks}, the method from the
     * registry (its quick variant when asked), resolved for the task inside the offline guard and checked against the
     * spec's settings, then proposed and scored as in-process. Any exception becomes the outcome's error; nothing is
     * written.
     */
    public static Engine.Outcome runSpec(RunSpec s) {
        StringBuilder log = new StringBuilder();
        Progress.Sink previous = Progress.sink();
        Progress.setSink(Progress.lines(line -> {
            if (log.length() < MAX_LOG_CHARS)
                log.append(java.time.Instant.now()).append(' ').append(line).append('\n');
        }));
        try {
            Engine.Outcome o = runSpecQuietly(s);
            return new Engine.Outcome(o.spec(), o.record(), o.error(), log.toString());
        } finally {
            Progress.setSink(previous);
        }
    }

    /** A run's log is cut after this many characters (about 20,000 progress lines). */
    static final int MAX_LOG_CHARS = 2_000_000;

    private static Engine.Outcome runSpecQuietly(RunSpec s) {
        try {
            Task task = Tasks.load(s.task());
            Method general = Methods.create(s.method());
            if (s.quick()) general = OfflineGuard.during(s.method(), general::quick);
            Resolved m = Resolved.of(general, task.problem());
            if (!m.settings().equals(s.settings())) {
                return new Engine.Outcome(
                        s,
                        null,
                        "the method's settings here (" + m.settings() + ") differ from the " + "driver's ("
                                + s.settings() + "): give every executor the same jars",
                        null);
            }
            long before = task.oracleCalls();
            RunRecord r = execute(Evaluation.of(task), m, s.seed(), s.k(), before, s.command());
            return new Engine.Outcome(s, r, null, null);
        } catch (RuntimeException | Error e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().strip().replace('\n', ' ');
            return new Engine.Outcome(s, null, e.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg), null);
        }
    }

    /**
     * The minimum time between two checkpoints of one training: 1 minute, or the system property
     * {@value #CHECKPOINT_PROPERTY} as an ISO-8601 duration ({@code PT0S}: after every epoch, as the test that
     * kills a benchmark mid-training uses).
     */
    static Duration checkpointInterval() {
        String p = System.getProperty(CHECKPOINT_PROPERTY);
        if (p == null) return Duration.ofMinutes(1);
        try {
            return Duration.parse(p);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("-D" + CHECKPOINT_PROPERTY + "=" + p + " is not an ISO-8601 duration; "
                    + "write e.g. PT30S, or PT0S for a checkpoint after every epoch");
        }
    }

    /** Deletes a folder when it is empty (what a stopped run leaves behind). */
    private static void removeIfEmpty(Path dir) {
        try (Stream<Path> in = Files.list(dir)) {
            if (in.findAny().isEmpty()) Files.delete(dir);
        } catch (IOException e) {
            // absent, or not ours to remove: leave it
        }
    }

    /** The checkpoint folder of one run: out/checkpoints/TASK-METHOD-seedN-SETTINGSHASH. */
    private Path checkpointDir(Task task, Resolved m, long seed) {
        return checkpointDir(out, task.name(), m.name(), m.settings(), k, seed);
    }

    /** The checkpoint folder of the run (task, method, settings, k, seed) of a benchmark writing into {@code out}. */
    static Path checkpointDir(Path out, String task, String method, String settings, int k, long seed) {
        String name = (task + "-" + method + "-seed" + seed).replaceAll("[^A-Za-z0-9._-]+", "_") + "-"
                + Integer.toHexString(settings.hashCode() ^ Integer.rotateLeft(k, 16));
        return out.resolve("checkpoints").resolve(name);
    }

    /**
     * One run: the resolved variant proposes inside the guard, the protocol scores it; the record's oracle-call
     * count is the task counter's change since {@code callsBefore} (taken before the variant was resolved); the
     * record names {@code line} as its command.
     */
    private RunRecord runOne(Evaluation eval, Resolved m, long seed, long callsBefore, String line) {
        return execute(eval, m, seed, k, callsBefore, line);
    }

    private static RunRecord execute(Evaluation eval, Resolved m, long seed, int k, long callsBefore, String line) {
        Task task = eval.task();
        OfflineProblem problem = task.problem();
        long t0 = System.nanoTime();
        Proposal p = OfflineGuard.during(m.name(), () -> m.method().run(problem, k, seed));
        double secs = (System.nanoTime() - t0) / 1e9;
        Score s = eval.score(p).withSeconds(secs);
        return RunRecord.of(
                s.withOracleCalls(task.oracleCalls() - callsBefore),
                m.settings(),
                Instant.now().toString(),
                line);
    }

    /**
     * A method's variant for a problem, with its name and settings, all read inside the offline guard (a method's
     * {@code name()}, {@code forProblem} and {@code settings()} are its own code too). The run then calls the
     * variant's {@code run} directly, so {@code forProblem} is applied exactly once.
     */
    private record Resolved(Method method, String name, String settings) {
        static Resolved of(Method general, OfflineProblem problem) {
            String label = OfflineGuard.during("(a method, while naming itself)", general::name);
            return OfflineGuard.during(label, () -> {
                Method v = general.forProblem(problem);
                return new Resolved(v, v.name(), v.settings());
            });
        }
    }
}
