package org.mbo4j.method.surrogate;

import java.util.List;
import java.util.SplittableRandom;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Setting;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.RankingLoss;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Trainer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * RaM: Tan, Xue, Lyu, Shang, Wang, Wang, Fu, Qian, "Offline Model-Based Optimization by Learning to Rank", ICLR
 * 2025 (code {@code lamda-bbo/Offline-RaM}, {@code main_from_scratch.py}, run by {@code run_from_scratch.sh} with
 * {@code --loss listnet} and {@code --loss rankcosine}). An MLP scorer is trained with a listwise ranking loss
 * ({@link RankingLoss}: ListNet or RankCosine) on lists of designs sampled from the data, its output is adapted to
 * zero mean and unit variance over the data, and Adam climbs it from the top-k visible designs ({@link AdamSearch}).
 *
 * <p><b>Contract.</b> Single objective; sequences and boxes. Inputs are Design-Bench logits (sequences) z-scored,
 * targets z-scored ({@link SurrogateData} with both normalisations, as {@code normalize_xs}, {@code normalize_ys},
 * {@code normalize_logits} in {@code config/default.yaml} 10–12). Training: {@code lists} lists, each the first
 * {@code min(listLength, n)} indices of a fresh random permutation of the n rows ({@code utils.py} 40–56); a fifth
 * of the lists (at most {@code validationSize}) validates, and the search climbs the best validation epoch's weights
 * (ListNet, the saved file its released weights are) or the last epoch's (RankCosine: a from-scratch run of
 * {@code main_from_scratch.py}, whose in-memory {@code best_state_dict}, 172 and 224, aliases the live weights), see
 * {@link Settings#bestEpoch} and docs/methods/ram.md.
 * Output adaptation: with μ and σ the mean and (n − 1) standard deviation of the trained model's outputs on the n
 * rows, the search climbs and the proposal reports (f̂(x) − μ)/σ in the targets' z-score units ({@code
 * main_from_scratch.py} 226–249). A ranking loss fixes the scorer only up to a shift (ListNet) or an increasing
 * affine map (RankCosine), so this puts the outputs on the targets' scale; it does not move Adam's steps except
 * through ε. Same seed, same designs.
 *
 * <p><b>One class, two registry names.</b> {@code ram-listnet} and {@code ram-rankcosine} are the same pipeline
 * with the loss as a setting, exactly as the authors' script runs them ({@code --loss}); a "+ListNet" variant of
 * another proxy is that proxy's model trained by {@link RankingLoss} through {@link Trainer#fitLists}.
 *
 * <p><b>Deviations</b> ({@code docs/methods/ram.md}): the last, smaller batch of lists is trained and validated
 * (the authors' loaders drop it, {@code drop_last: True}); our random streams are Java's, so the lists, split and
 * batch order are distributed as theirs, not equal; the weight initialisation is torch's distribution from our
 * stream.
 */
public final class LearningToRank extends SurrogateMethod<LearningToRank.Settings, Regressor, LearningToRank> {
    /**
     * Hyperparameters ({@code config/default.yaml} of Offline-RaM at 389e4bc; the same for every task).
     *
     * @param quickVariant      the tutorial/CI variant
     * @param loss              the listwise loss (ram-listnet: listnet; ram-rankcosine: rankcosine)
     * @param hidden            Linear + ReLU widths (2048, 2048; line 22), then Linear(1)
     * @param listLength        designs per list (1000; line 7), at most the data's rows
     * @param lists             lists sampled (10,000; line 8)
     * @param epochs            training epochs (100; line 23)
     * @param learningRate      Adam lr (3e-4; line 24)
     * @param weightDecay       torch Adam weight decay (1e-5; line 25)
     * @param batchSize         lists per minibatch (128; line 16)
     * @param validationSize    validation lists, at most a fifth of the lists (2,000: {@code valid_ratio} 0.2 of
     *                          10,000; line 18)
     * @param searchLr          Adam lr of the search on sequences (0.1; line 29)
     * @param searchSteps       search steps on sequences (100; line 32)
     * @param boxSearchLr       Adam lr of the search on boxes (0.001; line 30)
     * @param boxSearchSteps    search steps on boxes (200; line 33)
     * @param recordEvery       trajectory cadence (10; not part of the settings text)
     * @param bestEpoch         search the weights of the best validation epoch ({@code weights=best} in the settings
     *                          text) or of the last epoch: the paper keeps the best (Learning to Rank, App. E.4: "the
     *                          model with minimal validation loss among N0 epochs serves as the final model"), and
     *                          {@code main_from_scratch.py} saves that epoch to disk (lines 166-171), but the
     *                          {@code best_state_dict} it reloads before the search (line 224) is
     *                          {@code forward_model.state_dict()} taken at line 172, references to the live tensors, so
     *                          a from-scratch run searches the last epoch (a rerun without {@code --retrain-model} loads
     *                          the saved best, lines 113-115). Default per loss, the path that can have produced each
     *                          published row: ListNet true (the released weights, {@code main.py} 88-96, are a saved
     *                          file), RankCosine false (no weights were released: its row can only come from a
     *                          from-scratch run). The default is the registered variant's ({@code ram-listnet},
     *                          {@code ram-rankcosine}): changing {@code loss} with {@code with} keeps this value, so
     *                          set both when switching losses (the settings text shows {@code weights=best})
     */
    public record Settings(
            @Setting(key = "quick:") boolean quickVariant,
            RankingLoss.Kind loss,
            @Setting(format = "%s relu") List<Integer> hidden,
            @Setting(key = "list") int listLength,
            int lists,
            int epochs,
            @Setting(key = "lr", format = "%.1e") double learningRate,
            @Setting(key = "wd", format = "%.1e") double weightDecay,
            @Setting(key = "batch") int batchSize,
            @Setting(key = "val") int validationSize,
            @Setting(key = "search_lr") double searchLr,
            int searchSteps,
            @Setting(key = "box_search_lr") double boxSearchLr,
            int boxSearchSteps,
            @Setting(omit = true) int recordEvery,
            @Setting(key = "weights=best") boolean bestEpoch)
            implements MethodSettings<Settings>, TrainingSettings {
        public Settings {
            if (loss == null) throw new IllegalArgumentException("the ranking loss must be listnet or rankcosine");
            hidden = List.copyOf(hidden);
            for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
            if (listLength < 2) {
                throw new IllegalArgumentException("a list needs at least 2 designs to rank, got " + listLength);
            }
            if (lists < 2) {
                throw new IllegalArgumentException("RaM needs at least 2 lists (one to validate), got " + lists);
            }
            if (epochs < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
            if (batchSize < 1) throw new IllegalArgumentException("lists per batch must be ≥ 1, got " + batchSize);
            if (validationSize < 1) {
                throw new IllegalArgumentException("RaM validates on held-out lists as the authors' script does: "
                        + "validation lists must be ≥ 1, got " + validationSize);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("the weight decay must be a finite number ≥ 0, got " + weightDecay);
            }
            if (searchSteps < 0 || boxSearchSteps < 0) {
                throw new IllegalArgumentException(
                        "search steps must be ≥ 0, got " + Math.min(searchSteps, boxSearchSteps));
            }
            for (double lr : new double[] {searchLr, boxSearchLr}) {
                if (!(lr > 0) || Double.isInfinite(lr)) {
                    throw new IllegalArgumentException("the search learning rate must be a positive number, got " + lr);
                }
            }
        }

        /** The authors' values with the given loss. */
        public static Settings paper(RankingLoss.Kind loss) {
            return new Settings(
                    false,
                    loss,
                    List.of(2048, 2048),
                    1000,
                    10_000,
                    100,
                    3e-4,
                    1e-5,
                    128,
                    2000,
                    0.1,
                    100,
                    0.001,
                    200,
                    10,
                    loss == RankingLoss.Kind.LISTNET);
        }

        /** 2×64 hidden, 400 lists of 100, 8 epochs, 16 lists per batch. Not the paper's numbers. */
        @Override
        public Settings quick() {
            return with(Settings::hidden, List.of(64, 64))
                    .with(Settings::listLength, Math.min(listLength, 100))
                    .with(Settings::lists, Math.min(lists, 400))
                    .with(Settings::epochs, Math.min(epochs, 8))
                    .with(Settings::batchSize, Math.min(batchSize, 16))
                    .with(Settings::quickVariant, true);
        }
    }

    public LearningToRank(String name, Settings settings) {
        super(name, settings);
    }

    /** {@code ram-listnet}: the authors' settings with ListNet. */
    public static LearningToRank listNet() {
        return new LearningToRank("ram-listnet", Settings.paper(RankingLoss.Kind.LISTNET));
    }

    /** {@code ram-rankcosine}: the authors' settings with RankCosine. */
    public static LearningToRank rankCosine() {
        return new LearningToRank("ram-rankcosine", Settings.paper(RankingLoss.Kind.RANKCOSINE));
    }

    @Override
    public LearningToRank withConfig(Settings s) {
        return new LearningToRank(name(), s);
    }

    /**
     * The lists: {@code lists} rows of {@code min(listLength, n)} distinct row indices, each the head of a uniform
     * random permutation (a partial Fisher–Yates shuffle from the seed's own stream).
     */
    public static int[][] sampleLists(int n, int listLength, int lists, long seed) {
        int m = Math.min(listLength, n);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        int[][] out = new int[lists][m];
        for (int l = 0; l < lists; l++) {
            for (int i = 0; i < m; i++) {
                int j = i + rng.nextInt(n - i);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            System.arraycopy(perm, 0, out[l], 0, m);
        }
        return out;
    }

    /**
     * The shared trainer over lists: torch's Adam ε value (in TF's place, as every {@code nn.Adam}), validation lists,
     * and the best validation epoch's weights ({@link Settings#bestEpoch}) or the last epoch's.
     */
    @Override
    protected Trainer.Builder trainer(SurrogateData data, long seed) {
        Settings s = config();
        Trainer.Builder b = super.trainer(data, seed)
                .validationSize(Trainer.validationRows(s.validationSize(), s.lists()))
                .epsilon(Adam.TORCH_EPSILON);
        return s.bestEpoch() ? b.earlyStopping(s.epochs()) : b;
    }

    /** The ranking loss of these settings. */
    public RankingLoss loss() {
        return new RankingLoss(config().loss(), config().weightDecay(), RankingLoss.DEFAULT_ROWS_PER_PASS);
    }

    /**
     * Trains the scorer on lists sampled from the data (the lists from seed ~seed, the weights from seed) and
     * returns it with the output adaptation applied.
     */
    @Override
    public Regressor train(SurrogateData data, long seed) {
        Settings s = config();
        if (Trainer.validationRows(s.validationSize(), s.lists()) < 1) {
            throw new IllegalArgumentException(
                    "RaM validates on a fifth of its lists: " + s.lists() + " lists leave none; use at least 5");
        }
        Mlp model = Mlp.builder(data.inputSize())
                .hidden(s.hidden())
                .activation(Activation.relu())
                .init(Init.TORCH_DEFAULT)
                .outputs(1)
                .seed(seed)
                .build();
        int[][] lists = sampleLists(data.size(), s.listLength(), s.lists(), ~seed);
        trainer(data, seed).build().fitLists(model, data.x(), data.y(), lists, loss());
        return StandardizedOutput.of(model, data.x());
    }

    @Override
    public Search<Regressor> search(SurrogateData data) {
        Settings s = config();
        boolean box = data.problem().space() instanceof ContinuousSpace;
        return AdamSearch.fromTopK(box ? s.boxSearchLr() : s.searchLr(), box ? s.boxSearchSteps() : s.searchSteps())
                .recordEvery(s.recordEvery());
    }

    /**
     * RaM's output adaptation: (f̂(x) − μ)/σ, with μ and σ the mean and (n − 1) standard deviation of f̂ on the
     * data rows ({@code main_from_scratch.py} 226–237, torch's {@code std()}). Gradients pass through scaled by 1/σ.
     */
    public static final class StandardizedOutput implements Regressor {
        private static final int ROWS_PER_PASS = 4096;
        private final Regressor model;
        private final double mean;
        private final double std;
        private INDArray out;

        private StandardizedOutput(Regressor model, double mean, double std) {
            this.model = model;
            this.mean = mean;
            this.std = std;
        }

        /** Adapts {@code model}'s objective 0 to its mean and standard deviation over the rows of {@code x}. */
        public static StandardizedOutput of(Regressor model, INDArray x) {
            long n = x.rows();
            double sum = 0;
            double[] p = new double[(int) n];
            for (long first = 0; first < n; first += ROWS_PER_PASS) {
                long last = Math.min(n, first + ROWS_PER_PASS);
                INDArray pred = model.forward(x.get(NDArrayIndex.interval(first, last)));
                for (long i = first; i < last; i++) {
                    p[(int) i] = pred.getDouble(i - first, 0);
                    sum += p[(int) i];
                }
            }
            double mean = sum / n;
            double ss = 0;
            for (double v : p) ss += (v - mean) * (v - mean);
            double std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
            if (!(std > 0)) {
                throw new IllegalStateException("the trained ranking model scores every design the same (std 0): "
                        + "train longer or on more lists");
            }
            return new StandardizedOutput(model, mean, std);
        }

        public double mean() {
            return mean;
        }

        public double std() {
            return std;
        }

        @Override
        public int inputSize() {
            return model.inputSize();
        }

        @Override
        public int outputSize() {
            return 1;
        }

        @Override
        public INDArray forward(INDArray x) {
            INDArray raw = model.forward(x).getColumn(0, true);
            if (out == null || out.rows() != raw.rows()) out = raw.like();
            return out.assign(raw).subi(mean).divi(std);
        }

        @Override
        public INDArray backward(INDArray dPred, boolean weightGrads, boolean inputGrads) {
            return model.backward(dPred.div(std), weightGrads, inputGrads);
        }

        @Override
        public List<Param> parameters() {
            return model.parameters();
        }
    }
}
