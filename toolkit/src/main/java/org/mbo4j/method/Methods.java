package org.mbo4j.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.mbo4j.method.baseline.BoQei;
import org.mbo4j.method.baseline.CmaEs;
import org.mbo4j.method.baseline.DatasetTopK;
import org.mbo4j.method.baseline.RandomSearch;
import org.mbo4j.method.baseline.Reinforce;
import org.mbo4j.method.surrogate.GradientAscent;

/**
 * The method registry: short CLI names to paper-default instances. {@code Methods.create("coms")}.
 */
public final class Methods {
    private static final Map<String, Supplier<Method>> REGISTRY = new LinkedHashMap<>();

    static {
        register("dataset-topk", DatasetTopK::new);
        register("random", RandomSearch::new);
        register("grad", GradientAscent::defaults);
        register("grad-min", GradientAscent::minEnsemble);
        register("grad-mean", GradientAscent::meanEnsemble);
        // --- classic design-baselines baselines (branch baselines-es-bo-rl) ---
        register("cma-es", CmaEs::defaults);
        register("bo-qei", BoQei::defaults);
        register("reinforce", Reinforce::defaults);
        // --- end classic baselines ---
    }

    private Methods() {}

    private static void register(String name, Supplier<Method> factory) {
        REGISTRY.put(name, factory);
    }

    /** Registered names, in registration order. */
    public static List<String> names() { return List.copyOf(REGISTRY.keySet()); }

    /**
     * A method with paper defaults.
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public static Method create(String name) {
        Supplier<Method> f = name == null ? null : REGISTRY.get(name.trim().toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new IllegalArgumentException("unknown method '" + name + "'; valid methods: "
                    + String.join(", ", names()));
        }
        return f.get();
    }
}
