package org.mbo4j.task.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Compares every {@link OffMooBenchTasks#SYNTHETIC} function with the reference values of
 * {@code crosscheck/moo_functions_pymoo.py} (pymoo 0.6.1.3's ZDT, DTLZ and OmniTest; numpy transcriptions of
 * Off-MOO-Bench's VLMOP1–3) to 1e-10 relative: the committed fixture always, and a freshly regenerated one when
 * {@code ./mbo4j test} points {@code MBO4J_MOO_FIXTURE} (or {@code -Dmbo4j.mooFixture}) at it; the fresh fixture
 * must also equal the committed one.
 */
class MooFunctionsPymooTest {
    static final String FIXTURE = "moo-functions-pymoo.json";

    /** Relative tolerance, with no absolute floor: exact zeros must come out exactly 0 (they do). */
    static final double REL = 1e-10;

    private static JsonNode committed() throws IOException {
        try (InputStream in = MooFunctionsPymooTest.class.getResourceAsStream(FIXTURE)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void committedFixtureAgrees() throws IOException {
        check(committed());
    }

    @Test
    void freshPymooFixtureAgrees() throws IOException {
        String path = System.getProperty("mbo4j.mooFixture", System.getenv("MBO4J_MOO_FIXTURE"));
        Assumptions.assumeTrue(
                path != null && !path.isBlank(),
                "no fresh fixture: ./mbo4j test regenerates one with pymoo and sets MBO4J_MOO_FIXTURE");
        JsonNode fresh = new ObjectMapper().readTree(Files.readString(Path.of(path)));
        check(fresh);
        assertEquals("", firstDifference(committed().get("cases"), fresh.get("cases")));
    }

    /**
     * Where the regenerated cases first differ from the committed ones, in one line; empty when equal. Objective values
     * may differ by {@value #F_REL} relative (numpy's last digit moves between processors' SIMD paths: ZDT1 f₁ ended in
     * …535 on the AVX-512 machine that wrote the fixture and …534 on an AVX2 one); names, sources and inputs must match
     * exactly.
     */
    static String firstDifference(JsonNode committed, JsonNode fresh) {
        if (committed.size() != fresh.size()) {
            return "the regenerated fixture has " + fresh.size() + " functions, " + FIXTURE + " " + committed.size();
        }
        for (int c = 0; c < committed.size(); c++) {
            JsonNode a = committed.get(c);
            JsonNode b = fresh.get(c);
            String name = a.get("name").asText();
            for (String key : new String[] {"name", "source", "x", "f"}) {
                if (a.get(key).equals(b.get(key))) continue;
                if (!a.get(key).isArray() || a.get(key).size() != b.get(key).size()) {
                    return name + ": '" + key + "' differs from " + FIXTURE + "; regenerate and commit it";
                }
                for (int i = 0; i < a.get(key).size(); i++) {
                    boolean same = key.equals("f")
                            ? close(a.get(key).get(i), b.get(key).get(i))
                            : a.get(key).get(i).equals(b.get(key).get(i));
                    if (!same) {
                        return name + " " + key + "[" + i + "]: " + FIXTURE + " has "
                                + a.get(key).get(i) + ", the regenerated fixture "
                                + b.get(key).get(i);
                    }
                }
            }
        }
        return "";
    }

    /** Relative tolerance of regenerated objective values against the committed fixture. */
    static final double F_REL = 1e-13;

    private static boolean close(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            double x = a.asDouble(), y = b.asDouble();
            return Math.abs(x - y) <= F_REL * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) if (!close(a.get(i), b.get(i))) return false;
            return true;
        }
        return a.equals(b);
    }

    private static void check(JsonNode doc) {
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode c : doc.get("cases")) {
            String name = c.get("name").asText();
            MultiObjectiveFunction f = SyntheticSuite.problems().stream()
                    .filter(g -> g.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("fixture function " + name + " is not registered"));
            JsonNode xs = c.get("x");
            JsonNode ys = c.get("f");
            assertTrue(xs.size() >= 40, name + ": only " + xs.size() + " points");
            for (int i = 0; i < xs.size(); i++) {
                double[] x = vector(xs.get(i));
                double[] want = vector(ys.get(i));
                assertEquals(f.dims(), x.length, name);
                assertTrue(f.domain().contains(x), name + " point " + i + " lies outside the Off-MOO-Bench box");
                double[] got = f.evaluate(x);
                assertEquals(want.length, got.length, name);
                for (int j = 0; j < want.length; j++) {
                    double tol = REL * Math.abs(want[j]);
                    assertEquals(
                            want[j],
                            got[j],
                            tol,
                            name + " point " + i + " objective " + j + " ("
                                    + c.get("source").asText() + ")");
                }
            }
            seen.add(name);
        }
        Set<String> registered = new LinkedHashSet<>();
        SyntheticSuite.problems().forEach(f -> registered.add(f.name()));
        assertEquals(registered, seen, "the fixture covers every synthetic function");
    }

    @Test
    void pointsOnTheKnownFrontsByHand() {
        // ZDT2 at g = 1: f2 = 1 − f1²; ZDT3: 1 − sqrt(f1) − f1·sin(10π·f1); ZDT4 at x_i = 0: g = 1 + 9·10 − 9·10 = 1
        double[] z = new double[30];
        z[0] = 0.25;
        assertArrayEquals(new double[] {0.25, 1 - 0.0625}, SyntheticSuite.zdt2().evaluate(z), 1e-15);
        assertArrayEquals(
                new double[] {0.25, 1 - 0.5 - 0.25 * Math.sin(2.5 * Math.PI)},
                SyntheticSuite.zdt3().evaluate(z),
                1e-15);
        double[] z4 = new double[10];
        z4[0] = 0.36;
        assertArrayEquals(new double[] {0.36, 1 - 0.6}, SyntheticSuite.zdt4().evaluate(z4), 1e-12);
        // ZDT6 at x1 = 0: f1 = 1 − 0 = 1, g = 1 (x_i = 0): f2 = 0
        assertArrayEquals(new double[] {1, 0}, SyntheticSuite.zdt6().evaluate(new double[10]), 1e-15);
        // DTLZ1 at x_M = 0.5: g = 100(5 + 5·(0 − cos 0)) = 0, f = ½(x1x2, x1(1 − x2), 1 − x1)
        double[] d1 = {0.2, 0.7, 0.5, 0.5, 0.5, 0.5, 0.5};
        assertArrayEquals(
                new double[] {0.5 * 0.14, 0.5 * 0.06, 0.4},
                SyntheticSuite.dtlz1().evaluate(d1),
                1e-15);
        // DTLZ3 = DTLZ2 where g vanishes; DTLZ4's angle x^100 is 0 for x = 0.5 (to 1e-30): f = (1, 0, 0)
        double[] d = new double[10];
        Arrays.fill(d, 0.5);
        assertArrayEquals(
                SyntheticSuite.dtlz2().evaluate(d), SyntheticSuite.dtlz3().evaluate(d), 1e-15);
        assertArrayEquals(new double[] {1, 0, 0}, SyntheticSuite.dtlz4().evaluate(d), 1e-15);
        // DTLZ5 at g = 0: θ2 = ½ whatever x2 is
        d[1] = 0.9;
        double c = Math.cos(0.25 * Math.PI);
        assertArrayEquals(new double[] {c * c, c * c, c}, SyntheticSuite.dtlz5().evaluate(d), 1e-15);
        // DTLZ6 at x_M = 0: g = 0, the same point; DTLZ7 at x_M = 0: g = 1, h = 3 − Σ x_i/2·(1 + sin(3π x_i))
        double[] d6 = new double[10];
        d6[0] = 0.5;
        d6[1] = 0.9;
        assertArrayEquals(new double[] {c * c, c * c, c}, SyntheticSuite.dtlz6().evaluate(d6), 1e-15);
        double h = 3 - 0.25 * (1 + Math.sin(1.5 * Math.PI)) - 0.45 * (1 + Math.sin(2.7 * Math.PI));
        assertArrayEquals(new double[] {0.5, 0.9, 2 * h}, SyntheticSuite.dtlz7().evaluate(d6), 1e-15);
        // OmniTest at (1.5, 1.5): (−2, 0); VLMOP1 at 1: (1, 1); VLMOP2 at x = 1/√6: (0, 1 − e^{−4}); VLMOP3 at 0
        assertArrayEquals(new double[] {-2, 0}, SyntheticSuite.omniTest().evaluate(new double[] {1.5, 1.5}), 1e-15);
        assertArrayEquals(new double[] {1, 1}, SyntheticSuite.vlmop1().evaluate(new double[] {1}), 0.0);
        double[] v = new double[6];
        Arrays.fill(v, 1 / Math.sqrt(6));
        assertArrayEquals(
                new double[] {0, 1 - Math.exp(-4)}, SyntheticSuite.vlmop2().evaluate(v), 1e-15);
        assertArrayEquals(
                new double[] {0, 4.0 * 4 / 8 + 1.0 / 27 + 15, 1 - 1.1},
                SyntheticSuite.vlmop3().evaluate(new double[] {0, 0}),
                1e-14);
    }

    private static double[] vector(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asDouble();
        return v;
    }
}
