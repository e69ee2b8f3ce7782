package org.mbo4j.method.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.moo.MultiObjectiveData;
import org.mbo4j.moo.Pareto;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.Progress;

/**
 * Off-MOO-Bench's one-round multi-objective BO baselines (Xue, Tan, Huang, Qian, "Offline Multi-Objective
 * Optimization", ICML 2024; {@code off_moo_baselines/mobo/} of {@code lamda-bbo/offline-moo} a960f6f with BoTorch
 * 0.8.5): {@code mobo} (qNEHVI) and {@code mobo-parego} (qParEGO). One BO iteration: m independent GPs are fitted
 * once on the best {@link Settings#gpDataSize} visible rows by non-dominated sorting, one batch of k candidates is
 * chosen by sequential greedy maximisation of the acquisition, and those k are the proposal. Defaults with file and
 * line, and the deviations: {@code docs/methods/mobo.md}.
 *
 * <ul>
 *   <li>Data: {@link MultiObjectiveData} (inputs and minimised targets min-max scaled to [0, 1]); the GP rows are
 *   {@link Pareto#selectBest} of the targets (fronts whole, the last cut by crowding distance; the reference's
 *   last-front cut indexes rows by their position within the front, a bug not reproduced).</li>
 *   <li>GPs: one {@link GaussianProcess#fitWithNoise} per objective (BoTorch 0.8.5 {@code SingleTaskGP}: constant
 *   mean, Matérn-5/2 ARD × scale, Gamma priors, inferred noise ≥ 1e-4, no outcome transform; MAP by L-BFGS),
 *   float64.</li>
 *   <li>{@code mobo}: {@link NoisyHypervolumeImprovement} with the GP inputs as baseline and the reference point of
 *   {@link ReferencePoint}.</li>
 *   <li>{@code mobo-parego}: per candidate a weight vector uniform on the simplex and {@link ParEgoAcquisition}
 *   (qEI of the augmented Chebyshev scalarisation, α = 0.05, scaled by the GP means at the training inputs).</li>
 *   <li>Each candidate: {@link AcquisitionMaximiser#maximiseAsBoTorch} over [0, 1]^d (BoTorch 0.8.5's starts from raw
 *   samples, all restarts optimised jointly by {@link LbfgsB}).</li>
 * </ul>
 * Deterministic per seed. Refuses m ≥ 5 ({@code mobo}) and m ≥ 4 ({@code mobo-parego}) as the reference asserts.
 * {@link #handlesObjectives} is 2..4 (2..3), so {@code bench} and {@code propose} refuse single-objective problems;
 * called directly on one objective, {@link #run} still works (qNEHVI is then qNEI of the sampled best, qParEGO qEI).
 * Sequence spaces run through Design-Bench logits as in {@link MultiObjectiveData} (Off-MOO-Bench's MOBO runs only on
 * its continuous tasks there).
 */
public final class MultiObjectiveBo extends ConfiguredMethod<MultiObjectiveBo.Settings, MultiObjectiveBo> {
    /** The acquisition function. */
    public enum Acquisition {
        /** qNEHVI ({@code MOBO-Vallina}, {@code mobo_vallina.py}). */
        QNEHVI,
        /** qParEGO ({@code MOBO-ParEGO}, {@code mobo_parego.py}). */
        QPAREGO
    }

    /** qNEHVI's reference point, in the units of the minimised, min-max-normalised targets the GPs model. */
    public enum ReferencePoint {
        /**
         * The reference code's: 1.1 × the task's raw nadir ({@code experiment.py} 106, negated with the outcomes in
         * {@code mobo_vallina.py} 58–60), compared with normalised targets, so on another scale than the model.
         */
        RAW_NADIR,
        /** Corrected: 1.1 × the nadir min-max-normalised like the targets. */
        NORMALISED_NADIR
    }

