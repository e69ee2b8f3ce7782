package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SummaryTextTest {
    private static RunRecord run(String method, long seed, String settings, double s100, double s50) {
        return TestRecords.of("TFBind8", method, seed, settings, s100, s50);
    }

    @Test
    void tablesPerTaskWithFourSignificantDigitsThenRanksThenSettings() {
        Summary s = Summary.of(List.of(
                run("grad", 0, "paper", 0.9, 0.5),
                run("grad", 1, "paper", 1.0, 0.7),
                run("cma-es", 0, "sigma0=0.5", 0.36651134490966797, 0.3),
                run("cma-es", 1, "sigma0=0.5", 0.36651134490966797, 0.3)));
        // design-baselines README: Grad 0.977 ± 0.025 (bar 0.927), CMA-ES 0.953 ± 0.022 (bar 0.909)
        assertEquals("""
                TFBind8 (normalized score, K designs; D(best) = 0.439)
                  method  seeds  100th pct (ours)  50th pct (ours)  100th pct (paper)  bar: paper − 2σ  rank
                  ------  -----  ----------------  ---------------  -----------------  ---------------  ----
                  grad        2  0.95 ± 0.05       0.6 ± 0.1        0.977 ± 0.025      0.927 met           1
                  cma-es      2  0.3665 ± 0        0.3 ± 0          0.953 ± 0.022      0.909 not met       2

                mean rank across tasks
                  method  mean rank
                  ------  ---------
                  grad            1
                  cma-es          2

                settings
                  grad    paper
                  cma-es  sigma0=0.5
                """, SummaryText.render(s, 120));
    }

    @Test
    void theCommittedTfBind8SummaryFitsInOneHundredTwentyColumns() {
        Path dir = Path.of(System.getProperty("user.dir")).getParent().resolve("notebooks/results/tfbind8");
        Summary s = Summary.of(ResultsStore.open(dir, false).records());
        String text = SummaryText.render(s, 120);
        for (String l : text.lines().toList()) assertTrue(l.length() <= 120, l.length() + ": " + l);
        // D(best)'s row: its numbers by hand, its rank as the summary ranks it (it moves as full rows land above it)
        long rank = Math.round(s.rows().stream()
                .filter(r -> r.method().equals("dataset-topk"))
                .findFirst()
                .orElseThrow()
                .rank());
        assertTrue(rank >= 2, "rank " + rank);
        assertTrue(
                text.lines().anyMatch(l -> l.matches("  dataset-topk +8  0\\.4393 ± 0 +0\\.439 ± 0 .* " + rank)), text);
        // a partial row says how many seeds it has, shows their mean and gets no rank
        double[] coms = ResultsStore.open(dir, false).records().stream()
                .filter(r -> r.method().equals("coms"))
                .mapToDouble(RunRecord::score100)
                .toArray();
        if (coms.length < 8) {
            String row = "  coms +" + coms.length + " of 8 partial  "
                    + String.format(
                                    Locale.ROOT,
                                    "%.4f",
                                    Arrays.stream(coms).average().orElseThrow())
                            .replace(".", "\\.")
                    + "\\d* ± .* – *";
            assertTrue(text.lines().anyMatch(l -> l.matches(row)), row + "\n" + text);
        }
        assertEquals(
                "a summary needs at least 60 columns, got 59",
                assertThrows(IllegalArgumentException.class, () -> SummaryText.render(s, 59))
                        .getMessage());
    }
}
