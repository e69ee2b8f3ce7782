package org.mbo4j.method.surrogate;

import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.InputAscent;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The search every gradient-based surrogate method shares (design-baselines' solver): start from encoded designs,
 * take {@code steps} plain gradient steps {@code x ← x + lr·∇ₓ f̂(x)} on the model's objective 0, and decode. The
 * trajectory records the decoded designs and the model's predictions every {@code recordEvery} steps, so the
 * evaluation can later show reward hacking (surrogate up, oracle down).
 */
public final class AscentSearch {
    private AscentSearch() {}

    /**
     * Runs the ascent and returns the proposal: decoded final designs, the model's predictions for those designs
     * (re-encoded, in raw score units), and the trajectory.
     *
     * @param recordEvery record a trajectory snapshot every this many steps (and at 0 and the last step); ≤ 0: none
     */
    public static Proposal run(String method, long seed, Regressor model, SurrogateData data, INDArray start,
                               double lr, int steps, int recordEvery) {
        INDArray x = start.dup();
        Trajectory.Recorder rec = new Trajectory.Recorder();
        INDArray unit = null;
        for (int t = 0; t <= steps; t++) {
            boolean record = recordEvery > 0 && (t % recordEvery == 0 || t == steps);
            if (record) snapshot(rec, t, model, data, x);
            if (t == steps) break;
            if (unit == null) unit = Tensors.unitColumn(model.forward(x), 0);
            InputAscent.step(model, x, unit, lr);
            if (x.isNaN().any() || x.isInfinite().any()) {
                throw new IllegalStateException(method + ": designs became NaN or infinite at ascent step " + (t + 1)
                        + "; lower the solver step size");
            }
        }
        return finish(method, seed, model, data, x, recordEvery > 0 ? rec : null);
    }

    /**
     * The proposal for final model inputs {@code x}: decoded designs, the model's predictions for those designs
     * (re-encoded, raw score units) and the recorded trajectory (null: none). Shared with methods whose search
     * is not plain ascent (RoMA).
     */
    static Proposal finish(String method, long seed, Regressor model, SurrogateData data, INDArray x,
                           Trajectory.Recorder rec) {
        double[][] designs = data.decode(x);
        INDArray reencoded = Tensors.matrix(data.encoding().encode(designs), model.parameters().get(0).value().dataType());
        double[][] predicted = data.toScores(model.predict(reencoded));
        Proposal p = Proposal.of(method, seed, data.problem().space(), designs, predicted);
        return rec != null ? p.withTrajectory(rec.build()) : p;
    }

    /** Records the decoded designs {@code x} and the model's predictions (raw score units) as step {@code step}. */
    static void snapshot(Trajectory.Recorder rec, int step, Regressor model, SurrogateData data, INDArray x) {
        double[][] pred = data.toScores(model.predict(x));
        double[] p = new double[pred.length];
        for (int i = 0; i < p.length; i++) p[i] = pred[i][0];
        rec.record(step, data.decode(x), p);
    }
}
