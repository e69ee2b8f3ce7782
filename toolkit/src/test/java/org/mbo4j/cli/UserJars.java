package org.mbo4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds small user jars the way a user would: Java sources compiled against the toolkit with
 * {@link JavaCompiler}, packed with {@code java.util.jar}, with {@code META-INF/services} entries. Run as a program
 * ({@code main DIR}) it writes the jars of {@link UserJarTest} into DIR, to try them with the real launcher:
 * {@code MBO4J_CLASSPATH=DIR/honest.jar:DIR/cheat.jar ./mbo4j bench ...}.
 */
public final class UserJars {
    static final String SHARD = "tf_bind_8-SIX6_REF_R1/tf_bind_8-x-0.npy";

    private UserJars() {}

    /** An honest method ({@code user-best}: the k best visible rows) and a task ({@code UserBox}). */
    static final Map<String, String> HONEST = Map.of(
            "user/HonestMethods.java", """
                    package user;

                    import java.util.List;
                    import org.mbo4j.method.Method;
                    import org.mbo4j.method.MethodProvider;
                    import org.mbo4j.method.Proposal;
                    import org.mbo4j.task.OfflineProblem;

                    public final class HonestMethods implements MethodProvider {
                        @Override
                        public List<Entry> methods() { return List.of(Entry.of("user-best", Best::new)); }

                        static final class Best implements Method {
                            @Override public String name() { return "user-best"; }

                            @Override
                            public Proposal run(OfflineProblem problem, int k, long seed) {
                                return Proposal.of(name(), seed, problem.space(), problem.topDesigns(k));
                            }
                        }
                    }
                    """,
            "user/UserTasks.java", """
                    package user;

                    import java.util.ArrayList;
                    import java.util.List;
                    import org.mbo4j.data.ContinuousSpace;
                    import org.mbo4j.data.Dataset;
                    import org.mbo4j.task.Objective;
                    import org.mbo4j.task.Task;
                    import org.mbo4j.task.TaskInfo;
                    import org.mbo4j.task.TaskProvider;

                    /** UserBox: y = -(x1^2 + x2^2) on the 5 x 5 grid of [-1, 1]^2; visible: y <= -0.5 (20 of 25). */
                    public final class UserTasks implements TaskProvider {
                        @Override
                        public List<Entry> tasks() {
                            return List.of(Entry.of(new TaskInfo("UserBox", "user", "box [-1, 1]^2", 2, 1, "20 of 25",
                                    "closed form", "a user jar"), UserTasks::userBox));
                        }

                        static double f(double[] x) { return -(x[0] * x[0] + x[1] * x[1]); }

                        static Task userBox() {
                            List<double[]> xs = new ArrayList<>();
                            List<Double> ys = new ArrayList<>();
                            for (int i = 0; i < 5; i++) {
                                for (int j = 0; j < 5; j++) {
                                    double[] x = {-1 + 0.5 * i, -1 + 0.5 * j};
                                    if (f(x) <= -0.5) {
                                        xs.add(x);
                                        ys.add(f(x));
                                    }
                                }
                            }
                            ContinuousSpace box = ContinuousSpace.cube(2, -1, 1);
                            Dataset data = Dataset.of(box, xs.toArray(double[][]::new),
                                    ys.stream().mapToDouble(Double::doubleValue).toArray());
                            return Task.builder("UserBox").family("user").objectives(Objective.maximize("y"))
                                    .dataset(data).oracleKind("closed form").oracle(d -> {
                                        double[][] out = new double[d.length][];
                                        for (int i = 0; i < d.length; i++) out[i] = new double[] {f(d[i])};
                                        return out;
                                    })
                                    .fullData(new double[] {-2}, new double[] {0}, 25).build();
                        }
                    }
                    """);

