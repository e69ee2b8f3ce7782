package org.mbo4j.method.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Tensors;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TriMentoringTest {
    private static final DataType F64 = DataType.DOUBLE;

    private static OfflineProblem slice() {
        Task t = Tasks.load("TFBind8");
        int[] rows = IntStream.range(0, 400).map(i -> i * 80).toArray();
        return new OfflineProblem("TFBind8-slice", t.space(), t.dataset().subset(rows), t.objectives());
    }

    private static INDArray gaussian(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int j = 0; j < cols; j++) row[j] = r.nextGaussian();
        return Tensors.matrix(m, F64);
    }

    private static Mlp net(long seed) {
        return Mlp.builder(3)
                .hidden(6, 5)
                .activation(Activation.relu())
                .outputs(1)
                .dataType(F64)
                .seed(seed)
                .build();
    }

    @Test
    void ranksGoDownThePredictionsWithTiesToTheLowerIndex() {
        assertArrayEquals(new int[] {2, 0, 3, 1}, TriMentoring.ranks(new double[] {0.5, 2.0, -1.0, 2.0}));
        assertArrayEquals(new int[][] {{0, 1}, {0, 2}, {1, 2}}, TriMentoring.pairs(3));
        assertArrayEquals(new double[] {0, 1, 1}, TriMentoring.labels(new int[] {1, 0, 2}, TriMentoring.pairs(3)));
    }

    /**
     * Ranks r1 = (0, 1, 2), r2 = (1, 0, 2), r3 = (0, 2, 1). Pair (0, 1): proxies 1 and 2 disagree, proxy 3 ranks 0
     * above 1: label 1. Pairs (0, 2) and (1, 2): proxies 1 and 2 agree on 1. Proxy 2's own labels are (0, 1, 1), so
     * it is the minority on pair (0, 1); proxy 3's are (1, 1, 0), the minority on (1, 2).
     */
    @Test
    void theMajorityVoteIsHandComputed() {
        int[][] pairs = TriMentoring.pairs(3);
        int[] r1 = {0, 1, 2}, r2 = {1, 0, 2}, r3 = {0, 2, 1};
        assertArrayEquals(new double[] {1, 1, 1}, TriMentoring.majority(r1, r2, r3, pairs));
        assertArrayEquals(new double[] {0, 1, 1}, TriMentoring.labels(r2, pairs));
        assertArrayEquals(new double[] {1, 1, 0}, TriMentoring.labels(r3, pairs));
    }

    @Test
    void crossEntropyGradientsMatchFiniteDifferences() {
        Mlp f = net(3);
        INDArray xn = gaussian(5, 3, 4);
        int[][] pairs = {{0, 1}, {2, 4}, {3, 1}};
        double[] l = {1, 0.3, 0};
        INDArray g = TriMentoring.crossEntropyGradient(f, xn, pairs, l);
        assertTrue(g.norm2Number().doubleValue() > 0);
        org.mbo4j.nn.GradCheckAccess.check(
                f.flatParameters(), g, () -> TriMentoring.crossEntropy(f, xn, pairs, l), 1e-6);
    }

    /**
     * The soft-label gradient against finite differences of the look-ahead loss in the labels: the loss over the
     * supervision rows after one SGD step of rate 0.05 on the cross-entropy.
     */
    @Test
    void labelGradientsMatchFiniteDifferencesOfTheLookAheadLoss() {
        Mlp f = net(5);
        INDArray xn = gaussian(4, 3, 6);
        INDArray x0 = gaussian(30, 3, 7);
        INDArray y0 = gaussian(30, 1, 8);
        int[][] pairs = {{0, 1}, {2, 3}, {1, 3}};
        double[] l = {1, 0, 1};
        double lr = 0.05;
        double[] g = TriMentoring.labelGradient(f, xn, pairs, l, x0, y0, lr);
        double h = 1e-5;
        for (int q = 0; q < l.length; q++) {
            double[] up = l.clone(), down = l.clone();
            up[q] += h;
            down[q] -= h;
            double fd = (TriMentoring.lossAfterStep(f, xn, pairs, up, x0, y0, lr)
                            - TriMentoring.lossAfterStep(f, xn, pairs, down, x0, y0, lr))
                    / (2 * h);
            assertEquals(fd, g[q], 1e-7 + 1e-5 * Math.abs(fd), "label " + q);
        }
        assertTrue(java.util.Arrays.stream(g).anyMatch(v -> Math.abs(v) > 1e-8));
    }

    @Test
    void anAdjustedProxyMovesTowardTheConsensusOrder() {
        Mlp f = net(9);
        INDArray xn = gaussian(4, 3, 10);
        double[] pred = Tensors.column(f.forward(xn), 0);
        int[] rank = TriMentoring.ranks(pred);
        // the pairs this proxy orders one way, labelled the other way
        int[][] all = TriMentoring.pairs(4);
        double[] own = TriMentoring.labels(rank, all);
        double[] flipped = new double[own.length];
        for (int q = 0; q < own.length; q++) flipped[q] = 1 - own[q];
        TriMentoring.Settings s = TriMentoring.paper().config().with(TriMentoring.Settings::proxyLr, 0.05);
        double before = TriMentoring.crossEntropy(f, xn, all, flipped);
        double[] used = TriMentoring.adjust(f, xn, all, flipped, gaussian(20, 3, 11), gaussian(20, 1, 12), s);
        double after = TriMentoring.crossEntropy(f, xn, all, used);
        for (double v : used) assertTrue(v >= 0 && v <= 1, "soft labels are clamped");
        assertTrue(after < before, before + " → " + after);
    }

    @Test
    void quickRunsAreDeterministicPerSeedAndTheProxiesIgnoreTheRunSeed() {
        OfflineProblem p = slice();
        var m = (TriMentoring) Methods.create("tri-mentoring").quick();
        assertTrue(m.settings().startsWith("quick: hidden=[64,64] epochs=5"), m.settings());
        Proposal a = m.propose(p, 4, 2);
        Proposal b = m.propose(p, 4, 2);
        assertEquals(4, a.size());
        for (double[] d : a.designs()) assertTrue(p.space().contains(d));
        assertArrayEquals(a.designs(), b.designs());
        assertEquals(6, a.trajectory().orElseThrow().steps().size()); // steps 0…5
        SurrogateData data = SurrogateData.of(p, true, true);
        var f2 = m.train(data, 2);
        var f3 = m.train(data, 3);
        for (int j = 0; j < 3; j++) {
            assertTrue(f2.members()
                    .get(j)
                    .flatParameters()
                    .equals(f3.members().get(j).flatParameters()));
        }
    }

    /**
     * PyTorch's float32 σ is exactly 1 above z ≈ 16.6 (1 + e^−z rounds to 1): a pair predicted that far apart adds no
     * gradient there, and none here. A linear proxy f(x) = x₀ with neighbours 0, 16 and 17 apart: the pair (16 apart)
     * moves the weight, the pair 17 apart does not.
     */
    @Test
    void saturatedPairsAddNoGradientAsInFloat32() {
        assertEquals(1.0, TriMentoring.sigmoid(17), 0);
        assertEquals(0.0, TriMentoring.sigmoid(-90), 0);
        assertTrue(TriMentoring.sigmoid(16) < 1);
        assertEquals(1 / (1 + Math.exp(-0.3)), TriMentoring.sigmoid(0.3), 1e-16);
        Mlp f = Mlp.builder(1).hidden(List.of()).outputs(1).dataType(F64).build();
        f.weight(0).assign(1);
        f.bias(0).assign(0);
        INDArray xn = Tensors.matrix(new double[][] {{0}, {16}, {-17}}, F64);
        // labels 0: "i below j", the opposite of the proxy's order on pair (1, 0) and pair (0, 2)
        double[] g16 = TriMentoring.crossEntropyGradient(f, xn, new int[][] {{1, 0}}, new double[] {0})
                .toDoubleVector();
        double[] g17 = TriMentoring.crossEntropyGradient(f, xn, new int[][] {{0, 2}}, new double[] {0})
                .toDoubleVector();
        assertTrue(g16[0] > 0.9, "the unsaturated pair pushes the weight: " + g16[0]);
        assertEquals(0, g17[0], 0, "the saturated pair adds nothing");
    }

    @Test
    void theNeighboursComeFromTheStreamAndAdjustingIsDeterministic() {
        TriMentoring.Settings s = TriMentoring.paper().config();
        INDArray x = gaussian(1, 3, 20);
        INDArray x0 = gaussian(25, 3, 21);
        INDArray y0 = gaussian(25, 1, 22);
        java.util.function.LongFunction<List<Mlp>> run = seed -> {
            List<Mlp> f = List.of(net(1), net(10), net(100));
            TriMentoring.adjustProxies(f, x, x0, y0, s, new SplittableRandom(seed));
            return f;
        };
        List<Mlp> a = run.apply(1), b = run.apply(1), c = run.apply(2);
        List<Mlp> untouched = List.of(net(1), net(10), net(100));
        boolean moved = false, differs = false;
        for (int j = 0; j < 3; j++) {
            assertTrue(a.get(j).flatParameters().equals(b.get(j).flatParameters()));
            moved |= !a.get(j).flatParameters().equals(untouched.get(j).flatParameters());
            differs |= !a.get(j).flatParameters().equals(c.get(j).flatParameters());
        }
        assertTrue(moved, "a minority proxy is fine-tuned");
        assertTrue(differs, "other neighbours, other fine-tuning");
    }

    @Test
    void paperSettingsAndBadSettings() {
        assertEquals(
                "hidden=[2048,2048] epochs=200 lr=1.0e-01 batch=128 val=0.10 steps=100 design_lr=1.0e-01 K=10 "
                        + "noise=0.10 proxy_lr=1.0e-03 label_lr=0.10 majority_voting soft_label (boxes: steps=200, "
                        + "design_lr=1e-3)",
                TriMentoring.paper().settings());
        assertEquals(List.of(1L, 10L, 100L), TriMentoring.PROXY_SEEDS);
        assertEquals(
                "mentoring ranks pairs of neighbours: K must be ≥ 2, got 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> TriMentoring.paper().with(TriMentoring.Settings::neighbours, 1))
                        .getMessage());
    }
}
