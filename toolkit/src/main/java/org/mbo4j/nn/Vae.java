package org.mbo4j.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A variational autoencoder as design-baselines builds it for CbAS ({@code design_baselines/cbas/nets.py},
 * {@code Encoder}, {@code DiscreteDecoder}, {@code ContinuousDecoder}): two {@link Mlp}s with hand-written backprop.
 *
 * <ul>
 *   <li><b>Encoder</b> x → hidden… → 2J values: J means μ and J raw log-stds, soft-clipped between two trainable
 *       scalars exactly as {@link GaussianMlp} does (initial bounds log {@code maxStd}, log {@code minStd}); the
 *       posterior scale is {@code softplus(logstd)}, not {@code exp}, as in the authors' {@code Encoder.get_params}
 *       (nets.py line 154).
 *   <li><b>Reparameterisation</b> z = μ + σ·ε, ε ~ N(0, I) given by the caller (seeded).
 *   <li><b>Decoder</b> z → hidden… → either L·K logits (a categorical distribution per position, unit l·K + c is
 *       class c of position l: {@link Likelihood#CATEGORICAL}) or 2d values (d means, then d raw log-stds soft-clipped
 *       between two trainable scalars, scale {@code exp(logstd)}: {@link Likelihood#GAUSSIAN}, the authors'
 *       {@code ContinuousDecoder}, whose Reshape interleaves mean and log-std units; the split here is a permutation
 *       of the same units).
 * </ul>
 *
 * <p>Inputs are rows of the model's data form: for {@link Likelihood#CATEGORICAL}, L·K one-hot (or any
 * non-negative class weights per position; the reconstruction term is the cross-entropy Σ_c x_c·(−log p_c)); for
 * {@link Likelihood#GAUSSIAN}, d real values.
 *
 * <p>The loss ({@link #loss}) is the authors' {@code WeightedVAE.train_step} (cbas/trainers.py line 323): the batch
 * mean of wᵢ·(nllᵢ + β·KLᵢ), with nllᵢ = −log p(xᵢ | zᵢ) summed over positions/dimensions and KLᵢ = KL(q(z|xᵢ) ‖
 * N(0, I)) in closed form. Note the mean, not Σ wᵢℓᵢ / Σ wᵢ: the weights' scale is part of the step size, as in the
 * authors' code. {@link #logLikelihood} is log p(x | z) of the decoder, the quantity CbAS's density ratios use.
 */
public final class Vae implements Module {
    /** The decoder's distribution per design. */
    public enum Likelihood {
        /** One categorical distribution per position (sequences). */
        CATEGORICAL,
        /** A diagonal Gaussian with soft-clipped log-std (boxes). */
        GAUSSIAN
    }

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final Likelihood likelihood;
    private final int positions;
    private final int classes;
    private final int latent;
    private final double maxStd;
    private final double minStd;
    private final Mlp encoder;
    private final Mlp decoder;
    /** Encoder log-std bounds (max, min) and, for GAUSSIAN, decoder bounds (max, min): 1 × 2 or 1 × 4. */
    private final INDArray bounds;

    private final INDArray boundsGrad;
    private final List<Param> params;
    /** The decoder's input per batch size (z, F-order), reused across batches. */
    private final Map<Integer, INDArray> latentBuffers = new HashMap<>();

    private Vae(
            Likelihood likelihood,
            int positions,
            int classes,
            int latent,
            double maxStd,
            double minStd,
            Mlp enc,
            Mlp dec) {
        this.likelihood = likelihood;
        this.positions = positions;
        this.classes = classes;
        this.latent = latent;
        this.maxStd = maxStd;
        this.minStd = minStd;
        this.encoder = enc;
        this.decoder = dec;
        int nb = likelihood == Likelihood.GAUSSIAN ? 4 : 2;
        bounds = Nd4j.create(enc.dataType(), 1, nb);
        boundsGrad = Nd4j.create(enc.dataType(), 1, nb);
        for (int b = 0; b < nb; b += 2) {
            bounds.putScalar(0, b, Math.log(maxStd));
            bounds.putScalar(0, b + 1, Math.log(minStd));
        }
        List<Param> ps = new ArrayList<>();
        ps.add(new Param(
                "encoder", enc.flatParameters(), enc.parameters().get(0).grad()));
        ps.add(new Param(
                "decoder", dec.flatParameters(), dec.parameters().get(0).grad()));
        ps.add(new Param("logstd_bounds", bounds, boundsGrad));
        params = List.copyOf(ps);
    }

    /** A builder for a VAE over L positions of K classes (one-hot input L·K, categorical decoder). */
    public static Builder categorical(int positions, int classes) {
        if (positions < 1 || classes < 2) {
            throw new IllegalArgumentException(
                    "a categorical VAE needs ≥ 1 position and ≥ 2 classes, got " + positions + " × " + classes);
        }
        return new Builder(Likelihood.CATEGORICAL, positions, classes);
    }

    /** A builder for a VAE over d real values (Gaussian decoder). */
    public static Builder gaussian(int dims) {
        if (dims < 1) throw new IllegalArgumentException("a Gaussian VAE needs ≥ 1 dimension, got " + dims);
        return new Builder(Likelihood.GAUSSIAN, dims, 1);
    }

    public Likelihood likelihood() {
        return likelihood;
    }

    /** Width of the data form: L·K (categorical) or d (Gaussian). */
    public int inputSize() {
        return encoder.inputSize();
    }

    /** Latent size J. */
    public int latentSize() {
        return latent;
    }

    /** The encoder MLP (output 2J). */
    public Mlp encoder() {
        return encoder;
    }

    /** The decoder MLP (output L·K or 2d). */
    public Mlp decoder() {
        return decoder;
    }

    /** The log-std bounds (1 × 2: encoder max, min; Gaussian: 1 × 4, then decoder max, min); a live view. */
    public INDArray logStdBounds() {
        return bounds;
    }

    /** Encoder MLP, decoder MLP and the log-std bounds (settled: see {@link Module#discardGrad}). */
    @Override
    public List<Param> parameters() {
        settleGrad();
        return params;
    }

    @Override
    public void zeroGrad() {
        encoder.zeroGrad();
        decoder.zeroGrad();
        boundsGrad.assign(0);
    }

    @Override
    public void discardGrad() {
        encoder.discardGrad();
        decoder.discardGrad();
        boundsGrad.assign(0);
    }

    @Override
    public void settleGrad() {
        encoder.settleGrad();
        decoder.settleGrad();
    }

    /** An independent copy with the same weights and bounds. */
    public Vae copy() {
        Vae v = new Vae(likelihood, positions, classes, latent, maxStd, minStd, encoder.copy(), decoder.copy());
        v.bounds.assign(bounds);
        return v;
    }

    /** {@code n} × J standard-normal draws from {@code rng} (row by row): the prior's samples and the ε of training. */
    public double[][] standardNormal(int n, RandomGenerator rng) {
        double[][] z = new double[n][latent];
        for (double[] row : z) for (int j = 0; j < latent; j++) row[j] = rng.nextGaussian();
        return z;
    }

    /**
     * The weighted β-ELBO loss of a batch, mean over rows of wᵢ·(nllᵢ + β·KLᵢ), with z = μ + σ·ε. When
     * {@code grads}, adds its gradient to every parameter's grad buffer. A non-finite loss is returned as it is.
     *
     * @param x       B × {@link #inputSize()} rows in the data form
     * @param weights B × 1 (null: ones)
     * @param eps     B × J standard-normal draws
     */
    public Elbo loss(INDArray x, INDArray weights, double beta, double[][] eps, boolean grads) {
        int bsz = (int) x.rows();
        if (eps.length != bsz) {
            throw new IllegalArgumentException("eps has " + eps.length + " rows for a batch of " + bsz);
        }
        double[] w = weights == null ? null : Tensors.columnMajor(weights.reshape(bsz, 1));
        double[] xs = Tensors.columnMajor(x);
        double[] bnd = Tensors.columnMajor(bounds);
        // encoder
        double[] o = Tensors.columnMajor(encoder.forward(x));
        double[] mu = new double[bsz * latent];
        double[] sigma = new double[bsz * latent];
        double[][] clip = new double[bsz * latent][];
        double[] z = new double[bsz * latent];
        double[] kl = new double[bsz];
        for (int j = 0; j < latent; j++) {
            for (int i = 0; i < bsz; i++) {
                int at = j * bsz + i;
                mu[at] = o[at];
                clip[at] = LogStdClip.clipFast(o[(latent + j) * bsz + i], bnd[0], bnd[1]);
                sigma[at] = LogStdClip.fastSoftplus(clip[at][0]);
                z[at] = mu[at] + sigma[at] * eps[i][j];
                kl[i] += -Math.log(sigma[at]) + 0.5 * (sigma[at] * sigma[at] + mu[at] * mu[at]) - 0.5;
            }
        }
        INDArray zs =
                latentBuffers.computeIfAbsent(bsz, b -> Nd4j.create(decoder.dataType(), new long[] {b, latent}, 'f'));
        Tensors.assignColumnMajor(zs, z);
        double[] out = Tensors.columnMajor(decoder.forward(zs));
        double[] dOut = grads ? new double[out.length] : null;
        double nllSum = 0;
        double klSum = 0;
        double loss = 0;
        double[] nll = reconstruction(out, xs, bsz, bnd, dOut, w);
        for (int i = 0; i < bsz; i++) {
            double wi = w == null ? 1 : w[i];
            loss += wi * (nll[i] + beta * kl[i]) / bsz;
            nllSum += nll[i];
            klSum += kl[i];
        }
        if (grads) backward(dOut, mu, sigma, clip, eps, w, beta, bsz);
        return new Elbo(loss, nllSum / bsz, klSum / bsz);
    }

    /**
     * −log p(xᵢ | zᵢ) per row from the decoder's output (column-major B × outputs). When {@code dOut} is given, writes
     * ∂loss/∂out with loss = mean wᵢ·nllᵢ into it and adds the decoder bounds' gradient.
     */
    private double[] reconstruction(double[] out, double[] xs, int bsz, double[] bnd, double[] dOut, double[] w) {
        double[] nll = new double[bsz];
        double[] dBounds = new double[2];
        if (likelihood == Likelihood.CATEGORICAL) {
            for (int i = 0; i < bsz; i++) {
                double wi = dOut == null ? 0 : (w == null ? 1 : w[i]) / bsz;
                for (int l = 0; l < positions; l++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < classes; c++) max = Math.max(max, out[(l * classes + c) * bsz + i]);
                    double sum = 0;
                    for (int c = 0; c < classes; c++) sum += Math.exp(out[(l * classes + c) * bsz + i] - max);
                    double lse = max + Math.log(sum);
                    double mass = 0;
                    for (int c = 0; c < classes; c++) {
                        int at = (l * classes + c) * bsz + i;
                        nll[i] += xs[at] * (lse - out[at]);
                        mass += xs[at];
                    }
                    if (dOut != null) {
                        for (int c = 0; c < classes; c++) {
                            int at = (l * classes + c) * bsz + i;
                            dOut[at] = wi * (Math.exp(out[at] - lse) * mass - xs[at]);
                        }
                    }
                }
            }
        } else {
            int d = positions;
            for (int i = 0; i < bsz; i++) {
                double wi = dOut == null ? 0 : (w == null ? 1 : w[i]) / bsz;
                for (int j = 0; j < d; j++) {
                    double m = out[j * bsz + i];
                    double[] c = LogStdClip.clipFast(out[(d + j) * bsz + i], bnd[2], bnd[3]);
                    double r = (xs[j * bsz + i] - m) * Math.exp(-c[0]);
                    nll[i] += HALF_LOG_2PI + c[0] + 0.5 * r * r;
                    if (dOut != null) {
                        double dLogstd = wi * (1 - r * r);
                        dOut[j * bsz + i] = -wi * r * Math.exp(-c[0]);
                        dOut[(d + j) * bsz + i] = dLogstd * c[1];
                        dBounds[0] += dLogstd * c[2];
                        dBounds[1] += dLogstd * c[3];
                    }
                }
            }
            if (dOut != null) addBoundsGrad(2, dBounds);
        }
        return nll;
    }

    private void backward(
            double[] dOut,
            double[] mu,
            double[] sigma,
            double[][] clip,
            double[][] eps,
            double[] w,
            double beta,
            int bsz) {
        INDArray dBuf = decoder.outputGradientBuffer();
        Tensors.assignColumnMajor(dBuf, dOut);
        double[] dz = Tensors.columnMajor(decoder.backward(dBuf, true, true));
        double[] dEnc = new double[2 * latent * bsz];
        double[] dBounds = new double[2];
        for (int j = 0; j < latent; j++) {
            for (int i = 0; i < bsz; i++) {
                int at = j * bsz + i;
                double wb = (w == null ? 1 : w[i]) * beta / bsz;
                double s = sigma[at];
                dEnc[at] = dz[at] + wb * mu[at];
                double dSigma = dz[at] * eps[i][j] + wb * (s - 1 / s);
                double dLogstd = dSigma * LogStdClip.sigmoid(clip[at][0]); // softplus' = sigmoid
                dEnc[(latent + j) * bsz + i] = dLogstd * clip[at][1];
                dBounds[0] += dLogstd * clip[at][2];
                dBounds[1] += dLogstd * clip[at][3];
            }
        }
        addBoundsGrad(0, dBounds);
        INDArray eBuf = encoder.outputGradientBuffer();
        Tensors.assignColumnMajor(eBuf, dEnc);
        encoder.backward(eBuf, true, false);
    }

    /** Adds two partials to the bounds' gradient at {@code from}, in the buffer's type (as ND4J's addi would). */
    private void addBoundsGrad(int from, double[] d) {
        boolean f32 = boundsGrad.dataType() == DataType.FLOAT;
        for (int b = 0; b < 2; b++) {
            double g = boundsGrad.getDouble(0, from + b);
            boundsGrad.putScalar(0, from + b, f32 ? (float) g + (float) d[b] : g + d[b]);
        }
    }

    /**
     * The weighted β-ELBO ({@link #loss}) as a loss for the shared {@link Trainer}: batch weights column 0 (or ones),
     * ε drawn from a stream fixed by (seed, epoch, batch index), so a resumed training draws what an uninterrupted
     * one would and the loss keeps no state. Validation is unweighted. The last training batch's mean nll and KL
     * show in {@link TrainingLoss#status()}; their unweighted means over each epoch's training rows are its
     * {@link TrainingLoss#epochMetrics()} {@code nll} (reconstruction, −log p(x | z)) and {@code kl}.
     */
    public static TrainingLoss<Vae> elboLoss(double beta, long seed) {
        ElboLoss.checkBeta(beta);
        return new ElboLoss<>() {
            @Override
            Elbo train(Vae vae, Batch b) {
                return vae.loss(b.x(), b.weights(0), beta, vae.standardNormal(b.size(), rng(b)), true);
            }

            @Override
            Elbo evaluate(Vae vae, Batch b) {
                return vae.loss(b.x(), null, beta, vae.standardNormal(b.size(), rng(b)), false);
            }

            private SplittableRandom rng(Batch b) {
                return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + b.epoch() * 1_000_003L + b.index());
            }
        };
    }

    /** The posterior's mean and scale for x: {μ, σ}, each B × J (row-major Java arrays). */
    public double[][][] posterior(INDArray x) {
        int bsz = (int) x.rows();
        double[] o = Tensors.columnMajor(encoder.forward(x));
        double[] bnd = Tensors.columnMajor(bounds);
        double[][] mu = new double[bsz][latent];
        double[][] sigma = new double[bsz][latent];
        for (int i = 0; i < bsz; i++) {
            for (int j = 0; j < latent; j++) {
                mu[i][j] = o[j * bsz + i];
                sigma[i][j] =
                        LogStdClip.fastSoftplus(LogStdClip.clipFast(o[(latent + j) * bsz + i], bnd[0], bnd[1])[0]);
            }
        }
        return new double[][][] {mu, sigma};
    }

    /**
     * Draws one design per latent row from the decoder's distribution p(x | z), in the data form: one-hot rows
     * (categorical, each position's class drawn from its softmax) or real rows (Gaussian, mean + scale·N(0, 1)).
     * Draws come from {@code rng} row by row, so a seed fixes the samples.
     */
    public double[][] sample(double[][] z, RandomGenerator rng) {
        double[] out = decode(z);
        int n = z.length;
        double[] bnd = Tensors.columnMajor(bounds);
        double[][] x = new double[n][inputSize()];
        for (int i = 0; i < n; i++) {
            if (likelihood == Likelihood.CATEGORICAL) {
                for (int l = 0; l < positions; l++) {
                    double[] p = softmax(out, l, i, n);
                    double u = rng.nextDouble();
                    int pick = classes - 1;
                    double cum = 0;
                    for (int c = 0; c < classes; c++) {
                        cum += p[c];
                        if (u < cum) {
                            pick = c;
                            break;
                        }
                    }
                    x[i][l * classes + pick] = 1;
                }
            } else {
                for (int j = 0; j < positions; j++) {
                    double logstd = LogStdClip.clipFast(out[(positions + j) * n + i], bnd[2], bnd[3])[0];
                    x[i][j] = out[j * n + i] + Math.exp(logstd) * rng.nextGaussian();
                }
            }
        }
        return x;
    }

    /** log p(xᵢ | zᵢ) of the decoder for each row (x in the data form). */
    public double[] logLikelihood(double[][] z, double[][] x) {
        if (z.length != x.length) {
            throw new IllegalArgumentException(z.length + " latent rows for " + x.length + " designs");
        }
        int n = z.length;
        double[] out = decode(z);
        double[] xs = Tensors.columnMajor(Tensors.matrix(x, DataType.DOUBLE));
        double[] nll = reconstruction(out, xs, n, Tensors.columnMajor(bounds), null, null);
        double[] ll = new double[n];
        for (int i = 0; i < n; i++) ll[i] = -nll[i];
        return ll;
    }

    /**
     * The ELBO per row, log p(x | z) − KL(q(z | x) ‖ N(0, I)) with z = μ + σ·ε (β = 1), a lower bound on log p(x).
     */
    public double[] elbo(INDArray x, double[][] eps) {
        double[][][] post = posterior(x);
        int n = (int) x.rows();
        double[][] z = new double[n][latent];
        double[] kl = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < latent; j++) {
                double m = post[0][i][j];
                double s = post[1][i][j];
                z[i][j] = m + s * eps[i][j];
                kl[i] += -Math.log(s) + 0.5 * (s * s + m * m) - 0.5;
            }
        }
        double[] ll = logLikelihood(z, Tensors.rows(x));
        for (int i = 0; i < n; i++) ll[i] -= kl[i];
        return ll;
    }

    /** The decoder's raw output for latent rows (column-major n × outputs, a copy). */
    private double[] decode(double[][] z) {
        return Tensors.columnMajor(decoder.forward(Tensors.matrix(z, decoder.dataType())));
    }

    private double[] softmax(double[] out, int l, int i, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) max = Math.max(max, out[(l * classes + c) * n + i]);
        double[] p = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) sum += p[c] = Math.exp(out[(l * classes + c) * n + i] - max);
        for (int c = 0; c < classes; c++) p[c] /= sum;
        return p;
    }

    /**
     * Builder with design-baselines' CbAS values for TFBind8 ({@code cbas/experiments.py} lines 347–354): one hidden
     * layer of 256 LeakyReLU(0.3) units, latent 32, initial std bounds 0.2 / 0.1, float32, seed 0.
     */
    public static final class Builder {
        private final Likelihood likelihood;
        private final int positions;
        private final int classes;
        private int[] hidden = {256};
        private int latent = 32;
        private Activation activation = Activation.leakyRelu(0.3);
        private double maxStd = 0.2;
        private double minStd = 0.1;
        private DataType type = DataType.FLOAT;
        private long seed;

        private Builder(Likelihood likelihood, int positions, int classes) {
            this.likelihood = likelihood;
            this.positions = positions;
            this.classes = classes;
        }

        /** Hidden widths of the encoder and of the decoder (default 256). */
        public Builder hidden(int... widths) {
            for (int h : widths) if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
            hidden = widths.clone();
            return this;
        }

        /** Latent size J (default 32). */
        public Builder latent(int j) {
            if (j < 1) throw new IllegalArgumentException("the latent size must be ≥ 1, got " + j);
            latent = j;
            return this;
        }

        /** Hidden activation (default LeakyReLU 0.3, Keras' default slope). */
        public Builder activation(Activation a) {
            activation = a;
            return this;
        }

        /** Initial std bounds of the soft clip (default 0.2 and 0.1). */
        public Builder stdBounds(double max, double min) {
            if (!(min > 0 && max > min) || Double.isInfinite(max)) {
                throw new IllegalArgumentException(
                        "the std bounds must satisfy 0 < min < max < ∞, got max " + max + ", min " + min);
            }
            maxStd = max;
            minStd = min;
            return this;
        }

        /** FLOAT (default) or DOUBLE (gradient checks). */
        public Builder dataType(DataType t) {
            type = t;
            return this;
        }

        /** Initialisation seed (encoder: seed, decoder: a seed derived from it). */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Vae build() {
            int in = likelihood == Likelihood.CATEGORICAL ? positions * classes : positions;
            int out = likelihood == Likelihood.CATEGORICAL ? positions * classes : 2 * positions;
            Mlp enc = Mlp.builder(in)
                    .hidden(hidden)
                    .activation(activation)
                    .outputs(2 * latent)
                    .dataType(type)
                    .seed(seed)
                    .build();
            Mlp dec = Mlp.builder(latent)
                    .hidden(hidden)
                    .activation(activation)
                    .outputs(out)
                    .dataType(type)
                    .seed(seed * 31 + 17)
                    .build();
            return new Vae(likelihood, positions, classes, latent, maxStd, minStd, enc, dec);
        }
    }

    @Override
    public String toString() {
        return "Vae(" + likelihood + ", in " + inputSize() + ", latent " + latent + ", " + encoder + ", " + decoder
                + ")";
    }
}
