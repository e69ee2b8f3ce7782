package org.mbo4j.method.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.GradNorm;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.mbo4j.task.BenchmarkStatistics;
import org.mbo4j.task.Objective;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Off-MOO-Bench's DNN proxies: the networks, their loss, the data pipeline and the whole method at small sizes. */
class DnnProxiesTest {

    /** 60 rows of a 3-d box with two objectives to minimise: f1 = x0, f2 = (1 − x0) + x1² + x2². */
    static OfflineProblem twoObjectives() {
        ContinuousSpace box = ContinuousSpace.box(new double[] {0, -1, -1}, new double[] {1, 1, 1});
        SplittableRandom rng = new SplittableRandom(4);
        double[][] x = new double[60][];
        double[][] y = new double[60][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {rng.nextDouble(), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            y[i] = new double[] {x[i][0], 1 - x[i][0] + x[i][1] * x[i][1] + x[i][2] * x[i][2]};
        }
        return new OfflineProblem(
                "two",
                box,
                Dataset.of(box, x, y, List.of("f1", "f2")),
                List.of(Objective.minimize("f1"), Objective.minimize("f2")));
    }

    private static DnnProxies tiny(DnnProxies m) {
        return m.with(DnnProxies.Settings::hidden, List.of(8, 8))
                .with(DnnProxies.Settings::epochs, 2)
                .with(DnnProxies.Settings::generations, 5);
    }

    /**
     * The multi-head proxy's trunk (the hidden layers) gets a gradient from each head alone, and a head's loss leaves
     * the other head's weights untouched; the heads' outputs pass a LeakyReLU (0.01·z below 0).
     */
    @Test
    void multiHeadTrunkIsSharedAndEachHeadIsItsOwn() {
        Mlp net = Mlp.builder(3)
                .hidden(4, 4)
                .activation(Activation.leakyRelu(0.01))
                .outputs(2)
                .dataType(DataType.DOUBLE)
                .seed(3)
                .build();
        LeakyOutput mh = new LeakyOutput(net, 0.01);
        INDArray x = Tensors.matrix(new double[][] {{0.1, -0.4, 0.7}, {0.9, 0.2, -0.3}}, DataType.DOUBLE);
        double[][] z = Tensors.rows(net.forward(x).dup());
        double[][] out = Tensors.rows(mh.forward(x));
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) assertEquals(z[i][j] > 0 ? z[i][j] : 0.01 * z[i][j], out[i][j], 1e-15);
        }
        for (int head = 0; head < 2; head++) {
            mh.zeroGrad();
            mh.forward(x);
            double[][] seed = new double[2][2];
            seed[0][head] = 1;
            seed[1][head] = 1;
            mh.backward(Tensors.matrix(seed, DataType.DOUBLE), true, false);
            for (int l = 0; l < 2; l++) {
                assertTrue(
                        net.weightGrad(l).norm2Number().doubleValue() > 0, "trunk layer " + l + " from head " + head);
            }
            INDArray out2 = net.weightGrad(2);
            assertTrue(out2.getColumn(head).norm2Number().doubleValue() > 0, "head " + head + " learns");
            assertEquals(0, out2.getColumn(1 - head).norm2Number().doubleValue(), 0, "the other head is untouched");
            assertEquals(0, net.biasGrad(2).getDouble(0, 1 - head), 0);
        }
    }

    /**
     * Off-MOO-Bench's loss Σ_rows mean_objectives (ŷ − y)² on a linear model by hand: ŷ = x·[1, 2], x = (1, 2),
     * y = 0: rows (1, 2) and (2, 4), loss (1 + 4)/2 + (4 + 16)/2 = 12.5 (reported per row, 6.25); ∂/∂ŷ = 2r/2 = r, so
     * ∂/∂W = Σ x·r = (1·1 + 2·2, 1·2 + 2·4) = (5, 10) and ∂/∂b = (3, 6).
     */
    @Test
    void lossIsSumOverRowsOfMeanOverObjectives() {
        Mlp lin = Mlp.builder(1).hidden().outputs(2).dataType(DataType.DOUBLE).build();
        lin.weight(0).assign(Tensors.matrix(new double[][] {{1, 2}}, DataType.DOUBLE));
        lin.bias(0).assign(0);
        INDArray x = Tensors.matrix(new double[][] {{1}, {2}}, DataType.DOUBLE);
        INDArray y = Tensors.matrix(new double[][] {{0, 0}, {0, 0}}, DataType.DOUBLE);
        lin.zeroGrad();
        double l = DnnProxies.LOSS.lossAndGradients(lin, new Batch(x, y, null, 1, 0));
        assertEquals(6.25, l, 1e-12);
        assertArrayEquals(new double[] {5, 10}, Tensors.rows(lin.weightGrad(0))[0], 1e-12);
        assertArrayEquals(new double[] {3, 6}, Tensors.rows(lin.biasGrad(0))[0], 1e-12);
        assertEquals(6.25, DnnProxies.LOSS.loss(lin, new Batch(x, y, null, 1, 0)), 1e-12);
    }

    /** Off-MOO-Bench's split keeps int(0.9·n) rows for training (data.py 28–29): the held-out count rounds up. */
    @Test
    void validationHoldsOutWhatOffMooBenchHoldsOut() {
        assertEquals(101, DnnProxies.heldOut(1003, 0.1)); // int(902.7) = 902 trained; 0.1·1003 would round to 100
        assertEquals(5400, DnnProxies.heldOut(54000, 0.1));
        assertEquals(1080, DnnProxies.heldOut(10800, 0.1));
        assertEquals(1, DnnProxies.heldOut(5, 0.1)); // int(4.5) = 4
        assertEquals(0, DnnProxies.heldOut(1, 0.1)); // at most n − 1
        assertEquals(0, DnnProxies.heldOut(1003, 0));
    }

    @Test
    void proxiesHaveTheirShapes() {
        MultiObjectiveData data = MultiObjectiveData.of(twoObjectives());
        DnnProxies.Proxy mm = tiny(DnnProxies.multipleModels()).train(data, 1);
        assertEquals(2, mm.networks().size());
        for (Regressor r : mm.networks()) {
            Mlp net = assertInstanceOf(Mlp.class, r);
            assertArrayEquals(new int[] {3, 8, 8, 1}, net.sizes());
        }
        DnnProxies.Proxy e2e = tiny(DnnProxies.endToEnd()).train(data, 1);
        assertArrayEquals(
                new int[] {3, 8, 8, 2},
                assertInstanceOf(Mlp.class, e2e.networks().get(0)).sizes());
        DnnProxies.Proxy mh = tiny(DnnProxies.multiHead()).train(data, 1);
        LeakyOutput heads = assertInstanceOf(LeakyOutput.class, mh.networks().get(0));
        assertArrayEquals(new int[] {3, 8, 8, 2}, heads.network().sizes());
        for (DnnProxies.Proxy p : List.of(mm, e2e, mh)) {
            double[][] pred = p.predict(data.inputs());
            assertEquals(60, pred.length);
            assertEquals(2, pred[0].length);
        }
    }

    /** Three rows in a 10 × 10 box, x1 constant, objective a minimised and b maximised, with the given statistics. */
    private static OfflineProblem threeRows(BenchmarkStatistics statistics) {
        ContinuousSpace box = ContinuousSpace.box(new double[] {0, 0}, new double[] {10, 10});
        double[][] x = {{2, 5}, {4, 5}, {6, 5}};
        double[][] y = {{1, 30}, {3, 10}, {2, 20}};
        return new OfflineProblem(
                "p",
                box,
                Dataset.of(box, x, y, List.of("a", "b")),
                List.of(Objective.minimize("a"), Objective.maximize("b")),
                List.of(),
                statistics);
    }

    @Test
    void dataAreMinMaxScaledAndEveryObjectiveMinimised() {
        MultiObjectiveData d = MultiObjectiveData.of(threeRows(null));
        // x0 over [2, 6]; x1 is constant (range 1, input 0); a minimised over [1, 3]; b maximised: (30 − b)/20
        assertArrayEquals(new double[][] {{0, 0}, {0.5, 0}, {1, 0}}, d.inputs());
        assertArrayEquals(new double[][] {{0, 0}, {1, 1}, {0.5, 0.5}}, d.targets());
        assertArrayEquals(new double[][] {{3, 5}}, d.decode(new double[][] {{0.25, 0.7}}));
        assertArrayEquals(new double[][] {{2, 25}}, d.toScores(new double[][] {{0.5, 0.25}}));
        // fronts of the targets: row 0 dominates both others, row 2 dominates row 1
        assertArrayEquals(new int[] {0, 2, 1}, d.ndsOrder());
    }

    /**
     * With the benchmark's statistics over the whole data (Off-MOO-Bench's get_xy_min_max), the same rows scale by
     * those: x0 over [0, 8], x1 over [5, 5] (constant: input 0), a over [0, 4], b maximised over [10, 40]:
     * (40 − b)/30. The visible rows sit inside [0, 1] and decoding spans the whole range.
     */
    @Test
    void benchmarkStatisticsScaleTheDataWhenTheProblemCarriesThem() {
        ContinuousSpace box = ContinuousSpace.box(new double[] {0, 0}, new double[] {10, 10});
        OfflineProblem p = threeRows(new BenchmarkStatistics(
                new double[] {0, 5}, new double[] {8, 5}, new double[] {0, 10}, new double[] {4, 40}));
        MultiObjectiveData d = MultiObjectiveData.of(p);
        assertArrayEquals(new double[][] {{0.25, 0}, {0.5, 0}, {0.75, 0}}, d.inputs());
        double[][] t = d.targets();
        double[][] want = {{0.25, 10.0 / 30}, {0.75, 1}, {0.5, 20.0 / 30}};
        for (int i = 0; i < 3; i++) assertArrayEquals(want[i], t[i], 1e-15);
        assertArrayEquals(new double[][] {{8, 5}}, d.decode(new double[][] {{1, 0.7}}));
        assertArrayEquals(new double[][] {{2, 25}}, d.toScores(new double[][] {{0.5, 0.5}}));
        // pruning keeps the whole data's scaling: the kept rows' inputs and targets are the same numbers
        MultiObjectiveData kept = d.keep(new int[] {2, 0});
        assertArrayEquals(new double[][] {d.inputs()[2], d.inputs()[0]}, kept.inputs());
        assertArrayEquals(new double[][] {d.targets()[2], d.targets()[0]}, kept.targets());
        // ParetoFlow's z-scored pipeline keeps the visible rows' statistics
        assertArrayEquals(
                MultiObjectiveData.zScored(new OfflineProblem("p", box, p.dataset(), p.objectives()))
                        .inputs(),
                MultiObjectiveData.zScored(p).inputs());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new OfflineProblem(
                        "q",
                        box,
                        p.dataset(),
                        p.objectives(),
                        List.of(),
                        new BenchmarkStatistics(
                                new double[] {0}, new double[] {1}, new double[] {0, 0}, new double[] {1, 1})));
        assertEquals(
                "problem 'q' has 2 design coordinates and 2 objectives but benchmark statistics for 1 and 2",
                e.getMessage());
    }

    /**
     * On sequences the inputs are logits, not the tokens the statistics describe: the inputs keep the visible rows'
     * scaling while the targets take the benchmark's (a over [0, 4]).
     */
    @Test
    void benchmarkStatisticsScaleOnlyTheTargetsOfSequences() {
        SequenceSpace seq = SequenceSpace.of(3, SequenceSpace.DNA);
        double[][] x = {{0, 1, 2}, {3, 2, 1}, {1, 1, 1}};
        double[][] y = {{1, 30}, {3, 10}, {2, 20}};
        Dataset data = Dataset.of(seq, x, y, List.of("a", "b"));
        List<Objective> objectives = List.of(Objective.minimize("a"), Objective.minimize("b"));
        OfflineProblem plain = new OfflineProblem("s", seq, data, objectives);
        OfflineProblem withStats = new OfflineProblem(
                "s",
                seq,
                data,
                objectives,
                List.of(),
                new BenchmarkStatistics(
                        new double[] {0, 0, 0}, new double[] {3, 3, 3}, new double[] {0, 0}, new double[] {4, 40}));
        MultiObjectiveData a = MultiObjectiveData.of(plain);
        MultiObjectiveData b = MultiObjectiveData.of(withStats);
        assertArrayEquals(a.inputs(), b.inputs());
        assertArrayEquals(new double[][] {{0.25, 0.75}, {0.75, 0.25}, {0.5, 0.5}}, b.targets());
    }

    @Test
    void sameSeedSameDesignsInTheBoxWithPredictions() {
        OfflineProblem p = twoObjectives();
        for (DnnProxies m : List.of(DnnProxies.multipleModels(), DnnProxies.multiHead(), DnnProxies.endToEnd())) {
            Proposal a = tiny(m).propose(p, 8, 5);
            Proposal b = tiny(m).propose(p, 8, 5);
            Proposal c = tiny(m).propose(p, 8, 6);
            assertEquals(8, a.size(), m.name());
            assertArrayEquals(a.designs(), b.designs(), m.name());
            assertNotEquals(List.of(a.designs()[0][0]), List.of(c.designs()[0][0]), m.name() + ": another seed");
            for (double[] d : a.designs()) assertTrue(p.space().contains(d), m.name());
            assertEquals(2, a.predicted().orElseThrow()[0].length);
        }
    }

    @Test
    void registeredWithPaperDefaults() {
        assertEquals(
                "mm hidden=[2048,2048] leaky=0.01 epochs=200 lr=1.0e-03 decay=0.98 batch=128 val=0.10 nsga2_gen=50 "
                        + "sbx=0.90 sbx_eta=15 pm_eta=20",
                Methods.create("mm").settings());
        assertEquals("mh", Methods.create("mh").settings().split(" ")[0]);
        assertEquals("e2e", Methods.create("e2e").settings().split(" ")[0]);
        assertTrue(Methods.create("e2e").quick().settings().startsWith("quick: e2e hidden=[64,64]"));
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> DnnProxies.multipleModels().with(DnnProxies.Settings::learningRateDecay, 1.5));
        assertEquals("the learning-rate decay must be in (0, 1], got 1.5", e.getMessage());
    }

    /** One objective and sequences work too (the registry's every-method tests run them on TFBind8 slices). */
    @Test
    void runsOnOneObjectiveOverSequences() {
        SequenceSpace seq = SequenceSpace.of(4, SequenceSpace.DNA);
        SplittableRandom rng = new SplittableRandom(2);
        double[][] x = new double[30][4];
        double[] y = new double[30];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 4; j++) x[i][j] = rng.nextInt(4);
            y[i] = x[i][0] + x[i][3];
        }
        OfflineProblem p = OfflineProblem.maximize("seq", Dataset.of(seq, x, y));
        Proposal a = tiny(DnnProxies.multiHead()).propose(p, 4, 1);
        assertEquals(4, a.size());
        for (double[] d : a.designs()) assertTrue(seq.contains(d));
        assertArrayEquals(
                a.designs(), tiny(DnnProxies.multiHead()).propose(p, 4, 1).designs());
    }

    /** x = (1, 2), a 1-unit trunk h = x (weight 1, bias 0), heads v = (1, 2), biases 0: all positive, no leak. */
    private static Mlp unitTrunk() {
        Mlp net = Mlp.builder(1)
                .hidden(1)
                .activation(Activation.leakyRelu(0.01))
                .outputs(2)
                .dataType(DataType.DOUBLE)
                .build();
        net.weight(0).assign(Tensors.matrix(new double[][] {{1}}, DataType.DOUBLE));
        net.bias(0).assign(0);
        net.weight(1).assign(Tensors.matrix(new double[][] {{1, 2}}, DataType.DOUBLE));
        net.bias(1).assign(0);
        return net;
    }

    private static Batch batch(double[][] y) {
        return new Batch(
                Tensors.matrix(new double[][] {{1}, {2}}, DataType.DOUBLE),
                Tensors.matrix(y, DataType.DOUBLE),
                null,
                1,
                0);
    }

    /**
     * GradNorm on the unit-trunk network, y = 0: predictions (1, 2) and (2, 4), task MSEs L = (2.5, 10). The
     * gradient norms of {@code e2e}'s layer (the output layer): ‖∂L₁/∂v₁‖ = Σ r·h = 1 + 4 = 5, ‖∂L₂/∂v₂‖ = 2 + 8 = 10,
     * mean 7.5, GradNorm loss 2.5 + 2.5 = 5; of {@code mh}'s (the trunk's last layer, here its only one):
     * ∂L₁/∂a = Σ r·v₁·x = 1 + 4 = 5, ∂L₂/∂a = 2·2·1 + 4·2·2 = 20, mean 12.5, loss 15. Either way gw₁ is below its
     * target and gw₂ above, so the weights step to (1 + 5e-4, 1 − 5e-4). The network's gradient is Σ wᵢ ∂Lᵢ/∂θ at
     * the weights before the step (1, 1): for the output layer v: (5, 10), biases (3, 6); the value reported is the
     * plain loss per row, ((1 + 4)/2 + (4 + 16)/2)/2 = 6.25.
     */
    @Test
    void gradNormStepsTheWeightsFromTheChosenLayersNorms() {
        for (boolean mh : new boolean[] {false, true}) {
            Mlp net = unitTrunk();
            Regressor model = mh ? new LeakyOutput(net, 0.01) : net;
            MultiTaskLoss loss = MultiTaskLoss.gradNorm(
                    net, mh ? net.layers() - 2 : net.layers() - 1, new GradNorm(2, 0.12, 5e-4, 0.99, 1), false);
            model.discardGrad();
            double l = loss.lossAndGradients(model, batch(new double[][] {{0, 0}, {0, 0}}));
            assertEquals(6.25, l, 1e-12);
            assertEquals(mh ? 15 : 5, loss.weights().lastLoss(), 1e-12, mh ? "mh" : "e2e");
            assertArrayEquals(new double[] {1 + 5e-4, 1 - 5e-4}, loss.weights().weights(), 1e-12);
            assertArrayEquals(new double[] {5, 10}, Tensors.rows(net.weightGrad(1))[0], 1e-12);
            assertArrayEquals(new double[] {3, 6}, Tensors.rows(net.biasGrad(1))[0], 1e-12);
            // the trunk: Σ over tasks of r·v·x = 5 + 20
            assertEquals(25, net.weightGrad(0).getDouble(0, 0), 1e-12);
        }
    }

    /**
     * The same step with the GradNorm loss back-propagated into the network (Off-MOO-Bench's trainers). With h = a·x + c
     * (a = 1, c = 0, x = (1, 2)) and 2/B = 1: for {@code e2e}, nⱼ = vⱼΣh² + dⱼΣh, so ∂n₁ = (v₁: 5, d₁: 3, a: 2v₁Σhx = 10,
     * c: 2v₁Σh = 6) and ∂n₂ = (v₂: 5, d₂: 3, a: 20, c: 12); for {@code mh} (the trunk layer, with Σx² = 5, Σx = 3),
     * nⱼ = vⱼ²(aΣx² + cΣx) + vⱼdⱼΣx, so ∂n₁ = (v₁: 10, d₁: 3, a: 5, c: 3) and ∂n₂ = (v₂: 20, d₂: 6, a: 20, c: 12). Task 1
     * is below its target and task 2 above, so the network's gradient gets −∂n₁ + ∂n₂ on top of the first-order one
     * (v (5, 10), d (3, 6), a 25, c 15).
     */
    @Test
    void gradNormSecondOrderTermByHand() {
        for (boolean mh : new boolean[] {false, true}) {
            Mlp net = unitTrunk();
            Regressor model = mh ? new LeakyOutput(net, 0.01) : net;
            MultiTaskLoss loss = MultiTaskLoss.gradNorm(
                    net, mh ? net.layers() - 2 : net.layers() - 1, new GradNorm(2, 0.12, 5e-4, 0.99, 1), true);
            model.discardGrad();
            loss.lossAndGradients(model, batch(new double[][] {{0, 0}, {0, 0}}));
            String what = mh ? "mh" : "e2e";
            assertArrayEquals(new double[] {1 + 5e-4, 1 - 5e-4}, loss.weights().weights(), 1e-12, what);
            assertArrayEquals(
                    mh ? new double[] {-5, 30} : new double[] {0, 15}, Tensors.rows(net.weightGrad(1))[0], 1e-12, what);
            assertArrayEquals(
                    mh ? new double[] {0, 12} : new double[] {0, 9}, Tensors.rows(net.biasGrad(1))[0], 1e-12, what);
            assertEquals(mh ? 40 : 35, net.weightGrad(0).getDouble(0, 0), 1e-12, what);
            assertEquals(mh ? 24 : 21, net.biasGrad(0).getDouble(0, 0), 1e-12, what);
        }
    }

    /**
     * The whole GradNorm gradient against central differences of the objective the reference back-propagates at its
     * first step, J(θ) = Σⱼ Lⱼ(θ) + s·Σⱼ |nⱼ(θ) − n̄| (weights 1, targets n̄ = mean n at θ₀ held constant, s = 5), on a
     * random 3 → 6 → 5 → 3 network with LeakyReLU 0.2, for {@code e2e} (norms of the output layer) and {@code mh}
     * (the trunk's last layer, outputs through a LeakyReLU 0.3 so that both slopes occur).
     */
    @Test
    void gradNormGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(11);
        double[][] x = new double[7][3];
        double[][] y = new double[7][3];
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rng.nextDouble(-1, 1);
                y[i][j] = rng.nextDouble(-1, 1);
            }
        }
        Batch b = new Batch(Tensors.matrix(x, DataType.DOUBLE), Tensors.matrix(y, DataType.DOUBLE), null, 1, 0);
        for (boolean mh : new boolean[] {false, true}) {
            Mlp net = Mlp.builder(3)
                    .hidden(6, 5)
                    .activation(Activation.leakyRelu(0.2))
                    .outputs(3)
                    .dataType(DataType.DOUBLE)
                    .seed(5)
                    .build();
            Regressor model = mh ? new LeakyOutput(net, 0.3) : net;
            int layer = mh ? net.layers() - 2 : net.layers() - 1;
            MultiTaskLoss loss = MultiTaskLoss.gradNorm(net, layer, new GradNorm(3, 0.12, 5e-4, 0.99, 5), true);
            model.discardGrad();
            loss.lossAndGradients(model, b);
            double[] analytic = net.parameters().get(0).grad().toDoubleVector();
            double[] n0 = norms(model, net, layer, x, y);
            double mean = (n0[0] + n0[1] + n0[2]) / 3;
            INDArray theta = net.flatParameters();
            double h = 1e-6;
            for (int k = 0; k < analytic.length; k++) {
                double old = theta.getDouble(k);
                theta.putScalar(k, old + h);
                double up = objective(model, net, layer, x, y, mean);
                theta.putScalar(k, old - h);
                double down = objective(model, net, layer, x, y, mean);
                theta.putScalar(k, old);
                double fd = (up - down) / (2 * h);
                assertEquals(fd, analytic[k], 1e-6 * Math.max(1, Math.abs(fd)), (mh ? "mh" : "e2e") + " entry " + k);
            }
        }
    }

    /**
     * Off-MOO-Bench's GradNorm step run in PyTorch ({@code crosscheck/gradnorm_torch.py}: autograd with
     * {@code create_graph=True}, as {@code end2end/trainer.py} 214–276 and {@code multi_head/trainer.py} 218–280) on
     * seeded float64 networks, two batches at the same network weights: our network gradient (first and second order)
     * and task weights after each batch agree with theirs. The second batch's loss ratios differ from 1, so the
     * targets' rᵢ^α and the first step's weights enter.
     */
    @Test
    void gradNormMatchesTheReferenceTrainerInTorch() throws IOException {
        JsonNode f;
        try (InputStream in = getClass().getResourceAsStream("gradnorm-torch.json")) {
            f = new ObjectMapper().readTree(in);
        }
        for (String kind : new String[] {"e2e", "mh"}) {
            boolean mh = kind.equals("mh");
            JsonNode c = f.get(kind);
            Mlp net = Mlp.builder(3)
                    .hidden(mh ? List.of(6, 6) : List.of(6, 5))
                    .activation(Activation.leakyRelu(0.01))
                    .outputs(3)
                    .dataType(DataType.DOUBLE)
                    .build();
            for (int l = 0; l < 3; l++) {
                net.weight(l).assign(Tensors.matrix(torchWeight(c.get("layers"), l, mh), DataType.DOUBLE));
                net.bias(l).assign(Tensors.matrix(new double[][] {torchBias(c.get("layers"), l, mh)}, DataType.DOUBLE));
            }
            Regressor model = mh ? new LeakyOutput(net, 0.01) : net;
            MultiTaskLoss loss = MultiTaskLoss.gradNorm(
                    net, mh ? net.layers() - 2 : net.layers() - 1, new GradNorm(3, 0.12, 5e-4, 0.99, 5), true);
            for (int step = 0; step < 2; step++) {
                JsonNode b = c.get("batches").get(step);
                model.discardGrad();
                loss.lossAndGradients(
                        model,
                        new Batch(
                                Tensors.matrix(matrix(b.get("x")), DataType.DOUBLE),
                                Tensors.matrix(matrix(b.get("y")), DataType.DOUBLE),
                                null,
                                1,
                                step));
                JsonNode want = c.get("steps").get(step);
                String what = kind + " batch " + step;
                assertArrayEquals(row(want.get("weights")), loss.weights().weights(), 1e-12, what);
                assertEquals(
                        want.get("gradnorm_loss").asDouble(), loss.weights().lastLoss(), 1e-10, what);
                for (int l = 0; l < 3; l++) {
                    double[][] wg = torchWeight(want.get("grads"), l, mh);
                    double[][] ours = Tensors.rows(net.weightGrad(l));
                    for (int i = 0; i < wg.length; i++) {
                        assertArrayEquals(wg[i], ours[i], 1e-10, what + " layer " + l + " weight row " + i);
                    }
                    assertArrayEquals(
                            torchBias(want.get("grads"), l, mh),
                            Tensors.rows(net.biasGrad(l))[0],
                            1e-10,
                            what + " layer " + l + " bias");
                }
            }
        }
    }

    /** Layer l's weight from the torch fixture as ours, fan_in × fan_out (for {@code mh}, layer 2 is the heads). */
    private static double[][] torchWeight(JsonNode layers, int l, boolean mh) {
        if (mh && l == 2) {
            double[][] w = new double[6][3];
            for (int j = 0; j < 3; j++) {
                double[] head = row(layers.get(2 + j).get("weight").get(0));
                for (int i = 0; i < 6; i++) w[i][j] = head[i];
            }
            return w;
        }
        double[][] t = matrix(layers.get(l).get("weight"));
        double[][] w = new double[t[0].length][t.length];
        for (int i = 0; i < t.length; i++) for (int j = 0; j < t[0].length; j++) w[j][i] = t[i][j];
        return w;
    }

    private static double[] torchBias(JsonNode layers, int l, boolean mh) {
        if (mh && l == 2) {
            double[] b = new double[3];
            for (int j = 0; j < 3; j++)
                b[j] = layers.get(2 + j).get("bias").get(0).asDouble();
            return b;
        }
        return row(layers.get(l).get("bias"));
    }

    private static double[][] matrix(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) m[i] = row(n.get(i));
        return m;
    }

    private static double[] row(JsonNode n) {
        double[] r = new double[n.size()];
        for (int i = 0; i < r.length; i++) r[i] = n.get(i).asDouble();
        return r;
    }

    /**
     * The float32 networks training uses against float64 copies of the same weights, over batches of 16, 16, 9 and 16
     * rows (a batch-size change in between) with the task weights carried along: network gradients agree to float32
     * rounding, for {@code e2e} and {@code mh}.
     */
    @Test
    void gradNormInFloat32AgreesWithFloat64AcrossBatchSizes() {
        SplittableRandom rng = new SplittableRandom(21);
        int[] sizes = {16, 16, 9, 16};
        Batch[][] batches = new Batch[sizes.length][2];
        for (int i = 0; i < sizes.length; i++) {
            double[][] x = new double[sizes[i]][4];
            double[][] y = new double[sizes[i]][2];
            for (int r = 0; r < sizes[i]; r++) {
                for (int j = 0; j < 4; j++) x[r][j] = rng.nextDouble(-1, 1);
                for (int j = 0; j < 2; j++) y[r][j] = rng.nextDouble(0, 1);
            }
            for (int t = 0; t < 2; t++) {
                DataType type = t == 0 ? DataType.FLOAT : DataType.DOUBLE;
                batches[i][t] = new Batch(Tensors.matrix(x, type), Tensors.matrix(y, type), null, 1, i);
            }
        }
        for (boolean mh : new boolean[] {false, true}) {
            Mlp[] nets = new Mlp[2];
            Regressor[] models = new Regressor[2];
            MultiTaskLoss[] losses = new MultiTaskLoss[2];
            for (int t = 0; t < 2; t++) {
                nets[t] = Mlp.builder(4)
                        .hidden(8, 8)
                        .activation(Activation.leakyRelu(0.01))
                        .outputs(2)
                        .dataType(t == 0 ? DataType.FLOAT : DataType.DOUBLE)
                        .seed(3)
                        .build();
                models[t] = mh ? new LeakyOutput(nets[t], 0.01) : nets[t];
            }
            nets[1].flatParameters().assign(nets[0].flatParameters().castTo(DataType.DOUBLE));
            for (int t = 0; t < 2; t++) {
                int layer = mh ? nets[t].layers() - 2 : nets[t].layers() - 1;
                losses[t] = MultiTaskLoss.gradNorm(nets[t], layer, new GradNorm(2, 0.12, 5e-4, 0.99, 5), true);
            }
            for (int i = 0; i < sizes.length; i++) {
                double[][] g = new double[2][];
                for (int t = 0; t < 2; t++) {
                    models[t].discardGrad();
                    losses[t].lossAndGradients(models[t], batches[i][t]);
                    g[t] = nets[t].parameters().get(0).grad().toDoubleVector();
                }
                double scale = 0;
                for (double v : g[1]) scale = Math.max(scale, Math.abs(v));
                for (int k = 0; k < g[0].length; k++) {
                    assertEquals(g[1][k], g[0][k], 1e-4 * scale, (mh ? "mh" : "e2e") + " batch " + i + " entry " + k);
                }
                assertArrayEquals(
                        losses[1].weights().weights(), losses[0].weights().weights(), 1e-12);
            }
        }
    }

    /** J(θ) of {@link #gradNormGradientMatchesFiniteDifferences}. */
    private static double objective(Regressor model, Mlp net, int layer, double[][] x, double[][] y, double mean) {
        double[] n = norms(model, net, layer, x, y);
        double[][] p = Tensors.rows(model.forward(Tensors.matrix(x, DataType.DOUBLE)));
        double j = 0;
        for (int t = 0; t < 3; t++) {
            for (int r = 0; r < x.length; r++) j += (p[r][t] - y[r][t]) * (p[r][t] - y[r][t]) / x.length;
            j += 5 * Math.abs(n[t] - mean);
        }
        return j;
    }

    /** ‖∂Lⱼ/∂W‖ of the layer's weights by plain backprop, per task. */
    private static double[] norms(Regressor model, Mlp net, int layer, double[][] x, double[][] y) {
        double[][] p = Tensors.rows(model.forward(Tensors.matrix(x, DataType.DOUBLE)));
        double[] n = new double[3];
        for (int t = 0; t < 3; t++) {
            double[][] d = new double[x.length][3];
            for (int r = 0; r < x.length; r++) d[r][t] = 2.0 / x.length * (p[r][t] - y[r][t]);
            model.zeroGrad();
            model.backward(Tensors.matrix(d, DataType.DOUBLE), true, false);
            n[t] = net.weightGrad(layer).norm2Number().doubleValue();
        }
        return n;
    }

    /**
     * PcGrad on the unit-trunk network with y₂ = (3, 5), so task 2's residuals are (−1, −1) and the tasks pull the
     * trunk apart. Flat gradients [a, c | v₁, d₁ | v₂, d₂]: g₁ = (5, 3, 5, 3, 0, 0), g₂ = (−6, −4, 0, 0, −3, −2),
     * g₁·g₂ = −42, ‖g₁‖² = 68, ‖g₂‖² = 65: g₁' = g₁ + 42/65·g₂, g₂' = g₂ + 42/68·g₁. {@code e2e} merges every entry by
     * the mean; {@code mh} the trunk's (a, c) by the mean and the heads' by the sum. Task losses are scaled by 5 (the
     * pruning factor): the gradients are 5 times these.
     */
    @Test
    void pcGradProjectsTheTasksGradientsThroughTheNetwork() {
        double[] g1 = {5, 3, 5, 3, 0, 0};
        double[] g2 = {-6, -4, 0, 0, -3, -2};
        double[] p1 = new double[6];
        double[] p2 = new double[6];
        for (int k = 0; k < 6; k++) {
            p1[k] = 5 * (g1[k] + 42.0 / 65 * g2[k]);
            p2[k] = 5 * (g2[k] + 42.0 / 68 * g1[k]);
        }
        for (boolean mh : new boolean[] {false, true}) {
            Mlp net = unitTrunk();
            Regressor model = mh ? new LeakyOutput(net, 0.01) : net;
            MultiTaskLoss loss = MultiTaskLoss.pcGrad(net, mh, 5, 0);
            model.discardGrad();
            loss.lossAndGradients(model, batch(new double[][] {{0, 3}, {0, 5}}));
            double[] got = net.parameters().get(0).grad().toDoubleVector();
            for (int k = 0; k < 6; k++) {
                double sum = p1[k] + p2[k];
                double want = !mh || k < 2 ? sum / 2 : sum;
                assertEquals(want, got[k], 1e-9, (mh ? "mh" : "e2e") + " entry " + k);
            }
        }
    }

    /**
     * Pruning keeps the best ⌊0.2·n⌋ rows by non-dominated sorting and crowding: here 2 of 10 from the first front
     * {3, 4, 5}, the two extremes 3 and 5 (infinite crowding distance). Off-MOO-Bench's index bug would return the
     * positions within the front, rows 0 and 2.
     */
    @Test
    void pruningKeepsTheNdsBestRowsByTheirIndices() {
        double[][] t = {
            {0.9, 0.9},
            {0.8, 0.95},
            {0.95, 0.8},
            {0, 1},
            {0.5, 0.5},
            {1, 0},
            {0.9, 0.95},
            {0.95, 0.95},
            {1, 1},
            {0.99, 0.99}
        };
        assertArrayEquals(new int[] {3, 5}, DnnProxies.pruned(t, 0.2));
        assertEquals(3, DnnProxies.pruned(t, 0.3).length);
    }

    @Test
    void multiTaskVariantsAreRegisteredWithPaperDefaults() {
        String nsga = " hidden=[2048,2048] leaky=0.01 epochs=200 lr=1.0e-03 decay=0.98 batch=128 val=0.10 nsga2_gen=50 "
                + "sbx=0.90 sbx_eta=15 pm_eta=20";
        String gn = " gradnorm keep=0.20 gn_alpha=0.12 weight_lr=5.0e-04 weight_decay=0.99 gn_second_order";
        assertEquals("e2e" + nsga + gn, Methods.create("e2e-gradnorm").settings());
        assertEquals("mh" + nsga + gn, Methods.create("mh-gradnorm").settings());
        // PcGrad's trainers never decay the learning rate (end2end/trainer.py 312–362): decay=1.00
        String constant = nsga.replace(" decay=0.98 ", " decay=1.00 ");
        assertEquals(
                "e2e" + constant + " pcgrad keep=0.20",
                Methods.create("e2e-pcgrad").settings());
        assertEquals(
                "mh" + constant + " pcgrad keep=0.20",
                Methods.create("mh-pcgrad").settings());
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> DnnProxies.multipleModels().with(DnnProxies.Settings::pcGrad, true));
        assertEquals("GradNorm and PcGrad balance objectives trained together: use mh or e2e, not mm", e.getMessage());
        var f = assertThrows(
                IllegalArgumentException.class,
                () -> DnnProxies.endToEndGradNorm().with(DnnProxies.Settings::pcGrad, true));
        assertEquals("choose GradNorm or PcGrad, not both", f.getMessage());
    }

    /**
     * Each new registry name end to end on ZDT1 (tiny networks, 1 epoch, 5 generations, to keep the test cheap):
     * 256 designs in the box, with two predicted objectives, the same for the same seed.
     */
    @Test
    void multiTaskVariantsProposeOnZdt1() {
        Task t = Tasks.load("ZDT1");
        for (String name : List.of("e2e-gradnorm", "e2e-pcgrad", "mh-gradnorm", "mh-pcgrad")) {
            Proposal a = tiny((DnnProxies) Methods.create(name))
                    .with(DnnProxies.Settings::epochs, 1)
                    .propose(t.problem(), 256, 3);
            Proposal b = tiny((DnnProxies) Methods.create(name))
                    .with(DnnProxies.Settings::epochs, 1)
                    .propose(t.problem(), 256, 3);
            assertEquals(256, a.size(), name);
            assertArrayEquals(a.designs(), b.designs(), name + ": same seed, same designs");
            for (double[] d : a.designs()) assertTrue(t.space().contains(d), name);
            assertEquals(2, a.predicted().orElseThrow()[0].length, name);
        }
    }
}
