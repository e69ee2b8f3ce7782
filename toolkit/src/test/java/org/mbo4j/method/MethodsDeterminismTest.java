package org.mbo4j.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/** Same seed → identical designs, for every registered method (quick settings, a 600-row slice of TFBind8). */
class MethodsDeterminismTest {
    static java.util.List<String> names() { return Methods.names(); }

    @ParameterizedTest
    @MethodSource("names")
    void sameSeedSameDesigns(String name) {
        Task t = Tasks.load("TFBind8");
        int[] rows = IntStream.range(0, 600).map(i -> i * 50).toArray();
        OfflineProblem p = new OfflineProblem("TFBind8-slice", t.space(), t.dataset().subset(rows), t.objectives());
        Method m = Methods.create(name).quick();
        Proposal a = m.propose(p, 8, 11);
        Proposal b = Methods.create(name).quick().propose(p, 8, 11);
        assertEquals(a.size(), b.size());
        assertTrue(a.size() > 0);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.designs()[i], b.designs()[i], 0, name + " design " + i);
        for (double[] d : a.designs()) assertTrue(t.space().contains(d), name + " proposes outside the space");
    }
}
