package org.mbo4j.task.designbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirror fall-through of {@link DataLocator} against mirrors on 127.0.0.1; no other host is contacted. */
class DataLocatorTest {
    private static final String REL = "tf_bind_8-SIX6_REF_R1/tf_bind_8-x-0.npy";
    private static final byte[] CONTENT = "a stand-in for a Design-Bench shard\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path cache;

    private final String mirrorBefore = System.getProperty(DataLocator.MIRROR_PROPERTY);

    @AfterEach
    void restore() {
        if (mirrorBefore == null) System.clearProperty(DataLocator.MIRROR_PROPERTY);
        else System.setProperty(DataLocator.MIRROR_PROPERTY, mirrorBefore);
    }

    private List<Path> regularFiles() throws IOException {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void fallsThroughDeadAndCorruptMirrorsToTheGoodOne() throws IOException {
        String sha = sha256(CONTENT);
        String corruptSha = sha256(MirrorServer.corrupt(CONTENT));
        try (MirrorServer s = MirrorServer.start(Map.of(REL, CONTENT))) {
            var d = DataLocator.downloadInto(
                    REL, sha, List.of(s.base("dead"), s.base("corrupt") + "/", s.base("good")), cache);
            assertEquals(s.base("good"), d.mirror());
            assertEquals(cache.resolve(REL), d.file());
            assertArrayEquals(CONTENT, Files.readAllBytes(d.file()));
            assertEquals(
                    List.of(
                            s.base("dead") + "/" + REL + " answered HTTP 404",
                            s.base("corrupt") + "/" + REL + " served sha256 " + corruptSha + " (expected " + sha + ")"),
                    d.failures());
            assertEquals(List.of("dead " + REL, "corrupt " + REL, "good " + REL), s.requests());
            // the corrupt body never reached the cache: the only file there is the verified one
            assertEquals(List.of(cache.resolve(REL)), regularFiles());
        }
    }

    @Test
    void whenEveryMirrorFailsTheErrorNamesEachAndTheCacheStaysEmpty() throws IOException {
        String sha = sha256(CONTENT);
        String corruptSha = sha256(MirrorServer.corrupt(CONTENT));
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        String closed = "http://127.0.0.1:" + closedPort + "/gone";
        try (MirrorServer s = MirrorServer.start(Map.of(REL, CONTENT))) {
            var e = assertThrows(
                    IllegalStateException.class,
                    () -> DataLocator.downloadInto(
                            REL, sha, List.of(s.base("dead"), s.base("corrupt"), closed), cache));
            String m = e.getMessage();
            String head = "could not download " + REL + ": " + s.base("dead") + "/" + REL + " answered HTTP 404; "
                    + s.base("corrupt") + "/" + REL + " served sha256 " + corruptSha + " (expected " + sha + "); "
                    + closed + "/" + REL + " failed: ConnectException";
            assertTrue(m.startsWith(head), m);
            assertTrue(
                    m.endsWith(". Fix: set MBO4J_DATA to a folder holding the Design-Bench files, or "
                            + "MBO4J_DATA_MIRROR to a base URL under which " + REL + " is served"),
                    m);
            assertEquals(1, m.lines().count(), m);
            assertEquals(List.of("dead " + REL, "corrupt " + REL), s.requests());
            assertEquals(List.of(), regularFiles(), "no partial or corrupt file, no leftover .part file");
        }
    }

    @Test
    void downloadRefusesFilesWithoutAChecksumOnTheCard() {
        var e = assertThrows(
                IllegalStateException.class,
                () -> DataLocator.download("tf_bind_8-SIX6_REF_R1/other.npy", List.of("http://127.0.0.1:9/x")));
        assertEquals(
                "no checksum for tf_bind_8-SIX6_REF_R1/other.npy on the dataset card "
                        + "/org/mbo4j/datasets/design-bench/checksums.sha256; refusing to download unverified data. "
                        + "Fix: add its sha256 to datasets/design-bench/checksums.sha256",
                e.getMessage());
    }

    @Test
    void userMirrorsComeFirstThenHuggingFaceThenTheOldBucket() {
        System.setProperty(
                DataLocator.MIRROR_PROPERTY,
                " http://a.example/db/, https://b.example:8443/x  "
                        + "https://huggingface.co/datasets/beckhamc/design_bench_data/resolve/main/");
        assertEquals(
                List.of(
                        "http://a.example/db",
                        "https://b.example:8443/x",
                        "https://huggingface.co/datasets/beckhamc/design_bench_data/resolve/main",
                        "https://storage.googleapis.com/design-bench"),
                DataLocator.mirrors());
    }

    @Test
    void malformedUserMirrorIsOneLineNamingIt() {
        System.setProperty(DataLocator.MIRROR_PROPERTY, "https://ok.example/db,ftp://files.example/db");
        var e = assertThrows(IllegalArgumentException.class, DataLocator::mirrors);
        assertEquals(
                "system property mbo4j.data.mirror entry 'ftp://files.example/db' is not an http(s) URL with a "
                        + "host. Fix: give base URLs such as https://example.org/design-bench, separated by commas",
                e.getMessage());
    }

    @Test
    void huggingFaceUrlOfTheTfBind8ShardFollowsHfHubUrl() {
        // huggingface_hub's hf_hub_url: {endpoint}/datasets/{repo_id}/resolve/{revision}/{filename}
        assertEquals(
                "https://huggingface.co/datasets/beckhamc/design_bench_data/resolve/main/"
                        + "tf_bind_8-SIX6_REF_R1/tf_bind_8-x-0.npy",
                DataLocator.url(DataLocator.HF_MIRROR, DesignBenchTasks.TFBIND8_X));
        assertEquals(
                "https://storage.googleapis.com/design-bench/tf_bind_8-SIX6_REF_R1/tf_bind_8-y-0.npy",
                DataLocator.url(DataLocator.MIRROR + "/", DesignBenchTasks.TFBIND8_Y));
    }

    /** SHA-256 by the JDK directly, independent of {@link DataLocator#sha256}. */
    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
