package org.mbo4j.eval;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One finished (task, method, seed) run as stored in {@code results.json}.
 *
 * @param task        task name
 * @param method      method registry name
 * @param seed        seed
 * @param k           designs proposed
 * @param settings    method settings label (e.g. {@code paper} or {@code quick}); runs resume only on equal settings
 * @param raw100      raw 100th percentile (single objective, else NaN)
 * @param raw50       raw 50th percentile
 * @param score100    normalised 100th percentile
 * @param score50     normalised 50th percentile
 * @param hv100       hypervolume of all designs (multi-objective, else NaN)
 * @param hv50        hypervolume after removing the best half
 * @param dBest       the visible data's best in the same metric
 * @param oracleCalls designs scored by the oracle
 * @param seconds     wall time of propose
 * @param finishedAt  ISO-8601 time the run finished
 * @param build       the code that produced it and its GEMM library ({@link BuildInfo#withRuntime()}); null in records
 *                    written before it was kept, no {@code gemm=} in records written before the library was kept
 * @param diversity   the designs' mean pairwise distance ({@link Score#diversity()}); null in records written before
 *                    it was kept (and then absent from the JSON)
 * @param novelty     the designs' mean distance to the nearest visible design; null as {@code diversity}
 * @param command     what produced the record: the {@code ./mbo4j bench ...} command line, or the
 *                    {@link Benchmark} call that ran it from Java; null in records written before it was kept (and
 *                    then absent from the JSON)
 */
public record RunRecord(
        String task,
        String method,
        long seed,
        int k,
        String settings,
        Double raw100,
        Double raw50,
        Double score100,
        Double score50,
        Double hv100,
        Double hv50,
        Double dBest,
        long oracleCalls,
        double seconds,
        String finishedAt,
        String build,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double diversity,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double novelty,
        @JsonInclude(JsonInclude.Include.NON_NULL) String command)
        implements java.io.Serializable {

    /** A record without the command (records written before it was kept). */
    public RunRecord(
            String task,
            String method,
            long seed,
            int k,
            String settings,
            Double raw100,
            Double raw50,
            Double score100,
            Double score50,
            Double hv100,
            Double hv50,
            Double dBest,
            long oracleCalls,
            double seconds,
            String finishedAt,
            String build,
            Double diversity,
            Double novelty) {
        this(
                task,
                method,
                seed,
                k,
                settings,
                raw100,
                raw50,
                score100,
                score50,
                hv100,
                hv50,
                dBest,
                oracleCalls,
                seconds,
                finishedAt,
                build,
                diversity,
                novelty,
                null);
    }

    /** A record without diversity and novelty (records written before they were kept). */
    public RunRecord(
            String task,
            String method,
            long seed,
            int k,
            String settings,
            Double raw100,
            Double raw50,
            Double score100,
            Double score50,
            Double hv100,
            Double hv50,
            Double dBest,
            long oracleCalls,
            double seconds,
            String finishedAt,
            String build) {
        this(
                task,
                method,
                seed,
                k,
                settings,
                raw100,
                raw50,
                score100,
                score50,
                hv100,
                hv50,
                dBest,
                oracleCalls,
                seconds,
                finishedAt,
                build,
                null,
                null,
                null);
    }

    /** Builds a record from a score, without a command. NaN fields become null (JSON has no NaN). */
    public static RunRecord of(Score s, String settings, String finishedAt) {
        return of(s, settings, finishedAt, null);
    }

    /** Builds a record from a score and the command that produced it. NaN fields become null (JSON has no NaN). */
    public static RunRecord of(Score s, String settings, String finishedAt, String command) {
        return new RunRecord(
                s.task(),
                s.method(),
                s.seed(),
                s.k(),
                settings,
                box(s.raw100()),
                box(s.raw50()),
                box(s.score100()),
                box(s.score50()),
                box(s.hv100()),
                box(s.hv50()),
                box(s.dBest()),
                s.oracleCalls(),
                s.seconds(),
                finishedAt,
                BuildInfo.withRuntime(),
                box(s.diversity()),
                box(s.novelty()),
                command);
    }

    private static Double box(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** True when this run answers the same question as (task, method, seed, k, settings). */
    public boolean matches(String t, String m, long sd, int kk, String st) {
        return task.equals(t) && method.equals(m) && seed == sd && k == kk && settings.equals(st);
    }

    /** The headline metric: normalised 100th percentile, or hypervolume. */
    public double headline() {
        return score100 != null ? score100 : hv100 != null ? hv100 : Double.NaN;
    }

    /** The secondary metric: normalised 50th percentile, or HV after removing the best half. */
    public double secondary() {
        return score50 != null ? score50 : hv50 != null ? hv50 : Double.NaN;
    }
}
