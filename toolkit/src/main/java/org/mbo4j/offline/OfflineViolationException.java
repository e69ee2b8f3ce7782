package org.mbo4j.offline;

/**
 * Thrown when a path to an oracle, to held-out data or to a task's full data is used while a method proposes
 * ({@link OfflineGuard#during}). The message is one line naming the method and the call, for example
 * {@code method 'cheat' called Tasks.load("TFBind8") while proposing: a method sees only its OfflineProblem (space,
 * visible data, directions)}.
 *
 * <p>It is an {@link IllegalStateException}: the call was made at a time it is not allowed, and the command line
 * reports it as one line like other bad-input errors.
 */
public final class OfflineViolationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final String call;

    OfflineViolationException(String method, String call) {
        super(
                "method '" + method + "' called " + call + " while proposing: a method sees only its OfflineProblem "
                        + "(space, visible data, directions, and what the benchmark hands its methods: nadir, normalisation statistics)");
        this.method = method;
        this.call = call;
    }

    /** The name of the method whose proposal made the call. */
    public String method() {
        return method;
    }

    /** The call that was attempted, with its argument, e.g. {@code Npy.read(/data/tf_bind_8-x-0.npy)}. */
    public String call() {
        return call;
    }
}
