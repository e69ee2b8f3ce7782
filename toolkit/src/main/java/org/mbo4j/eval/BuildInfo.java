package org.mbo4j.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Which code produced a result: the line {@code commit=<git commit>[-dirty] src=<hash of toolkit/src/main>} that the
 * launcher writes next to the compiled classes ({@code mbo4j-build.txt}, see {@code scripts/common.sh}), or
 * {@code unknown} when the classes were built some other way (e.g. a bare {@code mvn} in an IDE). Stored in every
 * {@link RunRecord}, so rows of one results file that came from different code can be told apart.
 */
public final class BuildInfo {
    private static final String RESOURCE = "/mbo4j-build.txt";
    private static final String ID = read();

    private BuildInfo() {}

    /** The build line, or {@code unknown}. */
    public static String id() {
        return ID;
    }

    /**
     * {@link #id()} plus the GEMM library of this JVM ({@code gemm=onednn|openblas|nd4j}, see
     * {@link org.mbo4j.nn.Gemm}): the libraries round differently, so the same code and seed can give designs that
     * differ at float precision under another library. What {@link RunRecord#build()} stores.
     */
    public static String withRuntime() {
        return ID + " gemm=" + org.mbo4j.nn.Gemm.library().id();
    }

    private static String read() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) return "unknown";
            String s = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? "unknown" : s;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
