package org.mbo4j.task;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A family of tasks known to {@link Tasks}. The toolkit's families are built in; a jar adds its own by naming its
 * implementation in {@code META-INF/services/org.mbo4j.task.TaskProvider} (found with {@code ServiceLoader}
 * when the jar is on the class path, e.g. through {@code MBO4J_CLASSPATH}). An implementation needs a public
 * no-argument constructor that does no work: data are read by the loaders, when a task is loaded.
 *
 * <p>Each task is declared once, as an {@link Entry} holding its catalogue row and its loader:
 * <pre>{@code
 * public List<Entry> tasks() {
 *     return List.of(Entry.of(new TaskInfo("MyTask", "lab", "box [0, 1]^4", 4, 1, "500 of 800", "closed form",
 *             "our 2026 screen"), MyTasks::myTask));
 * }
 * }</pre>
 */
public interface TaskProvider {
    /** The tasks this provider declares, one entry each; registry names must be unique across all providers. */
    List<Entry> tasks();

    /**
     * A loader for a task whose name carries parameters and so is not among {@link #tasks()} (e.g. {@code Ackley-13}),
     * without loading it; empty when the name is not this provider's.
     *
     * @throws IllegalArgumentException when the name is this provider's family with impossible parameters, naming
     *                                  the fix
     */
    default Optional<Supplier<Task>> variant(String name) {
        return Optional.empty();
    }

    /**
     * One declared task.
     *
     * @param info    its catalogue row; {@code info.name()} is the registry name
     * @param aliases other names that load it (case-insensitive), e.g. {@code TFBind8-Exact-v0}
     * @param loader  builds the task (reads its data); called once per process, the task is cached
     */
    record Entry(TaskInfo info, List<String> aliases, Supplier<Task> loader) {
        public Entry {
            Objects.requireNonNull(info, "catalogue row");
            aliases = List.copyOf(aliases);
        }

        /** An entry with its row, loader and aliases. */
        public static Entry of(TaskInfo info, Supplier<Task> loader, String... aliases) {
            return new Entry(info, List.of(aliases), loader);
        }

        /** The registry name. */
        public String name() {
            return info.name();
        }
    }
}
