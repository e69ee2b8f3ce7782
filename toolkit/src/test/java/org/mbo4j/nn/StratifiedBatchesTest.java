package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StratifiedBatchesTest {
    /** Ten rows with y = 10 − row: sorted ascending the rows are 9, 8, …, 0. */
    private static final double[] Y = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};

    @Test
    void bucketsAreConsecutiveRangesOfTheSortedRowsAndTheLastTakesTheRemainder() {
        StratifiedBatches p = StratifiedBatches.of(Y, 3, 1);
        assertArrayEquals(new int[][] {{9, 8, 7}, {6, 5, 4}, {3, 2, 1, 0}}, p.buckets());
        assertEquals(3, p.batchesPerEpoch());
        // ties are broken by row index
        assertArrayEquals(
                new int[][] {{0, 2}, {1, 3}},
                StratifiedBatches.of(new double[] {1, 2, 1, 2}, 2, 0).buckets());
    }

    @Test
    void eachBatchHoldsOneRowOfEveryBucketInBucketOrderAndAnEpochUsesEachKeptRowOnce() {
        StratifiedBatches p = StratifiedBatches.of(Y, 3, 1);
        int[][] buckets = p.buckets();
        for (int epoch = 1; epoch <= 5; epoch++) {
            int[][] batches = p.batches(epoch);
            assertEquals(3, batches.length);
            Set<Integer> seen = new HashSet<>();
            for (int[] batch : batches) {
                assertEquals(3, batch.length);
                for (int i = 0; i < 3; i++) {
                    int row = batch[i];
                    assertTrue(Arrays.stream(buckets[i]).anyMatch(b -> b == row), "row " + row + " in bucket " + i);
                    assertTrue(seen.add(row), "row " + row + " twice in epoch " + epoch);
                    if (i > 0) assertTrue(Y[row] >= Y[batch[i - 1]], "ascending y");
                }
            }
            assertEquals(9, seen.size()); // one row of the last bucket sits out
        }
    }

    @Test
    void batchesArePureFunctionsOfSeedAndEpoch() {
        StratifiedBatches a = StratifiedBatches.of(Y, 3, 1);
        StratifiedBatches b = StratifiedBatches.of(Y, 3, 1);
        assertArrayEquals(a.batches(4), b.batches(4));
        assertEquals(a.fingerprint(), b.fingerprint());
        boolean differs = false;
        for (int e = 2; e <= 6; e++) differs |= !Arrays.deepEquals(a.batches(1), a.batches(e));
        assertTrue(differs, "epochs reshuffle the buckets");
        assertFalse(Arrays.deepEquals(
                        a.batches(1), StratifiedBatches.of(Y, 3, 2).batches(1))
                && Arrays.deepEquals(a.batches(2), StratifiedBatches.of(Y, 3, 2).batches(2)));
        assertFalse(a.fingerprint().equals(StratifiedBatches.of(Y, 3, 2).fingerprint()));
    }

    @Test
    void badInputIsAOneLineError() {
        assertEquals(
                "stratified batches of 128 rows need at least 128 rows, got 10: lower the batch size",
                assertThrows(IllegalArgumentException.class, () -> StratifiedBatches.of(Y, 128, 0))
                        .getMessage());
        assertEquals(
                "stratified batches need at least 2 buckets (rows per batch), got 1",
                assertThrows(IllegalArgumentException.class, () -> StratifiedBatches.of(Y, 1, 0))
                        .getMessage());
        assertEquals(
                "targets must be finite to sort, got NaN",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> StratifiedBatches.of(new double[] {1, Double.NaN}, 2, 0))
                        .getMessage());
    }
}
