package org.mbo4j.method.surrogate;

import java.util.SplittableRandom;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.Ensemble;
import org.mbo4j.nn.FlowMatching;
import org.mbo4j.nn.InputAscent;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The search most gradient-based surrogate methods share (design-baselines' solver): start from encoded designs,
 * take {@code steps} plain gradient steps {@code x ← x + lr·∇ₓ f̂(x)} on the model's objective 0 with
 * {@code lr = stepScale·√(input size)}, and decode. The trajectory records the decoded designs and the model's
 * predictions every {@code recordEvery} steps (and at 0 and the last step; ≤ 0: none), so the evaluation can later
 * show reward hacking (surrogate up, oracle down).
 *
 * @param starts      where the search starts ({@link Starts#TOP_K}: the best visible designs)
 * @param stepScale   step size as a multiple of √(input size)
 * @param steps       gradient steps
 * @param aggregation how an ensemble's members combine into the objective the search climbs (null: the model's
 *                    own); models that are not ensembles ignore it
 * @param recordEvery trajectory cadence in steps
 */
public record GradientSearch(
        Starts starts, double stepScale, int steps, Ensemble.Aggregation aggregation, int recordEvery)
        implements Search<Regressor> {
    public GradientSearch {
        if (starts == null) throw new IllegalArgumentException("a gradient search needs start designs");
        if (steps < 0) throw new IllegalArgumentException("ascent steps must be ≥ 0, got " + steps);
        if (!(stepScale >= 0) || Double.isInfinite(stepScale)) {
            throw new IllegalArgumentException("the step scale must be a finite number ≥ 0, got " + stepScale);
        }
    }

    /** Where a search starts: k encoded designs (k × input size), drawn from the run's seed where random. */
    @FunctionalInterface
    public interface Starts {
        /** The k best visible designs, best first (design-baselines: top 128). */
        Starts TOP_K = (data, k, seed) -> data.topK(k);

        /**
         * k draws of N(0, I) in the model's input space (z-scored logits for sequences), from the seed's own stream:
         * Match-OPT's {@code init='rand'} ({@code torch.randn}, {@code gm_surrogate_traj_sampling.py} 13–14, used
         * for TFBind8 and UTR, line 67).
         */
        Starts GAUSSIAN = (data, k, seed) -> {
            SplittableRandom rng = new SplittableRandom(FlowMatching.mix(seed, k, 71));
            double[][] rows = new double[k][data.inputSize()];
            for (double[] r : rows) for (int j = 0; j < r.length; j++) r[j] = rng.nextGaussian();
            return Tensors.matrix(rows, DataType.FLOAT);
        };

        INDArray of(SurrogateData data, int k, long seed);
    }

    /** {@code steps} steps of {@code stepScale·√d} from the top-k visible designs, recording every 10 steps. */
    public static GradientSearch fromTopK(double stepScale, int steps) {
        return new GradientSearch(Starts.TOP_K, stepScale, steps, null, 10);
    }

    /** The same search climbing the ensemble's {@code a}-aggregate. */
    public GradientSearch aggregation(Ensemble.Aggregation a) {
        return new GradientSearch(starts, stepScale, steps, a, recordEvery);
    }

    /** The same search with another trajectory cadence (≤ 0: none). */
    public GradientSearch recordEvery(int r) {
        return new GradientSearch(starts, stepScale, steps, aggregation, r);
    }

    /** The step size for {@code data}'s input width. */
    public double stepSize(SurrogateData data) {
        return stepScale * Math.sqrt(data.inputSize());
    }

    @Override
    public Proposal run(String method, long seed, Regressor model, SurrogateData data, int k) {
        Regressor f = aggregation != null && model instanceof Ensemble<?> e ? e.withAggregation(aggregation) : model;
        INDArray x = starts.of(data, k, seed).dup();
        double lr = stepSize(data);
        Trajectory.Recorder rec = new Trajectory.Recorder();
        INDArray unit = null;
        for (int t = 0; t <= steps; t++) {
            boolean record = recordEvery > 0 && (t % recordEvery == 0 || t == steps);
            if (record) snapshot(rec, t, f, data, x);
            if (t == steps) break;
            if (unit == null) unit = Tensors.unitColumn(f.forward(x), 0);
            InputAscent.step(f, x, unit, lr);
            if (x.isNaN().any() || x.isInfinite().any()) {
                throw new IllegalStateException(method + ": designs became NaN or infinite at ascent step " + (t + 1)
                        + "; lower the solver step size");
            }
        }
        return finish(method, seed, f, data, x, recordEvery > 0 ? rec : null);
    }

    /**
     * The proposal for final model inputs {@code x}: decoded designs, the model's predictions for those designs
     * (re-encoded, raw score units) and the recorded trajectory (null: none). For searches of one's own (RoMA's,
     * or one prototyped in a notebook).
     */
    public static Proposal finish(
            String method, long seed, Regressor model, SurrogateData data, INDArray x, Trajectory.Recorder rec) {
        double[][] designs = data.decode(x);
        INDArray reencoded = Tensors.matrix(
                data.encoding().encode(designs),
                model.parameters().get(0).value().dataType());
        double[][] predicted = data.toScores(model.predict(reencoded));
        Proposal p = Proposal.of(method, seed, data.problem().space(), designs, predicted);
        return rec != null ? p.withTrajectory(rec.build()) : p;
    }

    /** Records the decoded designs {@code x} and the model's predictions (raw score units) as step {@code step}. */
    public static void snapshot(Trajectory.Recorder rec, int step, Regressor model, SurrogateData data, INDArray x) {
        double[][] pred = data.toScores(model.predict(x));
        double[] p = new double[pred.length];
        for (int i = 0; i < p.length; i++) p[i] = pred[i][0];
        rec.record(step, data.decode(x), p);
    }
}
