package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TemporalUnetTest {
    private static final DataType D = DataType.DOUBLE;

    private static INDArray random(long rows, long cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray a = Nd4j.create(D, new long[] {rows, cols}, 'f');
        Host h = Host.of(a);
        for (int i = 0; i < h.length(); i++) h.set(i, r.nextGaussian());
        return a;
    }

    private static double dot(INDArray a, INDArray b) {
        Host ha = Host.of(a), hb = Host.of(b);
        double s = 0;
        for (int i = 0; i < ha.length(); i++) s += ha.get(i) * hb.get(i);
        return s;
    }

    private static void set(INDArray a, double... v) {
        Host h = Host.of(a);
        for (int i = 0; i < v.length; i++) h.set(i, v[i]);
    }

    private static double[] randomArray(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return a;
    }

    private static double dot(double[] a, double[] b, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] * b[i];
        return s;
    }

    /** Central differences of f in every element of x against the analytic gradient g. */
    private static void checkArray(double[] x, double[] g, DoubleSupplier f) {
        for (int i = 0; i < x.length; i++) {
            double old = x[i];
            x[i] = old + 1e-6;
            double up = f.getAsDouble();
            x[i] = old - 1e-6;
            double down = f.getAsDouble();
            x[i] = old;
            double fd = (up - down) / 2e-6;
            assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), "element " + i);
        }
    }

    @Test
    void convolutionWithPaddingMatchesAHandComputedExample() {
        // one channel, kernel [1, 0, −1], padding 1: y[j] = x[j−1] − x[j+1] (zeros outside), bias 0.5
        Conv1d c = new Conv1d("c", 1, 1, 3, 1, 1, false, D);
        set(c.weight().value(), 1, 0, -1);
        set(c.bias().value(), 0.5);
        double[] y = c.forward(new double[] {1, 2, 3, 10, 20, 30}, 2, 3); // two sequences
        assertArrayEquals(new double[] {-1.5, -1.5, 2.5, -19.5, -19.5, 20.5}, Arrays.copyOf(y, 6), 1e-12);
    }

    @Test
    void stridedConvolutionHalvesTheLengthAsPyTorch() {
        // Downsample1d: kernel 3, stride 2, padding 1 on length 4 → 2 outputs: y[j] = Σᵢ w[i]·x[2j + i − 1]
        Conv1d c = new Conv1d("c", 1, 1, 3, 2, 1, false, D);
        set(c.weight().value(), 1, 2, 3);
        // y0 = 1·x[−1] + 2·x[0] + 3·x[1] = 0 + 2 + 6 = 8; y1 = 1·x[1] + 2·x[2] + 3·x[3] = 2 + 6 + 12 = 20
        assertArrayEquals(new double[] {8, 20}, Arrays.copyOf(c.forward(new double[] {1, 2, 3, 4}, 1, 4), 2), 1e-12);
        // Upsample1d, ConvTranspose1d(k 4, s 2, p 1), one input 1 and weights 1, 2, 3, 4: positions i − 1 → [2, 3]
        Conv1d u = new Conv1d("u", 1, 1, 4, 2, 1, true, D);
        set(u.weight().value(), 1, 2, 3, 4);
        assertEquals(32, u.outputLength(16));
        assertArrayEquals(new double[] {2, 3}, Arrays.copyOf(u.forward(new double[] {1}, 1, 1), 2), 1e-12);
    }

    @Test
    void transposedConvolutionIsTheAdjointOfTheConvolution() {
        // ⟨conv(x), y⟩ = ⟨x, convᵀ(y)⟩ with the same weights and no bias, for Downsample/Upsample-like maps
        Conv1d conv = new Conv1d("c", 3, 5, 4, 2, 1, false, D);
        Conv1d convT = new Conv1d("t", 5, 3, 4, 2, 1, true, D);
        INDArray w = random(5, 12, 1);
        conv.weight().value().assign(w);
        convT.weight().value().assign(w);
        double[] x = randomArray(3 * 2 * 8, 2);
        double[] cx = conv.forward(x, 2, 8).clone();
        assertEquals(4, conv.outputLength(8));
        double[] y = randomArray(5 * 2 * 4, 3);
        double[] ty = convT.forward(y, 2, 4).clone();
        assertEquals(8, convT.outputLength(4));
        assertEquals(dot(cx, y, y.length), dot(x, ty, x.length), 1e-10);
    }

    @Test
    void convolutionGradientsMatchFiniteDifferences() {
        for (boolean transposed : new boolean[] {false, true}) {
            for (int kernel : new int[] {1, 4, 5}) { // 5: stride 1, padding 2, as the U-Net's blocks
                int stride = kernel == 4 ? 2 : 1, pad = kernel == 1 ? 0 : kernel == 4 ? 1 : 2;
                Conv1d c = new Conv1d("c", 3, 4, kernel, stride, pad, transposed, D)
                        .initTorchDefault(new SplittableRandom(4));
                double[] x = randomArray(3 * 2 * 6, 5);
                int n = 4 * 2 * c.outputLength(6);
                double[] w = randomArray(n, 6);
                c.zeroGrad();
                c.forward(x, 2, 6);
                double[] dx = c.backward(w, true).clone();
                DoubleSupplier loss = () -> dot(c.forward(x, 2, 6), w, n);
                for (Param p : c.parameters()) GradCheck.check(p.value(), p.grad(), loss, 1e-6);
                checkArray(x, dx, loss);
            }
        }
    }

    /**
     * The backward pass leaves dx in the input staging, padding columns included; the next forward pass must see
     * zeros there again (stride 1 and 2, the transpose, float32 and float64).
     */
    @Test
    void aForwardPassAfterABackwardPassGivesTheSameOutput() {
        for (DataType type : new DataType[] {D, DataType.FLOAT}) {
            for (int[] k : new int[][] {{5, 1, 2}, {3, 1, 0}, {3, 2, 1}, {4, 2, 1}}) {
                for (boolean transposed : new boolean[] {false, true}) {
                    Conv1d c = new Conv1d("c", 3, 4, k[0], k[1], k[2], transposed, type)
                            .initTorchDefault(new SplittableRandom(k[0] + 10L * k[2]));
                    double[] x = randomArray(3 * 2 * 6, 8);
                    double[] first = c.forward(x, 2, 6).clone();
                    c.backward(randomArray(4 * 2 * c.outputLength(6), 9), true);
                    double[] second = c.forward(x, 2, 6);
                    String at = type + (transposed ? " transposed" : "") + " k " + k[0] + " s " + k[1] + " p " + k[2];
                    assertArrayEquals(first, Arrays.copyOf(second, first.length), 0.0, at);
                }
            }
        }
    }

    /**
     * Every (kernel, stride, padding, length) the tap-GEMM staging has to get right, including lengths that do not
     * divide by the stride, strides larger than the kernel and single positions, in a batch of three so a read or
     * write across a sequence border would show: forward, dx and dW against direct sums over the definitions.
     */
    @Test
    void convolutionsMatchDirectSumsForEveryShape() {
        int in = 2, out = 3, batch = 3;
        for (boolean transposed : new boolean[] {false, true}) {
            for (int k = 1; k <= 5; k++) {
                for (int s = 1; s <= 3; s++) {
                    for (int p = 0; p <= 2; p++) {
                        // one layer for every length: its staging is kept per (batch, length) and reused
                        Conv1d c = new Conv1d("c", in, out, k, s, p, transposed, D)
                                .initTorchDefault(new SplittableRandom(k * 100 + s * 10 + p));
                        for (int h = 1; h <= 7; h++) {
                            int ho = c.outputLength(h);
                            if (ho < 1) continue;
                            double[] x = randomArray(in * batch * h, h);
                            double[] w = randomArray(out * batch * ho, h + 50);
                            double[][] want = directConvolution(c, x, w, batch, h, ho);
                            String at =
                                    (transposed ? "transposed " : "") + "k " + k + " s " + s + " p " + p + " h " + h;
                            c.zeroGrad();
                            double[] y = c.forward(x, batch, h);
                            assertArrayEquals(want[0], Arrays.copyOf(y, want[0].length), 1e-12, at + ": y");
                            double[] dx = c.backward(w, true);
                            assertArrayEquals(want[1], Arrays.copyOf(dx, want[1].length), 1e-12, at + ": dx");
                            double[] dw = new double[want[2].length];
                            Host g = Host.of(c.weight().grad());
                            for (int i = 0; i < dw.length; i++) dw[i] = g.get(i);
                            assertArrayEquals(want[2], dw, 1e-12, at + ": dW");
                            Host gb = Host.of(c.bias().grad());
                            for (int o = 0; o < out; o++) {
                                double db = 0; // Σ over sequences and output positions of w[o, ·]
                                for (int q = 0; q < batch * ho; q++) db += w[q * out + o];
                                assertEquals(db, gb.get(o), 1e-12, at + ": db");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void float32ConvolutionsStagedAcrossThreadsMatchDirectSums() {
        // large enough that JavaThreads splits the staging copies across threads (work ≥ 65,536 elements)
        int in = 32, out = 48, batch = 64, h = 40;
        int[][] shapes = {{5, 1, 2}, {3, 2, 1}, {4, 2, 1}}; // the U-Net's kernel-5, downsampling and upsampling
        for (boolean transposed : new boolean[] {false, true}) {
            for (int[] k : shapes) {
                Conv1d c = new Conv1d("c", in, out, k[0], k[1], k[2], transposed, DataType.FLOAT)
                        .initTorchDefault(new SplittableRandom(k[0]));
                int ho = c.outputLength(h);
                double[] x = randomArray(in * batch * h, 3);
                double[] w = randomArray(out * batch * ho, 4);
                for (int i = 0; i < x.length; i++) x[i] = (float) x[i]; // what the float32 staging sees
                for (int i = 0; i < w.length; i++) w[i] = (float) w[i];
                double[][] want = directConvolution(c, x, w, batch, h, ho);
                String at = (transposed ? "transposed " : "") + "k " + k[0] + " s " + k[1] + " p " + k[2];
                c.zeroGrad();
                assertArrayEquals(want[0], Arrays.copyOf(c.forward(x, batch, h), want[0].length), 2e-5, at + ": y");
                assertArrayEquals(want[1], Arrays.copyOf(c.backward(w, true), want[1].length), 2e-5, at + ": dx");
                Host g = Host.of(c.weight().grad());
                for (int i = 0; i < want[2].length; i++) {
                    // a sum of batch·length' = 2,560 float32 products of about ±0.6: rounding reaches 1e-5–1e-4
                    assertEquals(want[2][i], g.get(i), 2e-4, at + ": dW " + i);
                }
            }
        }
    }

    /**
     * [y, dx, dW] of a convolution (or its transpose) by its definition, for the loss Σ w·y: one loop over
     * (o, c, b, j, i) and the position the tap connects.
     */
    /**
     * Runs {@code r} 20,000 times, so that a SIMD loop compared next runs JIT-compiled (intrinsified vector
     * instructions), not the Vector API's plain-Java fallback of the interpreter.
     */
    static void warmUp(Runnable r) {
        for (int i = 0; i < 20_000; i++) r.run();
    }

    private static double[][] directConvolution(Conv1d c, double[] x, double[] w, int batch, int h, int ho) {
        int in = c.inputs(), out = c.outputs();
        boolean t = c.transposed();
        int k = c.kernel(), s = c.stride(), p = c.padding();
        Host wv = Host.of(c.weight().value()), bv = Host.of(c.bias().value());
        double[] y = new double[out * batch * ho], dx = new double[in * batch * h];
        double[] dw = new double[(int) c.weight().value().length()];
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < ho; n++) {
                for (int o = 0; o < out; o++) y[(b * ho + n) * out + o] = bv.get(o);
            }
        }
        int longLength = t ? h : ho; // the side whose position is j (the other is j·s + i − p)
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < longLength; j++) {
                for (int i = 0; i < k; i++) {
                    int pos = j * s + i - p;
                    if (pos < 0 || pos >= (t ? ho : h)) continue;
                    for (int o = 0; o < out; o++) {
                        for (int ch = 0; ch < in; ch++) {
                            // W index: convolution (o, i·in + ch) of out rows; transpose (ch, i·out + o) of in rows
                            int wi = t ? ch + (i * out + o) * in : o + (i * in + ch) * out;
                            int xi = (b * h + (t ? j : pos)) * in + ch;
                            int yi = (b * ho + (t ? pos : j)) * out + o;
                            y[yi] += wv.get(wi) * x[xi];
                            dx[xi] += wv.get(wi) * w[yi];
                            dw[wi] += x[xi] * w[yi];
                        }
                    }
                }
            }
        }
        return new double[][] {y, dx, dw};
    }

    @Test
    void groupNormNormalisesEachSequenceAndGroupAndHasExactGradients() {
        GroupNorm g = new GroupNorm("g", 2, 4, D);
        double[] x = randomArray(4 * 3 * 5, 7);
        double[] y = g.forward(x, 3, 5).clone();
        // sequence 1, group 1 = channels 2, 3 over its positions 0..4: mean 0, mean square var/(var + ε)
        double s = 0, ss = 0, mean = 0, var = 0;
        for (int t = 5; t < 10; t++) {
            for (int c = 2; c < 4; c++) {
                s += y[t * 4 + c];
                ss += y[t * 4 + c] * y[t * 4 + c];
                mean += x[t * 4 + c] / 10;
            }
        }
        for (int t = 5; t < 10; t++) for (int c = 2; c < 4; c++) var += Math.pow(x[t * 4 + c] - mean, 2) / 10;
        assertEquals(0, s / 10, 1e-12);
        assertEquals(var / (var + GroupNorm.EPS), ss / 10, 1e-12);
        Host.of(g.gamma().value()).set(1, 1.7);
        Host.of(g.parameters().get(1).value()).set(2, -0.4);
        double[] w = randomArray(60, 8);
        g.zeroGrad();
        g.forward(x, 3, 5);
        double[] dx = g.backward(w).clone();
        DoubleSupplier loss = () -> dot(g.forward(x, 3, 5), w, 60);
        for (Param p : g.parameters()) GradCheck.check(p.value(), p.grad(), loss, 1e-6);
        checkArray(x, dx, loss);
        var e = assertThrows(IllegalArgumentException.class, () -> new GroupNorm("bad", 8, 12, D));
        assertEquals(
                "group norm bad: 12 channels do not split into 8 groups; use a group count that divides them",
                e.getMessage());
    }

    @Test
    void groupNormSimdLoopsGiveTheScalarLoopsBits() {
        assertTrue(GroupNorm.loops() instanceof VectorGroupNorm, "GroupNorm fell back to its scalar loops");
        SplittableRandom rng = new SplittableRandom(21);
        double[][] small = new double[10][40];
        warmUp(() -> GroupNorm.exercise(GroupNorm.loops(), small, 3, 11));
        for (int channels : new int[] {4, 8, 25, 32, 256}) {
            int length = 5, n = channels * length + 3;
            double[][] a = new double[10][], b = new double[10][];
            for (int k = 0; k < 10; k++) {
                a[k] = new double[n];
                for (int i = 0; i < n; i++) a[k][i] = rng.nextGaussian() * Math.pow(10, rng.nextInt(5) - 2);
                b[k] = a[k].clone();
            }
            GroupNorm.exercise(GroupNorm.loops(), a, length, channels);
            GroupNorm.exercise(GroupNorm.SCALAR, b, length, channels);
            for (int k = 0; k < 10; k++) {
                for (int i = 0; i < n; i++) {
                    assertEquals(
                            Double.doubleToLongBits(b[k][i]), Double.doubleToLongBits(a[k][i]), channels + " channels");
                }
            }
        }
    }

    @Test
    void mishMatchesItsDefinitionAndDerivative() {
        assertEquals(0, Mish.value(0), 0);
        assertEquals(1 * Math.tanh(Math.log1p(Math.E)), Mish.value(1), 1e-15);
        assertEquals(30, Mish.value(30), 1e-12);
        for (double x : new double[] {-30, -5, -0.3, 0, 0.7, 4, 19.9, 25}) {
            assertEquals(x * Math.tanh(Math.log1p(Math.exp(x))), Mish.value(x), 1e-14 * Math.max(1, Math.abs(x)));
            double fd = (Mish.value(x + 1e-6) - Mish.value(x - 1e-6)) / 2e-6;
            assertEquals(fd, Mish.derivative(x), 1e-8, "x = " + x);
        }
        assertEquals(0.6, Mish.derivative(0), 1e-15); // tanh(ln 2) = 1.5/2.5
    }

    @Test
    void doubleExpIsWithinThreeUlpsOfMathExpOnItsWholeRange() {
        assertEquals(1.0, DoubleExp.exp(0), 0);
        assertEquals(1.0, DoubleExp.exp(-0.0), 0);
        assertEquals(0.0, DoubleExp.exp(Math.nextDown(DoubleExp.MIN)), 0);
        assertEquals(Double.POSITIVE_INFINITY, DoubleExp.exp(Math.nextUp(DoubleExp.MAX)), 0);
        assertTrue(Double.isNaN(DoubleExp.exp(Double.NaN)));
        SplittableRandom rng = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i <= 200_000; i++) {
            double x = i < 100_000
                    ? DoubleExp.MIN + (DoubleExp.MAX - DoubleExp.MIN) * i / 100_000.0
                    : (rng.nextDouble() * 2 - 1) * (i % 2 == 0 ? 1 : 30);
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(DoubleExp.exp(x) - exact) / Math.ulp(exact));
        }
        assertTrue(worst <= 3, "worst error " + worst + " ulps"); // 2.0 at most in 200 million samples (JDK 17)
    }

    @Test
    void mishSimdLoopGivesTheScalarLoopsBits() {
        // surefire's argLine passes --add-modules jdk.incubator.vector; without it the scalar loop would be loaded
        assertTrue(Mish.range() instanceof VectorMish, "Mish fell back to its scalar loop");
        SplittableRandom rng = new SplittableRandom(11);
        warmUp(() -> Mish.range()
                .apply(new double[] {-1, 0.5, 3, -30, 25, 1, 2, 3, 4, 5, 6}, 0, new double[11], new double[11], 0, 11));
        int n = 10_004;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (rng.nextDouble() * 2 - 1) * (i % 3 == 0 ? 60 : 6);
        double[] special = Mish.awkwardValues();
        System.arraycopy(special, 0, x, 5, special.length);
        double[] y1 = new double[n], s1 = new double[n], y2 = new double[n], s2 = new double[n];
        Mish.range().apply(x, 3, y1, s1, 3, n - 3);
        Mish.SCALAR.apply(x, 3, y2, s2, 3, n - 3);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToLongBits(y2[i]), Double.doubleToLongBits(y1[i]), "value at x = " + x[i]);
            assertEquals(Double.doubleToLongBits(s2[i]), Double.doubleToLongBits(s1[i]), "slope at x = " + x[i]);
        }
        assertEquals(0.0, y1[0], 0); // before the range: untouched
        int above = 0, below = 0;
        for (int i = 3; i < n; i++) {
            boolean awkward = i >= 5 && i < 5 + special.length;
            if (x[i] > Mish.CUT) { // passes through with slope 1 (+∞ included)
                if (awkward) above++;
                assertEquals(x[i], y1[i], 0);
                assertEquals(1.0, s1[i], 0);
            } else if (x[i] < DoubleExp.MIN && x[i] > Double.NEGATIVE_INFINITY) { // e taken as 0: −0, slope 0
                if (awkward) below++;
                assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(y1[i]), "x = " + x[i]);
                assertEquals(0.0, s1[i], 0);
            } else if (Double.isNaN(x[i]) || x[i] == Double.NEGATIVE_INFINITY) { // as x·tanh(softplus(x)) gives
                assertTrue(Double.isNaN(y1[i]), "x = " + x[i]);
            } else {
                assertEquals(x[i] * Math.tanh(Math.log1p(Math.exp(x[i]))), y1[i], 1e-14 * Math.max(1, Math.abs(x[i])));
            }
        }
        assertEquals(3, above); // of the awkward values: CUT's successor, +∞, MAX_VALUE
        assertEquals(3, below); // −800, MIN's predecessor, −MAX_VALUE
    }

    @Test
    void sinusoidalEmbeddingUsesDiffusersFrequencies() {
        INDArray e = SinusoidalEmbedding.columns(new double[] {0, 3}, 8, D);
        // half = 4, f_i = exp(−i·ln(10000)/3): 1, 10000^(−1/3), 10000^(−2/3), 1e-4
        assertEquals(Math.sin(3), e.getDouble(0, 1), 1e-15);
        assertEquals(Math.sin(3 * Math.pow(10000, -1.0 / 3)), e.getDouble(1, 1), 1e-15);
        assertEquals(Math.cos(3 * 1e-4), e.getDouble(7, 1), 1e-15);
        assertEquals(1, e.getDouble(4, 0), 0);
    }

    @Test
    void unetGradientsMatchFiniteDifferences() {
        // two levels (widths 8, 16), horizon 4, two trajectories of 3 features
        TemporalUnet net = TemporalUnet.create(3, 8, List.of(1, 2), 4, 11, D);
        INDArray x = random(3, 2 * 4, 12);
        double[] t = {3, 17};
        INDArray w = random(3, 8, 13);
        net.zeroGrad();
        net.forward(x, t);
        INDArray dx = net.backward(w).dup('f');
        for (Param p : net.parameters()) {
            GradCheck.check(p.value(), p.grad(), () -> dot(net.forward(x, t), w), 1e-5);
        }
        GradCheck.check(x, dx, () -> dot(net.forward(x, t), w), 1e-5);
    }

    @Test
    void gtgsTfbind8NetworkHasTheAuthorsParameterCount() {
        // GTG's TFBind8 U-Net: 25 features (24 logits + the score), dim 32, multipliers 1, 4, 8. 3,686,393 is the
        // count of temporal.py's modules added up by hand (time MLP 8,352; downs 1,555,392; mid 1,330,688; ups
        // 785,920; final 6,041); expectedCount re-derives it layer by layer for any configuration.
        TemporalUnet net = TemporalUnet.create(25, 32, List.of(1, 4, 8), 64, 1, DataType.FLOAT);
        assertEquals(3_686_393L, net.parameterCount());
        assertEquals(expectedCount(25, 32, new int[] {1, 4, 8}), net.parameterCount());
        assertEquals(
                expectedCount(5, 16, new int[] {1, 2}),
                TemporalUnet.create(5, 16, List.of(1, 2), 8, 1, D).parameterCount());
        INDArray y = net.forward(Nd4j.zeros(DataType.FLOAT, 25, 2 * 64).dup('f'), new double[] {0, 199});
        assertEquals(25, y.rows());
        assertEquals(128, y.columns());
    }

    @Test
    void float32AndFloat64NetworksAgree() {
        // the same seed draws the same initial values; float32 rounds them and runs float32 GEMMs
        TemporalUnet f = TemporalUnet.create(3, 8, List.of(1, 2), 8, 5, DataType.FLOAT);
        TemporalUnet d = TemporalUnet.create(3, 8, List.of(1, 2), 8, 5, D);
        INDArray x = random(3, 2 * 8, 9);
        double[] t = {0, 42};
        INDArray yf = f.forward(x.castTo(DataType.FLOAT), t), yd = d.forward(x, t);
        for (int i = 0; i < yd.length(); i++) assertEquals(yd.getDouble(i), yf.getDouble(i), 1e-4, "output " + i);
        INDArray w = random(3, 16, 10);
        f.zeroGrad();
        d.zeroGrad();
        f.backward(w.castTo(DataType.FLOAT));
        d.backward(w);
        for (int p = 0; p < d.parameters().size(); p++) {
            INDArray gd = d.parameters().get(p).grad(),
                    gf = f.parameters().get(p).grad();
            for (int i = 0; i < gd.length(); i++) {
                assertEquals(
                        gd.getDouble(i),
                        gf.getDouble(i),
                        1e-3 * Math.max(1, Math.abs(gd.getDouble(i))),
                        d.parameters().get(p).name() + "[" + i + "]");
            }
        }
    }

    /** The parameter count of Diffuser's TemporalUnet, layer by layer from its constructor. */
    private static long expectedCount(int d, int dim, int[] mults) {
        long n = dim * 4L * dim + 4L * dim + 4L * dim * dim + dim; // time MLP
        int[] dims = new int[mults.length + 1];
        dims[0] = d;
        for (int i = 0; i < mults.length; i++) dims[i + 1] = dim * mults[i];
        for (int l = 0; l < mults.length; l++) {
            n += residual(dims[l], dims[l + 1], dim) + residual(dims[l + 1], dims[l + 1], dim);
            if (l < mults.length - 1) n += (long) dims[l + 1] * dims[l + 1] * 3 + dims[l + 1];
        }
        int mid = dims[mults.length];
        n += 2 * residual(mid, mid, dim);
        for (int l = mults.length - 1; l >= 1; l--) {
            n += residual(2 * dims[l + 1], dims[l], dim) + residual(dims[l], dims[l], dim);
            n += (long) dims[l] * dims[l] * 4 + dims[l];
        }
        n += (long) dim * dim * 5 + dim + 2L * dim; // final conv block
        n += (long) dim * d + d; // final 1 × 1 convolution
        return n;
    }

    private static long residual(int in, int out, int embed) {
        long block0 = (long) in * out * 5 + out + 2L * out;
        long block1 = (long) out * out * 5 + out + 2L * out;
        long time = (long) embed * out + out;
        long res = in == out ? 0 : (long) in * out + out;
        return block0 + block1 + time + res;
    }

    @Test
    void badShapesAreRefusedWithTheFix() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> TemporalUnet.create(3, 32, List.of(1, 4, 8), 30, 0, D));
        assertEquals("horizon 30 does not halve 2 times without remainder; use a multiple of 4", e.getMessage());
        TemporalUnet net = TemporalUnet.create(3, 8, List.of(1, 2), 4, 0, D);
        var f = assertThrows(IllegalArgumentException.class, () -> net.forward(Nd4j.zeros(D, 3, 6), new double[] {1}));
        assertEquals("the U-Net expects 3 features × (1 trajectories · 4 steps), got 3 × 6", f.getMessage());
    }
}
