package org.mbo4j.method.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.RankingLoss;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LearningToRankTest {
    private static OfflineProblem slice() {
        Task t = Tasks.load("TFBind8");
        int[] rows = IntStream.range(0, 600).map(i -> i * 50).toArray();
        return new OfflineProblem("TFBind8-slice", t.space(), t.dataset().subset(rows), t.objectives());
    }

    @Test
    void listsAreDistinctRowsOfTheRightLengthAndDeterministic() {
        int[][] a = LearningToRank.sampleLists(50, 20, 30, 7);
        int[][] big = LearningToRank.sampleLists(10, 20, 3, 7); // longer than the data: every row once
        assertEquals(30, a.length);
        for (int[] list : a) {
            assertEquals(20, list.length);
            Set<Integer> seen = new HashSet<>();
            for (int i : list) assertTrue(i >= 0 && i < 50 && seen.add(i), "row " + i);
        }
        for (int[] list : big) assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), toSet(list));
        assertArrayEquals(a, LearningToRank.sampleLists(50, 20, 30, 7));
        assertTrue(!java.util.Arrays.deepEquals(a, LearningToRank.sampleLists(50, 20, 30, 8)));
    }

    private static Set<Integer> toSet(int[] a) {
        Set<Integer> s = new HashSet<>();
        for (int i : a) s.add(i);
        return s;
    }

    @Test
    void outputAdaptationHasMeanZeroAndUnbiasedStdOneOnTheData() {
        Mlp m = Mlp.builder(3)
                .hidden(4)
                .outputs(1)
                .dataType(DataType.DOUBLE)
                .seed(2)
                .build();
        double[][] rows = new double[40][3];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (double[] row : rows) for (int j = 0; j < 3; j++) row[j] = r.nextGaussian();
        INDArray x = Tensors.matrix(rows, DataType.DOUBLE);
        LearningToRank.StandardizedOutput s = LearningToRank.StandardizedOutput.of(m, x);
        double[] out = Tensors.column(s.forward(x), 0);
        double mean = 0;
        for (double v : out) mean += v / out.length;
        double ss = 0;
        for (double v : out) ss += (v - mean) * (v - mean);
        assertEquals(0, mean, 1e-12);
        assertEquals(1, Math.sqrt(ss / (out.length - 1)), 1e-12);
        // the raw model's outputs, shifted and scaled by the recorded μ and σ
        double[] raw = Tensors.column(m.forward(x), 0);
        assertEquals((raw[5] - s.mean()) / s.std(), out[5], 1e-12);
    }

    @Test
    void quickRunsProposeSequencesWithBothLosses() {
        OfflineProblem p = slice();
        for (String name : List.of("ram-listnet", "ram-rankcosine")) {
            var m = Methods.create(name).quick();
            assertTrue(m.settings().startsWith("quick: loss=" + name.substring(4)), m.settings());
            Proposal a = m.propose(p, 8, 2);
            assertEquals(8, a.size());
            for (double[] d : a.designs()) assertTrue(p.space().contains(d), name);
            assertTrue(a.trajectory().isPresent(), name);
        }
    }

    /**
     * The authors' from-scratch run searches the last epoch's weights (its {@code best_state_dict} aliases the live
     * tensors), their saved file and the paper keep the best validation epoch ({@code bestEpoch}): the same trainer
     * otherwise; ListNet defaults to the best, RankCosine to the last.
     */
    @Test
    void theLastEpochIsSearchedUnlessTheBestIsAskedFor() {
        OfflineProblem p = slice();
        SurrogateData data = SurrogateData.of(p, false, true);
        assertTrue(LearningToRank.listNet().config().bestEpoch()); // the released weights: a saved best epoch
        assertFalse(LearningToRank.rankCosine().config().bestEpoch()); // from scratch only: the last epoch
        LearningToRank last = LearningToRank.listNet()
                .quick()
                .with(LearningToRank.Settings::epochs, 6)
                .with(LearningToRank.Settings::bestEpoch, false);
        LearningToRank best = last.with(LearningToRank.Settings::bestEpoch, true);
        assertTrue(best.settings().endsWith(" weights=best"), best.settings());
        assertFalse(last.settings().contains("weights="), last.settings());
        int[][] lists = LearningToRank.sampleLists(data.size(), 100, 400, 5);
        TrainingHistory hl = fitOnce(last, data, lists);
        TrainingHistory hb = fitOnce(best, data, lists);
        assertEquals(6, hl.keptEpoch());
        assertEquals(hl.validationLoss(), hb.validationLoss()); // the same run
        int argmin = 0;
        for (int e = 1; e < 6; e++)
            if (hb.validationLoss().get(e) < hb.validationLoss().get(argmin)) argmin = e;
        assertEquals(argmin + 1, hb.keptEpoch());
    }

    private static TrainingHistory fitOnce(LearningToRank m, SurrogateData data, int[][] lists) {
        Mlp model = Mlp.builder(data.inputSize()).hidden(16).outputs(1).seed(3).build();
        return m.trainer(data, 3).build().fitLists(model, data.x(), data.y(), lists, m.loss());
    }

    @Test
    void badSettingsAreOneLineErrors() {
        LearningToRank m = LearningToRank.listNet().quick();
        assertEquals(
                "a list needs at least 2 designs to rank, got 1",
                assertThrows(IllegalArgumentException.class, () -> m.with(LearningToRank.Settings::listLength, 1))
                        .getMessage());
        assertEquals(
                "RaM validates on a fifth of its lists: 4 lists leave none; use at least 5",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> m.with(LearningToRank.Settings::lists, 4).propose(slice(), 8, 0))
                        .getMessage());
        assertEquals(
                RankingLoss.Kind.RANKCOSINE,
                LearningToRank.rankCosine().config().loss());
    }
}
