package org.mbo4j.method.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.nn.GradientMatchingLoss;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.StratifiedBatches;
import org.mbo4j.nn.Tensors;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.nd4j.linalg.api.ndarray.INDArray;

class MatchOptTest {
    private static OfflineProblem slice() {
        Task t = Tasks.load("TFBind8");
        int[] rows = IntStream.range(0, 600).map(i -> i * 50).toArray();
        return new OfflineProblem("TFBind8-slice", t.space(), t.dataset().subset(rows), t.objectives());
    }

    @Test
    void paperSettingsAreTheAuthorsTfBind8Values() {
        MatchOpt.Settings s = MatchOpt.paper().config();
        assertEquals(List.of(512, 128, 32), s.hidden());
        assertEquals(0.3, s.slope());
        assertEquals(5, s.points());
        assertEquals(200, s.epochs());
        assertEquals(1e-4, s.learningRate());
        assertEquals(128, s.batchSize());
        assertEquals(1e-3, s.searchLr());
        assertEquals(150, s.searchSteps());
        assertEquals(MatchOpt.Starts.GAUSSIAN, s.starts());
        assertEquals(0, s.validationSize());
        assertEquals(
                "hidden=[512,128,32] leaky=0.300 m=5 epochs=200 lr=1.0e-04 batch=128 search_lr=1.0e-03 "
                        + "search_steps=150 starts=gaussian (boxes: starts=top-k)",
                MatchOpt.paper().settings());
        // on a box the authors start from the top-k
        MatchOpt.Settings box = s.forSpace(ContinuousSpace.cube(2, 0, 1));
        assertEquals(MatchOpt.Starts.TOP_K, box.starts());
        assertEquals(box, box.forSpace(ContinuousSpace.cube(2, 0, 1)));
    }

    @Test
    void gaussianStartsAreStandardNormalDrawsFromTheSeed() {
        SurrogateData data = SurrogateData.of(slice(), true, true);
        INDArray a = GradientSearch.Starts.GAUSSIAN.of(data, 400, 3);
        assertEquals(400, a.rows());
        assertEquals(24, a.columns());
        assertArrayEquals(Tensors.columnMajor(a), Tensors.columnMajor(GradientSearch.Starts.GAUSSIAN.of(data, 400, 3)));
        double[] v = Tensors.columnMajor(a);
        double mean = 0, sq = 0;
        for (double d : v) {
            mean += d / v.length;
            sq += d * d / v.length;
        }
        // 9,600 draws: the mean within 4 standard errors of 0, the variance within 0.06 of 1
        assertEquals(0, mean, 4 / Math.sqrt(v.length));
        assertEquals(1, sq - mean * mean, 0.06);
    }

    @Test
    void quickRunsProposeSequencesDeterministicallyPerSeed() {
        OfflineProblem p = slice();
        var m = Methods.create("match-opt").quick();
        assertTrue(m.settings().startsWith("quick: hidden=[64,32,16] leaky=0.300 m=5 epochs=3"), m.settings());
        Proposal a = m.propose(p, 8, 2);
        Proposal b = m.propose(p, 8, 2);
        Proposal c = m.propose(p, 8, 3);
        assertEquals(8, a.size());
        for (double[] d : a.designs()) assertTrue(p.space().contains(d));
        assertArrayEquals(a.designs(), b.designs());
        assertTrue(!java.util.Arrays.deepEquals(a.designs(), c.designs()));
        assertTrue(a.trajectory().isPresent());
    }

    @Test
    void trainingLowersBothTermsOnAStratifiedBatch() {
        SurrogateData data = SurrogateData.of(slice(), true, true);
        MatchOpt m = MatchOpt.paper()
                .quick()
                .with(MatchOpt.Settings::epochs, 30)
                .with(MatchOpt.Settings::learningRate, 3e-3);
        int[] rows = StratifiedBatches.of(Tensors.column(data.y(), 0), 128, 9).batches(1)[0];
        INDArray x = data.x().getRows(rows);
        INDArray y = data.y().getRows(rows);
        GradientMatchingLoss loss = new GradientMatchingLoss(5);
        Mlp untrained = m.with(MatchOpt.Settings::epochs, 1)
                .with(MatchOpt.Settings::learningRate, 1e-12)
                .train(data, 4);
        Mlp trained = m.train(data, 4);
        double[] before = loss.terms(untrained, x, y);
        double[] after = loss.terms(trained, x, y);
        // a near-constant untrained model's gm is about mean (Δy)² (≈ (6/128)² for z-scored y): small already
        assertTrue(after[1] < 0.8 * before[1], "mse " + before[1] + " → " + after[1]);
        assertTrue(after[0] + after[1] < 0.8 * (before[0] + before[1]), "total");
    }

    @Test
    void badSettingsAreOneLineErrors() {
        MatchOpt m = MatchOpt.paper();
        assertEquals(
                "Match-OPT pairs the rows of a batch: batch must be ≥ 2, got 1",
                assertThrows(IllegalArgumentException.class, () -> m.with(MatchOpt.Settings::batchSize, 1))
                        .getMessage());
        assertEquals(
                "the path integral needs ≥ 1 point, got 0",
                assertThrows(IllegalArgumentException.class, () -> m.with(MatchOpt.Settings::points, 0))
                        .getMessage());
        assertEquals(
                "the LeakyReLU slope must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> m.with(MatchOpt.Settings::slope, 1.0))
                        .getMessage());
    }
}