    /**
     * Hyperparameters (Off-MOO-Bench a960f6f; file and line in {@code docs/methods/mobo.md}).
     *
     * @param quickVariant       the tutorial/CI variant
     * @param acquisition        qNEHVI or qParEGO
     * @param gpDataSize         GP training rows, the best by non-dominated sorting (256, {@code train_gp_data_size})
     * @param mcSamples          Monte-Carlo samples of the acquisition (128)
     * @param rawSamples         raw Sobol points per candidate (256, {@code raw_samples})
     * @param restarts           L-BFGS-B starts per candidate (10, {@code num_restarts})
     * @param acquisitionMaxIter L-BFGS-B iterations per start (200, {@code maxiter})
     * @param gpFitMaxIter       L-BFGS iterations of each GP's MAP fit (15000, SciPy's L-BFGS-B default: BoTorch
     *                           0.8.5 passes no {@code maxiter})
     * @param referencePoint     qNEHVI's reference point (raw nadir, the reference code's)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            @Setting(key = "") Acquisition acquisition,
            @Setting(key = "gp_data") int gpDataSize,
            @Setting(key = "mc") int mcSamples,
            @Setting(key = "raw") int rawSamples,
            int restarts,
            @Setting(key = "acq_maxiter") int acquisitionMaxIter,
            @Setting(key = "gp_fit_maxiter") int gpFitMaxIter,
            @Setting(key = "ref") ReferencePoint referencePoint)
            implements MethodSettings<Settings> {
        public Settings {
            if (acquisition == null) throw new IllegalArgumentException("the acquisition must be QNEHVI or QPAREGO");
            if (referencePoint == null) {
                throw new IllegalArgumentException("the reference point must be RAW_NADIR or NORMALISED_NADIR");
            }
            positive(gpDataSize, "gpDataSize");
            positive(mcSamples, "mcSamples");
            positive(rawSamples, "rawSamples");
            positive(restarts, "restarts");
            if (acquisitionMaxIter < 0) {
                throw new IllegalArgumentException("acquisitionMaxIter must be ≥ 0, got " + acquisitionMaxIter);
            }
            if (gpFitMaxIter < 0) throw new IllegalArgumentException("gpFitMaxIter must be ≥ 0, got " + gpFitMaxIter);
        }

        /** Off-MOO-Bench's values. */
        public static Settings paper(Acquisition acquisition) {
            return new Settings(false, acquisition, 256, 128, 256, 10, 200, 15000, ReferencePoint.RAW_NADIR);
        }

        /**
         * The paper's GP data (256 rows; 64 left the GP too coarse to beat uniform random designs on ZDT1), GP fit
         * ≤ 100 iterations, 16 MC samples, 32 raw points, one start of ≤ 10 iterations. Not the paper's numbers.
         */
        @Override
        public Settings quick() {
            return with(Settings::mcSamples, 16)
                    .with(Settings::rawSamples, 32)
                    .with(Settings::restarts, 1)
                    .with(Settings::acquisitionMaxIter, 10)
                    .with(Settings::gpFitMaxIter, 100)
                    .with(Settings::quickVariant, true);
        }

