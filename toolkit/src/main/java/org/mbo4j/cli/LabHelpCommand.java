package org.mbo4j.cli;

import picocli.CommandLine.Command;

/** Help text for {@code ./mbo4j lab}; the launcher runs the lab itself (scripts/lab.sh). */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        description = {
            "Start JupyterLab with the Java (JJava) kernel and the toolkit on its classpath, opening notebooks/.",
            "Creates the project-local Python virtualenv (.venv) on first use.",
            "Usage: ./mbo4j lab [--port P] [--no-browser]"
        })
final class LabHelpCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("run the lab through the launcher: ./mbo4j lab [--port P] [--no-browser]");
    }
}
