package org.mbo4j.method.generative;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * BONET's synthetic trajectories ("SORT-SAMPLE", {@code scripts/sorted_binning.py} of siddarthk97/bonet, lines
 * 117–212): the visible designs' regrets r = 1 − y (y min–max normalised) are split into equal-width bins; bin b
 * gets n_b/(n_b + K)·exp(−(r̄_b)/τ) of the trajectory's length (r̄_b its midpoint, K = 0.03·N, τ = 1 − the 90th
 * percentile of the regrets), rounded half to even, the rounding remainder added to bin 0 (the best); a trajectory
 * draws that many points from each bin with replacement and sorts them by score, worst first. Its regret-to-go at
 * position t is the sum of the pointwise regrets from t to the end. Immutable.
 *
 * @param rows      visible-data row of every position, trajectory × length
 * @param regret    pointwise regret 1 − y of every position
 * @param toGo      regret-to-go Σ_{u ≥ t} regret[u] of every position
 * @param perBin    points drawn from each bin (sums to the length)
 */
record SortedTrajectories(int[][] rows, double[][] regret, double[][] toGo, int[] perBin) {

    /**
     * Samples per bin for a trajectory of {@code length} (lines 121–163).
     *
     * @param regrets    every visible design's regret 1 − y, y ∈ [0, 1]
     * @param smoothing  K as a fraction of the data size (0.03, line 143)
     * @param percentile τ = 1 − this percentile of the regrets (90, line 142)
     * @throws IllegalArgumentException when the rounding leaves bin 0 a negative count
     */
    static int[] samplesPerBin(double[] regrets, int bins, int length, double smoothing, double percentile) {
        List<List<Integer>> members = binMembers(regrets, bins);
        double min = Arrays.stream(regrets).min().orElseThrow(),
                max = Arrays.stream(regrets).max().orElseThrow();
        double width = (max - min) / bins;
        double tau = 1 - percentile(regrets, percentile);
        double k = smoothing * regrets.length;
        double[] score = new double[bins];
        double total = 0;
        for (int b = 0; b < bins; b++) {
            double low = 1 - (min + b * width), high = 1 - (min + (b + 1) * width);
            double avg = (low + high) / 2;
            int n = members.get(b).size();
            score[b] = n / (n + k) * Math.exp((avg - 1) / tau);
            total += score[b];
        }
        int[] count = new int[bins];
        int sum = 0;
        for (int b = 0; b < bins; b++) {
            count[b] = (int) Math.rint(length * score[b] / total); // np.round: half to even
            sum += count[b];
        }
        count[0] += length - sum;
        if (count[0] < 0) {
            throw new IllegalArgumentException("sorted binning gives the best bin " + count[0] + " points; use fewer"
                    + " bins or a longer trajectory");
        }
        return count;
    }

    /** Row indices per bin: the first bin b with min + b·w ≤ r ≤ min + (b+1)·w (line 129–135). */
    static List<List<Integer>> binMembers(double[] regrets, int bins) {
        double min = Arrays.stream(regrets).min().orElseThrow(),
                max = Arrays.stream(regrets).max().orElseThrow();
        double width = (max - min) / bins;
        List<List<Integer>> members = new ArrayList<>();
        for (int b = 0; b < bins; b++) members.add(new ArrayList<>());
        for (int i = 0; i < regrets.length; i++) {
            int bin = bins - 1;
            for (int b = 0; b < bins; b++) {
                if (regrets[i] >= min + b * width && regrets[i] <= min + (b + 1) * width) {
                    bin = b;
                    break;
                }
            }
            members.get(bin).add(i);
        }
        return members;
    }

    /** numpy's default ("linear") percentile. */
    static double percentile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = q / 100 * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /**
     * {@code count} trajectories of {@code length} points (lines 175–212).
     *
     * @param regrets every visible design's regret 1 − y
     */
    static SortedTrajectories build(
            double[] regrets,
            int count,
            int length,
            int bins,
            double smoothing,
            double percentile,
            SplittableRandom rng) {
        int[] perBin = samplesPerBin(regrets, bins, length, smoothing, percentile);
        List<List<Integer>> members = binMembers(regrets, bins);
        int[][] rows = new int[count][];
        double[][] regret = new double[count][length];
        double[][] toGo = new double[count][length];
        for (int n = 0; n < count; n++) {
            Integer[] drawn = new Integer[length];
            int at = 0;
            for (int b = 0; b < bins; b++) {
                List<Integer> m = members.get(b);
                for (int j = 0; j < perBin[b]; j++) drawn[at++] = m.get(rng.nextInt(m.size()));
            }
            // flipped, then sorted by score ascending (worst first); ties keep the flipped order
            List<Integer> flipped = new ArrayList<>(Arrays.asList(drawn));
            Collections.reverse(flipped);
            flipped.sort(Comparator.comparingDouble(i -> 1 - regrets[i]));
            rows[n] = flipped.stream().mapToInt(Integer::intValue).toArray();
            double acc = 0;
            for (int t = length - 1; t >= 0; t--) {
                regret[n][t] = regrets[rows[n][t]];
                acc += regret[n][t];
                toGo[n][t] = acc;
            }
        }
        return new SortedTrajectories(rows, regret, toGo, perBin);
    }

    int count() {
        return rows.length;
    }

    int length() {
        return rows[0].length;
    }
}
