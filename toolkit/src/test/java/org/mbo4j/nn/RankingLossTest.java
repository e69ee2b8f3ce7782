package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mbo4j.nn.RankingLoss.Kind;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The listwise losses against hand-computed values and finite differences, and a ranking model trained by them. */
class RankingLossTest {
    /**
     * ListNet on one list of 3: s = (0, 0, ln 2) gives p = softmax(s) = (1/4, 1/4, 1/2); t = (0, ln 3, 0) gives
     * q = (1/5, 3/5, 1/5). ℓ = −[(1/5 + 3/5)·ln(1/4) + (1/5)·ln(1/2)] = (8/5 + 1/5)·ln 2 = (9/5)·ln 2 = 1.24766…
     * (the ε 1e−10 inside the log moves it by 4e−10), and ∂ℓ/∂s = p − q = (1/20, −7/20, 3/10).
     */
    @Test
    void listNetOnAListOfThree() {
        double[] s = {0, 0, Math.log(2)};
        double[] t = {0, Math.log(3), 0};
        double[] ds = new double[3];
        double l = RankingLoss.list(Kind.LISTNET, s, t, 0, 3, ds, 1.0);
        assertEquals(9.0 / 5 * Math.log(2), l, 1e-9);
        assertArrayEquals(new double[] {0.05, -0.35, 0.30}, ds, 1e-9);
    }

    /**
     * RankCosine on one list of 3: s = (1, 2, 3), t = (2, 4, 9). Centred: a = (−1, 0, 1), b = (−3, −1, 4); a·b = 7,
     * ‖a‖ = √2, ‖b‖ = √26, so cos = 7/√52 and ℓ = 1 − 7/√52 = 0.0292746… (ε 1e−8 moves it by 1e−9).
     * ∂ℓ/∂aᵢ = −(bᵢ/√52 − cos·aᵢ/‖a‖²) = (−0.069338, 0.138675, −0.069338), already centred.
     */
    @Test
    void rankCosineOnAListOfThree() {
        double[] s = {1, 2, 3};
        double[] t = {2, 4, 9};
        double[] ds = new double[3];
        double l = RankingLoss.list(Kind.RANKCOSINE, s, t, 0, 3, ds, 1.0);
        assertEquals(1 - 7 / Math.sqrt(52), l, 1e-8);
        double cos = 7 / Math.sqrt(52);
        double[] expected = new double[3];
        double[] a = {-1, 0, 1};
        double[] b = {-3, -1, 4};
        for (int i = 0; i < 3; i++) expected[i] = -(b[i] / Math.sqrt(52) - cos * a[i] / 2);
        assertArrayEquals(expected, ds, 1e-8);
        assertEquals(-0.0693375, ds[0], 1e-7);
        assertEquals(0.1386750, ds[1], 1e-7);
    }

