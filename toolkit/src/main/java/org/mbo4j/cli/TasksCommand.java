package org.mbo4j.cli;

import java.util.concurrent.Callable;
import org.mbo4j.task.Tasks;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./mbo4j tasks}: the task catalogue. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "List the benchmark tasks: name, family, design space, objectives, dataset size, oracle, citation.")
final class TasksCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(Tasks.list().printAll());
        return 0;
    }
}
