package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
        return new OfflineProblem(
                t.name() + "-600", t.space(), t.dataset().subset(Arrays.copyOf(perm, ROWS)), t.objectives());
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
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Reinforce.defaults().quick().propose(p, 8, 0));
        assertEquals(
                "reinforce samples sequences from a categorical policy, but problem 'ToyContinuous-600' has a "
                        + "continuous design space (" + p.space().describe() + "); use cma-es, bo-qei or grad instead",
                e.getMessage());
    }

    @Test
    void registryAndPaperDefaults() {
        assertEquals("cma-es", Methods.create("cma-es").name());
        assertEquals("bo-qei", Methods.create("bo-qei").name());
        assertEquals("reinforce", Methods.create("reinforce").name());
        // bench matches finished runs by these strings: they are the ones of the committed records, character for
        // character (the step floor is a paper-setting safeguard for small files; quick settings leave it out)
        String ens = "ensemble=5x[256 leaky0.3] epochs=100 lr=1e-03 batch=100 val=200 min_steps=5000";
        String quickEns = "quick: ensemble=5x[256 leaky0.3] epochs=10 lr=1e-03 batch=100 val=200";
        assertEquals(ens, SmallEnsemble.paper().describe());
        assertEquals(
                ens + " sigma0=0.50 popsize=4+3ln(d) max_iter=100",
                CmaEs.defaults().settings());
        assertEquals(
                quickEns + " sigma0=0.50 popsize=4+3ln(d) max_iter=30",
                CmaEs.defaults().quick().settings());
        assertEquals(
                ens + " policy_lr=1e-02 iterations=200 batch=256 init=top128 floor=0.0",
                Reinforce.defaults().settings());
        assertEquals(
                quickEns + " policy_lr=1e-02 iterations=50 batch=256 init=top128 floor=0.0",
                Reinforce.defaults().quick().settings());
        assertEquals(
                ens + " gp_samples=500 noise_se=0.10 rounds=10 q=32 mc=128 raw=128 restarts=10 batch_limit=5 "
                        + "acq_maxiter=200 gp_fit_maxiter=15000",
                BoQei.defaults().settings());
        assertEquals(
                quickEns
                        + " gp_samples=200 noise_se=0.10 rounds=3 q=32 mc=128 raw=128 restarts=3 batch_limit=5 acq_maxiter=50 "
                        + "gp_fit_maxiter=50",
                BoQei.defaults().quick().settings());
    }

    @Test
    void settingsChangeThroughWithAndTheTextFollows() {
        CmaEs cma = CmaEs.defaults()
                .with(CmaEs.Settings::population, 20)
                .with(CmaEs.Settings::ensemble, SmallEnsemble.paper().with(SmallEnsemble::models, 3));
        assertEquals(
                "ensemble=3x[256 leaky0.3] epochs=100 lr=1e-03 batch=100 val=200 min_steps=5000 sigma0=0.50 "
                        + "popsize=20 max_iter=100",
                cma.settings());
        assertEquals(
                "reinforce",
                Reinforce.defaults()
                        .with(Reinforce.Settings::frequencyFloor, 0.001)
                        .name());
        assertTrue(Reinforce.defaults()
                .with(Reinforce.Settings::frequencyFloor, 0.001)
                .settings()
                .endsWith(" init=top128 floor=0.001"));
        // the trajectory cadence does not change what a run computes, so it is not in the text
        assertEquals(
                Reinforce.defaults().settings(),
                Reinforce.defaults().with(Reinforce.Settings::recordEvery, 0).settings());
        var e = assertThrows(
                IllegalArgumentException.class, () -> CmaEs.defaults().with(CmaEs.Settings::population, 1));
        assertEquals("population must be ≥ 2 (or 0 for the default), got 1", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> SmallEnsemble.paper().with(SmallEnsemble::minSteps, -1));
        assertEquals("minimum steps must be ≥ 0, got -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BoQei.defaults().with(BoQei.Settings::rounds, 0));
        assertEquals("rounds must be ≥ 1, got 0", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Reinforce.defaults().with(Reinforce.Settings::batchSize, 1));
        assertEquals("batch size must be ≥ 2, got 1", e.getMessage());
    }
}
