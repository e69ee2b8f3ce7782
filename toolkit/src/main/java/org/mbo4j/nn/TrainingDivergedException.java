package org.mbo4j.nn;

/** Training produced a NaN or infinite loss; the message names the epoch and the setting to change. */
public final class TrainingDivergedException extends IllegalStateException {
    private final int epoch;

    public TrainingDivergedException(String message, int epoch) {
        super(message);
        this.epoch = epoch;
    }

    /** 1-based epoch at which the loss became non-finite. */
    public int epoch() {
        return epoch;
    }
}
