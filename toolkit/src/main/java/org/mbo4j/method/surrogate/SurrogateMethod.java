package org.mbo4j.method.surrogate;

import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.nn.Module;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Trainer;
import org.mbo4j.nn.TrainingLoss;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pipeline every surrogate method shares, written once: problem → {@link #data encoded data} →
 * {@link #train model trained by the shared Trainer} → {@link #search search} → decoded proposal, with
 * {@link #forProblem} applied by {@link #propose}. A method supplies what its paper adds: its model and loss term
 * (in {@link #train}, usually one {@link #fit} call) and its search rule (a {@link Search} value).
 *
 * <pre>{@code
 * public final class MyAscent extends SurrogateMethod<MyAscent.Settings, Mlp, MyAscent> {
 *     public record Settings(int epochs, double learningRate, int batchSize, int validationSize, int steps)
 *             implements MethodSettings<Settings>, TrainingSettings {}
 *     public MyAscent(Settings s) { super("my-ascent", s); }
 *     public MyAscent withConfig(Settings s) { return new MyAscent(s); }
 *     public Mlp train(SurrogateData data, long seed) {
 *         return fit(Mlp.builder(data.inputSize()).hidden(64, 64).outputs(1).seed(seed).build(), data, null,
 *                 Losses.mse(), seed);
 *     }
 *     public Search<Regressor> search(SurrogateData data) { return GradientSearch.fromTopK(0.01, config().steps()); }
 * }
 * }</pre>
 *
 * @param <S>    the settings record, with the trainer's settings
 * @param <M>    the model
 * @param <SELF> the method class itself
 */
public abstract class SurrogateMethod<
                S extends Record & MethodSettings<S> & TrainingSettings,
                M extends Regressor,
                SELF extends SurrogateMethod<S, M, SELF>>
        extends ConfiguredMethod<S, SELF> {

    protected SurrogateMethod(String name, S config) {
        super(name, config);
    }

    /** The data pipeline (design-baselines' {@code normalize_xs}, {@code normalize_ys}); default both on. */
    public SurrogateData data(OfflineProblem problem) {
        return SurrogateData.of(problem, true, true);
    }

    /** The method's surrogate, built and trained on {@code data} with the paper's loss term. */
    public abstract M train(SurrogateData data, long seed);

    /** The paper's search rule. */
    public abstract Search<? super M> search(SurrogateData data);

    @Override
    public final Proposal run(OfflineProblem problem, int k, long seed) {
        SurrogateData data = data(problem);
        M model = train(data, seed);
        return search(data).run(name(), seed, model, data, k);
    }

    /**
     * The shared trainer with these settings: epochs, Adam lr, batch, validation rows (at most a fifth of the data),
     * minimum steps, seed, and the progress label {@code "<name> train"} (which also names its checkpoint file).
     */
    protected Trainer.Builder trainer(SurrogateData data, long seed) {
        S s = config();
        return Trainer.builder()
                .epochs(s.epochs())
                .minSteps(s.minSteps())
                .learningRate(s.learningRate())
                .batchSize(s.batchSize())
                .validationSize(Trainer.validationRows(s.validationSize(), data.size()))
                .seed(seed)
                .label(name() + " train");
    }

    /** Trains {@code model} on the data's inputs and targets with {@link #trainer}; returns it. */
    protected <T extends Module> T fit(T model, SurrogateData data, INDArray weights, TrainingLoss<T> loss, long seed) {
        trainer(data, seed).build().fit(model, data.x(), data.y(), weights, loss);
        return model;
    }
}
