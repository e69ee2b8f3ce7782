package org.mbo4j.method.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.Dataset;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/** MOEA/D on the multiple-models proxy ({@code moead-mm}) through jMetal. */
class MoeadProxiesTest {

    /** pymoo's {@code uniform(2, 4)}: 5 directions (0, 1), (0.25, 0.75), …; for m = 3 and H = 256, C(258, 2). */
    @Test
    void dasDennisDirections() {
        assertArrayEquals(
                new double[][] {{0, 1}, {0.25, 0.75}, {0.5, 0.5}, {0.75, 0.25}, {1, 0}}, JMetalMoead.weights(2, 4));
        assertEquals(10, JMetalMoead.weights(3, 3).length);
        assertEquals(257, JMetalMoead.populationSize(2, 256));
        assertEquals(33_153, JMetalMoead.populationSize(3, 256));
        for (double[] w : JMetalMoead.weights(3, 3)) assertEquals(1, w[0] + w[1] + w[2], 1e-12);
        assertArrayEquals(new double[][] {{1}, {1}, {1}, {1}, {1}}, JMetalMoead.weights(1, 4));
        assertEquals(5, JMetalMoead.populationSize(1, 4));
    }

    /** One objective (the registry's every-method tests run every name on single-objective data). */
    @Test
    void runsOnOneObjective() {
        OfflineProblem two = DnnProxiesTest.twoObjectives();
        double[][] y = two.dataset().scores();
        double[] f1 = new double[y.length];
        for (int i = 0; i < y.length; i++) f1[i] = y[i][1];
        OfflineProblem one = OfflineProblem.maximize(
                "one", Dataset.of(two.space(), two.dataset().designs(), f1));
        MoeadProxies m = MoeadProxies.multipleModels();
        MoeadProxies tiny = m.with(
                        MoeadProxies.Settings::proxy,
                        m.config()
                                .proxy()
                                .with(DnnProxies.Settings::hidden, List.of(8, 8))
                                .with(DnnProxies.Settings::epochs, 1))
                .with(MoeadProxies.Settings::generations, 3);
        Proposal a = tiny.propose(one, 8, 2);
        assertEquals(8, a.size());
        assertArrayEquals(a.designs(), tiny.propose(one, 8, 2).designs());
        for (double[] d : a.designs()) assertTrue(one.space().contains(d));
    }

    /**
     * MOEA/D on ZDT1 itself (no proxy): 21 directions, 30 generations, from random starts; the final population
     * has one design per direction, inside the box, the same for the same seed, and improves on its start.
     */
    @Test
    void minimisesZdt1DeterministicallyPerSeed() {
        int n = 5;
        JMetalNsgaII.Objectives zdt1 = xs -> {
            double[][] out = new double[xs.length][];
            for (int i = 0; i < xs.length; i++) {
                double g = 0;
                for (int j = 1; j < n; j++) g += xs[i][j];
                g = 1 + 9 * g / (n - 1);
                out[i] = new double[] {xs[i][0], g * (1 - Math.sqrt(xs[i][0] / g))};
            }
            return out;
        };
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(upper, 1);
        JMetalMoead.Settings s = new JMetalMoead.Settings(20, 30, 5, 0.9, 1.0, 0.5, 20);
        JMetalNsgaII.Result a = JMetalMoead.minimize(zdt1, lower, upper, new double[0][], s, 7);
        JMetalNsgaII.Result b = JMetalMoead.minimize(zdt1, lower, upper, new double[0][], s, 7);
        assertEquals(21, a.designs().length);
        assertArrayEquals(a.designs(), b.designs());
        assertEquals(21L * 30, a.evaluations());
        double start = 0;
        double end = 0;
        for (double[] y : zdt1.evaluate(a.initial())) start += y[1];
        for (double[] y : a.objectives()) end += y[1];
        assertTrue(end < start, "mean f2 " + end / 21 + " not below the start's " + start / 21);
        for (double[] x : a.designs()) for (double v : x) assertTrue(v >= 0 && v <= 1);
    }

    @Test
    void registeredWithTheReferenceSettings() {
        assertEquals(
                "mm hidden=[2048,2048] leaky=0.01 epochs=200 lr=1.0e-03 decay=0.98 batch=128 val=0.10 nsga2_gen=50 "
                        + "sbx=0.90 sbx_eta=15 pm_eta=20 moead_partitions=256 moead_gen=52 neighbours=20 p_neigh=0.90 "
                        + "de_cr=1.00 de_f=0.50 pm_eta=20",
                Methods.create("moead-mm").settings());
    }

    /** {@code moead-mm} end to end on ZDT1 with tiny networks: 256 designs in the box, the same per seed. */
    @Test
    void proposesOnZdt1() {
        Task t = Tasks.load("ZDT1");
        MoeadProxies m = MoeadProxies.multipleModels();
        MoeadProxies tiny = m.with(
                        MoeadProxies.Settings::proxy,
                        m.config()
                                .proxy()
                                .with(DnnProxies.Settings::hidden, List.of(8, 8))
                                .with(DnnProxies.Settings::epochs, 1))
                .with(MoeadProxies.Settings::generations, 5);
        Proposal a = tiny.propose(t.problem(), 256, 3);
        Proposal b = tiny.propose(t.problem(), 256, 3);
        assertEquals(256, a.size());
        assertArrayEquals(a.designs(), b.designs());
        for (double[] d : a.designs()) assertTrue(t.space().contains(d));
        assertEquals(2, a.predicted().orElseThrow()[0].length);
    }
}
