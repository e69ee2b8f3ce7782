package org.mbo4j.method.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.Ddpm;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.TemporalUnet;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GtgTest {
    /** Smaller than quick: 40 walks, 100 training steps of 2 × 8, 10 diffusion steps. */
    static Gtg tiny() {
        return Gtg.defaults()
                .quick()
                .with(Gtg.Settings::walks, 40)
                .with(Gtg.Settings::trainSteps, 100)
                .with(Gtg.Settings::batchSize, 8)
                .with(Gtg.Settings::emaStart, 50)
                .with(Gtg.Settings::diffusionSteps, 10)
                .with(Gtg.Settings::samples, 8)
                .with(Gtg.Settings::proxySteps, 50);
    }

    @Test
    void rankWeightedDrawsFollowTheSamplersWeights() {
        // n = 4, w = 0.25: weight 1/(1 + rank) → probabilities 12/25, 6/25, 4/25, 3/25 for ranks 0..3
        double[] y = {0.1, 0.9, 0.5, 0.7}; // ranks: row 1, 3, 2, 0
        int[] d = Gtg.rankWeightedDraws(y, 0.25, 200_000, 3);
        double[] f = new double[4];
        for (int i : d) f[i] += 1.0 / d.length;
        assertEquals(12 / 25.0, f[1], 0.004);
        assertEquals(6 / 25.0, f[3], 0.004);
        assertEquals(4 / 25.0, f[2], 0.004);
        assertEquals(3 / 25.0, f[0], 0.004);
    }

    @Test
    void limitsScaleToUnitRangeWidenAllOnAConstantFeatureAndClampTheWholeBatch() {
        var l = Gtg.Limits.fit(new double[][] {{0, 10}, {2, 30}});
        assertArrayEquals(new double[] {0, -1}, l.normalise(new double[] {1, 10}), 1e-15);
        assertArrayEquals(new double[] {2, 30}, l.unnormalise(new double[][] {{1, 1}})[0], 1e-12);
        // one value 1.5 outside: every value is clamped first, so 0.5 stays 0.5 and 1.5 becomes 1
        double[][] back = l.unnormalise(new double[][] {{1.5, 0.5}});
        assertArrayEquals(new double[] {2, 25}, back[0], 1e-12);
        // a constant feature widens every feature's limits by 1 (the authors' vector operation)
        var c = Gtg.Limits.fit(new double[][] {{0, 5}, {2, 5}});
        assertArrayEquals(new double[] {-1, 4}, c.min(), 0);
        assertArrayEquals(new double[] {3, 6}, c.max(), 0);
    }

    @Test
    void contextOverwritesTheFirstStepsWithTheTrajectoryTail() {
        // h = 4 steps of 2 features, context 2: the sample's steps 0, 1 become the trajectory's steps 2, 3
        double[] traj = {0, 1, 2, 3, 4, 5, 6, 7};
        double[] x = new double[8];
        java.util.Arrays.fill(x, -9);
        Gtg.condition(x, new double[][] {traj}, 2, 4, 2);
        assertArrayEquals(new double[] {4, 5, 6, 7, -9, -9, -9, -9}, x, 0);
    }

    private static Gtg.DiffusionLoss loss(TemporalUnet net, int walks, int batch, int accumulate) {
        double[][] traj = new double[walks][net.horizon() * net.transitionDim()];
        SplittableRandom r = new SplittableRandom(1);
        for (double[] t : traj) for (int i = 0; i < t.length; i++) t[i] = r.nextDouble(-1, 1);
        Gtg.Settings c = Gtg.Settings.paper()
                .with(Gtg.Settings::batchSize, batch)
                .with(Gtg.Settings::accumulate, accumulate)
                .with(Gtg.Settings::emaEvery, 10)
                .with(Gtg.Settings::emaStart, 20)
                .with(Gtg.Settings::emaDecay, 0.5);
        return new Gtg.DiffusionLoss(net, Ddpm.cosine(20), traj, c, 7);
    }

    private static Batch step(int s) {
        INDArray z = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        return new Batch(z, z, null, s / Gtg.STEPS_PER_EPOCH + 1, s % Gtg.STEPS_PER_EPOCH);
    }

    @Test
    void batchesFollowTheAuthorsCycleOfDropLastPermutations() {
        TemporalUnet net = TemporalUnet.create(2, 8, List.of(1, 2), 4, 0, DataType.DOUBLE);
        var l = loss(net, 10, 3, 2); // 3 micro-batches of 3 per pass of 10 (one row dropped)
        int[] s0 = l.rows(0), s1 = l.rows(1);
        assertEquals(6, s0.length);
        Set<Integer> pass0 = new HashSet<>();
        for (int i : s0) pass0.add(i);
        for (int i = 0; i < 3; i++) pass0.add(s1[i]); // step 1's first micro-batch ends pass 0
        assertEquals(9, pass0.size(), "a pass visits 9 distinct trajectories");
        assertArrayEquals(s1, l.rows(1), "the same step draws the same rows");
    }

    @Test
    void lossGradientMatchesFiniteDifferencesAndTheEmaCopiesThenAverages() {
        TemporalUnet net = TemporalUnet.create(2, 8, List.of(1, 2), 4, 0, DataType.DOUBLE);
        var l = loss(net, 10, 3, 2);
        Batch b = step(5);
        net.zeroGrad();
        l.lossAndGradients(net, b);
        for (Param p : List.of(
                net.parameters().get(0), net.parameters().get(net.parameters().size() - 2))) {
            for (long i = 0; i < Math.min(6, p.value().length()); i++) {
                double old = p.value().getDouble(i);
                p.value().putScalar(i, old + 1e-6);
                double up = l.loss(net, b);
                p.value().putScalar(i, old - 1e-6);
                double down = l.loss(net, b);
                p.value().putScalar(i, old);
                double fd = (up - down) / 2e-6;
                assertEquals(fd, p.grad().getDouble(i), 1e-6 * Math.max(1, Math.abs(fd)), p.name() + "[" + i + "]");
            }
        }
        // EMA: every 10 steps; before step 20 a copy, from step 20 on decay 0.5
        INDArray w = net.parameters().get(0).value();
        double start = w.getDouble(0);
        w.putScalar(0, 1.0);
        l.afterStep(net, step(8)); // step 9: nothing
        assertEquals(start, l.state().get("ema.0").getDouble(0), 0);
        l.afterStep(net, step(9)); // step 10: copy
        assertEquals(1.0, l.state().get("ema.0").getDouble(0), 0);
        w.putScalar(0, 3.0);
        l.afterStep(net, step(19)); // step 20: 0.5·1 + 0.5·3
        assertEquals(2.0, l.state().get("ema.0").getDouble(0), 1e-15);
    }

    @Test
    void proposesDecodedSequencesDeterministicallyWithBothHistories() {
        OfflineProblem p = BonetTest.tfBind8Slice(600);
        Proposal a = tiny().propose(p, 12, 4);
        assertEquals(12, a.size());
        for (double[] d : a.designs()) assertTrue(p.space().contains(d));
        Trajectory tr = a.trajectory().orElseThrow();
        assertEquals(5, tr.steps().size()); // steps 2, 4, 6, 8 of 10 and the end (the last two identical)
        assertArrayEquals(a.designs(), tr.steps().get(4).designs());
        assertEquals(1, a.training().get("diffusion").epochs());
        assertEquals(1, a.training().get("proxy").epochs());
        Proposal b = tiny().propose(p, 12, 4);
        assertArrayEquals(a.designs(), b.designs(), "same seed, same designs");
        assertEquals("gtg", Methods.create("gtg").name());
    }

    @Test
    void boxProposalsStayInTheBox() {
        OfflineProblem box = CbasTest.box();
        Proposal p = tiny().with(Gtg.Settings::neighbours, 10).propose(box, 6, 2);
        for (double[] d : p.designs()) assertTrue(((ContinuousSpace) box.space()).contains(d));
    }

    @Test
    void badSettingsNameTheFix() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Gtg.Settings.paper().with(Gtg.Settings::trainSteps, 150));
        assertEquals("steps must be a positive multiple of 100 (the trainer's epoch), got 150", e.getMessage());
        var f = assertThrows(
                IllegalArgumentException.class, () -> Gtg.Settings.paper().with(Gtg.Settings::context, 64));
        assertEquals("ctx_len must be in [1, horizon − 1] = [1, 63], got 64", f.getMessage());
        var g = assertThrows(
                IllegalArgumentException.class, () -> Gtg.Settings.paper().with(Gtg.Settings::dim, 12));
        assertEquals("dim must be a multiple of 8 (GroupNorm's 8 groups), got 12", g.getMessage());
    }
}
