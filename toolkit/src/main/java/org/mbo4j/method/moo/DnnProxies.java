package org.mbo4j.method.moo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Setting;
import org.mbo4j.moo.Pareto;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Batch;
import org.mbo4j.nn.GradNorm;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingLoss;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Off-MOO-Bench's DNN-proxy baselines (Xue, Tan, Huang, Qian, "Offline Multi-Objective Optimization", ICML 2024; code
 * {@code lamda-bbo/offline-moo} at a960f6f): a neural proxy of the m objectives trained on the visible data, then
 * NSGA-II on the proxy ({@link JMetalNsgaII}) from the data's best rows by non-dominated sorting; the final
 * population is the proposal. Three proxies ({@link Architecture}):
 * <ul>
 *   <li>{@code mm} (MultipleModels): m independent MLPs d → 2048 → 2048 → 1, each trained on its objective
 *   ({@code off_moo_baselines/multiple_models/nets.py} 62–90, {@code experiment.py} 105–151);</li>
 *   <li>{@code mh} (MultiHead): a shared trunk d → 2048 → 2048 (LeakyReLU after both layers) and m heads
 *   2048 → 1, each followed by a LeakyReLU ({@code multi_head/nets.py} 17, 23–24, 78–135), trained jointly;</li>
 *   <li>{@code e2e} (End2End): one MLP d → 2048 → 2048 → m ({@code end2end/nets.py} 14–34), trained jointly.</li>
 * </ul>
 * With plain training the multi-head proxy is one MLP whose output layer holds the heads (head j is its column j),
 * with a LeakyReLU on the outputs, so {@code mh} is {@code e2e} plus that output activation; the two differ more under
 * GradNorm and PcGrad, which treat trunk and heads apart ({@link MultiTaskLoss}): {@code e2e-gradnorm},
 * {@code e2e-pcgrad}, {@code mh-gradnorm}, {@code mh-pcgrad}, trained on the best 20 % of the rows. Defaults with
 * their sources, deviations and results: {@code docs/methods/moo-proxies.md}.
 *
 * <p>Two or more objectives ({@code handlesObjectives}), any directions; designs in a box or, through Design-Bench logits, sequences.
 * Deterministic per seed: the MLPs are initialised and trained from the seed (objective j's network of {@code mm}
 * from seed·1000 + j), and NSGA-II draws from its own stream seeded by the seed.
 */
public final class DnnProxies extends ConfiguredMethod<DnnProxies.Settings, DnnProxies> {
    /** Which proxy. */
    public enum Architecture {
        /** m independent single-output MLPs ({@code MultipleModels}). */
        MM,
        /** A shared trunk with m heads ({@code MultiHead}). */
        MH,
        /** One MLP with m outputs ({@code End2End}). */
        E2E
    }

