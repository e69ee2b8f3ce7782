package org.mbo4j.task;

import java.util.List;
import java.util.Optional;

/** A family of tasks known to {@link Tasks}. */
public interface TaskProvider {
    /** Catalogue rows of the tasks this provider offers by default. */
    List<TaskInfo> catalogue();

    /** Loads {@code name} if this provider recognises it (names may carry parameters, e.g. {@code Ackley-8}). */
    Optional<Task> load(String name);
}
