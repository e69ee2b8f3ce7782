package org.mbo4j.util;

import java.util.random.RandomGenerator;

/**
 * Fisher–Yates shuffles (Durstenfeld's order: from the last position down, each swapped with a uniform position at or
 * before it, {@code rng.nextInt(i + 1)}). One draw per position but the first, so a given generator state gives the
 * same permutation wherever it is used. Stateless.
 */
public final class Shuffle {
    private Shuffle() {}

    /** Shuffles {@code a} in place. */
    public static void shuffle(int[] a, RandomGenerator rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A uniformly random permutation of 0 … n − 1: the identity, {@link #shuffle shuffled}. */
    public static int[] permutation(int n, RandomGenerator rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffle(p, rng);
        return p;
    }
}
