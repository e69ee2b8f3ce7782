package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The convolutional sequence VAE of COMs ({@code SequentialVAE}, Trabucco et al. 2021), as PGS uses it to give
 * TFBind8 a continuous latent space ({@code yassineCh/PGS} 5483729, {@code coms_cleaned/nets.py} 55–193; settings in
 * {@code vae.py} 12–24: width 64, latent 32, ReLU, kernel 3, 4 blocks).
 *
 * <ul>
 *   <li><b>Encoder:</b> token embedding (K classes → width h) plus a sinusoidal position code (sin of the h/2
 *       frequencies 10000^(−2j/h), then their cos), layer norm; 4 residual blocks x ← x + ReLU(LN(conv(ReLU(LN(
 *       conv(x)))))), the length halved before blocks 1–3 by average pooling (window 2, 'same': an odd length's last
 *       window averages its one position); flattened (position-major), one dense layer gives the latent mean μ and
 *       another exp(·) the standard deviation σ.</li>
 *   <li><b>Decoder:</b> a dense layer from z to ⌊H/8⌋ positions × h; 4 residual blocks i = 3, 2, 1, 0, blocks 3, 2
 *       and 1 each first doubling the length by repeating every position (plus one mirrored position at the end when
 *       ⌊H/2^(i−1)⌋ is odd: TF's SYMMETRIC pad), block 0 at the length block 1 left, so on TFBind8 the blocks run at
 *       lengths 2, 4, 8, 8 ({@code coms_cleaned/nets.py} 138-174: the upsampling comes before the block, for
 *       i &gt; 0); each block is x ← x + ReLU(LN(conv(ReLU(LN(conv(LN(x + P))))))) with the position code P; a dense
 *       layer gives K logits per position.</li>
 * </ul>
 *
 * Convolutions are 'same' (kernel 3, padding 1); layer norms use tf.keras' ε = 1e-3; initialisation is tf.keras'
 * (Glorot-uniform kernels with zero biases, embeddings U(−0.05, 0.05), γ = 1, β = 0). The loss is PGS's
 * ({@code coms_cleaned/trainers.py} 313–354): the decoder reads the <em>mean</em> z = μ (never a sample), so
 * L = mean over rows and positions of −log p(x | μ) + β·mean over rows of KL(N(μ, σ²) ‖ N(0, I)). Activations are
 * Java arrays between {@link Conv1d}, {@link LayerNorm} and {@link Linear} layers; not thread-safe.
 */
public final class ConvSequenceVae implements Module {
    /** tf.keras' {@code LayerNormalization} ε. */
    static final double KERAS_LN_EPS = 1e-3;

    private final int length;
    private final int classes;
    private final int width;
    private final int latent;
    private final int blocks;
    private final int kernel;
    private final DataType type;
    private final Param embedding;
    private final LayerNorm inputNorm;
    private final List<Block> encoder = new ArrayList<>();
    private final Linear mean;
    private final Linear logStd;
    private final Linear expand;
    private final List<Block> decoder = new ArrayList<>(); // decoder.get(i) is level i (run from blocks − 1 down)
    private final Linear logits;
    /** Sequence length at each encoder level (ceil halving) and at each decoder level. */
    private final int[] encLength;

    private final int[] decLength;
    /** The decoder's length before its first block (the dense layer's output): ⌊H/2^(blocks−1)⌋. */
    private final int decStart;

    private final double[][] positions;

    /** One residual block: conv, LN, ReLU, conv, LN, ReLU (the decoder's first LN on x + P in {@code pre}). */
    private final class Block {
        final LayerNorm pre;
        final Conv1d conv1;
        final LayerNorm norm1;
        final Conv1d conv2;
        final LayerNorm norm2;
        double[] relu1;
        double[] relu2;
        int lastN;

        Block(String name, boolean decoderBlock, SplittableRandom rng) {
            pre = decoderBlock ? new LayerNorm(name + ".pre", width, KERAS_LN_EPS, type) : null;
            conv1 = new Conv1d(name + ".conv1", width, width, kernel, 1, kernel / 2, false, type).initGlorot(rng);
            norm1 = new LayerNorm(name + ".norm1", width, KERAS_LN_EPS, type);
            conv2 = new Conv1d(name + ".conv2", width, width, kernel, 1, kernel / 2, false, type).initGlorot(rng);
            norm2 = new LayerNorm(name + ".norm2", width, KERAS_LN_EPS, type);
        }

        List<Param> parameters() {
            List<Param> p = new ArrayList<>();
            if (pre != null) p.addAll(pre.parameters());
            p.addAll(conv1.parameters());
            p.addAll(norm1.parameters());
            p.addAll(conv2.parameters());
            p.addAll(norm2.parameters());
            return p;
        }

        /** r(x) = ReLU(LN₂(conv₂(ReLU(LN₁(conv₁(x)))))) over batch × len positions (input not modified). */
        double[] residual(double[] x, int batch, int len) {
            int n = width * batch * len;
            lastN = n;
            relu1 = relu(norm(norm1, conv1.forward(x, batch, len), n));
            relu2 = relu(norm(norm2, conv2.forward(relu1, batch, len), n));
            return relu2;
        }

        /** d input of r for dLoss/dr {@code d}; accumulates parameter gradients. */
        double[] residualBackward(double[] d) {
            // the convolutions' arrays are theirs and may be longer than this batch (sized for the largest seen)
            double[] g = reluBackward(d, relu2);
            g = java.util.Arrays.copyOf(conv2.backward(normBackward(norm2, g), true), lastN);
            g = reluBackward(g, relu1);
            return java.util.Arrays.copyOf(conv1.backward(normBackward(norm1, g), true), lastN);
        }
    }

    /**
     * A VAE for sequences of {@code length} tokens from {@code classes} classes: embedding and channel width
     * {@code width}, latent size {@code latent}, {@code blocks} residual blocks with convolutions of {@code kernel}
     * (odd), initialised from {@code seed}.
     */
    public ConvSequenceVae(
            int length, int classes, int width, int latent, int blocks, int kernel, DataType type, long seed) {
        if (length < 1
                || classes < 2
                || width < 2
                || width % 2 != 0
                || latent < 1
                || blocks < 1
                || kernel < 1
                || kernel % 2 == 0) {
            throw new IllegalArgumentException("a sequence VAE needs length ≥ 1, ≥ 2 classes, an even width, latent"
                    + " ≥ 1, ≥ 1 block and an odd kernel; got length " + length + ", " + classes + " classes, width "
                    + width + ", latent " + latent + ", " + blocks + " blocks, kernel " + kernel);
        }
        int deepest = length >> (blocks - 1);
        if (deepest < 1) {
            throw new IllegalArgumentException("the VAE halves the length " + (blocks - 1) + " times: sequences of "
                    + length + " tokens are too short; use at most " + (32 - Integer.numberOfLeadingZeros(length))
                    + " blocks");
        }
        this.length = length;
        this.classes = classes;
        this.width = width;
        this.latent = latent;
        this.blocks = blocks;
        this.kernel = kernel;
        this.type = Tensors.floatOrDouble(type);
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray emb = Nd4j.create(this.type, new long[] {width, classes}, 'f');
        Host he = Host.of(emb);
        for (int i = 0; i < he.length(); i++) he.set(i, (2 * rng.nextDouble() - 1) * 0.05);
        embedding = new Param("embedding", emb, Nd4j.create(this.type, new long[] {width, classes}, 'f'));
        inputNorm = new LayerNorm("encoder.norm", width, KERAS_LN_EPS, this.type);
        encLength = new int[blocks];
        encLength[0] = length;
        for (int i = 1; i < blocks; i++) encLength[i] = (encLength[i - 1] + 1) / 2;
        for (int i = 0; i < blocks; i++) encoder.add(new Block("encoder." + i, false, rng));
        int flat = encLength[blocks - 1] * width;
        mean = new Linear("encoder.mean", flat, latent, this.type).initGlorot(rng);
        logStd = new Linear("encoder.log_std", flat, latent, this.type).initGlorot(rng);
        expand = new Linear("decoder.expand", latent, deepest * width, this.type).initGlorot(rng);
        // COMs' decoder (coms_cleaned/nets.py 138-174): for i = blocks − 1 … 0, blocks i > 0 first double the length
        // (plus one mirrored position when ⌊H/2^(i−1)⌋ is odd), block 0 runs at the length block 1 left; since
        // 2⌊H/2^i⌋ + bit i−1 of H = ⌊H/2^(i−1)⌋, block i runs at ⌊H/2^(i−1)⌋ and blocks 1 and 0 at H itself
        decStart = deepest;
        decLength = new int[blocks];
        int len = deepest;
        for (int i = blocks - 1; i >= 0; i--) {
            if (i > 0) len = 2 * len + (length >> (i - 1)) % 2;
            decLength[i] = len;
        }
        for (int i = 0; i < blocks; i++) decoder.add(null);
        for (int i = blocks - 1; i >= 0; i--) decoder.set(i, new Block("decoder." + i, true, rng));
        logits = new Linear("decoder.logits", width, classes, this.type).initGlorot(rng);
        positions = new double[length][width];
        for (int t = 0; t < length; t++) {
            for (int j = 0; j < width / 2; j++) {
                double f = 1.0 / Math.pow(10000.0, 2.0 * j / width);
                positions[t][j] = Math.sin(t * f);
                positions[t][width / 2 + j] = Math.cos(t * f);
            }
        }
    }

    /** COMs' SequentialVAE at PGS's TFBind8 settings (width 64, latent 32, 4 blocks, kernel 3). */
    public static ConvSequenceVae pgs(int length, int classes, DataType type, long seed) {
        return new ConvSequenceVae(length, classes, 64, 32, 4, 3, type, seed);
    }

    /** The position code at position t, channel c. */
    double positionCode(int t, int c) {
        return positions[t][c];
    }

    /** Sequence lengths at the encoder's levels (halving, rounded up) and at the decoder's blocks 0 … 3 (see the class comment). */
    int[][] levels() {
        return new int[][] {encLength.clone(), decLength.clone()};
    }

    public int latentSize() {
        return latent;
    }

    public int length() {
        return length;
    }

    public int classes() {
        return classes;
    }

    /**
     * The decoder's block lengths, each block after its upsampling (the layout since 2026-12-06; checkpoints written
     * before, with the upsampling after the blocks and the same parameter shapes, do not resume into it).
     */
    @Override
    public String layout() {
        return "decoder " + Arrays.toString(decLength) + " upsample-first";
    }

    @Override
    public List<Param> parameters() {
        List<Param> p = new ArrayList<>();
        p.add(embedding);
        p.addAll(inputNorm.parameters());
        for (Block b : encoder) p.addAll(b.parameters());
        p.addAll(mean.parameters());
        p.addAll(logStd.parameters());
        p.addAll(expand.parameters());
        for (int i = blocks - 1; i >= 0; i--) p.addAll(decoder.get(i).parameters());
        p.addAll(logits.parameters());
        return p;
    }

    // forward state of the last loss/encode call
    private int lastBatch;
    private int[] lastTokens;
    private double[] mu;
    private double[] sigma;
    private double[] logitValues;

    /**
     * μ and σ (each latent × batch, column-major) of token rows ({@code tokens[b·H + t]} in [0, K)); keeps what the
     * backward pass needs.
     */
    double[][] encode(int[] tokens, int batch) {
        if (tokens.length != batch * length) {
            throw new IllegalArgumentException(
                    "expected " + batch + " sequences of " + length + " tokens, got " + tokens.length + " tokens");
        }
        lastBatch = batch;
        lastTokens = tokens.clone();
        Host emb = Host.of(embedding.value());
        double[] e = new double[width * batch * length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                int tok = tokens[b * length + t];
                if (tok < 0 || tok >= classes) {
                    throw new IllegalArgumentException("token " + tok + " at sequence " + b + ", position " + t
                            + " is not a class in [0, " + classes + ")");
                }
                int o = (b * length + t) * width;
                for (int c = 0; c < width; c++) e[o + c] = emb.get(tok * width + c) + positions[t][c];
            }
        }
        double[] x = norm(inputNorm, e, e.length);
        for (int i = 0; i < blocks; i++) {
            if (i > 0) x = pool(x, batch, encLength[i - 1]);
            double[] r = encoder.get(i).residual(x, batch, encLength[i]);
            double[] next = new double[x.length];
            for (int j = 0; j < x.length; j++) next[j] = x[j] + r[j];
            x = next;
        }
        INDArray flat = matrix(x, encLength[blocks - 1] * width, batch);
        mu = Tensors.columnMajor(mean.forward(flat));
        double[] ls = Tensors.columnMajor(logStd.forward(flat));
        sigma = new double[ls.length];
        for (int i = 0; i < ls.length; i++) sigma[i] = Math.exp(ls[i]);
        return new double[][] {mu.clone(), sigma.clone()};
    }

    /** Logits (K × (batch·H) column-major, token-major) of z (latent × batch, column-major). */
    double[] decode(double[] z, int batch) {
        double[] x = Tensors.columnMajor(expand.forward(matrix(z, latent, batch)));
        for (int i = blocks - 1; i >= 0; i--) {
            if (i > 0) x = upsample(x, batch, i == blocks - 1 ? decStart : decLength[i + 1], decLength[i]);
            Block blk = decoder.get(i);
            int len = decLength[i], n = width * batch * len;
            double[] h = new double[n];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < len; t++) {
                    int o = (b * len + t) * width;
                    for (int c = 0; c < width; c++) h[o + c] = x[o + c] + positions[t][c];
                }
            }
            h = norm(blk.pre, h, n);
            double[] r = blk.residual(h, batch, len);
            double[] next = new double[n];
            for (int j = 0; j < n; j++) next[j] = x[j] + r[j];
            x = next;
        }
        logitValues = Tensors.columnMajor(logits.forward(matrix(x, width, batch * decLength[0])));
        return logitValues.clone();
    }

    /**
     * The loss of token rows and, when {@code grads}, its gradients added to every parameter's buffer: the mean
     * over rows and positions of −log softmax(decode(μ))[x] plus β times the mean over rows of the KL divergence.
     */
    public Elbo loss(int[] tokens, int batch, double beta, boolean grads) {
        encode(tokens, batch);
        double[] lg = decode(mu, batch);
        int n = batch * length;
        double nll = 0;
        double[] dLogits = grads ? new double[lg.length] : null;
        for (int p = 0; p < n; p++) {
            int o = p * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, lg[o + c]);
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(lg[o + c] - max);
            double logZ = max + Math.log(sum);
            nll += (logZ - lg[o + tokens[p]]) / n;
            if (grads) {
                for (int c = 0; c < classes; c++) dLogits[o + c] = Math.exp(lg[o + c] - logZ) / n;
                dLogits[o + tokens[p]] -= 1.0 / n;
            }
        }
        double kl = 0;
        for (int i = 0; i < mu.length; i++) {
            kl += (0.5 * (sigma[i] * sigma[i] + mu[i] * mu[i] - 1) - Math.log(sigma[i])) / batch;
        }
        if (grads) backward(dLogits, beta);
        return new Elbo(nll + beta * kl, nll, kl);
    }

    private void backward(double[] dLogits, double beta) {
        int batch = lastBatch;
        double[] d = Tensors.columnMajor(logits.backward(matrix(dLogits, classes, batch * decLength[0]), true));
        for (int i = 0; i < blocks; i++) { // decoder levels in reverse of the forward order: level 0 first
            Block blk = decoder.get(i);
            // x_out = x_in + r(LN_pre(x_in + P)): d x_in = d + LN_pre'ᵀ·r'ᵀ·d
            double[] dh = normBackward(blk.pre, blk.residualBackward(d));
            double[] dx = new double[d.length];
            for (int j = 0; j < d.length; j++) dx[j] = d[j] + dh[j];
            d = i > 0 ? upsampleBackward(dx, batch, i == blocks - 1 ? decStart : decLength[i + 1], decLength[i]) : dx;
        }
        double[] dz = Tensors.columnMajor(expand.backward(matrix(d, decStart * width, batch), true));
        // z = μ: the reconstruction's gradient plus β·∂KL/∂μ = β·μ/B; σ only through the KL: ∂/∂log σ = β(σ² − 1)/B
        double[] dMu = new double[mu.length], dLs = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            dMu[i] = dz[i] + beta * mu[i] / batch;
            dLs[i] = beta * (sigma[i] * sigma[i] - 1) / batch;
        }
        int flat = encLength[blocks - 1] * width;
        double[] df = Tensors.columnMajor(mean.backward(matrix(dMu, latent, batch), true));
        double[] dfs = Tensors.columnMajor(logStd.backward(matrix(dLs, latent, batch), true));
        d = new double[flat * batch];
        for (int j = 0; j < d.length; j++) d[j] = df[j] + dfs[j];
        for (int i = blocks - 1; i >= 0; i--) {
            double[] dr = encoder.get(i).residualBackward(d);
            for (int j = 0; j < d.length; j++) d[j] += dr[j];
            if (i > 0) d = poolBackward(d, batch, encLength[i - 1]);
        }
        d = normBackward(inputNorm, d);
        Host g = Host.of(embedding.grad());
        for (int p = 0; p < batch * length; p++) {
            int tok = lastTokens[p], o = p * width;
            for (int c = 0; c < width; c++) g.add(tok * width + c, d[o + c]);
        }
    }

    /** Token indices of a batch's x (B × H values that are whole numbers in [0, K)). */
    private int[] tokens(INDArray x) {
        double[] v = Tensors.columnMajor(x);
        int b = (int) x.rows(), h = (int) x.columns();
        if (h != length) {
            throw new IllegalArgumentException(
                    "the VAE reads sequences of " + length + " tokens, got " + h + " columns");
        }
        int[] t = new int[b * h];
        for (int r = 0; r < b; r++) for (int p = 0; p < h; p++) t[r * h + p] = (int) Math.round(v[p * b + r]);
        return t;
    }

    /**
     * PGS's VAE loss ({@link #loss}) for the shared {@link Trainer}: x holds token indices (B × H); no randomness
     * (z is μ). The last batch's nll and KL show in {@link TrainingLoss#status()}, their means over each epoch's
     * training rows in {@link TrainingLoss#epochMetrics()} ({@code nll}, {@code kl}).
     */
    public static TrainingLoss<ConvSequenceVae> meanLatentElbo(double beta) {
        ElboLoss.checkBeta(beta);
        return new ElboLoss<>() {
            @Override
            Elbo train(ConvSequenceVae vae, Batch b) {
                return vae.loss(vae.tokens(b.x()), b.size(), beta, true);
            }

            @Override
            Elbo evaluate(ConvSequenceVae vae, Batch b) {
                return vae.loss(vae.tokens(b.x()), b.size(), beta, false);
            }
        };
    }

    /** The latent means μ of sequences (rows of token indices), row-major n × latent, in batches of 1,024. */
    public double[][] encodeMeans(int[][] sequences) {
        double[][] out = new double[sequences.length][];
        for (int from = 0; from < sequences.length; from += 1024) {
            int b = Math.min(1024, sequences.length - from);
            int[] t = new int[b * length];
            for (int r = 0; r < b; r++) System.arraycopy(sequences[from + r], 0, t, r * length, length);
            double[] m = encode(t, b)[0];
            for (int r = 0; r < b; r++) {
                out[from + r] = new double[latent];
                for (int j = 0; j < latent; j++) out[from + r][j] = m[j * b + r];
            }
        }
        return out;
    }

    /** The most likely token at each position of decode(z) for latent rows z (n × latent). */
    public int[][] decodeArgmax(double[][] z) {
        int n = z.length, len = decLength[0];
        double[] zc = new double[latent * n];
        for (int r = 0; r < n; r++) {
            if (z[r].length != latent) {
                throw new IllegalArgumentException("latent rows need " + latent + " values, got " + z[r].length);
            }
            for (int j = 0; j < latent; j++) zc[j * n + r] = z[r][j];
        }
        double[] lg = decode(zc, n);
        int[][] out = new int[n][len];
        for (int p = 0; p < n * len; p++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (lg[p * classes + c] > lg[p * classes + best]) best = c;
            out[p / len][p % len] = best;
        }
        return out;
    }

    /** Average pooling (window 2, stride 2, 'same', padding not counted) of batch × len positions. */
    private double[] pool(double[] x, int batch, int len) {
        int out = (len + 1) / 2;
        double[] y = new double[width * batch * out];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < out; t++) {
                int a = (b * len + 2 * t) * width, o = (b * out + t) * width;
                boolean pair = 2 * t + 1 < len;
                for (int c = 0; c < width; c++) y[o + c] = pair ? 0.5 * (x[a + c] + x[a + width + c]) : x[a + c];
            }
        }
        return y;
    }

    private double[] poolBackward(double[] dy, int batch, int len) {
        int out = (len + 1) / 2;
        double[] dx = new double[width * batch * len];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < out; t++) {
                int a = (b * len + 2 * t) * width, o = (b * out + t) * width;
                boolean pair = 2 * t + 1 < len;
                for (int c = 0; c < width; c++) {
                    if (pair) {
                        dx[a + c] = 0.5 * dy[o + c];
                        dx[a + width + c] = 0.5 * dy[o + c];
                    } else {
                        dx[a + c] = dy[o + c];
                    }
                }
            }
        }
        return dx;
    }

    /** Each position twice, then (when {@code out} is odd) the last position once more. */
    private double[] upsample(double[] x, int batch, int len, int out) {
        double[] y = new double[width * batch * out];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < out; t++) {
                int from = (b * len + Math.min(t / 2, len - 1)) * width, o = (b * out + t) * width;
                System.arraycopy(x, from, y, o, width);
            }
        }
        return y;
    }

    private double[] upsampleBackward(double[] dy, int batch, int len, int out) {
        double[] dx = new double[width * batch * len];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < out; t++) {
                int to = (b * len + Math.min(t / 2, len - 1)) * width, o = (b * out + t) * width;
                for (int c = 0; c < width; c++) dx[to + c] += dy[o + c];
            }
        }
        return dx;
    }

    /** Layer norm of the first n values of x (a convolution's array may be longer). */
    private double[] norm(LayerNorm ln, double[] x, int n) {
        return Tensors.columnMajor(
                ln.forward(matrix(x.length == n ? x : java.util.Arrays.copyOf(x, n), width, n / width)));
    }

    private double[] normBackward(LayerNorm ln, double[] d) {
        return Tensors.columnMajor(ln.backward(matrix(d, width, d.length / width)));
    }

    private static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.max(0, x[i]);
        return y;
    }

    private static double[] reluBackward(double[] d, double[] y) {
        double[] g = new double[d.length];
        for (int i = 0; i < d.length; i++) g[i] = y[i] > 0 ? d[i] : 0;
        return g;
    }

    private INDArray matrix(double[] v, int rows, int cols) {
        INDArray m = Nd4j.create(type, new long[] {rows, cols}, 'f');
        Tensors.assignColumnMajor(m, v);
        return m;
    }
}
