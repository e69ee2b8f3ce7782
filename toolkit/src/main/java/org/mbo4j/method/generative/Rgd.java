package org.mbo4j.method.generative;

import static org.mbo4j.util.Checks.atLeastOne;
import static org.mbo4j.util.Checks.positiveNumber;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.Trajectory;
import org.mbo4j.method.surrogate.SurrogateData;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Diffusion;
import org.mbo4j.nn.EmbeddingDenoiser;
import org.mbo4j.nn.FlowLikelihood;
import org.mbo4j.nn.FlowMatching;
import org.mbo4j.nn.GaussianMlp;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.LoopCheckpoint;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.ProxyEnhancedSampling;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingCheckpoints;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.nn.TrainingLoss;
import org.mbo4j.nn.VpSde;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.BoundedCache;
import org.mbo4j.util.Shuffle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Robust Guided Diffusion for Offline Black-Box Optimization (Chen, Beckham, Liu, Liu, Pal, TMLR 2024), as the
 * authors' code runs it ({@code GGchen1997/RGD} at c8ab225: {@code main.py}, {@code nets.py}, {@code utils.py},
 * {@code likelihood.py}, {@code lib/sdes.py}): a proxy-free conditional diffusion model p(x | y) whose sampling is
 * steered by a proxy (proxy-enhanced sampling), and a proxy refined toward the diffusion model's own view of
 * p(y | x) on adversarial designs (diffusion-based proxy refinement).
 * <ol>
 *   <li>Data: y z-scored; sequences as design-bench logits, z-scored per logit like boxes; one random 90/10 split
 *   per seed.</li>
 *   <li>Proxy: a Gaussian MLP (two ReLU layers, fixed soft σ bounds, {@link GaussianMlp#withFixedBounds}) trained by
 *   the Gaussian NLL with Adam on a cosine schedule; the epoch of the best validation Pearson correlation is kept.</li>
 *   <li>Diffusion: {@link EmbeddingDenoiser} trained as a score network with the clamped, reweighted denoising
 *   objective ({@link Diffusion.Objective#clipped}, {@link ScoreReweighting} on the training rows) and condition
 *   dropout; the epoch of the best validation ELBO ({@link Diffusion#elboSelected}) is kept.</li>
 *   <li>Refinement ({@link Settings#refine}): the 128 best rows are pushed up the proxy's mean by Adam; for each, copies
 *   with y drawn from the proxy, log p(y) from a Gaussian KDE of the data's y, and log p(x | y), log p(x | 0) from
 *   the diffusion model's likelihood ({@link FlowLikelihood}, averaged over repeats), so log p(y | x) by Bayes. The
 *   proxy is then fine-tuned with the NLL plus α times the score-function gradient of KL(proxy ‖ diffusion) on those
 *   rows, α itself tuned per batch by a one-step look-ahead of Adam on the validation NLL (the authors' bi-level step
 *   through {@code higher}).</li>
 *   <li>Sampling: k rows from N(0, I) by {@link ProxyEnhancedSampling} at y* = y_ratio·max y, guided by the refined
 *   proxy (the unrefined one with {@code refine} off); decoded as they end.</li>
 * </ol>
 * With {@link Settings#sharedSeed} ≥ 0 the diffusion model and the refinement data are built with that seed for every
 * run, as the authors' code loads them (seed 1 hard-coded, {@code main.py} 180, 407, and one refinement file per
 * task, 239-248); they are then kept per JVM for the next seed. Every value's source, the deviations and the costs:
 * {@code docs/methods/rgd.md}.
 */
public final class Rgd extends ConfiguredMethod<Rgd.Settings, Rgd> {
    /**
     * Hyperparameters: the authors' README commands and {@code main.py}'s argparse defaults unless stated.
     *
     * @param quickVariant     the tutorial/CI variant
     * @param proxyHidden      proxy width, two ReLU layers ({@code SimpleMLP(hid_dim=1024)}, nets.py 20-34)
     * @param proxyEpochs      proxy epochs ({@code --epochs 200} in the README's proxy command)
     * @param hidden           score network width H ({@code hidden_size=1024}, nets.py 157)
     * @param embeddingHidden  hidden width of the t and y embeddings ({@code hidden_dim=1024}, nets.py 92)
     * @param epochs           diffusion epochs ({@code --epochs 1000} in the README's diffusion command)
     * @param batchSize        minibatch rows, all trainings ({@code --bs 256}, main.py 447)
     * @param learningRate     Adam's rate, all trainings ({@code --lr 1e-3}, main.py 452), cosine per epoch
     * @param validationFraction held-out share (0.1: {@code int(L * 0.90)} training rows, main.py 41)
     * @param betaMin          VP SDE β_min (0.01, nets.py 158)
     * @param betaMax          β_max (2.0, nets.py 159)
     * @param dropout          condition dropout p (0.15, nets.py 160)
     * @param temperatureQuantile the reweighting temperature's quantile ({@code get_weights(temp='90')}, utils.py 212)
     * @param refine           refine the proxy and guide with it (true: the paper's method; the README's sampling
     *                         command omits {@code --fine_tuned} and so guides with the unrefined proxy)
     * @param candidates       adversarial candidates, the best rows (128, main.py 168-169)
     * @param candidateSteps   Adam steps on them (300, main.py 183, 192)
     * @param candidateLr      their Adam rate (0.1 for TFBind8, main.py 188-191; 0.001 on boxes)
     * @param copies           rows per candidate (50, main.py 201)
     * @param repeats          likelihood estimates averaged per candidate (20, main.py 202)
     * @param fineTuneEpochs   fine-tuning epochs (20, main.py 312)
     * @param alpha            the KL weight α at the start (0.001, main.py 308)
     * @param alphaLr          α's Adam rate (0.001, main.py 310)
     * @param alphaMax         α's upper clip (0.01, main.py 344; lower 0)
     * @param weightClip       the KL weights' clip around 1 (ln 100 = 4.6052, main.py 274)
     * @param steps            sampling steps ({@code --num_steps 1000}, main.py 459)
     * @param sampleLr         guidance weight's Adam rate ({@code --sample_lr 1e-2}, main.py 460)
     * @param guidance         initial guidance weight ω (2, utils.py 99)
     * @param yRatio           condition as a multiple of the best z-scored y ({@code --y_ratio 1.0}, main.py 458)
     * @param sharedSeed       seed of the diffusion model and refinement data shared by all runs (1, as the authors
     *                         load them); −1 builds them from each run's seed
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            @Setting(key = "proxy") int proxyHidden,
            @Setting(key = "proxy_epochs") int proxyEpochs,
            int hidden,
            @Setting(key = "emb") int embeddingHidden,
            int epochs,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "val", format = "%s") double validationFraction,
            @Setting(key = "beta", format = "%s") double betaMin,

            @Setting(key = "", format = "->%s", attach = true)
            double betaMax,

            @Setting(key = "p_uncond", format = "%s") double dropout,
            @Setting(key = "temp_q", format = "%s") double temperatureQuantile,
            boolean refine,
            int candidates,
            @Setting(key = "cand_steps") int candidateSteps,
            @Setting(key = "cand_lr", format = "%s") double candidateLr,
            int copies,
            int repeats,
            @Setting(key = "ft_epochs") int fineTuneEpochs,
            @Setting(key = "alpha", format = "%s") double alpha,
            @Setting(key = "alpha_lr", format = "%s") double alphaLr,
            @Setting(key = "alpha_max", format = "%s") double alphaMax,
            @Setting(key = "w_clip", format = "%s") double weightClip,
            int steps,
            @Setting(key = "sample_lr", format = "%s") double sampleLr,
            @Setting(key = "omega0", format = "%s") double guidance,
            @Setting(key = "y_ratio", format = "%s") double yRatio,
            @Setting(key = "shared_seed") long sharedSeed)
            implements MethodSettings<Settings> {
        public Settings {
            atLeastOne("proxy width", proxyHidden);
            atLeastOne("proxy epochs", proxyEpochs);
            atLeastOne("hidden", hidden);
            atLeastOne("embedding width", embeddingHidden);
            atLeastOne("epochs", epochs);
            atLeastOne("batch size", batchSize);
            positiveNumber("learning rate", learningRate);
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("val must be in (0, 1): the proxy and the diffusion model are "
                        + "selected on held-out rows, got " + validationFraction);
            }
            new VpSde(betaMin, betaMax, 1.0);
            if (!(dropout > 0 && dropout < 1)) {
                throw new IllegalArgumentException("p_uncond (condition dropout) must be in (0, 1) so that the "
                        + "unconditional model guidance needs is trained, got " + dropout);
            }
            if (!(temperatureQuantile > 0 && temperatureQuantile < 1)) {
                throw new IllegalArgumentException("temp_q must be in (0, 1), got " + temperatureQuantile);
            }
            atLeastOne("candidates", candidates);
            atLeastOne("candidate steps", candidateSteps);
            positiveNumber("cand_lr", candidateLr);
            atLeastOne("copies", copies);
            atLeastOne("repeats", repeats);
            atLeastOne("fine-tuning epochs", fineTuneEpochs);
            if (!(alpha >= 0 && alphaMax >= alpha) || Double.isInfinite(alphaMax)) {
                throw new IllegalArgumentException(
                        "need 0 ≤ alpha ≤ alpha_max < ∞, got alpha " + alpha + ", alpha_max " + alphaMax);
            }
            positiveNumber("alpha_lr", alphaLr);
            positiveNumber("w_clip", weightClip);
            atLeastOne("sampling steps", steps);
            positiveNumber("sample_lr", sampleLr);
            if (!(guidance >= 0) || Double.isInfinite(guidance)) {
                throw new IllegalArgumentException(
                        "omega0 (initial guidance weight) must be a number ≥ 0, got " + guidance);
            }
            if (!Double.isFinite(yRatio)) throw new IllegalArgumentException("y_ratio must be a number, got " + yRatio);
            if (sharedSeed < -1) {
                throw new IllegalArgumentException("shared_seed must be ≥ 0, or −1 for none, got " + sharedSeed);
            }
        }

        /** The authors' TFBind8 values (see the components). */
        public static Settings paper() {
            return new Settings(
                    false, 1024, 200, 1024, 1024, 1000, 256, 1e-3, 0.1, 0.01, 2.0, 0.15, 0.9, true, 128, 300, 0.1, 50,
                    20, 20, 0.001, 0.001, 0.01, 4.6052, 1000, 0.01, 2.0, 1.0, 1);
        }

        /**
         * Widths 64, 20 proxy and 20 diffusion epochs, 32 candidates of 8 copies, 2 likelihood repeats, 2
         * fine-tuning epochs and 100 sampling steps, for tutorials and CI. Not the paper's numbers.
         */
        @Override
        public Settings quick() {
            return with(Settings::proxyHidden, 64)
                    .with(Settings::proxyEpochs, 20)
                    .with(Settings::hidden, 64)
                    .with(Settings::embeddingHidden, 64)
                    .with(Settings::epochs, 20)
                    .with(Settings::candidates, 32)
                    .with(Settings::candidateSteps, 50)
                    .with(Settings::copies, 8)
                    .with(Settings::repeats, 2)
                    .with(Settings::fineTuneEpochs, 2)
                    .with(Settings::steps, 100)
                    .with(Settings::quickVariant, true);
        }

        /** On a box: the candidates' Adam rate of the authors' continuous tasks, 0.001 (main.py 190-191). */
        @Override
        public Settings forSpace(DesignSpace space) {
            return space instanceof ContinuousSpace ? with(Settings::candidateLr, 0.001) : this;
        }
    }

    public Rgd(Settings settings) {
        super("rgd", settings);
    }

    /** The authors' defaults. */
    public static Rgd defaults() {
        return new Rgd(Settings.paper());
    }

    @Override
    public Rgd withConfig(Settings s) {
        return new Rgd(s);
    }

    /** What the refinement feeds the fine-tuning: rows, their drawn y and the diffusion model's log p(y | x). */
    record Refinement(double[][] x, double[] y, double[] logPosterior) {}

    private static final BoundedCache<List<Object>, Object> CACHE = new BoundedCache<>(4);

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        Settings c = config();
        SurrogateData data = SurrogateData.of(problem, true, true);
        double[][] x = Tensors.rows(data.x());
        double[] y = Tensors.column(data.y(), 0);
        int n = x.length, d = x[0].length;
        int train = (int) (n * (1 - c.validationFraction()));
        if (train < 1 || train >= n) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s: %d rows leave no training or no validation rows at val %s; use a file with more rows",
                    name(),
                    n,
                    c.validationFraction()));
        }
        GaussianMlp proxy = trainProxy(x, y, seed, c, "proxy");
        long shared = c.sharedSeed() >= 0 ? c.sharedSeed() : seed;
        String content = content(x, y);
        // the pieces every seed shares: in memory, and on disk beside the runs' checkpoint folders when in a scope
        List<Object> key = List.of(
                shared,
                content,
                c.hidden(),
                c.embeddingHidden(),
                c.epochs(),
                c.batchSize(),
                c.learningRate(),
                c.validationFraction(),
                c.betaMin(),
                c.betaMax(),
                c.dropout(),
                c.temperatureQuantile());
        List<Object> refinementKey = List.of(
                key,
                c.proxyHidden(),
                c.proxyEpochs(),
                c.candidates(),
                c.candidateSteps(),
                c.candidateLr(),
                c.copies(),
                c.repeats());
        TrainingCheckpoints.Scope run = TrainingCheckpoints.current();
        Path sharedDir = TrainingCheckpoints.sharedDir("rgd", key);
        Duration every = run == null ? Duration.ZERO : run.every();
        List<INDArray> weights = cached(
                List.of("denoiser", key),
                () -> TrainingCheckpoints.shared(
                        "rgd", key, () -> trainDiffusion(x, y, shared, c).snapshot()));
        EmbeddingDenoiser net = EmbeddingDenoiser.create(d, c.hidden(), c.embeddingHidden(), 0, DataType.FLOAT);
        net.restore(weights);
        VpSde sde = new VpSde(c.betaMin(), c.betaMax(), 1.0);
        double best = Arrays.stream(y).max().orElseThrow();
        GaussianMlp guide = proxy;
        if (c.refine()) {
            // the authors' refinement file is built once, with the first run's proxy: here the shared seed's
            Supplier<GaussianMlp> source = () -> shared == seed
                    ? proxy
                    : TrainingCheckpoints.shared("rgd", key, () -> trainProxy(x, y, shared, c, "proxy (shared)"));
            LoopCheckpoint file = sharedDir == null
                    ? null
                    : LoopCheckpoint.at(
                            sharedDir.resolve("refinement-" + Integer.toHexString(refinementKey.hashCode()) + ".ckpt"),
                            every,
                            "rgd refinement " + refinementKey);
            Refinement r = cached(
                    List.of("refinement", refinementKey), () -> refinement(x, y, source, net, sde, shared, c, file));
            guide = fineTune(proxy, x, y, r, seed, c);
        }
        SplittableRandom rng = new SplittableRandom(seed * 31 + 5);
        double[][] x0 = new double[k][d];
        for (double[] row : x0) for (int j = 0; j < d; j++) row[j] = rng.nextGaussian();
        List<double[][]> snapshots = new ArrayList<>();
        int steps = c.steps();
        try {
            ProxyEnhancedSampling.sample(
                    net, sde, guide, x0, c.yRatio() * best, c.guidance(), c.sampleLr(), steps, (done, rows) -> {
                        if (done % Math.max(1, steps / 4) == 0 || done == steps) snapshots.add(copy(rows));
                    });
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException(
                    name() + ": " + e.getMessage() + " with with(Rgd.Settings::sampleLr, …)", c.epochs());
        }
        Trajectory.Recorder rec = new Trajectory.Recorder();
        double[][] last = null;
        for (int s = 0; s < snapshots.size(); s++) {
            INDArray rows = Tensors.matrix(snapshots.get(s), DataType.FLOAT);
            last = data.decode(rows);
            rec.record(s, last, Tensors.column(guide.forward(rows), 0));
        }
        return Proposal.of(name(), seed, problem.space(), last).withTrajectory(rec.build());
    }

    /** Rows in a random order fixed by {@code seed}: the authors' {@code torch.randperm} split, training rows first. */
    static int[] permutation(int n, long seed) {
        return Shuffle.permutation(n, new SplittableRandom(seed * 31 + 7));
    }

    private static double[][] rowsAt(double[][] x, int[] order) {
        double[][] out = new double[order.length][];
        for (int i = 0; i < order.length; i++) out[i] = x[order[i]];
        return out;
    }

    private static double[] at(double[] y, int[] order) {
        double[] out = new double[order.length];
        for (int i = 0; i < order.length; i++) out[i] = y[order[i]];
        return out;
    }

    private Trainer.Builder trainer(int epochs, int validation, long seed, String label) {
        return Trainer.builder()
                .epochs(epochs)
                .batchSize(config().batchSize())
                .learningRate(config().learningRate())
                .epsilon(Adam.TORCH_EPSILON)
                .cosineAnnealing(true)
                .validationSize(validation)
                .validationLast(true)
                .earlyStopping(Integer.MAX_VALUE)
                .seed(seed)
                .label(name() + " " + label);
    }

    /** Steps 1-2: the proxy on the seed's split, its best-correlation epoch kept. */
    private GaussianMlp trainProxy(double[][] x, double[] y, long seed, Settings c, String label) {
        int n = x.length, train = (int) (n * (1 - c.validationFraction()));
        int[] order = permutation(n, seed);
        GaussianMlp proxy = GaussianMlp.withFixedBounds(Mlp.builder(x[0].length)
                .hidden(c.proxyHidden(), c.proxyHidden())
                .activation(Activation.relu())
                .outputs(2)
                .init(Init.TORCH_DEFAULT)
                .seed(seed * 31 + 1)
                .build());
        try {
            trainer(c.proxyEpochs(), n - train, seed, label)
                    .build()
                    .fit(
                            proxy,
                            Tensors.matrix(rowsAt(x, order), DataType.FLOAT),
                            Tensors.column(at(y, order), DataType.FLOAT),
                            null,
                            Losses.pccSelected(Losses.gaussianNll()));
        } catch (TrainingDivergedException e) {
            throw diverged("the proxy", e, c.proxyEpochs());
        }
        return proxy;
    }

    /** Step 3: the score network on the seed's split, reweighted on its training rows, best-ELBO epoch kept. */
    private EmbeddingDenoiser trainDiffusion(double[][] x, double[] y, long seed, Settings c) {
        int n = x.length, train = (int) (n * (1 - c.validationFraction()));
        int[] order = permutation(n, seed);
        double[][] xs = rowsAt(x, order);
        double[] ys = at(y, order);
        double[] trainY = Arrays.copyOf(ys, train);
        double[] w = new double[n];
        System.arraycopy(
                ScoreReweighting.weights(trainY, ScoreReweighting.adaptiveTemperature(trainY, c.temperatureQuantile())),
                0,
                w,
                0,
                train);
        Arrays.fill(w, train, n, 1.0); // validation rows: the ELBO ignores weights
        VpSde sde = new VpSde(c.betaMin(), c.betaMax(), 1.0);
        EmbeddingDenoiser net =
                EmbeddingDenoiser.create(x[0].length, c.hidden(), c.embeddingHidden(), seed * 31 + 2, DataType.FLOAT);
        TrainingLoss<EmbeddingDenoiser> loss = Diffusion.elboSelected(
                Diffusion.weightedDsm(Diffusion.Objective.clipped(sde, x), c.dropout(), seed * 31 + 3),
                sde,
                seed * 31 + 4);
        try {
            Diffusion.fit(
                    net,
                    xs,
                    ys,
                    w,
                    trainer(c.epochs(), n - train, seed, "denoiser").build(),
                    loss);
        } catch (TrainingDivergedException e) {
            throw diverged("the denoiser", e, c.epochs());
        }
        return net;
    }

    private TrainingDivergedException diverged(String what, TrainingDivergedException e, int epochs) {
        return new TrainingDivergedException(
                String.format(
                        Locale.ROOT,
                        "%s: %s diverged at epoch %d of %d (%s); lower lr (now %s) with with(Rgd.Settings::learningRate, …)",
                        name(),
                        what,
                        e.epoch(),
                        epochs,
                        e.getMessage(),
                        config().learningRate()),
                e.epoch());
    }

    /**
     * Step 4, the data of the refinement: adversarial candidates, drawn y, and log p(y | x) by Bayes. Candidates are
     * processed in chunks, each candidate's draws from its own stream; with {@code file} the finished chunks are saved
     * and a rerun continues after them (the proxy is then needed only for the chunks left).
     */
    static Refinement refinement(
            double[][] x,
            double[] y,
            Supplier<GaussianMlp> proxySource,
            EmbeddingDenoiser net,
            VpSde sde,
            long seed,
            Settings c,
            LoopCheckpoint file) {
        int n = x.length, d = x[0].length, m = Math.min(c.candidates(), n);
        int copies = c.copies(), repeats = c.repeats();
        int chunk = Math.max(1, 4096 / (repeats * (copies + 1)));
        int chunks = (m + chunk - 1) / chunk;
        double[][] cand = null;
        double[] post = new double[m * copies], drawn = new double[m * copies];
        int done = 0;
        LoopCheckpoint.Saved saved = file == null ? null : file.load(chunks);
        if (saved != null) {
            done = saved.epoch();
            cand = Tensors.rows(saved.arrays().get("candidates"));
            post = saved.arrays().get("log_posterior").toDoubleVector();
            drawn = saved.arrays().get("drawn").toDoubleVector();
        }
        GaussianMlp proxy = null;
        if (done < chunks) {
            proxy = proxySource.get();
            if (cand == null) {
                Integer[] byScore = new Integer[n];
                for (int i = 0; i < n; i++) byScore[i] = i;
                Arrays.sort(byScore, (a, b) -> Double.compare(y[b], y[a]));
                double[][] start = new double[m][];
                for (int i = 0; i < m; i++) start[i] = x[byScore[m - 1 - i]]; // torch.argsort ascending, last m
                cand = ascend(proxy, start, c.candidateSteps(), c.candidateLr());
            }
        }
        Kde kde = new Kde(y);
        double[] mu = null, logStd = null;
        if (proxy != null) {
            INDArray candidates = Tensors.matrix(cand, DataType.FLOAT);
            mu = Tensors.column(proxy.forward(candidates), 0);
            logStd = Tensors.column(proxy.predictLogStd(candidates), 0);
        }
        for (int k = done; k < chunks; k++) {
            int c0 = k * chunk, c1 = Math.min(m, c0 + chunk);
            List<double[][]> groups = new ArrayList<>();
            List<double[]> conditions = new ArrayList<>();
            List<double[]> noise = new ArrayList<>();
            for (int i = c0; i < c1; i++) {
                SplittableRandom rng = new SplittableRandom(FlowMatching.mix(seed * 31 + 6, i, 0));
                double sigma = Math.exp(logStd[i]);
                double[][] xs = new double[copies][];
                double[] ys = new double[copies];
                for (int r = 0; r < copies; r++) {
                    xs[r] = cand[i];
                    ys[r] = mu[i] + sigma * rng.nextGaussian();
                    drawn[i * copies + r] = ys[r];
                }
                for (int rep = 0; rep < repeats; rep++) {
                    groups.add(xs); // conditional: the copies with their y
                    conditions.add(ys);
                    noise.add(gaussian(rng, d));
                    groups.add(new double[][] {cand[i]}); // unconditional: identical copies integrate as one row
                    conditions.add(new double[1]);
                    noise.add(gaussian(rng, d));
                }
            }
            List<FlowLikelihood.Estimate> est = FlowLikelihood.estimate(
                    net,
                    sde,
                    groups.toArray(new double[0][][]),
                    conditions.toArray(new double[0][]),
                    noise.toArray(new double[0][]));
            int g = 0;
            for (int i = c0; i < c1; i++) {
                double[] cond = new double[copies];
                double uncond = 0;
                for (int rep = 0; rep < repeats; rep++) {
                    double[] lc = est.get(g++).logLikelihood();
                    for (int r = 0; r < copies; r++) cond[r] += lc[r] / repeats;
                    uncond += est.get(g++).logLikelihood()[0] / repeats;
                }
                for (int r = 0; r < copies; r++) {
                    double logPy = Math.log(kde.density(drawn[i * copies + r]) + 1e-9);
                    post[i * copies + r] = cond[r] + logPy - uncond;
                    if (!Double.isFinite(post[i * copies + r])) {
                        throw new TrainingDivergedException(
                                String.format(
                                        Locale.ROOT,
                                        "rgd: the diffusion model's log-likelihood of candidate %d is not finite (%s); "
                                                + "lower cand_lr (now %s) or train the denoiser longer",
                                        i,
                                        cond[r] - uncond,
                                        c.candidateLr()),
                                c.epochs());
                    }
                }
            }
            if (file != null) {
                file.save(
                        k + 1,
                        k + 1 == chunks,
                        Map.of(),
                        Map.of(
                                "candidates", Tensors.matrix(cand, DataType.DOUBLE),
                                "log_posterior", org.nd4j.linalg.factory.Nd4j.createFromArray(post.clone()),
                                "drawn", org.nd4j.linalg.factory.Nd4j.createFromArray(drawn.clone())));
            }
        }
        double[][] rows = new double[m * copies][];
        for (int i = 0; i < m * copies; i++) rows[i] = cand[i / copies];
        return new Refinement(rows, drawn, post);
    }

    private static double[] gaussian(SplittableRandom rng, int d) {
        double[] e = new double[d];
        for (int j = 0; j < d; j++) e[j] = rng.nextGaussian();
        return e;
    }

    /** The candidates after {@code steps} Adam steps on −Σ μ(x) (main.py 184-198): the last iterate. */
    static double[][] ascend(GaussianMlp proxy, double[][] start, int steps, double lr) {
        int m = start.length;
        Param p = new Param(
                "candidates",
                Tensors.matrix(start, DataType.DOUBLE),
                Tensors.zeros(DataType.DOUBLE, m, start[0].length));
        Adam adam = new Adam(lr, 0.9, 0.999, Adam.TORCH_EPSILON);
        INDArray minusOne = Tensors.zeros(DataType.FLOAT, m, 1);
        minusOne.assign(-1);
        for (int s = 0; s < steps; s++) {
            proxy.forward(p.value().castTo(DataType.FLOAT));
            p.grad().assign(proxy.backward(minusOne, false, true));
            adam.step(p);
        }
        return Tensors.rows(p.value());
    }

    /** SciPy's {@code gaussian_kde} of one variable with Scott's bandwidth: variance (ddof 1) times n^(−2/5). */
    static final class Kde {
        private final double[] data;
        private final double variance;

        Kde(double[] data) {
            this.data = data.clone();
            int n = data.length;
            double mean = 0;
            for (double v : data) mean += v / n;
            double var = 0;
            for (double v : data) var += (v - mean) * (v - mean) / (n - 1);
            variance = var * Math.pow(n, -2.0 / 5);
        }

        double density(double at) {
            double sum = 0;
            for (double v : data) sum += Math.exp(-(at - v) * (at - v) / (2 * variance));
            return sum / (data.length * Math.sqrt(2 * Math.PI * variance));
        }
    }

    /**
     * Step 4's fine-tuning (main.py 284-374): a copy of the proxy, on a fresh split, {@code ft_epochs} epochs of Adam
     * at the cosine rate on NLL + α·KL, with α first moved by Adam on the validation NLL after one look-ahead Adam
     * step of the proxy (PyTorch's form, as {@code higher} differentiates it), then clipped to [0, alpha_max].
     */
    GaussianMlp fineTune(GaussianMlp trained, double[][] x, double[] y, Refinement r, long seed, Settings c) {
        GaussianMlp proxy = trained.copy();
        int n = x.length, train = (int) (n * (1 - c.validationFraction()));
        int[] order = permutation(n, seed * 31 + 11);
        double[][] xs = rowsAt(x, order);
        double[] ys = at(y, order);
        INDArray xv = Tensors.matrix(Arrays.copyOfRange(xs, train, n), DataType.FLOAT);
        INDArray yv = Tensors.column(Arrays.copyOfRange(ys, train, n), DataType.FLOAT);
        INDArray xg = Tensors.matrix(r.x(), DataType.FLOAT);
        INDArray yg = Tensors.column(r.y(), DataType.FLOAT);
        List<Param> params = proxy.parameters();
        Param theta = params.get(0);
        Adam adam = new Adam(c.learningRate(), 0.9, 0.999, Adam.TORCH_EPSILON);
        Param alpha = new Param("alpha", Tensors.zeros(DataType.DOUBLE, 1, 1), Tensors.zeros(DataType.DOUBLE, 1, 1));
        alpha.value().assign(c.alpha());
        Adam alphaAdam = new Adam(c.alphaLr(), 0.9, 0.999, Adam.TORCH_EPSILON);
        SplittableRandom rng = new SplittableRandom(seed * 31 + 12);
        int bs = c.batchSize(), batches = train / bs + 1;
        for (int e = 0; e < c.fineTuneEpochs(); e++) {
            double lr = c.learningRate() * (1 + Math.cos(Math.PI * e / c.fineTuneEpochs())) / 2;
            adam.setLearningRate(lr);
            int[] idx = Shuffle.permutation(train, rng);
            for (int b = 0; b < batches; b++) {
                int from = b * bs, to = Math.min(train, from + bs);
                if (from >= to) continue;
                double[][] bx = new double[to - from][];
                double[] by = new double[to - from];
                for (int i = from; i < to; i++) {
                    bx[i - from] = xs[idx[i]];
                    by[i - from] = ys[idx[i]];
                }
                INDArray xb = Tensors.matrix(bx, DataType.FLOAT), yb = Tensors.column(by, DataType.FLOAT);
                proxy.zeroGrad();
                proxy.nll(xb, yb, null, true);
                double[] gNll = theta.grad().dup().data().asDouble();
                proxy.zeroGrad();
                kl(proxy, xg, yg, r.logPosterior(), c.weightClip(), true);
                double[] gKl = theta.grad().dup().data().asDouble();
                double a = alpha.value().getDouble(0);
                double hyper = lookAheadGradient(proxy, theta, adam, lr, gNll, gKl, a, xv, yv);
                alpha.grad().assign(hyper);
                alphaAdam.step(alpha);
                a = Math.min(Math.max(alpha.value().getDouble(0), 0), c.alphaMax());
                alpha.value().assign(a);
                double[] g = new double[gNll.length];
                for (int i = 0; i < g.length; i++) g[i] = gNll[i] + a * gKl[i];
                proxy.zeroGrad();
                theta.grad()
                        .assign(org.nd4j.linalg.factory.Nd4j.create(g)
                                .reshape(theta.grad().shape())
                                .castTo(theta.grad().dataType()));
                adam.step(params);
                for (float v : theta.value().data().asFloat()) {
                    if (!Float.isFinite(v)) {
                        throw new TrainingDivergedException(
                                String.format(
                                        Locale.ROOT,
                                        "rgd: the proxy's fine-tuning diverged at epoch %d of %d (alpha %s); lower lr (now %s)",
                                        e + 1,
                                        c.fineTuneEpochs(),
                                        a,
                                        c.learningRate()),
                                e + 1);
                    }
                }
            }
        }
        return proxy;
    }

    /**
     * The KL term of {@code get_kl} (main.py 253-282): Σᵢ wᵢ·ln q(yᵢ | xᵢ) / N with wᵢ = clip(1 + ln q − ln p(yᵢ | xᵢ),
     * 1 ± clip) held constant; with {@code grads} adds its gradient.
     */
    static double kl(GaussianMlp proxy, INDArray x, INDArray y, double[] logPosterior, double clip, boolean grads) {
        int n = (int) x.rows();
        double[] mu = Tensors.column(proxy.forward(x), 0);
        double[] logStd = Tensors.column(proxy.predictLogStd(x), 0);
        double[] t = Tensors.column(y, 0);
        double[] coef = new double[n];
        double value = 0;
        for (int i = 0; i < n; i++) {
            double z = (t[i] - mu[i]) * Math.exp(-logStd[i]);
            double lq = -0.5 * Math.log(2 * Math.PI) - logStd[i] - 0.5 * z * z;
            double w = Math.min(Math.max(1 + lq - logPosterior[i], 1 - clip), 1 + clip);
            value += w * lq / n;
            coef[i] = -w / n; // KL = −Σ (w/N)·nll
        }
        if (grads) proxy.weightedNll(x, y, coef, true);
        return value;
    }

    /**
     * d/dα of the validation NLL after one Adam step of the proxy on g = g_nll + α·g_kl from Adam's current moments,
     * in PyTorch's form (ε added to √v̂), the step {@code higher} differentiates: θ′ = θ − (lr/b₁)·m′/(√v′/√b₂ + ε).
     */
    static double lookAheadGradient(
            GaussianMlp proxy,
            Param theta,
            Adam adam,
            double lr,
            double[] gNll,
            double[] gKl,
            double a,
            INDArray xv,
            INDArray yv) {
        Map<String, INDArray> state = adam.state(List.of(theta), "p");
        int p = gNll.length;
        double[] m =
                state.isEmpty() ? new double[p] : state.get("p0.m").dup().data().asDouble();
        double[] v =
                state.isEmpty() ? new double[p] : state.get("p0.v").dup().data().asDouble();
        int t = (state.isEmpty() ? 0 : state.get("p0.t").getInt(0)) + 1;
        double b1 = 1 - Math.pow(0.9, t), b2 = 1 - Math.pow(0.999, t);
        double[] base = theta.value().dup().data().asDouble();
        double[] stepped = new double[p], dTheta = new double[p];
        for (int i = 0; i < p; i++) {
            double g = gNll[i] + a * gKl[i];
            double m1 = 0.9 * m[i] + 0.1 * g, v1 = 0.999 * v[i] + 0.001 * g * g;
            double root = Math.sqrt(v1), denom = root / Math.sqrt(b2) + Adam.TORCH_EPSILON;
            stepped[i] = base[i] - lr / b1 * m1 / denom;
            double dDenom = root > 0 ? 0.001 * g / (root * Math.sqrt(b2)) : 0; // ∂denom/∂g
            dTheta[i] = -lr / b1 * (0.1 / denom - m1 * dDenom / (denom * denom)) * gKl[i];
        }
        INDArray saved = theta.value().dup();
        theta.value()
                .assign(org.nd4j.linalg.factory.Nd4j.create(stepped)
                        .reshape(theta.value().shape()));
        proxy.zeroGrad();
        proxy.nll(xv, yv, null, true);
        double[] gv = theta.grad().dup().data().asDouble();
        theta.value().assign(saved);
        double hyper = 0;
        for (int i = 0; i < p; i++) hyper += gv[i] * dTheta[i];
        return hyper;
    }

    /** The entry of the per-JVM cache for {@code key}, built now when absent. */
    @SuppressWarnings("unchecked")
    private static <T> T cached(List<Object> key, Supplier<T> build) {
        return (T) CACHE.get(key, build::get);
    }

    /** Forgets the shared models (tests). */
    static void clearCache() {
        CACHE.clear();
    }

    private static String content(double[][] x, double[] y) {
        return x.length + "x" + x[0].length + ":" + Arrays.deepHashCode(x) + ":" + Arrays.hashCode(y);
    }

    private static double[][] copy(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) out[i] = rows[i].clone();
        return out;
    }
}
