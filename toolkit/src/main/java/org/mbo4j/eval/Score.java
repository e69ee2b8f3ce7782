package org.mbo4j.eval;

import org.mbo4j.util.Numbers;

/**
 * The evaluation of one proposal on one task, by the protocol of the task's benchmark.
 *
 * <p>Single-objective (Design-Bench): oracle scores of the K designs, their 100th and 50th percentiles
 * ('nearest' rule, as {@code tfp.stats.percentile}), raw and normalised over the full task data.
 * Multi-objective (Off-MOO-Bench): hypervolume of all K designs ({@code hv100}) and after removing the best
 * half by non-dominated sorting ({@code hv50}); percentile fields are NaN. Fields that do not apply are NaN.
 *
 * @param task        task name
 * @param method      method name
 * @param seed        the run's seed
 * @param k           number of designs scored
 * @param raw100      max raw oracle score (objective 0)
 * @param raw50       median raw oracle score
 * @param score100    normalised 100th percentile
 * @param score50     normalised 50th percentile
 * @param hv100       hypervolume of all designs (multi-objective)
 * @param hv50        hypervolume after removing the best 50% by NDS (multi-objective)
 * @param dBest       the visible dataset's best, in the same metric (normalised max, or HV of its best K)
 * @param oracleCalls designs the task's oracle scored for this score (or over the whole run, in a benchmark)
 * @param seconds     wall time of the method's {@code propose}, when known (else NaN)
 * @param diversity   mean distance over all unordered pairs of the K designs (Hamming for sequences, Euclidean in
 *                    the task's units for boxes; {@link GenerativeDiagnostics#diversity}), NaN when not measured
 * @param novelty     mean distance of each design to its nearest visible design (same metric), NaN when not measured
 */
public record Score(
        String task,
        String method,
        long seed,
        int k,
        double raw100,
        double raw50,
        double score100,
        double score50,
        double hv100,
        double hv50,
        double dBest,
        long oracleCalls,
        double seconds,
        double diversity,
        double novelty) {

    /** A score without the diversity and novelty measures (NaN). */
    public Score(
            String task,
            String method,
            long seed,
            int k,
            double raw100,
            double raw50,
            double score100,
            double score50,
            double hv100,
            double hv50,
            double dBest,
            long oracleCalls,
            double seconds) {
        this(
                task,
                method,
                seed,
                k,
                raw100,
                raw50,
                score100,
                score50,
                hv100,
                hv50,
                dBest,
                oracleCalls,
                seconds,
                Double.NaN,
                Double.NaN);
    }

    /** The headline number: normalised 100th percentile, or hypervolume for multi-objective tasks. */
    public double headline() {
        return Double.isNaN(score100) ? hv100 : score100;
    }

    /** A copy with the oracle-call count set (e.g. the task counter's change over a whole run). */
    public Score withOracleCalls(long calls) {
        return new Score(
                task, method, seed, k, raw100, raw50, score100, score50, hv100, hv50, dBest, calls, seconds, diversity,
                novelty);
    }

    /** A copy with the wall time set. */
    public Score withSeconds(double s) {
        return new Score(
                task,
                method,
                seed,
                k,
                raw100,
                raw50,
                score100,
                score50,
                hv100,
                hv50,
                dBest,
                oracleCalls,
                s,
                diversity,
                novelty);
    }

    /** A copy with the diversity and novelty of the designs set. */
    public Score withSpread(double diversity, double novelty) {
        return new Score(
                task,
                method,
                seed,
                k,
                raw100,
                raw50,
                score100,
                score50,
                hv100,
                hv50,
                dBest,
                oracleCalls,
                seconds,
                diversity,
                novelty);
    }

    /** One line for people: the fields that apply, numbers at {@value Numbers#DIGITS} significant digits. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Score[" + task + " " + method + " seed " + seed + " k " + k);
        String[] names = {
            "score100", "score50", "raw100", "raw50", "hv100", "hv50", "d_best", "diversity", "novelty", "seconds"
        };
        double[] values = {score100, score50, raw100, raw50, hv100, hv50, dBest, diversity, novelty, seconds};
        for (int i = 0; i < names.length; i++) {
            if (!Double.isNaN(values[i]))
                b.append(' ').append(names[i]).append('=').append(Numbers.show(values[i]));
        }
        return b.append(" oracle_calls=").append(oracleCalls).append(']').toString();
    }
}
