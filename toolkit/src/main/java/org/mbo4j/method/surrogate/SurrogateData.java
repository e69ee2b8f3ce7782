package org.mbo4j.method.surrogate;

import java.util.Arrays;
import org.mbo4j.data.Dataset;
import org.mbo4j.data.Standardizer;
import org.mbo4j.task.OfflineProblem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * design-baselines' data pipeline for a single-objective surrogate method, shared by every method that trains a
 * model on the visible data: inputs via {@link DesignEncoding} (logits for sequences, optional z-score,
 * {@code normalize_xs}); targets = objective 0 turned into "higher is better" and optionally z-scored
 * ({@code normalize_ys}). Holds float32 tensors. Immutable (the arrays it returns are copies).
 */
public final class SurrogateData {
    private final OfflineProblem problem;
    private final DesignEncoding encoding;
    private final Standardizer yScale;
    private final double sign;
    private final double[][] inputs;
    private final double[][] targets;

    private SurrogateData(OfflineProblem problem, boolean normalizeX, boolean normalizeY) {
        if (problem.isMultiObjective()) {
            throw new IllegalArgumentException("this method is single-objective but problem '" + problem.name()
                    + "' has " + problem.objectives().size() + " objectives; use a multi-objective method");
        }
        this.problem = problem;
        Dataset d = problem.dataset();
        double[][] designs = d.designs();
        this.encoding = DesignEncoding.fit(problem.space(), designs, normalizeX);
        this.sign = problem.sign(0);
        double[][] y = new double[d.size()][1];
        for (int i = 0; i < y.length; i++) y[i][0] = sign * d.score(i, 0);
        this.yScale = normalizeY ? Standardizer.fit(y) : Standardizer.identity(1);
        this.targets = yScale.apply(y);
        this.inputs = encoding.encode(designs);
    }

    /**
     * The pipeline for a problem.
     *
     * @param normalizeX z-score the (relaxed) inputs
     * @param normalizeY z-score the targets
     */
    public static SurrogateData of(OfflineProblem problem, boolean normalizeX, boolean normalizeY) {
        return new SurrogateData(problem, normalizeX, normalizeY);
    }

    public OfflineProblem problem() {
        return problem;
    }

    public DesignEncoding encoding() {
        return encoding;
    }

    /** Rows of visible data. */
    public int size() {
        return inputs.length;
    }

    /** Model input width. */
    public int inputSize() {
        return encoding.inputDim();
    }

    /** Encoded inputs, n × d float32. */
    public INDArray x() {
        return Nd4j.create(inputs).castTo(DataType.FLOAT);
    }

    /** Targets, n × 1 float32 ("higher is better", z-scored when asked). */
    public INDArray y() {
        return Nd4j.create(targets).castTo(DataType.FLOAT);
    }

    /** Encoded inputs of the {@code k} best visible designs (best first), k × d float32. */
    public INDArray topK(int k) {
        return Nd4j.create(encoding.encode(problem.topDesigns(k))).castTo(DataType.FLOAT);
    }

    /** Row indices of the {@code k} best visible designs (best first). */
    public int[] topRows(int k) {
        int[] rows = problem.rankedRows();
        return Arrays.copyOf(rows, Math.min(k, rows.length));
    }

    /** Model inputs (B × d) back to designs in the problem's space. */
    public double[][] decode(INDArray x) {
        return encoding.decode(x.castTo(DataType.DOUBLE).toDoubleMatrix());
    }

    /** Standard deviation that converts model units back to raw score units (1 when targets are not z-scored). */
    public double targetScale() {
        return yScale.std(0);
    }

    /** Model outputs (B × 1, model units) back to raw scores of objective 0 in the problem's direction (B × 1). */
    public double[][] toScores(INDArray pred) {
        double[][] p = pred.castTo(DataType.DOUBLE).reshape(pred.rows(), 1).toDoubleMatrix();
        double[][] out = new double[p.length][1];
        for (int i = 0; i < p.length; i++) out[i][0] = sign * (p[i][0] * yScale.std(0) + yScale.mean(0));
        return out;
    }
}
