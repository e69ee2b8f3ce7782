package org.mbo4j.task.synthetic;

import java.util.List;
import java.util.Optional;
import org.mbo4j.task.Task;
import org.mbo4j.task.TaskInfo;
import org.mbo4j.task.TaskProvider;

/** Continuous synthetic single-objective tasks with an offline split (filled in by the synthetic-task work). */
public final class SyntheticTasks implements TaskProvider {
    @Override public List<TaskInfo> catalogue() { return List.of(); }

    @Override public Optional<Task> load(String name) { return Optional.empty(); }
}
