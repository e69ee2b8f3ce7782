package org.mbo4j.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Anything with trainable parameters: models, ensembles, a method's extra scalars (e.g. a Lagrange multiplier). */
public interface Module {
    /** The trainable tensors, in a fixed order. */
    List<Param> parameters();

    /** Sets the gradient buffer of every parameter to 0. */
    default void zeroGrad() {
        for (Param p : parameters()) p.grad().assign(0);
    }

    /**
     * Declares the gradient buffers' contents dead, as {@link #zeroGrad} does, but lazily: the next backward pass
     * may overwrite a buffer instead of adding to it, which saves a pass that zeroes it and the read of it inside
     * the weight-gradient GEMM (17 MB each for the Grad surrogate). Gradients then accumulate exactly as after
     * {@code zeroGrad}, as long as they are reached through {@link #parameters()} or the model's accessors, which
     * settle first ({@link #settleGrad}), and not through a buffer reference kept from before. The default zeroes.
     */
    default void discardGrad() {
        zeroGrad();
    }

    /**
     * Makes every gradient buffer hold its value after {@link #discardGrad}: a buffer that no backward pass has
     * written since is zeroed now. Call it before an optimizer reads the gradients. The default does nothing (the
     * default {@code discardGrad} zeroed already).
     */
    default void settleGrad() {}

    /**
     * What a training checkpoint's fingerprint records about this module beyond its class and parameter shapes: a
     * layout the shapes do not show (e.g. where a decoder upsamples), so that a checkpoint of another layout is not
     * resumed into this one. Empty by default (the fingerprint then has no layout part, as before this existed).
     */
    default String layout() {
        return "";
    }

    /** Number of scalar parameters. */
    default long parameterCount() {
        long n = 0;
        for (Param p : parameters()) n += p.value().length();
        return n;
    }

    /** Copies every parameter value into a new list (for restoring the best epoch). */
    default List<INDArray> snapshot() {
        return parameters().stream().map(p -> p.value().dup()).toList();
    }

    /** Restores parameter values from {@link #snapshot()}. */
    default void restore(List<INDArray> values) {
        List<Param> ps = parameters();
        for (int i = 0; i < ps.size(); i++) ps.get(i).value().assign(values.get(i));
    }
}
