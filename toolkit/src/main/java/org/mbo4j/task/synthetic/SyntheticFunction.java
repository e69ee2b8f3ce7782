package org.mbo4j.task.synthetic;

import org.mbo4j.data.ContinuousSpace;

/**
 * A closed-form test function to be <em>minimised</em> on a box, as defined in the Virtual Library of Simulation
 * Experiments (Surjanovic &amp; Bingham, https://www.sfu.ca/~ssurjano/optimization.html). Offline tasks built from it
 * maximise its negative ({@link SyntheticTasks}).
 */
public interface SyntheticFunction {
    /** Display name with dimension where it varies, e.g. {@code Ackley-8}, {@code Branin}. */
    String name();

    /** The standard search domain. */
    ContinuousSpace domain();

    default int dims() {
        return domain().dims();
    }

    /** f(x) for one point of the domain. */
    double value(double[] x);

    /** The global minimum value f*. */
    double minimum();

    /** One global minimiser x* (f(x*) = {@link #minimum()} up to the digits of the published constants). */
    double[] minimizer();
}
