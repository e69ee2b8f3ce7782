package org.mbo4j.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.offline.OfflineViolationException;
import org.mbo4j.task.designbench.DesignBenchTasks;
import org.mbo4j.task.moo.OffMooBenchTasks;
import org.mbo4j.task.synthetic.SyntheticTasks;
import org.mbo4j.util.ServiceProviders;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The task registry: {@code Tasks.load("TFBind8")}, {@code Tasks.list()}.
 *
 * <p>Tasks come from the built-in providers (Design-Bench, synthetic, Off-MOO-Bench), from every
 * {@link TaskProvider} found with {@code ServiceLoader} on the class path (jars named in {@code MBO4J_CLASSPATH}),
 * and from {@link #register} calls (e.g. a notebook cell); all of them appear alike in the catalogue, the
 * {@code tasks}, {@code bench} commands and {@code Benchmark}. A name (or alias) declared twice, or a malformed
 * declaration, is a one-line {@link IllegalStateException} naming both sources. Loaded tasks are cached per name
 * (they are immutable), so a task's oracle-call counter is shared by every user of that name.
 *
 * <p>{@link #load} is a path to an oracle: it fails while a method proposes ({@link OfflineGuard}).
 */
public final class Tasks {
    private static final String BUILT_IN = "built-in ";
    private static final String IN_CODE = "Tasks.register in code";

    private static final ConcurrentHashMap<String, Task> CACHE = new ConcurrentHashMap<>();
    /** Tasks registered in code, by lower-case name (guarded by Tasks.class). */
    private static final Map<String, TaskProvider.Entry> CODE = new LinkedHashMap<>();

    private static final Object PROVIDED_LOCK = new Object();
    /** The providers (built-in, then ServiceLoader's), found once (guarded by PROVIDED_LOCK). */
    private static List<ServiceProviders.Found<TaskProvider>> providers;
    /** Their declarations by lower-case name and alias, checked once (guarded by PROVIDED_LOCK). */
    private static Map<String, Declared> provided;

    private Tasks() {}

    /** A declared task with where it was declared. */
    private record Declared(TaskProvider.Entry entry, String source) {}

    /**
     * Loads a task by name or alias (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     * @throws IllegalStateException    for a duplicate or malformed registration, naming both sources
     * @throws OfflineViolationException while a method proposes
     */
    public static Task load(String name) {
        OfflineGuard.check("Tasks.load(\"" + name + "\")");
        if (name == null || name.isBlank()) throw unknown(String.valueOf(name));
        String key = name.trim().toLowerCase(Locale.ROOT);
        Map<String, Declared> all = declared();
        Declared d = all.get(key);
        if (d != null) return CACHE.computeIfAbsent(d.entry().name().toLowerCase(Locale.ROOT), k -> build(d));
        Task cached = CACHE.get(key);
        if (cached != null) return cached;
        for (ServiceProviders.Found<TaskProvider> p : providers()) {
            Optional<Supplier<Task>> v = p.provider().variant(name.trim());
            if (v.isPresent()) return CACHE.computeIfAbsent(key, k -> v.get().get());
        }
        throw unknown(name);
    }

    /**
     * Registers a task built in code (e.g. in a notebook cell) under its own name, with a catalogue row taken from
     * it. Registering a name again in code replaces the earlier registration (a re-run cell); a name a provider
     * declares is refused.
     *
     * @throws IllegalStateException when a provider declares the name, naming it
     */
    public static void register(Task task) {
        register(TaskProvider.Entry.of(infoOf(task), () -> task));
    }

    /**
     * Registers a task declared in code: its catalogue row and its loader (called on first {@link #load}).
     *
     * @throws IllegalStateException for a malformed entry, or a name a provider declares, naming it
     */
    public static synchronized void register(TaskProvider.Entry entry) {
        String problem = malformed(entry);
        if (problem != null) {
            throw new IllegalStateException("malformed task registration by " + IN_CODE + ": " + problem);
        }
        for (String n : names(entry)) {
            Declared other = fromProviders().get(n.toLowerCase(Locale.ROOT));
            if (other != null) throw duplicate(n, other.source(), IN_CODE);
            for (ServiceProviders.Found<TaskProvider> p : providers()) {
                if (claims(p.provider(), n)) throw duplicate(n, p.source(), IN_CODE);
            }
            for (TaskProvider.Entry e : CODE.values()) {
                if (!e.name().equalsIgnoreCase(entry.name())
                        && names(e).stream().anyMatch(n::equalsIgnoreCase)) {
                    throw duplicate(n, IN_CODE + " (task " + e.name() + ")", IN_CODE + " (task " + entry.name() + ")");
                }
            }
        }
        TaskProvider.Entry old = CODE.put(entry.name().toLowerCase(Locale.ROOT), entry);
        if (old != null) for (String n : names(old)) CACHE.remove(n.toLowerCase(Locale.ROOT));
        CACHE.remove(entry.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Removes a task registered in code (and its cached instance).
     *
     * @return whether {@code name} was registered in code
     */
    public static synchronized boolean unregister(String name) {
        TaskProvider.Entry old = name == null ? null : CODE.remove(name.trim().toLowerCase(Locale.ROOT));
        if (old == null) return false;
        for (String n : names(old)) CACHE.remove(n.toLowerCase(Locale.ROOT));
        return true;
    }

    /** All catalogue rows: built-in, then from jars, then registered in code. */
    public static List<TaskInfo> catalogue() {
        List<TaskInfo> rows = new ArrayList<>();
        for (Declared d : new LinkedHashMap<>(declared()).values()) {
            if (rows.stream().noneMatch(r -> r.name().equals(d.entry().name())))
                rows.add(d.entry().info());
        }
        return rows;
    }

    /** Registry names of the catalogued tasks. */
    public static List<String> names() {
        return catalogue().stream().map(TaskInfo::name).toList();
    }

    /** The catalogue as a table: name, family, space, dims, objectives, dataset size, oracle kind, citation. */
    public static Table list() {
        List<TaskInfo> rows = catalogue();
        return Table.create(
                "tasks",
                StringColumn.create("name", rows.stream().map(TaskInfo::name).toList()),
                StringColumn.create(
                        "family", rows.stream().map(TaskInfo::family).toList()),
                StringColumn.create("space", rows.stream().map(TaskInfo::space).toList()),
                IntColumn.create("dims", rows.stream().mapToInt(TaskInfo::dims).toArray()),
                IntColumn.create(
                        "objectives",
                        rows.stream().mapToInt(TaskInfo::objectives).toArray()),
                StringColumn.create(
                        "dataset size", rows.stream().map(TaskInfo::datasetSize).toList()),
                StringColumn.create(
                        "oracle", rows.stream().map(TaskInfo::oracleKind).toList()),
                StringColumn.create(
                        "citation", rows.stream().map(TaskInfo::citation).toList()));
    }

    /** The catalogue row of a task built in code. */
    static TaskInfo infoOf(Task t) {
        return new TaskInfo(
                t.name(),
                t.family(),
                t.space().describe(),
                t.space().dims(),
                t.objectives().size(),
                t.dataset().size() + " of " + t.fullSize(),
                t.oracleKind(),
                t.citation());
    }

    private static Task build(Declared d) {
        Task t = d.entry().loader().get();
        if (t == null || !t.name().equalsIgnoreCase(d.entry().name())) {
            throw new IllegalStateException("malformed task registration by " + d.source() + ": the loader of '"
                    + d.entry().name() + "' returned " + (t == null ? "null" : "a task named '" + t.name() + "'")
                    + "; a loader must build the task it declares");
        }
        return t;
    }

    /** Every declared name and alias (lower case) to its declaration: providers first, then code. */
    private static synchronized Map<String, Declared> declared() {
        Map<String, Declared> all = new LinkedHashMap<>(fromProviders());
        for (TaskProvider.Entry e : CODE.values()) {
            for (String n : names(e)) all.put(n.toLowerCase(Locale.ROOT), new Declared(e, IN_CODE));
        }
        return all;
    }

    /** The providers' declarations, checked once for malformed entries and duplicates. */
    private static Map<String, Declared> fromProviders() {
        synchronized (PROVIDED_LOCK) {
            if (provided != null) return provided;
            Map<String, Declared> all = new LinkedHashMap<>();
            List<ServiceProviders.Found<TaskProvider>> ps = providers();
            for (ServiceProviders.Found<TaskProvider> p : ps) {
                List<TaskProvider.Entry> entries;
                try {
                    entries = p.provider().tasks();
                } catch (RuntimeException e) {
                    throw new IllegalStateException(
                            "malformed task registration by " + p.source() + ": tasks() threw " + e, e);
                }
                if (entries == null) {
                    throw new IllegalStateException(
                            "malformed task registration by " + p.source() + ": tasks() returned null");
                }
                for (TaskProvider.Entry e : entries) {
                    String problem = malformed(e);
                    if (problem != null) {
                        throw new IllegalStateException(
                                "malformed task registration by " + p.source() + ": " + problem);
                    }
                    for (String n : names(e)) {
                        Declared before = all.put(n.toLowerCase(Locale.ROOT), new Declared(e, p.source()));
                        if (before != null) throw duplicate(n, before.source(), p.source());
                        // a name another provider recognises as one of its parameterised tasks is taken too
                        for (ServiceProviders.Found<TaskProvider> q : ps) {
                            if (q != p && claims(q.provider(), n)) throw duplicate(n, q.source(), p.source());
                        }
                    }
                }
            }
            provided = all;
            return all;
        }
    }

    private static boolean claims(TaskProvider p, String name) {
        try {
            return p.variant(name).isPresent();
        } catch (IllegalArgumentException e) {
            return true; // its family, with parameters it refuses: still its name
        }
    }

    private static List<ServiceProviders.Found<TaskProvider>> providers() {
        synchronized (PROVIDED_LOCK) {
            if (providers == null) {
                List<ServiceProviders.Found<TaskProvider>> ps = new ArrayList<>();
                for (TaskProvider p : List.of(new DesignBenchTasks(), new SyntheticTasks(), new OffMooBenchTasks())) {
                    ps.add(new ServiceProviders.Found<>(
                            p, BUILT_IN + p.getClass().getName()));
                }
                ps.addAll(ServiceProviders.load(TaskProvider.class, "task"));
                providers = List.copyOf(ps);
            }
            return providers;
        }
    }

    private static List<String> names(TaskProvider.Entry e) {
        List<String> n = new ArrayList<>();
        n.add(e.name());
        n.addAll(e.aliases());
        return n;
    }

    /** What is wrong with an entry, or null. */
    private static String malformed(TaskProvider.Entry e) {
        if (e == null) return "a null entry";
        if (e.loader() == null) return "task '" + e.name() + "' has no loader";
        for (String n : names(e)) {
            String invalid = ServiceProviders.invalidName("task", n);
            if (invalid != null) return invalid;
        }
        return null;
    }

    private static IllegalStateException duplicate(String name, String first, String second) {
        return ServiceProviders.duplicate("task", name, first, second);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown task '" + name + "'; valid tasks: " + String.join(", ", names())
                + " (synthetic tasks take a dimension suffix, e.g. Ackley-8)");
    }
}
