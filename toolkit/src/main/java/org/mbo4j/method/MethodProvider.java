package org.mbo4j.method;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Methods known to {@link Methods}. The toolkit's methods are built in; a jar adds its own by naming its
 * implementation in {@code META-INF/services/org.mbo4j.method.MethodProvider} (found with {@code ServiceLoader} when
 * the jar is on the class path, e.g. through {@code MBO4J_CLASSPATH}). An implementation needs a public no-argument
 * constructor. Each method is declared once:
 * <pre>{@code
 * public List<Entry> methods() {
 *     return List.of(Entry.of("trust-grad", TrustGrad::defaults));
 * }
 * }</pre>
 * The method a factory returns must answer {@link Method#name()} with its registry name.
 */
public interface MethodProvider {
    /** The methods this provider declares; names must be unique across all providers (case-insensitive). */
    List<Entry> methods();

    /**
     * One declared method.
     *
     * @param name    the registry name used by {@code bench --methods}, {@code propose --method} and
     *                {@link Methods#create}
     * @param factory builds a paper-default instance; runs inside {@code OfflineGuard.during}, like
     *                the proposal
     */
    record Entry(String name, Supplier<? extends Method> factory) {
        public Entry {
            Objects.requireNonNull(name, "method name");
        }

        /** An entry. */
        public static Entry of(String name, Supplier<? extends Method> factory) {
            return new Entry(name, factory);
        }
    }
}
