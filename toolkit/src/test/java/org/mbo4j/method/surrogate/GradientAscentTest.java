package org.mbo4j.method.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.eval.Score;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.SharedModels;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

class GradientAscentTest {
    @Test
    void paperDefaultsAreDesignBaselines() {
        String s = GradientAscent.defaults().settings();
        assertEquals(
                "hidden=[2048,2048] leaky=0.30 epochs=100 lr=3.0e-04 batch=128 val=200 models=1 "
                        + "bootstrap=per-model agg=mean steps=200 step=0.010·sqrt(d)",
                s);
        // the first pipeline's variants keep the text of the records committed before issue 20
        assertEquals(
                "hidden=[2048,2048] leaky=0.30 epochs=100 lr=3.0e-04 batch=128 val=200 models=1 agg=mean "
                        + "steps=200 step=0.010·sqrt(d)",
                Methods.create("grad-pooled").settings());
        assertEquals(
                Methods.create("grad-min").settings().replace(" bootstrap=per-model", ""),
                Methods.create("grad-min-pooled").settings());
        assertTrue(Methods.create("grad-min").settings().contains("models=5 bootstrap=per-model agg=min"));
        assertTrue(Methods.create("grad-mean").settings().contains("models=5 bootstrap=per-model agg=mean"));
        assertTrue(GradientAscent.defaults().quick().settings().startsWith("quick: "));
    }

    @Test
    void sameSeedSameDesignsAndQuickBeatsTheDataOnASmoothTask() {
        Task task = Tasks.load("ToyContinuous");
        // a 2,000-row slice of the visible data keeps the test fast; scoring still uses the task's oracle
        int[] rows = IntStream.range(0, 2000).map(i -> i * 13).toArray();
        var problem = new org.mbo4j.task.OfflineProblem(
                "ToyContinuous-slice", task.space(), task.dataset().subset(rows), task.objectives());
        GradientAscent m = GradientAscent.meanEnsemble()
                .with(GradientAscent.Settings::hidden, List.of(32, 32))
                .with(GradientAscent.Settings::epochs, 5)
                .with(GradientAscent.Settings::models, 2);
        Proposal a = m.propose(problem, 16, 3);
        Proposal b = m.propose(problem, 16, 3);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.designs()[i], b.designs()[i], 0);
        Score s = Evaluation.of(task).score(a);
        assertTrue(s.score100() > s.dBest(), "grad beats D(best) on ToyContinuous: " + s);
    }

    @Test
    void eachEnsembleMemberIsTrainedAloneAsTheSingleModelWithItsOwnSeed() {
        // design-baselines' pipeline: member m of seed s is exactly the single bootstrapped model of seed 1000·s + m
        // (its own split, resample and batch order)
        Task task = Tasks.load("ToyContinuous");
        int[] rows = IntStream.range(0, 400).map(i -> i * 17).toArray();
        var problem = new org.mbo4j.task.OfflineProblem(
                "slice", task.space(), task.dataset().subset(rows), task.objectives());
        SurrogateData data = SurrogateData.of(problem, true, true);
        var ensemble = GradientAscent.minEnsemble()
                .with(GradientAscent.Settings::hidden, List.of(8))
                .with(GradientAscent.Settings::epochs, 2)
                .with(GradientAscent.Settings::models, 3);
        var single = GradientAscent.defaults()
                .with(GradientAscent.Settings::hidden, List.of(8))
                .with(GradientAscent.Settings::epochs, 2);
        var e = (Ensemble<?>) ensemble.train(data, 4);
        for (int m = 0; m < 3; m++) {
            var alone = single.train(data, 4000 + m);
            assertEquals(
                    alone.parameters().get(0).value(),
                    e.member(m).parameters().get(0).value(),
                    "member " + m);
        }
        var unboot =
                single.with(GradientAscent.Settings::perModelPipeline, false).train(data, 4001);
        assertTrue(
                !unboot.parameters()
                        .get(0)
                        .value()
                        .equals(e.member(1).parameters().get(0).value()),
                "the bootstrap weights change the fit");
        // the pooled ensemble trains its members together on one split: member 1 differs from the lone model
        var pooled = (Ensemble<?>)
                ensemble.with(GradientAscent.Settings::perModelPipeline, false).train(data, 4);
        assertTrue(!pooled.member(1)
                .parameters()
                .get(0)
                .value()
                .equals(e.member(1).parameters().get(0).value()));
    }

    @Test
    void minAndMeanEnsemblesShareOneTrainingPerSeed() {
        Task task = Tasks.load("ToyContinuous");
        int[] rows = IntStream.range(0, 400).map(i -> i * 17).toArray();
        var problem = new org.mbo4j.task.OfflineProblem(
                "slice", task.space(), task.dataset().subset(rows), task.objectives());
        SurrogateData data = SurrogateData.of(problem, true, true);
        var min = GradientAscent.minEnsemble()
                .with(GradientAscent.Settings::hidden, List.of(8))
                .with(GradientAscent.Settings::epochs, 1);
        var mean = GradientAscent.meanEnsemble()
                .with(GradientAscent.Settings::hidden, List.of(8))
                .with(GradientAscent.Settings::epochs, 1);
        try (SharedModels scope = SharedModels.open()) {
            var a = (Ensemble<?>) min.train(data, 4);
            var b = (Ensemble<?>) mean.train(data, 4);
            assertTrue(a.member(0) == b.member(0), "grad-mean reuses grad-min's trained members in a scope");
            assertEquals(Ensemble.Aggregation.MIN, a.aggregation());
            assertEquals(Ensemble.Aggregation.MEAN, b.aggregation());
            var c = (Ensemble<?>) mean.train(data, 5);
            assertTrue(c.member(0) != b.member(0), "another seed trains anew");
            assertEquals(2, scope.size());
        }
        var fresh = (Ensemble<?>) mean.train(data, 4);
        var again = (Ensemble<?>) mean.train(data, 4);
        assertTrue(fresh.member(0) != again.member(0), "outside a scope every call trains");
        assertEquals(
                fresh.member(0).parameters().get(0).value(),
                again.member(0).parameters().get(0).value(),
                "and training is deterministic per seed");
    }
}
