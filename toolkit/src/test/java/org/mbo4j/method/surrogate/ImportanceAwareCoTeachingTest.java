package org.mbo4j.method.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.AdamLookahead;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImportanceAwareCoTeachingTest {
    private static OfflineProblem slice() {
        Task t = Tasks.load("TFBind8");
        int[] rows = IntStream.range(0, 400).map(i -> i * 80).toArray();
        return new OfflineProblem("TFBind8-slice", t.space(), t.dataset().subset(rows), t.objectives());
    }

    @Test
    void paperSettingsAreTheReadmeCommandAndTheCodeDefaults() {
        var m = Methods.create("ict");
        assertEquals(
                "hidden=[2048,2048] epochs=200 lr=1.0e-01 batch=128 val=0.10 steps=100 design_lr=1.0e-01 "
                        + "neighbours=128 noise=0.10 alpha=1.0e-03 beta=0.30 coteach=8 clamp=0.20 reweight=full",
                m.settings());
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> ImportanceAwareCoTeaching.Settings.paper()
                        .with(ImportanceAwareCoTeaching.Settings::coTeaching, 129));
        assertEquals("the co-teaching count must be in 1..128 (the neighbours), got 129", e.getMessage());
    }

    @Test
    void theFineTuningStartsFromTheLastOfTheTiedBestRows() {
        // TFBind8's visible rows 11687, 15662, 28136 and 32111 share the top score; ICT.py 36-39 takes the last entry
        // of an ascending argsort, which a stable sort makes row 32111, where a best-first ranking gives 11687
        Task t = Tasks.load("TFBind8");
        SurrogateData d = SurrogateData.of(t.problem(), false, true);
        double top = t.dataset().score(11687, 0);
        for (int row : new int[] {15662, 28136, 32111})
            assertEquals(top, t.dataset().score(row, 0), 0.0);
        assertEquals(11687, d.topRows(1)[0]);
        assertEquals(32111, ImportanceAwareCoTeaching.lastBestRow(d));
    }

    @Test
    void seedsDrawThreeProxiesFromTheAuthorsPoolOfEight() {
        // ICT.py 429-431: seeds1 = 0..7, seeds2 = seeds1 - 1, seeds3 = seeds1 - 2 (mod 8)
        assertArrayEquals(new long[] {0, 7, 6}, ImportanceAwareCoTeaching.poolMembers(0));
        assertArrayEquals(new long[] {3, 2, 1}, ImportanceAwareCoTeaching.poolMembers(3));
        assertArrayEquals(new long[] {7, 6, 5}, ImportanceAwareCoTeaching.poolMembers(7));
        assertArrayEquals(new long[] {9, 8, 15}, ImportanceAwareCoTeaching.poolMembers(9));
    }

    @Test
    void lookaheadDerivativeMatchesFiniteDifferencesAndIsMaskedWhereVIsZero() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 40;
        double[] th = new double[n];
        double[] gb = new double[n];
        double[] m0 = new double[n];
        double[] v0 = new double[n];
        for (int i = 0; i < n; i++) {
            th[i] = r.nextGaussian();
            gb[i] = i < 5 ? 0 : r.nextGaussian() * Math.pow(10, -r.nextInt(4));
            m0[i] = i < 3 ? 0 : 0.01 * r.nextGaussian();
            v0[i] = i < 3 ? 0 : 1e-4 * Math.abs(r.nextGaussian());
        }
        AdamLookahead a = new AdamLookahead(1e-3, 0.9, 0.999, 1e-8);
        for (int t0 : new int[] {0, 4}) {
            INDArray zeros = Nd4j.zeros(DataType.DOUBLE, n);
            INDArray m = t0 == 0 ? zeros : Nd4j.createFromArray(m0);
            INDArray v = t0 == 0 ? zeros : Nd4j.createFromArray(v0);
            var st = a.step(Nd4j.createFromArray(th), Nd4j.createFromArray(gb), 1.0, m, v, t0);
            double h = 1e-6;
            INDArray up = a.step(Nd4j.createFromArray(th), Nd4j.createFromArray(gb), 1 + h, m, v, t0)
                    .value();
            INDArray dn = a.step(Nd4j.createFromArray(th), Nd4j.createFromArray(gb), 1 - h, m, v, t0)
                    .value();
            double[] fd = up.sub(dn).divi(2 * h).toDoubleVector();
            double[] an = st.derivative().toDoubleVector();
            for (int i = 0; i < n; i++) {
                if (t0 == 0 && i < 5 || t0 > 0 && i < 3) {
                    assertEquals(0.0, an[i], 0, "v = 0: higher masks the term (element " + i + ")");
                } else {
                    assertEquals(fd[i], an[i], 1e-6 * Math.max(1e-3, Math.abs(fd[i])), "element " + i + ", t0 " + t0);
                }
            }
            // the value is Adam's own step
            Adam adam = new Adam(1e-3, 0.9, 0.999, 1e-8);
            var p = new org.mbo4j.nn.Param("p", Nd4j.createFromArray(th), Nd4j.createFromArray(gb));
            if (t0 == 0) {
                adam.step(p);
                assertArrayEquals(p.value().toDoubleVector(), st.value().toDoubleVector(), 1e-12);
            }
        }
    }

    @Test
    void inFloat32TheMaskedElementsAreZeroNotNaN() {
        // Double.MIN_NORMAL is 0 in float32: a floor of that size once turned the masked 0·∞ into NaN
        INDArray theta = Nd4j.createFromArray(new float[] {1f, 2f, 3f, 4f});
        INDArray gBar = Nd4j.createFromArray(new float[] {0f, 0.5f, 0f, -1e-3f});
        INDArray zeros = Nd4j.zeros(DataType.FLOAT, 4);
        var st = new AdamLookahead(1e-3, 0.9, 0.999, 1e-8).step(theta, gBar, 1.0, zeros, zeros, 0);
        float[] d = st.derivative().toFloatVector();
        assertEquals(0f, d[0], 0);
        assertEquals(0f, d[2], 0);
        for (float v : d) assertTrue(Float.isFinite(v), java.util.Arrays.toString(d));
    }

    @Test
    void metaGradientIsTheDerivativeOfTheSupervisionLossAfterTheLookaheadStep() {
        Mlp f = Mlp.builder(3)
                .hidden(6, 5)
                .outputs(1)
                .dataType(DataType.DOUBLE)
                .seed(4)
                .build();
        SplittableRandom r = new SplittableRandom(9);
        double[][] x = new double[12][3];
        double[][] t = new double[12][1];
        double[][] xv = new double[30][3];
        double[][] yv = new double[30][1];
        for (double[] row : x) for (int j = 0; j < 3; j++) row[j] = r.nextGaussian();
        for (double[] row : t) row[0] = r.nextGaussian();
        for (double[] row : xv) for (int j = 0; j < 3; j++) row[j] = r.nextGaussian();
        for (double[] row : yv) row[0] = r.nextGaussian();
        INDArray xs = Nd4j.create(x);
        INDArray ts = Nd4j.create(t);
        INDArray xVal = Nd4j.create(xv);
        INDArray yVal = Nd4j.create(yv);
        Adam adam = new Adam(1e-2, 0.9, 0.999, 1e-8);
        // two earlier real steps, so the look-ahead starts from non-zero moments
        ImportanceAwareCoTeaching.realStep(f, adam, xs, ts, 1.0);
        ImportanceAwareCoTeaching.realStep(f, adam, xs, ts, 1.0);
        int[] rows = {1, 4, 7, 10};
        AdamLookahead look = new AdamLookahead(1e-2, 0.9, 0.999, 1e-8);
        double meta = ImportanceAwareCoTeaching.metaGradient(f, adam, look, xs, ts, rows, xVal, yVal);

        f.zeroGrad();
        INDArray p = f.forward(xs.getRows(rows));
        f.backward(p.sub(ts.getRows(rows)).muli(2), true, false);
        INDArray gBar = f.parameters().get(0).grad().dup();
        double h = 1e-5;
        double lUp =
                valLoss(f, look.step(adam, f.parameters().get(0), gBar, 1 + h).value(), xVal, yVal);
        double lDn =
                valLoss(f, look.step(adam, f.parameters().get(0), gBar, 1 - h).value(), xVal, yVal);
        double fd = (lUp - lDn) / (2 * h) / rows.length;
        assertEquals(fd, meta, 1e-7 * Math.max(1, Math.abs(fd)));
        assertTrue(Math.abs(meta) > 1e-6, "a non-trivial derivative: " + meta);
    }

    private static double valLoss(Mlp f, INDArray theta, INDArray x, INDArray y) {
        Mlp g = f.copy();
        g.flatParameters().assign(theta);
        return Losses.mse(g, x, y, null, false);
    }

    @Test
    void theBroadcastWeightsCollapseToOneSignedMetaStep() {
        var s = ImportanceAwareCoTeaching.Settings.paper();
        // every weight's gradient is the same g: normalised by Σ|g| = 8|g| → ±1/8, clipped to ±0.2, times β = 0.3
        assertEquals(1 - 0.3 / 8, ImportanceAwareCoTeaching.meanWeight(0.7, s), 1e-15);
        assertEquals(1 + 0.3 / 8, ImportanceAwareCoTeaching.meanWeight(-1e-9, s), 1e-15);
        assertEquals(1.0, ImportanceAwareCoTeaching.meanWeight(0.0, s), 0);
        var two = s.with(ImportanceAwareCoTeaching.Settings::coTeaching, 2);
        assertEquals(1 - 0.3 * 0.2, ImportanceAwareCoTeaching.meanWeight(5.0, two), 1e-15, "1/2 clipped to 0.2");
    }

    @Test
    void aWeightedRealStepIsAlmostTheUnweightedOneBecauseAdamIgnoresScale() {
        // seeded data: with unseeded draws a near-zero gradient entry made the ε-scale difference exceed 1e-8 now and
        // then
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        double[][] xs = new double[16][3];
        double[][] ts = new double[16][1];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 3; j++) xs[i][j] = r.nextDouble();
            ts[i][0] = r.nextDouble();
        }
        INDArray x = Nd4j.create(xs);
        INDArray t = Nd4j.create(ts);
        Mlp base = Mlp.builder(3)
                .hidden(8)
                .outputs(1)
                .dataType(DataType.DOUBLE)
                .seed(1)
                .build();
        Mlp a = base.copy();
        Mlp b = base.copy();
        ImportanceAwareCoTeaching.realStep(a, new Adam(1e-3, 0.9, 0.999, 1e-8), x, t, 1 - 0.0375);
        ImportanceAwareCoTeaching.realStep(b, new Adam(1e-3, 0.9, 0.999, 1e-8), x, t, 1 + 0.0375);
        INDArray da = a.flatParameters().sub(base.flatParameters());
        INDArray db = b.flatParameters().sub(base.flatParameters());
        assertEquals(1e-3, da.amaxNumber().doubleValue(), 1e-6, "a first Adam step moves by lr");
        // Adam's first step with ε on √v (tf.keras, higher) is −lr·w·g/(w·|g| + ε'), ε' = ε/√(1 − β₂): the weights
        // w = 1 ∓ 0.0375 change it by lr·ε'·|g|·|w₁ − w₂|/((w₁|g| + ε')(w₂|g| + ε')), at most lr·0.075·ε'/|g|
        Mlp probe = base.copy();
        probe.zeroGrad();
        probe.backward(probe.forward(x).sub(t).muli(2), true, false);
        double[] g = probe.parameters().get(0).grad().toDoubleVector();
        double[] diff = da.sub(db).toDoubleVector();
        double eps = 1e-8 / Math.sqrt(1 - 0.999), w1 = 1 - 0.0375, w2 = 1 + 0.0375;
        for (int i = 0; i < g.length; i++) {
            double expected =
                    -1e-3 * (w1 * g[i] / (w1 * Math.abs(g[i]) + eps) - w2 * g[i] / (w2 * Math.abs(g[i]) + eps));
            assertEquals(expected, diff[i], 1e-12, "the weights change the step at ε's scale only (entry " + i + ")");
        }
    }

    @Test
    void smallLossRowsAndNeighbours() {
        assertArrayEquals(
                new int[] {3, 0, 2}, ImportanceAwareCoTeaching.smallestRows(new double[] {0.2, 5, 0.3, 0.1, 9}, 3));
        INDArray x = Nd4j.createFromArray(new float[][] {{1f, 2f, 3f, 4f}});
        INDArray shared = ImportanceAwareCoTeaching.neighbours(x, 50, 0.1, false, new SplittableRandom(1));
        INDArray iso = ImportanceAwareCoTeaching.neighbours(x, 50, 0.1, true, new SplittableRandom(1));
        double spread = 0;
        for (int i = 0; i < 50; i++) {
            INDArray d = shared.getRow(i).sub(x.getRow(0));
            assertEquals(0, d.sub(d.getDouble(0)).amaxNumber().doubleValue(), 1e-6, "one shift for every coordinate");
            spread += Math.abs(d.getDouble(0));
            INDArray e = iso.getRow(i).sub(x.getRow(0));
            if (i > 0) assertTrue(e.sub(e.getDouble(0)).amaxNumber().doubleValue() > 0);
        }
        assertEquals(0.1 * Math.sqrt(2 / Math.PI), spread / 50, 0.03, "E|0.1 z| = 0.1·√(2/π)");
    }

    @Test
    void sameSeedSameDesignsAndTheProxiesMoveWhileCoTeaching() {
        OfflineProblem problem = slice();
        var m = ImportanceAwareCoTeaching.paper().quick();
        PccProxies.clear();
        Proposal a = m.propose(problem, 8, 2);
        PccProxies.clear();
        Proposal b = m.propose(problem, 8, 2);
        Proposal c = m.propose(problem, 8, 3);
        assertArrayEquals(a.designs(), b.designs());
        assertFalse(java.util.Arrays.deepEquals(a.designs(), c.designs()));

        SurrogateData data = SurrogateData.of(problem, true, true);
        var zero = m.with(ImportanceAwareCoTeaching.Settings::steps, 0).train(data, 2);
        var tuned = m.train(data, 2);
        for (int j = 0; j < 3; j++) {
            double moved = tuned.member(j)
                    .flatParameters()
                    .sub(zero.member(j).flatParameters())
                    .amaxNumber()
                    .doubleValue();
            assertTrue(moved > 1e-4, "proxy " + j + " moved " + moved);
        }
    }

    @Test
    void theProxiesAreKeptOnDiskBesideTheRunsAndReloadedByAnotherProcess(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        OfflineProblem problem = slice();
        var m = ImportanceAwareCoTeaching.paper().quick();
        PccProxies.clear();
        Proposal a;
        try (var s = org.mbo4j.nn.TrainingCheckpoints.open(dir.resolve("seed2"), java.time.Duration.ZERO, dir)) {
            a = m.propose(problem, 8, 2);
        }
        var shared = org.mbo4j.nn.TrainingCheckpoints.sharedDirs(dir);
        assertEquals(3, shared.size(), "the pool's three proxies (seeds 2, 1, 0): " + shared);
        java.util.Map<java.nio.file.Path, java.nio.file.attribute.FileTime> written = new java.util.TreeMap<>();
        for (var d : shared) {
            assertTrue(d.getFileName().toString().startsWith("pcc-proxy-shared-"), d.toString());
            var progress = org.mbo4j.nn.TrainingCheckpoints.progress(d);
            assertEquals(1, progress.size(), progress.toString());
            assertTrue(progress.get(0).endsWith(" finished"), progress.toString());
            try (var files = java.nio.file.Files.list(d)) {
                for (var f : files.toList()) written.put(f, java.nio.file.Files.getLastModifiedTime(f));
            }
        }
        PccProxies.clear(); // another process: the proxies come from disk
        Proposal b;
        try (var s = org.mbo4j.nn.TrainingCheckpoints.open(dir.resolve("seed2-again"), java.time.Duration.ZERO, dir)) {
            b = m.propose(problem, 8, 2);
        }
        assertArrayEquals(a.designs(), b.designs());
        for (var e : written.entrySet()) {
            assertEquals(e.getValue(), java.nio.file.Files.getLastModifiedTime(e.getKey()), "reloaded: " + e.getKey());
        }
    }
}
