package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskTypeRanksTest {
    private static RunRecord hv(String task, String method, long seed, double hv100, double dBest) {
        return TestRecords.hv(task, method, seed, hv100, dBest);
    }

    private static final List<RunRecord> RECORDS = List.of(
            hv("ZDT2", "mm", 0, 5.60, 4.80),
            hv("ZDT2", "mm", 1, 5.70, 4.80),
            hv("ZDT2", "d-best", 0, 4.80, 4.80),
            hv("ZDT2", "d-best", 1, 4.80, 4.80),
            hv("ZDT3", "mm", 0, 4.00, 5.10),
            hv("ZDT3", "mm", 1, 4.00, 5.10),
            hv("ZDT3", "d-best", 0, 5.10, 5.10),
            hv("ZDT3", "d-best", 1, 5.10, 5.10),
            hv("RE21", "mm", 0, 4.60, 4.10),
            hv("RE21", "mm", 1, 4.60, 4.10),
            // one seed of two: partial, so neither ranked nor averaged
            hv("RE21", "d-best", 0, 4.10, 4.10));

    @Test
    void ranksPerTypeAmongOursAndInTheTable() {
        TaskTypeRanks ranks = TaskTypeRanks.of(Summary.of(RECORDS));
        assertEquals(3, ranks.entries().size());
        TaskTypeRanks.Entry mmSyn = ranks.entries().get(0);
        assertEquals("mm", mmSyn.method());
        assertEquals(OffMooPublished.SYNTHETIC, mmSyn.type());
        assertEquals(2, mmSyn.tasks());
        // among ours: 1st on ZDT2 (5.65 > 4.80), 2nd on ZDT3 (4.00 < 5.10): 1.5 ± 0.5
        assertEquals(1.5, mmSyn.oursMean(), 1e-12);
        assertEquals(0.5, mmSyn.oursStd(), 1e-12);
        // in the table: ZDT2 5.65 ties MM + RoMA below nine rows -> 10.5; ZDT3 4.00 is below all 21 others -> 22
        assertEquals((10.5 + 22) / 2, mmSyn.tableMean(), 1e-12);
        assertEquals(5.75, mmSyn.tableStd(), 1e-12);
        assertEquals(4.91, mmSyn.published().mean(), 0);
        TaskTypeRanks.Entry dBestSyn = ranks.entries().get(1);
        assertEquals("d-best", dBestSyn.method());
        assertEquals(1.5, dBestSyn.oursMean(), 1e-12);
        TaskTypeRanks.Entry mmRe = ranks.entries().get(2);
        assertEquals(OffMooPublished.RE, mmRe.type());
        assertEquals(1, mmRe.tasks());
        // RE21 alone: d-best's row is partial, so mm is alone and first among ours
        assertEquals(1.0, mmRe.oursMean(), 0);
        assertEquals(
                18.06,
                OffMooPublished.averageRank("d-best", OffMooPublished.RE)
                        .orElseThrow()
                        .mean(),
                0);
    }

    @Test
    void summaryShowsThePublishedNumbersAndTheDataBestCheck() {
        Summary s = Summary.of(RECORDS);
        String md = s.toMarkdown();
        // ZDT2 mm: paper 5.58 ± 0.00, bar 5.58, ours 5.65 -> met
        assertTrue(md.contains("| mm | 2 | 5.650 ± 0.050 | 5.150 ± 0.050 | 5.580 ± 0.000 | 5.580 met |"), md);
        // ZDT3 D(best): ours 5.10 against ParetoFlow's 5.05: +1.0 %, within 5 %
        assertTrue(md.contains("| d-best | 2 | 5.100 ± 0.000 | 4.600 ± 0.000 | 5.050 | +1.0 % met |"), md);
        // ZDT2 D(best) 4.80 against 4.70: +2.1 %
        assertTrue(md.contains("| 4.700 | +2.1 % met |"), md);
        assertTrue(md.contains("### Average rank per task type"), md);
        assertTrue(md.contains("| mm | Synthetic | 2 | 1.50 ± 0.50 | 16.25 ± 5.75 | 4.91 ± 4.17 |"), md);
        Summary.Row zdt3Best = s.rows().stream()
                .filter(r -> r.task().equals("ZDT3") && r.method().equals("d-best"))
                .findFirst()
                .orElseThrow();
        assertEquals(0.95 * 5.05, zdt3Best.paperBar(), 1e-12);
        assertTrue(zdt3Best.meetsPaperBar());
    }

    @Test
    void resultsStoreWritesTheAverageRankFile(@TempDir Path dir) throws Exception {
        ResultsStore store = ResultsStore.open(dir, false);
        for (RunRecord r : RECORDS) store.add(r);
        String csv = Files.readString(dir.resolve(ResultsStore.AVERAGE_RANK_CSV));
        assertEquals(
                "method,type,tasks,rank_ours_mean,rank_ours_std,table_tasks,rank_in_table_mean,rank_in_table_std,"
                        + "paper_rank_mean,paper_rank_std",
                csv.lines().findFirst().orElseThrow());
        assertTrue(csv.contains("mm,Synthetic,2,1.500000,0.500000,2,16.250000,5.750000,4.910000,4.170000"), csv);
    }
}