    /** Methods that reach for the oracle or task data inside propose, by the four paths (and Npy.read). */
    static final Map<String, String> CHEAT = Map.of("user/CheatMethods.java", """
            package user;

            import java.io.ByteArrayOutputStream;
import java.io.IOException;
            import java.io.UncheckedIOException;
            import java.nio.file.Path;
            import java.util.List;
            import org.mbo4j.data.Npy;
            import org.mbo4j.eval.Evaluation;
            import org.mbo4j.eval.HeldOut;
            import org.mbo4j.method.Method;
            import org.mbo4j.method.MethodProvider;
            import org.mbo4j.method.Proposal;
            import org.mbo4j.task.OfflineProblem;
            import org.mbo4j.task.Tasks;
            import org.mbo4j.task.designbench.DataLocator;
            import org.mbo4j.task.synthetic.SyntheticTasks;

            public final class CheatMethods implements MethodProvider {
                @Override
                public List<Entry> methods() {
                    return List.of("cheat-load", "cheat-heldout", "cheat-synthetic", "cheat-shard", "cheat-npy")
                            .stream().map(n -> Entry.of(n, () -> new Cheat(n))).toList();
                }

                static final class Cheat implements Method {
                    private final String name;

                    Cheat(String name) { this.name = name; }

                    @Override public String name() { return name; }

                    // skips Method.propose's own guard on purpose: bench's and propose's zones must still stop it
                    @Override
                    public Proposal propose(OfflineProblem problem, int k, long seed) { return run(problem, k, seed); }

                    @Override
                    public Proposal run(OfflineProblem problem, int k, long seed) {
                        try {
                            switch (name) {
                                case "cheat-load" -> Tasks.load("TFBind8").evaluate(new double[][] {new double[8]});
                                case "cheat-heldout" -> HeldOut.of(Evaluation.of(Tasks.load("TFBind8")));
                                case "cheat-synthetic" -> SyntheticTasks.function("Ackley-8").orElseThrow()
                                        .value(new double[8]);
                                case "cheat-shard" -> Npy.read(DataLocator.locate("%s", false));
                                default -> Npy.read(Path.of(System.getProperty("cheat.shard")));
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return Proposal.of(name, seed, problem.space(), problem.topDesigns(k));
                    }
                }
            }
            """.formatted(SHARD));

    /** A second provider of {@code user-best}, in another jar. */
    static final Map<String, String> OTHER = Map.of("user/OtherMethods.java", """
            package user;

            import java.util.List;
            import org.mbo4j.method.MethodProvider;

            public final class OtherMethods implements MethodProvider {
                @Override
                public List<Entry> methods() { return List.of(Entry.of("user-best", () -> null)); }
            }
            """);

    /** A provider that repeats a built-in method name and one that repeats a built-in task name. */
    static final Map<String, String> DUP = Map.of(
            "user/DupMethods.java", """
                    package user;

                    import java.util.List;
                    import org.mbo4j.method.MethodProvider;

                    public final class DupMethods implements MethodProvider {
                        @Override
                        public List<Entry> methods() { return List.of(Entry.of("random", () -> null)); }
                    }
                    """,
            "user/DupTasks.java", """
                    package user;

                    import java.util.List;
                    import org.mbo4j.task.TaskInfo;
                    import org.mbo4j.task.TaskProvider;

                    public final class DupTasks implements TaskProvider {
                        @Override
                        public List<Entry> tasks() {
                            return List.of(Entry.of(new TaskInfo("TFBind8", "user", "?", 8, 1, "?", "?", "?"),
                                    () -> null));
                        }
                    }
                    """);

    /** The class path of this JVM (the toolkit and its libraries), for compiling and running user code. */
    static String classPath() {
        return System.getProperty("java.class.path");
    }

    /**
     * Compiles {@code sources} (path under the source root → text) against the toolkit and packs them with service
     * entries (service interface → implementations) into {@code jar}; a {@code services} value may also name classes
     * that do not exist (a malformed registration).
     */
    static Path jar(Path work, String name, Map<String, String> sources, Map<String, List<String>> services)
            throws IOException {
        Path src = Files.createDirectories(work.resolve(name + "-src"));
        Path classes = Files.createDirectories(work.resolve(name + "-classes"));
        List<String> args =
                new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath(), "--release", "17", "-proc:none"));
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        if (!sources.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            int rc = javac.run(null, log, log, args.toArray(String[]::new));
            if (rc != 0) throw new IllegalStateException("javac failed for " + name + ": " + log);
        }
        Path jar = work.resolve(name + ".jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(os, mf);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            for (var e : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + e.getKey()));
                out.write((String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    static final String METHODS = "org.mbo4j.method.MethodProvider";
    static final String TASKS = "org.mbo4j.task.TaskProvider";

    static Path honest(Path work) throws IOException {
        return jar(
                work,
                "honest",
                HONEST,
                Map.of(METHODS, List.of("user.HonestMethods"), TASKS, List.of("user.UserTasks")));
    }

    static Path cheat(Path work) throws IOException {
        return jar(work, "cheat", CHEAT, Map.of(METHODS, List.of("user.CheatMethods")));
    }

    /** Writes honest.jar and cheat.jar into the folder given. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        System.out.println(honest(dir));
        System.out.println(cheat(dir));
    }
}
