package org.mbo4j.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.eval.GenerativeDiagnostics;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.task.Objective;
import org.mbo4j.task.Task;
import tech.tablesaw.api.Table;

class GenerativePlotsTest {
    /** The bowl task of PlotsTest (visible best −0.5, normalised 0.75) with two steps of samples. */
    private static Proposal proposal(Task task) {
        Trajectory.Recorder r = new Trajectory.Recorder();
        r.record(0, new double[][] {{1, 1}, {0.5, 0.5}, {-1, 1}}, new double[] {0, Double.NaN, 1});
        r.record(1, new double[][] {{0, 0}, {0.1, 0}, {0.5, 0.5}}, new double[] {2, 3, 4});
        Map<String, TrainingHistory> fits = new LinkedHashMap<>();
        fits.put(
                "prior vae",
                new TrainingHistory(List.of(5.0, 4.0), List.of(6.0, 5.0), 2, false, Map.of("nll", List.of(4.5, 3.5))));
        fits.put(
                "iteration 1",
                new TrainingHistory(
                        List.of(3.0, 2.0),
                        List.of(Double.NaN, Double.NaN),
                        2,
                        false,
                        Map.of("nll", List.of(2.5, 1.5))));
        fits.put(
                "iteration 2",
                new TrainingHistory(List.of(1.5), List.of(Double.NaN), 1, false, Map.of("nll", List.of(1.0))));
        return Proposal.of("gen", 0, task.space(), new double[][] {{0, 0}})
                .withTrajectory(r.build())
                .withTraining(fits);
    }

    private static XYSeries series(XYChart chart, String name) {
        XYSeries s = chart.getSeriesMap().get(name);
        assertTrue(
                s != null, "no series '" + name + "' in " + chart.getSeriesMap().keySet());
        return s;
    }

    @Test
    void histogramsDrawTheDataThenTheChosenSteps() {
        Task task = PlotsTest.bowl(Objective.maximize("y"), 1);
        Evaluation eval = Evaluation.of(task);
        Table samples = GenerativeDiagnostics.sampleScores(eval, proposal(task));
        XYChart chart =
                GenerativePlots.scoreHistograms(samples, "oracle", GenerativeDiagnostics.visibleScores(eval), 1);
        assertEquals(
                List.of("visible data", "step 1"),
                chart.getSeriesMap().keySet().stream()
                        .filter(n -> !n.equals(Plots.TICK_HELPER))
                        .toList());
        // predictions: NaN left out; every step when none is named
        XYChart pred = GenerativePlots.scoreHistograms(samples, "predicted", null);
        assertTrue(
                pred.getSeriesMap().containsKey("step 0") && pred.getSeriesMap().containsKey("step 1"));
        var e = assertThrows(
                IllegalArgumentException.class, () -> GenerativePlots.scoreHistograms(samples, "oracle", null, 7));
        assertEquals("the table has no step 7; its steps are [0, 1]", e.getMessage());
    }

    @Test
    void distributionAndScoresDrawOnePointPerStep() {
        Task task = PlotsTest.bowl(Objective.maximize("y"), 1);
        Proposal p = proposal(task);
        XYChart d = GenerativePlots.distribution(GenerativeDiagnostics.distribution(task.dataset(), p));
        assertArrayEquals(new double[] {0, 1}, series(d, "distance to data").getXData(), 0);
        assertEquals(1, series(d, "novel fraction").getYAxisGroup());
        assertTrue(!d.getSeriesMap().containsKey(Plots.TICK_HELPER), "two steps keep a tick each");
        // step 0: (1, 1) and (−1, 1) are visible, (0.5, 0.5) too: nothing novel; step 1: two of three novel
        assertArrayEquals(new double[] {0, 2.0 / 3}, series(d, "novel fraction").getYData(), 1e-12);
        XYChart s = GenerativePlots.scores(GenerativeDiagnostics.scores(Evaluation.of(task), p));
        assertArrayEquals(
                new double[] {0.75, 0.75}, series(s, "best visible design").getYData(), 1e-12);
        assertArrayEquals(new double[] {0.75, 1.0}, series(s, "samples' max").getYData(), 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> GenerativePlots.scores(Table.create("x")));
        assertEquals(
                "the table has no column 'step'; pass GenerativeDiagnostics.scores(eval, proposal)", e.getMessage());
    }

    @Test
    void trainingCurvesOfOneFitOrOfAFamilyOfFits() {
        Task task = PlotsTest.bowl(Objective.maximize("y"), 1);
        Table t = GenerativeDiagnostics.training(proposal(task));
        XYChart prior = GenerativePlots.training(t, "prior vae");
        assertArrayEquals(new double[] {1, 2}, series(prior, "train loss").getXData(), 0);
        assertArrayEquals(new double[] {6, 5}, series(prior, "validation loss").getYData(), 0);
        XYChart its = GenerativePlots.training(t, "iteration");
        // epochs counted over all fits: the iterations are steps 3, 4 and 5; no validation series (all NaN)
        assertArrayEquals(new double[] {3, 4, 5}, series(its, "nll").getXData(), 0);
        assertTrue(!its.getSeriesMap().containsKey("validation loss"));
        var e = assertThrows(IllegalArgumentException.class, () -> GenerativePlots.training(t, "iter"));
        assertEquals("no fit named 'iter'; the fits are [prior vae, iteration 1, iteration 2]", e.getMessage());
    }

    @Test
    void moreThanTwelveEpochsGetRoundTicks() {
        Task task = PlotsTest.bowl(Objective.maximize("y"), 1);
        List<Double> losses = new ArrayList<>();
        for (int e = 0; e < GenerativePlots.DATA_TICKS + 1; e++) losses.add(1.0 / (e + 1));
        Proposal p = Proposal.of("gen", 0, task.space(), new double[][] {{0, 0}})
                .withTraining(Map.of("gan", new TrainingHistory(losses, losses, losses.size(), false)));
        XYChart c = GenerativePlots.training(GenerativeDiagnostics.training(p), "gan");
        assertTrue(c.getSeriesMap().containsKey(Plots.TICK_HELPER));
    }

    @Test
    void chartsRenderToPng() {
        Task task = PlotsTest.bowl(Objective.maximize("y"), 1);
        Proposal p = proposal(task);
        for (XYChart c : List.of(
                GenerativePlots.distribution(GenerativeDiagnostics.distribution(task.dataset(), p)),
                GenerativePlots.training(GenerativeDiagnostics.training(p), "iteration"))) {
            assertTrue(ChartImages.png(c).length > 1000);
        }
    }
}
