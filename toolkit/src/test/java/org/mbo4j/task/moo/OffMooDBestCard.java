package org.mbo4j.task.moo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.task.Task;

/**
 * Prints the dataset card's D(best) comparison table ({@code datasets/off-moo-bench/README.md}): for each of the 31
 * Off-MOO-Bench tasks built as {@code ./mbo4j} builds them (seed 2024, 100,000 collected, best 40 % hidden), the
 * full-data objective range, the normalised nadir, D(best) = {@link Evaluation#dBest}(256) (the protocol's: min–max
 * over train ∪ test, the 256 best visible points by non-dominated sorting with crowding ties, reference point 2.2 ×
 * the normalised nadir), ParetoFlow's published D-Best and the relative difference. Run:
 *
 * <pre>
 * cd toolkit &amp;&amp; mvn -q -o test-compile &amp;&amp; java -cp target/classes:target/test-classes:$(cat target/classpath.txt) \
 *     org.mbo4j.task.moo.OffMooDBestCard
 * </pre>
 */
public final class OffMooDBestCard {
    /**
     * ParetoFlow (Yuan et al., ICLR 2025) D-Best rows: Table 8 (synthetic) and Table 13 (RE), as transcribed in
     * {@code /work/shared/reference/review.md} section 5.2; DTLZ2–6 have no row.
     */
    static final Map<String, Double> PARETOFLOW_D_BEST = Map.ofEntries(
            Map.entry("DTLZ1", 10.43),
            Map.entry("DTLZ7", 8.32),
            Map.entry("OmniTest", 3.87),
            Map.entry("VLMOP1", 0.08),
            Map.entry("VLMOP2", 1.64),
            Map.entry("VLMOP3", 45.14),
            Map.entry("ZDT1", 4.04),
            Map.entry("ZDT2", 4.70),
            Map.entry("ZDT3", 5.05),
            Map.entry("ZDT4", 5.46),
            Map.entry("ZDT6", 4.76),
            Map.entry("RE21", 4.10),
            Map.entry("RE22", 4.78),
            Map.entry("RE23", 4.75),
            Map.entry("RE24", 4.59),
            Map.entry("RE25", 4.79),
            Map.entry("RE31", 10.23),
            Map.entry("RE32", 10.53),
            Map.entry("RE33", 10.59),
            Map.entry("RE34", 9.30),
            Map.entry("RE35", 10.08),
            Map.entry("RE36", 7.61),
            Map.entry("RE37", 4.72),
            Map.entry("RE41", 18.27),
            Map.entry("RE42", 14.52),
            Map.entry("RE61", 97.49));

    private OffMooDBestCard() {}

    public static void main(String[] args) {
        List<MultiObjectiveFunction> all = new ArrayList<>(SyntheticSuite.problems());
        all.addAll(ReSuite.problems());
        System.out.println("| task | m | full min | full max | normalised nadir | D(best) | [PF] D-Best | ours / theirs"
                + " | within 5 % |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        int within = 0;
        int compared = 0;
        for (MultiObjectiveFunction f : all) {
            Task task = OffMooBenchTasks.task(
                    f,
                    OffMooBenchTasks.DEFAULT_DATA_SIZE,
                    OffMooBenchTasks.DEFAULT_FILTER_RATIO,
                    OffMooBenchTasks.DEFAULT_SEED);
            Evaluation eval = Evaluation.of(task);
            double dBest = eval.dBest(256);
            double[] ref = eval.referencePoint();
            double[] nadir = new double[ref.length];
            for (int j = 0; j < ref.length; j++) nadir[j] = ref[j] / 2.2;
            Double theirs = PARETOFLOW_D_BEST.get(f.name());
            String ratio = theirs == null ? "—" : String.format(Locale.ROOT, "%.3f", dBest / theirs);
            String ok = theirs == null ? "no row" : Math.abs(dBest / theirs - 1) <= 0.05 ? "yes" : "no";
            if (theirs != null) {
                compared++;
                if (ok.equals("yes")) within++;
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %s | %s | %s | %.3f | %s | %s | %s |%n",
                    f.name(),
                    f.objectives(),
                    vec(task.fullMin()),
                    vec(task.fullMax()),
                    vec(nadir),
                    dBest,
                    theirs == null ? "—" : String.format(Locale.ROOT, "%.2f", theirs),
                    ratio,
                    ok);
        }
        System.out.println();
        System.out.println(within + " of " + compared + " tasks with a published D-Best are within 5 %");
    }

    private static String vec(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int j = 0; j < v.length; j++) {
            if (j > 0) s.append(", ");
            s.append(String.format(Locale.ROOT, "%.4g", v[j]));
        }
        return s.append(']').toString();
    }
}
