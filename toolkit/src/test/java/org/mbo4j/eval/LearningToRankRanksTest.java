package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningToRankRanksTest {
    @Test
    void ranksInTheTF8ColumnByHand() {
        // above BDI's 0.973: Grad. Ascent Mean 0.985, RaM-RankCosine 0.982, RaM-ListNet 0.981, Grad. Ascent Min 0.979
        assertEquals(5.0, LearningToRankRanks.rankInTable("bdi", 0.973), 0);
        // Grad. Ascent's own 0.969: those four and BDI above it
        assertEquals(6.0, LearningToRankRanks.rankInTable("grad", 0.969), 0);
        // 0.9104 prints as 0.910 and ties MINs and GTG (both 0.910) when it replaces DDOM: 12 rows are above
        // (CMA-ES … RaM-ListNet), so the three share places 13, 14, 15
        assertEquals(14.0, LearningToRankRanks.rankInTable("ddom", 0.9104), 0);
        // above everything, below everything
        assertEquals(1.0, LearningToRankRanks.rankInTable("coms", 0.99), 0);
        assertEquals(22.0, LearningToRankRanks.rankInTable("roma", 0.5), 0);
        assertTrue(Double.isNaN(LearningToRankRanks.rankInTable("auto-cbas", 0.9)));
        assertEquals(22, LearningToRankRanks.TABLE.size());
        for (String m : LearningToRankRanks.ROW_OF.keySet()) {
            assertTrue(LearningToRankRanks.published(m).isPresent(), m);
        }
    }

    @Test
    void summaryRowsGetTheirPublishedRowsAndPartialRowsSaySo() {
        List<RunRecord> runs = new ArrayList<>();
        for (int seed = 0; seed < 8; seed++) runs.add(TestRecords.of("TFBind8", "bdi", seed, "paper", 0.973, 0.5));
        runs.add(TestRecords.of("TFBind8", "coms", 0, "paper", 0.95, 0.5));
        runs.add(TestRecords.of("TFBind8", "auto-cbas", 0, "paper", 0.9, 0.5));
        Summary s = Summary.of(runs);
        LearningToRankRanks r = LearningToRankRanks.of(s);
        assertEquals(2, r.entries().size());
        var bdi = r.entries().stream()
                .filter(e -> e.method().equals("bdi"))
                .findFirst()
                .orElseThrow();
        assertEquals(5.0, bdi.rankInTable(), 0);
        assertEquals(5.0, bdi.publishedRank(), 0);
        assertEquals(1.0, bdi.rankAmongOurs(), 0);
        var coms = r.entries().stream()
                .filter(e -> e.method().equals("coms"))
                .findFirst()
                .orElseThrow();
        assertTrue(Double.isNaN(coms.rankAmongOurs()));
        String md = s.toMarkdown();
        assertTrue(md.contains("| bdi | 8 | 0.973 | 1 | 5 | BDI 0.973 ± 0.000 | 5 | 5.9 / 22 |"), md);
        assertTrue(md.contains("| coms | 1 of 8 | 0.950 | – (partial) | "), md);
        assertTrue(r.toCsv().startsWith("method,table2_row,seeds,"), r.toCsv());
    }
}
