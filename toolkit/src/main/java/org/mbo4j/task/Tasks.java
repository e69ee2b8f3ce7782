package org.mbo4j.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.mbo4j.task.designbench.DesignBenchTasks;
import org.mbo4j.task.moo.OffMooBenchTasks;
import org.mbo4j.task.synthetic.SyntheticTasks;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The task registry: {@code Tasks.load("TFBind8")}, {@code Tasks.list()}.
 *
 * <p>Loaded tasks are cached per name (they are immutable).
 */
public final class Tasks {
    private static final List<TaskProvider> PROVIDERS = List.of(
            new DesignBenchTasks(), new SyntheticTasks(), new OffMooBenchTasks());
    private static final ConcurrentHashMap<String, Task> CACHE = new ConcurrentHashMap<>();

    private Tasks() {}

    /**
     * Loads a task by name (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Task load(String name) {
        if (name == null || name.isBlank()) throw unknown(String.valueOf(name));
        return CACHE.computeIfAbsent(name.trim().toLowerCase(java.util.Locale.ROOT), key -> {
            for (TaskProvider p : PROVIDERS) {
                Optional<Task> t = p.load(name.trim());
                if (t.isPresent()) return t.get();
            }
            throw unknown(name);
        });
    }

    /** All catalogue rows. */
    public static List<TaskInfo> catalogue() {
        List<TaskInfo> all = new ArrayList<>();
        for (TaskProvider p : PROVIDERS) all.addAll(p.catalogue());
        return all;
    }

    /** Registry names of the catalogued tasks. */
    public static List<String> names() {
        return catalogue().stream().map(TaskInfo::name).toList();
    }

    /** The catalogue as a table: name, family, space, dims, objectives, dataset size, oracle kind, citation. */
    public static Table list() {
        List<TaskInfo> rows = catalogue();
        return Table.create("tasks",
                StringColumn.create("name", rows.stream().map(TaskInfo::name).toList()),
                StringColumn.create("family", rows.stream().map(TaskInfo::family).toList()),
                StringColumn.create("space", rows.stream().map(TaskInfo::space).toList()),
                IntColumn.create("dims", rows.stream().mapToInt(TaskInfo::dims).toArray()),
                IntColumn.create("objectives", rows.stream().mapToInt(TaskInfo::objectives).toArray()),
                StringColumn.create("dataset size", rows.stream().map(TaskInfo::datasetSize).toList()),
                StringColumn.create("oracle", rows.stream().map(TaskInfo::oracleKind).toList()),
                StringColumn.create("citation", rows.stream().map(TaskInfo::citation).toList()));
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown task '" + name + "'; valid tasks: " + String.join(", ", names())
                + " (synthetic tasks take a dimension suffix, e.g. Ackley-8)");
    }
}
