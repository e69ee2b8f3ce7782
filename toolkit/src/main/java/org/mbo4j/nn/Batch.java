package org.mbo4j.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One minibatch as the trainer hands it to a {@link TrainingLoss}: designs x (B × d), targets y (B × k) and
 * per-example weights w (B × m, one column per ensemble member; null when unweighted). The arrays are the
 * trainer's reusable buffers, valid during the call only.
 *
 * <p>A batch of lists ({@link Trainer#fitLists}) holds {@link #examples()} lists of {@code listLength} rows each,
 * one list after another: rows {@code j·listLength … (j+1)·listLength − 1} are list j. A batch of rows has
 * {@code listLength} 1.
 */
public record Batch(INDArray x, INDArray y, INDArray weights, int epoch, int index, int listLength) {
    public Batch {
        if (listLength < 1 || x.rows() % listLength != 0) {
            throw new IllegalArgumentException(
                    "a batch of " + x.rows() + " rows cannot hold lists of " + listLength + " rows");
        }
    }

    /** A batch of rows (every row its own example). */
    public Batch(INDArray x, INDArray y, INDArray weights, int epoch, int index) {
        this(x, y, weights, epoch, index, 1);
    }

    /** Number of rows. */
    public int size() {
        return (int) x.rows();
    }

    /** Number of examples: rows, or lists in a batch of lists. */
    public int examples() {
        return size() / listLength;
    }

    /** Weight column of member {@code m} (B × 1), or null when unweighted. */
    public INDArray weights(int m) {
        return weights == null ? null : weights.getColumn(m, true);
    }
}