    /** The losses depend on the order only through the scores: a shift of s leaves both unchanged. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void shiftingThePredictionsChangesNothing(Kind kind) {
        double[] s = {0.3, -1.2, 2.0, 0.1};
        double[] t = {1.0, -0.5, 0.4, 0.0};
        double[] shifted = {5.3, 3.8, 7.0, 5.1};
        double[] d1 = new double[4];
        double[] d2 = new double[4];
        assertEquals(RankingLoss.list(kind, s, t, 0, 4, d1, 1), RankingLoss.list(kind, shifted, t, 0, 4, d2, 1), 1e-12);
        assertArrayEquals(d1, d2, 1e-12);
    }

    /** Two lists of four through an MLP (float64): weight gradients against central differences, with decay. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void weightGradientsMatchFiniteDifferences(Kind kind) {
        Mlp mlp = Mlp.builder(3)
                .hidden(5)
                .activation(Activation.tanh())
                .dataType(DataType.DOUBLE)
                .seed(4)
                .build();
        SplittableRandom rng = new SplittableRandom(9);
        double[][] x = new double[8][3];
        double[][] y = new double[8][1];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 3; j++) x[i][j] = rng.nextDouble(-1, 1);
            y[i][0] = rng.nextGaussian();
        }
        Batch batch = new Batch(Nd4j.create(x), Nd4j.create(y), null, 1, 0, 4);
        RankingLoss loss = new RankingLoss(kind, 0.01, 4); // one list per pass: the accumulation is exercised
        mlp.zeroGrad();
        loss.lossAndGradients(mlp, batch);
        INDArray grad = Nd4j.concat(
                0,
                mlp.parameters().stream()
                        .map(p -> p.grad().dup().reshape(p.grad().length()))
                        .toArray(INDArray[]::new));
        INDArray flat = mlp.flatParameters();
        double h = 1e-6;
        for (int k = 0; k < flat.length(); k += 3) {
            double v = flat.getDouble(k);
            flat.putScalar(k, v + h);
            double up = loss.loss(mlp, batch) + 0.005 * sumSquares(mlp);
            flat.putScalar(k, v - h);
            double down = loss.loss(mlp, batch) + 0.005 * sumSquares(mlp);
            flat.putScalar(k, v);
            assertEquals((up - down) / (2 * h), grad.getDouble(k), 1e-7, kind + " parameter " + k);
        }
    }

    private static double sumSquares(Mlp m) {
        double s = 0;
        for (Param p : m.parameters()) s += p.value().mul(p.value()).sumNumber().doubleValue();
        return s;
    }

    /** A batch's loss is the mean over its lists, whatever the rows per pass. */
    @Test
    void passesAndListsAverage() {
        Mlp mlp = Mlp.builder(2).hidden(4).dataType(DataType.DOUBLE).seed(2).build();
        double[][] x = {{0, 1}, {1, 0}, {0.5, 0.5}, {-1, 0}, {0, -1}, {0.3, 0.2}};
        double[][] y = {{1}, {0}, {2}, {-1}, {0.5}, {0}};
        Batch both = new Batch(Nd4j.create(x), Nd4j.create(y), null, 1, 0, 3);
        double l1 = new RankingLoss(Kind.LISTNET, 0, 3).loss(mlp, both);
        double l2 = new RankingLoss(Kind.LISTNET, 0, 100).loss(mlp, both);
        double a = new RankingLoss(Kind.LISTNET)
                .loss(
                        mlp,
                        new Batch(
                                Nd4j.create(new double[][] {x[0], x[1], x[2]}),
                                Nd4j.create(new double[][] {y[0], y[1], y[2]}),
                                null,
                                1,
                                0,
                                3));
        double b = new RankingLoss(Kind.LISTNET)
                .loss(
                        mlp,
                        new Batch(
                                Nd4j.create(new double[][] {x[3], x[4], x[5]}),
                                Nd4j.create(new double[][] {y[3], y[4], y[5]}),
                                null,
                                1,
                                0,
                                3));
        assertEquals((a + b) / 2, l1, 1e-12);
        assertEquals(l1, l2, 1e-12);
    }

