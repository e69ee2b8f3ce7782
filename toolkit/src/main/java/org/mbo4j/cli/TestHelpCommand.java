package org.mbo4j.cli;

import picocli.CommandLine.Command;

/** Help text for {@code ./mbo4j test}; the launcher runs it (scripts/test.sh). */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Run every test: the Java suite (Maven), the BLAS correctness check, the notebooks and the "
                    + "browser test. Installs what it needs. Set MBO4J_DATA to a folder with the Design-Bench shards."
        })
final class TestHelpCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("run the tests through the launcher: ./mbo4j test");
    }
}
