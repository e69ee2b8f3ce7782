package org.mbo4j.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.mbo4j.data.DesignSpace;
import org.mbo4j.data.SequenceSpace;
import org.mbo4j.method.baseline.BoQei;
import org.mbo4j.method.baseline.CmaEs;
import org.mbo4j.method.baseline.DatasetNdsBest;
import org.mbo4j.method.baseline.DatasetTopK;
import org.mbo4j.method.baseline.MultiObjectiveBo;
import org.mbo4j.method.baseline.RandomSearch;
import org.mbo4j.method.baseline.Reinforce;
import org.mbo4j.method.generative.AutofocusedCbas;
import org.mbo4j.method.generative.Bonet;
import org.mbo4j.method.generative.Cbas;
import org.mbo4j.method.generative.Ddom;
import org.mbo4j.method.generative.GflowNetAl;
import org.mbo4j.method.generative.Gtg;
import org.mbo4j.method.generative.Mins;
import org.mbo4j.method.generative.Rgd;
import org.mbo4j.method.moo.DnnProxies;
import org.mbo4j.method.moo.MoeadProxies;
import org.mbo4j.method.moo.MultipleModelsComs;
import org.mbo4j.method.moo.MultipleModelsIom;
import org.mbo4j.method.moo.MultipleModelsRoma;
import org.mbo4j.method.moo.ParetoFlow;
import org.mbo4j.method.surrogate.BidirectionalLearning;
import org.mbo4j.method.surrogate.ConservativeObjectiveModels;
import org.mbo4j.method.surrogate.GradientAscent;
import org.mbo4j.method.surrogate.ImportanceAwareCoTeaching;
import org.mbo4j.method.surrogate.InvariantObjectiveModels;
import org.mbo4j.method.surrogate.LearningToRank;
import org.mbo4j.method.surrogate.MatchOpt;
import org.mbo4j.method.surrogate.PolicyGuidedGradientSearch;
import org.mbo4j.method.surrogate.RobustModelAdaptation;
import org.mbo4j.method.surrogate.TriMentoring;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.util.ServiceProviders;

/**
 * The method registry: short CLI names to paper-default instances. {@code Methods.create("coms")}.
 *
 * <p>Methods come from the built-in list below, from every {@link MethodProvider} found with {@code ServiceLoader}
 * on the class path (jars named in {@code MBO4J_CLASSPATH}), and from {@link #register} calls (e.g. a notebook
 * cell); all appear alike in {@link #names()}, {@code bench}, {@code propose} and {@code Benchmark}. A name declared
 * twice (case-insensitive) or a malformed declaration is a one-line {@link IllegalStateException} naming both
 * sources. Factories run inside {@link OfflineGuard#during}, like proposals: a method cannot reach an oracle while it
 * is being built either.
 */
public final class Methods {
    private static final String BUILT_IN = "built-in " + Methods.class.getName();
    private static final String IN_CODE = "Methods.register in code";

