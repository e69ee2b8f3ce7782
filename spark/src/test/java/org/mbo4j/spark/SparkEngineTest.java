package org.mbo4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbo4j.eval.Benchmark;
import org.mbo4j.eval.Engine;
import org.mbo4j.eval.ResultsStore;
import org.mbo4j.eval.RunRecord;
import org.mbo4j.method.Method;
import org.mbo4j.method.Methods;

/**
 * The Spark engine against the in-process benchmark: the same quick sweep (2 tasks × 2 methods × 2 seeds) gives
 * records with the same designs' scores, and a run that throws is written to failed.json without stopping the sweep.
 * Runs with one GEMM thread on both sides (the surefire environment sets OMP_NUM_THREADS=1 for this JVM).
 */
class SparkEngineTest {
    private static Method[] quick(String... names) {
        List<Method> out = new ArrayList<>();
        for (String n : names) out.add(Methods.create(n).quick());
        return out.toArray(Method[]::new);
    }

    /** What two runs of the same (task, method, seed) must share: everything but timings and the command. */
    private static String comparable(RunRecord r) {
        return String.join(
                "|",
                r.task(),
                r.method(),
                Long.toString(r.seed()),
                Integer.toString(r.k()),
                r.settings(),
                String.valueOf(r.raw100()),
                String.valueOf(r.raw50()),
                String.valueOf(r.score100()),
                String.valueOf(r.score50()),
                String.valueOf(r.hv100()),
                String.valueOf(r.dBest()),
                Long.toString(r.oracleCalls()),
                String.valueOf(r.diversity()),
                String.valueOf(r.novelty()));
    }

    /** The quick sweep of these tests (TFBind8 and Branin × grad and random × seeds 0, 1, 16 designs) into {@code out}. */
    private static void sweep(Path out, Engine engine) {
        Benchmark b = Benchmark.tasks("TFBind8", "Branin").methods(quick("grad", "random")).seeds(2).k(16).out(out);
        if (engine != null) b.engine(engine);
        b.run();
    }

    private static List<String> records(Path dir) {
        return ResultsStore.open(dir, false).records().stream()
                .sorted(Comparator.comparing(RunRecord::task)
                        .thenComparing(RunRecord::method)
                        .thenComparingLong(RunRecord::seed))
                .map(SparkEngineTest::comparable)
                .toList();
    }

    @Test
    void aLocalSweepOnSparkWritesTheInProcessRecords(@TempDir Path tmp) throws Exception {
        Path inProcess = tmp.resolve("in-process");
        Path spark = tmp.resolve("spark");
        sweep(inProcess, null);
        sweep(spark, SparkEngine.create("local[2]", 1, false));
        List<String> a = records(inProcess), b = records(spark);
        assertEquals(8, a.size());
        assertEquals(a, b);
        // each run's log beside its record: the executor's progress lines (grad trains, then searches)
        String log = Files.readString(spark.resolve("logs").resolve("TFBind8-grad-seed1.log"));
        assertTrue(log.contains(" grad train 1/"), log);
        assertTrue(Files.isRegularFile(spark.resolve("logs").resolve("Branin-random-seed0.log")));
        // a second run finds every record and runs nothing
        long before = Files.getLastModifiedTime(spark.resolve(ResultsStore.RESULTS)).toMillis();
        sweep(spark, SparkEngine.create("local[2]", 1, false));
        assertEquals(b, records(spark));
        assertTrue(Files.getLastModifiedTime(spark.resolve(ResultsStore.RESULTS)).toMillis() >= before);
    }

