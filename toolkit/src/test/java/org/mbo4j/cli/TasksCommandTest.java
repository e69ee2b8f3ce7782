package org.mbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mbo4j.task.TaskInfo;
import org.mbo4j.task.Tasks;

class TasksCommandTest {
    static List<String> run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        return out.toString().lines().toList();
    }

    static void assertFitsIn120(List<String> lines) {
        for (String l : lines) assertTrue(l.length() <= 120, "a line of " + l.length() + " columns: " + l);
    }

    @Test
    void tableIsLeftAlignedWithinOneHundredTwentyColumnsAndOneRowPerTask() {
        List<String> lines = run("tasks");
        assertFitsIn120(lines);
        assertTrue(lines.get(0).matches("name +family +space +dims +objectives +dataset size +oracle"), lines.get(0));
        assertTrue(lines.get(1).matches("-+( +-+){6}"), lines.get(1));
        List<TaskInfo> catalogue = Tasks.catalogue();
        String tf =
                lines.stream().filter(l -> l.startsWith("TFBind8 ")).findFirst().orElseThrow();
        assertEquals(
                List.of(
                        "TFBind8",
                        "design-bench",
                        "sequence of 8 over acgt",
                        "8",
                        "1",
                        "32898 of 65792",
                        "exact lookup"),
                List.of(tf.split(" {2,}")));
        for (TaskInfo t : catalogue) {
            assertEquals(
                    1, lines.stream().filter(l -> l.startsWith(t.name() + " ")).count(), t.name());
            assertFalse(String.join("\n", lines).contains(t.citation()), "citations are in --long only");
        }
        assertEquals(
                catalogue.size() + " tasks; ./mbo4j tasks --long adds the citation of each",
                lines.get(lines.size() - 1));
    }

    @Test
    void everyMultiObjectiveTaskHasItsNadirListed() {
        List<String> lines = run("tasks");
        int start = lines.indexOf(
                "nadir points of the multi-objective tasks (hypervolume reference: 2.2 × the normalised nadir)");
        assertTrue(start > 0, String.join("\n", lines));
        int end = start + 1;
        while (!lines.get(end).isEmpty()) end++;
        Map<String, String> nadirs = new LinkedHashMap<>();
        for (String l : lines.subList(start + 1, end)) {
            String[] parts = l.strip().split(" {2,}", 2);
            nadirs.put(parts[0], parts[1]);
        }
        List<String> mo = Tasks.catalogue().stream()
                .filter(t -> t.objectives() > 1)
                .map(TaskInfo::name)
                .toList();
        assertEquals(31, mo.size(), "Off-MOO-Bench's closed-form suite");
        assertEquals(mo, List.copyOf(nadirs.keySet()));
        // Off-MOO-Bench's hard-coded nadir_point (synthetic_func.py), 6 significant digits
        assertEquals("[0.999998, 7.82507]", nadirs.get("ZDT1"));
        assertEquals("[83060.0, 1350.00, 2.85347e+06, 1.60271e+07, 357720, 99660.3]", nadirs.get("RE61"));
    }

    @Test
    void longViewHoldsEveryCitationWrappedWithinOneHundredTwentyColumns() {
        List<String> lines = run("tasks", "--long");
        assertFitsIn120(lines);
        int start = lines.indexOf("citations");
        assertTrue(start > 0, String.join("\n", lines));
        // "  name  citation..." starts an entry; lines indented further continue the citation.
        Map<String, String> cites = new LinkedHashMap<>();
        String current = null;
        for (String l : lines.subList(start + 1, lines.size())) {
            if (!l.startsWith("   ")) {
                String[] parts = l.strip().split(" {2,}", 2);
                current = parts[0];
                cites.put(current, parts[1]);
            } else {
                cites.put(current, cites.get(current) + " " + l.strip());
            }
        }
        List<TaskInfo> catalogue = Tasks.catalogue();
        assertEquals(catalogue.stream().map(TaskInfo::name).toList(), List.copyOf(cites.keySet()));
        for (TaskInfo t : catalogue) assertEquals(t.citation(), cites.get(t.name()), t.name());
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("                    al., NeurIPS 2024)")),
                "Branin's citation (116 characters) wraps onto a continuation line");
    }
}
