package org.mbo4j.method;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How one component of a {@link MethodSettings} record appears in {@link MethodSettings#describe()}, the text that
 * results tables show and that {@code bench} matches finished runs by. Without the annotation a component appears
 * as {@code snake_case_name=value} with the type's default format; the annotation only changes the look, so a
 * component can never be left out of the text by accident (use {@link #omit()} for the few that do not change what
 * a run computes, such as a trajectory's recording cadence).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {
    /** Unset marker for {@link #zero()}. */
    String UNSET = "\u0000";

    /**
     * The key before {@code =}; default: the component name in snake case. For a boolean, the text shown when it is
     * true (nothing when false). Empty: the formatted value stands alone.
     */
    String key() default UNSET;

    /** A {@link java.util.Formatter} pattern for the value (Locale.ROOT), e.g. {@code %.1e}; default by type. */
    String format() default "";

    /** Text shown instead of {@code key=value} when a numeric value is zero; empty: nothing at all. */
    String zero() default UNSET;

    /** Join to the previous component without a space (for composite tokens like {@code 5x[256 leaky0.3]}). */
    boolean attach() default false;

    /** Leave the component out of the text: it does not change what a run computes. */
    boolean omit() default false;
}
