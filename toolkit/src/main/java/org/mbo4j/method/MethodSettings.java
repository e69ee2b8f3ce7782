package org.mbo4j.method;

import java.io.Serializable;
import java.util.function.Function;
import org.mbo4j.data.DesignSpace;

/**
 * A method's hyperparameters as one immutable record: the paper's defaults come from a static factory of the record
 * (e.g. {@code paper()}), cheaper values from {@link #quick()}, the variant for a kind of design space from
 * {@link #forSpace(DesignSpace)}, and a change of one value from {@link #with(Component, Object)}:
 * <pre>{@code
 * var s = GradientAscent.Settings.paper().with(GradientAscent.Settings::epochs, 5);
 * }</pre>
 * {@link #describe()} is the one formatter of every method's settings text ({@link Setting} adjusts the look of a
 * component); validation lives in the record's compact constructor, so every copy is checked.
 *
 * @param <S> the record type itself
 */
public interface MethodSettings<S extends Record & MethodSettings<S>> {
    /** A record component named by its accessor, e.g. {@code GradientAscent.Settings::epochs}. */
    @FunctionalInterface
    interface Component<S, V> extends Function<S, V>, Serializable {}

    /** The variant for tutorials and CI; settings without a costly part return themselves. */
    @SuppressWarnings("unchecked")
    default S quick() {
        return (S) this;
    }

    /**
     * The values the method uses on problems in {@code space}; the paper's code uses other settings on some kinds of
     * space (COMs and IOM on continuous boxes). Default: these. Must be idempotent:
     * {@code forSpace(s).forSpace(s)} equals {@code forSpace(s)} (the built-ins switch their profile off in the variant).
     */
    @SuppressWarnings("unchecked")
    default S forSpace(DesignSpace space) {
        return (S) this;
    }

    /**
     * A copy with one component changed, checked by the record's constructor.
     *
     * @throws IllegalArgumentException when the value is invalid (the record's own message)
     */
    default <V> S with(Component<S, V> component, V value) {
        return SettingsReflection.copy(self(), SettingsReflection.componentName(component), value);
    }

    /** The settings text: {@code key=value} for every component in declaration order (see {@link Setting}). */
    default String describe() {
        return SettingsReflection.describe((Record) this);
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }
}
