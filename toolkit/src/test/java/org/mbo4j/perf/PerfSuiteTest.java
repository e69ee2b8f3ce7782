package org.mbo4j.perf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PerfSuiteTest {
    @Test
    void crossEntropyIsSummedOverPositionsAndAveragedOverColumns() {
        // 2 columns × 2 positions × 2 letters; column 0: position 0 logits (0, 0) target 0, position 1 (ln 3, 0)
        // target 0; column 1: position 0 (0, 0) target 1, position 1 (0, ln 3) target 0
        float l3 = (float) Math.log(3);
        float[] logits = {0, 0, l3, 0, 0, 0, 0, l3};
        int[] target = {0, 0, 1, 0};
        float[] g = new float[8];
        double loss = PerfSuite.crossEntropyGradient(logits, target, 2, 2, g);
        // −ln ½ − ln ¾ − ln ½ − ln ¼, over 2 columns
        double expected = (Math.log(2) + Math.log(4.0 / 3) + Math.log(2) + Math.log(4)) / 2;
        assertEquals(expected, loss, 1e-6);
        // (softmax − one-hot) / 2
        float[] want = {-0.25f, 0.25f, -0.125f, 0.125f, 0.25f, -0.25f, -0.375f, 0.375f};
        assertArrayEquals(want, g, 1e-6f);
    }

    @Test
    void transformerStepFlopsCountDenseAttentionAndHead() {
        // one layer, E = 2, T = 2 tokens, 1 input, 1 output, batch 1: per token 12·4 + 2·2/2 = 50; attention 2·4·2 =
        // 16;
        // head 1·2·1 = 2; × 6
        assertEquals(6.0 * (2 * 50 + 16 + 2), PerfSuite.transformerStepFlops(1, 2, 2, 1, 1, 1), 1e-9);
    }

    @Test
    void nsga2GenerationCountsTheProxiesForwardPasses() {
        PerfCase c = new PerfSuite(true, line -> {}).run("nsga2-generation");
        // 256 rows through two 30 → 2048 → 2048 → 1 networks: 2 × (61,440 + 4,194,304 + 2,048) multiply-adds a row
        assertEquals(256 * 2 * 2.0 * 4_257_792, c.flops(), 0);
        assertEquals(256, c.samples(), 0);
        assertTrue(c.seconds() > 0 && Double.isFinite(c.seconds()), "seconds " + c.seconds());
    }
}