    /** The toolkit's methods, one declaration each. */
    private static final List<MethodProvider.Entry> BUILT_INS = List.of(
            MethodProvider.Entry.of("dataset-topk", DatasetTopK::new),
            MethodProvider.Entry.of("random", RandomSearch::new),
            MethodProvider.Entry.of("grad", GradientAscent::defaults),
            MethodProvider.Entry.of("grad-min", GradientAscent::minEnsemble),
            MethodProvider.Entry.of("grad-mean", GradientAscent::meanEnsemble),
            MethodProvider.Entry.of(
                    "grad-pooled", () -> GradientAscent.defaults().pooled()),
            MethodProvider.Entry.of(
                    "grad-min-pooled", () -> GradientAscent.minEnsemble().pooled()),
            MethodProvider.Entry.of(
                    "grad-mean-pooled", () -> GradientAscent.meanEnsemble().pooled()),
            MethodProvider.Entry.of("coms", ConservativeObjectiveModels::defaults),
            MethodProvider.Entry.of("roma", RobustModelAdaptation::defaults),
            MethodProvider.Entry.of("iom", InvariantObjectiveModels::defaults),
            MethodProvider.Entry.of("iom-contextmbo", InvariantObjectiveModels::contextmbo),
            MethodProvider.Entry.of("ram-listnet", LearningToRank::listNet),
            MethodProvider.Entry.of("ram-rankcosine", LearningToRank::rankCosine),
            MethodProvider.Entry.of("bdi", BidirectionalLearning::paper),
            MethodProvider.Entry.of("ict", ImportanceAwareCoTeaching::paper),
            MethodProvider.Entry.of("match-opt", MatchOpt::paper),
            MethodProvider.Entry.of("tri-mentoring", TriMentoring::paper),
            MethodProvider.Entry.of("pgs", PolicyGuidedGradientSearch::paper),
            MethodProvider.Entry.of("cma-es", CmaEs::defaults),
            MethodProvider.Entry.of("bo-qei", BoQei::defaults),
            MethodProvider.Entry.of("reinforce", Reinforce::defaults),
            MethodProvider.Entry.of("reinforce-db", Reinforce::designBaselines),
            MethodProvider.Entry.of("mins", Mins::defaults),
            MethodProvider.Entry.of("mins-reshuffled", () -> Mins.defaults().reshuffled()),
            MethodProvider.Entry.of("bonet", Bonet::defaults),
            MethodProvider.Entry.of("cbas", Cbas::defaults),
            MethodProvider.Entry.of("auto-cbas", AutofocusedCbas::defaults),
            MethodProvider.Entry.of("cbas-fresh-adam", () -> Cbas.defaults().freshAdam()),
            MethodProvider.Entry.of(
                    "auto-cbas-fresh-adam", () -> AutofocusedCbas.defaults().freshAdam()),
            MethodProvider.Entry.of("gfn-al", GflowNetAl::defaults),
            MethodProvider.Entry.of(
                    "gfn-al-released-code", () -> GflowNetAl.defaults().releasedCode()),
            MethodProvider.Entry.of("ddom", Ddom::defaults),
            MethodProvider.Entry.of("rgd", Rgd::defaults),
            MethodProvider.Entry.of("gtg", Gtg::defaults),
            MethodProvider.Entry.of("d-best", DatasetNdsBest::new),
            MethodProvider.Entry.of("mm", DnnProxies::multipleModels),
            MethodProvider.Entry.of("mh", DnnProxies::multiHead),
            MethodProvider.Entry.of("e2e", DnnProxies::endToEnd),
            MethodProvider.Entry.of("mm-coms", MultipleModelsComs::defaults),
            MethodProvider.Entry.of("mm-roma", MultipleModelsRoma::defaults),
            MethodProvider.Entry.of("mm-iom", MultipleModelsIom::defaults),
            MethodProvider.Entry.of("mobo", MultiObjectiveBo::qnehvi),
            MethodProvider.Entry.of("mobo-parego", MultiObjectiveBo::qparego),
            MethodProvider.Entry.of("e2e-gradnorm", DnnProxies::endToEndGradNorm),
            MethodProvider.Entry.of("e2e-pcgrad", DnnProxies::endToEndPcGrad),
            MethodProvider.Entry.of("mh-gradnorm", DnnProxies::multiHeadGradNorm),
            MethodProvider.Entry.of("mh-pcgrad", DnnProxies::multiHeadPcGrad),
            MethodProvider.Entry.of("moead-mm", MoeadProxies::multipleModels),
            MethodProvider.Entry.of("paretoflow", ParetoFlow::paretoFlow));

    /** A declared method with where it was declared. */
    private record Declared(MethodProvider.Entry entry, String source) {}

