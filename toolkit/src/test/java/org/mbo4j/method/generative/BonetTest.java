package org.mbo4j.method.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

class BonetTest {
    @Test
    void percentileIsNumpysLinearOne() {
        // np.percentile([0, 0.1, 0.5, 1.0], 50) = 0.1 + 0.5·(0.5 − 0.1) = 0.3
        assertEquals(0.3, SortedTrajectories.percentile(new double[] {1.0, 0.1, 0.5, 0}, 50), 1e-15);
        // 90th: position 2.7 → 0.5 + 0.7·0.5 = 0.85
        assertEquals(0.85, SortedTrajectories.percentile(new double[] {0, 0.1, 0.5, 1.0}, 90), 1e-15);
    }

    /**
     * Regrets {0, 0.1, 0.5, 1}, 2 bins of width 0.5 ({0, 0.1, 0.5} and {1}), τ = 1 − 0.3 = 0.7. Bin weights
     * exp((0.75 − 1)/0.7) = 0.699673 and exp((0.25 − 1)/0.7) = 0.342519; 5 points: 3.3567 → 3 and 1.6433 → 2.
     * With K = 0.25·4 = 1: 3/4·0.699673 = 0.524755 and 1/2·0.342519 = 0.171260, so 3.7697 → 4 and 1.2303 → 1.
     */
    @Test
    void samplesPerBinMatchHandComputedValues() {
        double[] r = {0, 0.1, 0.5, 1.0};
        assertArrayEquals(new int[] {3, 2}, SortedTrajectories.samplesPerBin(r, 2, 5, 0, 50));
        assertArrayEquals(new int[] {4, 1}, SortedTrajectories.samplesPerBin(r, 2, 5, 0.25, 50));
        assertEquals(List.of(List.of(0, 1, 2), List.of(3)), SortedTrajectories.binMembers(r, 2));
    }

