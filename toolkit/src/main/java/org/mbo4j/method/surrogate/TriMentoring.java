package org.mbo4j.method.surrogate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.nn.FlowMatching;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Tensors;
import org.mbo4j.util.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tri-mentoring: Chen, Beckham, Liu, Liu, Pal, "Parallel-mentoring for Offline Model-based Optimization", NeurIPS
 * 2023 (code {@code GGchen1997/parallel_mentoring} at db1a055, {@code main.py} and {@code utils.py}; run as
 * {@code --method triteach}, with majority voting and soft labels on, their defaults). Every default with its file and
 * line, and what the README's commands actually run: {@code docs/methods/tri-mentoring.md}.
 *
 * <ol>
 *   <li><b>Three proxies</b> (ReLU MLPs 2048-2048), pre-trained alone with seeds 1, 10 and 100 ({@code main.py}
 *       43–45, 51–102: {@link PccProxies}); they are the same for every run seed, as in the authors' code.</li>
 *   <li><b>Mentoring along each ascent</b> ({@code design_opt}, {@code main.py} 104–150): each of the top-k visible
 *       designs is climbed alone, from fresh copies of the three proxies, for {@code steps} steps (TFBind8: 100). At
 *       every step ({@code adjust_proxy}, {@code utils.py} 237–281) 10 neighbours x + 0.1·N(0, I) are ranked by each
 *       proxy; every pair of neighbours gets the majority's order (proxy 1's label where proxies 1 and 2 agree,
 *       proxy 3's otherwise); a proxy that disagrees with the majority on some pairs is fine-tuned on those pairs
 *       ({@code adjust_bpr}, 126–150): the pair labels are first softened by one step of −0.1·∂L/∂label, where L is
 *       the mean squared error over all visible rows after one SGD step (lr 1e-3) of the pairwise cross-entropy
 *       −mean[l·log(σ(f(xᵢ) − f(xⱼ)) + 1e-9) + (1 − l)·log(1 − σ(…) + 1e-9)], clamped to [0, 1]; then the proxy
 *       takes one real SGD step (lr 1e-3) on the cross-entropy with the soft labels. Then one Adam step (TFBind8: lr
 *       0.1) of the design on the mean of the three proxies.</li>
 *   <li>The proposal is the k designs after their last step.</li>
 * </ol>
 *
 * <p>The label gradient is exact and needs no second-order pass: the look-ahead step is linear in the labels, so
 * ∂L/∂lₖ = η·aₖ·⟨∇θ'L, ∇θ(f(xᵢ) − f(xⱼ))⟩ with aₖ = (1/K)·P(1 − P)·(1/(P + ε) + 1/(1 − P + ε)), and the inner product is
 * a directional derivative of the network ({@link Mlp#parameterDirectionalDerivatives}).
 *
 * <p><b>Deviations</b> ({@code docs/methods/tri-mentoring.md}): the authors fix the run seed too ({@code --seed}
 * default 1, {@code main.py} 22, 164), so their runs repeat one another; ours draw the neighbours from the run seed
 * (one stream per start design), so seeds differ in the neighbours only. Java's random streams: the proxies'
 * initialisation, split and shuffles are distributed as theirs, not equal. Ranks among exactly equal predictions go to
 * the lower neighbour first (torch's {@code argsort} leaves them unspecified).
 */
public final class TriMentoring extends SurrogateMethod<TriMentoring.Settings, Ensemble<Mlp>, TriMentoring> {
    /** The proxies' seeds ({@code --seed1/2/3}, {@code main.py} 43–45). */
    public static final List<Long> PROXY_SEEDS = List.of(1L, 10L, 100L);

    /** Inside the logarithms of the pairwise cross-entropy ({@code utils.py} 137, 147). */
    static final double LOG_EPS = 1e-9;

    /**
     * Hyperparameters ({@code GGchen1997/parallel_mentoring} at db1a055; TFBind8 values).
     *
     * @param quickVariant       the tutorial/CI variant
     * @param hidden             proxy widths, ReLU (2048, 2048: {@code my_model.py} 9–25)
     * @param epochs             pre-training epochs (200: {@code main.py} 30)
     * @param learningRate       pre-training Adam lr, cosine-annealed (0.1: {@code main.py} 31; {@code utils.py} 87–91)
     * @param batchSize          pre-training batch (128: {@code main.py} 32)
     * @param validationFraction pre-training rows held out for the Pearson selection (0.1: {@code main.py} 63)
     * @param steps              mentoring steps per design, Tmax (TFBind8: 100, forced by {@code main.py} 168–171;
     *                           the argument default 200, line 35, on boxes)
     * @param designLr           Adam lr on the design ({@code ft_lr}; TFBind8 0.1, {@code main.py} 170; default 1e-3,
     *                           line 36, on boxes)
     * @param neighbours         neighbours per step, K (10: {@code main.py} 39)
     * @param noise              neighbour noise scale (0.1: {@code utils.py} 240)
     * @param proxyLr            SGD lr of the proxies' look-ahead and real steps (1e-3: {@code utils.py} 132)
     * @param labelLr            step on the soft labels (0.1: {@code utils.py} 142)
     * @param majorityVoting     majority vote of the three rankings (true: {@code main.py} 41); false: the ranking
     *                           of the summed predictions ({@code utils.py} 252–254)
     * @param softLabel          soften the labels before the real step (true: {@code main.py} 42)
     * @param boxProfile         on boxes use the argument defaults, Tmax 200 and design lr 1e-3
     * @param recordEvery        trajectory cadence in steps (10; not part of the settings text)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            List<Integer> hidden,
            int epochs,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "val", format = "%.2f") double validationFraction,
            int steps,
            @Setting(key = "design_lr", format = "%.1e") double designLr,
            @Setting(key = "K") int neighbours,
            @Setting(format = "%.2f") double noise,
            @Setting(key = "proxy_lr", format = "%.1e") double proxyLr,
            @Setting(key = "label_lr", format = "%.2f") double labelLr,
            @Setting(key = "majority_voting") boolean majorityVoting,
            @Setting(key = "soft_label") boolean softLabel,

            @Setting(key = "(boxes: steps=200, design_lr=1e-3)")
            boolean boxProfile,

            @Setting(omit = true) int recordEvery)
            implements MethodSettings<Settings>, TrainingSettings {
        public Settings {
            hidden = List.copyOf(hidden);
            PccProxies.check(hidden, epochs, validationFraction, learningRate, designLr, proxyLr);
            if (steps < 0) throw new IllegalArgumentException("steps must be ≥ 0, got " + steps);
            if (neighbours < 2) {
                throw new IllegalArgumentException(
                        "mentoring ranks pairs of neighbours: K must be ≥ 2, got " + neighbours);
            }
            if (!(labelLr >= 0) || Double.isInfinite(labelLr)) {
                throw new IllegalArgumentException("the label step must be a finite number ≥ 0, got " + labelLr);
            }
            if (!(noise >= 0) || Double.isInfinite(noise)) {
                throw new IllegalArgumentException("the neighbour noise must be a finite number ≥ 0, got " + noise);
            }
        }

        /** The authors' TFBind8 values. */
        public static Settings paper() {
            return new Settings(
                    false, List.of(2048, 2048), 200, 0.1, 128, 0.1, 100, 0.1, 10, 0.1, 1e-3, 0.1, true, true, true, 10);
        }

        /** 2×64 proxies, 5 epochs, 5 mentoring steps. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::hidden, List.of(64, 64))
                    .with(Settings::epochs, Math.min(epochs, 5))
                    .with(Settings::steps, Math.min(steps, 5))
                    .with(Settings::recordEvery, 1)
                    .with(Settings::quickVariant, true);
        }

        /** On a box (with the profile on): the argument defaults, Tmax 200 and design lr 1e-3. */
        @Override
        public Settings forSpace(DesignSpace space) {
            if (!boxProfile || !(space instanceof ContinuousSpace)) return this;
            return with(Settings::steps, 200).with(Settings::designLr, 1e-3).with(Settings::boxProfile, false);
        }

        /** The split is {@link #validationFraction}; no row count. */
        @Override
        public int validationSize() {
            return 0;
        }
    }

    public TriMentoring(Settings settings) {
        super("tri-mentoring", settings);
    }

    /** {@code tri-mentoring}: the authors' TFBind8 settings. */
    public static TriMentoring paper() {
        return new TriMentoring(Settings.paper());
    }

    @Override
    public TriMentoring withConfig(Settings s) {
        return new TriMentoring(s);
    }

    /** The three pre-trained proxies (seeds 1, 10, 100; the run seed does not enter), unadapted. */
    @Override
    public Ensemble<Mlp> train(SurrogateData data, long seed) {
        Settings s = config();
        List<Mlp> proxies = new ArrayList<>();
        for (long p : PROXY_SEEDS) {
            proxies.add(PccProxies.pretrained(
                    data,
                    p,
                    s.hidden(),
                    s.epochs(),
                    s.learningRate(),
                    s.batchSize(),
                    s.validationFraction(),
                    name() + " proxy " + p));
        }
        return new Ensemble<>(proxies, Ensemble.Aggregation.MEAN);
    }

    /** Mentoring along the ascent of each top-k design ({@code design_opt}, {@code main.py} 104–150). */
    @Override
    public Search<Ensemble<Mlp>> search(SurrogateData data) {
        Settings s = config().forSpace(data.problem().space());
        return (method, seed, model, d, k) -> mentor(method, seed, model, d, k, s);
    }

    private static Proposal mentor(
            String method, long seed, Ensemble<Mlp> model, SurrogateData data, int k, Settings s) {
        INDArray starts = data.topK(k);
        int n = (int) starts.rows(), dims = (int) starts.columns();
        INDArray x0 = data.x();
        INDArray y0 = data.y();
        int every = s.recordEvery();
        List<Integer> recorded = new ArrayList<>();
        for (int t = 0; t <= s.steps(); t++) {
            if (every > 0 && (t % every == 0 || t == s.steps())) recorded.add(t);
        }
        double[][][] snapshots = new double[recorded.size()][n][];
        double[][] finals = new double[n][];
        try (Progress.Bar bar = Progress.start(method + " mentor", n)) {
            for (int c = 0; c < n; c++) {
                List<Mlp> f = new ArrayList<>();
                for (Mlp m : model.members()) f.add(m.copy());
                INDArray x = starts.getRow(c, true).dup('c');
                Param design = new Param("x", x, x.like());
                Adam adam = new Adam(s.designLr(), 0.9, 0.999, Adam.TORCH_EPSILON);
                SplittableRandom rng = new SplittableRandom(FlowMatching.mix(seed, c, 0x7A1L));
                INDArray descend = Nd4j.valueArrayOf(new long[] {1, 1}, -1.0 / f.size(), x.dataType());
                int r = 0;
                for (int t = 0; t <= s.steps(); t++) {
                    if (r < recorded.size() && recorded.get(r) == t) snapshots[r++][c] = x.toDoubleVector();
                    if (t == s.steps()) break;
                    adjustProxies(f, x, x0, y0, s, rng);
                    INDArray g = x.like();
                    for (Mlp m : f) g.addi(m.forwardInputGradient(x, descend).inputGradient());
                    design.grad().assign(g);
                    adam.step(design);
                    if (x.isNaN().any() || x.isInfinite().any()) {
                        throw new IllegalStateException(String.format(
                                Locale.ROOT,
                                "%s: design %d became NaN or infinite at mentoring step %d; lower design_lr (now %s)"
                                        + " with with(TriMentoring.Settings::designLr, …)",
                                method,
                                c,
                                t + 1,
                                s.designLr()));
                    }
                }
                finals[c] = x.toDoubleVector();
                bar.step("");
            }
        }
        Trajectory.Recorder rec = new Trajectory.Recorder();
        if (every > 0) {
            for (int r = 0; r < recorded.size(); r++) {
                GradientSearch.snapshot(
                        rec, recorded.get(r), model, data, Tensors.matrix(snapshots[r], DataType.FLOAT));
            }
        }
        INDArray out = Tensors.matrix(finals, DataType.FLOAT);
        if (dims != out.columns()) throw new IllegalStateException("design width changed");
        return GradientSearch.finish(method, seed, model, data, out, every > 0 ? rec : null);
    }

    /**
     * {@code adjust_proxy} ({@code utils.py} 237–281): ranks K neighbours of x by each proxy (all three before any
     * update) and fine-tunes each proxy on the pairs where it disagrees with the consensus.
     */
    static void adjustProxies(List<Mlp> f, INDArray x, INDArray x0, INDArray y0, Settings s, SplittableRandom rng) {
        int k = s.neighbours(), d = (int) x.columns();
        double[] base = x.toDoubleVector();
        double[][] near = new double[k][d];
        for (int i = 0; i < k; i++) for (int j = 0; j < d; j++) near[i][j] = base[j] + s.noise() * rng.nextGaussian();
        INDArray xn = Tensors.matrix(near, f.get(0).dataType());
        int[][] ranks = new int[f.size()][];
        double[] sum = new double[k];
        for (int p = 0; p < f.size(); p++) {
            double[] pred = Tensors.column(f.get(p).forward(xn), 0);
            ranks[p] = ranks(pred);
            for (int i = 0; i < k; i++) sum[i] += pred[i];
        }
        int[][] pairs = pairs(k);
        double[] consensus =
                s.majorityVoting() ? majority(ranks[0], ranks[1], ranks[2], pairs) : labels(ranks(sum), pairs);
        for (int p = 0; p < f.size(); p++) {
            double[] own = labels(ranks[p], pairs);
            List<Integer> train = new ArrayList<>();
            for (int q = 0; q < pairs.length; q++) if (consensus[q] != own[q]) train.add(q);
            if (train.isEmpty()) continue;
            int[][] sub = new int[train.size()][];
            double[] l = new double[train.size()];
            for (int q = 0; q < sub.length; q++) {
                sub[q] = pairs[train.get(q)];
                l[q] = consensus[train.get(q)];
            }
            adjust(f.get(p), xn, sub, l, x0, y0, s);
        }
    }

    /** rank[i] = position of neighbour i in descending prediction order (0 = highest; ties: lower index first). */
    static int[] ranks(double[] pred) {
        Integer[] order = new Integer[pred.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(
                order, (a, b) -> pred[a] != pred[b] ? Double.compare(pred[b], pred[a]) : Integer.compare(a, b));
        int[] rank = new int[pred.length];
        for (int r = 0; r < order.length; r++) rank[order[r]] = r;
        return rank;
    }

    /** All pairs (i, j), i &lt; j, in the authors' order ({@code utils.py} 200–202). */
    static int[][] pairs(int k) {
        int[][] out = new int[k * (k - 1) / 2][];
        int q = 0;
        for (int i = 0; i < k; i++) for (int j = i + 1; j < k; j++) out[q++] = new int[] {i, j};
        return out;
    }

    /** A ranking's pair labels: 1 when i is ranked above j (smaller rank), else 0 ({@code rank2pairs}, 220–234). */
    static double[] labels(int[] rank, int[][] pairs) {
        double[] out = new double[pairs.length];
        for (int q = 0; q < pairs.length; q++) out[q] = rank[pairs[q][0]] > rank[pairs[q][1]] ? 0 : 1;
        return out;
    }

    /**
     * The majority's labels ({@code majority_voting_func}, 196–218): proxy 1's label where proxies 1 and 2 order the
     * pair alike, proxy 3's where they differ (then proxy 3 sides with one of them).
     */
    static double[] majority(int[] r1, int[] r2, int[] r3, int[][] pairs) {
        double[] out = new double[pairs.length];
        for (int q = 0; q < pairs.length; q++) {
            int i = pairs[q][0], j = pairs[q][1];
            long d1 = r1[i] - r1[j], d2 = r2[i] - r2[j], d3 = r3[i] - r3[j];
            out[q] = d1 * d2 > 0 ? (d1 > 0 ? 0 : 1) : (d3 > 0 ? 0 : 1);
        }
        return out;
    }

    /**
     * {@code adjust_bpr} ({@code utils.py} 126–150) on the proxy in place: soft labels (when on), clamped to [0, 1],
     * then one SGD step on the pairwise cross-entropy. Returns the labels used.
     */
    static double[] adjust(Mlp f, INDArray xn, int[][] pairs, double[] labels, INDArray x0, INDArray y0, Settings s) {
        double[] l = labels.clone();
        if (s.softLabel()) {
            double[] g = labelGradient(f, xn, pairs, l, x0, y0, s.proxyLr());
            for (int q = 0; q < l.length; q++) l[q] -= s.labelLr() * g[q];
        }
        for (int q = 0; q < l.length; q++) l[q] = Math.max(0, Math.min(1, l[q]));
        INDArray grad = crossEntropyGradient(f, xn, pairs, l);
        f.flatParameters().subi(grad.muli(s.proxyLr()));
        return l;
    }

    /**
     * ∂L/∂l, L the mean squared error over (x0, y0) after one SGD step (rate {@code lr}) on the pairwise cross-entropy
     * with labels l (the {@code higher} inner loop of {@code adjust_bpr}): η·aₖ·(Dᵢ − Dⱼ) with Dₙ = ⟨∇θ'L, ∇θf(xₙ)⟩
     * (see the class comment).
     */
    static double[] labelGradient(Mlp f, INDArray xn, int[][] pairs, double[] l, INDArray x0, INDArray y0, double lr) {
        double[] prob = probabilities(f, xn, pairs);
        INDArray gv = Losses.mseGradient(lookAhead(f, xn, pairs, l, lr), x0, y0);
        f.forward(xn);
        f.backward(f.outputGradientBuffer().assign(1), false, false);
        double[] dn = f.parameterDirectionalDerivatives(gv);
        double[] out = new double[pairs.length];
        int kk = pairs.length;
        for (int q = 0; q < kk; q++) {
            double p = prob[q];
            double a = p * (1 - p) * (1 / (p + LOG_EPS) + 1 / (1 - p + LOG_EPS)) / kk;
            out[q] = lr * a * (dn[pairs[q][0]] - dn[pairs[q][1]]);
        }
        return out;
    }

    /** A copy of the proxy after one SGD step (rate {@code lr}) on the cross-entropy with labels l: θ' of the inner loop. */
    private static Mlp lookAhead(Mlp f, INDArray xn, int[][] pairs, double[] l, double lr) {
        Mlp ahead = f.copy();
        ahead.flatParameters().subi(crossEntropyGradient(f, xn, pairs, l).muli(lr));
        return ahead;
    }

    /** The mean squared error over (x0, y0) after one SGD step on the cross-entropy with labels l (tests). */
    static double lossAfterStep(Mlp f, INDArray xn, int[][] pairs, double[] l, INDArray x0, INDArray y0, double lr) {
        double[] p = Tensors.column(lookAhead(f, xn, pairs, l, lr).forward(x0), 0);
        double[] y = Tensors.column(y0, 0);
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += (p[i] - y[i]) * (p[i] - y[i]);
        return sum / p.length;
    }

    /** σ(f(xᵢ) − f(xⱼ)) per pair ({@link #sigmoid}). */
    private static double[] probabilities(Mlp f, INDArray xn, int[][] pairs) {
        double[] pred = Tensors.column(f.forward(xn), 0);
        double[] out = new double[pairs.length];
        for (int q = 0; q < pairs.length; q++) out[q] = sigmoid(pred[pairs[q][0]] - pred[pairs[q][1]]);
        return out;
    }

    /**
     * σ(z), exactly 1 or 0 where PyTorch's float32 sigmoid saturates: 1 + e^−z rounds to 1 in float32 for z above
     * about 16.6 (and e^−z overflows below about −88.7), and there P(1 − P) = 0, so such a pair adds nothing to the
     * authors' gradients; elsewhere in double precision.
     */
    static double sigmoid(double z) {
        float zf = (float) z;
        float e = (float) Math.exp(-zf);
        if (1f + e == 1f) return 1.0;
        if (Float.isInfinite(e)) return 0.0;
        return 1 / (1 + Math.exp(-z));
    }

    /** The pairwise cross-entropy −mean[l·log(P + ε) + (1 − l)·log(1 − P + ε)] (tests). */
    static double crossEntropy(Mlp f, INDArray xn, int[][] pairs, double[] l) {
        double[] prob = probabilities(f, xn, pairs);
        double sum = 0;
        for (int q = 0; q < prob.length; q++) {
            sum += l[q] * Math.log(prob[q] + LOG_EPS) + (1 - l[q]) * Math.log(1 - prob[q] + LOG_EPS);
        }
        return -sum / prob.length;
    }

    /** ∇θ of {@link #crossEntropy} (a copy; the model's gradient buffer is left zeroed). */
    static INDArray crossEntropyGradient(Mlp f, INDArray xn, int[][] pairs, double[] l) {
        double[] prob = probabilities(f, xn, pairs);
        double[] dPred = new double[(int) xn.rows()];
        for (int q = 0; q < pairs.length; q++) {
            double p = prob[q];
            double dd = -(l[q] / (p + LOG_EPS) - (1 - l[q]) / (1 - p + LOG_EPS)) * p * (1 - p) / pairs.length;
            dPred[pairs[q][0]] += dd;
            dPred[pairs[q][1]] -= dd;
        }
        f.zeroGrad();
        f.forward(xn);
        INDArray out = f.outputGradientBuffer();
        Tensors.assignColumnMajor(out, dPred);
        f.backward(out, true, false);
        INDArray g = f.parameters().get(0).grad().dup();
        f.zeroGrad();
        return g;
    }
}
