package org.mbo4j.eval;

import java.io.Serializable;

/**
 * One (task, method, seed) run as an engine ships it: everything a fresh JVM needs to run it and to check that it runs
 * what the driver meant, as plain values. A method travels by its registry name (and whether it is the quick variant),
 * so an executor builds it from its own registry (the toolkit's and the jars of {@code MBO4J_CLASSPATH}) and refuses
 * to run when the variant's settings text differs from {@code settings}.
 *
 * @param task     task name ({@code ./mbo4j tasks})
 * @param method   method registry name
 * @param quick    the method's quick variant
 * @param seed     seed
 * @param k        designs to propose
 * @param settings the resolved variant's settings text on the driver
 * @param command  the command the record names
 */
public record RunSpec(String task, String method, boolean quick, long seed, int k, String settings, String command)
        implements Serializable {
    /** The key a results folder knows the run by. */
    public String key() {
        return task + " " + method + " seed " + seed;
    }
}
