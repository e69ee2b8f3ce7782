package org.mbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mbo4j.perf.PerfCase;
import org.mbo4j.perf.SameDiffComparison;

/** {@code ./mbo4j perf > report.json}: what libraries print to System.out while the cases run goes to stderr. */
class PerfCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void sameDiffsDifferentiatedOpLinesGoToStderrNotStdout() throws Exception {
        PrintStream before = System.out;
        List<PerfCase> cases = PerfCommand.stdoutToStderr(() -> SameDiffComparison.run(true, line -> {}));
        assertSame(before, System.out, "System.out is restored");
        assertEquals(4, cases.size());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing on stdout while the cases run");
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("Added differentiated op"),
                "SameDiff's lines (printed with System.out.println in nd4j-api 1.0.0-M2.1) reach stderr");
    }

    @Test
    void anUnknownCaseIsAOneLineErrorListingTheCases() {
        String[] r = BenchCommandTest.run("perf", "--cases", "vae-epoch,nope", "--no-samediff");
        assertEquals("2", r[0]);
        assertEquals(
                "error: unknown perf case 'nope'; known: gemm-128, gemm-512, gemm-2048, train-epoch, ascent-step,"
                        + " ascent-step-ensemble5, coms-batch, gan-step, gan-step-mins, vae-epoch, transformer-step,"
                        + " nsga2-generation,"
                        + " flow-matching-epoch, denoiser-epoch, ddom-sampling,"
                        + " tb-step, ntk-gram, bdi-step, ranking-batch, unet-step, cql-step, parego-acquisition"
                        + System.lineSeparator(),
                r[2]);
    }

    @Test
    void stdoutIsRestoredWhenTheBodyFails() {
        PrintStream before = System.out;
        var e = assertThrows(
                IllegalStateException.class,
                () -> PerfCommand.stdoutToStderr(() -> {
                    System.out.println("progress");
                    throw new IllegalStateException("boom");
                }));
        assertEquals("boom", e.getMessage());
        assertSame(before, System.out);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals("progress" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
    }
}