    @Test
    void trajectoriesClimbAndCarryTheirRegretToGo() {
        double[] r = new double[200];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < r.length; i++) r[i] = rng.nextDouble();
        SortedTrajectories t = SortedTrajectories.build(r, 5, 32, 8, 0.03, 90, new SplittableRandom(2));
        assertEquals(32, IntStream.of(t.perBin()).sum());
        for (int n = 0; n < 5; n++) {
            for (int s = 1; s < 32; s++) assertTrue(t.regret()[n][s] <= t.regret()[n][s - 1], "sorted worst first");
            double acc = 0;
            for (int s = 31; s >= 0; s--) {
                assertEquals(r[t.rows()[n][s]], t.regret()[n][s], 0);
                acc += t.regret()[n][s];
                assertEquals(acc, t.toGo()[n][s], 1e-12);
            }
        }
    }

    static OfflineProblem tfBind8Slice(int rows) {
        Task t = Tasks.load("TFBind8");
        int step = t.dataset().size() / rows;
        int[] idx = IntStream.range(0, rows).map(i -> i * step).toArray();
        return new OfflineProblem("TFBind8-slice", t.space(), t.dataset().subset(idx), t.objectives());
    }

    @Test
    void sameSeedSameDesignsAndTrajectory() {
        OfflineProblem p = tfBind8Slice(800);
        Bonet m = Bonet.defaults().quick();
        Proposal a = m.propose(p, 20, 5), b = Bonet.defaults().quick().propose(p, 20, 5);
        assertEquals(20, a.size());
        for (int i = 0; i < 20; i++) assertArrayEquals(a.designs()[i], b.designs()[i], 0, "design " + i);
        // the transformer's history: 4 quick epochs of cross-entropy, the same per seed
        assertEquals(List.of("transformer"), List.copyOf(a.training().keySet()));
        assertEquals(4, a.training().get("transformer").epochs());
        assertEquals(a.training(), b.training());
        Trajectory ta = a.trajectory().orElseThrow(), tb = b.trajectory().orElseThrow();
        // one step per rollout position (quick: 32), each holding the position's design of the 2 rollouts
        assertEquals(32, ta.steps().size());
        assertEquals(2, ta.steps().get(0).designs().length);
        for (int s = 0; s < 32; s++) {
            assertArrayEquals(ta.steps().get(s).designs()[1], tb.steps().get(s).designs()[1], 0);
        }
        // prefix positions carry visible scores, generated ones NaN
        assertTrue(Double.isFinite(ta.steps().get(15).predicted()[0]));
        assertTrue(Double.isNaN(ta.steps().get(16).predicted()[0]));
        // the proposal is the generated part of rollout 0, then rollout 1
        assertArrayEquals(ta.steps().get(16).designs()[0], a.designs()[0], 0);
        assertArrayEquals(ta.steps().get(16).designs()[1], a.designs()[16], 0);
        Proposal c = Bonet.defaults().quick().propose(p, 20, 6);
        boolean differs = false;
        for (int i = 0; i < 20; i++) differs |= !java.util.Arrays.equals(a.designs()[i], c.designs()[i]);
        assertTrue(differs, "another seed gives other designs");
    }

    @Test
    void quickSettingsRunFullTfBind8Fast() {
        Task t = Tasks.load("TFBind8");
        // the process's CPU time (every thread of this JVM), not the wall clock: a busy machine does not fail it
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = os.getProcessCpuTime();
        long wall = System.nanoTime();
        Proposal p = Bonet.defaults().quick().propose(t.problem(), 128, 0);
        double seconds = (os.getProcessCpuTime() - start) / 1e9;
        assertEquals(128, p.size());
        for (double[] d : p.designs()) assertTrue(t.space().contains(d));
        System.out.printf(
                "bonet quick on TFBind8: %.1f s CPU, %.1f s wall%n", seconds, (System.nanoTime() - wall) / 1e9);
        assertTrue(seconds < 60, "quick bonet took " + seconds + " s of CPU on TFBind8");
    }

    @Test
    void worksOnContinuousBoxes() {
        ContinuousSpace box = ContinuousSpace.cube(4, -2, 3);
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = new double[300][4];
        double[] y = new double[300];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 4; j++) x[i][j] = rng.nextDouble(-2, 3);
            y[i] = -(x[i][0] * x[i][0] + x[i][1] * x[i][1]);
        }
        OfflineProblem p = OfflineProblem.maximize("box", Dataset.of(box, x, y));
        Proposal a = Bonet.defaults().quick().propose(p, 40, 1);
        assertEquals(40, a.size());
        for (double[] d : a.designs()) assertTrue(box.contains(d), "outside the box");
        Proposal b = Bonet.defaults().quick().propose(p, 40, 1);
        for (int i = 0; i < 40; i++) assertArrayEquals(a.designs()[i], b.designs()[i], 0);
    }

    @Test
    void divergenceNamesTheEpochAndTheSetting() {
        OfflineProblem p = tfBind8Slice(300);
        Bonet m = Bonet.defaults()
                .quick()
                .with(Bonet.Settings::weightDecay, 0.0)
                .with(Bonet.Settings::learningRate, 1e30);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> m.propose(p, 8, 0));
        assertTrue(
                e.getMessage()
                        .startsWith("bonet's transformer diverged at epoch " + e.epoch() + " of 4: lower its"
                                + " learning rate (Settings::learningRate, now 1.0E30)"),
                e.getMessage());
    }

    @Test
    void settingsTextAndValidation() {
        assertEquals(
                "bins=64 traj_len=128 trajectories=800 prefix_traj=128 K_frac=0.03 tau_pct=90.0 ctx=64 embed=128"
                        + " layers=8 heads=8 dropout=0.1 epochs=75 batch=128 lr=1e-04 beta2=0.95 wd=0.1 clip=1.0 max_t=128"
                        + " prefix=64 budgets=[0.00,0.0100,0.0500,0.100]",
                Bonet.defaults().settings());
        assertTrue(Bonet.defaults().quick().settings().startsWith("quick: bins=16"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Bonet.defaults().with(Bonet.Settings::heads, 3));
        assertEquals("embedding 128 must be a positive multiple of the 3 heads", e.getMessage());
        assertEquals("bonet", Methods.create("bonet").name());
    }
}
