package org.mbo4j.method;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trained models that methods of one run share, inside an explicitly opened scope. {@code grad-min} and
 * {@code grad-mean} train the same bootstrapped ensemble (they differ only in how its members are aggregated);
 * {@code Benchmark} opens a scope per (task, seed), so the second reuses the first's ensemble. Outside a scope
 * nothing is shared and every call trains, which is what the determinism tests rely on.
 *
 * <pre>{@code
 * try (SharedModels scope = SharedModels.open()) {
 *     gradMin.propose(problem, 128, seed);
 *     gradMean.propose(problem, 128, seed);   // reuses the ensemble
 * }
 * }</pre>
 * Scopes belong to the thread that opened them and nest (closing one restores the enclosing one).
 */
public final class SharedModels implements AutoCloseable {
    private static final ThreadLocal<SharedModels> CURRENT = new ThreadLocal<>();

    private final SharedModels enclosing;
    private final Map<Key, Object> models = new HashMap<>();
    private boolean closed;

    private SharedModels(SharedModels enclosing) {
        this.enclosing = enclosing;
    }

    /** Opens a scope on this thread. */
    public static SharedModels open() {
        SharedModels s = new SharedModels(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /**
     * The model trained for ({@code data}, {@code key}) in the open scope, trained now by {@code train} if there is
     * none yet; without an open scope, {@code train.get()}.
     *
     * @param data the data it is trained on, compared by identity
     * @param key  everything else that determines the trained model (seed, training settings), compared by equals
     */
    public static <T> T get(Object data, Object key, Supplier<T> train) {
        SharedModels s = CURRENT.get();
        if (s == null) return train.get();
        Key k = new Key(System.identityHashCode(data), data, key);
        @SuppressWarnings("unchecked")
        T hit = (T) s.models.get(k);
        if (hit != null) return hit;
        T m = train.get();
        s.models.put(k, m);
        return m;
    }

    /** Models held by the scope. */
    public int size() {
        return models.size();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        models.clear();
        if (CURRENT.get() == this) {
            // the nearest enclosing scope still open (scopes closed out of order are skipped, never revived)
            SharedModels open = enclosing;
            while (open != null && open.closed) open = open.enclosing;
            if (open == null) CURRENT.remove();
            else CURRENT.set(open);
        }
    }

    /** Data compared by identity, the rest by equals. */
    private record Key(int dataHash, Object data, Object rest) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.data == data && k.rest.equals(rest);
        }

        @Override
        public int hashCode() {
            return 31 * dataHash + rest.hashCode();
        }
    }
}
