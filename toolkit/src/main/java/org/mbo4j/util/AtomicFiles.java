package org.mbo4j.util;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files all-or-nothing: the content goes to a hidden temporary file in the target's folder, which is
 * moved into place only when writing succeeded. On any failure the temporary file is deleted, so a reader
 * never sees a half-written file and a failed run leaves nothing behind. An existing target is refused unless
 * overwriting is allowed; then it is replaced in one atomic rename (the old content stays intact until then).
 *
 * <p>The temporary file lives in the same folder so the final move is a rename on one file system. It is
 * created with the default permissions (umask), not the owner-only ones of {@code Files.createTempFile}.
 * Only a hard kill (SIGKILL, power loss) while writing can leave a {@code .<name>.<random>.tmp} file behind.
 */
public final class AtomicFiles {
    /** The body of a write: puts the content into {@code out} (UTF-8, buffered; closed by the caller). */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Checks, before any expensive work, that {@code target} could be written: its folder exists and it is not
     * a folder itself, and it does not exist yet unless {@code overwrite}.
     *
     * @throws IOException with one sentence naming the problem and the fix
     */
    public static void requireWritable(Path target, boolean overwrite) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("the folder of " + target + " does not exist (" + dir + "); create it first");
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(target + " is a folder; give a file name");
        }
        if (!overwrite && Files.exists(abs)) {
            throw new FileAlreadyExistsException(
                    target.toString(), null, "the file already exists; allow overwriting or choose another name");
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("cannot write into " + dir + " (no permission); choose another folder");
        }
    }

    /**
     * Writes {@code target} atomically with UTF-8 text produced by {@code content}.
     *
     * @param overwrite replace an existing file; when false an existing target is an error and stays untouched
     * @throws IOException from {@link #requireWritable}, from {@code content}, or from the final move; the
     *                     temporary file is deleted in every case
     */
    public static void write(Path target, boolean overwrite, Content content) throws IOException {
        writeBinary(target, overwrite, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            content.writeTo(w);
            w.flush();
        });
    }

    /** Writes {@code text} to {@code target} atomically; see {@link #write(Path, boolean, Content)}. */
    public static void writeString(Path target, boolean overwrite, String text) throws IOException {
        write(target, overwrite, w -> w.write(text));
    }

    /** The body of a binary write: puts the bytes into {@code out} (buffered; closed by the caller). */
    @FunctionalInterface
    public interface BinaryContent {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with the bytes produced by {@code content}; as {@link #write}. */
    public static void writeBinary(Path target, boolean overwrite, BinaryContent content) throws IOException {
        requireWritable(target, overwrite);
        Path abs = target.toAbsolutePath();
        Path tmp = createTemp(abs);
        boolean moved = false;
        try {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                content.writeTo(o);
            }
            move(tmp, abs, overwrite);
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    private static Path createTemp(Path target) throws IOException {
        Path dir = target.getParent();
        String base = "." + target.getFileName() + ".";
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(
                    base + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Path created = Files.createFile(tmp);
                created.toFile().deleteOnExit(); // Ctrl-C while writing: shutdown hooks still remove it
                return created;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) throw e;
            }
        }
    }

    private static void move(Path tmp, Path target, boolean overwrite) throws IOException {
        if (overwrite) {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            // Without REPLACE_EXISTING the move fails if the target appeared meanwhile: never clobber silently.
            try {
                Files.move(tmp, target);
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(
                        target.toString(),
                        null,
                        "the file appeared while writing; allow overwriting or choose another name");
            }
        }
    }
}
