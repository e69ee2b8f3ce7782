package org.mbo4j.perf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineLoadTest {
    private static final String STAT_A = "cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 50 2 25 400 20 1 1 0 0 0\nintr 1\n";
    private static final String STAT_B = "cpu  160 5 70 900 60 3 2 0 0 0\ncpu0 80 2 35 450 30 1 1 0 0 0\nintr 2\n";

    @Test
    void busySharesCountIdleAndIowaitAsNotBusy() {
        // A: busy 100+5+50+3+2+0 = 160 of 1000; B: busy 240 of 1200 → 80 busy of 200 jiffies in the window
        assertArrayEquals(new long[] {160, 1000}, MachineLoad.cpuTimes(STAT_A));
        assertArrayEquals(new long[] {240, 1200}, MachineLoad.cpuTimes(STAT_B));
        assertEquals(0.4, MachineLoad.busy(MachineLoad.cpuTimes(STAT_A), MachineLoad.cpuTimes(STAT_B)), 1e-15);
        assertTrue(new MachineLoad(0.4, 2.5).busy());
        assertFalse(new MachineLoad(0.1, 2.5).busy());
    }

    @Test
    void missingOrOddFilesGiveNaN() {
        assertNull(MachineLoad.cpuTimes(null));
        assertNull(MachineLoad.cpuTimes("intr 1\n"));
        assertTrue(Double.isNaN(MachineLoad.busy(null, MachineLoad.cpuTimes(STAT_B))));
        assertTrue(Double.isNaN(MachineLoad.busy(MachineLoad.cpuTimes(STAT_A), MachineLoad.cpuTimes(STAT_A))));
        assertEquals(0.52, MachineLoad.loadAverage("0.52 0.58 0.59 1/467 12345\n"));
        assertTrue(Double.isNaN(MachineLoad.loadAverage("")));
        assertTrue(Double.isNaN(MachineLoad.loadAverage("x y")));
        assertFalse(new MachineLoad(Double.NaN, Double.NaN).busy());
    }
}
