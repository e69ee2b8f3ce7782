package org.mbo4j.method.baseline;

import java.util.Locale;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.method.surrogate.SurrogateData;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.util.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * CMA-ES on a learned ensemble, the design-baselines baseline ({@code design_baselines/cma_es}; Hansen, "The CMA
 * Evolution Strategy: A Tutorial", 2016; reported as "CMA-ES" in Trabucco et al., "Design-Bench", ICML 2022 and
 * "Conservative Objective Models", ICML 2021).
 *
 * <p>Paper defaults ({@code cma_es/experiments.py}, TFBind8):
 * <ul>
 *   <li>data: {@code normalize_ys}, {@code map_to_logits} for sequences, {@code normalize_xs};</li>
 *   <li>surrogate: {@link SmallEnsemble#paper()} (5 bootstrapped Dense(256)+LeakyReLU Gaussian MLPs, lr 1e-3,
 *   100 epochs, batch 100, val 200; at least 5,000 steps on small data), prediction = mean of the members'
 *   means;</li>
 *   <li>search: one independent CMA-ES run per top-128 visible design, started at that design with σ₀ = 0.5,
 *   default population 4 + ⌊3 ln d⌋ (13 for TFBind8's 24 logits), at most 100 iterations
 *   ({@code while not es.stop() and step < 100}: pycma's default stop rules end a run earlier; on TFBind8 every
 *   run stops on {@code tolfacupx} after about 65 iterations, because the ensemble extrapolates linearly and the
 *   step size grows 10³-fold), minimising −(ensemble mean), unbounded; the result of each run is its best
 *   evaluated candidate ({@code es.result.xbest}); designs decoded by argmax (sequences) or clipped to the box
 *   (continuous).</li>
 * </ul>
 * The 128 runs advance in lockstep so each iteration is one batched ensemble evaluation; they are independent
 * (own seeds), so this does not change the algorithm. See {@link CmaEvolutionStrategy} for what differs from pycma
 * (update equations checked against pycma in {@code CmaEvolutionStrategyTest}, budgets in {@code CmaEsPycmaTest};
 * on our trained TFBind8 ensembles pycma scores as we do: {@code crosscheck/cma_es_tfbind8.py}).
 *
 * <p><b>Continuous spaces</b> (not the paper's TFBind8 setting, whose logits are unbounded and decoded by argmax):
 * the search is confined to the design box, as BO-qEI's is. A candidate outside is evaluated at its projection onto
 * the box plus a quadratic penalty on the distance (the usual repair-with-penalty bound handling), and the result
 * is projected. Unbounded, every run followed the ensemble's linear extrapolation to a corner of the box and scored
 * below the data on both functions of {@code benchmarks/propose_hidden.py}; so did the boxed search on {@code bumps4}
 * until the ensemble trained for {@link SmallEnsemble#MIN_STEPS} steps instead of 100 epochs of 448 rows.
 */
public final class CmaEs extends ConfiguredMethod<CmaEs.Settings, CmaEs> {
    /**
     * Hyperparameters ({@code cma_es/experiments.py}, TFBind8; pycma's defaults where it sets none).
     *
     * @param quickVariant  the tutorial/CI variant
     * @param ensemble      the surrogate ({@link SmallEnsemble#paper()})
     * @param sigma0        initial step size in model units (0.5)
     * @param population    population size λ (0: pycma's default 4 + ⌊3 ln d⌋)
     * @param maxIterations iteration cap per run (100)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            SmallEnsemble ensemble,
            @Setting(format = "%.2f") double sigma0,
            @Setting(key = "popsize", zero = "4+3ln(d)") int population,
            @Setting(key = "max_iter") int maxIterations)
            implements MethodSettings<Settings> {
        public Settings {
            if (ensemble == null) throw new IllegalArgumentException("cma-es needs surrogate ensemble settings");
            if (!(sigma0 > 0)) throw new IllegalArgumentException("sigma0 must be > 0, got " + sigma0);
            if (maxIterations < 0) {
                throw new IllegalArgumentException("maxIterations must be ≥ 0, got " + maxIterations);
            }
            if (population != 0 && population < 2) {
                throw new IllegalArgumentException("population must be ≥ 2 (or 0 for the default), got " + population);
            }
        }

        /** The paper's values. */
        public static Settings paper() {
            return new Settings(false, SmallEnsemble.paper(), 0.5, 0, 100);
        }

        /** The ensemble's quick variant (10 epochs), 30 CMA-ES iterations. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::ensemble, ensemble.quick())
                    .with(Settings::maxIterations, 30)
                    .with(Settings::quickVariant, true);
        }
    }

    public CmaEs(Settings settings) {
        super("cma-es", settings);
    }

    /** Paper defaults. */
    public static CmaEs defaults() {
        return new CmaEs(Settings.paper());
    }

    @Override
    public CmaEs withConfig(Settings s) {
        return new CmaEs(s);
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        SurrogateData data = SurrogateData.of(problem, true, true);
        Regressor model = config().ensemble().train(data.x(), data.y(), seed, name());
        double[][] starts = Tensors.rows(data.topK(k));
        ContinuousSpace box = null;
        if (problem.space() instanceof ContinuousSpace c) {
            double[][] corners = data.encoding().encode(new double[][] {c.lower(), c.upper()});
            box = ContinuousSpace.box(corners[0], corners[1]); // the design box in model units
        }
        double[][] best = search(model, starts, seed, box);
        return SmallEnsemble.proposal(name(), seed, model, data, best);
    }

    /**
     * Runs one CMA-ES per start (model inputs), all in lockstep, maximising the model's objective 0; returns each
     * run's best candidate.
     */
    double[][] search(Regressor model, double[][] starts, long seed) {
        return search(model, starts, seed, null);
    }

    /** As {@link #search(Regressor, double[][], long)}, confined to {@code box} (model units) when not null. */
    double[][] search(Regressor model, double[][] starts, long seed, ContinuousSpace box) {
        Settings c = config();
        int runs = starts.length;
        CmaEvolutionStrategy[] es = new CmaEvolutionStrategy[runs];
        for (int r = 0; r < runs; r++) {
            long s = seed * 1_000_003L + r;
            es[r] = c.population() > 0
                    ? new CmaEvolutionStrategy(starts[r], c.sigma0(), c.population(), s)
                    : new CmaEvolutionStrategy(starts[r], c.sigma0(), s);
        }
        int lambda = es[0].populationSize();
        var type = model.parameters().get(0).value().dataType();
        try (Progress.Bar bar = Progress.start(name() + " search", c.maxIterations())) {
            for (int it = 0; it < c.maxIterations(); it++) {
                int active = 0;
                for (CmaEvolutionStrategy e : es) if (!e.stopped()) active++;
                if (active == 0) break;
                double[][] batch = new double[active * lambda][];
                double[][] asked = new double[active * lambda][];
                int row = 0;
                for (CmaEvolutionStrategy e : es) {
                    if (e.stopped()) continue;
                    for (double[] x : e.ask()) {
                        asked[row] = x;
                        batch[row++] = box == null ? x : box.project(x);
                    }
                }
                INDArray pred = model.forward(Tensors.matrix(batch, type));
                row = 0;
                double bestSoFar = Double.NEGATIVE_INFINITY;
                for (CmaEvolutionStrategy e : es) {
                    if (e.stopped()) continue;
                    double[] f = new double[lambda];
                    for (int j = 0; j < lambda; j++, row++) {
                        f[j] = -pred.getDouble(row, 0);
                        if (box != null) f[j] += squaredDistance(asked[row], batch[row]);
                    }
                    e.tell(f);
                    bestSoFar = Math.max(bestSoFar, -e.bestFitness());
                }
                bar.step(String.format(Locale.ROOT, "best=%.4g", bestSoFar));
            }
        }
        double[][] out = new double[runs][];
        for (int r = 0; r < runs; r++) out[r] = box == null ? es[r].best() : box.project(es[r].best());
        return out;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }
}
