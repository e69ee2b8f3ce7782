package org.mbo4j.method.surrogate;

import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.Adam;
import org.mbo4j.nn.Param;
import org.mbo4j.nn.Regressor;
import org.mbo4j.nn.Tensors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Ascent on the model's objective 0 with Adam on the designs (PyTorch's: β = 0.9, 0.999, ε = 1e−8): from encoded
 * start designs, {@code steps} Adam steps on −f̂(x) with learning rate {@code learningRate} (absolute, not scaled
 * by √d as {@link GradientSearch}'s step), then decoded. Adam works element-wise, so climbing all designs at once
 * is the same as one optimiser per design (Offline-RaM's {@code adam_search}, {@code search.py} 8–33, which loops
 * over the designs). The trajectory records the decoded designs and the model's predictions every
 * {@code recordEvery} steps (and at 0 and the last step; ≤ 0: none).
 *
 * @param starts       where the search starts ({@link GradientSearch.Starts#TOP_K}: the best visible designs)
 * @param learningRate Adam's learning rate on the model inputs
 * @param steps        Adam steps
 * @param recordEvery  trajectory cadence in steps
 */
public record AdamSearch(GradientSearch.Starts starts, double learningRate, int steps, int recordEvery)
        implements Search<Regressor> {
    public AdamSearch {
        if (starts == null) throw new IllegalArgumentException("an Adam search needs start designs");
        if (steps < 0) throw new IllegalArgumentException("search steps must be ≥ 0, got " + steps);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(
                    "the search learning rate must be a positive number, got " + learningRate);
        }
    }

    /** {@code steps} Adam steps of rate {@code learningRate} from the top-k visible designs, recording every 10. */
    public static AdamSearch fromTopK(double learningRate, int steps) {
        return new AdamSearch(GradientSearch.Starts.TOP_K, learningRate, steps, 10);
    }

    /** The same search from other start designs. */
    public AdamSearch from(GradientSearch.Starts s) {
        return new AdamSearch(s, learningRate, steps, recordEvery);
    }

    /** The same search with another trajectory cadence (≤ 0: none). */
    public AdamSearch recordEvery(int r) {
        return new AdamSearch(starts, learningRate, steps, r);
    }

    @Override
    public Proposal run(String method, long seed, Regressor model, SurrogateData data, int k) {
        INDArray x = starts.of(data, k, seed).dup('c');
        Param design = new Param("x", x, x.like());
        Adam adam = new Adam(learningRate, 0.9, 0.999, Adam.TORCH_EPSILON);
        Trajectory.Recorder rec = new Trajectory.Recorder();
        INDArray descend = null;
        for (int t = 0; t <= steps; t++) {
            boolean record = recordEvery > 0 && (t % recordEvery == 0 || t == steps);
            if (record) GradientSearch.snapshot(rec, t, model, data, x);
            if (t == steps) break;
            if (descend == null)
                descend = Tensors.unitColumn(model.forward(x), 0).neg();
            design.grad().assign(model.forwardInputGradient(x, descend).inputGradient());
            adam.step(design);
            if (x.isNaN().any() || x.isInfinite().any()) {
                throw new IllegalStateException(method + ": designs became NaN or infinite at search step " + (t + 1)
                        + "; lower the search learning rate");
            }
        }
        return GradientSearch.finish(method, seed, model, data, x, recordEvery > 0 ? rec : null);
    }
}