    /**
     * Hyperparameters (Off-MOO-Bench; file and line in {@code docs/methods/moo-proxies.md}).
     *
     * @param quickVariant         the tutorial/CI variant
     * @param architecture         the proxy
     * @param hidden               hidden widths ([2048, 2048]: {@code multiple_models/experiment.py} 109,
     *                             {@code multi_head/experiment.py} 111, {@code end2end/experiment.py} 111)
     * @param leakySlope           LeakyReLU slope (0.01, PyTorch's {@code nn.LeakyReLU()} default, {@code nets.py} 9)
     * @param epochs               training epochs (200, {@code configs/algorithm/*-Vallina.yaml} 3)
     * @param learningRate         Adam lr (1e-3, same files, line 7)
     * @param learningRateDecay    lr multiplied after every epoch (0.98, line 8; {@code trainer.py} 185–187)
     * @param batchSize            minibatch rows (128, line 4)
     * @param validationFraction   rows held out, not trained on (0.1: {@code get_dataloader(val_ratio=0.9)},
     *                             {@code data.py} 28–29); the last epoch's network is used, as theirs (the best
     *                             validation epoch is saved to disk but never loaded back)
     * @param generations          NSGA-II generations, the initial population the first (50,
     *                             {@code configs/default.yaml} 11)
     * @param crossoverProbability SBX probability per pair (0.9, pymoo 0.5.0 {@code nsga2.py} 124)
     * @param crossoverEta         SBX η (15, same line)
     * @param mutationEta          polynomial mutation η (20, {@code nsga2.py} 125; probability 1/n per variable)
     * @param gradNorm             train {@code mh} or {@code e2e} with GradNorm ({@code train_mode: GradNorm};
     *                             {@link MultiTaskLoss})
     * @param pcGrad               train {@code mh} or {@code e2e} with PcGrad ({@code train_mode: PcGrad})
     * @param dataPreservedRatio   train on the best fraction of the rows by non-dominated sorting and crowding
     *                             (0.2 for GradNorm and PcGrad, {@code configs/algorithm/*-GradNorm.yaml} and
     *                             {@code *-PcGrad.yaml} 1–2; {@code end2end/experiment.py} 69–73); 0: all rows
     * @param gradNormAlpha        GradNorm's α (0.12, {@code *-GradNorm.yaml} 12, {@code gradient_alpha})
     * @param weightLearningRate   GradNorm's task-weight Adam lr (5e-4, {@code *-GradNorm.yaml} 10)
     * @param weightLearningRateDecay its decay per epoch (0.99, {@code *-GradNorm.yaml} 11; see {@link GradNorm})
     * @param keepBestPcc          keep each network at the epoch of its highest validation Pearson correlation
     *                             instead of the last epoch (off for Off-MOO-Bench; on for ParetoFlow's proxies,
     *                             {@code StevenYuan666/ParetoFlow} {@code experiments/paretoflow_utils.py} 327–330,
     *                             388–394 at 2278ffd); shown as {@code best_pcc} when on
     * @param gradNormSecondOrder  with GradNorm, add the GradNorm loss's gradient with respect to the network's
     *                             parameters to the network's gradient, as Off-MOO-Bench's trainers do (on,
     *                             {@code end2end/trainer.py} 241–270, {@code multi_head/trainer.py} 245–274:
     *                             {@code create_graph=True} and a {@code backward} into un-zeroed gradients;
     *                             {@link org.mbo4j.nn.GradNormCurvature}); off: Chen et al.'s GradNorm, where only
     *                             the task weights see that loss (rows recorded before 2026-12-07 were computed so,
     *                             without this token); shown as {@code gn_second_order} when on
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            @Setting(key = "") Architecture architecture,
            List<Integer> hidden,
            @Setting(key = "leaky", format = "%.2f") double leakySlope,
            int epochs,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "decay", format = "%.2f") double learningRateDecay,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "val", format = "%.2f") double validationFraction,
            @Setting(key = "nsga2_gen") int generations,
            @Setting(key = "sbx", format = "%.2f") double crossoverProbability,

            @Setting(key = "sbx_eta", format = "%.0f") double crossoverEta,

            @Setting(key = "pm_eta", format = "%.0f") double mutationEta,
            @Setting(key = "gradnorm") boolean gradNorm,
            @Setting(key = "pcgrad") boolean pcGrad,

            @Setting(key = "keep", format = "%.2f", zero = "")
            double dataPreservedRatio,

            @Setting(key = "gn_alpha", format = "%.2f", zero = "")
            double gradNormAlpha,

            @Setting(key = "weight_lr", format = "%.1e", zero = "")
            double weightLearningRate,

            @Setting(key = "weight_decay", format = "%.2f", zero = "")
            double weightLearningRateDecay,

            @Setting(key = "best_pcc") boolean keepBestPcc,
            @Setting(key = "gn_second_order") boolean gradNormSecondOrder)
            implements MethodSettings<Settings> {
        public Settings {
            hidden = List.copyOf(hidden);
            if (architecture == null) throw new IllegalArgumentException("the architecture must be mm, mh or e2e");
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
            if (!(leakySlope >= 0 && leakySlope < 1)) {
                throw new IllegalArgumentException("the LeakyReLU slope must be in [0, 1), got " + leakySlope);
            }
            if (epochs < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("the learning rate must be a positive number, got " + learningRate);
            }
            if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
                throw new IllegalArgumentException(
                        "the learning-rate decay must be in (0, 1], got " + learningRateDecay);
            }
            if (batchSize < 1) throw new IllegalArgumentException("the batch size must be ≥ 1, got " + batchSize);
            if (keepBestPcc && !(validationFraction > 0)) {
                throw new IllegalArgumentException("keeping the best validation correlation needs a validation "
                        + "fraction above 0, got " + validationFraction);
            }
            if (!(validationFraction >= 0 && validationFraction < 1)) {
                throw new IllegalArgumentException(
                        "the validation fraction must be in [0, 1), got " + validationFraction);
            }
            nsga(generations, crossoverProbability, crossoverEta, mutationEta); // validates those
            if (gradNorm && pcGrad) throw new IllegalArgumentException("choose GradNorm or PcGrad, not both");
            if ((gradNorm || pcGrad) && architecture == Architecture.MM) {
                throw new IllegalArgumentException(
                        "GradNorm and PcGrad balance objectives trained together: use mh or e2e, not mm");
            }
            if (gradNorm && architecture == Architecture.MH && hidden.isEmpty()) {
                throw new IllegalArgumentException("mh with GradNorm needs a hidden layer (its norms are the trunk's)");
            }
            if (!(dataPreservedRatio >= 0 && dataPreservedRatio <= 1)) {
                throw new IllegalArgumentException(
                        "the preserved data ratio must be in (0, 1], or 0 for all rows, got " + dataPreservedRatio);
            }
            if (gradNorm) new GradNorm(2, gradNormAlpha, weightLearningRate, weightLearningRateDecay, 1); // validates
            if (gradNormSecondOrder && !gradNorm) {
                throw new IllegalArgumentException("GradNorm's second-order term needs GradNorm (gradNorm true)");
            }
        }

        /** Off-MOO-Bench's values for {@code architecture}. */
        public static Settings paper(Architecture architecture) {
            return new Settings(
                    false,
                    architecture,
                    List.of(2048, 2048),
                    0.01,
                    200,
                    1e-3,
                    0.98,
                    128,
                    0.1,
                    50,
                    0.9,
                    15,
                    20,
                    false,
                    false,
                    0,
                    0,
                    0,
                    0,
                    false,
                    false);
        }

