package org.mbo4j.util;

import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * A small per-JVM memo of expensive results (trained models kept for the next seed, as authors keep theirs on disk):
 * at most {@code capacity} entries, the oldest dropped first. The value is computed outside the lock, so two threads
 * asking for the same missing key may both compute it; the later one's value stays. Thread-safe.
 *
 * @param <K> key type (with value equality)
 * @param <V> value type
 */
public final class BoundedCache<K, V> {
    private final int capacity;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>();

    public BoundedCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("a cache holds at least 1 entry, got " + capacity);
        this.capacity = capacity;
    }

    /** The value for {@code key}, computed by {@code compute} and kept when it is not held yet. */
    public V get(K key, Supplier<V> compute) {
        synchronized (entries) {
            V hit = entries.get(key);
            if (hit != null) return hit;
        }
        V value = compute.get();
        synchronized (entries) {
            entries.put(key, value);
            while (entries.size() > capacity)
                entries.remove(entries.keySet().iterator().next());
        }
        return value;
    }

    /** Forgets every entry. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
