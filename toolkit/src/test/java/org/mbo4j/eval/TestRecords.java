package org.mbo4j.eval;

/**
 * Run records for summary tests: single-objective ones at k 128 with D(best) 0.439, multi-objective ones (hypervolumes
 * only) at k 256; a fixed finish time and build.
 */
public final class TestRecords {
    private TestRecords() {}

    /** A record of {@code method} on {@code task} with normalised 100th/50th percentiles {@code s100}/{@code s50}. */
    public static RunRecord of(String task, String method, long seed, String settings, double s100, double s50) {
        return new RunRecord(
                task,
                method,
                seed,
                128,
                settings,
                null,
                null,
                s100,
                s50,
                null,
                null,
                0.439,
                128,
                1.0,
                "2026-11-27T00:00:00Z",
                "commit=test src=test");
    }

    /** A multi-objective record: hypervolumes only (the 50th percentile 0.5 below the 100th), D(best) of the task. */
    public static RunRecord hv(String task, String method, long seed, double hv100, double dBest) {
        return new RunRecord(
                task,
                method,
                seed,
                256,
                "paper",
                null,
                null,
                null,
                null,
                hv100,
                hv100 - 0.5,
                dBest,
                256,
                1.0,
                "2026-12-05T00:00:00Z",
                "commit=test src=test");
    }
}
