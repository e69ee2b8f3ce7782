package org.mbo4j.method.moo;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.moo.Pareto;
import org.mbo4j.task.OfflineProblem;

/**
 * {@code moead-mm}: Off-MOO-Bench's multiple-models proxy ({@link DnnProxies#multipleModels}) searched with MOEA/D
 * ({@link JMetalMoead}) instead of NSGA-II, the row of its initial commit 2b5c6a1 ({@code scripts/single_obj_nn.py}
 * 508–512, {@code algorithm/mo_solver/moea_solver.py} 26–30): Das–Dennis directions with 256 partitions, 52
 * generations, the initial population the data's rows in non-dominated-sorting order. The final population (one
 * design per direction: 257 for m = 2) is cut to k by non-dominated sorting and crowding of the predictions when it is
 * larger. Defaults, the differences from pymoo 0.5.0's MOEA/D and the cost for m = 3:
 * {@code docs/methods/moo-proxies.md}.
 */
public final class MoeadProxies extends ConfiguredMethod<MoeadProxies.Settings, MoeadProxies> {

    /**
     * @param quickVariant the tutorial/CI variant
     * @param proxy        the {@code mm} proxy's settings (its NSGA-II fields are unused)
     * @param partitions   Das–Dennis partitions (256, {@code moea_solver.py} 26–30 at 2b5c6a1)
     * @param generations  MOEA/D generations, the initial population the first (52, {@code single_obj_nn.py} 508–512)
     * @param neighbours   neighbourhood size (20, pymoo 0.5.0 {@code moead.py} default)
     * @param neighbourhoodProbability mating within the neighbourhood (0.9, pymoo 0.5.0 {@code moead.py} default)
     * @param crossoverRate DE's CR (jMetal's default 1.0; pymoo uses SBX)
     * @param differentialWeight DE's F (jMetal's default 0.5)
     * @param mutationEta  polynomial mutation η (20, pymoo 0.5.0 {@code moead.py} default)
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            DnnProxies.Settings proxy,
            @Setting(key = "moead_partitions") int partitions,
            @Setting(key = "moead_gen") int generations,
            @Setting(key = "neighbours") int neighbours,
            @Setting(key = "p_neigh", format = "%.2f") double neighbourhoodProbability,
            @Setting(key = "de_cr", format = "%.2f") double crossoverRate,
            @Setting(key = "de_f", format = "%.2f") double differentialWeight,
            @Setting(key = "pm_eta", format = "%.0f") double mutationEta)
            implements MethodSettings<Settings> {
        public Settings {
            if (proxy.architecture() != DnnProxies.Architecture.MM) {
                throw new IllegalArgumentException("moead-mm searches the mm proxy; got " + proxy.architecture());
            }
            moead(
                    partitions,
                    generations,
                    neighbours,
                    neighbourhoodProbability,
                    crossoverRate,
                    differentialWeight,
                    mutationEta);
        }

        /** The reference's values (sources above). */
        public static Settings paper() {
            return new Settings(
                    false, DnnProxies.Settings.paper(DnnProxies.Architecture.MM), 256, 52, 20, 0.9, 1.0, 0.5, 20);
        }

        /** The proxy's quick variant (2×64, 3 epochs); the search as the paper's for m = 2. */
        @Override
        public Settings quick() {
            return with(Settings::proxy, proxy.quick()).with(Settings::quickVariant, true);
        }

        /** The MOEA/D settings. */
        public JMetalMoead.Settings moead() {
            return moead(
                    partitions,
                    generations,
                    neighbours,
                    neighbourhoodProbability,
                    crossoverRate,
                    differentialWeight,
                    mutationEta);
        }

        private static JMetalMoead.Settings moead(int h, int gen, int t, double p, double cr, double f, double eta) {
            return new JMetalMoead.Settings(h, gen, t, p, cr, f, eta);
        }
    }

    private MoeadProxies(String name, Settings settings) {
        super(name, settings);
    }

    /** {@code moead-mm} with the reference's settings. */
    public static MoeadProxies multipleModels() {
        return new MoeadProxies("moead-mm", Settings.paper());
    }

    @Override
    public MoeadProxies withConfig(Settings s) {
        return new MoeadProxies(name(), s);
    }

    @Override
    public boolean supports(DesignSpace space) {
        return true;
    }

    /** Two or more objectives, as the other proxies. */
    @Override
    public boolean handlesObjectives(int objectives) {
        return objectives >= 2;
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        MultiObjectiveData data = MultiObjectiveData.of(problem);
        DnnProxies mm = DnnProxies.multipleModels().withConfig(config().proxy());
        DnnProxies.Proxy proxy = mm.train(data, seed);
        double[][] inputs = data.inputs();
        int[] order = data.ndsOrder();
        double[][] initial = new double[order.length][];
        for (int i = 0; i < order.length; i++) initial[i] = inputs[order[i]];
        int d = data.inputSize();
        double[] lower = new double[d];
        double[] upper = new double[d];
        Arrays.fill(upper, 1.0);
        JMetalNsgaII.Result r = JMetalMoead.minimize(proxy::predict, lower, upper, initial, config().moead(), seed);
        double[][] x = r.designs();
        double[][] pred = r.objectives();
        if (x.length > k) {
            int[] keep = Pareto.selectBest(pred, k);
            double[][] kx = new double[k][];
            double[][] kp = new double[k][];
            for (int i = 0; i < k; i++) {
                kx[i] = x[keep[i]];
                kp[i] = pred[keep[i]];
            }
            x = kx;
            pred = kp;
        } else if (x.length < k) { // moea_solver.py 52–57: resampled with replacement
            SplittableRandom rng = new SplittableRandom(~seed);
            double[][] kx = Arrays.copyOf(x, k);
            double[][] kp = Arrays.copyOf(pred, k);
            for (int i = x.length; i < k; i++) {
                int j = rng.nextInt(x.length);
                kx[i] = x[j];
                kp[i] = pred[j];
            }
            x = kx;
            pred = kp;
        }
        return Proposal.of(name(), seed, problem.space(), data.decode(x), data.toScores(pred));
    }
}
