package org.mbo4j.method.surrogate;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.KernelRegression;
import org.mbo4j.nn.ReluNtk;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.Progress;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * BDI: Chen, Zhang, Fu, Liu, Coates, "Bidirectional Learning for Offline Infinite-width Model-based Optimization",
 * NeurIPS 2022 (code {@code GGchen1997/BDI} at b670115: {@code BDI.py}, {@code utils.py}, {@code npy/compute_d.py}).
 * Each of the top-k designs is optimised on its own as a one-point "support set" x with label y* (10 in z-score
 * units) by Adam on the sum of two kernel-regression losses under the NTK Θ of an infinitely wide 6-layer ReLU
 * network ({@link ReluNtk}, depth 5):
 * <ul>
 *   <li><b>forward</b> (data → x): predict x from all rows, p = Θ(x, X)·d with d = (Θ(X, X) + λ·tr/n·I)⁻¹Y
 *       ({@link KernelRegression}, λ = 1e-6), loss ½(p − y*)² ({@code utils.py} 94–100; d from
 *       {@code compute_d.py} 39–44);</li>
 *   <li><b>backward</b> (x → data): predict every row from x alone, Θ(X, x)·y* / Θ(x, x), loss
 *       ½Σᵢ wᵢ(Θ(Xᵢ, x)·y* / Θ(x, x) − Yᵢ)² with wᵢ ∝ exp(γYᵢ) ({@code utils.py} 84–91, weights 28–41).</li>
 * </ul>
 * The gradient is exact (the kernel's recursion differentiated by hand, {@link ReluNtk#partials}); y* is not
 * trained ({@code stop_gradient}, line 86).
 *
 * <p><b>Contract.</b> Single objective; sequences and boxes. Inputs are Design-Bench logits (sequences), z-scored
 * with the visible data's statistics; targets z-scored ({@code utils.py} 52–63). The top-k visible rows (k the
 * number of designs asked for; the script's {@code --topk} 128 is the protocol's k) start the search; each runs
 * {@code steps} steps of JAX's Adam ({@code jax.experimental.optimizers.adam}, lr 0.1, β (0.9, 0.999), ε 1e-8), whose
 * bias correction uses the step index plus one and BDI passes steps from 1 ({@code BDI.py} 69–71), so the
 * corrections are 1 − β^(i+1) for i = 1..T, reproduced here. The last iterate is proposed ({@code BDI.py} 74). No
 * random choice at all at paper settings (the seed only picks the kernel rows when {@code rows} caps them), so
 * every seed proposes the same designs, as the published ± 0.000. Predicted scores: the forward mapping at the
 * decoded designs.
 *
 * <p>Memory and time: the forward mapping's d needs the n × n kernel matrix in double precision off-heap (8.7 GB
 * for TFBind8's 32,898 rows: run with {@code MBO4J_OFFHEAP=11g}) and a Cholesky factorisation (n³/3 flops). The
 * quick variant caps the kernel rows at 1,000 random rows.
 *
 * <p><b>Deviations</b> ({@code docs/methods/bdi.md}): none in the computation at paper settings on sequences; on
 * boxes the authors' only continuous setting (AntMorphology in their README: lr 1e-3, γ 1e-3) is used for every box
 * task ({@link Settings#forSpace}).
 */
public final class BidirectionalLearning
        extends ConfiguredMethod<BidirectionalLearning.Settings, BidirectionalLearning> {

    /** Which losses BDI optimises ({@code BDI.py} 23: {@code --mode}; README: grad = forward, distill = backward). */
    public enum Mode {
        /** forward + backward ({@code both}, the default and BDI's row). */
        BOTH,
        /** the forward mapping only ({@code grad}). */
        FORWARD,
        /** the backward mapping only ({@code distill}). */
        BACKWARD;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Hyperparameters ({@code GGchen1997/BDI} b670115).
     *
     * @param quickVariant the tutorial/CI variant
     * @param mode         the losses ({@code both}; {@code BDI.py} 23)
     * @param depth        ReLU layers of the NTK's network (5: six Dense, {@code BDI.py} 39–40)
     * @param label        the support design's label y* in z-score units (10.0; {@code --label}, line 29)
     * @param gamma        backward-loss weights ∝ exp(γ·y) (0.0, uniform; {@code --gamma}, line 30)
     * @param learningRate Adam step size ({@code --outer_lr} 0.1, line 32; the README's TFBind8 command)
     * @param steps        Adam steps per design ({@code --Tmax} 200, line 33)
     * @param ridge        λ of the forward kernel regression, times tr(K)/n (1e-6; {@code compute_d.py} 40)
     * @param rows         kernel rows, a seeded random subset when the data has more (0: all rows, the paper's)
     * @param boxProfile   on boxes use the authors' AntMorphology values (lr 1e-3, γ 1e-3; their README)
     * @param recordEvery  trajectory cadence (50; not part of the settings text)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            Mode mode,
            @Setting(key = "ntk_relu_layers") int depth,
            double label,
            @Setting(format = "%s") double gamma,
            @Setting(key = "lr", format = "%s") double learningRate,
            int steps,
            @Setting(format = "%.0e") double ridge,
            @Setting(zero = "all") int rows,
            @Setting(omit = true) boolean boxProfile,
            @Setting(omit = true) int recordEvery)
            implements MethodSettings<Settings> {
        public Settings {
            if (mode == null) throw new IllegalArgumentException("BDI's mode must be both, forward or backward");
            if (depth < 0) throw new IllegalArgumentException("the NTK's ReLU layers must be ≥ 0, got " + depth);
            if (!Double.isFinite(label)) throw new IllegalArgumentException("the label must be finite, got " + label);
            if (!Double.isFinite(gamma)) throw new IllegalArgumentException("gamma must be finite, got " + gamma);
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("the learning rate must be a positive number, got " + learningRate);
            }
            if (steps < 0) throw new IllegalArgumentException("steps must be ≥ 0, got " + steps);
            if (!(ridge >= 0) || Double.isInfinite(ridge)) {
                throw new IllegalArgumentException("the ridge must be a finite number ≥ 0, got " + ridge);
            }
            if (rows < 0 || rows == 1) {
                throw new IllegalArgumentException("kernel rows must be 0 (all) or ≥ 2, got " + rows);
            }
            if (recordEvery < 1) throw new IllegalArgumentException("recordEvery must be ≥ 1, got " + recordEvery);
        }

        /** The authors' TFBind8 values ({@code BDI.py} 23–33, README "Run our BDI"). */
        public static Settings paper() {
            return new Settings(false, Mode.BOTH, 5, 10.0, 0.0, 0.1, 200, 1e-6, 0, true, 50);
        }

        /** 1,000 kernel rows, 50 steps. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::rows, rows == 0 ? 1000 : Math.min(rows, 1000))
                    .with(Settings::steps, Math.min(steps, 50))
                    .with(Settings::recordEvery, Math.min(recordEvery, 10))
                    .with(Settings::quickVariant, true);
        }

        /** Boxes: the authors' AntMorphology values (lr 1e-3, γ 1e-3; their README's commands). */
        @Override
        public Settings forSpace(DesignSpace space) {
            if (!boxProfile || !(space instanceof ContinuousSpace)) return this;
            return with(Settings::learningRate, 1e-3)
                    .with(Settings::gamma, 1e-3)
                    .with(Settings::boxProfile, false);
        }
    }

    private BidirectionalLearning(Settings settings) {
        super("bdi", settings);
    }

    /** {@code bdi}: the authors' settings. */
    public static BidirectionalLearning paper() {
        return new BidirectionalLearning(Settings.paper());
    }

    @Override
    public BidirectionalLearning withConfig(Settings s) {
        return new BidirectionalLearning(s);
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        Settings s = config();
        SurrogateData data = SurrogateData.of(problem, true, true);
        double[][] all = Tensors.rows(data.x());
        Mappings maps = mappings(data, all, s, seed);
        int[] top = data.topRows(k);
        int records = s.steps() / s.recordEvery() + (s.steps() % s.recordEvery() == 0 ? 1 : 2);
        double[][][] snaps = new double[records][top.length][];
        try (Progress.Bar bar = Progress.start(name() + " designs", top.length)) {
            IntStream.range(0, top.length).parallel().forEach(c -> {
                optimise(maps, all[top[c]], c, snaps, s);
                synchronized (bar) {
                    bar.step("steps=" + s.steps());
                }
            });
        }
        Trajectory.Recorder rec = new Trajectory.Recorder();
        double[][] designs = null;
        double[][] predicted = null;
        for (int r = 0; r < records; r++) {
            designs = data.decode(Tensors.matrix(snaps[r], DataType.DOUBLE));
            predicted =
                    data.toScores(Tensors.column(maps.forward(data.encoding().encode(designs)), DataType.DOUBLE));
            double[] p = new double[predicted.length];
            for (int i = 0; i < p.length; i++) p[i] = predicted[i][0];
            int step = Math.min(r * s.recordEvery(), s.steps());
            rec.record(step, designs, p);
        }
        return Proposal.of(name(), seed, problem.space(), designs, predicted).withTrajectory(rec.build());
    }

    /**
     * BDI's forward mapping as a proxy: fitted on {@code data}'s kernel rows (all rows at paper settings, else the
     * seed's subset), the kernel-regression prediction Θ(z, X)·d for each row of {@code inputs} (model inputs, z-score
     * units of the targets). For diagnostics such as rank correlations on held-out designs.
     */
    public double[] forwardPredictions(SurrogateData data, long seed, double[][] inputs) {
        return mappings(data, Tensors.rows(data.x()), config(), seed).forward(inputs);
    }

    private static Mappings mappings(SurrogateData data, double[][] all, Settings s, long seed) {
        double[] allY = Tensors.column(data.y(), 0);
        int[] kernelRows = kernelRows(all.length, s.rows(), seed);
        double[][] x = new double[kernelRows.length][];
        double[] y = new double[kernelRows.length];
        for (int i = 0; i < kernelRows.length; i++) {
            x[i] = all[kernelRows[i]];
            y[i] = allY[kernelRows[i]];
        }
        return Mappings.fit(new ReluNtk(s.depth()), x, y, s);
    }

    /** Adam on one candidate; its snapshots into column {@code c} of {@code snaps}. */
    private static void optimise(Mappings maps, double[] start, int c, double[][][] snaps, Settings s) {
        int dim = start.length;
        double[] z = start.clone();
        double[] m = new double[dim];
        double[] v = new double[dim];
        double[] g = new double[dim];
        Mappings.Workspace ws = maps.workspace();
        int r = 0;
        snaps[r++][c] = z.clone();
        for (int i = 1; i <= s.steps(); i++) {
            maps.gradient(z, g, ws);
            for (int j = 0; j < dim; j++) {
                if (!Double.isFinite(g[j])) {
                    throw new TrainingDivergedException(
                            String.format(
                                    Locale.ROOT,
                                    "bdi: the gradient of design %d is not finite at step %d of %d; lower lr "
                                            + "(now %s) with with(BidirectionalLearning.Settings::learningRate, …)",
                                    c,
                                    i,
                                    s.steps(),
                                    s.learningRate()),
                            i);
                }
            }
            jaxAdamStep(z, g, m, v, i, s.learningRate());
            if (i % s.recordEvery() == 0 || i == s.steps()) snaps[r++][c] = z.clone();
        }
    }

    /**
     * One step of {@code jax.experimental.optimizers.adam} (β₁ 0.9, β₂ 0.999, ε 1e-8) at BDI's step index
     * {@code i} (from 1): m ← 0.1g + 0.9m, v ← 0.001g² + 0.999v, z ← z − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − 0.9^(i+1)),
     * v̂ = v/(1 − 0.999^(i+1)).
     */
    static void jaxAdamStep(double[] z, double[] g, double[] m, double[] v, int i, double lr) {
        double c1 = 1 - Math.pow(0.9, i + 1);
        double c2 = 1 - Math.pow(0.999, i + 1);
        for (int j = 0; j < z.length; j++) {
            m[j] = 0.1 * g[j] + 0.9 * m[j];
            v[j] = 0.001 * g[j] * g[j] + 0.999 * v[j];
            z[j] -= lr * (m[j] / c1) / (Math.sqrt(v[j] / c2) + 1e-8);
        }
    }

    /** All rows (cap 0 or ≥ n), else {@code cap} distinct rows drawn from the seed's stream, in increasing order. */
    static int[] kernelRows(int n, int cap, long seed) {
        if (cap == 0 || cap >= n) return IntStream.range(0, n).toArray();
        int[] perm = IntStream.range(0, n).toArray();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < cap; i++) {
            int j = i + rng.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(perm, cap);
        java.util.Arrays.sort(out);
        return out;
    }

    /**
     * The forward weights d are a function of the kernel rows, their targets, the depth and the ridge only, not of the
     * seed: the last two computed are kept for the JVM (compared by content), so a benchmark's seeds after the first
     * skip the n × n matrix and its factorisation. The results are the same either way.
     */
    static final class ForwardWeights {
        private record Key(int depth, double ridge, double[][] x, double[] y) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k
                        && k.depth == depth
                        && Double.compare(k.ridge, ridge) == 0
                        && java.util.Arrays.equals(k.y, y)
                        && java.util.Arrays.deepEquals(k.x, x);
            }

            @Override
            public int hashCode() {
                return 31 * java.util.Arrays.hashCode(y) + depth;
            }
        }

        private static final java.util.LinkedHashMap<Key, double[]> CACHE = new java.util.LinkedHashMap<>();

        private ForwardWeights() {}

        static double[] get(ReluNtk ntk, double[][] x, double[] y, double ridge) {
            Key key = new Key(ntk.depth(), ridge, x, y);
            synchronized (CACHE) {
                double[] hit = CACHE.get(key);
                if (hit != null) return hit;
            }
            double[] d;
            try {
                d = KernelRegression.weights(ntk, x, y, ridge, "bdi forward");
            } catch (KernelRegression.OffHeapTooSmall e) {
                throw new IllegalStateException(
                        "bdi: " + e.getMessage() + " (in code: with(BidirectionalLearning.Settings::rows, …))", e);
            }
            synchronized (CACHE) {
                double[][] xc = new double[x.length][];
                for (int i = 0; i < x.length; i++) xc[i] = x[i].clone();
                CACHE.put(new Key(ntk.depth(), ridge, xc, y.clone()), d);
                while (CACHE.size() > 2) CACHE.remove(CACHE.keySet().iterator().next());
            }
            return d;
        }
    }

    /**
     * BDI's two mappings over fixed kernel rows: the forward weights d and the backward weights w, and the loss
     * and its gradient in a support design. Immutable after {@link #fit}; {@link #gradient} is thread-safe with
     * one {@link Workspace} per thread.
     */
    public static final class Mappings {
        private final ReluNtk ntk;
        private final double[][] x;
        private final double[] y;
        private final double[] q;
        private final double[] d;
        private final double[] w;
        private final double label;
        private final Mode mode;

        private Mappings(ReluNtk ntk, double[][] x, double[] y, double[] d, double[] w, double label, Mode mode) {
            this.ntk = ntk;
            this.x = x;
            this.y = y;
            this.d = d;
            this.w = w;
            this.label = label;
            this.mode = mode;
            this.q = new double[x.length];
            for (int i = 0; i < x.length; i++) q[i] = ReluNtk.dot(x[i], x[i]) / x[i].length;
        }

        /** The mappings over rows {@code x} (model inputs) with z-scored targets {@code y}, under settings {@code s}. */
        public static Mappings fit(ReluNtk ntk, double[][] x, double[] y, Settings s) {
            double[] d = ForwardWeights.get(ntk, x, y, s.ridge());
            return new Mappings(ntk, x, y, d, backwardWeights(y, s.gamma()), s.label(), s.mode());
        }

        /** wᵢ = exp(γyᵢ)/Σⱼ exp(γyⱼ) ({@code utils.py} 39–40), computed stably. */
        static double[] backwardWeights(double[] y, double gamma) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : y) max = Math.max(max, gamma * v);
            double[] w = new double[y.length];
            double sum = 0;
            for (int i = 0; i < y.length; i++) {
                w[i] = Math.exp(gamma * y[i] - max);
                sum += w[i];
            }
            for (int i = 0; i < y.length; i++) w[i] /= sum;
            return w;
        }

        /** Mappings with given forward weights {@code d} (e.g. for timing; {@link #fit} computes them). */
        public static Mappings of(ReluNtk ntk, double[][] x, double[] y, double[] d, Settings s) {
            if (d.length != x.length || y.length != x.length) {
                throw new IllegalArgumentException(
                        "rows, targets and weights differ in length: " + x.length + ", " + y.length + ", " + d.length);
            }
            return new Mappings(ntk, x, y, d, backwardWeights(y, s.gamma()), s.label(), s.mode());
        }

        /** The forward mapping's prediction Θ(z, X)·d at each row of {@code z} (z-score units). */
        public double[] forward(double[][] z) {
            double[] out = new double[z.length];
            int dim = x[0].length;
            for (int r = 0; r < z.length; r++) {
                double qz = ReluNtk.dot(z[r], z[r]) / dim;
                double p = 0;
                for (int i = 0; i < x.length; i++) p += ntk.value(ReluNtk.dot(z[r], x[i]) / dim, qz, q[i]) * d[i];
                out[r] = p;
            }
            return out;
        }

        /** Scratch for {@link #gradient} on one thread. */
        public Workspace workspace() {
            return new Workspace(x.length, ntk.scratchSize());
        }

        /** Scratch arrays of one thread. */
        public static final class Workspace {
            final double[] k;
            final double[] dc;
            final double[] dq;
            final double[] part = new double[3];
            final double[] scratch;

            Workspace(int n, int scratchSize) {
                scratch = new double[scratchSize];
                k = new double[n];
                dc = new double[n];
                dq = new double[n];
            }
        }

        /** The loss at support design z ({@link Mode}); its gradient into {@code g}. */
        public double gradient(double[] z, double[] g, Workspace ws) {
            int n = x.length;
            int dim = z.length;
            double qz = ReluNtk.dot(z, z) / dim;
            double p = 0;
            for (int i = 0; i < n; i++) {
                ws.k[i] = ntk.partials(ReluNtk.dot(z, x[i]) / dim, qz, q[i], ws.part, ws.scratch);
                ws.dc[i] = ws.part[0];
                ws.dq[i] = ws.part[1];
                p += ws.k[i] * d[i];
            }
            boolean fwd = mode != Mode.BACKWARD;
            boolean bwd = mode != Mode.FORWARD;
            // utils.py: the backward loss regularises Θ(x, x) by reg·tr/1 with reg 0 in "both" (line 84) and 1e-6
            // in "distill" (line 106)
            double supportReg = mode == Mode.BOTH ? 0 : 1e-6;
            double kappa = ntk.partials(qz, qz, qz, ws.part, ws.scratch);
            double dKappa = (ws.part[0] + ws.part[1] + ws.part[2]) * (1 + supportReg);
            double kreg = kappa * (1 + supportReg);
            double a = label / kreg;
            double loss = 0;
            double gKappa = 0;
            double gp = fwd ? p - label : 0;
            if (fwd) loss += 0.5 * gp * gp;
            java.util.Arrays.fill(g, 0);
            double gq = 0;
            for (int i = 0; i < n; i++) {
                double beta = fwd ? gp * d[i] : 0;
                if (bwd) {
                    double r = ws.k[i] * a - y[i];
                    loss += 0.5 * w[i] * r * r;
                    beta += w[i] * r * a;
                    gKappa += w[i] * r * ws.k[i];
                }
                double bc = beta * ws.dc[i];
                if (bc != 0) {
                    double[] xi = x[i];
                    for (int j = 0; j < dim; j++) g[j] += bc * xi[j];
                }
                gq += beta * ws.dq[i];
            }
            // ∂a/∂κ = −y*/κ_reg²; Θ(z, z) depends on z through c = q₁ = q₂ = |z|²/D
            double gSelf = bwd ? gKappa * (-label / (kreg * kreg)) * dKappa : 0;
            for (int j = 0; j < dim; j++) g[j] = g[j] / dim + 2 * z[j] * (gq + gSelf) / dim;
            return loss;
        }
    }
}