        /**
         * Off-MOO-Bench's GradNorm values ({@code configs/algorithm/End2End-GradNorm.yaml} and
         * {@code MultiHead-GradNorm.yaml} 1–12): the plain training's, data pruned to the best 20 %, α 0.12, task
         * weights learnt at 5e-4 decaying by 0.99 per epoch, and the GradNorm loss back-propagated into the network
         * too, as the trainers do ({@code gradNormSecondOrder}).
         */
        public static Settings paperGradNorm(Architecture architecture) {
            Settings p = paper(architecture);
            return new Settings(
                    false,
                    architecture,
                    p.hidden(),
                    p.leakySlope(),
                    p.epochs(),
                    p.learningRate(),
                    p.learningRateDecay(),
                    p.batchSize(),
                    p.validationFraction(),
                    p.generations(),
                    p.crossoverProbability(),
                    p.crossoverEta(),
                    p.mutationEta(),
                    true,
                    false,
                    0.2,
                    0.12,
                    5e-4,
                    0.99,
                    false,
                    true);
        }

        /**
         * Off-MOO-Bench's PcGrad values ({@code configs/algorithm/End2End-PcGrad.yaml} and
         * {@code MultiHead-PcGrad.yaml} 1–8): the plain training's, data pruned to the best 20 %, and a constant
         * learning rate: the yaml files set {@code forward_lr_decay: 0.98}, but the PcGrad trainers never apply it
         * ({@code End2EndPcGradTrainer.launch}, {@code off_moo_baselines/end2end/trainer.py} 312–362, and
         * {@code MultiHeadPcGradTrainer.launch}, {@code multi_head/trainer.py} 316–366, have no {@code update_lr}
         * call, unlike the plain and GradNorm trainers: {@code end2end/trainer.py} 171 and 294,
         * {@code multi_head/trainer.py} 175 and 298).
         */
        public static Settings paperPcGrad(Architecture architecture) {
            return paper(architecture)
                    .with(Settings::pcGrad, true)
                    .with(Settings::dataPreservedRatio, 0.2)
                    .with(Settings::learningRateDecay, 1.0);
        }

