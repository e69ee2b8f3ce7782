package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mbo4j.method.Method;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/**
 * End-to-end checks of cma-es, bo-qei and reinforce on 600-row samples of Design-Bench's exact toy tasks (small
 * so the suite stays fast): quick settings propose designs whose true score beats the best visible one, and the
 * same seed gives the same designs.
 */
class ClassicBaselinesTest {
    private static final int ROWS = 600;

    private static OfflineProblem sample(Task t, long seed) {
        int n = t.dataset().size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return new OfflineProblem(t.name() + "-600", t.space(), t.dataset().subset(java.util.Arrays.copyOf(perm, ROWS)),
                t.objectives());
    }

    private static double best(double[][] y) {
        double m = Double.NEGATIVE_INFINITY;
        for (double[] r : y) m = Math.max(m, r[0]);
        return m;
    }

    /** Runs twice with one seed, checks identical designs, returns (best true score found, best visible). */
    private static double[] runTwice(Method m, String taskName) {
        Task task = Tasks.load(taskName);
        OfflineProblem p = sample(task, 1);
        Proposal a = m.propose(p, 32, 3);
        Proposal b = m.propose(p, 32, 3);
        assertEquals(32, a.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.designs()[i], b.designs()[i], 0, "design " + i);
        assertTrue(a.predicted().isPresent());
        return new double[] {best(task.evaluate(a.designs())), best(p.dataset().scores())};
    }

    private static void beatsVisibleBestAndIsDeterministic(Method m, String taskName) {
        double[] r = runTwice(m, taskName);
        assertTrue(r[0] > r[1], m.name() + " on " + taskName + ": best proposed " + r[0] + " ≤ visible " + r[1]);
    }

    @Test
    void cmaEsBeatsTheVisibleBestOnToyDiscrete() {
        // (on a 600-row ToyContinuous sample the quick 10-epoch ensemble misleads CMA-ES: no claim made there)
        CmaEs m = CmaEs.defaults().quick();
        assertTrue(m.settings().startsWith("quick: "), m.settings());
        beatsVisibleBestAndIsDeterministic(m, "ToyDiscrete");
    }

    @Test
    void boQeiIsDeterministicAndKeepsTheVisibleBestOnToyContinuous() {
        // BO-qEI's result is the top-k by label of data + new points, so it can return visible designs; with quick
        // settings on a 600-row sample it does not beat the visible best (measured), so we only check it keeps it.
        BoQei m = BoQei.defaults().quick();
        assertTrue(m.settings().startsWith("quick: "), m.settings());
        double[] r = runTwice(m, "ToyContinuous");
        assertTrue(r[0] >= r[1] - 1e-6, "best proposed " + r[0] + " < visible " + r[1]);
    }

    @Test
    void reinforceBeatsTheVisibleBestOnToyDiscrete() {
        Reinforce m = Reinforce.defaults().quick();
        assertTrue(m.settings().startsWith("quick: "), m.settings());
        beatsVisibleBestAndIsDeterministic(m, "ToyDiscrete");
    }

    @Test
    void reinforceRejectsContinuousProblemsNamingTheAlternatives() {
        OfflineProblem p = sample(Tasks.load("ToyContinuous"), 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Reinforce.defaults().quick().propose(p, 8, 0));
        assertEquals("reinforce samples sequences from a categorical policy, but problem 'ToyContinuous-600' has a "
                + "continuous design space (" + p.space().describe() + "); use cma-es, bo-qei or grad instead",
                e.getMessage());
    }

    @Test
    void registryAndPaperDefaults() {
        assertEquals("cma-es", Methods.create("cma-es").name());
        assertEquals("bo-qei", Methods.create("bo-qei").name());
        assertEquals("reinforce", Methods.create("reinforce").name());
        assertEquals("ensemble=5x[256 leaky0.3] epochs=100 lr=1e-03 batch=100 val=200 min_steps=5000 sigma0=0.50 popsize=4+3ln(d) "
                + "max_iter=100", CmaEs.defaults().settings());
        assertEquals("ensemble=5x[256 leaky0.3] epochs=100 lr=1e-03 batch=100 val=200 min_steps=5000 policy_lr=1e-02 iterations=200 "
                + "batch=256 init=top128 floor=0.0", Reinforce.defaults().settings());
        assertTrue(BoQei.defaults().settings().contains("gp_samples=500 noise_se=0.10 rounds=10 q=32 mc=128 raw=128 "
                + "restarts=10"), BoQei.defaults().settings());
        // the step floor is a paper-setting safeguard for small files; quick settings keep their few epochs
        for (String quick : new String[] {CmaEs.defaults().quick().settings(), Reinforce.defaults().quick().settings(),
                BoQei.defaults().quick().settings()}) {
            assertTrue(quick.contains("epochs=10 ") && !quick.contains("min_steps"), quick);
        }
    }
}
