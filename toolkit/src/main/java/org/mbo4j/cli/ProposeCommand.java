package org.mbo4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./mbo4j propose}: user CSV in, designs out (implemented by the CSV/propose work). */
@Command(name = "propose", mixinStandardHelpOptions = true,
        description = "Propose K designs from a user CSV with a method; writes designs and predicted scores.")
final class ProposeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("propose is not implemented yet");
    }
}
