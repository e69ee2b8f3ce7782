package org.mbo4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./mbo4j bench}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run tasks × methods × seeds and write results.json, summary.csv, summary.md.")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("bench is not implemented yet");
    }
}
