package org.mbo4j.method.surrogate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Setting;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.AdamLookahead;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.mbo4j.util.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Importance-aware Co-Teaching (ICT; Yuan, Chen et al., "Importance-aware Co-teaching for Offline Model-based
 * Optimization", NeurIPS 2023), as its released code runs it ({@code mila-iqia/Importance-aware-Co-teaching} at
 * 4198064: {@code grad.py}, {@code ICT.py}, {@code utils.py}, {@code my_model.py}; the README's TFBind8 command).
 * Every default with its file and line, the released code's departures from the paper's equations and our
 * measurements: {@code docs/methods/ict.md}.
 *
 * <ol>
 *   <li><b>Three proxies</b> (ReLU MLPs 2048-2048 with PyTorch's default initialisation), each pre-trained alone
 *       by {@code grad.py}: MSE, Adam at lr 0.1 annealed by a cosine over 200 epochs, batches of 128, a random 10 %
 *       held out, the epoch of the highest validation Pearson correlation kept. The authors train a pool of
 *       proxies once and run seed s with pool members s, s − 1 and s − 2 (mod 8) ({@code ICT.py} 429–442), so
 *       neighbouring seeds share proxies; so do ours (the pool is kept per JVM, keyed by the data and settings).</li>
 *   <li><b>Fine-tuning along one ascent</b> ({@code meta_weight}, {@code ICT.py} 28–423): from the best visible
 *       design, {@code steps} Adam steps (lr 0.1 on TFBind8, 1e−3 on boxes) on the proxies' mean; after each,
 *       128 neighbours of the point get each proxy's prediction as pseudo-labels, and in three rounds each proxy
 *       labels the other two, which co-teach: each student's example weights are moved by one meta step on the 8
 *       neighbours where the <em>other</em> student fits the teacher best, against the MSE of all visible data
 *       after a look-ahead Adam step ({@link AdamLookahead}); then each takes one real Adam step (lr 1e−3), as
 *       released on all 128 neighbours (below).</li>
 *   <li><b>Search</b>: 100 Adam steps (lr as above) from each of the top-128 visible designs on the proxies'
 *       mean ({@code design_opt}, {@code ICT.py} 454–498; {@link AdamSearch}).</li>
 * </ol>
 *
 * <p><b>As released, not as the paper's equations</b> (each reproduced here and measured in the docs page): the
 * neighbours are the point plus one scalar N(0, 0.1²) shift added to every coordinate ({@code np.random.normal}
 * without a size, {@code ICT.py} 76–77), not an isotropic Gaussian; and the example weights (shape [8]) multiply
 * per-example losses of shape [8, 1] or [128, 1], which broadcasts to an outer product, so every weight gets the
 * same meta gradient (all weights become 1 ∓ β·0.2-clipped 1/8 = 1 ∓ 0.0375) and the real step is Adam on the
 * summed squared error of <em>all</em> 128 neighbours scaled by the mean weight ({@code ICT.py} 98–142; the numpy
 * check is {@code crosscheck/ict_broadcast.py}). The co-teaching selection still decides the sign of the meta step.
 * {@link Settings#perCoordinateNoise} switches to the isotropic neighbourhood.
 *
 * <p><b>Other known deviations</b>: our random streams are Java's (splits, shuffles, initialisation and the
 * neighbours are distributed as theirs, not equal); every Adam here puts ε on √v as tf.keras and {@code higher}
 * do, where PyTorch's real steps put it on the bias-corrected √v̂ (a difference at ε's scale).
 */
public final class ImportanceAwareCoTeaching
        extends SurrogateMethod<ImportanceAwareCoTeaching.Settings, Ensemble<Mlp>, ImportanceAwareCoTeaching> {

    /** The proxies per run ({@code ICT.py} 49–57). */
    public static final int PROXIES = 3;

    /** The authors' pool of pre-trained proxies that seeds draw from ({@code ICT.py} 429–431). */
    public static final int POOL = 8;

    /** Which visible rows supervise the meta step ({@code --reweight_mode}, {@code ICT.py} 41–46). */
    public enum Supervision {
        /** All visible rows (the README: "the reported results … have only used the 'full' mode"). */
        FULL,
        /** The better half by score. */
        HALF,
        /** The best 128. */
        TOP128
    }

    /**
     * Hyperparameters; TFBind8 values from the README's ICT command unless said otherwise.
     *
     * @param quickVariant      the tutorial/CI variant
     * @param hidden            proxy hidden widths, ReLU (2048, 2048: {@code my_model.py} 8–21)
     * @param epochs            proxy pre-training epochs (200: {@code grad.py} 144; README "trained for 200 epochs")
     * @param learningRate      proxy pre-training Adam lr, cosine-annealed per epoch (0.1: {@code grad.py} 145, the
     *                          README's {@code grad.py} command passes none; schedule {@code utils.py} 107–111)
     * @param batchSize         pre-training batch (128: {@code grad.py} 146)
     * @param validationFraction pre-training rows held out for the PCC selection (0.1: {@code grad.py} 21)
     * @param steps             fine-tuning steps and search steps, Tmax (100: README; {@code ICT.py} 566)
     * @param candidateLr       Adam lr on the design, fine-tuning and search (0.1: TFBind8 and TFBind10 in both,
     *                          {@code ICT.py} 444–447, 523–526; we use it on every sequence space, an extrapolation;
     *                          1e−3 on boxes, see {@code boxProfile})
     * @param neighbours        pseudo-labelled neighbours per step, K (128: {@code ICT.py} 572)
     * @param noise             neighbour noise scale (0.1: {@code ICT.py} 578)
     * @param perCoordinateNoise an isotropic N(0, noise²) per coordinate instead of the released code's one scalar
     *                          shift per neighbour (false: {@code ICT.py} 76–77)
     * @param proxyLr           proxies' Adam lr while co-teaching, α (1e−3: README)
     * @param beta              meta step on the example weights, β (0.3: README)
     * @param coTeaching        small-loss neighbours exchanged, the paper's K (8: README)
     * @param clamp             the normalised meta gradient is clipped to ±clamp (0.2: {@code ICT.py} 585–586)
     * @param supervision       the meta step's supervision rows (full: README)
     * @param boxProfile        on boxes use lr 1e−3 for the design ({@code ICT.py} 447, 526)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            List<Integer> hidden,
            int epochs,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "val", format = "%.2f") double validationFraction,
            int steps,
            @Setting(key = "design_lr", format = "%.1e") double candidateLr,
            int neighbours,
            @Setting(format = "%.2f") double noise,
            @Setting(key = "noise=per-coordinate") boolean perCoordinateNoise,
            @Setting(key = "alpha", format = "%.1e") double proxyLr,
            @Setting(format = "%.2f") double beta,
            @Setting(key = "coteach") int coTeaching,
            @Setting(format = "%.2f") double clamp,
            @Setting(key = "reweight") Supervision supervision,
            @Setting(omit = true) boolean boxProfile)
            implements MethodSettings<Settings>, TrainingSettings {
        public Settings {
            hidden = List.copyOf(hidden);
            PccProxies.check(hidden, epochs, validationFraction, candidateLr, proxyLr, learningRate);
            if (steps < 0) throw new IllegalArgumentException("steps must be ≥ 0, got " + steps);
            if (neighbours < 1) throw new IllegalArgumentException("neighbours must be ≥ 1, got " + neighbours);
            if (coTeaching < 1 || coTeaching > neighbours) {
                throw new IllegalArgumentException(
                        "the co-teaching count must be in 1.." + neighbours + " (the neighbours), got " + coTeaching);
            }
            if (!(noise >= 0) || Double.isInfinite(noise)) {
                throw new IllegalArgumentException("the neighbour noise must be a finite number ≥ 0, got " + noise);
            }
            if (!(beta >= 0) || Double.isInfinite(beta) || !(clamp >= 0) || Double.isInfinite(clamp)) {
                throw new IllegalArgumentException(
                        "beta and clamp must be finite numbers ≥ 0, got " + beta + ", " + clamp);
            }
            if (supervision == null)
                throw new IllegalArgumentException("choose the supervision rows: full, half or top128");
        }

        /** The README's TFBind8 command and the code's defaults. */
        public static Settings paper() {
            return new Settings(
                    false,
                    List.of(2048, 2048),
                    200,
                    0.1,
                    128,
                    0.1,
                    100,
                    0.1,
                    128,
                    0.1,
                    false,
                    1e-3,
                    0.3,
                    8,
                    0.2,
                    Supervision.FULL,
                    true);
        }

        /** The trainer's validation split is {@link #validationFraction}; no row count. */
        @Override
        public int validationSize() {
            return 0;
        }

        /** 2×64 proxies, 5 epochs, 10 steps. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::hidden, List.of(64, 64))
                    .with(Settings::epochs, 5)
                    .with(Settings::steps, 10)
                    .with(Settings::quickVariant, true);
        }

        @Override
        public Settings forSpace(DesignSpace space) {
            if (!boxProfile || !(space instanceof ContinuousSpace)) return this;
            return with(Settings::candidateLr, 1e-3).with(Settings::boxProfile, false);
        }
    }

    private ImportanceAwareCoTeaching(Settings settings) {
        super("ict", settings);
    }

    /** {@code ict} at the README's TFBind8 settings. */
    public static ImportanceAwareCoTeaching paper() {
        return new ImportanceAwareCoTeaching(Settings.paper());
    }

    @Override
    public ImportanceAwareCoTeaching withConfig(Settings s) {
        return new ImportanceAwareCoTeaching(s);
    }

    @Override
    public Search<Regressor> search(SurrogateData data) {
        return AdamSearch.fromTopK(config().candidateLr(), config().steps());
    }

    /** The pool members seed s uses: s, s − 1, s − 2 modulo 8 within its block of 8 ({@code ICT.py} 429–431). */
    public static long[] poolMembers(long seed) {
        long base = Math.floorDiv(seed, POOL) * POOL;
        long[] out = new long[PROXIES];
        for (int j = 0; j < PROXIES; j++) out[j] = base + Math.floorMod(seed - j, POOL);
        return out;
    }

    /** The three pre-trained proxies of this seed, fine-tuned by co-teaching; the search climbs their mean. */
    @Override
    public Ensemble<Mlp> train(SurrogateData data, long seed) {
        List<Mlp> proxies = new ArrayList<>();
        for (long p : poolMembers(seed)) proxies.add(pretrained(data, p));
        coTeach(proxies, data, seed);
        return new Ensemble<>(proxies, Ensemble.Aggregation.MEAN);
    }

    /** Pool member {@code p}: {@code grad.py} with seed p ({@link PccProxies}), cached per JVM. */
    private Mlp pretrained(SurrogateData data, long p) {
        Settings s = config();
        return PccProxies.pretrained(
                data,
                p,
                s.hidden(),
                s.epochs(),
                s.learningRate(),
                s.batchSize(),
                s.validationFraction(),
                name() + " proxy " + p);
    }

    /**
     * The row the fine-tuning ascent starts from: the best visible score, and of rows tied there the last in row order.
     * {@code ICT.py} 36-39 takes the last entry of {@code torch.argsort(y)} (ascending); with a stable sort that is the
     * highest-index tied row ({@code argsort}'s default is not documented as stable, so this is the stable reading).
     * TFBind8's visible data has four rows at the top score (11687, 15662, 28136, 32111): this returns 32111.
     */
    static int lastBestRow(SurrogateData data) {
        double[] y = Tensors.column(data.y(), 0);
        int best = 0;
        for (int i = 1; i < y.length; i++) if (y[i] >= y[best]) best = i;
        return best;
    }

    /**
     * {@code meta_weight} ({@code ICT.py} 28–233 with {@code if_reweight} and {@code if_coteach}): fine-tunes the
     * proxies in place along one Adam ascent from the best visible design.
     */
    void coTeach(List<Mlp> f, SurrogateData data, long seed) {
        Settings s = config().forSpace(data.problem().space());
        if (s.steps() == 0) return;
        SplittableRandom rng = new SplittableRandom(seed ^ 0x1C7L);
        INDArray xVal = supervision(data, s.supervision());
        INDArray yVal = supervisionTargets(data, s.supervision());
        INDArray x =
                data.x().getRow(lastBestRow(data), true).castTo(DataType.FLOAT).dup('c');
        Param design = new Param("x", x, x.like());
        Adam designAdam = new Adam(s.candidateLr(), 0.9, 0.999, Adam.TORCH_EPSILON);
        List<Adam> adams = new ArrayList<>();
        for (int j = 0; j < PROXIES; j++) adams.add(new Adam(s.proxyLr(), 0.9, 0.999, Adam.TORCH_EPSILON));
        AdamLookahead lookahead = new AdamLookahead(s.proxyLr(), 0.9, 0.999, Adam.TORCH_EPSILON);
        INDArray descend = Nd4j.valueArrayOf(new long[] {1, 1}, -1.0 / PROXIES, x.dataType());
        // rounds: teacher, then its two students ({@code ICT.py} 98, 144, 190)
        int[][] rounds = {{2, 0, 1}, {1, 0, 2}, {0, 1, 2}};
        try (Progress.Bar bar = Progress.start(name() + " co-teach", s.steps())) {
            for (int step = 1; step <= s.steps(); step++) {
                // 1. one Adam step of the design on the proxies' mean (ICT.py 66-69)
                INDArray g = x.like();
                for (Mlp m : f) g.addi(m.forwardInputGradient(x, descend).inputGradient());
                design.grad().assign(g);
                designAdam.step(design);
                if (x.isNaN().any() || x.isInfinite().any()) {
                    throw new IllegalStateException(name() + ": the design became NaN or infinite at co-teaching step "
                            + step + "; lower design_lr (with(ImportanceAwareCoTeaching.Settings::candidateLr, …))");
                }
                // 2. neighbours and the three proxies' pseudo-labels, before any update (ICT.py 70-94)
                INDArray near = neighbours(x, s.neighbours(), s.noise(), s.perCoordinateNoise(), rng);
                INDArray[] labels = new INDArray[PROXIES];
                for (int j = 0; j < PROXIES; j++)
                    labels[j] = f.get(j).forward(near).dup();
                // 3. three co-teaching rounds
                double[] shown = new double[2];
                for (int[] r : rounds) {
                    INDArray teacher = labels[r[0]];
                    Mlp a = f.get(r[1]);
                    Mlp b = f.get(r[2]);
                    double[] errA = squaredErrors(a, near, teacher);
                    double[] errB = squaredErrors(b, near, teacher);
                    int[] smallA = smallestRows(errA, s.coTeaching());
                    int[] smallB = smallestRows(errB, s.coTeaching());
                    // a learns on b's small-loss rows and b on a's (loss_coteaching, ICT.py 9-25)
                    double wa = meanWeight(
                            metaGradient(a, adams.get(r[1]), lookahead, near, teacher, smallB, xVal, yVal), s);
                    double wb = meanWeight(
                            metaGradient(b, adams.get(r[2]), lookahead, near, teacher, smallA, xVal, yVal), s);
                    shown[0] = wa;
                    shown[1] = wb;
                    realStep(a, adams.get(r[1]), near, teacher, wa);
                    realStep(b, adams.get(r[2]), near, teacher, wb);
                }
                bar.step(String.format("w=%.4f,%.4f", shown[0], shown[1]));
            }
        }
    }

    /** The rows that supervise the meta step, encoded ({@code ICT.py} 36–48). */
    private static INDArray supervision(SurrogateData data, Supervision s) {
        return s == Supervision.FULL ? data.x() : data.x().getRows(supervisionRows(data, s));
    }

    private static INDArray supervisionTargets(SurrogateData data, Supervision s) {
        return s == Supervision.FULL ? data.y() : data.y().getRows(supervisionRows(data, s));
    }

    private static int[] supervisionRows(SurrogateData data, Supervision s) {
        int n = data.size();
        return data.topRows(s == Supervision.HALF ? n / 2 : Math.min(128, n));
    }

    /**
     * K neighbours of the 1 × d point: x + noise·z with one z ~ N(0, 1) per neighbour added to every coordinate
     * (the released code's {@code np.random.normal(mu, std)}, a scalar), or one z per coordinate.
     */
    static INDArray neighbours(INDArray x, int k, double noise, boolean perCoordinate, SplittableRandom rng) {
        int d = (int) x.columns();
        float[] base = x.dup().data().asFloat();
        float[] out = new float[k * d];
        for (int i = 0; i < k; i++) {
            double z = rng.nextGaussian();
            for (int c = 0; c < d; c++) {
                double zc = perCoordinate ? (c == 0 ? z : rng.nextGaussian()) : z;
                out[i * d + c] = (float) (base[c] + noise * zc);
            }
        }
        return Nd4j.create(out, new long[] {k, d}, 'c').castTo(x.dataType());
    }

    /** (f(xᵢ) − tᵢ)² per row. */
    static double[] squaredErrors(Regressor f, INDArray x, INDArray t) {
        double[] p = Tensors.columnMajor(f.forward(x));
        double[] y = Tensors.columnMajor(t);
        double[] e = new double[p.length];
        for (int i = 0; i < p.length; i++) e[i] = (p[i] - y[i]) * (p[i] - y[i]);
        return e;
    }

    /** The k rows of smallest error, smallest first (ties: lower row first); {@code np.argsort(loss)[:k]}. */
    static int[] smallestRows(double[] err, int k) {
        Integer[] idx = new Integer[err.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (i, j) -> Double.compare(err[i], err[j]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = idx[i];
        return out;
    }

    /**
     * dL_val/dw for the example weights w = 1 (all k of them get this value, see the class comment): the
     * derivative, at s = 1, of the supervision MSE after a look-ahead Adam step on s·Σ_{i∈rows}(f(xᵢ) − tᵢ)².
     * Because the weights [k] times the losses [k, 1] broadcast to an outer product, the loss is (Σw/k)·Σℓ, so
     * dL/dwᵢ = (1/k)·dL/ds for every i; the sign is all the normalised step keeps.
     */
    static double metaGradient(
            Mlp f,
            Adam adam,
            AdamLookahead lookahead,
            INDArray x,
            INDArray t,
            int[] rows,
            INDArray xVal,
            INDArray yVal) {
        INDArray xs = x.getRows(rows);
        INDArray ts = t.getRows(rows);
        // ḡ = ∇θ Σ_rows (f − t)²
        f.zeroGrad();
        INDArray p = f.forward(xs);
        INDArray d = p.sub(ts).muli(2);
        f.backward(d, true, false);
        Param theta = f.parameters().get(0);
        INDArray gBar = theta.grad().dup();
        AdamLookahead.Step st = lookahead.step(adam, theta, gBar, 1.0);
        Mlp ahead = f.copy();
        ahead.flatParameters().assign(st.value());
        INDArray gradVal = Losses.mseGradient(ahead, xVal, yVal);
        double dLds = gradVal.castTo(DataType.DOUBLE)
                .mul(st.derivative().castTo(DataType.DOUBLE))
                .sumNumber()
                .doubleValue();
        f.zeroGrad();
        return dLds / rows.length;
    }

    /**
     * The mean example weight after the meta step: each of the k weights 1 − β·clip(gᵢ/Σ|g|, ±clamp), clipped to
     * [0, 2] ({@code ICT.py} 114–118; {@code F.normalize} divides by max(Σ|g|, 1e−12)), with every gᵢ equal to
     * {@code grad}.
     */
    static double meanWeight(double grad, Settings s) {
        int k = s.coTeaching();
        double norm = Math.max(k * Math.abs(grad), 1e-12);
        double gi = Math.max(-s.clamp(), Math.min(s.clamp(), grad / norm));
        return Math.max(0, Math.min(2, 1 - s.beta() * gi));
    }

    /**
     * One Adam step of the proxy on w·Σ_{all neighbours}(f(xᵢ) − tᵢ)² (the weights [k] times the losses [K, 1]
     * broadcast, summed and divided by k: the mean weight times the summed error; {@code ICT.py} 132–136).
     */
    static void realStep(Mlp f, Adam adam, INDArray x, INDArray t, double w) {
        f.zeroGrad();
        INDArray p = f.forward(x);
        f.backward(p.sub(t).muli(2 * w), true, false);
        if (f.parameters().get(0).grad().isNaN().any()) {
            throw new IllegalStateException("ict: a proxy's co-teaching gradient is NaN; lower alpha "
                    + "(with(ImportanceAwareCoTeaching.Settings::proxyLr, …))");
        }
        adam.step(f.parameters());
        f.zeroGrad();
    }
}
