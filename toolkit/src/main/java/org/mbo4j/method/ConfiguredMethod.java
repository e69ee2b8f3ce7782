package org.mbo4j.method;

import java.util.Objects;
import org.mbo4j.task.OfflineProblem;

/**
 * A method whose hyperparameters are one {@link MethodSettings} record: {@link #settings()} is the record's
 * {@link MethodSettings#describe()}, {@link #quick()} and {@link #forProblem} take the record's variants, and
 * {@link #with(MethodSettings.Component, Object)} changes one value:
 * <pre>{@code
 * var coms = ConservativeObjectiveModels.defaults().with(ConservativeObjectiveModels.Settings::epochs, 5);
 * }</pre>
 * A subclass holds only what its paper adds, and {@link #withConfig} (one line: its constructor).
 *
 * @param <S>    the settings record
 * @param <SELF> the method class itself
 */
public abstract class ConfiguredMethod<S extends Record & MethodSettings<S>, SELF extends ConfiguredMethod<S, SELF>>
        implements Method {
    private final String name;
    private final S config;

    protected ConfiguredMethod(String name, S config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "settings");
    }

    @Override
    public final String name() {
        return name;
    }

    /** The hyperparameters. */
    public final S config() {
        return config;
    }

    /** The same method with other hyperparameters. */
    public abstract SELF withConfig(S settings);

    /** The same method with one hyperparameter changed, e.g. {@code with(Settings::epochs, 5)}. */
    public final <V> SELF with(MethodSettings.Component<S, V> component, V value) {
        return withConfig(config.with(component, value));
    }

    /**
     * {@link Method#propose}, final here: a method on the kit proposes only through the offline guard (it writes
     * {@link #run}; benchmarks and {@code ./mbo4j propose} also open their own zone around it).
     */
    @Override
    public final Proposal propose(OfflineProblem problem, int k, long seed) {
        return Method.super.propose(problem, k, seed);
    }

    @Override
    public SELF quick() {
        return withConfig(config.quick());
    }

    @Override
    public SELF forProblem(OfflineProblem problem) {
        S s = config.forSpace(problem.space());
        return s.equals(config) ? self() : withConfig(s);
    }

    @Override
    public String settings() {
        return config.describe();
    }

    @SuppressWarnings("unchecked")
    private SELF self() {
        return (SELF) this;
    }

    @Override
    public String toString() {
        return name + " (" + settings() + ")";
    }
}