    /** Built-in and ServiceLoader declarations by lower-case name, checked once (guarded by Methods.class). */
    private static Map<String, Declared> provided;
    /** Declarations made in code by lower-case name (guarded by Methods.class). */
    private static final Map<String, Declared> CODE = new LinkedHashMap<>();

    private Methods() {}

    /** The most designs one proposal may hold. */
    public static final int MAX_K = 100_000;

    /**
     * Checks that {@code k} designs are a sensible request in {@code space}: 1..{@link #MAX_K}, and no more than
     * the distinct designs of a sequence space.
     *
     * @throws IllegalArgumentException naming the limit
     */
    public static void requireSensibleK(int k, DesignSpace space) {
        if (k < 1) throw new IllegalArgumentException("--k must be at least 1, got " + k);
        if (k > MAX_K) {
            throw new IllegalArgumentException(
                    "--k " + k + " is more than the limit of " + MAX_K + " designs; ask for fewer");
        }
        if (space instanceof SequenceSpace seq && k > seq.distinctDesigns()) {
            throw new IllegalArgumentException(
                    "--k " + k + " is more than the " + seq.distinctDesigns() + " distinct designs of the space ("
                            + seq.describe() + "); ask for at most " + seq.distinctDesigns());
        }
    }

    /**
     * Checks that {@code method} optimises as many objectives as {@code problem} has
     * ({@link Method#handlesObjectives}); a single-objective method on several objectives, or a multi-objective one
     * on one, is refused with the registered methods that fit.
     *
     * @param problem    how to name the problem in the message, e.g. {@code task ZDT1} or {@code runs.csv}
     * @param objectives the problem's objective names
     * @param fix        what to change on the user's side, e.g. {@code give one --score column}
     * @throws IllegalArgumentException naming the method, the objective count and the alternatives
     */
    public static void requireObjectives(Method method, String problem, List<String> objectives, String fix) {
        int m = objectives.size();
        String name = method.name();
        if (method.handlesObjectives(m)) return;
        List<String> fitting = new ArrayList<>();
        for (String n : names()) {
            try {
                if (create(n).handlesObjectives(m)) fitting.add(n);
            } catch (RuntimeException e) {
                // a broken registration is reported where it is used, not here
            }
        }
        String alternatives = fitting.isEmpty() ? "none is registered" : String.join(", ", fitting);
        if (m > 2 && method.handlesObjectives(2)) {
            int most = 2;
            while (most < m && method.handlesObjectives(most + 1)) most++;
            throw new IllegalArgumentException("method '" + name + "' optimises 2 to " + most + " objectives, but "
                    + problem + " has " + m + " (" + String.join(", ", objectives) + "); " + fix
                    + " or use a method for " + m + " objectives (" + alternatives + ")");
        }
        if (m == 1) {
            throw new IllegalArgumentException("method '" + name + "' optimises several objectives, but " + problem
                    + " has one (" + objectives.get(0) + "); " + fix + " or use a single-objective method ("
                    + alternatives + ")");
        }
        throw new IllegalArgumentException("method '" + name + "' optimises one objective, but " + problem + " has "
                + m + " (" + String.join(", ", objectives) + "); " + fix + " or use a multi-objective method ("
                + alternatives + ")");
    }

    /**
     * Registers a method in code (e.g. in a notebook cell): {@code Methods.register("trust-grad", TrustGrad::new)}.
     * Registering a name again in code replaces the earlier registration (a re-run cell); a name that is built in or
     * comes from a jar is refused.
     *
     * @throws IllegalStateException for a malformed name or factory, or a name taken by a provider, naming it
     */
    public static synchronized void register(String name, Supplier<? extends Method> factory) {
        MethodProvider.Entry e = new MethodProvider.Entry(String.valueOf(name), factory);
        String problem = malformed(e);
        if (problem != null) {
            throw new IllegalStateException("malformed method registration by " + IN_CODE + ": " + problem);
        }
        Declared other = provided().get(key(e.name()));
        if (other != null) throw duplicate(e.name(), other.source(), IN_CODE);
        CODE.put(key(e.name()), new Declared(e, IN_CODE));
    }

