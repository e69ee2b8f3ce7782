package org.mbo4j.method.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mbo4j.nn.ReluNtk;
import org.mbo4j.nn.Tensors;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/**
 * BDI's repository ships the forward mapping's weights for TFBind8 ({@code npy/TFBind8-Exact-v0.npy} in
 * {@code GGchen1997/BDI} b670115: d = (K + 1e-6·tr(K)/n·I)⁻¹y from {@code npy/compute_d.py}, float64, 32,898 × 1).
 * With {@code MBO4J_BDI_D} naming that file, this checks that d solves our system: our NTK over our encoding of
 * TFBind8's rows and our z-scored targets, residual (K + shift·I)·d − y on 300 seeded rows. Our row order, logits,
 * z-scores and kernel must all agree with theirs for the residual to be small. The file is not ours to ship, so the
 * check is skipped without it ({@code docs/methods/bdi.md} records the result).
 */
class BdiAuthorsWeightsTest {
    @Test
    void authorsWeightsSolveOurKernelSystem() throws IOException {
        String path = System.getenv("MBO4J_BDI_D");
        assumeTrue(path != null && !path.isBlank(), "MBO4J_BDI_D not set");
        double[] d = readNpyColumn(Path.of(path));
        Task t = Tasks.load("TFBind8");
        OfflineProblem p = new OfflineProblem("TFBind8", t.space(), t.dataset(), t.objectives());
        SurrogateData data = SurrogateData.of(p, true, true);
        double[][] x = Tensors.rows(data.x());
        double[] y = Tensors.column(data.y(), 0);
        assertEquals(x.length, d.length, "rows");
        ReluNtk ntk = new ReluNtk(5);
        double trace = 0;
        for (double[] row : x) trace += ntk.value(row, row);
        double shift = 1e-6 * trace / x.length;
        SplittableRandom rng = new SplittableRandom(1);
        double worst = 0;
        double worstShuffled = Double.POSITIVE_INFINITY;
        for (int t2 = 0; t2 < 300; t2++) {
            int i = rng.nextInt(x.length);
            double s = shift * d[i];
            for (int j = 0; j < x.length; j++) s += ntk.value(x[i], x[j]) * d[j];
            worst = Math.max(worst, Math.abs(s - y[i]));
        }
        System.out.printf(
                "BDI's d against our kernel system: max |residual| over 300 rows = %.3e (|y| ≤ %.2f)%n",
                worst, maxAbs(y));
        assertTrue(worst < 1e-4, "max residual " + worst);
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** A little-endian float64 .npy of shape (n,) or (n, 1), C order. */
    static double[] readNpyColumn(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int major = all[6];
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = (major == 1 ? 10 : 12) + headerLen;
        String header = new String(all, major == 1 ? 10 : 12, headerLen, StandardCharsets.US_ASCII);
        if (!header.contains("'<f8'") || header.contains("'fortran_order': True")) {
            throw new IOException("expected a C-order little-endian float64 array, header " + header.trim());
        }
        int n = (all.length - start) / 8;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = b.getDouble(start + 8 * i);
        return out;
    }
}
