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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.mbo4j.offline.OfflineGuard;

/**
 * Finds Design-Bench shards: first the data directory ({@code --data-dir}, system property {@code mbo4j.data}
 * or env {@code MBO4J_DATA}), then the cache ({@code MBO4J_CACHE}; by default the repository's {@code datasets/cache}
 * when run through the launcher, which sets {@code MBO4J_HOME}, else {@code ~/.cache/mbo4j}),
 * then downloads from a list of mirrors into the cache with SHA-256 verification against the dataset
 * card ({@code datasets/design-bench/checksums.sha256}, shipped as a classpath resource).
 *
 * <p>Mirrors, tried in order ({@link #mirrors()}): the user's own ({@code MBO4J_DATA_MIRROR} or system property
 * {@code mbo4j.data.mirror}, one or more base URLs separated by commas or spaces), then {@link #HF_MIRROR}, then the
 * old bucket {@link #MIRROR}. A file's URL is {@code <mirror>/<relative path>}. A download goes to a temp file in
 * the cache folder and is moved into place only after its checksum matches; on any failure the temp file is
 * removed, so nothing unverified is ever left in the cache.
 *
 * <p>Sources, checked with the search tools (2026-12-04):
 * <ul>
 *   <li>The bucket answered 404 for {@code https://storage.googleapis.com/design-bench/gfp/gfp-x-0.npy} in
 *   design-bench issue #16 (2024-01-18, "Data not available"; the reporter points at {@code disk_resource.py}
 *   line 105). That a TFBind8 URL answers 404 too, and design-baselines issue #2, were not verified here.</li>
 *   <li>Design-Bench pull request #21 (open; head commit 34eba51 of 2024-04-21 by C. Beckham) replaces the bucket
 *   by the Hugging Face dataset {@code beckhamc/design_bench_data}: {@code design_bench/disk_resource.py} line 7,
 *   {@code SERVER_URL = os.environ.get("DB_HF_DATA", "beckhamc/design_bench_data")}, lines 130-134
 *   {@code hf_hub_download(repo_id=..., filename=download_target, ..., repo_type="dataset")}; and
 *   {@code design_bench/datasets/discrete/tf_bind_8_dataset.py} lines 226-228 and 254-256 pass
 *   {@code download_target=file}, the same relative path the bucket used
 *   ({@code tf_bind_8-SIX6_REF_R1/tf_bind_8-x-0.npy}, {@code -y-0.npy}).</li>
 *   <li>huggingface_hub builds the file URL as {@code {endpoint}/datasets/{repo_id}/resolve/{revision}/{filename}}
 *   ({@code constants.py}: {@code HUGGINGFACE_CO_URL_TEMPLATE}, {@code REPO_TYPES_URL_PREFIXES},
 *   {@code DEFAULT_REVISION = "main"}; {@code file_download.py}: {@code hf_hub_url}).</li>
 * </ul>
 * Not verified: that the files on the Hugging Face dataset are byte-identical to the bucket's (their SHA-256 is
 * checked on every download, so a difference shows up as a checksum failure naming that mirror, never as bad data).
 */
