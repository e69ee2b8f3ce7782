package org.mbo4j.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mbo4j.nn.Gemm;
import org.nd4j.linalg.api.buffer.DataType;

/** The BLAS correctness check, run by ./mbo4j test on every machine. */
class BlasKernelsTest {
    @Test
    void theKernelThisJvmLoadedComputesCorrectGemms() {
        String setup = "OPENBLAS_CORETYPE=" + System.getenv().getOrDefault("OPENBLAS_CORETYPE", "auto") + " MBO4J_GEMM="
                + Gemm.library().id();
        assertEquals(List.of(), BlasCheck.check(DataType.FLOAT), "sgemm wrong with " + setup);
        assertEquals(List.of(), BlasCheck.check(DataType.DOUBLE), "dgemm wrong with " + setup);
        assertEquals(List.of(), BlasCheck.checkCholesky(), "LAPACK's Cholesky wrong with " + setup);
        assertTrue(BlasCheck.coreGflops(3) > 1, "the neural core's GEMM rate must be measurable");
    }

    @Test
    void theComparisonRejectsAWrongResultAndAcceptsRounding() {
        BlasCheck.Shape s = new BlasCheck.Shape(2, 2, 2, false, true, 1.0, 0.0, 'f');
        double[][] a = {{1, 2}, {3, 4}};
        double[][] b = {{1, 0}, {0, 1}}; // transposed identity
        double[][] c0 = new double[2][2];
        assertNull(BlasCheck.compare(s, a, b, c0, new double[][] {{1, 2}, {3, 4 + 1e-7}}, DataType.FLOAT));
        String f = BlasCheck.compare(s, a, b, c0, new double[][] {{1, 2}, {3, 4.01}}, DataType.FLOAT);
        assertEquals(
                "s gemm m=2 n=2 k=2 transA=false transB=true alpha=1.0 beta=0.0 C-order=f: C[1][1] = 4.01, "
                        + "expected 4.0",
                f);
        assertNotNull(BlasCheck.compare(s, a, b, c0, new double[][] {{1, 2}, {3, Double.NaN}}, DataType.DOUBLE));
    }

    @Test
    void aNativeCrashIsReportedWithItsSignalAndFrame() {
        // HotSpot's summary of the crash seen when the AVX-512 libnd4j was loaded on an AVX2-only CPU (2026-11-28)
        List<String> sigill = List.of(
                "#",
                "# A fatal error has been detected by the Java Runtime Environment:",
                "#",
                "#  SIGILL (0x4) at pc=0x00007f77233af9f3, pid=2557, tid=2558",
                "#",
                "# JRE version: OpenJDK Runtime Environment (17.0.15+6)",
                "# Problematic frame:",
                "# C  [libnd4jcpu.so+0x17af9f3]  sd::ops::HashHelper::getInstance()+0x33");
        String reason = BlasKernels.crashReason(sigill);
        assertTrue(
                reason.startsWith(": SIGILL in libnd4jcpu.so+0x17af9f3 (a native library built for instructions"),
                reason);
        assertTrue(reason.contains("-Dorg.bytedeco.javacpp.platform.extension"), reason);
        List<String> segv = List.of(
                "#  SIGSEGV (0xb) at pc=0x1, pid=1, tid=2",
                "# Problematic frame:",
                "# C  [libopenblas.so.0+0x12]  dgemm_");
        assertEquals(": SIGSEGV in libopenblas.so.0+0x12", BlasKernels.crashReason(segv));
        assertEquals("", BlasKernels.crashReason(List.of("Exception in thread \"main\" java.lang.Error")));
    }

    @Test
    void candidatesFollowTheCpuFlags() {
        Set<String> avx2 = Set.of("avx", "avx2", "fma");
        assertEquals(List.of("Haswell", "Zen", "Sandybridge", "Nehalem"), BlasKernels.candidates(avx2));
        Set<String> avx512 = Set.of("avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd");
        assertEquals("SkylakeX", BlasKernels.candidates(avx512).get(0));
        assertEquals(List.of("Nehalem"), BlasKernels.candidates(Set.of()));
    }

    @Test
    void fastestPicksOnlyAmongCorrectKernels() {
        var rs = List.of(
                new BlasKernels.Result("A", false, 900, "wrong"),
                new BlasKernels.Result("B", true, 300, null),
                new BlasKernels.Result("C", true, 100, null));
        assertEquals("B", BlasKernels.fastest(rs).orElseThrow().kernel());
        assertEquals(Optional.empty(), BlasKernels.fastest(List.of(rs.get(0))));
    }

    /** Every candidate kernel of this CPU in its own child JVM, as the launcher does: one must pass. */
    @Test
    void childJvmCheckFindsACorrectKernelAndTheLauncherChoiceIsOneOfThem() {
        List<BlasKernels.Result> rs = BlasKernels.evaluate(BlasKernels.candidates(BlasKernels.cpuFlags()), 1);
        BlasKernels.Result best =
                BlasKernels.fastest(rs).orElseThrow(() -> new AssertionError("no correct kernel: " + rs));
        assertTrue(best.gflops() > 0);
        String chosen = System.getenv("OPENBLAS_CORETYPE");
        if (System.getenv("MBO4J_BLAS_KERNEL_DONE") != null && chosen != null) {
            assertTrue(
                    rs.stream().anyMatch(r -> r.kernel().equals(chosen) && r.passed()),
                    "the launcher's kernel " + chosen + " did not pass here: " + rs);
        }
        // the library step: OpenBLAS with the best kernel must pass again; oneDNN is a candidate, and the library
        // this JVM runs (the launcher's choice) must be one that passed
        List<BlasKernels.Result> libs = BlasKernels.evaluateLibraries(best.kernel(), 1);
        assertEquals(
                List.of("openblas", "onednn"),
                libs.stream().map(BlasKernels.Result::gemm).toList());
        assertTrue(libs.get(0).passed(), "OpenBLAS failed in the library step: " + libs);
        String lib = Gemm.library().id();
        if (!lib.equals("nd4j")) {
            assertTrue(
                    libs.stream().anyMatch(r -> r.gemm().equals(lib) && r.passed()),
                    "this JVM's GEMM library " + lib + " did not pass in a child JVM: " + libs);
        }
    }
}
