package org.mbo4j.cli;

/** A problem with the user's input or environment, reported as one line and exit code 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
