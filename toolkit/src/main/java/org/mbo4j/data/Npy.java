package org.mbo4j.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mbo4j.offline.OfflineGuard;

/**
 * Reader and writer for NumPy {@code .npy} files (format versions 1–3), 1-D or 2-D, C order, little-endian
 * int32/int64/float32/float64 — what Design-Bench shards use.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * A 2-D array (1-D arrays read as one column) in row-major {@code double[rows][cols]}. Task files are full task
     * data, so this fails while a method proposes ({@link OfflineGuard}).
     */
    public static double[][] read(Path file) throws IOException {
        OfflineGuard.check("Npy.read(" + file + ")");
        byte[] all = Files.readAllBytes(file);
        String where = file.toString();
        if (all.length < 10) throw new IOException(where + " is not a .npy file: only " + all.length + " bytes");
        for (int i = 0; i < MAGIC.length; i++) {
            if (all[i] != MAGIC[i]) throw new IOException(where + " is not a .npy file (bad magic bytes)");
        }
        int major = all[6];
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(bb.getShort(8));
            offset = 10;
        } else if (major == 2 || major == 3) {
            headerLen = bb.getInt(8);
            offset = 12;
        } else {
            throw new IOException(where + ": unsupported .npy version " + major);
        }
        if (offset + headerLen > all.length) throw new IOException(where + ": truncated .npy header");
        String header = new String(all, offset, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find())
            throw new IOException(where + ": malformed .npy header: " + header.trim());
        if (f.group(1).equals("True")) throw new IOException(where + ": Fortran-order arrays are not supported");
        String descr = d.group(1);
        String[] dims = s.group(1).split(",");
        long rows;
        long cols = 1;
        try {
            String a = dims.length > 0 ? dims[0].trim() : "";
            String b = dims.length > 1 ? dims[1].trim() : "";
            if (a.isEmpty()) throw new IOException(where + ": 0-d arrays are not supported");
            rows = Long.parseLong(a);
            if (!b.isEmpty()) cols = Long.parseLong(b);
            for (int k = 2; k < dims.length; k++) {
                if (!dims[k].trim().isEmpty()) cols *= Long.parseLong(dims[k].trim());
            }
        } catch (NumberFormatException e) {
            throw new IOException(where + ": malformed shape in .npy header: " + s.group(1));
        }
        int width;
        switch (descr) {
            case "<i4", "<f4" -> width = 4;
            case "<i8", "<f8" -> width = 8;
            case "|u1", "|i1", "|b1" -> width = 1;
            default ->
                throw new IOException(
                        where + ": unsupported dtype " + descr + " (supported: <i4 <i8 <f4 <f8 |u1 |i1 |b1)");
        }
        int data = offset + headerLen;
        long need = rows * cols * width;
        if (all.length - data != need) {
            throw new IOException(where + ": expected " + need + " data bytes for shape (" + rows + ", " + cols + ") "
                    + descr + " but found " + (all.length - data) + "; the file is truncated or corrupt");
        }
        double[][] out = new double[(int) rows][(int) cols];
        int p = data;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = switch (descr) {
                    case "<i4" -> bb.getInt(p);
                    case "<f4" -> bb.getFloat(p);
                    case "<i8" -> bb.getLong(p);
                    case "<f8" -> bb.getDouble(p);
                    case "|u1" -> Byte.toUnsignedInt(all[p]);
                    default -> all[p];
                };
                p += width;
            }
        }
        return out;
    }

    /** Writes a 2-D float64 array ({@code <f8}, C order, format 1.0). */
    public static void writeFloat64(Path file, double[][] a) throws IOException {
        int rows = a.length;
        int cols = rows == 0 ? 0 : a[0].length;
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int total = MAGIC.length + 4 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer body = ByteBuffer.allocate(rows * cols * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] r : a) {
            if (r.length != cols)
                throw new IllegalArgumentException("ragged array: rows of " + cols + " and " + r.length);
            for (double v : r) body.putDouble(v);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(MAGIC);
            out.write(new byte[] {1, 0, (byte) (header.length() & 0xff), (byte) (header.length() >> 8)});
            out.write(header.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body.array());
        }
    }
}
