package org.mbo4j.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.baseline.BoQei;
import org.mbo4j.method.baseline.CmaEs;
import org.mbo4j.method.baseline.DatasetTopK;
import org.mbo4j.method.baseline.RandomSearch;
import org.mbo4j.method.baseline.Reinforce;
import org.mbo4j.method.surrogate.ConservativeObjectiveModels;
import org.mbo4j.method.surrogate.GradientAscent;
import org.mbo4j.method.surrogate.InvariantObjectiveModels;
import org.mbo4j.method.surrogate.RobustModelAdaptation;

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
        register("coms", ConservativeObjectiveModels::defaults);
        register("roma", RobustModelAdaptation::defaults);
        register("iom", InvariantObjectiveModels::defaults);
        register("cma-es", CmaEs::defaults);
        register("bo-qei", BoQei::defaults);
        register("reinforce", Reinforce::defaults);
        register("reinforce-db", Reinforce::designBaselines);
    }

    /** The most designs one proposal may hold. */
    public static final int MAX_K = 100_000;

    private Methods() {}

    /**
     * Checks that {@code k} designs are a sensible request in {@code space}: 1..{@link #MAX_K}, and no more than
     * the distinct designs of a sequence space.
     *
     * @throws IllegalArgumentException naming the limit
     */
    public static void requireSensibleK(int k, DesignSpace space) {
        if (k < 1) throw new IllegalArgumentException("--k must be at least 1, got " + k);
        if (k > MAX_K) {
            throw new IllegalArgumentException("--k " + k + " is more than the limit of " + MAX_K
                    + " designs; ask for fewer");
        }
        if (space instanceof SequenceSpace seq && k > seq.distinctDesigns()) {
            throw new IllegalArgumentException("--k " + k + " is more than the " + seq.distinctDesigns()
                    + " distinct designs of the space (" + seq.describe() + "); ask for at most " + seq.distinctDesigns());
        }
    }

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
