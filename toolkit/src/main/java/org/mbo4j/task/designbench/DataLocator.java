package org.mbo4j.task.designbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbo4j.offline.OfflineGuard;

/**
 * Finds Design-Bench shards: first the data directory ({@code --data-dir}, system property {@code mbo4j.data}
 * or env {@code MBO4J_DATA}), then the cache ({@code MBO4J_CACHE}; by default the repository's {@code datasets/cache}
 * when run through the launcher, which sets {@code MBO4J_HOME}, else {@code ~/.cache/mbo4j}),
 * then downloads the public Design-Bench mirror into the cache with SHA-256 verification against the dataset
 * card ({@code datasets/design-bench/checksums.sha256}, shipped as a classpath resource).
 */
public final class DataLocator {
    /** Design-Bench's public mirror ({@code design_bench/disk_resource.py}, {@code SERVER_URL}). */
    public static final String MIRROR = "https://storage.googleapis.com/design-bench";
    private static final String CHECKSUMS = "/org/mbo4j/datasets/design-bench/checksums.sha256";

    private DataLocator() {}

    /** The configured data directory, if any. */
    public static Path dataDir() {
        OfflineGuard.check("DataLocator.dataDir()");
        String p = System.getProperty("mbo4j.data");
        if (p == null || p.isBlank()) p = System.getenv("MBO4J_DATA");
        return p == null || p.isBlank() ? null : Path.of(p);
    }

    /** The download cache directory. */
    public static Path cacheDir() {
        OfflineGuard.check("DataLocator.cacheDir()");
        String p = System.getProperty("mbo4j.cache");
        if (p == null || p.isBlank()) p = System.getenv("MBO4J_CACHE");
        if (p != null && !p.isBlank()) return Path.of(p).resolve("design-bench");
        String home = System.getenv("MBO4J_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "datasets", "cache", "design-bench");
        return Path.of(System.getProperty("user.home"), ".cache", "mbo4j", "design-bench");
    }

    /** Expected SHA-256 of each shard, from the dataset card. */
    public static Map<String, String> checksums() {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = DataLocator.class.getResourceAsStream(CHECKSUMS)) {
            if (in == null) throw new IllegalStateException("checksum card " + CHECKSUMS + " missing from the classpath");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) continue;
                String[] parts = t.split("\\s+", 2);
                out.put(parts[1].trim(), parts[0].trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Where a shard would be found, without downloading; null when absent everywhere. */
    public static Path find(String relative) {
        OfflineGuard.check("DataLocator.find(" + relative + ")");
        for (Path dir : searchPath()) {
            Path f = dir.resolve(relative);
            if (Files.isRegularFile(f)) return f;
        }
        return null;
    }

    /** The directories searched, in order. */
    public static List<Path> searchPath() {
        OfflineGuard.check("DataLocator.searchPath()");
        List<Path> dirs = new ArrayList<>();
        Path d = dataDir();
        if (d != null) dirs.add(d);
        dirs.add(cacheDir());
        return dirs;
    }

    /**
     * Locates a shard, verifying its checksum; downloads it into the cache when {@code download} is true and it
     * is found nowhere.
     *
     * @throws IllegalStateException naming the places searched and how to fetch, or the checksum mismatch
     */
    public static Path locate(String relative, boolean download) {
        OfflineGuard.check("DataLocator.locate(" + relative + ")");
        Path f = find(relative);
        if (f == null) {
            if (!download) {
                throw new IllegalStateException("Design-Bench file " + relative + " not found; looked in "
                        + searchPath() + ". Fix: run './mbo4j data fetch' (downloads from " + MIRROR
                        + "), or point --data-dir / MBO4J_DATA at a folder holding it");
            }
            f = fetch(relative);
        }
        verify(relative, f);
        return f;
    }

    /** Checks a file's SHA-256 against the card. */
    public static void verify(String relative, Path file) {
        String expected = checksums().get(relative);
        if (expected == null) return;
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new IllegalStateException("checksum mismatch for " + file + ": expected sha256 " + expected
                    + " but found " + actual + ". Fix: delete the file and run './mbo4j data fetch' again");
        }
    }

    /** Downloads one shard from the mirror into the cache (atomically: temp file, verify, move). */
    public static Path fetch(String relative) {
        OfflineGuard.check("DataLocator.fetch(" + relative + ")");
        Path target = cacheDir().resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".download-", ".part");
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                        .followRedirects(HttpClient.Redirect.NORMAL).build();
                HttpRequest req = HttpRequest.newBuilder(URI.create(MIRROR + "/" + relative))
                        .timeout(Duration.ofMinutes(10)).build();
                HttpResponse<Path> resp = http.send(req, HttpResponse.BodyHandlers.ofFile(tmp));
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException("download of " + MIRROR + "/" + relative + " failed with HTTP "
                            + resp.statusCode());
                }
                verify(relative, tmp);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not download " + MIRROR + "/" + relative + " (" + e
                    + "). Fix: copy the Design-Bench files by hand and point --data-dir / MBO4J_DATA at them", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("download interrupted", e);
        }
    }

    /** Hex SHA-256 of a file. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
