package org.mbo4j.eval;

/** Single-objective run records for summary tests: k 128, D(best) 0.439, a fixed finish time and build. */
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
}
