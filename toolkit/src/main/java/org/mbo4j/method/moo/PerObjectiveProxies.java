package org.mbo4j.method.moo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.method.ConfiguredMethod;
import org.mbo4j.method.MethodSettings;
import org.mbo4j.method.Proposal;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.mbo4j.nn.Trainer;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Off-MOO-Bench's MultipleModels proxies with a single-objective training rule per objective ({@code mm-coms},
 * {@code mm-roma}, {@code mm-iom}; {@code off_moo_baselines/multiple_models/experiment.py} 71–151 of
 * {@code lamda-bbo/offline-moo} at a960f6f): the visible data are pruned to the best share by non-dominated sorting
 * ({@link MultiObjectiveData#pruned}), then for each objective j one model is trained on the pruned rows' target j
 * (every target minimised, in [0, 1]) with the variant's loss, and NSGA-II searches the m models side by side as
 * {@code mm} does ({@link DnnProxies#search}). A subclass supplies the per-objective model and loss
 * ({@link #trainObjective}).
 *
 * <p>Made for two or more objectives ({@link #handlesObjectives}); like {@code mm} it also runs on one objective and on
 * sequences (the registry's every-method tests run it so). Deterministic per seed: objective j's model is built and trained
 * from seed·1000 + j (as {@code mm}), NSGA-II from the seed.
 *
 * @param <S>    the settings record
 * @param <SELF> the method class itself
 */
public abstract class PerObjectiveProxies<
                S extends Record & MethodSettings<S> & PerObjectiveProxies.Common,
                SELF extends PerObjectiveProxies<S, SELF>>
        extends ConfiguredMethod<S, SELF> {

    /** The settings every variant has. */
    public interface Common {
        /** Share of the visible rows kept by non-dominated sorting (Off-MOO-Bench 0.2; 1: no pruning). */
        double preservedRatio();

        /** Share of the kept rows held out from training (0.1: {@code get_dataloader(val_ratio=0.9)}). */
        double validationFraction();

        /** NSGA-II generations, the initial population the first (50, {@code configs/default.yaml} 11). */
        int generations();

        /** NSGA-II with pymoo 0.5.0's operators, as {@code mm}'s ({@link DnnProxies.Settings#paper}). */
        default JMetalNsgaII.Settings nsga() {
            DnnProxies.Settings mm = DnnProxies.Settings.paper(DnnProxies.Architecture.MM);
            return mm.with(DnnProxies.Settings::generations, generations()).nsga();
        }
    }

    protected PerObjectiveProxies(String name, S settings) {
        super(name, settings);
    }

    /**
     * Every space, as {@code mm}: sequences become Design-Bench logits ({@link MultiObjectiveData}), on which the
     * losses' input gradients act as on a box (Off-MOO-Bench's {@code to_logits} tasks, {@code experiment.py} 80–97).
     */
    @Override
    public boolean supports(DesignSpace space) {
        return true;
    }

    /** Two or more objectives (the search is NSGA-II on the m models). */
    @Override
    public boolean handlesObjectives(int objectives) {
        return objectives >= 2;
    }

    /**
     * Builds and trains objective j's model (its output: the predicted minimised target j).
     *
     * @param data the pruned data (inputs in [0, 1], targets minimised)
     * @param j    the objective
     * @param seed seed·1000 + j of the run's seed
     */
    protected abstract Regressor trainObjective(MultiObjectiveData data, int j, long seed);

    /** The data a proxy is trained on: the visible data pruned to {@link Common#preservedRatio()}. */
    public MultiObjectiveData trainingData(OfflineProblem problem) {
        MultiObjectiveData all = MultiObjectiveData.of(problem);
        double ratio = config().preservedRatio();
        return ratio == 1 ? all : all.pruned(ratio);
    }

    /** The m per-objective models, trained on {@code data} (deterministic per seed). */
    public DnnProxies.Proxy train(MultiObjectiveData data, long seed) {
        List<Regressor> nets = new ArrayList<>();
        for (int j = 0; j < data.objectives(); j++) nets.add(trainObjective(data, j, seed * 1000 + j));
        return new DnnProxies.Proxy(nets);
    }

    @Override
    public Proposal run(OfflineProblem problem, int k, long seed) {
        MultiObjectiveData data = trainingData(problem);
        return DnnProxies.search(name(), data, train(data, seed), config().nsga(), k, seed);
    }

    /**
     * The shared trainer with PyTorch's Adam ε, a constant learning rate (none of the three trainers decays it, see
     * {@code docs/methods/moo-conservative.md}) and the held-out rows of {@code rows} ({@link DnnProxies#heldOut}), labelled {@code "<name> train objective j"}.
     */
    protected Trainer.Builder trainer(int epochs, double learningRate, int batchSize, int rows, int j, long seed) {
        return Trainer.builder()
                .epochs(epochs)
                .learningRate(learningRate)
                .epsilon(Adam.TORCH_EPSILON)
                .batchSize(batchSize)
                .validationSize(DnnProxies.heldOut(rows, config().validationFraction()))
                .seed(seed)
                .label(name() + " train objective " + (j + 1));
    }

    /** Inputs of the data, float32. */
    protected static INDArray inputs(MultiObjectiveData data) {
        return Tensors.matrix(data.inputs(), DataType.FLOAT);
    }

    /** Target j of the data times {@code sign}, n × 1 float32. */
    protected static INDArray target(MultiObjectiveData data, int j, double sign) {
        double[][] t = data.targets();
        double[][] y = new double[t.length][1];
        for (int i = 0; i < t.length; i++) y[i][0] = sign * t[i][j];
        return Tensors.matrix(y, DataType.FLOAT);
    }

    /**
     * The inputs of the {@code n} rows best on target j (smallest first, ties by row), n × d float32: Off-MOO-Bench's
     * {@code best_x}, {@code np.argsort(y0)[:num_solutions]} ({@code experiment.py} 125–127).
     */
    protected static INDArray bestInputs(MultiObjectiveData data, int j, int n) {
        double[][] t = data.targets();
        double[][] x = data.inputs();
        Integer[] order = new Integer[t.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(t[a][j], t[b][j]));
        double[][] best = new double[Math.min(n, t.length)][];
        for (int i = 0; i < best.length; i++) best[i] = x[order[i]];
        return Tensors.matrix(best, DataType.FLOAT);
    }
}