public final class DataLocator {
    /**
     * Design-Bench's original bucket ({@code design_bench/disk_resource.py} line 7, {@code SERVER_URL}, on the
     * {@code new-api} branch and in release v2_0_20). It has answered 404 since early 2024 (design-bench issue
     * #16); it is still tried, last.
     */
    public static final String MIRROR = "https://storage.googleapis.com/design-bench";
    /**
     * The Hugging Face dataset Design-Bench's maintainers moved the files to ({@code beckhamc/design_bench_data},
     * design-bench pull request #21), as a base URL: {@code /resolve/main/} followed by the relative path.
     */
    public static final String HF_MIRROR = "https://huggingface.co/datasets/beckhamc/design_bench_data/resolve/main";
    /** Environment variable naming the user's own mirrors, tried first. */
    public static final String MIRROR_ENV = "MBO4J_DATA_MIRROR";
    /** System property that overrides {@link #MIRROR_ENV}. */
    public static final String MIRROR_PROPERTY = "mbo4j.data.mirror";

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
            if (in == null) {
                throw new IllegalStateException("checksum card " + CHECKSUMS + " missing from the classpath");
            }
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
     * The mirrors {@code data fetch} tries, in order: the user's ({@code mbo4j.data.mirror}, else
     * {@code MBO4J_DATA_MIRROR}; several may be given, separated by commas or spaces), then {@link #HF_MIRROR},
     * then {@link #MIRROR}. Trailing slashes are dropped; a mirror listed twice is tried once.
     *
     * @throws IllegalArgumentException when a user mirror is not an http(s) URL with a host
     */
    public static List<String> mirrors() {
        return mirrorList();
    }

    /** The URL of {@code relative} on {@code mirror}: {@code <mirror>/<relative>}. */
    public static String url(String mirror, String relative) {
        return stripSlashes(mirror) + "/" + relative;
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
                        + searchPath() + ". Fix: run './mbo4j data fetch' (downloads from "
                        + String.join(", ", mirrorList())
                        + "), or point --data-dir / MBO4J_DATA at a folder holding it");
            }
            f = downloadInto(relative, expectedSha256(relative), mirrorList(), cacheDir())
                    .file();
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

    /** Downloads one shard into the cache from the first of {@link #mirrors()} that serves it intact. */
    public static Path fetch(String relative) {
        OfflineGuard.check("DataLocator.fetch(" + relative + ")");
        return downloadInto(relative, expectedSha256(relative), mirrorList(), cacheDir())
                .file();
    }

    /**
     * What a download did: the verified file in the cache, the mirror that served it, and one line per mirror tried
     * before it ({@code <url> answered HTTP 404}, {@code <url> served sha256 ... (expected ...)}, {@code <url> failed:
     * ...}).
     */
    public record Download(Path file, String mirror, List<String> failures) {
        public Download {
            failures = List.copyOf(failures);
        }
    }

    /**
     * Downloads one shard on the dataset card into the cache, trying {@code mirrors} in order until one serves a file
     * whose SHA-256 matches the card. Each attempt writes a temp file in the target's folder and moves it into place
     * only after the checksum matches; the temp file is removed on any failure, so the cache never holds a partial or
     * corrupt file.
     *
     * @throws IllegalStateException when the file is not on the card, or (one line) when no mirror served it intact,
     *     naming every mirror tried, what each answered, and the fix
     */
    public static Download download(String relative, List<String> mirrors) {
        OfflineGuard.check("DataLocator.download(" + relative + ")");
        return downloadInto(relative, expectedSha256(relative), mirrors, cacheDir());
    }

    private static String expectedSha256(String relative) {
        String expected = checksums().get(relative);
        if (expected == null) {
            throw new IllegalStateException("no checksum for " + relative + " on the dataset card " + CHECKSUMS
                    + "; refusing to download unverified data. Fix: add its sha256 to datasets/design-bench/"
                    + "checksums.sha256");
        }
        return expected;
    }

    /** The download loop behind {@link #fetch} and {@link #download}, with the checksum and cache folder given. */
    static Download downloadInto(String relative, String sha256, List<String> mirrors, Path cache) {
        if (mirrors.isEmpty()) throw new IllegalArgumentException("no mirror to download " + relative + " from");
        Path target = cache.resolve(relative);
        List<String> failures = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot create the cache folder " + target.getParent() + " (" + e
                            + "). Fix: set MBO4J_CACHE to a writable folder",
                    e);
        }
        for (String mirror : mirrors) {
            String url = url(mirror, relative);
            String failure = tryOne(http, url, sha256, target);
            if (failure == null) return new Download(target, stripSlashes(mirror), failures);
            failures.add(failure);
        }
        throw new IllegalStateException("could not download " + relative + ": " + String.join("; ", failures)
                + ". Fix: set MBO4J_DATA to a folder holding the Design-Bench files, or " + MIRROR_ENV
                + " to a base URL under which " + relative + " is served");
    }

    /** One attempt; null on success (the file is in place), else what the mirror answered. */
    private static String tryOne(HttpClient http, String url, String sha256, Path target) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), ".download-", ".part");
            HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofMinutes(10))
                    .build();
            HttpResponse<Path> resp = http.send(req, HttpResponse.BodyHandlers.ofFile(tmp));
            if (resp.statusCode() != 200) return url + " answered HTTP " + resp.statusCode();
            String actual = sha256(tmp);
            if (!actual.equals(sha256)) return url + " served sha256 " + actual + " (expected " + sha256 + ")";
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return null;
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return url + " failed: " + describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("download of " + url + " interrupted", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the .part file stays; it is never read as data, and the next attempt uses a new name
                }
            }
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName()
                + (m == null || m.isBlank() ? "" : " " + m.strip().replaceAll("\\s+", " "));
    }

    private static List<String> mirrorList() {
        List<String> out = new ArrayList<>();
        String user = System.getProperty(MIRROR_PROPERTY);
        String source = "system property " + MIRROR_PROPERTY;
        if (user == null || user.isBlank()) {
            user = System.getenv(MIRROR_ENV);
            source = MIRROR_ENV;
        }
        if (user != null && !user.isBlank()) {
            for (String m : user.trim().split("[,\\s]+")) {
                URI u;
                try {
                    u = URI.create(m);
                } catch (IllegalArgumentException e) {
                    u = null;
                }
                if (u == null
                        || u.getHost() == null
                        || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
                    throw new IllegalArgumentException(source + " entry '" + m + "' is not an http(s) URL with a host."
                            + " Fix: give base URLs such as https://example.org/design-bench, separated by commas");
                }
                out.add(stripSlashes(m));
            }
        }
        out.add(HF_MIRROR);
        out.add(MIRROR);
        return List.copyOf(new LinkedHashSet<>(out));
    }

    private static String stripSlashes(String mirror) {
        String m = mirror;
        while (m.endsWith("/")) m = m.substring(0, m.length() - 1);
        return m;
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
