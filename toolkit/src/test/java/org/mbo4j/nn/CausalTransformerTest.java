package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The transformer layers: values on tiny inputs, gradients against finite differences, the causal mask. */
class CausalTransformerTest {
    private static final DataType D = DataType.DOUBLE;

    static INDArray random(long rows, long cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray a = Nd4j.create(D, new long[] {rows, cols}, 'f');
        Host h = Host.of(a);
        for (int i = 0; i < h.length(); i++) h.set(i, 2 * r.nextDouble() - 1);
        return a;
    }

    static double dot(INDArray a, INDArray c) {
        return a.mul(c).sumNumber().doubleValue();
    }

    static void randomize(Module m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Param p : m.parameters()) {
            Host h = Host.of(p.value());
            for (int i = 0; i < h.length(); i++) h.set(i, 0.5 * (2 * r.nextDouble() - 1));
        }
    }

    /** Every parameter's and the input's gradient of L = Σ c ⊙ layer(x) against central differences. */
    static void checkAll(Module m, INDArray x, INDArray dx, DoubleSupplier loss, double tol) {
        for (Param p : m.parameters()) GradCheck.check(p.value(), p.grad(), loss, tol);
        if (x != null) GradCheck.check(x, dx, loss, tol);
    }

    @Test
    void linearGradients() {
        Linear lin = new Linear("l", 3, 4, D).initNormal(new SplittableRandom(1), 0.5);
        randomize(lin, 2);
        INDArray x = random(3, 5, 3), c = random(4, 5, 4);
        lin.zeroGrad();
        lin.forward(x);
        INDArray dx = lin.backward(c, true).dup();
        checkAll(lin, x, dx, () -> dot(lin.forward(x), c), 1e-7);
    }

    @Test
    void layerNormMatchesHandComputedValues() {
        LayerNorm ln = new LayerNorm("ln", 3, D);
        INDArray x = Nd4j.create(new double[] {1, 2, 3, 0, 0, 6}, new long[] {3, 2}, 'f'); // tokens (1,2,3), (0,0,6)
        INDArray y = ln.forward(x);
        // token 1: mean 2, variance 2/3; token 2: mean 2, variance (4 + 4 + 16)/3 = 8
        double r1 = 1 / Math.sqrt(2.0 / 3 + 1e-5), r2 = 1 / Math.sqrt(8 + 1e-5);
        assertArrayEquals(
                new double[] {-r1, 0, r1, -2 * r2, -2 * r2, 4 * r2}, y.data().asDouble(), 1e-12);
        ln.gamma().value().assign(Nd4j.create(new double[] {2, 1, 1}, new long[] {3, 1}));
        ln.beta().value().assign(Nd4j.create(new double[] {0, 0, 10}, new long[] {3, 1}));
        assertEquals(-2 * r1, ln.forward(x).getDouble(0, 0), 1e-12);
        assertEquals(10 + r1, ln.forward(x).getDouble(2, 0), 1e-12);
    }

    @Test
    void layerNormGradients() {
        LayerNorm ln = new LayerNorm("ln", 4, D);
        randomize(ln, 5);
        INDArray x = random(4, 3, 6), c = random(4, 3, 7);
        ln.zeroGrad();
        ln.forward(x);
        INDArray dx = ln.backward(c).dup();
        checkAll(ln, x, dx, () -> dot(ln.forward(x), c), 1e-6);
    }

    @Test
    void geluMatchesTheNormalCdf() {
        // x·Φ(x): Φ(1) = 0.8413447461, Φ(−1) = 0.1586552539, Φ(2) = 0.9772498681
        assertEquals(0.8413447461, Gelu.gelu(1), 2e-7);
        assertEquals(-0.1586552539, Gelu.gelu(-1), 2e-7);
        assertEquals(2 * 0.9772498681, Gelu.gelu(2), 4e-7);
        assertEquals(0, Gelu.gelu(0), 1e-9);
        Gelu g = new Gelu();
        INDArray x = random(3, 4, 8).muli(3), c = random(3, 4, 9);
        g.forward(x);
        INDArray dx = g.backward(c).dup();
        GradCheck.check(x, dx, () -> dot(g.forward(x), c), 1e-7);
    }

    /** With identity projections q = k = v = x and proj = identity, the output is the hand-computed softmax mix. */
    @Test
    void attentionMatchesHandComputedValues() {
        CausalSelfAttention a = new CausalSelfAttention("a", 2, 1, 0, D);
        INDArray w = Nd4j.create(D, new long[] {6, 2}, 'f');
        for (int r = 0; r < 6; r++) w.putScalar(r, r % 2, 1.0);
        a.qkv().weight().value().assign(w);
        a.proj().weight().value().assign(Nd4j.eye(2).castTo(D));
        // one sequence of 3 tokens
        INDArray x = Nd4j.create(new double[] {1, 0, 0, 1, 1, 1}, new long[] {2, 3}, 'f');
        INDArray y = a.forward(x, 3, null);
        // token 0 sees itself only
        assertEquals(1, y.getDouble(0, 0), 1e-12);
        assertEquals(0, y.getDouble(1, 0), 1e-12);
        // token 1: scores (x1·x0, x1·x1)/√2 = (0, 1/√2)
        double e = Math.exp(1 / Math.sqrt(2)), p0 = 1 / (1 + e), p1 = e / (1 + e);
        assertEquals(p0, y.getDouble(0, 1), 1e-12);
        assertEquals(p1, y.getDouble(1, 1), 1e-12);
        // token 2: scores (1, 1, 2)/√2
        double s = Math.exp(1 / Math.sqrt(2)), t = Math.exp(2 / Math.sqrt(2)), z = 2 * s + t;
        assertEquals((s + t) / z, y.getDouble(0, 2), 1e-12);
        assertEquals((s + t) / z, y.getDouble(1, 2), 1e-12);
    }

    @Test
    void attentionGradients() {
        CausalSelfAttention a = new CausalSelfAttention("a", 4, 2, 0, D);
        randomize(a, 10);
        INDArray x = random(4, 6, 11), c = random(4, 6, 12); // 2 sequences of 3 tokens
        a.zeroGrad();
        a.forward(x, 3, null);
        INDArray dx = a.backward(c).dup();
        checkAll(a, x, dx, () -> dot(a.forward(x, 3, null), c), 1e-6);
    }

    @Test
    void attentionGradientsThroughDropout() {
        CausalSelfAttention a = new CausalSelfAttention("a", 4, 2, 0.3, D);
        randomize(a, 13);
        INDArray x = random(4, 8, 14), c = random(4, 8, 15);
        a.zeroGrad();
        a.forward(x, 4, new SplittableRandom(3));
        INDArray dx = a.backward(c).dup();
        // the same seed draws the same mask in every evaluation
        checkAll(a, x, dx, () -> dot(a.forward(x, 4, new SplittableRandom(3)), c), 1e-6);
    }

    @Test
    void blockGradients() {
        TransformerBlock b = new TransformerBlock("b", 4, 2, 0.2, D);
        randomize(b, 16);
        for (LayerNorm ln : b.norms()) ln.gamma().value().addi(1);
        INDArray x = random(4, 6, 17), c = random(4, 6, 18);
        b.zeroGrad();
        b.forward(x, 3, new SplittableRandom(5));
        INDArray dx = b.backward(c).dup();
        checkAll(b, x, dx, () -> dot(b.forward(x, 3, new SplittableRandom(5)), c), 1e-6);
    }

    static CausalTransformer tiny(long seed, double dropout) {
        return tiny(seed, dropout, 2);
    }

    static CausalTransformer tiny(long seed, double dropout, int layers) {
        return CausalTransformer.builder(2, 3)
                .embed(4)
                .heads(2)
                .layers(layers)
                .contextSteps(3)
                .maxTimestep(5)
                .dropout(dropout)
                .dataType(D)
                .seed(seed)
                .build();
    }

    @Test
    void modelGradientsInTrainingAndGenerationLayouts() {
        for (boolean generation : new boolean[] {false, true}) {
            CausalTransformer m = tiny(1, 0.1, 1); // blockGradients checks a block alone
            randomize(m, 20); // nonzero position embeddings and layer norms too
            int b = 2, steps = 3, p = generation ? 2 : 3;
            INDArray rtg = random(1, b * steps, 21), pts = random(2, b * p, 22), c = random(3, b * steps, 23);
            int[] ts = {0, 4};
            m.zeroGrad();
            m.forward(rtg, pts, ts, steps, generation, new SplittableRandom(9));
            m.backward(c);
            for (Param q : m.parameters()) {
                GradCheck.check(
                        q.value(),
                        q.grad(),
                        () -> dot(m.forward(rtg, pts, ts, steps, generation, new SplittableRandom(9)), c),
                        1e-6);
            }
        }
    }

    /** Changing a later token never changes an earlier output; this fails when the mask is removed. */
    @Test
    void causalMaskHidesLaterTokens() {
        CausalTransformer m = tiny(2, 0);
        randomize(m, 30);
        INDArray rtg = random(1, 3, 31), pts = random(2, 3, 32);
        double[] before = m.forward(rtg, pts, new int[] {1}, 3, false, null)
                .dup('f')
                .data()
                .asDouble();
        pts.putScalar(0, 1, 5.0); // point X₂ (token 3) changes
        double[] after = m.forward(rtg, pts, new int[] {1}, 3, false, null)
                .dup('f')
                .data()
                .asDouble();
        // outputs at R₁ and R₂ (tokens 0 and 2) are unchanged; R₃ (token 4) sees X₂
        for (int i = 0; i < 6; i++) assertEquals(before[i], after[i], 0.0, "output " + i);
        boolean changed = false;
        for (int i = 6; i < 9; i++) changed |= before[i] != after[i];
        assertTrue(changed, "R₃'s output must depend on X₂");
        rtg.putScalar(0, 2, -4.0); // R₃ changes: the earlier outputs still do not
        double[] again = m.forward(rtg, pts, new int[] {1}, 3, false, null)
                .dup('f')
                .data()
                .asDouble();
        for (int i = 0; i < 6; i++) assertEquals(after[i], again[i], 0.0, "output " + i);
    }

    @Test
    void sameSeedSameModelOtherSeedOther() {
        CausalTransformer a = tiny(7, 0.1), b = tiny(7, 0.1), c = tiny(8, 0.1);
        INDArray rtg = random(1, 6, 40), pts = random(2, 6, 41);
        double[] ya = a.forward(rtg, pts, new int[] {0, 1}, 3, false, new SplittableRandom(1))
                .dup('f')
                .data()
                .asDouble();
        double[] yb = b.forward(rtg, pts, new int[] {0, 1}, 3, false, new SplittableRandom(1))
                .dup('f')
                .data()
                .asDouble();
        double[] yc = c.forward(rtg, pts, new int[] {0, 1}, 3, false, new SplittableRandom(1))
                .dup('f')
                .data()
                .asDouble();
        assertArrayEquals(ya, yb, 0.0);
        assertFalse(Arrays.equals(ya, yc));
        double[] yd = a.forward(rtg, pts, new int[] {0, 1}, 3, false, new SplittableRandom(2))
                .dup('f')
                .data()
                .asDouble();
        assertFalse(Arrays.equals(ya, yd), "another dropout seed draws other masks");
    }

    @Test
    void decayedParametersAreTheDenseWeights() {
        CausalTransformer m = tiny(0, 0);
        List<Param> decayed = m.decayedParameters();
        // ret_emb, point_embeddings, 4 per block × 2 blocks, head
        assertEquals(11, decayed.size());
        for (Param p : decayed)
            assertTrue(p.name().endsWith(".weight") && !p.name().contains("ln"), p.name());
        long total = 0;
        for (Param p : m.parameters()) total += p.value().length();
        // E=4, D=2, out=3, ctx 3 (7 positions), 6 global positions; per block 2·8 (ln) + 4·12+12 + 4·4+4 + 4·16+16
        // + 16·4+4 = 244
        long expected = (4 + 4) + (8 + 4) + 7 * 4 + 6 * 4 + 2 * 244 + 8 + (12 + 3);
        assertEquals(expected, total);
        assertNotEquals(0, total);
    }

    /** A tiny model learns the rule Xₜ = (Xₜ₋₁ + 1) mod 3 from cross-entropy at the R tokens. */
    @Test
    void tinyTransformerLearnsANextTokenRule() {
        CausalTransformer m = CausalTransformer.builder(1, 3)
                .embed(16)
                .heads(2)
                .layers(1)
                .contextSteps(4)
                .maxTimestep(0)
                .dropout(0)
                .seed(3)
                .build();
        Adam adam = new Adam(1e-2, 0.9, 0.999, 1e-8);
        SplittableRandom rng = new SplittableRandom(4);
        int b = 32, steps = 4;
        double loss = Double.NaN;
        for (int it = 0; it < 300; it++) {
            int[][] seq = sequences(b, steps, rng);
            m.zeroGrad();
            INDArray out = m.forward(rtgOf(b, steps), pointsOf(seq), new int[b], steps, false, null);
            INDArray d = Nd4j.create(DataType.FLOAT, new long[] {3, (long) b * steps}, 'f');
            loss = crossEntropy(out, seq, d);
            m.backward(d);
            adam.step(m.parameters());
        }
        int[][] test = sequences(64, steps, new SplittableRandom(99));
        INDArray out = m.forward(rtgOf(64, steps), pointsOf(test), new int[64], steps, false, null);
        int wrong = 0;
        for (int s = 0; s < 64; s++) {
            for (int t = 1; t < steps; t++) { // X₁ is random: nothing to learn there
                int col = s * steps + t, best = 0;
                for (int k = 1; k < 3; k++) if (out.getDouble(k, col) > out.getDouble(best, col)) best = k;
                if (best != test[s][t]) wrong++;
            }
        }
        assertEquals(0, wrong, "wrong next tokens (last training loss " + loss + ")");
    }

    private static int[][] sequences(int b, int steps, SplittableRandom rng) {
        int[][] s = new int[b][steps];
        for (int[] row : s) {
            row[0] = rng.nextInt(3);
            for (int t = 1; t < steps; t++) row[t] = (row[t - 1] + 1) % 3;
        }
        return s;
    }

    private static INDArray rtgOf(int b, int steps) {
        return Nd4j.zeros(DataType.FLOAT, 1, (long) b * steps);
    }

    private static INDArray pointsOf(int[][] seq) {
        int b = seq.length, steps = seq[0].length;
        INDArray p = Nd4j.create(DataType.FLOAT, new long[] {1, (long) b * steps}, 'f');
        for (int s = 0; s < b; s++) for (int t = 0; t < steps; t++) p.putScalar(0, s * steps + t, seq[s][t]);
        return p;
    }

    /** Mean cross-entropy of the logits (3 × n) against the sequences; writes dL/dlogits into d. */
    private static double crossEntropy(INDArray out, int[][] seq, INDArray d) {
        int steps = seq[0].length, n = seq.length * steps;
        double loss = 0;
        for (int col = 0; col < n; col++) {
            int target = seq[col / steps][col % steps];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) max = Math.max(max, out.getDouble(k, col));
            double z = 0;
            for (int k = 0; k < 3; k++) z += Math.exp(out.getDouble(k, col) - max);
            for (int k = 0; k < 3; k++) {
                double p = Math.exp(out.getDouble(k, col) - max) / z;
                d.putScalar(k, col, (p - (k == target ? 1 : 0)) / n);
            }
            loss -= (out.getDouble(target, col) - max - Math.log(z)) / n;
        }
        return loss;
    }
}
