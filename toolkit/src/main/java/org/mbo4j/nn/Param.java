package org.mbo4j.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One trainable tensor and its gradient buffer (same shape). Backward passes <em>accumulate</em> into
 * {@code grad}; the trainer zeroes it before each batch. Optimizers update {@code value} in place.
 */
public record Param(String name, INDArray value, INDArray grad) {
    public Param {
        if (!Arrays.equals(value.shape(), grad.shape())) {
            throw new IllegalArgumentException("parameter " + name + ": value and gradient shapes differ");
        }
    }
}