    /** A free TCP port on the loopback interface. */
    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A JVM running {@code main} on this test's class path with its module flags (Spark's opens among them). */
    private static Process jvm(Path log, String main, String... args) throws java.io.IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-modules")) cmd.add(a);
        }
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitPort(int port, Process p, Path log) throws Exception {
        long end = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < end) {
            if (!p.isAlive()) throw new IllegalStateException("the Spark master exited: " + Files.readString(log));
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Spark master did not listen on " + port + " within 90 s");
    }

    /**
     * A standalone cluster on localhost: a master and two one-core workers in their own JVMs (started here and
     * stopped afterwards), the same sweep as {@link #aLocalSweepOnSparkWritesTheInProcessRecords}, with worker 1
     * stopped mid-sweep.
     */
    @Test
    void aStandaloneMasterAndTwoWorkersWriteTheInProcessRecords(@TempDir Path tmp) throws Exception {
        int port = freePort();
        List<Process> cluster = new ArrayList<>();
        try {
            Process master = jvm(tmp.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", "0");
            cluster.add(master);
            awaitPort(port, master, tmp.resolve("master.log"));
            for (int w = 1; w <= 2; w++) {
                cluster.add(jvm(tmp.resolve("worker" + w + ".log"), "org.apache.spark.deploy.worker.Worker",
                        "spark://127.0.0.1:" + port, "--host", "127.0.0.1", "--cores", "1", "--memory", "3g",
                        "--webui-port", "0", "--work-dir", tmp.resolve("work" + w).toString()));
            }
            Path inProcess = tmp.resolve("in-process");
            Path spark = tmp.resolve("spark");
            sweep(inProcess, null);
            // worker 1 is stopped (its executor with it) when the first run comes back: its runs in flight are lost
            // and Spark reruns them on worker 2
            SparkEngine engine = SparkEngine.create("spark://127.0.0.1:" + port, 1, false);
            Process worker1 = cluster.get(1);
            boolean[] killed = {false};
            Engine killing = new Engine() {
                @Override
                public void execute(List<org.mbo4j.eval.RunSpec> pending, java.util.function.Consumer<Outcome> done) {
                    engine.execute(pending, o -> {
                        done.accept(o);
                        if (!killed[0]) {
                            killed[0] = true;
                            worker1.destroy();
                        }
                    });
                }

                @Override
                public int parallelism() {
                    return engine.parallelism();
                }

                @Override
                public String describe() {
                    return engine.describe();
                }
            };
            sweep(spark, killing);
            assertTrue(killed[0] && worker1.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "worker 1 stopped");
            List<String> b = records(spark);
            assertEquals(8, b.size());
            assertEquals(8, new java.util.HashSet<>(b).size(), "every run exactly once");
            assertEquals(records(inProcess), b);
            // a rerun finds every record: nothing is pending, so no Spark job starts and nothing changes
            String before = Files.readString(spark.resolve(ResultsStore.RESULTS));
            sweep(spark, killing);
            assertEquals(before, Files.readString(spark.resolve(ResultsStore.RESULTS)));
        } finally {
            for (Process p : cluster) p.destroy();
            for (Process p : cluster) {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }

    @Test
    void aMethodThatThrowsOnOneSeedIsRecordedAsFailedAndTheOtherRunsFinish(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("sweep");
        // fails-on-seed-1 (FlakyMethods, registered for these tests) throws on seed 1 only
        Benchmark b = Benchmark.tasks("Branin")
                .methods(quick("random", "fails-on-seed-1"))
                .seeds(3)
                .k(8)
                .out(out)
                .engine(SparkEngine.create("local[2]", 1, false));
        b.run();
        assertEquals(List.of("Branin fails-on-seed-1 seed 1: IllegalStateException: seed 1 fails by design"),
                b.failures());
        List<String> done = records(out);
        assertEquals(5, done.size(), done.toString());
        JsonNode failed = new ObjectMapper().readTree(out.resolve(ResultsStore.FAILED).toFile());
        assertEquals(1, failed.size());
        assertEquals("fails-on-seed-1", failed.get(0).get("method").asText());
        assertEquals(1, failed.get(0).get("seed").asLong());
        assertEquals("IllegalStateException: seed 1 fails by design", failed.get(0).get("error").asText());
        assertTrue(Files.isRegularFile(out.resolve("logs").resolve("Branin-fails-on-seed-1-seed1.log")));
    }

    /** The toolkit's own tests run without Spark: its dependency tree has no Spark artifact (checked there too). */
    @Test
    void badMastersAreOneLineErrors() {
        assertEquals(
                "--master yarn is not a Spark master this engine runs on: use local[N] or spark://HOST:PORT",
                assertThrows(IllegalArgumentException.class, () -> SparkEngine.create("yarn", 1, false))
                        .getMessage());
        assertEquals("local-cluster[3,1,2048]", SparkEngine.create("local[3]", 1, false).sparkMaster());
        assertEquals("spark://h:7077", SparkEngine.create("spark://h:7077", 1, false).sparkMaster());
        assertEquals("spark local[2]", Engine.spark("local[2]", 1, false).describe());
    }
}
