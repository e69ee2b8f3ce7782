package org.mbo4j.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

/**
 * Every registered method: same seed → identical designs (quick settings, a 600-row slice of TFBind8), and a small
 * user file trains with the paper's validation counts.
 */
class MethodsDeterminismTest {
    static List<String> names() {
        return Methods.names();
    }

    /** Methods for box spaces: every registered one that supports them (not REINFORCE, whose policy is over sequences). */
    static List<String> boxMethods() {
        var box = GoldenDesigns.smallBox().space();
        return Methods.names().stream()
                .filter(n -> Methods.create(n).supports(box))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("names")
    void sameSeedSameDesigns(String name) {
        Task t = Tasks.load("TFBind8");
        int[] rows = IntStream.range(0, 600).map(i -> i * 50).toArray();
        OfflineProblem p =
                new OfflineProblem("TFBind8-slice", t.space(), t.dataset().subset(rows), t.objectives());
        Method m = Methods.create(name).quick();
        Proposal a = m.propose(p, 8, 11);
        Proposal b = Methods.create(name).quick().propose(p, 8, 11);
        assertEquals(a.size(), b.size());
        assertTrue(a.size() > 0);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.designs()[i], b.designs()[i], 0, name + " design " + i);
        for (double[] d : a.designs()) assertTrue(t.space().contains(d), name + " proposes outside the space");
    }

    /**
     * A 40-row file is smaller than every method's paper validation count (200 or 500 rows). The methods hold out
     * at most a fifth of it (8 rows) and train on the rest; {@code grad} used to fail here with "validation split
     * of 200 leaves no training rows".
     */
    @ParameterizedTest
    @MethodSource("boxMethods")
    void smallFileTrainsWithPaperValidationCounts(String name) {
        OfflineProblem p = GoldenDesigns.smallBox();
        ContinuousSpace box = (ContinuousSpace) p.space();
        Proposal a = Methods.create(name).quick().propose(p, 8, 3);
        assertEquals(8, a.size(), name);
        for (double[] d : a.designs()) assertTrue(box.contains(d), name + " proposes outside the box");
    }
}
