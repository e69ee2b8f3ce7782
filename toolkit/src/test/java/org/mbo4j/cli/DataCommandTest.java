package org.mbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbo4j.task.designbench.DataLocator;
import org.mbo4j.task.designbench.MirrorServer;

/**
 * {@code ./mbo4j data fetch} through {@link Main#run} against three mirrors on 127.0.0.1 (dead, corrupt, good) that
 * serve the real TFBind8 shards, read from MBO4J_DATA (the test fails, never skips, when they are absent).
 */
class DataCommandTest {
    private static final String NL = System.lineSeparator();
    private static final List<String> KEYS = List.of("mbo4j.data", "mbo4j.cache", DataLocator.MIRROR_PROPERTY);

    @TempDir
    Path dir;

    private final Map<String, String> before = new LinkedHashMap<>();

    DataCommandTest() {
        for (String k : KEYS) before.put(k, System.getProperty(k));
    }

    @AfterEach
    void restore() {
        before.forEach((k, v) -> {
            if (v == null) System.clearProperty(k);
            else System.setProperty(k, v);
        });
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fetchFallsThroughDeadAndCorruptMirrorsKeepsNothingCorruptAndNamesTheMirror() throws IOException {
        Map<String, byte[]> real = new LinkedHashMap<>();
        for (String rel : DataLocator.checksums().keySet()) {
            real.put(rel, Files.readAllBytes(DataLocator.locate(rel, false)));
        }
        Path empty = Files.createDirectories(dir.resolve("no-data"));
        Path cacheRoot = dir.resolve("cache");
        Path cache = cacheRoot.resolve("design-bench");
        System.setProperty("mbo4j.cache", cacheRoot.toString());
        try (MirrorServer s = MirrorServer.start(real)) {
            System.setProperty(
                    DataLocator.MIRROR_PROPERTY, s.base("dead") + "," + s.base("corrupt") + " " + s.base("good"));
            String[] r = run("data", "fetch", "--data-dir", empty.toString());
            assertEquals("", r[2]);
            assertEquals("0", r[0]);
            StringBuilder want = new StringBuilder("mirrors, in order: " + s.base("dead") + ", " + s.base("corrupt")
                    + ", " + s.base("good") + ", " + DataLocator.HF_MIRROR + ", " + DataLocator.MIRROR + NL);
            for (var e : real.entrySet()) {
                String rel = e.getKey();
                String expected = DataLocator.checksums().get(rel);
                String corrupt = sha256(MirrorServer.corrupt(e.getValue()));
                want.append("skipped  " + s.base("dead") + "/" + rel + " answered HTTP 404" + NL)
                        .append("skipped  " + s.base("corrupt") + "/" + rel + " served sha256 " + corrupt
                                + " (expected " + expected + ")" + NL)
                        .append("fetched  " + rel + "  from " + s.base("good") + "  into " + cache.resolve(rel) + NL);
            }
            assertEquals(want.toString(), r[1]);
            // only the two verified shards are in the cache, byte for byte the real ones
            assertEquals(real.keySet().stream().map(cache::resolve).sorted().toList(), regularFiles(cacheRoot));
            for (var e : real.entrySet()) {
                assertArrayEquals(e.getValue(), Files.readAllBytes(cache.resolve(e.getKey())));
            }
            assertEquals(6, s.requests().size(), s.requests().toString());

            // a second fetch finds both files in the cache and asks no mirror
            String[] again = run("data", "fetch", "--data-dir", empty.toString());
            assertEquals("0", again[0]);
            StringBuilder ok = new StringBuilder();
            for (String rel : real.keySet())
                ok.append("ok       ")
                        .append(rel)
                        .append("  ")
                        .append(cache.resolve(rel))
                        .append(NL);
            assertEquals(ok.toString(), again[1]);
            assertEquals(6, s.requests().size(), s.requests().toString());
        }
    }

    @Test
    void malformedMirrorIsOneLineError() {
        System.setProperty("mbo4j.cache", dir.resolve("cache").toString());
        System.setProperty(DataLocator.MIRROR_PROPERTY, "files.example/db");
        String[] r = run("data", "fetch", "--data-dir", dir.toString());
        assertEquals("2", r[0]);
        assertEquals("", r[1]);
        assertEquals(
                "error: system property mbo4j.data.mirror entry 'files.example/db' is not an http(s) URL with a "
                        + "host. Fix: give base URLs such as https://example.org/design-bench, separated by commas"
                        + NL,
                r[2]);
    }
}
