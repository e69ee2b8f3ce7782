package org.mbo4j.task.moo;

import java.util.List;
import java.util.Optional;
import org.mbo4j.task.Task;
import org.mbo4j.task.TaskInfo;
import org.mbo4j.task.TaskProvider;

/** Off-MOO-Bench multi-objective tasks (filled in by the MOO work). */
public final class OffMooBenchTasks implements TaskProvider {
    @Override public List<TaskInfo> catalogue() { return List.of(); }

    @Override public Optional<Task> load(String name) { return Optional.empty(); }
}
