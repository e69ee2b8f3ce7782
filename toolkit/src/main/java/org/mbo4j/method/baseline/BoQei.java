package org.mbo4j.method.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.mbo4j.method.Method;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.surrogate.SurrogateData;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch Bayesian optimisation with Monte-Carlo q-Expected-Improvement on a learned ensemble, the design-baselines
 * baseline ({@code design_baselines/bo_qei}; Wilson et al., "Maximizing acquisition functions for Bayesian
 * optimization", NeurIPS 2018, and BoTorch, Balandat et al., NeurIPS 2020; reported as "BO-qEI" in Trabucco et al.,
 * "Design-Bench", ICML 2022).
 *
 * <p>Paper defaults ({@code bo_qei/experiments.py}, TFBind8):
 * <ul>
 *   <li>data: {@code normalize_ys}, {@code map_to_logits} for sequences, {@code normalize_xs};</li>
 *   <li>surrogate ("black box" for the BO loop): {@link SmallEnsemble#paper()}, ensemble mean;</li>
 *   <li>GP: {@link GaussianProcess} (BoTorch {@code FixedNoiseGP}: Matérn-5/2 ARD, constant mean, Gamma priors,
 *   noise variance 0.1²) on the top-500 visible designs with their normalised scores, refitted each round
 *   warm-started from the previous round's hyperparameters;</li>
 *   <li>loop: 10 rounds; each picks q = 32 points maximising MC qEI (128 quasi-MC base samples, best_f = max of
 *   the labels so far) inside the box of the visible data's per-input min/max; new points are labelled with the
 *   ensemble mean + N(0, 0.1²);</li>
 *   <li>result: the top-128 of all 500 + 320 points by label, decoded.</li>
 * </ul>
 * <b>What differs from BoTorch.</b> BoTorch's {@code optimize_acqf} optimises all q points jointly with L-BFGS-B
 * (10 restarts chosen from 128 raw Sobol points by a Boltzmann heuristic, maxiter 200); we build the batch
 * greedily, one point at a time (BoTorch's {@code sequential=True} mode): 128 raw Sobol points in the box, the 10
 * best as restarts, each refined by {@link Builder#acquisitionMaxIter} projected Adam steps (step 2 % of the box
 * width) on the analytic qEI gradient, keeping the best point seen. GP hyperparameters are fitted by Adam
 * ({@link Builder#gpFitMaxIter} steps, lr 0.05) instead of L-BFGS-B. The base samples use a random shift rather
 * than Owen scrambling.
 *
 * <p><b>Known gap (measured 2026-11-27, TFBind8 seed 0):</b> 100th percentile 0.439 = D(best), far below the
 * published 0.798 ± 0.083: the top-500 normalised scores span only 1.438–1.480, the fitted lengthscales sit at the
 * Gamma(3, 6) prior mode (0.33) in 24 dimensions, so the GP is uninformative away from the data; the qEI batches
 * land where the ensemble predicts below the visible top, and the final top-128 by label are all visible designs.
 * Not yet resolved which BoTorch behaviour makes the published runs find better points.
 */
public final class BoQei implements Method {
    private final SmallEnsemble ensemble;
    private final int gpSamples;
    private final double noiseStd;
    private final int rounds;
    private final int batch;
    private final int mcSamples;
    private final int rawSamples;
    private final int restarts;
    private final int acquisitionMaxIter;
    private final int gpFitMaxIter;
    private final boolean quick;

    private BoQei(Builder b) {
        ensemble = b.ensemble;
        gpSamples = b.gpSamples;
        noiseStd = b.noiseStd;
        rounds = b.rounds;
        batch = b.batch;
        mcSamples = b.mcSamples;
        rawSamples = b.rawSamples;
        restarts = b.restarts;
        acquisitionMaxIter = b.acquisitionMaxIter;
        gpFitMaxIter = b.gpFitMaxIter;
        quick = b.quick;
    }

    /** Paper defaults. */
    public static BoQei defaults() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.ensemble = ensemble;
        b.gpSamples = gpSamples;
        b.noiseStd = noiseStd;
        b.rounds = rounds;
        b.batch = batch;
        b.mcSamples = mcSamples;
        b.rawSamples = rawSamples;
        b.restarts = restarts;
        b.acquisitionMaxIter = acquisitionMaxIter;
        b.gpFitMaxIter = gpFitMaxIter;
        b.quick = quick;
        return b;
    }

    /** Quick settings for tutorials and CI: 10 epochs, GP on 200 points, 3 rounds, 3 restarts × 10 steps. */
    @Override
    public BoQei quick() {
        Builder b = toBuilder().ensemble(ensemble.epochs(10)).gpSamples(200).rounds(3).restarts(3).acquisitionMaxIter(50)
                .gpFitMaxIter(50);
        b.quick = true;
        return b.build();
    }

    @Override public String name() { return "bo-qei"; }

    @Override
    public String settings() {
        String s = String.format(Locale.ROOT,
                "%s gp_samples=%d noise_se=%.2f rounds=%d q=%d mc=%d raw=%d restarts=%d acq_maxiter=%d gp_fit_maxiter=%d "
                        + "(greedy sequential qEI)", ensemble.describe(), gpSamples, noiseStd, rounds, batch, mcSamples,
                rawSamples, restarts, acquisitionMaxIter, gpFitMaxIter);
        return (quick ? "quick: " : "") + s;
    }

    @Override
    public Proposal propose(OfflineProblem problem, int k, long seed) {
        SurrogateData data = SurrogateData.of(problem, true, true);
        Regressor model = ensemble.train(data.x(), data.y(), seed, name());
        double[][] all = Tensors.rows(data.x());
        int d = all[0].length;
        double[] lo = new double[d];
        double[] hi = new double[d];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] r : all) {
            for (int j = 0; j < d; j++) {
                lo[j] = Math.min(lo[j], r[j]);
                hi[j] = Math.max(hi[j], r[j]);
            }
        }
        int[] top = data.topRows(gpSamples);
        double[] yAll = Tensors.column(data.y(), 0);
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int r : top) {
            xs.add(all[r]);
            ys.add(yAll[r]);
        }
        optimise(model, xs, ys, lo, hi, seed);
        Integer[] order = new Integer[xs.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(ys.get(b), ys.get(a)));
        double[][] best = new double[Math.min(k, order.length)][];
        for (int i = 0; i < best.length; i++) best[i] = xs.get(order[i]);
        return SmallEnsemble.proposal(name(), seed, model, data, best);
    }

    /**
     * The BO loop: {@link #rounds} rounds of q new points appended to (xs, ys) (labels from the model + noise).
     * Returns the new points.
     */
    double[][] optimise(Regressor model, List<double[]> xs, List<Double> ys, double[] lo, double[] hi, long seed) {
        Random noise = new Random(seed * 31 + 7);
        double[] theta = GaussianProcess.initialTheta(lo.length);
        List<double[]> added = new ArrayList<>();
        var type = model.parameters().get(0).value().dataType();
        try (Progress.Bar bar = Progress.start(name() + " rounds", rounds)) {
            for (int round = 0; round < rounds; round++) {
                double[][] x = xs.toArray(new double[0][]);
                double[] y = new double[ys.size()];
                double bestF = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < y.length; i++) {
                    y[i] = ys.get(i);
                    bestF = Math.max(bestF, y[i]);
                }
                GaussianProcess gp = GaussianProcess.fit(x, y, noiseStd * noiseStd, theta, true, gpFitMaxIter);
                theta = gp.theta();
                QExpectedImprovement qei = new QExpectedImprovement(gp, bestF, mcSamples, batch,
                        seed * 1_000_003L + round);
                long roundSeed = seed * 7919L + round;
                for (int j = 0; j < batch; j++) qei.add(nextPoint(qei, lo, hi, roundSeed * 101 + j));
                double[][] fresh = qei.points().toArray(new double[0][]);
                INDArray pred = model.forward(Tensors.matrix(fresh, type));
                for (int i = 0; i < fresh.length; i++) {
                    xs.add(fresh[i]);
                    ys.add(pred.getDouble(i, 0) + noiseStd * noise.nextGaussian());
                    added.add(fresh[i]);
                }
                bar.step(String.format(Locale.ROOT, "best label=%.4g qEI=%.3g", Math.max(bestF, maxOf(ys)),
                        qei.current()));
            }
        }
        return added.toArray(new double[0][]);
    }

    /**
     * The greedy maximiser of the acquisition for the next batch point: {@link #rawSamples} shifted-Sobol points in
     * the box, the {@link #restarts} best as starts of {@link BoundedLbfgs} (at most {@link #acquisitionMaxIter}
     * iterations, SciPy's tolerances), the best end point wins.
     */
    double[] nextPoint(QExpectedImprovement qei, double[] lo, double[] hi, long seed) {
        int d = lo.length;
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(d);
        Random rng = new Random(seed);
        double[] shift = new double[d];
        for (int j = 0; j < d; j++) shift[j] = rng.nextDouble();
        double[][] raw = new double[rawSamples][d];
        double[] val = new double[rawSamples];
        for (int s = 0; s < rawSamples; s++) {
            double[] u = sobol.nextVector();
            for (int j = 0; j < d; j++) raw[s][j] = lo[j] + ((u[j] + shift[j]) % 1.0) * (hi[j] - lo[j]);
            val[s] = qei.value(raw[s]);
        }
        Integer[] order = new Integer[rawSamples];
        for (int i = 0; i < rawSamples; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(val[b], val[a]));
        double[] bestX = raw[order[0]].clone();
        double bestV = val[order[0]];
        for (int r = 0; r < Math.min(restarts, rawSamples); r++) {
            BoundedLbfgs.Result res = BoundedLbfgs.maximise(qei::valueAndGradient, raw[order[r]], lo, hi,
                    acquisitionMaxIter);
            if (res.value() > bestV) {
                bestV = res.value();
                bestX = res.x();
            }
        }
        return bestX;
    }

    private static double maxOf(List<Double> v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    /** Fluent builder; every default is the paper's (or, where we differ, documented above). */
    public static final class Builder {
        private SmallEnsemble ensemble = SmallEnsemble.paper();
        private int gpSamples = 500;
        private double noiseStd = 0.1;
        private int rounds = 10;
        private int batch = 32;
        private int mcSamples = 128;
        private int rawSamples = 128;
        private int restarts = 10;
        private int acquisitionMaxIter = 200;
        private int gpFitMaxIter = 200;
        private boolean quick;

        private Builder() {}

        /** Surrogate ensemble settings (default {@link SmallEnsemble#paper()}). */
        public Builder ensemble(SmallEnsemble e) { ensemble = e; return this; }

        /** Number of top visible points the GP starts with (default 500). */
        public Builder gpSamples(int n) { gpSamples = positive(n, "gpSamples"); return this; }

        /** Observation-noise std of the GP and of the labels (default 0.1). */
        public Builder noiseStd(double s) {
            if (!(s > 0)) throw new IllegalArgumentException("noiseStd must be > 0, got " + s);
            noiseStd = s;
            return this;
        }

        /** BO rounds (default 10). */
        public Builder rounds(int n) { rounds = positive(n, "rounds"); return this; }

        /** Points per round q (default 32). */
        public Builder batch(int n) { batch = positive(n, "batch"); return this; }

        /** Quasi-MC base samples of qEI (default 128). */
        public Builder mcSamples(int n) { mcSamples = positive(n, "mcSamples"); return this; }

        /** Raw Sobol candidates per point (default 128). */
        public Builder rawSamples(int n) { rawSamples = positive(n, "rawSamples"); return this; }

        /** Local refinements per point (default 10). */
        public Builder restarts(int n) { restarts = positive(n, "restarts"); return this; }

        /** Adam steps per refinement (default 30; BoTorch's L-BFGS-B uses up to 200 iterations). */
        public Builder acquisitionMaxIter(int n) {
            if (n < 0) throw new IllegalArgumentException("acquisitionMaxIter must be ≥ 0, got " + n);
            acquisitionMaxIter = n;
            return this;
        }

        /** Adam steps of the GP hyperparameter fit per round (default 100). */
        public Builder gpFitMaxIter(int n) {
            if (n < 0) throw new IllegalArgumentException("gpFitMaxIter must be ≥ 0, got " + n);
            gpFitMaxIter = n;
            return this;
        }

        public BoQei build() { return new BoQei(this); }

        private static int positive(int n, String what) {
            if (n < 1) throw new IllegalArgumentException(what + " must be ≥ 1, got " + n);
            return n;
        }
    }
}
