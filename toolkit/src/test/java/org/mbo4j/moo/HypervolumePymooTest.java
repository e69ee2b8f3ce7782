package org.mbo4j.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Compares {@link Hypervolume}, {@link Pareto#frontRanks} and {@link Pareto#crowdingDistance} with pymoo on the
 * seeded random sets of {@code crosscheck/hypervolume_pymoo.py} (2 to 6 objectives, at least 20 sets each): the
 * committed fixture always, and a freshly regenerated one when {@code ./mbo4j test} points
 * {@code MBO4J_HV_FIXTURE} (or {@code -Dmbo4j.hvFixture}) at it.
 */
class HypervolumePymooTest {
    static final String FIXTURE = "hypervolume-pymoo.json";

    @Test
    void committedFixtureAgrees() throws IOException {
        try (InputStream in = HypervolumePymooTest.class.getResourceAsStream(FIXTURE)) {
            check(new ObjectMapper().readTree(in));
        }
    }

    @Test
    void freshPymooFixtureAgrees() throws IOException {
        String path = System.getProperty("mbo4j.hvFixture", System.getenv("MBO4J_HV_FIXTURE"));
        Assumptions.assumeTrue(
                path != null && !path.isBlank(),
                "no fresh fixture: ./mbo4j test regenerates one with pymoo and sets MBO4J_HV_FIXTURE");
        check(new ObjectMapper().readTree(Files.readString(Path.of(path))));
    }

    private static void check(JsonNode doc) {
        JsonNode cases = doc.get("cases");
        assertTrue(cases.size() >= 140, "fixture has only " + cases.size() + " cases");
        int[] perM = new int[7];
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            double[] ref = vector(c.get("ref"));
            double[][] pts = new double[c.get("points").size()][];
            for (int i = 0; i < pts.length; i++) pts[i] = vector(c.get("points").get(i));
            double expected = c.get("hv").asDouble();
            assertEquals(
                    expected,
                    Hypervolume.compute(pts, ref),
                    1e-9 * Math.max(1, Math.abs(expected)),
                    name + " (pymoo " + doc.get("pymoo").asText() + ")");
            int[] ranks = new int[pts.length];
            for (int i = 0; i < ranks.length; i++)
                ranks[i] = c.get("ranks").get(i).asInt();
            assertArrayEquals(ranks, Pareto.frontRanks(pts), name + " ranks");
            JsonNode f0 = c.get("front0");
            double[][] front = new double[f0.size()][];
            for (int i = 0; i < front.length; i++) front[i] = pts[f0.get(i).asInt()];
            double[] cd = Pareto.crowdingDistance(front);
            for (int i = 0; i < front.length; i++) {
                JsonNode e = c.get("crowding0").get(i);
                double want = e.isTextual() ? Double.POSITIVE_INFINITY : e.asDouble();
                assertEquals(want, cd[i], 1e-9, name + " crowding of front member " + i);
            }
            perM[ref.length]++;
        }
        for (int m = 2; m <= 6; m++) assertTrue(perM[m] >= 20, "too few " + m + "-objective cases: " + perM[m]);
    }

    private static double[] vector(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asDouble();
        return v;
    }
}
