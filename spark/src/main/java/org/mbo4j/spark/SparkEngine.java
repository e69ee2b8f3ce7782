package org.mbo4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.mbo4j.eval.Benchmark;
import org.mbo4j.eval.Engine;
import org.mbo4j.eval.RunSpec;

/**
 * {@code bench --engine spark}: every pending (task, method, seed) run is one Spark task (one partition of one
 * element), run on an executor by {@link Benchmark#runSpec}, and its outcome is handed to the benchmark on the
 * driver as soon as that task finishes (a {@code submitJob} result handler feeding a queue the calling thread drains),
 * so {@code results.json} grows run by run exactly as in-process and an interrupted sweep resumes from it. A run that
 * throws comes back as a failed outcome (the task itself succeeds, so Spark does not retry a method's own error); a
 * task lost with its executor is rerun by Spark, and the driver receives each partition's result once.
 *
 * <p>Each run's GEMMs use {@code threads} threads ({@code OMP_NUM_THREADS}/{@code MBO4J_THREADS} of the executor
 * JVM: in {@code local[N]} the driver's own settings, so the launcher's). Spark's console output is kept at errors
 * unless {@code verbose}; its web UI is off.
 */
public final class SparkEngine implements Engine {
    /** {@code local[N]}: N executors on this machine. */
    private static final java.util.regex.Pattern LOCAL_N = java.util.regex.Pattern.compile("local\\[(\\d+)]");

    private final String master;
    private final int threads;
    private final boolean verbose;

    private SparkEngine(String master, int threads, boolean verbose) {
        this.master = master;
        this.threads = threads;
        this.verbose = verbose;
    }

    /** The engine {@link Engine#spark} loads by name. */
    public static SparkEngine create(String master, int threads, boolean verbose) {
        if (master == null || !(master.matches("local(\\[(\\d+|\\*)])?") || master.startsWith("spark://"))) {
            throw new IllegalArgumentException("--master " + master + " is not a Spark master this engine runs on: "
                    + "use local[N] or spark://HOST:PORT");
        }
        if (threads < 1) throw new IllegalArgumentException("threads per run must be at least 1, got " + threads);
        return new SparkEngine(master, threads, verbose);
    }

    @Override
    public int parallelism() {
        var m = LOCAL_N.matcher(master);
        if (m.matches()) return Integer.parseInt(m.group(1));
        if (master.equals("local")) return 1;
        return -1; // a standalone cluster's slots (its workers' cores) are known only once it runs
    }

    @Override
    public String describe() {
        return "spark " + master;
    }

    /**
     * The master Spark is given: {@code local[N]} becomes {@code local-cluster[N,1,MEM]}, N executor JVMs of one task
     * slot each started by an in-driver master and N workers. Runs need their own JVMs: the offline guard is
     * process-wide (a proposal in one thread refuses another thread's evaluation), so two runs must never share one.
     */
    String sparkMaster() {
        var m = LOCAL_N.matcher(master);
        if (m.matches()) return "local-cluster[" + m.group(1) + ",1," + EXECUTOR_MB + "]";
        if (master.equals("local")) return "local-cluster[1,1," + EXECUTOR_MB + "]";
        return master;
    }

    /** Heap of an executor JVM, MB (its ND4J buffers are off-heap, bounded by JavaCPP's limits below). */
    static final int EXECUTOR_MB = 2048;

    /** The configuration: executors get this JVM's class path, module flags and data folder. */
    SparkConf conf() {
        String home = System.getenv("SPARK_HOME");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("bench --engine spark needs SPARK_HOME (the folder Spark's workers start "
                    + "executors from); ./mbo4j sets it to spark/target/spark-home, or export it yourself");
        }
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(home, "jars"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + home + "/jars: " + e.getMessage(), e);
        }
        StringBuilder opts = new StringBuilder("--add-modules jdk.incubator.vector -Djava.awt.headless=true"
                + " -Dorg.bytedeco.javacpp.maxBytes=3g -Dorg.bytedeco.javacpp.maxPhysicalBytes=6g");
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension");
        if (ext != null) opts.append(" -Dorg.bytedeco.javacpp.platform.extension=").append(ext);
        String data = System.getProperty("mbo4j.data", System.getenv("MBO4J_DATA"));
        SparkConf conf = new SparkConf()
                .setMaster(sparkMaster())
                .setAppName("mbo4j bench")
                .set("spark.ui.enabled", "false")
                .set("spark.executor.memory", EXECUTOR_MB + "m")
                .set("spark.executor.cores", "1")
                .set("spark.task.cpus", "1")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", opts.toString())
                .set("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(threads))
                .set("spark.executorEnv.MBO4J_THREADS", Integer.toString(threads))
                .set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                .set("spark.executorEnv.MBO4J_QUIET", "1");
        if (data != null) conf.set("spark.executorEnv.MBO4J_DATA", data);
        return conf;
    }

    @Override
    public void execute(List<RunSpec> pending, Consumer<Outcome> done) {
        if (pending.isEmpty()) return;
        Configurator.setRootLevel(verbose ? Level.INFO : Level.ERROR);
        SparkConf conf = conf();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel(verbose ? "INFO" : "ERROR");
            JavaRDD<RunSpec> runs = sc.parallelize(new ArrayList<>(pending), pending.size());
            JavaRDD<Outcome> outcomes = runs.map(Benchmark::runSpec);
            LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
            List<Object> partitions = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) partitions.add(i);
            scala.collection.Seq<Object> parts =
                    scala.collection.JavaConverters.asScalaBufferConverter(partitions).asScala().toSeq();
            var future = sc.sc().submitJob(outcomes.rdd(), new CollectOne(), parts, new Handler(queue), new Unit());
            int received = 0;
            while (received < pending.size()) {
                Object o = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (o == null) {
                    if (future.isCompleted() && queue.isEmpty()) {
                        var value = future.value();
                        if (value.isDefined() && value.get().isFailure()) {
                            Throwable t = value.get().failed().get();
                            throw new IllegalStateException("the Spark job failed: " + t.getMessage(), t);
                        }
                        if (received < pending.size()) {
                            throw new IllegalStateException(String.format(
                                    Locale.ROOT,
                                    "the Spark job ended with %d of %d runs reported",
                                    received,
                                    pending.size()));
                        }
                    }
                    continue;
                }
                done.accept((Outcome) o);
                received++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Spark job", e);
        }
    }

    /** A partition's one outcome. */
    static final class CollectOne extends scala.runtime.AbstractFunction1<scala.collection.Iterator<Outcome>, Outcome>
            implements java.io.Serializable {
        @Override
        public Outcome apply(scala.collection.Iterator<Outcome> it) {
            return it.next();
        }
    }

    /** On the driver, as each task finishes: hands the outcome to the waiting thread. */
    static final class Handler extends scala.runtime.AbstractFunction2<Object, Outcome, scala.runtime.BoxedUnit> {
        private final LinkedBlockingQueue<Object> queue;

        Handler(LinkedBlockingQueue<Object> queue) {
            this.queue = queue;
        }

        @Override
        public scala.runtime.BoxedUnit apply(Object partition, Outcome o) {
            queue.add(o);
            return scala.runtime.BoxedUnit.UNIT;
        }
    }

    /** The job's result value (none). */
    static final class Unit extends scala.runtime.AbstractFunction0<scala.runtime.BoxedUnit> {
        @Override
        public scala.runtime.BoxedUnit apply() {
            return scala.runtime.BoxedUnit.UNIT;
        }
    }
}
