package org.mbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's {@code MBO4J_CLASSPATH}: {@code scripts/common.sh} appends the user's jars (absolute paths) to the
 * class path of the CLI and the lab's kernel, and a missing jar is a one-line error before anything is built.
 */
class LauncherClasspathTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path home;

    record Run(int code, String out, String err) {}

    private Run bash(Path cwd, Map<String, String> env, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(cwd.toFile());
        pb.environment().remove("MBO4J_CLASSPATH");
        pb.environment().putAll(env);
        Path err = home.resolve("err-" + System.nanoTime());
        Process p = pb.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    /** common.sh sourced with a stand-in MBO4J_HOME whose toolkit class path is one jar. */
    private Run classpath(String userClasspath) throws IOException, InterruptedException {
        Files.createDirectories(home.resolve("toolkit/target"));
        Files.writeString(home.resolve("toolkit/target/classpath.txt"), "/lib/a.jar");
        return bash(
                home,
                Map.of("MBO4J_HOME", home.toString(), "MBO4J_CLASSPATH", userClasspath),
                "set -euo pipefail; source '" + ROOT.resolve("scripts/common.sh") + "'; mbo4j_check_user_classpath; "
                        + "mbo4j_classpath");
    }

    @Test
    void userJarsAreAppendedAsAbsolutePaths() throws Exception {
        Files.writeString(home.resolve("mine.jar"), "");
        Path other = Files.createDirectories(home.resolve("sub")).resolve("other.jar");
        Files.writeString(other, "");
        Run r = classpath("mine.jar::" + other);
        assertEquals(0, r.code(), r.err());
        assertEquals(home + "/toolkit/target/classes:/lib/a.jar:" + home + "/mine.jar:" + other, r.out());
        Run none = classpath("");
        assertEquals(home + "/toolkit/target/classes:/lib/a.jar", none.out());
    }

    @Test
    void aMissingJarIsOneLineAndExitTwo() throws Exception {
        Files.writeString(home.resolve("mine.jar"), "");
        Run r = classpath("mine.jar:/nowhere/missing.jar");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals(
                "mbo4j: error: MBO4J_CLASSPATH names /nowhere/missing.jar, which does not exist; fix the path or "
                        + "drop it from MBO4J_CLASSPATH\n",
                r.err());
        // the real launcher says so before building or starting Java
        Run launcher = bash(ROOT, Map.of("MBO4J_CLASSPATH", "/nowhere/missing.jar"), "./mbo4j tasks");
        assertEquals(2, launcher.code());
        assertEquals(
                List.of("mbo4j: error: MBO4J_CLASSPATH names /nowhere/missing.jar, which does not exist; fix the "
                        + "path or drop it from MBO4J_CLASSPATH"),
                launcher.err().lines().toList());
    }
}
