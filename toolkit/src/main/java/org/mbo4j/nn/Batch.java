package org.mbo4j.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One minibatch as the trainer hands it to a {@link TrainingLoss}: designs x (B × d), targets y (B × k) and
 * per-example weights w (B × m, one column per ensemble member; null when unweighted). The arrays are the
 * trainer's reusable buffers, valid during the call only.
 */
public record Batch(INDArray x, INDArray y, INDArray weights, int epoch, int index) {
    /** Number of examples. */
    public int size() {
        return (int) x.rows();
    }

    /** Weight column of member {@code m} (B × 1), or null when unweighted. */
    public INDArray weights(int m) {
        return weights == null ? null : weights.getColumn(m, true);
    }
}
