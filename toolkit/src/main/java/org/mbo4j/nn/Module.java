package org.mbo4j.nn;

import java.util.List;

/** Anything with trainable parameters: models, ensembles, a method's extra scalars (e.g. a Lagrange multiplier). */
public interface Module {
    /** The trainable tensors, in a fixed order. */
    List<Param> parameters();

    /**
     * Sets the gradient buffer of every parameter to 0, and nothing else: {@link Trainer} relies on an optimizer
     * step that zeroes {@code parameters()}' gradients ({@link Adam#stepAndZeroGrad}) being equivalent to it.
     */
    default void zeroGrad() {
        for (Param p : parameters()) p.grad().assign(0);
    }

    /** Number of scalar parameters. */
    default long parameterCount() {
        long n = 0;
        for (Param p : parameters()) n += p.value().length();
        return n;
    }

    /** Copies every parameter value into a new list (for restoring the best epoch). */
    default List<org.nd4j.linalg.api.ndarray.INDArray> snapshot() {
        return parameters().stream().map(p -> p.value().dup()).toList();
    }

    /** Restores parameter values from {@link #snapshot()}. */
    default void restore(List<org.nd4j.linalg.api.ndarray.INDArray> values) {
        List<Param> ps = parameters();
        for (int i = 0; i < ps.size(); i++) ps.get(i).value().assign(values.get(i));
    }
}
