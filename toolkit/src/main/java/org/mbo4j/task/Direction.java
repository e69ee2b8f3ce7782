package org.mbo4j.task;

/** Whether an objective is to be maximised or minimised. */
public enum Direction {
    MAXIMIZE,
    MINIMIZE;

    /** +1 for maximise, −1 for minimise: multiply a score by this to get a "higher is better" value. */
    public double sign() {
        return this == MAXIMIZE ? 1 : -1;
    }
}