    /**
     * A scorer trained by each loss on lists of f(x) = x₀ + 2·x₁³ − x₂ (x uniform in [−1, 1]³, 400 rows, 200 lists
     * of 20) orders 200 unseen points with Spearman ρ above 0.9.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTrainedScorerOrdersAMonotoneFunction(Kind kind) {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = new double[600][3];
        double[][] y = new double[600][1];
        for (int i = 0; i < 600; i++) {
            for (int j = 0; j < 3; j++) x[i][j] = rng.nextDouble(-1, 1);
            y[i][0] = x[i][0] + 2 * Math.pow(x[i][1], 3) - x[i][2];
        }
        INDArray xs = Nd4j.create(x).castTo(DataType.FLOAT);
        INDArray ys = Nd4j.create(y).castTo(DataType.FLOAT);
        int[][] lists = new int[200][20];
        for (int[] list : lists) for (int j = 0; j < 20; j++) list[j] = rng.nextInt(400);
        Mlp mlp = Mlp.builder(3)
                .hidden(32, 32)
                .activation(Activation.relu())
                .seed(1)
                .build();
        TrainingHistory h = Trainer.builder()
                .epochs(30)
                .batchSize(16)
                .learningRate(3e-3)
                .validationSize(20)
                .seed(5)
                .build()
                .fitLists(mlp, xs.getRows(range(0, 400)), ys.getRows(range(0, 400)), lists, new RankingLoss(kind));
        assertEquals(30, h.trainLoss().size());
        assertTrue(h.trainLoss().get(29) < h.trainLoss().get(0), kind + " loss fell: " + h.trainLoss());
        double[] pred = column(mlp.predict(xs.getRows(range(400, 600))));
        double[] truth = column(ys.getRows(range(400, 600)));
        double rho = spearman(pred, truth);
        assertTrue(rho > 0.9, kind + " Spearman " + rho);
    }

    @Test
    void badArgumentsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RankingLoss(Kind.LISTNET, -1, 10));
        assertEquals("the weight decay must be a finite number ≥ 0, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RankingLoss(null, 0, 10));
        assertEquals("the ranking loss must be listnet or rankcosine", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> new Batch(Nd4j.zeros(5, 2), Nd4j.zeros(5, 1), null, 1, 0, 2));
        assertEquals("a batch of 5 rows cannot hold lists of 2 rows", e.getMessage());
        Mlp mlp = Mlp.builder(2).hidden(2).seed(1).build();
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Trainer.builder()
                        .build()
                        .fitLists(
                                mlp,
                                Nd4j.zeros(4, 2),
                                Nd4j.zeros(4, 1),
                                new int[][] {{0, 1}, {2, 4}},
                                new RankingLoss(Kind.LISTNET)));
        assertEquals("list index 4 is outside the 4 rows of x", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Trainer.builder()
                        .build()
                        .fitLists(
                                mlp,
                                Nd4j.zeros(4, 2),
                                Nd4j.zeros(4, 1),
                                new int[][] {{0, 1}, {2}},
                                new RankingLoss(Kind.LISTNET)));
        assertEquals("every list must have the same length ≥ 1, got 2 and 1", e.getMessage());
    }

    /** Same seed, same lists, same weights: bit-identical; another seed differs. */
    @Test
    void fitListsIsDeterministicPerSeed() {
        SplittableRandom data = new SplittableRandom(1);
        double[][] xd = new double[50][3];
        double[][] yd = new double[50][1];
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 3; j++) xd[i][j] = data.nextDouble();
            yd[i][0] = xd[i][0] - xd[i][1] * xd[i][2];
        }
        INDArray x = Nd4j.create(xd).castTo(DataType.FLOAT);
        INDArray y = Nd4j.create(yd).castTo(DataType.FLOAT);
        int[][] lists = new int[30][10];
        SplittableRandom rng = new SplittableRandom(2);
        for (int[] l : lists) for (int j = 0; j < 10; j++) l[j] = rng.nextInt(50);
        List<INDArray> weights = new ArrayList<>();
        for (long seed : new long[] {7, 7, 8}) {
            Mlp mlp = Mlp.builder(3).hidden(8).seed(1).build();
            Trainer.builder()
                    .epochs(3)
                    .batchSize(4)
                    .validationSize(6)
                    .seed(seed)
                    .build()
                    .fitLists(mlp, x, y, lists, new RankingLoss(Kind.RANKCOSINE));
            weights.add(mlp.flatParameters().dup());
        }
        assertEquals(weights.get(0), weights.get(1));
        assertTrue(!weights.get(0).equals(weights.get(2)));
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    private static double[] column(INDArray a) {
        double[] out = new double[(int) a.rows()];
        for (int i = 0; i < out.length; i++) out[i] = a.getDouble(i, 0);
        return out;
    }

    /** Spearman's ρ (no ties expected): Pearson correlation of the ranks. */
    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        int n = a.length;
        double m = (n - 1) / 2.0;
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < n; i++) {
            num += (ra[i] - m) * (rb[i] - m);
            da += (ra[i] - m) * (ra[i] - m);
            db += (rb[i] - m) * (rb[i] - m);
        }
        return num / Math.sqrt(da * db);
    }

    private static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        Arrays.sort(idx, (i, j) -> Double.compare(v[i], v[j]));
        double[] r = new double[v.length];
        for (int k = 0; k < v.length; k++) r[idx[k]] = k;
        return r;
    }
}
