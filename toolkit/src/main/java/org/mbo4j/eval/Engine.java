package org.mbo4j.eval;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a {@link Benchmark}'s runs execute. {@link #inProcess()} (the default) runs them one after another in this
 * JVM, with training checkpoints. Another engine (Apache Spark: {@link #spark}) receives every pending run at once as
 * a {@link RunSpec}, runs each with {@link Benchmark#runSpec} wherever it likes, and hands each outcome back to
 * {@code done} on the calling thread as it arrives, in any order; the benchmark writes each one at once, so a sweep
 * resumes exactly as in-process.
 */
public interface Engine {
    /**
     * The outcome of one run: its record, or the error that stopped it.
     *
     * @param spec   the run
     * @param record the finished run's record (null when it failed)
     * @param error  the failure, one line (null when it finished)
     * @param log    what the run printed (progress lines), kept beside its record
     */
    record Outcome(RunSpec spec, RunRecord record, String error, String log) implements java.io.Serializable {}

    /** Runs {@code pending} and calls {@code done} once per run, on the calling thread. */
    void execute(List<RunSpec> pending, Consumer<Outcome> done);

    /** How many runs it holds at once (for the progress line); −1 when only the cluster knows (its free cores). */
    int parallelism();

    /** What the summary line calls it, e.g. {@code spark local[2]}. */
    String describe();

    /** In this JVM, one run at a time (the default). */
    static Engine inProcess() {
        return InProcess.INSTANCE;
    }

    /**
     * Apache Spark at {@code master} ({@code local[N]} or {@code spark://HOST:PORT}), with {@code threads} GEMM threads
     * per run. Spark lives in its own module ({@code spark/}), so the toolkit does not load it: this fails with how to
     * build it when the module is not on the class path.
     */
    static Engine spark(String master, int threads, boolean verbose) {
        try {
            Class<?> c = Class.forName("org.mbo4j.spark.SparkEngine");
            return (Engine) c.getMethod("create", String.class, int.class, boolean.class)
                    .invoke(null, master, threads, verbose);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("bench --engine spark needs the Spark module, which is not built: run "
                    + "`mvn -q -B -DskipTests -pl spark -am package` in the repository (./mbo4j test builds it too)");
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException r) throw r;
            throw new IllegalStateException(t.getMessage(), t);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Spark module is on the class path but cannot start: " + e, e);
        }
    }

    /** The marker for the benchmark's own sequential loop. */
    enum InProcess implements Engine {
        INSTANCE;

        @Override
        public void execute(List<RunSpec> pending, Consumer<Outcome> done) {
            for (RunSpec s : pending) done.accept(Benchmark.runSpec(s));
        }

        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public String describe() {
            return "in-process";
        }
    }
}
