package org.mbo4j.method.surrogate;

/**
 * The part of a surrogate method's settings that the shared {@link org.mbo4j.nn.Trainer} reads. A settings record
 * implements it by having components with these names (a record's accessors satisfy the interface).
 */
public interface TrainingSettings {
    /** Passes over the training rows. */
    int epochs();

    /** Adam's learning rate. */
    double learningRate();

    /** Rows per minibatch. */
    int batchSize();

    /** Validation rows held out, at most a fifth of the data ({@link org.mbo4j.nn.Trainer#validationRows}). */
    int validationSize();

    /** Train for at least this many minibatch steps, raising the epoch count on small data (0: epochs only). */
    default int minSteps() {
        return 0;
    }
}
