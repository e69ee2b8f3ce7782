package org.mbo4j.method.surrogate;

/** Small shared rules for the surrogate methods' training splits. */
final class Splits {
    private Splits() {}

    /**
     * The validation rows to hold out: the paper's {@code requested} count, but at most a fifth of the data, so
     * the paper settings still train on small user datasets (e.g. a 200-row CSV). TFBind8 (32 898 rows) is
     * unaffected.
     */
    static int validationSize(int requested, int rows) {
        return Math.max(0, Math.min(requested, rows / 5));
    }
}
