package org.mbo4j.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ShuffleTest {
    /** Answers nextInt(bound) from a script and records the bounds asked for. */
    private static final class Scripted implements RandomGenerator {
        private final int[] answers;
        private int next;
        final List<Integer> bounds = new ArrayList<>();

        Scripted(int... answers) {
            this.answers = answers;
        }

        @Override
        public int nextInt(int bound) {
            bounds.add(bound);
            return answers[next++];
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void swapsFromTheLastPositionDownWithOneDrawEach() {
        // by hand: j = 0 each time: [0,1,2,3,4] → [4,1,2,3,0] → [3,1,2,4,0] → [2,1,3,4,0] → [1,2,3,4,0]
        Scripted zeros = new Scripted(0, 0, 0, 0);
        assertArrayEquals(new int[] {1, 2, 3, 4, 0}, Shuffle.permutation(5, zeros));
        assertEquals(List.of(5, 4, 3, 2), zeros.bounds);
        // j = i each time: nothing moves
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Shuffle.permutation(5, new Scripted(4, 3, 2, 1)));
        // [7, 8, 9] with j = 1 then 0: [7, 9, 8] → [9, 7, 8]
        int[] a = {7, 8, 9};
        Shuffle.shuffle(a, new Scripted(1, 0));
        assertArrayEquals(new int[] {9, 7, 8}, a);
        assertArrayEquals(new int[0], Shuffle.permutation(0, new Scripted()));
        assertArrayEquals(new int[] {0}, Shuffle.permutation(1, new Scripted()));
    }

    @Test
    void everyPermutationOfThreeIsAboutEquallyLikely() {
        SplittableRandom rng = new SplittableRandom(7);
        Map<String, Integer> counts = new HashMap<>();
        int draws = 60_000;
        for (int i = 0; i < draws; i++) counts.merge(Arrays.toString(Shuffle.permutation(3, rng)), 1, Integer::sum);
        assertEquals(6, counts.size());
        // each count is Binomial(60000, 1/6): std ≈ 91, so ± 500 is more than 5 std
        for (int c : counts.values()) assertEquals(draws / 6.0, c, 500);
    }
}