    /**
     * Removes a method registered in code.
     *
     * @return whether {@code name} was registered in code
     */
    public static synchronized boolean unregister(String name) {
        return name != null && CODE.remove(key(name.trim())) != null;
    }

    /** Registered names, in registration order: built-in, from jars, in code. */
    public static synchronized List<String> names() {
        return all().values().stream().map(d -> d.entry().name()).toList();
    }

    /**
     * A method with paper defaults, built inside {@link OfflineGuard#during}.
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     * @throws IllegalStateException    for a duplicate or malformed registration, naming the sources, or a factory
     *                                  whose method does not answer {@link Method#name()} with its registry name
     */
    public static Method create(String name) {
        Declared d;
        synchronized (Methods.class) {
            d = name == null ? null : all().get(key(name.trim()));
        }
        if (d == null) {
            throw new IllegalArgumentException(
                    "unknown method '" + name + "'; valid methods: " + String.join(", ", names()));
        }
        String registered = d.entry().name();
        // the factory and the method's name() are the registrant's code: both run inside the guard
        Method m = OfflineGuard.during(registered, () -> d.entry().factory().get());
        String actual = m == null ? null : OfflineGuard.during(registered, m::name);
        if (m == null || !registered.equalsIgnoreCase(actual)) {
            throw new IllegalStateException("malformed method registration by " + d.source() + ": the factory of '"
                    + registered + "' returned " + (m == null ? "null" : "a method named '" + actual + "'")
                    + "; a method's name() must be its registry name");
        }
        return m;
    }

    private static Map<String, Declared> all() {
        Map<String, Declared> all = new LinkedHashMap<>(provided());
        all.putAll(CODE);
        return all;
    }

    /** Built-ins, then every ServiceLoader provider's entries, checked for malformed entries and duplicates. */
    private static synchronized Map<String, Declared> provided() {
        if (provided != null) return provided;
        Map<String, Declared> all = new LinkedHashMap<>();
        for (MethodProvider.Entry e : BUILT_INS) all.put(key(e.name()), new Declared(e, BUILT_IN));
        // providers are created inside the guard too: a constructor cannot fetch an oracle for its methods to keep
        List<ServiceProviders.Found<MethodProvider>> found = ServiceProviders.load(
                MethodProvider.class, "method", (type, create) -> OfflineGuard.during(type.getName(), create));
        for (ServiceProviders.Found<MethodProvider> p : found) {
            List<MethodProvider.Entry> entries;
            try {
                entries = OfflineGuard.during(p.source(), () -> p.provider().methods());
            } catch (RuntimeException ex) {
                throw new IllegalStateException(
                        "malformed method registration by " + p.source() + ": methods() threw " + ex, ex);
            }
            if (entries == null) {
                throw new IllegalStateException(
                        "malformed method registration by " + p.source() + ": methods() returned null");
            }
            for (MethodProvider.Entry e : new ArrayList<>(entries)) {
                String problem = malformed(e);
                if (problem != null) {
                    throw new IllegalStateException("malformed method registration by " + p.source() + ": " + problem);
                }
                Declared before = all.put(key(e.name()), new Declared(e, p.source()));
                if (before != null) throw duplicate(e.name(), before.source(), p.source());
            }
        }
        provided = all;
        return all;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** What is wrong with an entry, or null. */
    private static String malformed(MethodProvider.Entry e) {
        if (e == null) return "a null entry";
        String invalid = ServiceProviders.invalidName("method", e.name());
        if (invalid != null) return invalid;
        if (e.factory() == null) return "method '" + e.name() + "' has no factory";
        return null;
    }

    private static IllegalStateException duplicate(String name, String first, String second) {
        return ServiceProviders.duplicate("method", name, first, second);
    }
}
