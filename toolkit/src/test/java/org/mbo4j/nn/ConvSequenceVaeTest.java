package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConvSequenceVaeTest {
    private static final DataType D = DataType.DOUBLE;

    private static int[] tokens(int n, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = r.nextInt(classes);
        return t;
    }

    @Test
    void positionCodeIsTheSinesThenTheCosines() {
        // width 4: frequencies 1 and 10000^(−2/4) = 0.01; P[t] = [sin t, sin 0.01t, cos t, cos 0.01t]
        ConvSequenceVae v = new ConvSequenceVae(8, 4, 4, 2, 4, 3, D, 0);
        double[] want = {Math.sin(3), Math.sin(0.03), Math.cos(3), Math.cos(0.03)};
        for (int c = 0; c < 4; c++) assertEquals(want[c], v.positionCode(3, c), 1e-15);
    }

    @Test
    void lengthsHalveRoundingUpAndTheDecoderDoublesBeforeEachBlock() {
        // COMs: the encoder pools 'same' (10 → 5 → 3 → 2); the decoder starts at ⌊10/8⌋ = 1 and, for blocks i = 3, 2,
        // 1, doubles the length before the block, padding one position when ⌊10/2^(i−1)⌋ is odd (i = 2: 5), so its
        // blocks run at 2, 5, 10 and (block 0, no upsampling) 10 (coms_cleaned/nets.py 138-174)
        int[][] l = new ConvSequenceVae(10, 4, 4, 2, 4, 3, D, 0).levels();
        assertArrayEquals(new int[] {10, 5, 3, 2}, l[0]);
        assertArrayEquals(new int[] {10, 10, 5, 2}, l[1]);
        int[][] tf = new ConvSequenceVae(8, 4, 4, 2, 4, 3, D, 0).levels(); // TFBind8: 8 → 4 → 2 → 1; decoder 2, 4, 8, 8
        assertArrayEquals(new int[] {8, 4, 2, 1}, tf[0]);
        assertArrayEquals(new int[] {8, 8, 4, 2}, tf[1]);
        // block i runs at ⌊H/2^(i−1)⌋, so the decoder always ends at H
        for (int h = 8; h <= 40; h++) {
            int[] dec = new ConvSequenceVae(h, 4, 4, 2, 4, 3, D, 0).levels()[1];
            assertArrayEquals(new int[] {h, h, h / 2, h / 4}, dec, "H = " + h);
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesWithOddLengths() {
        // length 5: pooling with a lone last position and a mirrored position in the decoder
        ConvSequenceVae v = new ConvSequenceVae(5, 3, 4, 2, 3, 3, D, 1);
        int[] t = tokens(2 * 5, 3, 2);
        v.zeroGrad();
        v.loss(t, 2, 0.7, true);
        List<Param> ps = v.parameters();
        List<INDArray> grads = ps.stream().map(p -> p.grad().dup()).toList();
        for (int i = 0; i < ps.size(); i++) {
            GradCheck.check(
                    ps.get(i).value(),
                    grads.get(i),
                    () -> v.loss(t, 2, 0.7, false).loss(),
                    1e-5);
        }
    }

    @Test
    void theLossIsTheMeanTokenNllPlusBetaTimesTheMeanKl() {
        ConvSequenceVae v = new ConvSequenceVae(8, 4, 8, 3, 4, 3, D, 3);
        int[] t = tokens(3 * 8, 4, 4);
        Elbo e = v.loss(t, 3, 0.5, false);
        assertEquals(e.nll() + 0.5 * e.kl(), e.loss(), 1e-15);
        assertTrue(e.nll() > 0 && e.kl() > 0, "nll " + e.nll() + ", KL " + e.kl());
        // the same rows through encode: KL = mean over rows of Σ ½(σ² + μ² − 1) − log σ
        double[][] ms = v.encode(t, 3);
        double kl = 0;
        for (int i = 0; i < ms[0].length; i++) {
            kl += (0.5 * (ms[1][i] * ms[1][i] + ms[0][i] * ms[0][i] - 1) - Math.log(ms[1][i])) / 3;
        }
        assertEquals(kl, e.kl(), 1e-12);
    }

    @Test
    void trainingWithTheSharedTrainerLearnsToReconstruct() {
        // 256 sequences of 8 tokens over 4 classes from 16 patterns, token p = (a + b·p) mod 4 for random a, b:
        // chance accuracy 1/4, a uniform decoder's nll log 4 = 1.386
        int n = 256;
        SplittableRandom r = new SplittableRandom(5);
        double[][] rows = new double[n][8];
        int[][] seqs = new int[n][8];
        for (int i = 0; i < n; i++) {
            int a = r.nextInt(4), b = r.nextInt(4);
            for (int p = 0; p < 8; p++) {
                seqs[i][p] = (a + b * p) % 4;
                rows[i][p] = seqs[i][p];
            }
        }
        ConvSequenceVae v = new ConvSequenceVae(8, 4, 16, 8, 4, 3, DataType.FLOAT, 6);
        INDArray x = Nd4j.create(rows).castTo(DataType.FLOAT);
        TrainingHistory h = Trainer.builder()
                .epochs(120)
                .learningRate(3e-3)
                .batchSize(32)
                .validationSize(0)
                .seed(7)
                .build()
                .fit(v, x, Nd4j.zeros(DataType.FLOAT, n, 1), null, ConvSequenceVae.meanLatentElbo(0.01));
        double first = h.metrics().get("nll").get(0),
                last = h.metrics().get("nll").get(119);
        assertTrue(last < 0.3 && first > last + 0.5, "nll " + first + " → " + last);
        int[][] back = v.decodeArgmax(v.encodeMeans(seqs));
        int right = 0;
        for (int i = 0; i < n; i++) for (int p = 0; p < 8; p++) if (back[i][p] == seqs[i][p]) right++;
        assertTrue(right > 0.95 * n * 8, "reconstructed " + right + " of " + n * 8 + " tokens");
    }

    @Test
    void aSmallerBatchAfterALargerOneGivesWhatAFreshNetworkGives() {
        // the trainer's last batch is smaller: layer arrays sized for the larger batch must not leak into it
        ConvSequenceVae used = new ConvSequenceVae(8, 4, 8, 3, 4, 3, D, 11),
                fresh = new ConvSequenceVae(8, 4, 8, 3, 4, 3, D, 11);
        used.loss(tokens(5 * 8, 4, 12), 5, 1, true);
        int[] t = tokens(3 * 8, 4, 13);
        used.zeroGrad();
        fresh.zeroGrad();
        assertEquals(fresh.loss(t, 3, 1, true), used.loss(t, 3, 1, true));
        List<Param> a = used.parameters(), b = fresh.parameters();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(
                    Tensors.columnMajor(b.get(i).grad()),
                    Tensors.columnMajor(a.get(i).grad()),
                    0,
                    a.get(i).name());
        }
    }

    @Test
    void theSameSeedGivesTheSameNetwork() {
        ConvSequenceVae a = new ConvSequenceVae(8, 4, 8, 3, 4, 3, D, 9),
                b = new ConvSequenceVae(8, 4, 8, 3, 4, 3, D, 9);
        int[] t = tokens(16, 4, 10);
        assertEquals(a.loss(t, 2, 1, false), b.loss(t, 2, 1, false));
    }

    @Test
    void badInputIsRefusedWithTheFix() {
        ConvSequenceVae v = new ConvSequenceVae(8, 4, 8, 3, 4, 3, D, 9);
        var e = assertThrows(
                IllegalArgumentException.class, () -> v.loss(new int[] {0, 1, 2, 3, 4, 0, 1, 2}, 1, 1, false));
        assertEquals("token 4 at sequence 0, position 4 is not a class in [0, 4)", e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> v.loss(new int[7], 1, 1, false));
        assertEquals("expected 1 sequences of 8 tokens, got 7 tokens", f.getMessage());
        var g = assertThrows(IllegalArgumentException.class, () -> new ConvSequenceVae(3, 4, 8, 3, 4, 3, D, 9));
        assertEquals(
                "the VAE halves the length 3 times: sequences of 3 tokens are too short; use at most 2 blocks",
                g.getMessage());
    }
}
