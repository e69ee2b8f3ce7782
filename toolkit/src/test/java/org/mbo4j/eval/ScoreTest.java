package org.mbo4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScoreTest {
    @Test
    void printsTheFieldsThatApplyAtFourSignificantDigits() {
        Score single = new Score(
                "TFBind8",
                "grad",
                3,
                128,
                0.9834512,
                0.6123456,
                0.98765432,
                0.36651134490966797,
                Double.NaN,
                Double.NaN,
                0.439296156167984,
                128,
                12.3456);
        assertEquals(
                "Score[TFBind8 grad seed 3 k 128 score100=0.9877 score50=0.3665 raw100=0.9835 raw50=0.6123 "
                        + "d_best=0.4393 seconds=12.35 oracle_calls=128]",
                single.toString());
        Score multi = new Score(
                "ZDT1",
                "random",
                0,
                16,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                4.123456,
                2.5,
                3.999999,
                16,
                Double.NaN);
        assertEquals("Score[ZDT1 random seed 0 k 16 hv100=4.123 hv50=2.5 d_best=4 oracle_calls=16]", multi.toString());
    }
}
