package org.mbo4j.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.mbo4j.method.baseline.GaussianProcess;
import org.mbo4j.method.baseline.MultiObjectiveBo;
import org.mbo4j.method.moo.DnnProxies;
import org.mbo4j.method.moo.JMetalNsgaII;
import org.mbo4j.method.surrogate.BidirectionalLearning;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.CausalTransformer;
import org.mbo4j.nn.ConditionalCritic;
import org.mbo4j.nn.ConditionalGenerator;
import org.mbo4j.nn.ConservativeSac;
import org.mbo4j.nn.Denoiser;
import org.mbo4j.nn.Diffusion;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.nn.FlowMatching;
import org.mbo4j.nn.GFlowNet;
import org.mbo4j.nn.GanNetwork;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Gemm;
import org.mbo4j.nn.Host;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.InputAscent;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.RankingLoss;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.ReluNtk;
import org.mbo4j.nn.TanhGaussianPolicy;
import org.mbo4j.nn.TemporalUnet;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingLoss;
import org.mbo4j.nn.Vae;
import org.mbo4j.nn.VectorField;
import org.mbo4j.nn.VpSde;
import org.mbo4j.nn.WassersteinGanLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The performance cases of issue 4 on the toolkit's own code paths (the same classes methods use):
 * <ul>
 *   <li>{@code gemm-N}: the neural core's GEMM ({@link org.mbo4j.nn.Gemm}: one cblas call into ND4J's OpenBLAS)
 *   N×N×N into a preallocated F-order buffer;</li>
 *   <li>{@code train-epoch}: one epoch of design-baselines' Grad surrogate, TFBind8 logits shape 24 → 2048 → 2048 →
 *       Gaussian head (LeakyReLU 0.3), batch 128, Adam, 32,898 rows of random data;</li>
 *   <li>{@code ascent-step}, {@code ascent-step-ensemble5}: one gradient step w.r.t. 128 designs through that model
 *       and through a 5-model ensemble (mean);</li>
 *   <li>{@code coms-batch}: one COMs training batch (24 → 2048 → 2048 → 1 ReLU): 50 inner ascent steps on 128
 *       designs, then MSE + α·(mean f̂(x⁻) − mean f̂(x)) forward/backward and an Adam step.</li>
 *   <li>{@code gan-step}: one MINs GAN step at design-baselines' TFBind8 sizes (one-hot 8 × 4 designs, hidden 1024
 *       × 3, latent 32, batch 128): the critic's WGAN-GP update (real, fake and gradient-penalty passes) and one
 *       generator update ({@link WassersteinGanLoss} with one generator step per critic step), y as an input
 *       column; {@code gan-step-mins} the same with MINs' own networks ({@link GanNetwork#MINS}).</li>
 *   <li>{@code vae-epoch}: one epoch of CbAS' VAE ({@link Vae}) at design-baselines' TFBind8 sizes: 32,898 one-hot
 *       rows of 8 × 4, encoder 32 → 256 → 2·32, decoder 32 → 256 → 32 categorical logits, LeakyReLU 0.3, β-ELBO,
 *       batch 100, Adam.</li>
 *   <li>{@code transformer-step}: one BONET training step at its TFBind8 sizes ({@link CausalTransformer}: 8 layers,
 *       8 heads, embedding 128, windows of 64 steps = 128 tokens, dropout 0.1, batch 128, points as 8 integer
 *       tokens, a head of 8 × 4 logits at the R tokens): forward, cross-entropy per position, backward, gradient
 *       clipping to norm 1 and an Adam step with decoupled weight decay 0.1, as {@code Bonet}'s training loss.</li>
 *   <li>{@code nsga2-generation}: one generation of Off-MOO-Bench's search, {@link JMetalNsgaII} with pymoo's
 *       NSGA-II defaults on {@code mm}'s proxies for ZDT1 (two 30 → 2048 → 2048 → 1 LeakyReLU networks,
 *       {@link DnnProxies.Proxy#predict}), population 256: a run of G generations (the initial population being
 *       the first, as pymoo's {@code n_gen}) divided by G. The peer is pymoo 0.6.1.3's NSGA-II on the same torch
 *       networks.</li>
 *   <li>{@code flow-matching-epoch}: one epoch of ParetoFlow's flow-matching training at its paper size
 *       ({@link VectorField} 30 → 512 → 512 → 512 → 30 SELU on x + Linear(1, 30)(t), ICFM σ = 0 loss
 *       {@link FlowMatching#icfm}, batch 128, Adam 1e-3) on 54,000 rows of a 30-d task (ZDT1's width; 90 % of
 *       Off-MOO-Bench's 60,000 visible rows), timed on 100 batches (20 with {@code --quick}) and extrapolated.</li>
 *   <li>{@code denoiser-epoch}: one epoch of DDOM's denoiser at its TFBind8 sizes ({@link Denoiser} on [x | t | y],
 *       26 → 1024 → 1024 → 1024 → 24 Swish, {@link Diffusion#weightedDsm} with condition dropout 0.15, batch 128,
 *       Adam 1e-3, the batches in a fixed order) on 32,241 rows (98 % of 32,898), timed on 100 batches (20 with
 *       {@code --quick}) and extrapolated.</li>
 *   <li>{@code ddom-sampling}: DDOM's guided sampling of 128 designs, 1000 reverse steps (100 with {@code --quick},
 *       the time scaled to 1000), each one forward pass of 256 rows (conditional and unconditional halves) through
 *       that denoiser and the update of {@link Diffusion.Sampler#DDOM_HEUN}.</li>
 *   <li>{@code tb-step}: one GFlowNet-AL training step at its TFBind8 sizes ({@link GFlowNet}: one-hot prefixes of
 *       8 × 4 → 1024 → 1024 → 1024 ReLU → 4 logits): sample 16 sequences letter by letter (temperature 0.2, random
 *       letters with probability 0.001), then the trajectory-balance loss of those 16 and 8 data sequences with
 *       given log-rewards, its backward pass, the gradient-norm clip and the two Adams; timed over 200 steps (20
 *       with {@code --quick}). The proxy's reward is not part of the case.</li>
 *   <li>{@code ntk-gram}: BDI's kernel matrix at TFBind8's size, the n(n + 1)/2 entries of the lower triangle of
 *       {@link ReluNtk} (depth 5) over 32,898 rows of 24 inputs in double precision, timed on the first 2,048 rows
 *       (1,024 with {@code --quick}) and scaled by the number of entries. The peer computes the full square block
 *       in torch float64 with the same recursion (neural-tangents' formulas), scaled the same way.</li>
 *   <li>{@code bdi-step}: one of BDI's 128 × 200 Adam steps at TFBind8's size: the value and gradient of the forward
 *       plus backward loss at one design over 32,898 rows ({@link BidirectionalLearning.Mappings#gradient}); the peer
 *       is torch float64 autograd through the same recursion. The method steps its designs in parallel, one per
 *       core, so ours is timed as two designs' 20 steps side by side (5 with {@code --quick}) per design step; the
 *       peer runs steps one after another with torch's intra-op threads.</li>
 *   <li>{@code ranking-batch}: one of RaM's training steps at its paper size ({@code lamda-bbo/Offline-RaM}
 *       {@code config/default.yaml}): 128 lists of 1,000 designs drawn from 32,898 rows of 24 inputs, scored by the
 *       24 → 2048 → 2048 → 1 ReLU network, the ListNet loss ({@link RankingLoss}), its backward pass and Adam with
 *       weight decay 1e-5 (16 lists with {@code --quick}, scaled). An epoch is 63 such steps.</li>
 *   <li>{@code cql-step}: one update of PGS's offline RL learner ({@link ConservativeSac}) at its TFBind8 sizes
 *       (see {@link #cqlStep}).</li>
 *   <li>{@code unet-step}: one of GTG's 10,000 diffusion training steps at its TFBind8 sizes: 256 trajectories
 *       (2 × 128) of 64 steps × 25 features through the {@link TemporalUnet} (dim 32, multipliers 1, 4, 8), the
 *       weighted squared error against the noise (weight 10 on the last feature), the backward pass and Adam;
 *       median of 3 steps (1 with {@code --quick}) after one warm-up step. FLOPs count the convolutions' and the
 *       linear layers' multiply-adds (forward, then twice that for the backward pass).</li>
 * </ul>
 */
public final class PerfSuite {
    static final int D = 24;
    static final int H = 2048;
    static final int ROWS = 32_898;
    static final int BATCH = 128;

    private final boolean quick;
    private final Consumer<String> log;

    public PerfSuite(boolean quick, Consumer<String> log) {
        this.quick = quick;
        this.log = log;
    }

    /** The case names, in run order. */
    public static final List<String> CASES = List.of(
            "gemm-128",
            "gemm-512",
            "gemm-2048",
            "train-epoch",
            "ascent-step",
            "ascent-step-ensemble5",
            "coms-batch",
            "gan-step",
            "gan-step-mins",
            "vae-epoch",
            "transformer-step",
            "nsga2-generation",
            "flow-matching-epoch",
            "denoiser-epoch",
            "ddom-sampling",
            "tb-step",
            "ntk-gram",
            "bdi-step",
            "ranking-batch",
            "unet-step",
            "cql-step",
            "parego-acquisition");

    /** Runs every case. */
    public List<PerfCase> run() {
        List<PerfCase> cases = new ArrayList<>();
        for (String c : CASES) cases.add(run(c));
        return cases;
    }

    /** Runs one case by name. */
    public PerfCase run(String name) {
        return switch (name) {
            case "gemm-128" -> gemm(128);
            case "gemm-512" -> gemm(512);
            case "gemm-2048" -> gemm(2048);
            case "train-epoch" -> trainEpoch();
            case "ascent-step" -> ascentStep(1);
            case "ascent-step-ensemble5" -> ascentStep(5);
            case "coms-batch" -> comsBatch();
            case "gan-step" -> ganStep(GanNetwork.INPUT_COLUMN);
            case "gan-step-mins" -> ganStep(GanNetwork.MINS);
            case "vae-epoch" -> vaeEpoch();
            case "transformer-step" -> transformerStep();
            case "nsga2-generation" -> nsga2Generation();
            case "flow-matching-epoch" -> flowMatchingEpoch();
            case "denoiser-epoch" -> denoiserEpoch();
            case "ddom-sampling" -> ddomSampling();
            case "tb-step" -> tbStep();
            case "ntk-gram" -> ntkGram();
            case "bdi-step" -> bdiStep();
            case "ranking-batch" -> rankingBatch();
            case "unet-step" -> unetStep();
            case "cql-step" -> cqlStep();
            case "parego-acquisition" -> paregoAcquisition();
            default -> throw new IllegalArgumentException("unknown perf case " + name + "; known: " + CASES);
        };
    }

    private PerfCase logged(PerfCase c) {
        log.accept(String.format(
                java.util.Locale.ROOT,
                "%-22s %9.4f s  %10.0f samples/s  %7.1f GFLOP/s",
                c.name(),
                c.seconds(),
                c.samplesPerSecond(),
                c.gflops()));
        return c;
    }

    static INDArray random(long rows, long cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble() * 2 - 1;
        return Nd4j.create(v, new long[] {rows, cols}, 'f').castTo(DataType.FLOAT);
    }

    PerfCase gemm(int n) {
        INDArray a = random(n, n, 1);
        INDArray b = random(n, n, 2);
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {n, n}, 'f');
        int reps = n >= 2048 ? (quick ? 5 : 15) : n >= 512 ? 50 : 500;
        double t = Timing.median(Math.max(2, reps / 10), reps, () -> Gemm.gemm(a, b, c, false, false, 1.0, 0.0));
        return logged(new PerfCase(
                "gemm-" + n,
                "Gemm.gemm (" + Gemm.library().id() + ") float32 " + n + "×" + n + "×" + n
                        + " into a preallocated F-order buffer",
                t,
                n,
                2.0 * n * n * n));
    }

    static GaussianMlp gradSurrogate(long seed) {
        return GaussianMlp.of(
                Mlp.builder(D)
                        .hidden(H, H)
                        .activation(Activation.leakyRelu(0.3))
                        .seed(seed),
                1);
    }

    PerfCase trainEpoch() {
        int rows = quick ? 20 * BATCH : ROWS;
        INDArray x = random(rows, D, 3);
        INDArray y = random(rows, 1, 4);
        GaussianMlp model = gradSurrogate(0);
        Trainer warm = Trainer.builder()
                .epochs(1)
                .batchSize(BATCH)
                .learningRate(3e-4)
                .seed(0)
                .label("warm-up")
                .build();
        warm.fit(
                model,
                x.get(NDArrayIndex.interval(0, 4 * BATCH), NDArrayIndex.all()),
                y.get(NDArrayIndex.interval(0, 4 * BATCH), NDArrayIndex.all()),
                null,
                Losses.gaussianNll());
        Trainer t = Trainer.builder()
                .epochs(1)
                .batchSize(BATCH)
                .learningRate(3e-4)
                .seed(0)
                .label("train-epoch")
                .build();
        double secs = Timing.median(0, 1, () -> t.fit(model, x, y, null, Losses.gaussianNll()));
        int[] s = {D, H, H, 2};
        double flopsPerRow = SurrogateShapes.forward(s) + SurrogateShapes.backwardWeights(s);
        double scale = (double) ROWS / rows;
        return logged(new PerfCase(
                "train-epoch",
                "one epoch, Grad surrogate 24→2048→2048→Gaussian head, batch 128," + " Adam, " + ROWS + " rows"
                        + (quick ? " (extrapolated from " + rows + " rows)" : ""),
                secs * scale,
                ROWS,
                flopsPerRow * ROWS));
    }

    PerfCase ascentStep(int members) {
        INDArray x = random(BATCH, D, 5);
        var model = members == 1
                ? gradSurrogate(0)
                : Ensemble.of(members, 0, PerfSuite::gradSurrogate, Ensemble.Aggregation.MEAN);
        INDArray seed = Tensors.unitColumn(Nd4j.create(DataType.FLOAT, BATCH, 1), 0);
        int reps = quick ? 10 : 50;
        double t = Timing.median(3, reps, () -> InputAscent.step(model, x, seed, 1e-3));
        int[] s = {D, H, H, 2};
        double flops = members * BATCH * (SurrogateShapes.forward(s) + SurrogateShapes.backwardInput(s));
        String name = members == 1 ? "ascent-step" : "ascent-step-ensemble" + members;
        return logged(new PerfCase(
                name,
                "one gradient step w.r.t. 128 designs through "
                        + (members == 1 ? "the Grad surrogate" : "a " + members + "-model ensemble (mean)"),
                t,
                BATCH,
                flops));
    }

    /** One COMs batch, written the way the COMs method writes it on the nn API (the Trainer's gradient handling). */
    PerfCase comsBatch() {
        Mlp f = Mlp.builder(D)
                .hidden(H, H)
                .activation(Activation.relu())
                .outputs(1)
                .seed(0)
                .build();
        INDArray x = random(BATCH, D, 6);
        INDArray y = random(BATCH, 1, 7);
        INDArray xNeg = Nd4j.create(DataType.FLOAT, new long[] {BATCH, D}, 'f');
        Adam adam = new Adam(3e-4);
        double[] logAlpha = {Math.log(0.1)};
        INDArray dNeg = Nd4j.create(DataType.FLOAT, new long[] {BATCH, 1}, 'f');
        INDArray dPos = Nd4j.create(DataType.FLOAT, new long[] {BATCH, 1}, 'f');
        Runnable batch = () -> {
            xNeg.assign(x);
            InputAscent.ascend(f, xNeg, 0, 2.0 * Math.sqrt(D) * 1e-3, 50);
            double alpha = Math.exp(logAlpha[0]);
            f.discardGrad(); // as the Trainer does for every loss
            INDArray neg = f.forward(xNeg);
            double meanNeg = neg.meanNumber().doubleValue();
            f.backward(dNeg.assign(alpha / BATCH), true, false);
            // MSE(f̂(x), y) − α·mean f̂(x) share one forward/backward on x
            INDArray pos = f.forward(x);
            double meanPos = pos.meanNumber().doubleValue();
            dPos.assign(pos).subi(y).muli(2.0 / BATCH).subi(alpha / BATCH);
            f.backward(dPos, true, false);
            f.settleGrad();
            adam.stepKeepingGrad(f.parameters());
            logAlpha[0] -= 0.01 * alpha * (2.0 - (meanNeg - meanPos)) * 1e-3;
        };
        int reps = quick ? 2 : 5;
        double t = Timing.median(1, reps, batch);
        int[] s = {D, H, H, 1};
        double flops = BATCH
                * (50 * (SurrogateShapes.forward(s) + SurrogateShapes.backwardInput(s))
                        + 2 * SurrogateShapes.forward(s)
                        + 2 * SurrogateShapes.backwardWeights(s));
        return logged(new PerfCase(
                "coms-batch",
                "one COMs batch: 50 inner ascent steps on 128 designs + model update" + " (24→2048→2048→1)",
                t,
                BATCH,
                flops));
    }

    /** GAN sizes of MINs on TFBind8 (design_baselines/mins/experiments.py lines 433-442). */
    static final int GAN_HIDDEN = 1024;

    static final int GAN_LATENT = 32;

    /**
     * One MINs GAN step: the critic's update through the Trainer's path and one generator update, with y as an input
     * column ({@code gan-step}) or MINs' own networks ({@code gan-step-mins}: y embedded into every layer, LayerNorm).
     */
    PerfCase ganStep(GanNetwork kind) {
        int length = 8;
        int letters = 4;
        int d = length * letters;
        List<Integer> hidden = List.of(GAN_HIDDEN, GAN_HIDDEN, GAN_HIDDEN);
        ConditionalGenerator g =
                ConditionalGenerator.categorical(kind, GAN_LATENT, length, letters, hidden, DataType.FLOAT, 1);
        ConditionalCritic critic = ConditionalCritic.of(kind, d, hidden, DataType.FLOAT, 2);
        WassersteinGanLoss loss = WassersteinGanLoss.builder(g)
                .oneHot(length, letters, 0.99)
                .temperatures(2, 2, 1)
                .criticFrequency(1)
                .seed(3)
                .build();
        SplittableRandom r = new SplittableRandom(8);
        double[][] x = new double[BATCH][d];
        double[][] y = new double[BATCH][1];
        double[][] w = new double[BATCH][1];
        for (int i = 0; i < BATCH; i++) {
            for (int p = 0; p < length; p++) x[i][p * letters + r.nextInt(letters)] = 1;
            y[i][0] = r.nextGaussian();
            w[i][0] = r.nextDouble();
        }
        Batch batch = new Batch(
                Tensors.matrix(x, DataType.FLOAT),
                Tensors.matrix(y, DataType.FLOAT),
                Tensors.matrix(w, DataType.FLOAT),
                1,
                0);
        Adam adam = new Adam(2e-4, 0.0, 0.9, Adam.TF_EPSILON);
        Runnable step = () -> {
            critic.discardGrad(); // as the Trainer does
            loss.lossAndGradients(critic, batch);
            critic.settleGrad();
            adam.stepKeepingGrad(critic.parameters());
            loss.afterStep(critic, batch);
        };
        int reps = quick ? 5 : 20;
        double t = Timing.median(2, reps, step);
        boolean mins = kind == GanNetwork.MINS;
        double e = mins ? GAN_HIDDEN : 0; // the embedding's columns in every dense layer's input
        double macsD = (d + (mins ? e : 1.0)) * GAN_HIDDEN
                + 2.0 * (GAN_HIDDEN + e) * GAN_HIDDEN
                + GAN_HIDDEN
                + e
                + (mins ? GAN_HIDDEN : 0);
        double macsG = (GAN_LATENT + (mins ? e : 1.0)) * GAN_HIDDEN
                + 2.0 * (GAN_HIDDEN + e) * GAN_HIDDEN
                + (GAN_HIDDEN + e) * (double) d
                + (mins ? GAN_HIDDEN : 0);
        // critic: 3 forward, 2 backward (weights and inputs), penalty input gradient, tangent pass and its weight
        // gradient; generator: 2 forward, 1 backward; the critic forward and input backward of the generator step
        // (the same count as perf/torch_reference.py's gan_step and gan_step_mins)
        double flops = 2.0 * BATCH * (12 * macsD + 4 * macsG);
        return logged(new PerfCase(
                mins ? "gan-step-mins" : "gan-step",
                "one MINs GAN step (WGAN-GP critic update + generator update), one-hot 8×4, hidden 1024×3,"
                        + " latent 32, batch 128"
                        + (mins
                                ? ", MINs' networks (y embedded into every layer, LayerNorm)"
                                : ", y as an input column"),
                t,
                BATCH,
                flops));
    }

    /** CbAS' VAE sizes on TFBind8 ({@code design_baselines/cbas/experiments.py} lines 346–354). */
    static final int VAE_BATCH = 100;

    /** One epoch of the CbAS VAE on TFBind8-sized one-hot data, through the shared Trainer and {@link Vae#elboLoss}. */
    /** ParetoFlow's flow-matching sizes: a 30-d task, 54,000 training rows, a 3 × 512 SELU field. */
    static final int FM_DIMS = 30;

    static final int FM_ROWS = 54_000;
    static final int FM_HIDDEN = 512;

    /** One flow-matching epoch through the Trainer (timed on a fixed number of batches, extrapolated). */
    PerfCase flowMatchingEpoch() {
        int batches = quick ? 20 : 100;
        int rows = batches * BATCH;
        INDArray x = random(rows, FM_DIMS, 11);
        INDArray noise = FlowMatching.validationNoise(rows, FM_DIMS, 12, DataType.FLOAT); // unused: no validation
        List<Integer> hidden = List.of(FM_HIDDEN, FM_HIDDEN, FM_HIDDEN);
        VectorField field = VectorField.create(FM_DIMS, hidden, 0, DataType.FLOAT);
        Trainer.Builder b = Trainer.builder()
                .epochs(1)
                .batchSize(BATCH)
                .learningRate(1e-3)
                .epsilon(Adam.TORCH_EPSILON)
                .seed(0);
        Trainer warm = b.label("warm-up").build();
        warm.fit(
                field,
                x.get(NDArrayIndex.interval(0, 4 * BATCH), NDArrayIndex.all()),
                noise.get(NDArrayIndex.interval(0, 4 * BATCH), NDArrayIndex.all()),
                null,
                FlowMatching.icfm(0));
        Trainer t = b.label("flow-matching-epoch").build();
        double secs = Timing.median(0, 1, () -> t.fit(field, x, noise, null, FlowMatching.icfm(0)));
        int[] sizes = {FM_DIMS, FM_HIDDEN, FM_HIDDEN, FM_HIDDEN, FM_DIMS};
        // the field also back-propagates to its input (for the time embedding's gradient)
        double flopsPerRow =
                SurrogateShapes.forward(sizes) + SurrogateShapes.backwardWeights(sizes) + 2.0 * FM_DIMS * FM_HIDDEN;
        return logged(new PerfCase(
                "flow-matching-epoch",
                "one epoch, ParetoFlow vector field " + FM_DIMS + "→512→512→512→" + FM_DIMS + " SELU + time "
                        + "embedding, ICFM loss, batch 128, Adam, " + FM_ROWS + " rows (extrapolated from " + rows
                        + " rows)",
                secs * FM_ROWS / rows,
                FM_ROWS,
                flopsPerRow * FM_ROWS));
    }

    static final int DDOM_DIMS = 24;
    static final int DDOM_HIDDEN = 1024;
    static final int DDOM_ROWS = 32_241;
    static final int DDOM_STEPS = 1000;

    private static Denoiser ddomDenoiser() {
        return Denoiser.create(DDOM_DIMS, List.of(DDOM_HIDDEN, DDOM_HIDDEN, DDOM_HIDDEN), 0, DataType.FLOAT);
    }

    /** One DDOM denoiser epoch through the Trainer (timed on a fixed number of batches, extrapolated). */
    PerfCase denoiserEpoch() {
        int batches = quick ? 20 : 100;
        int rows = batches * BATCH;
        INDArray x = random(rows, DDOM_DIMS, 21);
        INDArray y = random(rows, 1, 22);
        INDArray w = random(rows, 1, 23).addi(1).muli(2.5); // weights in [0, 5], as DDOM's clipped ones
        Denoiser net = ddomDenoiser();
        Trainer.Builder b = Trainer.builder()
                .epochs(1)
                .batchSize(BATCH)
                .learningRate(1e-3)
                .epsilon(Adam.TORCH_EPSILON)
                .shuffle(false)
                .seed(0);
        TrainingLoss<Denoiser> loss = Diffusion.weightedDsm(VpSde.ddom(), 0.15, 0);
        INDArray wx = x.get(NDArrayIndex.interval(0, 4 * BATCH), NDArrayIndex.all());
        INDArray wy = y.get(NDArrayIndex.interval(0, 4 * BATCH), NDArrayIndex.all());
        INDArray ww = w.get(NDArrayIndex.interval(0, 4 * BATCH), NDArrayIndex.all());
        b.label("warm-up").build().fit(net, wx, wy, ww, loss);
        Trainer t = b.label("denoiser-epoch").build();
        double secs = Timing.median(0, 1, () -> t.fit(net, x, y, w, loss));
        int[] sizes = {DDOM_DIMS + 2, DDOM_HIDDEN, DDOM_HIDDEN, DDOM_HIDDEN, DDOM_DIMS};
        double flopsPerRow = SurrogateShapes.forward(sizes) + SurrogateShapes.backwardWeights(sizes);
        return logged(new PerfCase(
                "denoiser-epoch",
                "one epoch, DDOM denoiser " + (DDOM_DIMS + 2) + "→1024→1024→1024→" + DDOM_DIMS + " Swish on [x|t|y], "
                        + "weighted DSM with condition dropout, batch 128, Adam, " + DDOM_ROWS
                        + " rows (extrapolated from " + rows + " rows)",
                secs * DDOM_ROWS / rows,
                DDOM_ROWS,
                flopsPerRow * DDOM_ROWS));
    }

    /** DDOM's guided sampling of 128 designs (timed on fewer steps with --quick, scaled to 1000). */
    PerfCase ddomSampling() {
        int steps = quick ? 100 : DDOM_STEPS;
        Denoiser net = ddomDenoiser();
        SplittableRandom r = new SplittableRandom(24);
        double[][] x0 = new double[BATCH][DDOM_DIMS];
        for (double[] row : x0) for (int j = 0; j < DDOM_DIMS; j++) row[j] = r.nextGaussian();
        Diffusion.sample(net::drift, VpSde.ddom(), x0, 1.0, 2.0, 10, Diffusion.Sampler.DDOM_HEUN, r, null); // warm-up
        double secs = Timing.median(
                0,
                1,
                () -> Diffusion.sample(
                        net::drift, VpSde.ddom(), x0, 1.0, 2.0, steps, Diffusion.Sampler.DDOM_HEUN, r, null));
        int[] sizes = {DDOM_DIMS + 2, DDOM_HIDDEN, DDOM_HIDDEN, DDOM_HIDDEN, DDOM_DIMS};
        return logged(new PerfCase(
                "ddom-sampling",
                "DDOM sampling of " + BATCH + " designs, " + DDOM_STEPS + " steps of one " + 2 * BATCH
                        + "-row forward pass (guidance γ = 2) and DDOM's sampler update"
                        + (quick ? " (timed on " + steps + " steps, scaled)" : ""),
                secs * DDOM_STEPS / steps,
                BATCH,
                SurrogateShapes.forward(sizes) * 2 * BATCH * DDOM_STEPS));
    }

    static final int NTK_DEPTH = 5;

    static double[][] ntkRows(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][D];
        for (double[] row : x) for (int j = 0; j < D; j++) row[j] = r.nextGaussian();
        return x;
    }

    /** BDI's kernel matrix (lower triangle) at TFBind8's size, timed on a leading block of rows and scaled. */
    PerfCase ntkGram() {
        int m = quick ? 1024 : 2048;
        double[][] x = ntkRows(m, 26);
        ReluNtk ntk = new ReluNtk(NTK_DEPTH);
        ReluNtk.GramSink sink = (i, row) -> {};
        ntk.gram(x, sink); // warm-up on the timed rows, as the PyTorch side does
        double secs = Timing.median(0, 1, () -> ntk.gram(x, sink));
        double entries = (double) ROWS * (ROWS + 1) / 2;
        double scale = entries / ((double) m * (m + 1) / 2);
        return logged(new PerfCase(
                "ntk-gram",
                "BDI's NTK kernel matrix over " + ROWS + " rows of " + D + " inputs (5 ReLU layers, float64, lower "
                        + "triangle), timed on " + m + " rows and scaled by entries",
                secs * scale,
                ROWS,
                entries * (2 * D + 30 * NTK_DEPTH)));
    }

    /** One BDI Adam step's loss and gradient at one design over TFBind8's 32,898 rows. */
    PerfCase bdiStep() {
        int steps = quick ? 5 : 20;
        int n = quick ? 4096 : ROWS;
        double[][] x = ntkRows(n, 28);
        double[] y = new double[n];
        SplittableRandom r = new SplittableRandom(29);
        for (int i = 0; i < n; i++) y[i] = r.nextGaussian();
        ReluNtk ntk = new ReluNtk(NTK_DEPTH);
        // the forward weights are not part of the step: random ones of the right size stand in for the solve
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = 20 * r.nextGaussian();
        var maps = BidirectionalLearning.Mappings.of(ntk, x, y, d, BidirectionalLearning.Settings.paper());
        // the method steps its designs in parallel, one per core: time two designs' steps side by side
        int designs = 2;
        double[][] z = new double[designs][];
        for (int c = 0; c < designs; c++) {
            z[c] = x[c].clone();
            for (int j = 0; j < D; j++) z[c][j] += 0.1 * r.nextGaussian();
        }
        Runnable run =
                () -> java.util.stream.IntStream.range(0, designs).parallel().forEach(c -> {
                    var ws = maps.workspace();
                    double[] g = new double[D];
                    for (int i = 0; i < steps; i++) maps.gradient(z[c], g, ws);
                });
        run.run(); // warm-up
        double secs = Timing.median(0, 1, run) / (steps * designs) * ROWS / n;
        return logged(new PerfCase(
                "bdi-step",
                "one BDI step: forward + backward loss and its gradient at one design over " + ROWS + " rows (5 ReLU "
                        + "layers, float64)" + (quick ? " (timed on " + n + " rows, scaled)" : ""),
                secs,
                ROWS,
                (double) ROWS * (4 * D + 60 * NTK_DEPTH)));
    }

    /** One RaM step: 128 lists × 1,000 designs, ListNet, backward, Adam (16 lists with --quick, scaled). */
    PerfCase rankingBatch() {
        int lists = quick ? 16 : 128;
        int listLength = 1000;
        INDArray x = random(ROWS, D, 30);
        INDArray y = random(ROWS, 1, 31);
        int[][] all = org.mbo4j.method.surrogate.LearningToRank.sampleLists(ROWS, listLength, lists, 32);
        Mlp model = Mlp.builder(D)
                .hidden(List.of(H, H))
                .activation(Activation.relu())
                .init(Init.TORCH_DEFAULT)
                .outputs(1)
                .seed(0)
                .build();
        RankingLoss loss = new RankingLoss(RankingLoss.Kind.LISTNET, 1e-5, RankingLoss.DEFAULT_ROWS_PER_PASS);
        java.util.function.Supplier<Trainer> trainer = () -> Trainer.builder()
                .epochs(1)
                .batchSize(lists)
                .learningRate(3e-4)
                .epsilon(Adam.TORCH_EPSILON)
                .seed(0)
                .label("ranking-batch")
                .build();
        // warm-up on the timed batch itself, as the PyTorch side: the step measured is a steady-state one (our
        // per-batch-size buffers exist; PyTorch allocates its activations every step either way)
        trainer.get().fitLists(model, x, y, all, loss);
        double secs = Timing.median(0, 1, () -> trainer.get().fitLists(model, x, y, all, loss));
        int[] s = {D, H, H, 1};
        double rows = 128.0 * listLength;
        return logged(new PerfCase(
                "ranking-batch",
                "one RaM step: 128 lists of " + listLength + " designs through " + D + "→2048→2048→1 ReLU, ListNet, "
                        + "backward, Adam" + (quick ? " (timed on " + lists + " lists, scaled)" : ""),
                secs * 128 / lists,
                rows,
                (SurrogateShapes.forward(s) + SurrogateShapes.backwardWeights(s)) * rows));
    }

    static final int TB_STEPS = 200;

    /** GFlowNet-AL's training step: sample 16, trajectory balance on 16 + 8 sequences, clip, Adam. */
    PerfCase tbStep() {
        int steps = quick ? 20 : TB_STEPS;
        GFlowNet g = GFlowNet.builder(4, 8).seed(0).build(); // the authors' sizes (the builder's defaults)
        SplittableRandom r = new SplittableRandom(25);
        int[][] data = new int[8][8];
        for (int[] d : data) for (int j = 0; j < 8; j++) d[j] = r.nextInt(4);
        double[] logR = new double[24];
        for (int i = 0; i < 24; i++) logR[i] = 8 * Math.log(0.1 + 0.9 * r.nextDouble());
        Runnable step = () -> {
            int[][] sampled = g.sample(16, 0.2, 0.001, r);
            int[][] all = new int[24][];
            System.arraycopy(sampled, 0, all, 0, 16);
            System.arraycopy(data, 0, all, 16, 8);
            g.step(all, logR);
        };
        for (int i = 0; i < 5; i++) step.run(); // warm-up
        double secs = Timing.median(0, 1, () -> {
            for (int i = 0; i < steps; i++) step.run();
        });
        // sampling: 8 forward passes of 16 rows; the loss: forward and weight backward of 24 · 8 prefix rows
        int[] sizes = {32, 1024, 1024, 1024, 4};
        double flops = 8 * 16 * SurrogateShapes.forward(sizes)
                + 24 * 8 * (SurrogateShapes.forward(sizes) + SurrogateShapes.backwardWeights(sizes));
        return logged(new PerfCase(
                "tb-step",
                "one GFlowNet-AL step, policy 32→1024→1024→1024→4 ReLU: sample 16 sequences of 8 letters, trajectory "
                        + "balance on 16 + 8 sequences, clip, two Adams (mean of " + steps + " steps)",
                secs / steps,
                24,
                flops));
    }

    PerfCase vaeEpoch() {
        int rows = quick ? 20 * VAE_BATCH : ROWS;
        SplittableRandom r = new SplittableRandom(8);
        double[][] oneHot = new double[rows][32];
        for (double[] row : oneHot) for (int p = 0; p < 8; p++) row[p * 4 + r.nextInt(4)] = 1;
        INDArray x = Tensors.matrix(oneHot, DataType.FLOAT);
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, 1);
        Vae vae = Vae.categorical(8, 4).hidden(256).latent(32).seed(0).build();
        Trainer warm = Trainer.builder()
                .epochs(1)
                .batchSize(VAE_BATCH)
                .learningRate(3e-4)
                .seed(0)
                .label("warm-up")
                .build();
        warm.fit(
                vae,
                x.get(NDArrayIndex.interval(0, 4 * VAE_BATCH), NDArrayIndex.all()),
                y.get(NDArrayIndex.interval(0, 4 * VAE_BATCH), NDArrayIndex.all()),
                null,
                Vae.elboLoss(1.0, 0));
        Trainer t = Trainer.builder()
                .epochs(1)
                .batchSize(VAE_BATCH)
                .learningRate(3e-4)
                .seed(0)
                .label("vae-epoch")
                .build();
        double secs = Timing.median(0, 1, () -> t.fit(vae, x, y, null, Vae.elboLoss(1.0, 0)));
        int[] enc = {32, 256, 64};
        int[] dec = {32, 256, 32};
        // the decoder also back-propagates to z (its first layer's input gradient)
        double flopsPerRow = SurrogateShapes.forward(enc)
                + SurrogateShapes.backwardWeights(enc)
                + SurrogateShapes.forward(dec)
                + SurrogateShapes.backwardWeights(dec)
                + 2.0 * 32 * 256;
        double scale = (double) ROWS / rows;
        return logged(new PerfCase(
                "vae-epoch",
                "one epoch, CbAS VAE 32→256→2·32 / 32→256→8×4 categorical, batch 100, Adam, " + ROWS + " rows"
                        + (quick ? " (extrapolated from " + rows + " rows)" : ""),
                secs * scale,
                ROWS,
                flopsPerRow * ROWS));
    }

    /** BONET's TFBind8 sizes ({@code scripts/tf-bind-8/train.sh:8}, {@code scripts/train_desbench.py:293}). */
    static final int GPT_LAYERS = 8;

    static final int GPT_HEADS = 8;
    static final int GPT_EMBED = 128;
    static final int GPT_STEPS = 64;

    /** One BONET training step: forward, cross-entropy at the R tokens, backward, clip, Adam, AdamW decay. */
    PerfCase transformerStep() {
        int length = 8;
        int letters = 4;
        int maxTimestep = 128;
        CausalTransformer gpt = CausalTransformer.builder(length, length * letters)
                .embed(GPT_EMBED)
                .layers(GPT_LAYERS)
                .heads(GPT_HEADS)
                .contextSteps(GPT_STEPS)
                .maxTimestep(maxTimestep)
                .dropout(0.1)
                .seed(0)
                .build();
        int cols = BATCH * GPT_STEPS;
        SplittableRandom r = new SplittableRandom(8);
        float[] rtg = new float[cols];
        float[] pts = new float[cols * length];
        int[] target = new int[cols * length];
        for (int i = 0; i < cols; i++) rtg[i] = (float) r.nextDouble();
        for (int i = 0; i < target.length; i++) {
            target[i] = r.nextInt(letters);
            pts[i] = target[i];
        }
        INDArray rtgA = Nd4j.create(rtg, new long[] {1, cols}, 'f');
        INDArray ptsA = Nd4j.create(pts, new long[] {length, cols}, 'f');
        int[] starts = new int[BATCH];
        for (int i = 0; i < BATCH; i++) starts[i] = r.nextInt(maxTimestep - GPT_STEPS + 1);
        INDArray d = Nd4j.create(DataType.FLOAT, new long[] {(long) length * letters, cols}, 'f');
        Adam adam = new Adam(1e-4, 0.9, 0.95, Adam.TORCH_EPSILON);
        int[] step = {0};
        Runnable one = () -> {
            gpt.discardGrad();
            INDArray out = gpt.forward(rtgA, ptsA, starts, GPT_STEPS, false, new SplittableRandom(step[0]++));
            float[] o = out.dup('f').data().asFloat();
            float[] g = new float[o.length];
            crossEntropyGradient(o, target, length, letters, g);
            d.assign(Nd4j.create(g, d.shape(), 'f'));
            gpt.backward(d);
            gpt.settleGrad();
            double sq = 0;
            for (Param p : gpt.parameters()) sq += Host.sumOfSquares(p.grad());
            double coef = 1.0 / (Math.sqrt(sq) + 1e-6);
            if (coef < 1) for (Param p : gpt.parameters()) Host.scale(p.grad(), coef);
            adam.step(gpt.parameters());
            for (Param p : gpt.decayedParameters()) Host.scale(p.value(), 1 - 1e-4 * 0.1);
        };
        double t = Timing.median(1, quick ? 2 : 5, one);
        return logged(new PerfCase(
                "transformer-step",
                "one BONET training step, 8 layers × 8 heads, embedding 128, 64 steps (128 tokens), batch 128,"
                        + " dropout 0.1, clip 1, Adam + decay",
                t,
                BATCH,
                transformerStepFlops(BATCH, 2 * GPT_STEPS, GPT_EMBED, GPT_LAYERS, length, length * letters)));
    }

    static final int NSGA_D = 30;
    static final int NSGA_M = 2;
    static final int NSGA_POP = 256;

    PerfCase nsga2Generation() {
        List<Regressor> nets = new ArrayList<>();
        for (int j = 0; j < NSGA_M; j++) {
            nets.add(Mlp.builder(NSGA_D)
                    .hidden(List.of(H, H))
                    .activation(Activation.leakyRelu(0.01))
                    .outputs(1)
                    .init(Init.TORCH_DEFAULT)
                    .seed(j)
                    .build());
        }
        DnnProxies.Proxy proxy = new DnnProxies.Proxy(nets);
        SplittableRandom r = new SplittableRandom(0);
        double[][] start = new double[NSGA_POP][NSGA_D];
        for (double[] row : start) for (int j = 0; j < NSGA_D; j++) row[j] = r.nextDouble();
        double[] lower = new double[NSGA_D];
        double[] upper = new double[NSGA_D];
        Arrays.fill(upper, 1.0);
        int gens = quick ? 3 : 10;
        JMetalNsgaII.Settings settings = JMetalNsgaII.Settings.offMooBench().withGenerations(gens);
        double t = Timing.median(
                        1,
                        quick ? 1 : 3,
                        () -> JMetalNsgaII.minimize(proxy::predict, lower, upper, start, NSGA_POP, settings, 0))
                / gens;
        return logged(new PerfCase(
                "nsga2-generation",
                "one NSGA-II generation (jMetal, pymoo's rules) on mm's two 30 → 2048 → 2048 → 1 proxies, population "
                        + NSGA_POP,
                t,
                NSGA_POP,
                NSGA_POP * NSGA_M * 2.0 * (NSGA_D * H + (double) H * H + H)));
    }

    /**
     * The step's multiply-adds × 2 × 3 (forward, input and weight gradients): per token the dense layers of every
     * block (3E² + E² + 8E²) and the embeddings; per sequence and layer the causal products q·kᵀ and A·v (counted
     * whole, T²·E each); the head at the T/2 R tokens.
     */
    static double transformerStepFlops(int batch, int tokens, int e, int layers, int in, int out) {
        double perToken = layers * 12.0 * e * e + (in + 1) * (double) e / 2;
        double attention = layers * 2.0 * tokens * (double) tokens * e;
        double head = tokens / 2.0 * e * out;
        return 6.0 * batch * (tokens * perToken + attention + head);
    }

    /**
     * Softmax cross-entropy of logits ({@code positions} × {@code letters} per column, F-order) against
     * {@code target} (one letter per column and position, column-major), summed over positions and averaged over columns, as {@code Bonet}'s loss: its
     * gradient into {@code g}; returns the loss.
     */
    static double crossEntropyGradient(float[] logits, int[] target, int positions, int letters, float[] g) {
        int cols = target.length / positions;
        double loss = 0;
        for (int c = 0; c < cols; c++) {
            for (int j = 0; j < positions; j++) {
                int off = (c * positions + j) * letters, t = target[c * positions + j];
                double max = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < letters; a++) max = Math.max(max, logits[off + a]);
                double z = 0;
                for (int a = 0; a < letters; a++) z += Math.exp(logits[off + a] - max);
                loss -= (logits[off + t] - max - Math.log(z)) / cols;
                for (int a = 0; a < letters; a++) {
                    g[off + a] = (float) ((Math.exp(logits[off + a] - max) / z - (a == t ? 1 : 0)) / cols);
                }
            }
        }
        return loss;
    }

    static final int GTG_D = 25;
    static final int GTG_H = 64;

    /** Multiply-adds of one forward pass of GTG's U-Net for one trajectory (convolutions and linear layers). */
    static long unetMacs(int d, int dim, int[] mults, int horizon) {
        int[] dims = new int[mults.length + 1];
        dims[0] = d;
        for (int i = 0; i < mults.length; i++) dims[i + 1] = dim * mults[i];
        long macs = 2L * dim * 4 * dim; // time MLP
        int len = horizon;
        for (int l = 0; l < mults.length; l++) {
            macs += residualMacs(dims[l], dims[l + 1], dim, len) + residualMacs(dims[l + 1], dims[l + 1], dim, len);
            if (l < mults.length - 1) {
                len /= 2;
                macs += (long) dims[l + 1] * dims[l + 1] * 3 * len;
            }
        }
        int mid = dims[mults.length];
        macs += 2 * residualMacs(mid, mid, dim, len);
        for (int l = mults.length - 1; l >= 1; l--) {
            macs += residualMacs(2 * dims[l + 1], dims[l], dim, len) + residualMacs(dims[l], dims[l], dim, len);
            macs += (long) dims[l] * dims[l] * 4 * len;
            len *= 2;
        }
        return macs + (long) dim * dim * 5 * horizon + (long) dim * d * horizon;
    }

    private static long residualMacs(int in, int out, int embed, int len) {
        long m = (long) in * out * 5 * len + (long) out * out * 5 * len + (long) embed * out;
        return in == out ? m : m + (long) in * out * len;
    }

    static final int CQL_D = 32, CQL_BATCH = 256, CQL_N = 10;

    /**
     * One CQL-SAC update at PGS's TFBind8 sizes ({@link ConservativeSac}, {@code Settings.pgs}): a 32-dimensional
     * latent state and action, 256-256 ReLU policy and critics, 256 transitions, 10 sampled actions of each of three
     * kinds per state. FLOPs counted: the critics' forward and backward passes over the 256 + 3·2,560 stacked rows
     * and over the policy loss's 256, the targets' forward passes, the policy's forward passes over 2·256 + 2·2,560
     * rows and its backward over 256.
     */
    PerfCase cqlStep() {
        int steps = quick ? 5 : 30, d = CQL_D, b = CQL_BATCH;
        Mlp base = Mlp.builder(d)
                .hidden(256, 256)
                .init(Init.TORCH_DEFAULT)
                .outputs(2 * d)
                .seed(1)
                .build();
        Mlp q1 = Mlp.builder(2 * d)
                .hidden(256, 256)
                .init(Init.TORCH_DEFAULT)
                .outputs(1)
                .seed(2)
                .build();
        Mlp q2 = Mlp.builder(2 * d)
                .hidden(256, 256)
                .init(Init.TORCH_DEFAULT)
                .outputs(1)
                .seed(3)
                .build();
        ConservativeSac sac = new ConservativeSac(
                new TanhGaussianPolicy(base, 1.0, -1.0), q1, q2, ConservativeSac.Settings.pgs(-d), 4);
        double[] r = new double[b], done = new double[b];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < b; i++) r[i] = rng.nextGaussian();
        done[b - 1] = 1;
        ConservativeSac.Batch batch =
                new ConservativeSac.Batch(random(b, d, 6), random(b, d, 7).muli(0.9), r, done, random(b, d, 8));
        for (int i = 0; i < 3; i++) sac.step(batch); // warm-up
        double secs = Timing.median(0, 1, () -> {
            for (int i = 0; i < steps; i++) sac.step(batch);
        });
        return logged(new PerfCase(
                "cql-step",
                "one CQL-SAC update at PGS's sizes: state and action 32, 256-256 ReLU policy and critics, 256 "
                        + "transitions, 3 × 10 sampled actions per state, three Adams (mean of " + steps + " updates)",
                secs / steps,
                b,
                cqlFlops()));
    }

    static double cqlFlops() {
        int d = CQL_D, b = CQL_BATCH, rows = b + 3 * b * CQL_N;
        int[] q = {2 * d, 256, 256, 1}, p = {d, 256, 256, 2 * d};
        double critics = 2
                * (rows * (SurrogateShapes.forward(q) + SurrogateShapes.backwardWeights(q))
                        + b * (SurrogateShapes.forward(q) + SurrogateShapes.backwardInput(q))
                        + b * SurrogateShapes.forward(q));
        double policy =
                (2.0 * b + 2.0 * b * CQL_N) * SurrogateShapes.forward(p) + b * SurrogateShapes.backwardWeights(p);
        return critics + policy;
    }

    /** One GTG diffusion training step: forward, weighted squared error, backward, Adam. */
    PerfCase unetStep() {
        int reps = quick ? 1 : 3, b = 2 * BATCH, len = GTG_D * b * GTG_H;
        TemporalUnet net = TemporalUnet.create(GTG_D, 32, List.of(1, 4, 8), GTG_H, 0, DataType.FLOAT);
        Adam adam = new Adam(2e-4, 0.9, 0.999, Adam.TORCH_EPSILON);
        INDArray x = random(GTG_D, (long) b * GTG_H, 26);
        double[] eps = Tensors.columnMajor(random(GTG_D, (long) b * GTG_H, 27));
        SplittableRandom r = new SplittableRandom(28);
        double[] t = new double[b];
        for (int i = 0; i < b; i++) t[i] = r.nextInt(200);
        INDArray g = Nd4j.create(DataType.FLOAT, new long[] {GTG_D, (long) b * GTG_H}, 'f');
        double[] grad = new double[len];
        Runnable step = () -> {
            net.zeroGrad();
            double[] y = Tensors.columnMajor(net.forward(x, t));
            for (int i = 0; i < len; i++) {
                double w = i % GTG_D == GTG_D - 1 ? 10 : 1;
                grad[i] = 2 * w * (y[i] - eps[i]) / len;
            }
            Tensors.assignColumnMajor(g, grad);
            net.backward(g);
            adam.step(net.parameters());
        };
        double secs = Timing.median(1, reps, step);
        double flops = 2.0 * unetMacs(GTG_D, 32, new int[] {1, 4, 8}, GTG_H) * 3 * b;
        return logged(new PerfCase(
                "unet-step",
                "one GTG diffusion step: " + b + " trajectories of " + GTG_H + " × " + GTG_D
                        + " through the temporal U-Net (dim 32, ×1, 4, 8), weighted MSE, backward, Adam"
                        + (quick ? " (1 step)" : " (median of 3)"),
                secs,
                b,
                flops));
    }

    static final int PAREGO_ROWS = 256, PAREGO_D = 6, PAREGO_PENDING = 255, PAREGO_SAMPLES = 128;

    /**
     * One qParEGO acquisition value and gradient ({@link MultiObjectiveBo.ParEgoCandidate#valueAndGradient}) at
     * VLMOP2's sizes in the last step of a k = 256 run: two GPs (Matérn-5/2, 256 rows of 6 inputs, fixed
     * hyperparameters: the fit is not timed), 255 pending points, 128 base samples; mean over 16 random points.
     */
    PerfCase paregoAcquisition() {
        int rows = PAREGO_ROWS, d = PAREGO_D, n = PAREGO_PENDING, m = 2;
        SplittableRandom r = new SplittableRandom(30);
        double[][] x = new double[rows][d];
        for (double[] row : x) for (int t = 0; t < d; t++) row[t] = r.nextDouble();
        double[][] y = new double[rows][m];
        List<GaussianProcess> gps = new ArrayList<>();
        double[] theta = new double[2 + d];
        Arrays.fill(theta, 2, 2 + d, Math.log(0.5));
        for (int j = 0; j < m; j++) {
            double[] yj = new double[rows];
            for (int a = 0; a < rows; a++) y[a][j] = yj[a] = Math.sin(3 * x[a][j]) + 0.1 * r.nextGaussian();
            gps.add(GaussianProcess.of(x, yj, 1e-4, theta, false));
        }
        double[][] pending = new double[n][d];
        for (double[] p : pending) for (int t = 0; t < d; t++) p[t] = r.nextDouble();
        MultiObjectiveBo.ParEgoCandidate acq = MultiObjectiveBo.qparego()
                .parEgoCandidate(
                        new MultiObjectiveBo.Surrogate(x, y, gps, new double[] {2, 2}),
                        new double[] {0.5, 0.5},
                        pending,
                        PAREGO_SAMPLES,
                        31);
        double[][] at = new double[16][d];
        for (double[] p : at) for (int t = 0; t < d; t++) p[t] = r.nextDouble();
        double[] grad = new double[d];
        double secs = Timing.median(quick ? 1 : 5, quick ? 3 : 11, () -> {
            for (double[] p : at) acq.valueAndGradient(p, grad);
        });
        return logged(new PerfCase(
                "parego-acquisition",
                "one qParEGO value and gradient at VLMOP2's last step of k = 256: 2 GPs of " + rows + " rows × " + d
                        + " inputs, " + n + " pending points, " + PAREGO_SAMPLES + " samples (float64; mean of 16 "
                        + "points, median of " + (quick ? 3 : 11) + ")",
                secs / at.length,
                1,
                paregoFlops()));
    }

    /** The useful multiply-adds of one value: per objective, the samples' triangular product and K⁻¹ k(X, x). */
    static double paregoFlops() {
        double n = PAREGO_PENDING;
        return 2 * 2 * (PAREGO_SAMPLES * n * (n + 1) / 2 + (double) PAREGO_ROWS * PAREGO_ROWS);
    }
}
