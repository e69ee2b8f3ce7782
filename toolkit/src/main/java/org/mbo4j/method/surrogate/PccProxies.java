package org.mbo4j.method.surrogate;

import java.util.Arrays;
import java.util.List;
import org.mbo4j.nn.Activation;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Init;
import org.mbo4j.nn.Losses;
import org.mbo4j.nn.Mlp;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingCheckpoints;
import org.mbo4j.util.BoundedCache;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The proxy pre-training that ICT ({@code mila-iqia/Importance-aware-Co-teaching} {@code grad.py}) and Tri-mentoring
 * ({@code GGchen1997/parallel_mentoring} {@code main.py --mode train}, 51–102) share, one skeleton by the same group:
 * a ReLU MLP with PyTorch's default initialisation, MSE, Adam (PyTorch ε) at a rate annealed by a cosine over the
 * epochs (lr·(1 + cos(πe/E))/2 at the start of epoch e), a random 10 % held out, and the epoch with the highest
 * validation Pearson correlation kept. A proxy's seed fixes its initialisation, split and shuffles. Trained proxies
 * are kept per JVM (the eight most recent), keyed by their training and the data, and inside a checkpoint scope (an
 * in-process benchmark with an output folder) also on disk ({@link TrainingCheckpoints#shared}), as the authors keep
 * theirs on disk and reuse them across runs.
 */
final class PccProxies {
    /** Pool size: ICT's eight pre-trained proxies ({@code ICT.py} 429–431). */
    static final int CACHED = 8;

    private static final BoundedCache<List<Object>, INDArray> CACHE = new BoundedCache<>(CACHED);

    private PccProxies() {}

    /**
     * The proxy pre-trained with {@code seed} on the data's inputs and targets (all rows; the split is the
     * trainer's).
     *
     * @param label the progress label (also its checkpoint file's name)
     */
    static Mlp pretrained(
            SurrogateData data,
            long seed,
            List<Integer> hidden,
            int epochs,
            double learningRate,
            int batchSize,
            double validationFraction,
            String label) {
        Mlp arch = Mlp.builder(data.inputSize())
                .hidden(hidden)
                .activation(Activation.relu())
                .init(Init.TORCH_DEFAULT)
                .seed(seed)
                .build();
        INDArray x = data.x();
        INDArray y = data.y();
        List<Object> key = List.of(seed, hidden, epochs, learningRate, batchSize, validationFraction, content(x, y));
        // kept on disk too, as the authors keep theirs: a later process reloads it from the benchmark's shared folder
        INDArray flat = CACHE.get(
                key,
                () -> TrainingCheckpoints.shared("pcc-proxy", key, () -> {
                    Trainer.builder()
                            .epochs(epochs)
                            .learningRate(learningRate)
                            .batchSize(batchSize)
                            .validationFraction(validationFraction)
                            .cosineAnnealing(true)
                            .epsilon(Adam.TORCH_EPSILON)
                            .earlyStopping(Integer.MAX_VALUE)
                            .seed(seed)
                            .label(label)
                            .build()
                            .fit(arch, x, y, null, Losses.pccSelected(Losses.mse()));
                    return arch.flatParameters().dup();
                }));
        arch.flatParameters().assign(flat);
        return arch;
    }

    /**
     * The checks both methods' settings make on the pre-training and on their learning rates (one-line errors): hidden
     * widths and epochs ≥ 1, a validation fraction in (0, 1) (the Pearson selection needs one), every rate a positive
     * number.
     */
    static void check(List<Integer> hidden, int epochs, double validationFraction, double... learningRates) {
        for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden width must be ≥ 1, got " + h);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException(
                    "the validation fraction must be in (0, 1) (the PCC selection needs it), got "
                            + validationFraction);
        }
        for (double v : learningRates) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("learning rates must be positive numbers, got " + v);
            }
        }
    }

    static String content(INDArray x, INDArray y) {
        return x.rows() + "x" + x.columns() + ":" + Arrays.hashCode(x.data().asFloat()) + ":"
                + Arrays.hashCode(y.data().asFloat());
    }

    /** Forgets every cached proxy (tests). */
    static void clear() {
        CACHE.clear();
    }
}