        private static void positive(int n, String what) {
            if (n < 1) throw new IllegalArgumentException(what + " must be ≥ 1, got " + n);
        }
    }

    private MultiObjectiveBo(String name, Settings settings) {
        super(name, settings);
    }

    /** {@code mobo}: qNEHVI, paper defaults. */
    public static MultiObjectiveBo qnehvi() {
        return new MultiObjectiveBo("mobo", Settings.paper(Acquisition.QNEHVI));
    }

    /** {@code mobo-parego}: qParEGO, paper defaults. */
    public static MultiObjectiveBo qparego() {
        return new MultiObjectiveBo("mobo-parego", Settings.paper(Acquisition.QPAREGO));
    }

    @Override
    public MultiObjectiveBo withConfig(Settings s) {
        return new MultiObjectiveBo(name(), s);
    }

    /** The most objectives the acquisition takes: 4 for qNEHVI, 3 for qParEGO (the reference's assertions). */
    public int maxObjectives() {
        return config().acquisition() == Acquisition.QNEHVI ? 4 : 3;
    }

    /** 2 to {@link #maxObjectives()} objectives. */
    @Override
    public boolean handlesObjectives(int objectives) {
        return objectives >= 2 && objectives <= maxObjectives();
    }

    /** The one-line refusal of a problem with {@code m} objectives, or null when m is within the limit. */
    String refusal(String problem, int m) {
        if (m <= maxObjectives()) return null;
        String where = config().acquisition() == Acquisition.QNEHVI
                ? "qNEHVI: mobo_vallina.py:49 asserts m < 5"
                : "qParEGO: mobo_parego.py:49 asserts m < 4";
        return String.format(
                Locale.ROOT,
                "method '%s' optimises at most %d objectives, as Off-MOO-Bench's reference does (%s), but %s has %d;"
                        + " use a DNN-proxy method (mm, mh, e2e) for it",
                name(),
                maxObjectives(),
                where,
                problem,
                m);
    }

    /**
     * What the acquisition works on, before any candidate is chosen: the GP's rows, the fitted GPs and qNEHVI's
     * reference point. For inspection (notebooks, {@code scripts/checks/mobo-botorch/}); {@link #run} starts here.
     *
     * @param x              the GP's inputs, min-max scaled to [0, 1] ({@link MultiObjectiveData#inputs}), the best
     *                       {@link Settings#gpDataSize} rows by {@link Pareto#selectBest}
     * @param t              their minimised, min-max-normalised targets, rows × m
     * @param gps            one fitted GP per objective, from (x, t)
     * @param referencePoint qNEHVI's reference point in the units of t ({@link Settings#referencePoint})
     */
    public record Surrogate(double[][] x, double[][] t, List<GaussianProcess> gps, double[] referencePoint) {
        public Surrogate {
            x = deepCopy(x);
            t = deepCopy(t);
            gps = List.copyOf(gps);
            referencePoint = referencePoint.clone();
        }

        private static double[][] deepCopy(double[][] a) {
            double[][] out = new double[a.length][];
            for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
            return out;
        }
    }

    /** The rows, GPs and reference point of {@link #run} on {@code problem} (the same for every seed). */
    public Surrogate surrogate(OfflineProblem problem) {
        return surrogate(problem, MultiObjectiveData.of(problem));
    }

    private Surrogate surrogate(OfflineProblem problem, MultiObjectiveData data) {
        double[][] inputs = data.inputs();
        double[][] targets = data.targets();
        int[] rows = Pareto.selectBest(targets, Math.min(config().gpDataSize(), targets.length));
        double[][] x = new double[rows.length][];
        double[][] t = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            x[i] = inputs[rows[i]];
            t[i] = targets[rows[i]];
        }
        return new Surrogate(x, t, fitGps(x, t, config().gpFitMaxIter()), referencePoint(problem, data));
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        int m = problem.objectives().size();
        String refused = refusal("problem '" + problem.name() + "'", m);
        if (refused != null) throw new IllegalArgumentException(refused);
        MultiObjectiveData data = MultiObjectiveData.of(problem);
        Surrogate s = surrogate(problem, data);
        int d = data.inputSize();
        double[] lo = new double[d];
        double[] hi = new double[d];
        Arrays.fill(hi, 1.0);
        double[][] chosen = config().acquisition() == Acquisition.QNEHVI
                ? qnehvi(s.gps(), s.x(), s.referencePoint(), lo, hi, k, seed)
                : qparego(s.gps(), s.x(), s.t(), lo, hi, k, seed);
        return Proposal.of(name(), seed, problem.space(), data.decode(chosen), data.toScores(means(s.gps(), chosen)));
    }

    /**
     * One GP per objective column of {@code t}, each from gpytorch's initial values (c = 0, s² = ℓ = ln 2, σ² at the
     * noise prior's mode).
     */
    static List<GaussianProcess> fitGps(double[][] x, double[][] t, int maxIter) {
        int m = t[0].length;
        List<GaussianProcess> gps = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            double[] y = new double[t.length];
            for (int i = 0; i < t.length; i++) y[i] = t[i][j];
            gps.add(GaussianProcess.fitWithNoise(
                    x, y, GaussianProcess.initialTheta(x[0].length), GaussianProcess.NOISE_PRIOR_MODE, maxIter));
        }
        return gps;
    }

    /** The GPs' posterior means at {@code x}, rows × m. */
    static double[][] means(List<GaussianProcess> gps, double[][] x) {
        double[][] out = new double[x.length][gps.size()];
        for (int j = 0; j < gps.size(); j++) {
            double[] mu = gps.get(j).posteriorMean(x);
            for (int i = 0; i < x.length; i++) out[i][j] = mu[i];
        }
        return out;
    }

    /**
     * qNEHVI's reference point in target units. Without a known nadir (user data) the raw nadir is the worst visible
     * value of each objective.
     */
    double[] referencePoint(OfflineProblem problem, MultiObjectiveData data) {
        int m = problem.objectives().size();
        double[][] scores = problem.dataset().scores();
        double[] rawNadir = new double[m];
        for (int j = 0; j < m; j++) {
            if (!problem.nadir().isEmpty()) {
                rawNadir[j] = problem.nadir().get(j);
            } else {
                double worst = Double.NaN;
                for (double[] r : scores) {
                    if (Double.isNaN(worst) || -problem.sign(j) * r[j] > -problem.sign(j) * worst) worst = r[j];
                }
                rawNadir[j] = worst;
            }
        }
        double[] ref = new double[m];
        if (config().referencePoint() == ReferencePoint.RAW_NADIR) {
            // the reference minimises every objective: 1.1 × nadir in the minimised raw units
            for (int j = 0; j < m; j++) ref[j] = 1.1 * -problem.sign(j) * rawNadir[j];
        } else {
            double[] normalised = data.toTargets(new double[][] {rawNadir})[0];
            for (int j = 0; j < m; j++) ref[j] = 1.1 * normalised[j];
        }
        return ref;
    }

    /**
     * A well-spread seed from a structured one: {@code java.util.Random}'s first draws are nearly equal for nearby seeds
     * (0.73097, 0.73088, 0.73115 for seeds differing by 1), so candidate i's and run seed s's streams are seeded through
     * one SplittableRandom step.
     */
    static long mix(long seed) {
        return new SplittableRandom(seed).nextLong();
    }

    private double[][] qnehvi(
            List<GaussianProcess> gps, double[][] baseline, double[] ref, double[] lo, double[] hi, int k, long seed) {
        Settings c = config();
        NoisyHypervolumeImprovement acq =
                new NoisyHypervolumeImprovement(gps, baseline, ref, c.mcSamples(), k, mix(seed * 1_000_003L + 1));
        double[][] out = new double[k][];
        try (Progress.Bar bar = Progress.start(name() + " candidates", k)) {
            for (int i = 0; i < k; i++) {
                out[i] = AcquisitionMaximiser.maximiseAsBoTorch(
                        acq::value,
                        acq::valueAndGradient,
                        lo,
                        hi,
                        c.rawSamples(),
                        c.restarts(),
                        c.acquisitionMaxIter(),
                        mix(seed * 7919L + i));
                acq.add(out[i]);
                bar.step("");
            }
        }
        return out;
    }

    private double[][] qparego(
            List<GaussianProcess> gps, double[][] x, double[][] t, double[] lo, double[] hi, int k, long seed) {
        Settings c = config();
        int m = gps.size();
        double[][] pred = means(gps, x);
        ParEgoAcquisition acq = new ParEgoAcquisition(gps, c.mcSamples(), k, mix(seed * 1_000_003L + 2));
        Random weights = new Random(mix(seed * 31 + 17));
        double[][] out = new double[k][];
        try (Progress.Bar bar = Progress.start(name() + " candidates", k)) {
            for (int i = 0; i < k; i++) {
                scalarise(acq, sampleSimplex(m, weights), pred, t);
                out[i] = maximise(acq, lo, hi, mix(seed * 7919L + i));
                acq.add(out[i]);
                bar.step("");
            }
        }
        return out;
    }

    /**
     * Points {@code acq} at the augmented Chebyshev scalarisation with {@code weights}, scaled by the GP means
     * {@code pred} at the training inputs, with the best scalarised label of {@code t} as incumbent
     * ({@code mobo_parego.py} 93–104).
     */
    private static void scalarise(ParEgoAcquisition acq, double[] weights, double[][] pred, double[][] t) {
        ChebyshevScalarization g = new ChebyshevScalarization(weights, pred, ChebyshevScalarization.ALPHA);
        double best = Double.NEGATIVE_INFINITY;
        for (double[] ti : t) best = Math.max(best, g.value(ti));
        acq.scalarise(g, best);
    }

    private double[] maximise(ParEgoAcquisition acq, double[] lo, double[] hi, long seed) {
        Settings c = config();
        return AcquisitionMaximiser.maximiseAsBoTorch(
                acq::value, acq::valueAndGradient, lo, hi, c.rawSamples(), c.restarts(), c.acquisitionMaxIter(), seed);
    }

    /**
     * One qParEGO candidate in isolation, for checks against the reference and for notebooks: the acquisition
     * {@link #run} maximises for a candidate whose scalarisation has {@code weights} and before which
     * {@code pending} were chosen, on the surrogate {@code s} (e.g. {@link #surrogate}, or GPs with another fit's
     * hyperparameters), with {@code samples} Monte-Carlo samples (the setting's {@link Settings#mcSamples} in a
     * run; more for a precise value).
     */
    public ParEgoCandidate parEgoCandidate(
            Surrogate s, double[] weights, double[][] pending, int samples, long samplesSeed) {
        int m = s.gps().size();
        if (weights.length != m) {
            throw new IllegalArgumentException("need " + m + " weights, one per objective, got " + weights.length);
        }
        ParEgoAcquisition acq = new ParEgoAcquisition(s.gps(), samples, pending.length + 1, samplesSeed);
        for (double[] p : pending) acq.add(p);
        scalarise(acq, weights, means(s.gps(), s.x()), s.t());
        return new ParEgoCandidate(this, acq, s.x()[0].length);
    }

    /** {@link #parEgoCandidate}'s result: the acquisition's value and its maximiser as {@link #run} uses it. */
    public static final class ParEgoCandidate {
        private final MultiObjectiveBo method;
        private final ParEgoAcquisition acq;
        private final int dims;

        private ParEgoCandidate(MultiObjectiveBo method, ParEgoAcquisition acq, int dims) {
            this.method = method;
            this.acq = acq;
            this.dims = dims;
        }

        /** The acquisition value of x (in the GP's [0, 1]^d box) as this candidate. */
        public double value(double[] x) {
            if (x.length != dims) throw new IllegalArgumentException("need " + dims + " inputs, got " + x.length);
            return acq.value(x);
        }

        /** The acquisition value of x, with its gradient written into {@code grad} (length d), as the maximiser sees it. */
        public double valueAndGradient(double[] x, double[] grad) {
            if (x.length != dims) throw new IllegalArgumentException("need " + dims + " inputs, got " + x.length);
            if (grad.length != dims) {
                throw new IllegalArgumentException("need a gradient array of " + dims + ", got " + grad.length);
            }
            return acq.valueAndGradient(x, grad);
        }

        /** The candidate {@link #run} would choose with the starts of {@code seed} (raw samples, restarts, L-BFGS-B). */
        public double[] maximise(long seed) {
            double[] lo = new double[dims];
            double[] hi = new double[dims];
            Arrays.fill(hi, 1.0);
            return method.maximise(acq, lo, hi, seed);
        }
    }

    /**
     * A point uniform on the (m−1)-simplex: the gaps between m − 1 sorted uniforms and 0, 1 (BoTorch 0.8.5's
     * {@code sample_simplex} with {@code qmc=False}, {@code botorch/utils/sampling.py} 175–203).
     */
    static double[] sampleSimplex(int m, Random rng) {
        double[] u = new double[m + 1];
        for (int j = 1; j < m; j++) u[j] = rng.nextDouble();
        u[m] = 1;
        Arrays.sort(u, 1, m);
        double[] w = new double[m];
        for (int j = 0; j < m; j++) w[j] = u[j + 1] - u[j];
        return w;
    }
}
