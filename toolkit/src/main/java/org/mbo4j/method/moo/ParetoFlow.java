package org.mbo4j.method.moo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.WeakHashMap;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.moo.DasDennis;
import org.mbo4j.moo.Pareto;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.FlowMatching;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingCheckpoints;
import org.mbo4j.nn.VectorField;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ParetoFlow (Yuan, Chen, Pal, Liu, "ParetoFlow: Guided Flows in Multi-Objective Optimization", ICLR 2025; code
 * {@code StevenYuan666/ParetoFlow} {@code experiments/} at 2278ffd): a flow-matching model of the z-scored designs
 * ({@link FlowMatching}, {@link VectorField}) and m proxies (Off-MOO-Bench's {@code mm} networks, kept at their best
 * validation correlation, {@link DnnProxies}); one trajectory per Das–Dennis weight is integrated from N(0, I),
 * guided by the weighted proxies from t = 0.8 on, where each step also draws offspring, filters them by angle within
 * the weight's neighbourhood and keeps the best predicted end points in an archive; the proposal is the archive's
 * best k by non-dominated sorting and crowding of the proxies' predictions. Every step, default and deviation with
 * its source: {@code docs/methods/paretoflow.md}.
 *
 * <p>Designs in a box (sequences through Design-Bench's logits, untested against the reference), two or more
 * objectives. Deterministic per seed; by default the flow model and the proxies are
 * trained once with seed 0 and shared by every seed of the process (as the reference, which varies only the
 * sampling), see {@link Settings#trainPerSeed}.
 */
public final class ParetoFlow extends ConfiguredMethod<ParetoFlow.Settings, ParetoFlow> {
    /**
     * Hyperparameters (ParetoFlow's {@code experiments/}; file and line of each in {@code docs/methods/paretoflow.md}).
     *
     * @param quickVariant       the tutorial/CI variant
     * @param fieldHidden        the vector field's hidden widths ([512, 512, 512], {@code paretoflow_nets.py} 24–41)
     * @param fieldEpochs        flow-matching epochs at most (1000, {@code paretoflow_args.py} 90–95)
     * @param fieldLearningRate  its Adam lr (1e-3, {@code paretoflow_args.py} 96–101)
     * @param fieldBatchSize     its batch (128, {@code paretoflow_args.py} 102–107)
     * @param fieldValidation    the last rows of the data held out for validation (1000,
     *                           {@code paretoflow_experiments.py} 116–122; at most a fifth of the rows)
     * @param fieldPatience      epochs without improvement of the validation flow-matching loss before stopping (20:
     *                           theirs stops at {@code patience > 20}, i.e. after 21,
     *                           {@code paretoflow_utils.py} 97–112)
     * @param proxyHidden        each proxy's hidden widths ([2048, 2048], {@code paretoflow_utils.py} 444–473)
     * @param proxyEpochs        proxy epochs (200, {@code paretoflow_args.py} 182–205)
     * @param gridPoints         T, the time grid's points; T − 1 Euler steps (1000, {@code paretoflow_args.py} 84–89)
     * @param guidanceScale      γ (2.0, {@code paretoflow_args.py} 81–83)
     * @param threshold          the time from which guidance and evolution run (0.8,
     *                           {@code paretoflow_args.py} 132–137)
     * @param offspring          O, offspring per trajectory and step (5, {@code paretoflow_args.py} 108–113)
     * @param offspringNoise     g, the offspring noise's scale, times √Δt (0.1, {@code paretoflow_args.py} 126–131)
     * @param neighbours         K, the neighbourhood size; 0 means m + 1 ({@code paretoflow_args.py} 114–119)
     * @param minWeights         the fewest weight vectors (300, {@code paretoflow_nets.py} 264–280)
     * @param dedupTolerance     {@code allclose}'s atol for duplicate archive entries in z-space (1e-3, rtol 1e-5,
     *                           {@code paretoflow_nets.py} 535–555)
     * @param trainPerSeed       train the flow model and the proxies from each run's seed; off (the reference): they
     *                           are trained once from seed 0 and reused by every seed in this process
     * @param dtlzRepair         on DTLZ tasks (problems named DTLZ1 … DTLZ7) the reference's boundary repair
     *                           ({@code paretoflow_nets.py} 650-691: on for {@code isinstance(task.problem, DTLZ)}
     *                           only; {@code repair=dtlz} in the settings text, on by default): before the threshold
     *                           each Euler step's x is clipped so that its predicted end point x + (1 − t)·v(x, t)
     *                           lies in the z-scored box (718-725, {@code repair_boundary} 482-509 with σ = 0), the
     *                           offspring are clipped the same way (738-748), and the offspring's predicted end points
     *                           are clipped to the box before the proxies score them (448-451)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            @Setting(key = "fm_hidden") List<Integer> fieldHidden,
            @Setting(key = "fm_epochs") int fieldEpochs,
            @Setting(key = "fm_lr", format = "%.1e") double fieldLearningRate,
            @Setting(key = "fm_batch") int fieldBatchSize,
            @Setting(key = "fm_val") int fieldValidation,
            @Setting(key = "fm_patience") int fieldPatience,
            @Setting(key = "proxy_hidden") List<Integer> proxyHidden,
            @Setting(key = "proxy_epochs") int proxyEpochs,
            @Setting(key = "T") int gridPoints,
            @Setting(key = "gamma", format = "%.2f") double guidanceScale,
            @Setting(key = "threshold", format = "%.2f") double threshold,
            @Setting(key = "O") int offspring,
            @Setting(key = "g", format = "%.2f") double offspringNoise,
            @Setting(key = "K", zero = "m+1") int neighbours,
            @Setting(key = "min_weights") int minWeights,
            @Setting(key = "dedup", format = "%.0e") double dedupTolerance,
            @Setting(key = "train_per_seed") boolean trainPerSeed,
            @Setting(key = "repair=dtlz") boolean dtlzRepair)
            implements MethodSettings<Settings> {
        public Settings {
            fieldHidden = List.copyOf(fieldHidden);
            proxyHidden = List.copyOf(proxyHidden);
            if (fieldHidden.isEmpty()) throw new IllegalArgumentException("the vector field needs a hidden layer");
            for (int h : fieldHidden)
                if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
            positive("fm_epochs", fieldEpochs);
            positive("fm_batch", fieldBatchSize);
            positive("fm_val", fieldValidation);
            positive("fm_patience", fieldPatience);
            positive("proxy_epochs", proxyEpochs);
            positive("O", offspring);
            positive("min_weights", minWeights);
            if (!(fieldLearningRate > 0) || Double.isInfinite(fieldLearningRate)) {
                throw new IllegalArgumentException("fm_lr must be a positive number, got " + fieldLearningRate);
            }
            if (gridPoints < 2) throw new IllegalArgumentException("T must be ≥ 2 grid points, got " + gridPoints);
            if (!(guidanceScale >= 0) || Double.isInfinite(guidanceScale)) {
                throw new IllegalArgumentException("gamma must be ≥ 0, got " + guidanceScale);
            }
            if (!(threshold >= 0 && threshold < 1)) {
                throw new IllegalArgumentException("the threshold must be in [0, 1), got " + threshold);
            }
            if (!(offspringNoise >= 0) || Double.isInfinite(offspringNoise)) {
                throw new IllegalArgumentException("g must be ≥ 0, got " + offspringNoise);
            }
            if (neighbours < 0) throw new IllegalArgumentException("K must be ≥ 0 (0: m + 1), got " + neighbours);
            if (!(dedupTolerance >= 0)) {
                throw new IllegalArgumentException("the de-duplication tolerance must be ≥ 0, got " + dedupTolerance);
            }
        }

        private static void positive(String key, int v) {
            if (v < 1) throw new IllegalArgumentException(key + " must be ≥ 1, got " + v);
        }

        /** The reference's values. */
        public static Settings paper() {
            return new Settings(
                    false,
                    List.of(512, 512, 512),
                    1000,
                    1e-3,
                    128,
                    1000,
                    20,
                    List.of(2048, 2048),
                    200,
                    1000,
                    2.0,
                    0.8,
                    5,
                    0.1,
                    0,
                    300,
                    1e-3,
                    false,
                    true);
        }

        /** Field 3×64 for 30 epochs, proxies 2×64 for 20 epochs, T = 100. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::fieldHidden, List.of(64, 64, 64))
                    .with(Settings::fieldEpochs, 30)
                    .with(Settings::proxyHidden, List.of(64, 64))
                    .with(Settings::proxyEpochs, 20)
                    .with(Settings::gridPoints, 100)
                    .with(Settings::quickVariant, true);
        }

        /** The proxies' training: Off-MOO-Bench's {@code mm} with ParetoFlow's hidden widths, epochs and selection. */
        DnnProxies proxies() {
            return DnnProxies.multipleModels()
                    .with(DnnProxies.Settings::hidden, proxyHidden)
                    .with(DnnProxies.Settings::epochs, proxyEpochs)
                    .with(DnnProxies.Settings::keepBestPcc, true);
        }
    }

    private ParetoFlow(String name, Settings settings) {
        super(name, settings);
    }

    /** {@code paretoflow} with the reference's defaults. */
    public static ParetoFlow paretoFlow() {
        return new ParetoFlow("paretoflow", Settings.paper());
    }

    @Override
    public ParetoFlow withConfig(Settings s) {
        return new ParetoFlow(name(), s);
    }

    /**
     * Any space: boxes, and sequences through Design-Bench's logits as {@link DnnProxies} (the reference's
     * {@code to_logits} route; only boxes are tested against the reference's description).
     */
    @Override
    public boolean supports(DesignSpace space) {
        return true;
    }

    /**
     * Two or more objectives (the reference's setting). {@code propose} also runs on one objective, with N_w copies
     * of the weight (1), so that the method kit's generic tests apply; that is not the paper's method.
     */
    @Override
    public boolean handlesObjectives(int objectives) {
        return objectives >= 2;
    }

    /** The trained models: the vector field on z-scored designs and the proxies of the z-scored targets. */
    public record Models(VectorField field, DnnProxies.Proxy proxy) {}

    /** Models trained with seed 0, shared by the seeds of one process (per data set and training settings). */
    private static final Map<Dataset, Map<List<Object>, Models>> SHARED = new WeakHashMap<>();

    /** The models of this run: shared ones (trained from seed 0) unless {@link Settings#trainPerSeed}. */
    Models models(MultiObjectiveData data, long seed) {
        Settings s = config();
        if (s.trainPerSeed()) return train(data, seed);
        List<Object> key = List.of(
                s.fieldHidden(),
                s.fieldEpochs(),
                s.fieldLearningRate(),
                s.fieldBatchSize(),
                s.fieldValidation(),
                s.fieldPatience(),
                s.proxyHidden(),
                s.proxyEpochs());
        Dataset dataset = data.problem().dataset();
        synchronized (SHARED) {
            Models m = SHARED.computeIfAbsent(dataset, d -> new HashMap<>()).get(key);
            if (m != null) return m;
        }
        // trained once per sweep: later processes reload it from the benchmark's shared folder (keyed by the
        // training settings and the data's content, whose hashes are the same in every JVM)
        List<Object> disk = List.of(
                key,
                data.size() + "x" + data.inputSize(),
                Arrays.deepHashCode(data.inputs()),
                Arrays.deepHashCode(data.targets()));
        Models m = TrainingCheckpoints.shared("paretoflow", disk, () -> train(data, 0));
        synchronized (SHARED) {
            SHARED.computeIfAbsent(dataset, d -> new HashMap<>()).putIfAbsent(key, m);
            return SHARED.get(dataset).get(key);
        }
    }

    /** Forgets the models shared in this process (tests: a new process). */
    static void clearCache() {
        synchronized (SHARED) {
            SHARED.clear();
        }
    }

    /** Trains the flow model and the proxies from {@code seed}. */
    public Models train(MultiObjectiveData data, long seed) {
        Settings s = config();
        double[][] x = data.inputs();
        VectorField field = VectorField.create(data.inputSize(), s.fieldHidden(), seed, DataType.FLOAT);
        Trainer trainer = Trainer.builder()
                .epochs(s.fieldEpochs())
                .batchSize(s.fieldBatchSize())
                .learningRate(s.fieldLearningRate())
                .epsilon(Adam.TORCH_EPSILON)
                .validationSize(Trainer.validationRows(s.fieldValidation(), x.length))
                .validationLast(true)
                .earlyStopping(s.fieldPatience() + 1) // theirs: stop once patience > 20
                .seed(seed)
                .label(name() + " flow matching")
                .build();
        FlowMatching.fit(field, x, trainer, seed);
        DnnProxies.Proxy proxy = s.proxies().train(data, seed);
        return new Models(field, proxy);
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        MultiObjectiveData data = MultiObjectiveData.zScored(problem);
        Models models = models(data, seed);
        double[][] archive;
        synchronized (models) { // shared models hold per-batch workspaces: one sampler at a time
            archive = sample(data, models, seed, config().dtlzRepair() && isDtlz(problem) ? box(data) : null);
        }
        if (archive.length < k) {
            throw new IllegalStateException(name() + " keeps " + archive.length + " distinct designs after "
                    + "de-duplication, fewer than the " + k + " asked: ask for at most " + archive.length
                    + " or raise min_weights");
        }
        double[][] pred;
        synchronized (models) {
            pred = models.proxy().predict(archive);
        }
        int[] keep = Pareto.selectBest(pred, k);
        double[][] x = new double[k][];
        double[][] p = new double[k][];
        for (int i = 0; i < k; i++) {
            x[i] = archive[keep[i]];
            p[i] = pred[keep[i]];
        }
        return Proposal.of(name(), seed, problem.space(), data.decode(x), data.toScores(p));
    }

    /**
     * The sampler ({@code paretoflow_nets.py} 329–909): the archive's designs (z-scored inputs) after guided
     * sampling and neighbouring evolution, de-duplicated (first occurrence kept).
     */
    double[][] sample(MultiObjectiveData data, Models models, long seed) {
        return sample(data, models, seed, null);
    }

    /** Whether the reference repairs this task's samples: a DTLZ problem ({@code paretoflow_nets.py} 650-654). */
    static boolean isDtlz(OfflineProblem problem) {
        return problem.name().matches("DTLZ[1-7]");
    }

    /** The box in model inputs: the encoded lower and upper corners ({@code task.normalize_x(xl)}, 655-691). */
    static double[][] box(MultiObjectiveData data) {
        if (!(data.problem().space() instanceof ContinuousSpace c)) {
            throw new IllegalStateException(
                    "boundary repair needs a box, got " + data.problem().space());
        }
        return data.encode(new double[][] {c.lower(), c.upper()});
    }

    /**
     * {@code repair_boundary} (482-509, σ = 0): x clipped to [lo − (1 − t)·v, hi − (1 − t)·v] per coordinate, v the
     * field at (x, t), so that x + (1 − t)·v lies in [lo, hi]; in place.
     */
    static void repair(double[][] x, double t, double[][] v, double[][] box) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                double shift = (1 - t) * v[i][j];
                x[i][j] = Math.min(Math.max(x[i][j], box[0][j] - shift), box[1][j] - shift);
            }
        }
    }

    /**
     * The sampler with the DTLZ boundary repair when {@code box} (the encoded lower and upper corners) is given, else
     * without it.
     */
    double[][] sample(MultiObjectiveData data, Models models, long seed, double[][] box) {
        Settings s = config();
        int m = data.objectives();
        int d = data.inputSize();
        double[][] w = weights(m, s.minWeights());
        int nw = w.length;
        int k = s.neighbours() == 0 ? m + 1 : s.neighbours();
        int[][] nb = DasDennis.neighbours(w, Math.min(k, nw));
        double[] maxAngle = m == 1 ? new double[nw] : DasDennis.filterAngles(w);
        Archive archive = Archive.initial(data, w);

        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[nw][d];
        for (double[] row : x) for (int j = 0; j < d; j++) row[j] = rng.nextGaussian();
        int grid = s.gridPoints();
        double dt = 1.0 / (grid - 1);
        double noise = s.offspringNoise() * Math.sqrt(dt);
        int o = s.offspring();
        double[] times = new double[nw];
        for (int step = 1; step < grid; step++) {
            double t = step * dt;
            double prev = t - dt;
            Arrays.fill(times, prev);
            double[][] u = Tensors.rows(models.field().forward(x, times));
            if (prev >= s.threshold()) {
                double[][] end = new double[nw][d];
                for (int i = 0; i < nw; i++) {
                    for (int j = 0; j < d; j++) end[i][j] = x[i][j] + (1 - prev) * u[i][j];
                }
                double[][] grad = guidance(models.proxy(), end, w);
                double scale = s.guidanceScale() * (1 - prev) / Math.max(prev, dt);
                for (int i = 0; i < nw; i++) {
                    for (int j = 0; j < d; j++) u[i][j] += scale * grad[i][j];
                }
            }
            for (int i = 0; i < nw; i++) {
                for (int j = 0; j < d; j++) x[i][j] += dt * u[i][j];
            }
            if (t < s.threshold()) {
                if (box != null) {
                    Arrays.fill(times, t);
                    repair(x, t, Tensors.rows(models.field().forward(x, times)), box);
                }
                continue;
            }
            // neighbouring evolution: O noisy offspring per trajectory, their predicted end points and scores
            double[][] off = new double[nw * o][d];
            for (int i = 0; i < nw; i++) {
                for (int c = 0; c < o; c++) {
                    for (int j = 0; j < d; j++) off[i * o + c][j] = x[i][j] + noise * rng.nextGaussian();
                }
            }
            double[] offTimes = new double[off.length];
            Arrays.fill(offTimes, t);
            if (box != null) repair(off, t, Tensors.rows(models.field().forward(off, offTimes)), box);
            double[][] v = Tensors.rows(models.field().forward(off, offTimes));
            double[][] end = new double[off.length][d];
            for (int r = 0; r < off.length; r++) {
                for (int j = 0; j < d; j++) {
                    end[r][j] = off[r][j] + (1 - t) * v[r][j];
                    if (box != null) end[r][j] = Math.min(Math.max(end[r][j], box[0][j]), box[1][j]);
                }
            }
            double[][] score = models.proxy().predict(end);
            for (double[] row : score) for (int j = 0; j < m; j++) row[j] = -row[j];
            double[][] next = new double[nw][];
            for (int i = 0; i < nw; i++) {
                int best = select(score, w[i], maxAngle[i], nb[i], o);
                next[i] = off[best];
                double g = dot(w[i], score[best]);
                if (g > archive.score[i]) {
                    archive.x[i] = end[best];
                    archive.score[i] = g;
                }
            }
            x = next;
        }
        return dedup(archive.x, s.dedupTolerance());
    }

    /**
     * The trajectories' weights: Das–Dennis with the smallest p giving at least {@code atLeast} vectors; for one
     * objective (where the reference's search for p would not end), {@code atLeast} copies of (1).
     */
    static double[][] weights(int m, int atLeast) {
        if (m == 1) {
            double[][] w = new double[atLeast][];
            for (int i = 0; i < atLeast; i++) w[i] = new double[] {1};
            return w;
        }
        return DasDennis.weights(m, DasDennis.partitionsFor(m, atLeast));
    }

    /**
     * The candidate (offspring row) chosen for a weight: among the offspring of its neighbours, those whose score
     * vector is within {@code maxAngle} of the weight (the smallest-angle one always), the largest w·score; ties go
     * to the first in neighbour order.
     */
    static int select(double[][] score, double[] w, double maxAngle, int[] neighbours, int o) {
        int closest = -1;
        double closestAngle = Double.POSITIVE_INFINITY;
        for (int n : neighbours) {
            for (int c = 0; c < o; c++) {
                double a = DasDennis.angle(score[n * o + c], w);
                if (a < closestAngle) {
                    closestAngle = a;
                    closest = n * o + c;
                }
            }
        }
        int best = -1;
        double bestG = Double.NEGATIVE_INFINITY;
        for (int n : neighbours) {
            for (int c = 0; c < o; c++) {
                int r = n * o + c;
                if (r != closest && !(DasDennis.angle(score[r], w) <= maxAngle)) continue;
                double g = dot(w, score[r]);
                if (best < 0 || g > bestG) {
                    best = r;
                    bestG = g;
                }
            }
        }
        return best;
    }

    /**
     * ∇ₓ Σⱼ wᵢⱼ·(−f̂ⱼ(x)) at each row xᵢ of {@code at}, through the proxies only ({@code paretoflow_nets.py} 199–218:
     * the flow's velocity is computed without gradient, so the gradient at the predicted end point is used as is).
     */
    static double[][] guidance(DnnProxies.Proxy proxy, double[][] at, double[][] w) {
        int n = at.length;
        double[][] grad = new double[n][at[0].length];
        int col = 0;
        for (Regressor r : proxy.networks()) {
            DataType type = r.parameters().get(0).value().dataType();
            INDArray x = Tensors.matrix(at, type);
            r.forward(x);
            int outs = r.outputSize();
            double[][] seed = new double[n][outs];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < outs; j++) seed[i][j] = -w[i][col + j];
            }
            double[][] g = Tensors.rows(r.backward(Tensors.matrix(seed, type), false, true));
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < g[i].length; j++) grad[i][j] += g[i][j];
            }
            col += outs;
        }
        return grad;
    }

    /**
     * The rows that are not {@code allclose} (|a − b| ≤ atol + 1e-5·|b| everywhere, torch's defaults but atol) to an
     * earlier kept row.
     */
    static double[][] dedup(double[][] rows, double atol) {
        List<double[]> kept = new ArrayList<>();
        for (double[] r : rows) {
            boolean dup = false;
            for (double[] k : kept) {
                if (allClose(r, k, atol)) {
                    dup = true;
                    break;
                }
            }
            if (!dup) kept.add(r);
        }
        return kept.toArray(new double[0][]);
    }

    private static boolean allClose(double[] a, double[] b, double atol) {
        for (int j = 0; j < a.length; j++) {
            if (!(Math.abs(a[j] - b[j]) <= atol + 1e-5 * Math.abs(b[j]))) return false;
        }
        return true;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += a[j] * b[j];
        return s;
    }

    /** The Pareto-set archive: one design (z-scored) and its score per weight. */
    static final class Archive {
        final double[][] x;
        final double[] score;

        private Archive(int n, int d) {
            x = new double[n][d];
            score = new double[n];
        }

        /**
         * {@code d_best} ({@code paretoflow_nets.py} 329–399): the N_w best visible rows by non-dominated sorting and
         * crowding of the z-scored targets (all of them when there are fewer), then for each weight in order the
         * remaining row with the largest wᵢ·y (y minimised, so the worst under wᵢ: the reference's sign, kept as
         * written), scored wᵢ·y. Weights left without a row start with score −∞ and take the first candidate.
         */
        static Archive initial(MultiObjectiveData data, double[][] w) {
            double[][] inputs = data.inputs();
            double[][] targets = data.targets();
            int n = w.length;
            Archive a = new Archive(n, data.inputSize());
            int[] pool = Pareto.selectBest(targets, Math.min(n, targets.length));
            boolean[] used = new boolean[pool.length];
            for (int i = 0; i < n; i++) {
                int pick = -1;
                double best = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < pool.length; c++) {
                    if (used[c]) continue;
                    double v = dot(w[i], targets[pool[c]]);
                    if (pick < 0 || v > best) {
                        pick = c;
                        best = v;
                    }
                }
                if (pick < 0) {
                    a.score[i] = Double.NEGATIVE_INFINITY;
                    a.x[i] = inputs[pool[0]].clone();
                    continue;
                }
                used[pick] = true;
                a.x[i] = inputs[pool[pick]].clone();
                a.score[i] = best;
            }
            return a;
        }
    }
}
