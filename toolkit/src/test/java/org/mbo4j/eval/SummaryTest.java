package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static RunRecord run(String method, long seed, String settings, double s100, double s50) {
        return run("TFBind8", method, seed, settings, s100, s50);
    }

    private static RunRecord run(String task, String method, long seed, String settings, double s100, double s50) {
        return TestRecords.of(task, method, seed, settings, s100, s50);
    }

    @Test
    void eitherPublishedRowOfIomCountsAndTheCellSaysWhich() {
        // IOM: Learning to Rank 0.925 ± 0.054 (bar 0.817), Robust Guided Diffusion 0.823 ± 0.130 (bar 0.563)
        Summary low = Summary.of(List.of(run("iom", 0, "paper", 0.60, 0.40), run("iom", 1, "paper", 0.70, 0.40)));
        Summary.Row r = low.rows().get(0);
        assertEquals(0.563, r.paperBar(), 1e-12);
        assertTrue(r.meetsPaperBar());
        assertEquals(0.823, r.barRow().mean(), 0);
        assertTrue(
                low.toMarkdown().contains("| 0.563 met (row 0.823 ± 0.130; row 0.925 ± 0.054: bar 0.817 not met) |"),
                low.toMarkdown());
        Summary below = Summary.of(List.of(run("iom", 0, "paper", 0.50, 0.40)));
        assertFalse(below.rows().get(0).meetsPaperBar());
        assertTrue(below.toMarkdown().contains("| 0.563 **not met** (row 0.823"), below.toMarkdown());
        // a method with one published row keeps mean − 2σ of it
        Summary grad = Summary.of(List.of(run("grad", 0, "paper", 0.95, 0.5)));
        assertEquals(0.977 - 2 * 0.025, grad.rows().get(0).paperBar(), 1e-12);
        assertEquals(grad.rows().get(0).paper(), grad.rows().get(0).barRow());
    }

    @Test
    void meansStdsBarsAndSettingsGroupsByHand() {
        Summary s = Summary.of(List.of(
                run("grad", 0, "paper", 0.90, 0.50),
                run("grad", 1, "paper", 1.00, 0.70),
                run("grad", 0, "quick", 0.20, 0.10),
                run("cma-es", 0, "paper", 0.95, 0.60)));
        assertEquals(3, s.rows().size(), "quick and paper runs of one method are separate rows");
        Summary.Row grad = s.rows().get(0);
        assertEquals("paper", grad.settings());
        assertEquals(2, grad.seeds());
        assertEquals(0.95, grad.mean100(), 1e-12);
        assertEquals(0.05, grad.std100(), 1e-12); // ddof 0: sqrt(((-0.05)² + 0.05²) / 2)
        assertEquals(0.60, grad.mean50(), 1e-12);
        assertEquals(0.10, grad.std50(), 1e-12);
        // design-baselines README: Grad 0.977 ± 0.025 → bar 0.927; 0.95 meets it
        assertEquals(0.977 - 2 * 0.025, grad.paperBar(), 1e-12);
        assertTrue(grad.meetsPaperBar());
        Summary.Row quick = s.rows().get(1);
        assertEquals(0.20, quick.mean100(), 1e-12);
        assertEquals(false, quick.meetsPaperBar());
        // grad/paper has the task's most seeds (2): complete and ranked; the 1-seed rows are partial and unranked
        assertFalse(grad.partial());
        assertEquals(2, grad.protocolSeeds());
        assertEquals(1.0, grad.rank());
        assertTrue(quick.partial());
        assertTrue(Double.isNaN(quick.rank()));
        assertEquals(Map.of("grad", 1.0), s.meanRank());
        String csv = s.toCsv();
        assertTrue(
                csv.startsWith("task,method,seeds,settings,metric,score100_mean,score100_std,score50_mean,"
                        + "score50_std,d_best,rank,mean_rank,paper_score100_mean,paper_score100_std,paper_source,paper_bar,"
                        + "meets_paper_bar,diversity_mean,diversity_std,novelty_mean,novelty_std,spread_seeds\n"),
                csv);
        assertTrue(
                csv.contains("TFBind8,grad,2,paper,normalized score,0.950000,0.050000,0.600000,0.100000,0.439000,"
                        + "1.000000,1.000000,"),
                csv);
        assertTrue(csv.contains(",0.927000,true,,,,,0\n"), csv);
        assertTrue(
                s.toMarkdown()
                        .contains("| grad | 2 | 0.950 ± 0.050 | 0.600 ± 0.100 | 0.977 ± 0.025 | 0.927 met | 1.000 |"),
                s.toMarkdown());
    }

    @Test
    void ranksByHandWithTiesOnATaskWithoutAPublishedProtocol() {
        // every row here has the task's most seeds (2): none is partial
        Summary s = Summary.of(List.of(
                run("Toy", "a", 0, "p", 0.90, 0.5),
                run("Toy", "a", 1, "p", 1.00, 0.5),
                run("Toy", "b", 0, "p", 0.95, 0.5),
                run("Toy", "b", 1, "p", 0.95, 0.5),
                run("Toy", "c", 0, "p", 0.20, 0.1),
                run("Toy", "c", 1, "p", 0.30, 0.1)));
        assertEquals(
                List.of(1.5, 1.5, 3.0), s.rows().stream().map(Summary.Row::rank).toList());
        assertEquals(3.0, s.meanRank().get("c"));
        assertFalse(s.rows().get(0).partial());
    }

    @Test
    void rowsWithFewerSeedsThanTheProtocolArePartialAndUnranked() {
        List<RunRecord> records = new ArrayList<>();
        for (int seed = 0; seed < 8; seed++) {
            records.add(run("grad", seed, "paper", 0.98, 0.6));
            records.add(run("cma-es", seed, "paper", 0.92, 0.5));
        }
        records.add(run("coms", 0, "paper", 0.99, 0.5));
        records.add(run("coms", 1, "paper", 0.89, 0.4));
        Summary s = Summary.of(records);
        Summary.Row coms = s.rows().stream()
                .filter(r -> r.method().equals("coms"))
                .findFirst()
                .orElseThrow();
        assertTrue(coms.partial());
        assertTrue(Double.isNaN(coms.rank()));
        // coms' mean 0.94 would rank between grad (0.98) and cma-es (0.92); partial, it is left out
        assertEquals(1.0, s.meanRank().get("grad"));
        assertEquals(2.0, s.meanRank().get("cma-es"));
        assertFalse(s.meanRank().containsKey("coms"));
        String md = s.toMarkdown();
        assertTrue(md.contains("| coms | 2 of 8, **partial** | 0.940 ± 0.050 |"), md);
        assertTrue(
                md.contains("Rows marked partial have fewer seeds than the task's complete rows (8) and are left "
                        + "out of the ranks and the mean rank."),
                md);
        assertTrue(
                s.toCsv()
                        .contains("TFBind8,coms,2,paper,normalized score,0.940000,0.050000,0.450000,0.050000,"
                                + "0.439000,,,"),
                s.toCsv());
        assertTrue(SummaryText.render(s, 120).contains("2 of 8 partial"), SummaryText.render(s, 120));
    }

    @Test
    void methodsWithoutAPublishedNumberHaveNoBar() {
        Summary s = Summary.of(List.of(run("random-search", 0, "paper", 0.5, 0.4)));
        assertTrue(Double.isNaN(s.rows().get(0).paperBar()));
        assertNull(s.rows().get(0).meetsPaperBar());
        assertTrue(s.toCsv().endsWith(",1.000000,1.000000,,,,,,,,,,0\n"), s.toCsv());
    }

    @Test
    void diversityAndNoveltyAreAveragedOverTheRecordsThatMeasuredThem() {
        RunRecord a = TestRecords.of("TFBind8", "cbas", 0, "paper", 0.9, 0.5);
        RunRecord b = TestRecords.of("TFBind8", "cbas", 1, "paper", 1.0, 0.5);
        RunRecord c = TestRecords.of("TFBind8", "cbas", 2, "paper", 0.8, 0.5);
        List<RunRecord> records = List.of(withSpread(a, 3.0, 1.0), withSpread(b, 5.0, 2.0), c);
        Summary s = Summary.of(records);
        Summary.Row r = s.rows().get(0);
        assertEquals(2, r.spreadSeeds());
        assertArrayEquals(new double[] {4.0, 1.0}, r.diversity(), 1e-12);
        assertArrayEquals(new double[] {1.5, 0.5}, r.novelty(), 1e-12);
        assertTrue(s.toCsv().contains(",4.000000,1.000000,1.500000,0.500000,2\n"), s.toCsv());
        String md = s.toMarkdown();
        assertTrue(
                md.contains("| diversity / novelty | rank | settings |\n|---|---|---|---|---|---|---|---|---|\n"), md);
        assertTrue(md.contains("| 4.000 / 1.500 (2 of 3 seeds) | 1.000 |"), md);
    }

    private static RunRecord withSpread(RunRecord r, double diversity, double novelty) {
        return new RunRecord(
                r.task(),
                r.method(),
                r.seed(),
                r.k(),
                r.settings(),
                r.raw100(),
                r.raw50(),
                r.score100(),
                r.score50(),
                r.hv100(),
                r.hv50(),
                r.dBest(),
                r.oracleCalls(),
                r.seconds(),
                r.finishedAt(),
                r.build(),
                diversity,
                novelty);
    }

    /**
     * The committed TFBind8 summary is what {@link Summary} computes from the committed records: a change to the
     * summary code, to the paper numbers or to results.json without regenerating summary.csv fails here. Surefire
     * runs in toolkit/, so the repository root is its parent.
     */
    @Test
    void theCommittedTfbind8SummaryCsvIsRegeneratedByteForByteFromTheCommittedResults() throws IOException {
        Path dir = Path.of("..", "notebooks", "results", "tfbind8")
                .toAbsolutePath()
                .normalize();
        assertTrue(Files.isRegularFile(dir.resolve(ResultsStore.RESULTS)), "no committed results in " + dir);
        ResultsStore store = ResultsStore.open(dir, false); // reads only: nothing is written before add or sync
        assertFalse(store.records().isEmpty(), dir + " holds no records");
        String committed = Files.readString(dir.resolve(ResultsStore.SUMMARY_CSV));
        assertEquals(committed, Summary.of(store.records()).toCsv());
    }
}
