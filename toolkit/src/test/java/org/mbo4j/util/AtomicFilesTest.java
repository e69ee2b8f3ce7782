package org.mbo4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesContentAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.csv");
        AtomicFiles.write(target, false, w -> w.write("a,b\n1,2\n"));
        assertEquals("a,b\n1,2\n", Files.readString(target));
        assertEquals(List.of("out.csv"), listing());
    }

    @Test
    void failureWhileWritingLeavesNothing() throws IOException {
        Path target = dir.resolve("out.csv");
        IOException e = assertThrows(
                IOException.class,
                () -> AtomicFiles.write(target, false, w -> {
                    w.write("half a file");
                    throw new IOException("disk full");
                }));
        assertEquals("disk full", e.getMessage());
        assertEquals(List.of(), listing());
    }

    @Test
    void runtimeFailureWhileWritingAlsoLeavesNothing() throws IOException {
        Path target = dir.resolve("out.csv");
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFiles.write(target, true, w -> {
                    w.write("x");
                    throw new IllegalStateException("boom");
                }));
        assertEquals(List.of(), listing());
    }

    @Test
    void refusesExistingTargetUnlessOverwriteAndKeepsItsContent() throws IOException {
        Path target = dir.resolve("out.csv");
        Files.writeString(target, "old");
        FileAlreadyExistsException e =
                assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.writeString(target, false, "new"));
        assertEquals(target + ": the file already exists; allow overwriting or choose another name", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("out.csv"), listing());

        AtomicFiles.writeString(target, true, "new");
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("out.csv"), listing());
    }

    @Test
    void failedOverwriteKeepsTheOldFile() throws IOException {
        Path target = dir.resolve("out.csv");
        Files.writeString(target, "old");
        assertThrows(
                IOException.class,
                () -> AtomicFiles.write(target, true, w -> {
                    w.write("partial");
                    throw new IOException("interrupted");
                }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("out.csv"), listing());
    }

    @Test
    void missingFolderAndFolderTargetAreClearErrors() {
        Path target = dir.resolve("no/such/out.csv");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, false, "x"));
        assertEquals(
                "the folder of " + target + " does not exist (" + dir.resolve("no/such") + "); create it first",
                e.getMessage());
        IOException f = assertThrows(IOException.class, () -> AtomicFiles.writeString(dir, true, "x"));
        assertEquals(dir + " is a folder; give a file name", f.getMessage());
        assertFalse(Files.exists(dir.resolve("no")));
    }

    @Test
    void resultHasDefaultPermissionsNotOwnerOnly() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference"));
        if (!Files.getFileStore(reference).supportsFileAttributeView("posix")) return;
        Path target = dir.resolve("out.csv");
        AtomicFiles.writeString(target, false, "x");
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
        assertEquals(expected, Files.getPosixFilePermissions(target));
    }
}
