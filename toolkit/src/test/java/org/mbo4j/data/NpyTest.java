package org.mbo4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsFloat64() throws IOException {
        double[][] a = {{1.5, -2}, {3, 4.25}, {0, 1e-9}};
        Path f = dir.resolve("a.npy");
        Npy.writeFloat64(f, a);
        double[][] b = Npy.read(f);
        for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0);
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        Path f = dir.resolve("bad.npy");
        Files.writeString(f, "hello world, not numpy");
        var e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().endsWith("is not a .npy file (bad magic bytes)"), e.getMessage());

        Path g = dir.resolve("trunc.npy");
        Npy.writeFloat64(g, new double[][] {{1, 2}, {3, 4}});
        byte[] bytes = Files.readAllBytes(g);
        Files.write(g, Arrays.copyOf(bytes, bytes.length - 8));
        var t = assertThrows(IOException.class, () -> Npy.read(g));
        assertTrue(t.getMessage().contains("expected 32 data bytes for shape (2, 2) <f8 but found 24"), t.getMessage());
    }
}
