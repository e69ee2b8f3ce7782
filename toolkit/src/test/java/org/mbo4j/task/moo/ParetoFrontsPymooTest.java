package org.mbo4j.task.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mbo4j.moo.Igd;

/**
 * Compares {@link MultiObjectiveFunction#referenceFront()} of ZDT1–4, ZDT6 and DTLZ1–4 with pymoo's
 * {@code pareto_front()} (as point sets, 1e-12) and {@link Igd} with {@code pymoo.indicators.igd.IGD} (1e-12
 * relative) on the seeded sets of {@code crosscheck/moo_fronts_pymoo.py}: the committed fixture always, and a fresh one
 * when {@code ./mbo4j test} points {@code MBO4J_FRONTS_FIXTURE} (or {@code -Dmbo4j.frontsFixture}) at it.
 */
class ParetoFrontsPymooTest {
    static final String FIXTURE = "moo-fronts-pymoo.json";

    @Test
    void committedFixtureAgrees() throws IOException {
        try (InputStream in = ParetoFrontsPymooTest.class.getResourceAsStream(FIXTURE)) {
            check(new ObjectMapper().readTree(in));
        }
    }

    @Test
    void freshPymooFixtureAgrees() throws IOException {
        String path = System.getProperty("mbo4j.frontsFixture", System.getenv("MBO4J_FRONTS_FIXTURE"));
        Assumptions.assumeTrue(
                path != null && !path.isBlank(),
                "no fresh fixture: ./mbo4j test regenerates one with pymoo and sets MBO4J_FRONTS_FIXTURE");
        check(new ObjectMapper().readTree(Files.readString(Path.of(path))));
    }

    private static void check(JsonNode doc) {
        String pymoo = " (pymoo " + doc.get("pymoo").asText() + ")";
        JsonNode fronts = doc.get("fronts");
        assertEquals(9, fronts.size(), "fronts in the fixture");
        for (MultiObjectiveFunction f : SyntheticSuite.problems()) {
            JsonNode want = fronts.get(f.name());
            if (want == null) continue;
            double[][] expected = sorted(matrix(want));
            double[][] ours = sorted(f.referenceFront().orElseThrow());
            assertEquals(expected.length, ours.length, f.name() + " front size" + pymoo);
            for (int i = 0; i < ours.length; i++) {
                for (int j = 0; j < ours[i].length; j++) {
                    assertEquals(expected[i][j], ours[i][j], 1e-12, f.name() + " front point " + i + pymoo);
                }
            }
        }
        JsonNode cases = doc.get("cases");
        assertTrue(cases.size() >= 40, "fixture has only " + cases.size() + " IGD cases");
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            double[][] front =
                    c.has("front") ? matrix(fronts.get(c.get("front").asText())) : matrix(c.get("front_points"));
            double expected = c.get("igd").asDouble();
            assertEquals(expected, Igd.compute(matrix(c.get("points")), front), 1e-12 * expected, name + pymoo);
        }
    }

    private static double[][] sorted(double[][] rows) {
        double[][] s = rows.clone();
        Arrays.sort(s, Comparator.<double[]>comparingDouble(r -> r[0]).thenComparingDouble(r -> r[1]));
        return s;
    }

    private static double[][] matrix(JsonNode a) {
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new double[a.get(i).size()];
            for (int j = 0; j < out[i].length; j++) out[i][j] = a.get(i).get(j).asDouble();
        }
        return out;
    }
}
