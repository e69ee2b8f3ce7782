package org.mbo4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mbo4j.task.TaskInfo;
import org.mbo4j.task.Tasks;
import org.mbo4j.util.TextTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./mbo4j tasks}: the task catalogue as a left-aligned table of at most {@link #WIDTH} columns; {@code --long}
 * adds each task's citation, wrapped to the same width.
 */
@Command(
        name = "tasks",
        mixinStandardHelpOptions = true,
        description = "List the benchmark tasks: name, family, design space, objectives, dataset size, oracle"
                + " (--long: and the citation of each).")
final class TasksCommand implements Callable<Integer> {
    /** Widest line the command prints. */
    static final int WIDTH = 120;

    private static final String INDENT = "  ";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--long", description = "Also list each task's citation (the source of its definition).")
    boolean longView;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<TaskInfo> catalogue = Tasks.catalogue();
        TextTable table = TextTable.withHeader(
                        "name", "family", "space", "dims", "objectives", "dataset size", "oracle")
                .alignRight(3, 4);
        for (TaskInfo t : catalogue) {
            table.row(
                    t.name(),
                    t.family(),
                    t.space(),
                    Integer.toString(t.dims()),
                    Integer.toString(t.objectives()),
                    t.datasetSize(),
                    t.oracleKind());
        }
        out.print(table.render(WIDTH));
        out.println();
        List<TaskInfo> withNadir =
                catalogue.stream().filter(t -> t.nadir() != null).toList();
        if (!withNadir.isEmpty()) {
            out.println(
                    "nadir points of the multi-objective tasks (hypervolume reference: 2.2 × the normalised nadir)");
            TextTable nadirs = TextTable.withoutHeader(2);
            for (TaskInfo t : withNadir) {
                StringBuilder sb = new StringBuilder("[");
                for (double v : t.nadir()) {
                    if (sb.length() > 1) sb.append(", ");
                    sb.append(String.format(Locale.ROOT, "%.6g", v));
                }
                nadirs.row(t.name(), sb.append(']').toString());
            }
            nadirs.render(WIDTH - INDENT.length()).lines().forEach(l -> out.println(INDENT + l));
            out.println();
        }
        if (longView) {
            out.println("citations");
            TextTable cites = TextTable.withoutHeader(2);
            for (TaskInfo t : catalogue) cites.row(t.name(), t.citation());
            cites.render(WIDTH - INDENT.length()).lines().forEach(l -> out.println(INDENT + l));
        } else {
            out.println(catalogue.size() + " tasks; ./mbo4j tasks --long adds the citation of each");
        }
        out.flush();
        return 0;
    }
}
