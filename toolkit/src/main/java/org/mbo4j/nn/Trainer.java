package org.mbo4j.nn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.mbo4j.util.Progress;
import org.mbo4j.util.Shuffle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one training loop every method uses: seeded shuffled minibatches (or a fixed order, {@link Builder#shuffle}) (the last batch may be smaller, as
 * tf.data without drop_remainder), optional held-out validation split, Adam, optional early stopping that keeps
 * the best validation epoch, progress (epoch, loss, ETA) through {@link Progress}, and divergence detection (a
 * NaN/infinite loss stops with an error naming the epoch and what to change). The method supplies a
 * {@link TrainingLoss}: a loss term, nothing else.
 *
 * <pre>{@code
 * var model = GaussianMlp.of(Mlp.builder(d).activation(Activation.leakyRelu(0.3)).seed(seed), 1);
 * var history = Trainer.builder().epochs(100).learningRate(3e-4).validationSize(200).seed(seed).build()
 *         .fit(model, x, y, null, Losses.gaussianNll());
 * }</pre>
 *
 * Same seed, same data, same model initialisation → bit-identical weights (on the same machine and thread count).
 *
 * <p><b>Checkpoints.</b> With {@link Builder#checkpoint(Path)}, or inside a {@link TrainingCheckpoints} scope, the
 * trainer saves its whole state (parameters, Adam moments, the loss's {@link TrainingLoss#state}, histories,
 * early-stopping state) at the end of an epoch at most once per interval (default 1 minute) and when it
 * finishes; a later {@code fit} of the same training (same data, model shapes, hyperparameters) resumes there, or
 * returns at once if it had finished, with the same result as an uninterrupted run.
 */
public final class Trainer {
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final double learningRateDecay;
    private final boolean cosineAnnealing;
    private final double epsilon;
    private final double beta1;
    private final double beta2;
    private final int validationSize;
    private final double validationFraction;
    private final int patience;
    private final boolean validationLast;
    private final boolean shuffle;
    private final Adam optimizer;
    private final int minSteps;
    private final boolean bootstrap;
    private final long seed;
    private final String label;
    private final Path checkpoint;
    private final Duration checkpointEvery;
    private final BatchPlan batchPlan;

    /**
     * Minibatches that an epoch draws itself instead of the trainer's shuffle of the training rows, such as
     * Match-OPT's y-stratified batches ({@link StratifiedBatches}). A plan is a pure function of the epoch, so a
     * resumed training draws the same batches; it covers all rows (no validation split).
     */
    public interface BatchPlan {
        /** The row indices of each minibatch of epoch {@code epoch} (counted from 1), in training order. */
        int[][] batches(int epoch);

        /** What identifies the plan in a checkpoint's fingerprint: its kind, sizes and seed. */
        String fingerprint();
    }

    /**
     * The validation rows a method holds out: the paper's {@code requested} count, but at most a fifth of the
     * data, so paper settings still train on a small user file (a 139-row CSV keeps 112 rows for training instead
     * of failing, a 560-row one 448 instead of 360). Design-Bench tasks are unaffected (TFBind8: 200 of 32,898).
     */
    public static int validationRows(int requested, int rows) {
        return Math.max(0, Math.min(requested, rows / 5));
    }

    private Trainer(Builder b) {
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        learningRateDecay = b.learningRateDecay;
        cosineAnnealing = b.cosineAnnealing;
        epsilon = b.epsilon;
        beta1 = b.beta1;
        beta2 = b.beta2;
        validationSize = b.validationSize;
        validationFraction = b.validationFraction;
        patience = b.patience;
        validationLast = b.validationLast;
        shuffle = b.shuffle;
        optimizer = b.optimizer;
        minSteps = b.minSteps;
        bootstrap = b.bootstrap;
        seed = b.seed;
        label = b.label;
        checkpoint = b.checkpoint;
        checkpointEvery = b.checkpointEvery;
        batchPlan = b.batchPlan;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The learning rate of epoch {@code epoch} (from 1) of {@code epochs} under {@link Builder#cosineAnnealing}:
     * lr·(1 + cos(π(epoch − 1)/epochs))/2.
     */
    public static double cosineRate(double lr, int epoch, int epochs) {
        return lr * (1 + Math.cos(Math.PI * (epoch - 1) / epochs)) / 2;
    }

    public int epochs() {
        return epochs;
    }

    /** The gradient-step floor (0 = none); see {@link Builder#minSteps}. */
    public int minSteps() {
        return minSteps;
    }

    /** Minibatches in an epoch over {@code trainRows} training rows: ⌈rows / batch size⌉ (the last one may be short). */
    public int batchesPerEpoch(int trainRows) {
        return (int) ((trainRows + (long) batchSize - 1) / batchSize);
    }

    /**
     * The epochs a fit on {@code trainRows} training rows runs: {@link #epochs()}, raised when that many epochs
     * would take fewer than {@link #minSteps()} minibatch steps.
     */
    public int epochsFor(int trainRows) {
        if (minSteps == 0 || trainRows == 0) return epochs;
        long perEpoch = batchesPerEpoch(trainRows);
        long needed = (minSteps + perEpoch - 1) / perEpoch;
        return (int) Math.max(epochs, Math.min(needed, Integer.MAX_VALUE));
    }

    public int batchSize() {
        return batchSize;
    }

    /** Whether each fit trains on a bootstrap resample of its training rows; see {@link Builder#bootstrap}. */
    public boolean bootstrap() {
        return bootstrap;
    }

    public double learningRate() {
        return learningRate;
    }

    public long seed() {
        return seed;
    }

    /**
     * Trains {@code model} on (x, y) with optional per-example weights (n × members, e.g. {@link Bootstrap}
     * weights; null for none). x: n × d, y: n × k; converted to the model's data type. With
     * {@link Builder#bootstrap} the weights are the bootstrap counts of the training rows, so {@code weights} must be
     * null.
     */
    public <M extends Module> TrainingHistory fit(
            M model, INDArray x, INDArray y, INDArray weights, TrainingLoss<M> loss) {
        return run(model, x, y, weights, null, loss);
    }

    /**
     * Trains {@code model} on lists of rows of (x, y), for listwise losses (ListNet, RankCosine): the examples are
     * the rows of {@code lists}, each naming {@code m} row indices of x and y (all lists the same length). The
     * validation split, the shuffles, the batches ({@link Builder#batchSize} lists each; the last may be smaller),
     * early stopping and checkpoints are over lists, and the epoch loss is the mean over lists. A {@link Batch}
     * holds its lists' rows one list after another, with {@link Batch#listLength()} {@code m}; the loss's
     * {@link TrainingLoss#validationScore} is not used. No example weights, no bootstrap.
     *
     * @param lists L × m row indices into x (0 ≤ index &lt; n); the arrays are read, not kept
     */
    public <M extends Module> TrainingHistory fitLists(
            M model, INDArray x, INDArray y, int[][] lists, TrainingLoss<M> loss) {
        if (lists == null || lists.length == 0) throw new IllegalArgumentException("fitLists needs at least one list");
        int m = lists[0].length;
        for (int[] list : lists) {
            if (list.length != m || m == 0) {
                throw new IllegalArgumentException(
                        "every list must have the same length ≥ 1, got " + m + " and " + list.length);
            }
            for (int i : list) {
                if (i < 0 || i >= x.rows()) {
                    throw new IllegalArgumentException(
                            "list index " + i + " is outside the " + x.rows() + " rows of x");
                }
            }
        }
        if (bootstrap) throw new IllegalArgumentException("bootstrap resampling is for rows, not lists: turn it off");
        return run(model, x, y, null, lists, loss);
    }

    private <M extends Module> TrainingHistory run(
            M model, INDArray x, INDArray y, INDArray weights, int[][] lists, TrainingLoss<M> loss) {
        int rows = (int) x.rows();
        if (y.rows() != rows) {
            throw new IllegalArgumentException("x has " + rows + " rows but y has " + y.rows());
        }
        int n = lists == null ? rows : lists.length;
        if (weights != null && weights.rows() != n) {
            throw new IllegalArgumentException("x has " + n + " rows but the weights have " + weights.rows());
        }
        DataType type = model.parameters().get(0).value().dataType();
        INDArray xs = x.castTo(type);
        INDArray ys = y.rank() == 1 ? y.reshape(rows, 1).castTo(type) : y.castTo(type);
        if (bootstrap && weights != null) {
            throw new IllegalArgumentException("bootstrap resampling draws its own example weights: pass null weights, "
                    + "or turn bootstrap off to train with your own");
        }

        int nVal = validationSize > 0 ? validationSize : (int) Math.round(validationFraction * n);
        if (batchPlan != null && (nVal > 0 || lists != null || bootstrap || minSteps > 0)) {
            throw new IllegalArgumentException("a batch plan draws every batch from all rows: set validationSize(0), "
                    + "no validation fraction, bootstrap or minimum steps, and train rows, not lists");
        }
        if (nVal >= n) {
            throw new IllegalArgumentException(
                    "validation split of " + nVal + " leaves no training rows (n = " + n + "): lower validationSize");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] perm = validationLast ? tailLast(n, nVal) : Shuffle.permutation(n, rng);
        int[] valIdx = Arrays.copyOfRange(perm, 0, nVal);
        int[] trainIdx = Arrays.copyOfRange(perm, nVal, n);
        if (patience > 0 && nVal == 0) {
            throw new IllegalArgumentException("early stopping needs a validation split: set validationSize");
        }
        INDArray ws = bootstrap ? bootstrapWeights(n, trainIdx, type) : weights == null ? null : weights.castTo(type);
        int runEpochs = epochsFor(trainIdx.length);

        if (optimizer != null && optimizer.learningRate() != learningRate) {
            throw new IllegalStateException("the carried optimiser's learning rate changed to "
                    + optimizer.learningRate() + " after the trainer was built with " + learningRate
                    + "; build the trainer again");
        }
        Adam adam = optimizer != null ? optimizer : new Adam(learningRate, beta1, beta2, epsilon);
        Batches gather = lists != null
                ? new ListGather(xs, ys, lists, batchSize)
                : new Gather(xs, ys, ws, batchPlan != null ? Integer.MAX_VALUE : batchSize);
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        List<INDArray> bestWeights = null;
        boolean stopped = false;
        int done = 0;
        Checkpoint ckpt =
                checkpoint != null ? new Checkpoint(checkpoint, checkpointEvery) : TrainingCheckpoints.next(label);
        String listSum = lists != null
                ? "|lists " + n + "x" + lists[0].length + " " + checksum(lists)
                : batchPlan != null ? "|plan " + batchPlan.fingerprint() : "";
        String fingerprint = ckpt == null ? null : fingerprint(model, xs, ys, ws, nVal, runEpochs, false) + listSum;
        // checkpoints written before the checksum was made thread-count independent still resume
        Checkpoint.State saved = ckpt == null
                ? null
                : ckpt.load(fingerprint, () -> fingerprint(model, xs, ys, ws, nVal, runEpochs, true) + listSum);
        if (saved != null) {
            List<Param> ps = model.parameters();
            for (int i = 0; i < ps.size(); i++)
                ps.get(i).value().assign(saved.arrays().get("param." + i));
            adam.restore(ps, "adam.", saved.arrays());
            Map<String, INDArray> lossState = new LinkedHashMap<>();
            saved.arrays().forEach((k, v) -> {
                if (k.startsWith("loss.")) lossState.put(k.substring(5), v);
            });
            loss.restoreState(lossState);
            trainLoss.addAll(saved.trainLoss());
            valLoss.addAll(saved.valLoss());
            best = saved.best();
            bestEpoch = saved.bestEpoch();
            if (saved.arrays().containsKey("best.0")) {
                bestWeights = new ArrayList<>();
                for (int i = 0; i < ps.size(); i++)
                    bestWeights.add(saved.arrays().get("best." + i));
            }
            stopped = saved.stopped();
            done = saved.finished() ? runEpochs : saved.epoch();
            if (shuffle) {
                for (int e = 1; e <= saved.epoch(); e++)
                    Shuffle.shuffle(trainIdx, rng); // the shuffles of the epochs done
            }
            adam.setLearningRate(learningRate * Math.pow(learningRateDecay, saved.epoch()));
        }
        INDArray valX = null;
        INDArray valY = null;
        try (Progress.Bar bar = Progress.start(label, runEpochs)) {
            for (int e = 1; e <= done; e++)
                bar.step(e == done ? "resumed from " + ckpt.file().getFileName() : "");
            for (int epoch = done + 1; epoch <= runEpochs && !stopped; epoch++) {
                if (shuffle) Shuffle.shuffle(trainIdx, rng);
                if (cosineAnnealing) adam.setLearningRate(cosineRate(learningRate, epoch, runEpochs));
                double sum = 0;
                int batches = 0;
                int[][] planned = batchPlan == null ? null : batchPlan.batches(epoch);
                long examples = planned == null ? trainIdx.length : 0;
                int count = planned == null ? (trainIdx.length + batchSize - 1) / batchSize : planned.length;
                for (int bi = 0; bi < count; bi++) {
                    Batch batch = planned == null
                            ? gather.batch(trainIdx, bi * batchSize, epoch, batches)
                            : gather.batch(checkedRows(planned[bi], rows, epoch), 0, epoch, batches);
                    if (planned != null) examples += batch.examples();
                    // as zeroGrad, but the first backward pass overwrites the gradients instead of adding to zeros
                    model.discardGrad();
                    double l = loss.lossAndGradients(model, batch);
                    if (!Double.isFinite(l)) throw diverged(epoch, runEpochs, l);
                    model.settleGrad();
                    adam.stepKeepingGrad(model.parameters()); // the gradients are discarded next: no write-back
                    loss.afterStep(model, batch);
                    sum += l * batch.examples();
                    batches++;
                }
                double epochLoss = sum / examples;
                trainLoss.add(epochLoss);
                recordMetrics(metrics, loss.epochMetrics(), trainLoss.size());
                if (learningRateDecay != 1) adam.setLearningRate(learningRate * Math.pow(learningRateDecay, epoch));
                double v = Double.NaN;
                if (nVal > 0) {
                    if (lists == null) {
                        if (valX == null) {
                            valX = xs.getRows(valIdx);
                            valY = ys.getRows(valIdx);
                        }
                        v = loss.validationScore(model, valX, valY);
                    }
                    if (Double.isNaN(v)) {
                        double vs = 0;
                        for (int start = 0; start < nVal; start += batchSize) {
                            Batch batch = gather.batch(valIdx, start, epoch, -1);
                            vs += loss.loss(model, batch) * batch.examples();
                        }
                        v = vs / nVal;
                    }
                    if (!Double.isFinite(v)) throw diverged(epoch, runEpochs, v);
                }
                valLoss.add(v);
                String extra = loss.status();
                bar.step(String.format(
                        "loss=%.4g%s%s",
                        epochLoss, nVal > 0 ? String.format(" val=%.4g", v) : "", extra.isEmpty() ? "" : " " + extra));
                if (patience > 0) {
                    if (v < best) {
                        best = v;
                        bestEpoch = epoch;
                        bestWeights = model.snapshot();
                    } else if (epoch - bestEpoch >= patience) {
                        stopped = true;
                    }
                }
                boolean last = stopped || epoch == runEpochs;
                if (ckpt != null && (last || ckpt.due())) {
                    ckpt.save(
                            fingerprint,
                            new Checkpoint.State(
                                    epoch,
                                    last,
                                    stopped,
                                    trainLoss,
                                    valLoss,
                                    best,
                                    bestEpoch,
                                    checkpointArrays(model, adam, loss, bestWeights)));
                }
            }
        }
        if (bestWeights != null) model.restore(bestWeights);
        int kept = bestWeights != null ? bestEpoch : trainLoss.size();
        return new TrainingHistory(trainLoss, valLoss, kept, stopped, metrics);
    }

    /**
     * Appends epoch {@code epochs}' named loss parts; a part missing from an epoch (or from the epochs before a
     * resumed checkpoint, which keeps only the losses) is NaN there.
     */
    static void recordMetrics(Map<String, List<Double>> metrics, Map<String, Double> epoch, int epochs) {
        for (Map.Entry<String, Double> e : epoch.entrySet()) {
            List<Double> values = metrics.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (values.size() < epochs - 1) values.add(Double.NaN);
            values.add(e.getValue());
        }
        for (List<Double> values : metrics.values()) {
            while (values.size() < epochs) values.add(Double.NaN);
        }
    }

    /**
     * n × 1 weights: training row {@code trainIdx[j]} gets the j-th of {@link Bootstrap#counts}(trainRows, ~seed),
     * the number of times it was drawn when the training rows are resampled with replacement; validation rows get 1
     * (validation is unweighted, as design-baselines' {@code validate_step}). The counts come from their own random
     * stream, so the split and the batch order are those of the same fit without resampling.
     */
    private INDArray bootstrapWeights(int n, int[] trainIdx, DataType type) {
        int[] counts = Bootstrap.counts(trainIdx.length, ~seed);
        double[] w = new double[n];
        Arrays.fill(w, 1);
        for (int j = 0; j < trainIdx.length; j++) w[trainIdx[j]] = counts[j];
        return Nd4j.create(w, new long[] {n, 1}, DataType.DOUBLE).castTo(type);
    }

    private static <M extends Module> Map<String, INDArray> checkpointArrays(
            M model, Adam adam, TrainingLoss<M> loss, List<INDArray> bestWeights) {
        Map<String, INDArray> a = new LinkedHashMap<>();
        List<Param> ps = model.parameters();
        for (int i = 0; i < ps.size(); i++) a.put("param." + i, ps.get(i).value());
        a.putAll(adam.state(ps, "adam."));
        loss.state().forEach((k, v) -> a.put("loss." + k, v));
        if (bestWeights != null) for (int i = 0; i < bestWeights.size(); i++) a.put("best." + i, bestWeights.get(i));
        return a;
    }

    /** What a checkpoint must match: the data (sizes and checksums), the model's shapes and the settings. */
    String fingerprint(Module model, INDArray x, INDArray y, INDArray w, int nVal, int epochs, boolean legacy) {
        Function<INDArray, String> sum = legacy ? Trainer::legacyChecksum : Trainer::checksum;
        StringBuilder sb =
                new StringBuilder(label).append('|').append(model.getClass().getSimpleName());
        for (Param p : model.parameters())
            sb.append(' ').append(Arrays.toString(p.value().shape()));
        String layout = model.layout();
        if (!layout.isEmpty()) sb.append("|layout ").append(layout); // absent when empty: older checkpoints still match
        sb.append("|data ")
                .append(x.rows())
                .append('x')
                .append(x.columns())
                .append(' ')
                .append(sum.apply(x))
                .append(' ')
                .append(sum.apply(y))
                .append(' ')
                .append(w == null ? "-" : sum.apply(w));
        sb.append(String.format(
                Locale.ROOT,
                "|epochs=%d batch=%d lr=%s eps=%s val=%d patience=%d seed=%d",
                epochs,
                batchSize,
                learningRate,
                epsilon,
                nVal,
                patience,
                seed));
        if (minSteps > 0) sb.append(" min_steps=").append(minSteps); // absent when off: older checkpoints still match
        if (learningRateDecay != 1) sb.append(" lr_decay=").append(learningRateDecay); // likewise
        if (cosineAnnealing) sb.append(" lr_cosine"); // likewise
        if (bootstrap) sb.append(" bootstrap");
        if (validationLast) sb.append(" val_last"); // absent when off: older checkpoints still match
        if (!shuffle) sb.append(" fixed_order"); // likewise
        if (optimizer != null) sb.append(" carried_adam"); // likewise
        if (beta1 != 0.9 || beta2 != 0.999)
            sb.append(" betas=").append(beta1).append(',').append(beta2); // likewise
        return sb.toString();
    }

    /**
     * A hash of a matrix's shape and values, computed sequentially in Java: the same on any thread count. (ND4J's
     * parallel sum and norm, used before, round differently with 1 and 2 OpenMP threads, so a checkpoint written by
     * a 2-thread run was refused by a 1-thread run of the same training.)
     */
    static String checksum(INDArray a) {
        INDArray m = a.rank() == 2 ? a : a.reshape(a.length(), 1);
        double[] v = Tensors.columnMajor(m);
        long h = 31L * m.rows() + m.columns();
        for (double d : v) h = 31L * h + Double.doubleToLongBits(d);
        return "h" + Long.toHexString(h);
    }

    /** The checksum of checkpoints written before {@link #checksum}: sum and norm, thread-count dependent. */
    private static String legacyChecksum(INDArray a) {
        return Long.toHexString(Double.doubleToLongBits(a.sumNumber().doubleValue()))
                + Long.toHexString(Double.doubleToLongBits(a.norm2Number().doubleValue()));
    }

    private TrainingDivergedException diverged(int epoch, int of, double l) {
        return new TrainingDivergedException(
                String.format(
                        "training diverged at epoch %d of %d (loss = %s): lower the learning rate (now %s) or "
                                + "standardize x and y",
                        epoch, of, l, learningRate),
                epoch);
    }

    /** The last {@code nVal} row indices, then the others, each ascending (the split of {@code validationLast}). */
    static int[] tailLast(int n, int nVal) {
        int[] p = new int[n];
        for (int i = 0; i < nVal; i++) p[i] = n - nVal + i;
        for (int i = nVal; i < n; i++) p[i] = i - nVal;
        return p;
    }

    /** A hash of the lists' indices, in order. */
    static String checksum(int[][] lists) {
        long h = 31L * lists.length + lists[0].length;
        for (int[] list : lists) for (int i : list) h = 31L * h + i;
        return "h" + Long.toHexString(h);
    }

    /** A planned batch's rows, checked against the data. */
    private static int[] checkedRows(int[] batch, int rows, int epoch) {
        if (batch.length == 0)
            throw new IllegalArgumentException("the batch plan gave an empty batch in epoch " + epoch);
        for (int i : batch) {
            if (i < 0 || i >= rows) {
                throw new IllegalArgumentException(
                        "the batch plan named row " + i + " in epoch " + epoch + ", outside the " + rows + " rows");
            }
        }
        return batch;
    }

    /** Makes the batch of examples {@code idx[start …]}. */
    private interface Batches {
        Batch batch(int[] idx, int start, int epoch, int index);
    }

    /** Copies the rows of selected lists, one list after another, into reusable batch buffers. */
    private static final class ListGather implements Batches {
        private final INDArray x;
        private final INDArray y;
        private final int[][] lists;
        private final int batchSize;
        private final Map<Integer, INDArray[]> buffers = new HashMap<>();

        ListGather(INDArray x, INDArray y, int[][] lists, int batchSize) {
            this.x = x.ordering() == 'c' ? x : x.dup('c');
            this.y = y.ordering() == 'c' ? y : y.dup('c');
            this.lists = lists;
            this.batchSize = batchSize;
        }

        @Override
        public Batch batch(int[] idx, int start, int epoch, int index) {
            int len = Math.min(batchSize, idx.length - start);
            int m = lists[0].length;
            int[] rows = new int[len * m];
            for (int j = 0; j < len; j++) System.arraycopy(lists[idx[start + j]], 0, rows, j * m, m);
            INDArray[] b = buffers.computeIfAbsent(len, l -> new INDArray[] {
                Nd4j.create(x.dataType(), new long[] {(long) l * m, x.columns()}, 'c'),
                Nd4j.create(y.dataType(), new long[] {(long) l * m, y.columns()}, 'c')
            });
            Nd4j.pullRows(x, b[0], 1, rows);
            Nd4j.pullRows(y, b[1], 1, rows);
            return new Batch(b[0], b[1], null, epoch, index, m);
        }
    }

    /** Copies selected rows into reusable F-order batch buffers (one set per batch size). */
    private static final class Gather implements Batches {
        private final INDArray x;
        private final INDArray y;
        private final INDArray w;
        private final Map<Integer, INDArray[]> buffers = new HashMap<>();
        private final int batchSize;

        Gather(INDArray x, INDArray y, INDArray w, int batchSize) {
            this.x = x.ordering() == 'c' ? x : x.dup('c');
            this.y = y.ordering() == 'c' ? y : y.dup('c');
            this.w = w == null ? null : w.ordering() == 'c' ? w : w.dup('c');
            this.batchSize = batchSize;
        }

        @Override
        public Batch batch(int[] idx, int start, int epoch, int index) {
            int len = Math.min(batchSize, idx.length - start);
            int[] rows = Arrays.copyOfRange(idx, start, start + len);
            INDArray[] b = buffers.computeIfAbsent(len, l -> new INDArray[] {
                Nd4j.create(x.dataType(), new long[] {l, x.columns()}, 'c'),
                Nd4j.create(y.dataType(), new long[] {l, y.columns()}, 'c'),
                w == null ? null : Nd4j.create(w.dataType(), new long[] {l, w.columns()}, 'c')
            });
            Nd4j.pullRows(x, b[0], 1, rows);
            Nd4j.pullRows(y, b[1], 1, rows);
            if (w != null) Nd4j.pullRows(w, b[2], 1, rows);
            return new Batch(b[0], b[1], b[2], epoch, index);
        }
    }

    /** Builder; defaults: 100 epochs, batch 128, lr 1e-3, ε 1e-7 (tf.keras), no validation, no early stop. */
    public static final class Builder {
        private int epochs = 100;
        private int batchSize = 128;
        private double learningRate = 1e-3;
        private double learningRateDecay = 1;
        private boolean cosineAnnealing = false;
        private double epsilon = Adam.TF_EPSILON;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private int validationSize = 0;
        private double validationFraction = 0;
        private int patience = 0;
        private boolean validationLast = false;
        private boolean shuffle = true;
        private Adam optimizer;
        private int minSteps = 0;
        private boolean bootstrap = false;
        private long seed = 0;
        private String label = "train";
        private Path checkpoint;
        private Duration checkpointEvery = Duration.ofMinutes(1);
        private BatchPlan batchPlan;

        public Builder epochs(int e) {
            if (e < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + e);
            epochs = e;
            return this;
        }

        public Builder batchSize(int b) {
            if (b < 1) throw new IllegalArgumentException("batch size must be ≥ 1, got " + b);
            batchSize = b;
            return this;
        }

        /** Adam learning rate. */
        public Builder learningRate(double lr) {
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
            }
            learningRate = lr;
            return this;
        }

        /**
         * Multiplies Adam's learning rate by {@code d} after every epoch (default 1: constant), so epoch e (from 1)
         * trains at lr·d^(e−1): Off-MOO-Bench's {@code forward_lr_decay} (0.98, {@code update_lr} after each epoch in
         * {@code off_moo_baselines/multiple_models/trainer.py} 185–187).
         */
        public Builder learningRateDecay(double d) {
            if (!(d > 0 && d <= 1)) {
                throw new IllegalArgumentException("the learning-rate decay must be in (0, 1], got " + d);
            }
            learningRateDecay = d;
            return this;
        }

        /**
         * Cosine annealing without restarts, set before every epoch (default off): epoch e (from 1) of E trains at
         * lr·(1 + cos(π(e − 1)/E))/2, from lr down to lr·(1 + cos(π(E − 1)/E))/2 &gt; 0. This is the
         * {@code adjust_learning_rate} of the Tri-mentoring and ICT proxies ({@code mila-iqia/Importance-aware-Co-teaching}
         * {@code utils.py} 107–111, called at the start of each epoch e = 0…E−1 in {@code grad.py} 34–36). Cannot be
         * combined with {@link #learningRateDecay}.
         */
        public Builder cosineAnnealing(boolean on) {
            cosineAnnealing = on;
            return this;
        }

        /**
         * Adam's β₁ and β₂ (default 0.9, 0.999). WGAN-GP critics use other values (MINs: 0.0, 0.9; Gulrajani et al.
         * 2017, Algorithm 1); minGPT's trainer (BONET) uses 0.9, 0.95.
         */
        public Builder adamBetas(double b1, double b2) {
            if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) {
                throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + b1 + ", " + b2);
            }
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        /** Adam ε (default 1e-7 as tf.keras; PyTorch uses 1e-8). */
        public Builder epsilon(double eps) {
            if (!(eps > 0)) throw new IllegalArgumentException("Adam epsilon must be > 0, got " + eps);
            epsilon = eps;
            return this;
        }

        /** Hold out this many rows (design-baselines: 200; its COMs scripts: 500) for validation loss. */
        public Builder validationSize(int v) {
            if (v < 0) throw new IllegalArgumentException("validation size must be ≥ 0, got " + v);
            validationSize = v;
            return this;
        }

        /** Hold out this fraction of rows for validation (used when validationSize is 0). */
        public Builder validationFraction(double f) {
            if (!(f >= 0 && f < 1)) {
                throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + f);
            }
            validationFraction = f;
            return this;
        }

        /**
         * Hold out the <em>last</em> validation rows of the data, in the order given, instead of a random subset
         * (default off); the training rows are still shuffled every epoch. ParetoFlow's flow model is validated on
         * the last 1000 rows of its training file this way.
         */
        public Builder validationLast(boolean on) {
            validationLast = on;
            return this;
        }

        /**
         * Step with {@code adam} instead of a fresh Adam, so that its moments and step counts carry over from earlier
         * fits of the same parameters, as a Keras model keeps one optimiser across its {@code fit} calls (CbAS's
         * search VAE over its iterations, Autofocus's oracle over its retrainings). The fit uses the Adam's own
         * learning rate, betas and ε, so the builder's {@link #learningRate} must equal its rate, and no
         * learning-rate schedule may be set (it would change the rate the next fit starts from). Null: a fresh Adam
         * (the default). The checkpoint of a fit holds the Adam's state for the model's parameters, so a resumed fit
         * continues it.
         */
        public Builder optimizer(Adam adam) {
            optimizer = adam;
            return this;
        }

        /**
         * A fresh Adam with this builder's learning rate, betas and ε, the one a fit would make: for a caller that
         * carries it across fits with {@link #optimizer}.
         */
        public Adam newAdam() {
            return new Adam(learningRate, beta1, beta2, epsilon);
        }

        /**
         * Visit the training rows in a new random order every epoch (default on), or, when off, in the same order
         * every epoch: ascending row order after a {@link #validationLast} split, else the seeded split's order. DDOM
         * trains this way (its {@code DataLoader} has no {@code shuffle=True}, {@code siddarthk97/ddom}
         * {@code design_baselines/diff/trainer.py} 179-183).
         */
        public Builder shuffle(boolean on) {
            shuffle = on;
            return this;
        }

        /**
         * Draw each epoch's minibatches from {@code plan} instead of shuffling the rows into batches of
         * {@link #batchSize} (null: the shuffle, the default). Needs {@code validationSize(0)}; the epoch loss is
         * the mean over the plan's rows.
         */
        public Builder batchPlan(BatchPlan plan) {
            batchPlan = plan;
            return this;
        }

        /** Stop after {@code p} epochs without validation improvement and keep the best epoch (0 = off). */
        public Builder earlyStopping(int p) {
            if (p < 0) throw new IllegalArgumentException("patience must be ≥ 0, got " + p);
            patience = p;
            return this;
        }

        /**
         * Train for at least {@code s} minibatch steps (0 = off, the default): when {@code epochs} passes over the
         * training rows would take fewer steps, the epoch count is raised to reach {@code s}. A paper's "100
         * epochs" on its 30,000-row benchmark is 30,000 steps; on a user's 500-row file it is 500, too few for the
         * network to leave its nearly linear initial state. A floor below the benchmark's step count changes
         * nothing on the benchmark.
         */
        public Builder minSteps(int s) {
            if (s < 0) throw new IllegalArgumentException("minimum steps must be ≥ 0, got " + s);
            minSteps = s;
            return this;
        }

        /**
         * Train on a bootstrap resample of the training rows (default off): after the validation split, the
         * n − val training rows are drawn n − val times with replacement and each row's loss is weighted by how
         * often it was drawn (Σ wᵢℓᵢ / Σ wᵢ per batch); every training row still passes through the batches, as in
         * design-baselines' {@code build_pipeline(..., bootstraps=1)} ({@code design_baselines/data.py} 49–67 at 785dbcf;
         * the weighting in {@code gradient_ascent/trainers.py} 312–324, unweighted validation in {@code validate_step}, 335–361). Cannot be combined with explicit weights.
         */
        public Builder bootstrap(boolean on) {
            bootstrap = on;
            return this;
        }

        /** Seed of the validation split, the shuffles and the bootstrap counts. */
        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Progress label. */
        public Builder label(String l) {
            label = l;
            return this;
        }

        /**
         * Checkpoint file (resumed from if it holds this training's state); default none, or the current
         * {@link TrainingCheckpoints} scope's.
         */
        public Builder checkpoint(Path file) {
            checkpoint = file;
            return this;
        }

        /** Minimum time between checkpoints (default 1 minute; the final state is always saved). */
        public Builder checkpointEvery(Duration d) {
            if (d.isNegative()) throw new IllegalArgumentException("checkpoint interval must be ≥ 0, got " + d);
            checkpointEvery = d;
            return this;
        }

        public Trainer build() {
            if (optimizer != null) {
                if (cosineAnnealing || learningRateDecay != 1) {
                    throw new IllegalArgumentException("a carried optimiser keeps its learning rate across fits: drop"
                            + " the learning-rate schedule or let the fit use a fresh Adam");
                }
                if (optimizer.learningRate() != learningRate) {
                    throw new IllegalArgumentException("the carried optimiser's learning rate "
                            + optimizer.learningRate() + " differs from the trainer's " + learningRate
                            + "; set learningRate to the same value");
                }
                if (optimizer.beta1() != beta1 || optimizer.beta2() != beta2 || optimizer.epsilon() != epsilon) {
                    throw new IllegalArgumentException("the carried optimiser's betas and epsilon ("
                            + optimizer.beta1() + ", " + optimizer.beta2() + ", " + optimizer.epsilon()
                            + ") differ from the trainer's (" + beta1 + ", " + beta2 + ", " + epsilon
                            + "); set adamBetas and epsilon to the same values");
                }
            }
            if (cosineAnnealing && learningRateDecay != 1) {
                throw new IllegalArgumentException("choose one learning-rate schedule: cosine annealing or a decay of "
                        + learningRateDecay + " per epoch, not both");
            }
            return new Trainer(this);
        }
    }
}
