package org.mbo4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./mbo4j} command line. Each subcommand has {@code --help}. */
@Command(
        name = "mbo4j",
        mixinStandardHelpOptions = true,
        version = "mbo4j 0.1.0",
        description =
                "Offline model-based optimization toolkit.%n" + "Main job: ./mbo4j lab    All tests: ./mbo4j test",
        subcommands = {
            TasksCommand.class,
            DataCommand.class,
            BenchCommand.class,
            ProposeCommand.class,
            LabHelpCommand.class,
            NotebookHelpCommand.class,
            TestHelpCommand.class,
            PerfCommand.class,
            CeilingCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the CLI and returns the exit code. Errors from bad input print one line, {@code error: ...}, to
     * {@code err} and return 2.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        // the build line is read now, at start-up: read at the first record or report, hours later, it would name
        // whatever a later launch in the same tree had compiled meanwhile
        org.mbo4j.eval.BuildInfo.id();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        // Bad options (missing, malformed, unknown) are bad input too: one line, not the whole usage text.
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine bad = ex.getCommandLine();
            bad.getErr()
                    .println("error: " + ex.getMessage() + " (see ./"
                            + bad.getCommandSpec().qualifiedName(" ") + " --help)");
            bad.getErr().flush();
            return bad.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            while ((t instanceof UncheckedIOException || t instanceof CompletionException) && t.getCause() != null) {
                t = t.getCause();
            }
            if (t instanceof IllegalArgumentException
                    || t instanceof IllegalStateException
                    || t instanceof IOException
                    || t instanceof UserError) {
                cmd.getErr().println("error: " + t.getMessage());
                cmd.getErr().flush();
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }
}
