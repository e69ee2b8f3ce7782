package org.mbo4j.cli;

import picocli.CommandLine.Command;

/** Help text for {@code ./mbo4j notebook}; the launcher runs it (scripts/lab.sh). */
@Command(
        name = "notebook",
        mixinStandardHelpOptions = true,
        description = {
            "Execute a notebook headless with the Java kernel; stop at the first failing cell.",
            "Usage: ./mbo4j notebook PATH [--out OUT.ipynb]"
        })
final class NotebookHelpCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("run notebooks through the launcher: ./mbo4j notebook PATH [--out OUT.ipynb]");
    }
}