        /** 2×64 hidden, 3 epochs; NSGA-II as the paper's (it is cheap). Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::hidden, List.of(64, 64))
                    .with(Settings::epochs, 3)
                    .with(Settings::quickVariant, true);
        }

        /** NSGA-II's settings (mutation probability 1/n, duplicates eliminated, as pymoo's defaults). */
        public JMetalNsgaII.Settings nsga() {
            return nsga(generations, crossoverProbability, crossoverEta, mutationEta);
        }

        private static JMetalNsgaII.Settings nsga(int gen, double p, double etaC, double etaM) {
            return new JMetalNsgaII.Settings(gen, p, etaC, etaM, Double.NaN, true);
        }
    }

    private DnnProxies(String name, Settings settings) {
        super(name, settings);
    }

    /** {@code mm}: m independent networks, paper defaults. */
    public static DnnProxies multipleModels() {
        return new DnnProxies("mm", Settings.paper(Architecture.MM));
    }

    /** {@code mh}: shared trunk, m heads, paper defaults. */
    public static DnnProxies multiHead() {
        return new DnnProxies("mh", Settings.paper(Architecture.MH));
    }

    /** {@code e2e-gradnorm}: {@code e2e} trained with GradNorm on the best 20 % of the data, paper defaults. */
    public static DnnProxies endToEndGradNorm() {
        return new DnnProxies("e2e-gradnorm", Settings.paperGradNorm(Architecture.E2E));
    }

    /** {@code e2e-pcgrad}: {@code e2e} trained with PcGrad on the best 20 % of the data, paper defaults. */
    public static DnnProxies endToEndPcGrad() {
        return new DnnProxies("e2e-pcgrad", Settings.paperPcGrad(Architecture.E2E));
    }

    /** {@code mh-gradnorm}: {@code mh} trained with GradNorm on the best 20 % of the data, paper defaults. */
    public static DnnProxies multiHeadGradNorm() {
        return new DnnProxies("mh-gradnorm", Settings.paperGradNorm(Architecture.MH));
    }

    /** {@code mh-pcgrad}: {@code mh} trained with PcGrad on the best 20 % of the data, paper defaults. */
    public static DnnProxies multiHeadPcGrad() {
        return new DnnProxies("mh-pcgrad", Settings.paperPcGrad(Architecture.MH));
    }

    /** {@code e2e}: one network with m outputs, paper defaults. */
    public static DnnProxies endToEnd() {
        return new DnnProxies("e2e", Settings.paper(Architecture.E2E));
    }

    @Override
    public DnnProxies withConfig(Settings s) {
        return new DnnProxies(name(), s);
    }

    @Override
    public boolean supports(DesignSpace space) {
        return true;
    }

    /** Two or more objectives: the proxies model a Pareto front ({@code propose} and {@code bench} check it). */
    @Override
    public boolean handlesObjectives(int objectives) {
        return objectives >= 2;
    }

    /**
     * The trained proxy: networks whose outputs, side by side, predict the m normalised targets (every objective
     * minimised, {@link MultiObjectiveData#targets()}).
     *
     * @param networks one per objective ({@code mm}) or one with m outputs ({@code mh}, {@code e2e})
     */
    public record Proxy(List<Regressor> networks) {
        public Proxy {
            networks = List.copyOf(networks);
        }

        /** Predicted targets of model inputs, n × m. */
        public double[][] predict(double[][] inputs) {
            if (inputs.length == 0) return new double[0][];
            DataType type = networks.get(0).parameters().get(0).value().dataType();
            INDArray x = Tensors.matrix(inputs, type);
            List<double[][]> parts = new ArrayList<>();
            int m = 0;
            for (Regressor r : networks) {
                parts.add(Tensors.rows(r.forward(x)));
                m += r.outputSize();
            }
            double[][] out = new double[inputs.length][m];
            for (int i = 0; i < inputs.length; i++) {
                int c = 0;
                for (double[][] p : parts) {
                    System.arraycopy(p[i], 0, out[i], c, p[i].length);
                    c += p[i].length;
                }
            }
            return out;
        }
    }

    /** Builds and trains the proxy on the data (deterministic per seed). */
    public Proxy train(MultiObjectiveData data, long seed) {
        Settings s = config();
        int m = data.objectives();
        double[][] x = data.inputs();
        double[][] y = data.targets();
        if (s.dataPreservedRatio() > 0 && s.dataPreservedRatio() < 1) {
            int[] keep = pruned(y, s.dataPreservedRatio());
            double[][] px = new double[keep.length][];
            double[][] py = new double[keep.length][];
            for (int i = 0; i < keep.length; i++) {
                px[i] = x[keep[i]];
                py[i] = y[keep[i]];
            }
            x = px;
            y = py;
        }
        List<Regressor> nets = new ArrayList<>();
        if (s.architecture() == Architecture.MM) {
            for (int j = 0; j < m; j++) {
                long memberSeed = seed * 1000 + j;
                Mlp net = network(data.inputSize(), 1, memberSeed);
                double[][] yj = new double[y.length][1];
                for (int i = 0; i < y.length; i++) yj[i][0] = y[i][j];
                fit(net, x, yj, memberSeed, "objective " + (j + 1), LOSS);
                nets.add(net);
            }
        } else {
            Mlp net = network(data.inputSize(), m, seed);
            boolean mh = s.architecture() == Architecture.MH;
            Regressor model = mh ? new LeakyOutput(net, s.leakySlope()) : net;
            double scale = s.dataPreservedRatio() > 0 ? 1 / s.dataPreservedRatio() : 1;
            TrainingLoss<Regressor> loss = LOSS;
            if (s.gradNorm()) {
                GradNorm weights =
                        new GradNorm(m, s.gradNormAlpha(), s.weightLearningRate(), s.weightLearningRateDecay(), scale);
                loss = MultiTaskLoss.gradNorm(
                        net, mh ? net.layers() - 2 : net.layers() - 1, weights, s.gradNormSecondOrder());
            } else if (s.pcGrad()) {
                loss = MultiTaskLoss.pcGrad(net, mh, scale, seed);
            }
            fit(model, x, y, seed, null, loss);
            nets.add(model);
        }
        return new Proxy(nets);
    }

    private Mlp network(int inputs, int outputs, long seed) {
        Settings s = config();
        return Mlp.builder(inputs)
                .hidden(s.hidden())
                .activation(Activation.leakyRelu(s.leakySlope()))
                .outputs(outputs)
                .init(Init.TORCH_DEFAULT) // torch.nn.Linear's default initialisation
                .seed(seed)
                .build();
    }

    /**
     * The rows Off-MOO-Bench's data pruning keeps ({@code end2end/experiment.py} 69–73): the best
     * ⌊ratio·n⌋ by non-dominated sorting of the targets, the front that does not fit whole cut by crowding distance
     * ({@link Pareto#selectBest}; the reference's {@code get_N_non_dominated_solutions} takes the cut front's picks
     * by their positions within the front instead of their row indices, {@code off_moo_bench/utils.py} 80–81, which
     * we do not copy). At least 2 rows.
     */
    static int[] pruned(double[][] targets, double ratio) {
        int n = Math.max(2, Math.min(targets.length, (int) (targets.length * ratio)));
        return Pareto.selectBest(targets, n);
    }

    /**
     * The rows Off-MOO-Bench holds out for validation: n − ⌊(1 − f)·n⌋, its {@code get_dataloader} keeping
     * {@code int(val_ratio·n)} rows for training ({@code off_moo_baselines/data.py} 28–29, {@code val_ratio} 0.9), so
     * the held-out count is rounded up where a plain 0.1·n would round to nearest (101 of 1,003 rows, not 100); at most
     * n − 1, and 0 when f is 0.
     */
    static int heldOut(int rows, double fraction) {
        if (!(fraction > 0)) return 0;
        return Math.min(rows - 1, rows - (int) ((1 - fraction) * rows));
    }

    private void fit(
            Regressor model, double[][] x, double[][] y, long seed, String part, TrainingLoss<Regressor> loss) {
        Settings s = config();
        Trainer.Builder b = Trainer.builder();
        // the best epoch by validation correlation: early stopping that never stops, on −PCC
        if (s.keepBestPcc()) b.earlyStopping(Integer.MAX_VALUE);
        b.epochs(s.epochs())
                .learningRate(s.learningRate())
                .learningRateDecay(s.learningRateDecay())
                .epsilon(Adam.TORCH_EPSILON) // torch.optim.Adam
                .batchSize(s.batchSize())
                .validationSize(heldOut(x.length, s.validationFraction()))
                .seed(seed)
                .label(name() + " train" + (part == null ? "" : " " + part))
                .build()
                .fit(
                        model,
                        Tensors.matrix(x, DataType.FLOAT),
                        Tensors.matrix(y, DataType.FLOAT),
                        null,
                        s.keepBestPcc() ? Losses.pccSelected(loss) : loss);
    }

    /**
     * Off-MOO-Bench's training loss Σ_rows mean_objectives (ŷ − y)² ({@code trainer.py} 55–57 of each proxy): the
     * gradients are the sum's; the value reported (progress, validation) is per row.
     */
    static final TrainingLoss<Regressor> LOSS = new TrainingLoss<>() {
        @Override
        public double lossAndGradients(Regressor model, Batch batch) {
            return loss(model, batch.x(), batch.y(), true) / batch.size(); // gradients of the sum; shown per row
        }

        @Override
        public double loss(Regressor model, Batch batch) {
            return loss(model, batch.x(), batch.y(), false) / batch.size();
        }

        private double loss(Regressor model, INDArray x, INDArray y, boolean grads) {
            INDArray pred = model.forward(x);
            double[][] p = Tensors.rows(pred);
            double[][] t = Tensors.rows(y);
            int k = p[0].length;
            double loss = 0;
            double[][] g = grads ? new double[p.length][k] : null;
            for (int i = 0; i < p.length; i++) {
                for (int j = 0; j < k; j++) {
                    double r = p[i][j] - t[i][j];
                    loss += r * r / k;
                    if (grads) g[i][j] = 2 * r / k;
                }
            }
            if (grads) model.backward(Tensors.matrix(g, pred.dataType()), true, false);
            return loss;
        }
    };

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        MultiObjectiveData data = MultiObjectiveData.of(problem);
        Proxy proxy = train(data, seed);
        return search(name(), data, proxy, config().nsga(), k, seed);
    }

    /**
     * Off-MOO-Bench's search on a proxy: NSGA-II over [0, 1]^d (the normalised inputs,
     * {@code multiple_models/surrogate_problem.py} 7–12) with population {@code max(k, 2)} (theirs: 256 =
     * {@code num_solutions}), started from the first rows of the data in non-dominated-sorting order; the final
     * population, decoded, is the proposal (its best k by non-dominated sorting and crowding of the predictions when
     * the population is larger than k), with the proxy's predictions in raw units.
     */
    public static Proposal search(
            String method, MultiObjectiveData data, Proxy proxy, JMetalNsgaII.Settings nsga, int k, long seed) {
        int population = Math.max(k, 2);
        double[][] inputs = data.inputs();
        int[] order = data.ndsOrder();
        double[][] initial = new double[Math.min(population, order.length)][];
        for (int i = 0; i < initial.length; i++) initial[i] = inputs[order[i]];
        int d = data.inputSize();
        double[] lower = new double[d];
        double[] upper = new double[d];
        Arrays.fill(upper, 1.0);
        JMetalNsgaII.Result r = JMetalNsgaII.minimize(proxy::predict, lower, upper, initial, population, nsga, seed);
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
        }
        return Proposal.of(method, seed, data.problem().space(), data.decode(x), data.toScores(pred));
    }
}
