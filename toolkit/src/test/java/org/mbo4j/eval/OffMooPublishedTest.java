package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mbo4j.task.moo.ReSuite;
import org.mbo4j.task.moo.SyntheticSuite;
import org.mbo4j.util.Statistics;

class OffMooPublishedTest {
    @Test
    void tablesHoldTheNumbersAsPrinted() {
        PaperNumbers.Published pf =
                OffMooPublished.hypervolume("ZDT2", "paretoflow").orElseThrow();
        assertEquals(6.79, pf.mean(), 0);
        assertEquals(0.16, pf.std(), 0);
        assertTrue(pf.source().contains("Table 8"));
        PaperNumbers.Published re = OffMooPublished.hypervolume("RE42", "mm").orElseThrow();
        assertEquals(22.65, re.mean(), 0);
        assertEquals(0.02, re.std(), 0);
        assertTrue(re.source().contains("Table 13"));
        PaperNumbers.Published dBest =
                OffMooPublished.hypervolume("VLMOP1", "d-best").orElseThrow();
        assertEquals(0.08, dBest.mean(), 0);
        assertEquals(0.0, dBest.std(), 0);
        // N/A cells are absent: qNEHVI cannot run with 6 objectives
        assertEquals(Optional.empty(), OffMooPublished.hypervolume("RE61", "mobo"));
        assertEquals(22, OffMooPublished.table("ZDT1").size());
        assertEquals(19, OffMooPublished.table("RE61").size());
        // DTLZ2–6 are not in the tables; a method without a row has no number
        assertTrue(OffMooPublished.table("DTLZ2").isEmpty());
        assertEquals(Optional.empty(), OffMooPublished.hypervolume("ZDT1", "random"));
        // PaperNumbers answers for multi-objective tasks through these tables
        assertEquals(4.75, PaperNumbers.of("ZDT1", "mm").orElseThrow().mean(), 0);
    }

    @Test
    void tableOneAndTaskTypes() {
        PaperNumbers.Published mm =
                OffMooPublished.averageRank("mm", OffMooPublished.SYNTHETIC).orElseThrow();
        assertEquals(4.91, mm.mean(), 0);
        assertEquals(4.17, mm.std(), 0);
        assertEquals(
                3.12,
                OffMooPublished.averageRank("paretoflow", "All tasks")
                        .orElseThrow()
                        .mean(),
                0);
        assertEquals(Optional.of(OffMooPublished.RE), OffMooPublished.taskType("RE37"));
        assertEquals(Optional.of(OffMooPublished.SYNTHETIC), OffMooPublished.taskType("DTLZ3"));
        assertEquals(Optional.of(OffMooPublished.SYNTHETIC), OffMooPublished.taskType("OmniTest"));
        assertEquals(Optional.empty(), OffMooPublished.taskType("TFBind8"));
        // every task of the tables but MO-Portfolio is one of ours
        for (String task : List.of("DTLZ1", "DTLZ7", "VLMOP3", "ZDT6", "RE21", "RE61"))
            assertFalse(OffMooPublished.table(task).isEmpty(), task);
        assertEquals(
                11,
                SyntheticSuite.problems().stream()
                        .filter(p -> !OffMooPublished.table(p.name()).isEmpty())
                        .count());
        assertEquals(
                15,
                ReSuite.problems().stream()
                        .filter(p -> !OffMooPublished.table(p.name()).isEmpty())
                        .count());
    }

    @Test
    void rankInThePublishedTableByHand() {
        // ZDT2 column of Table 8: eleven rows above MM's 5.58 (5.63 5.70 5.68 5.69 5.65 5.74 6.32 6.36 6.21 6.27 6.79)
        assertEquals(12.0, TaskTypeRanks.rankInPublishedTable("ZDT2", "mm", 5.58), 0);
        // 5.654 prints as 5.65: nine rows above, tied with MM + RoMA's 5.65 -> positions 10 and 11 share 10.5
        assertEquals(10.5, TaskTypeRanks.rankInPublishedTable("ZDT2", "mm", 5.654), 0);
        // above every other row; our number takes ParetoFlow's own place, so its 6.79 is not counted
        assertEquals(1.0, TaskTypeRanks.rankInPublishedTable("ZDT2", "paretoflow", 6.5), 0);
        assertEquals(Double.NaN, TaskTypeRanks.rankInPublishedTable("DTLZ2", "mm", 9.0), 0);
        assertEquals(Double.NaN, TaskTypeRanks.rankInPublishedTable("ZDT2", "random", 9.0), 0);
    }

    @Test
    void reRankingThePrintedTablesComesCloseToTableOne() {
        // reference: an independent numpy re-ranking of Tables 8 and 13 (ranks with ties averaged, std ddof 0)
        assertEquals(
                16.863636,
                meanRank(
                        "d-best",
                        SyntheticSuite.problems().stream().map(p -> p.name()).toList())[0],
                1e-6);
        assertEquals(
                6.296070,
                meanRank(
                        "d-best",
                        SyntheticSuite.problems().stream().map(p -> p.name()).toList())[1],
                1e-6);
        assertEquals(
                5.636364,
                meanRank(
                        "mm",
                        SyntheticSuite.problems().stream().map(p -> p.name()).toList())[0],
                1e-6);
        List<String> re =
                new ArrayList<>(ReSuite.problems().stream().map(p -> p.name()).toList());
        re.add("MO-Portfolio");
        assertEquals(18.093750, meanRank("d-best", re)[0], 1e-6);
        assertEquals(3.913992, meanRank("d-best", re)[1], 1e-6);
    }

    private static double[] meanRank(String method, List<String> tasks) {
        List<Double> ranks = new ArrayList<>();
        for (String t : tasks) {
            Optional<PaperNumbers.Published> own = OffMooPublished.hypervolume(t, method);
            own.ifPresent(p -> ranks.add(TaskTypeRanks.rankInPublishedTable(t, method, p.mean())));
        }
        double[] r = ranks.stream().mapToDouble(Double::doubleValue).toArray();
        return new double[] {Statistics.mean(r), Statistics.std(r)};
    }
}
