package org.mbo4j.task.moo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mbo4j.offline.OfflineGuard;
import org.mbo4j.offline.OfflineViolationException;
import org.mbo4j.task.Direction;
import org.mbo4j.task.Task;
import org.mbo4j.task.TaskInfo;
import org.mbo4j.task.TaskProvider;

/**
 * The RE problems of {@link ReSuite}: hand-computed points, the numpy reference of
 * {@code crosscheck/re_functions_reference.py} (committed fixture always; a fresh one when {@code ./mbo4j test} points
 * {@code MBO4J_RE_FIXTURE} at it), Off-MOO-Bench's boxes and nadir/ideal points as protocols.md B.1 tabulates them,
 * and small data builds.
 */
class ReSuiteTest {
    static final String FIXTURE = "re-functions-reference.json";

    // ------------------------------------------------------------------------------------- numpy reference values

    @Test
    void committedNumpyFixtureAgrees() throws IOException {
        try (InputStream in = ReSuiteTest.class.getResourceAsStream(FIXTURE)) {
            check(new ObjectMapper().readTree(in));
        }
    }

    @Test
    void freshNumpyFixtureAgrees() throws IOException {
        String path = System.getProperty("mbo4j.reFixture", System.getenv("MBO4J_RE_FIXTURE"));
        Assumptions.assumeTrue(
                path != null && !path.isBlank(),
                "no fresh fixture: ./mbo4j test regenerates one with numpy and sets MBO4J_RE_FIXTURE");
        check(new ObjectMapper().readTree(Files.readString(Path.of(path))));
    }

    /** Every problem, every design: each objective within 1e-10 relative of numpy's (exactly, where numpy's is 0). */
    private static void check(JsonNode doc) {
        JsonNode problems = doc.get("problems");
        assertEquals(15, problems.size(), "problems in the fixture");
        int rows = 0;
        for (ClosedFormProblem p : ReSuite.problems()) {
            JsonNode c = problems.get(p.name());
            assertTrue(c != null, p.name() + " missing from the fixture");
            assertTrue(c.get("x").size() >= 40, p.name() + ": too few designs");
            for (int i = 0; i < c.get("x").size(); i++) {
                double[] x = vector(c.get("x").get(i));
                double[] want = vector(c.get("f").get(i));
                double[] got = p.evaluate(x);
                assertEquals(p.objectives(), want.length);
                for (int j = 0; j < want.length; j++) {
                    assertEquals(
                            want[j],
                            got[j],
                            1e-10 * Math.abs(want[j]),
                            p.name() + " f" + (j + 1) + " at " + Arrays.toString(x) + " (numpy "
                                    + doc.get("numpy").asText() + ")");
                }
                rows++;
            }
        }
        assertTrue(rows >= 15 * 42, "only " + rows + " designs checked");
    }

    private static double[] vector(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asDouble();
        return v;
    }

    // --------------------------------------------------------------------------------------- hand-computed points

    @Test
    void re21ByHand() {
        // x = (1, 2, 2, 1): f1 = 200(2 + 2√2 + √2 + 1) = 600 + 600√2; f2 = (10·200/2e5)(2 + √2 − √2 + 2) = 0.01·4
        assertArrayEquals(
                new double[] {600 + 600 * Math.sqrt(2), 0.04},
                ReSuite.re21().evaluate(new double[] {1, 2, 2, 1}),
                1e-9);
    }

    @Test
    void re22SnapsToTheListWithItsThreeCommaTen() {
        // x1 = 9.9 snaps to 10, an entry only because the list reads "3,10" (the series suggests 3.10; without it
        // 9.9 would snap to 10.27). f1 = 29.4·10 + 0.6·5·30 = 384; g1 = 10·30 − 7.735·100/5 − 180 = −34.7,
        // g2 = 4 − 30/5 = −2: f2 = 34.7 + 2 = 36.7
        assertArrayEquals(new double[] {384, 36.7}, ReSuite.re22().evaluate(new double[] {9.9, 5, 30}), 1e-9);
        // x1 = 14.5, a tie between 14 and 15: the first in list order, 14. f1 = 411.6 + 0.6·3·15 = 438.6;
        // g1 = 14·15 − 7.735·196/3 − 180 = −475.3533…, g2 = 4 − 15/3 = −1: f2 = 7.735·196/3 − 29
        assertArrayEquals(
                new double[] {438.6, 7.735 * 196 / 3 - 29}, ReSuite.re22().evaluate(new double[] {14.5, 3, 15}), 1e-9);
        assertEquals(77, ReSuite.RE22_VALUES.length);
        assertEquals(10.0, ReSuite.nearest(9.74, ReSuite.RE22_VALUES), 0.0); // 9.48 and 10 equally near: 10 comes first
        assertEquals(10.0, ReSuite.nearest(10.13, ReSuite.RE22_VALUES), 0.0);
        assertEquals(10.27, ReSuite.nearest(10.14, ReSuite.RE22_VALUES), 0.0);
        assertEquals(3.16, ReSuite.nearest(3.13, ReSuite.RE22_VALUES), 0.0); // no 3.10 in the list
        assertEquals(
                2, Arrays.stream(ReSuite.RE22_VALUES).filter(v -> v == 3.0).count(), "3.0 and 3 are both in the list");
    }

    @Test
    void re22AtZeroX2IsInfinite() {
        // x2 = 0 divides by zero in both constraints (OMB does the same; its data drop such rows)
        double[] f = ReSuite.re22().evaluate(new double[] {1, 0, 5});
        assertEquals(29.4, f[0], 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, f[1]);
    }

    @Test
    void re23RoundsHalvesToEven() {
        // torch.round: 2.5 → 2, 3.5 → 4, so x1 = 0.125, x2 = 0.25; with x3 = 50, x4 = 100:
        // f1 = 0.6224·0.125·5000 + 1.7781·0.25·2500 + 3.1661·0.015625·100 + 19.84·0.015625·50
        //    = 389 + 1111.3125 + 4.94703125 + 15.5 = 1520.75953125
        // g1 = 0.125 − 0.965 = −0.84, g2 = 0.25 − 0.477 = −0.227, g3 = π(250000 + 500000/3) − 1296000 ≈ 12997 ≥ 0
        assertArrayEquals(
                new double[] {1520.75953125, 0.84 + 0.227},
                ReSuite.re23().evaluate(new double[] {2.5, 3.5, 50, 100}),
                1e-9);
        assertArrayEquals(
                ReSuite.re23().evaluate(new double[] {2.0, 4.0, 50, 100}),
                ReSuite.re23().evaluate(new double[] {2.5, 3.5, 50, 100}));
    }

    @Test
    void re24FollowsOffMooBenchsSigmaK() {
        // x = (0.5, 2): f1 = 0.5 + 240; σ_b = 4500, τ = 900, δ = 562000/1400000 ≈ 0.401, σ_k = 7e5·0.5·2/100 = 7000
        // g1 = 1 − 4500/700 = −38/7, g2 = 1 − 900/450 = −1, g3 = 1 − 0.401/1.5 > 0, g4 = 1 − 4500/7000 > 0:
        // f2 = 38/7 + 1 = 45/7. (Tanabe's σ_k = 7e5·0.25/100 = 1750 would add 4500/1750 − 1 = 11/7: f2 = 8.)
        assertArrayEquals(new double[] {240.5, 45.0 / 7}, ReSuite.re24().evaluate(new double[] {0.5, 2}), 1e-12);
    }

    @Test
    void re25RoundsAndSnapsTheWire() {
        // x1 = 2.5 → 2 (half to even); x3 = 0.46875 is exactly between 0.4375 and 0.5 → 0.4375 (first in order)
        // f1 = π²·x2·x3²·(x1 + 2)/4 = π²·1·0.19140625·4/4
        double[] f = ReSuite.re25().evaluate(new double[] {2.5, 1.0, 0.46875});
        assertEquals(Math.PI * Math.PI * 0.19140625, f[0], 1e-12);
        assertArrayEquals(f, ReSuite.re25().evaluate(new double[] {2.0, 1.0, 0.4375}));
        assertEquals(42, ReSuite.RE25_VALUES.length);
        assertEquals(0.5, ReSuite.nearest(0.47, ReSuite.RE25_VALUES), 0.0);
        assertEquals(0.009, ReSuite.nearest(-3, ReSuite.RE25_VALUES), 0.0);
    }

    @Test
    void re31ByHand() {
        // x = (1, 1, 3): f1 = √25 + √10, f2 = 20·5/3; g1 = 0.1 − f1 < 0, g2, g3 ≥ 0: f3 = f1 − 0.1
        double f1 = 5 + Math.sqrt(10);
        assertArrayEquals(
                new double[] {f1, 100.0 / 3, f1 - 0.1}, ReSuite.re31().evaluate(new double[] {1, 1, 3}), 1e-12);
    }

    @Test
    void re32ObjectivesByHand() {
        // x = (1, 1, 1, 1): f1 = 1.10471 + 0.04811·15 = 1.82636, f2 = 4·6000·14³/(30e6) = 2.1952
        double[] f = ReSuite.re32().evaluate(new double[] {1, 1, 1, 1});
        assertEquals(1.82636, f[0], 1e-12);
        assertEquals(2.1952, f[1], 1e-12);
    }

    @Test
    void re33ByHand() {
        // x = (60, 80, 1000, 11): a = 80² − 60² = 2800, b = 80³ − 60³ = 296000
        // f1 = 4.9e-5·2800·10 = 1.372, f2 = 9.82e6·2800/(1000·11·296000);
        // g1 = 0, g2 = 0.4 − 1000/8792 > 0, g3 = 1 − 657120/7840000 > 0, g4 = 2.66e-2·1000·11·296000/2800 − 900 > 0
        assertArrayEquals(
                new double[] {1.372, 9.82e6 * 2800 / (1000.0 * 11 * 296000), 0},
                ReSuite.re33().evaluate(new double[] {60, 80, 1000, 11}),
                1e-12);
    }

    @Test
    void re34AtTheLowerCorner() {
        // x = 1: f1 = 1640.2823 + 2.3573285 + 2.3220035 + 4.5688768 + 7.7213633 + 4.4559504 = 1661.7078225
        // f2 = 6.5856 + 1.15 − 1.0427 + 0.9738 + 0.8364 − 0.3695 + 0.0861 + 0.3628 − 0.1106 − 0.3437 + 0.1764 = 8.3046
        // f3 = −0.0551 + 0.0181 + 0.1024 + 0.0421 − 0.0073 + 0.024 − 0.0118 − 0.0204 − 0.008 − 0.0241 + 0.0109 = 0.0708
        assertArrayEquals(
                new double[] {1661.7078225, 8.3046, 0.0708},
                ReSuite.re34().evaluate(new double[] {1, 1, 1, 1, 1}),
                1e-10);
    }

    @Test
    void re35RoundsTheTeeth() {
        double[] x = {3.0, 0.75, 20.5, 7.8, 7.8, 3.4, 5.2};
        double[] y = x.clone();
        y[2] = 20; // 20.5 → 20 (half to even)
        assertArrayEquals(ReSuite.re35().evaluate(y), ReSuite.re35().evaluate(x));
        x[2] = 21.5;
        y[2] = 22; // 21.5 → 22
        assertArrayEquals(ReSuite.re35().evaluate(y), ReSuite.re35().evaluate(x));
        // f2 at x3 = 22: √((745·7.8/(0.75·22))² + 1.69e7)/(0.1·3.4³)
        double a = 745 * 7.8 / (0.75 * 22);
        assertEquals(
                Math.sqrt(a * a + 1.69e7) / (0.1 * 3.4 * 3.4 * 3.4),
                ReSuite.re35().evaluate(x)[1],
                1e-9);
    }

    @Test
    void re36ByHand() {
        // (12.5, 13.5, 40.5, 41.5) → (12, 14, 40, 42): f1 = |6.931 − (40/12)(42/14)| = 3.069, f2 = 42,
        // g = 0.5 − 3.069/6.931 > 0: f3 = 0
        assertArrayEquals(
                new double[] {3.069, 42, 0}, ReSuite.re36().evaluate(new double[] {12.5, 13.5, 40.5, 41.5}), 1e-12);
        // (30, 30, 30, 30): f1 = 5.931, f2 = 30, f3 = 5.931/6.931 − 0.5
        assertArrayEquals(
                new double[] {5.931, 30, 5.931 / 6.931 - 0.5},
                ReSuite.re36().evaluate(new double[] {30, 30, 30, 30}),
                1e-12);
    }

    @Test
    void re37AtZero() {
        assertArrayEquals(new double[] {0.692, 0.153, 0.370}, ReSuite.re37().evaluate(new double[4]), 0.0);
    }

    @Test
    void re41ByHand() {
        // x = 1: f1 = 1.98 + 4.9 + 6.67 + 6.98 + 4.01 + 1.78 + 0.00001 + 2.73 = 29.05001, f2 = 4.72 − 0.5 − 0.19 =
        // 4.03,
        // V_MBP = 10.58 − 0.674 − 0.67275 = 9.23325, V_FD = 16.45 − 0.489 − 0.843 = 15.118, f3 = 12.175625;
        // violated: g7 = 32 − (46.36 − 9.9 − 4.4505) = −0.0095 and g8 = 4 − 4.03 = −0.03 (g1…g6, g9, g10 ≥ 0)
        double[] x = new double[7];
        Arrays.fill(x, 1);
        assertArrayEquals(
                new double[] {29.05001, 4.03, 12.175625, 0.0395}, ReSuite.re41().evaluate(x), 1e-12);
    }

    @Test
    void re61ByHand() {
        // x = (0.1, 0.05, 0.05): f1 = 10678.037 + 61704.67, f2 = 300, f5 = 25(1.39/0.005 + 247 − 80) = 11125
        double[] f = ReSuite.re61().evaluate(new double[] {0.1, 0.05, 0.05});
        assertEquals(72382.707, f[0], 1e-9);
        assertEquals(300, f[1], 1e-12);
        assertEquals(305700 * 2289 * 0.05 / Math.pow(0.06 * 2289, 0.65), f[2], 1e-6);
        assertEquals(250 * 2289 * Math.exp(1.2475), f[3], 1e-6);
        assertEquals(11125, f[4], 1e-9);
    }

    @Test
    void theOracleIsGuardedDuringAProposal() {
        for (Runnable r : List.<Runnable>of(
                () -> ReSuite.re21().evaluate(new double[] {1, 2, 2, 1}),
                () -> ReSuite.re21().formula().apply(new double[] {1, 2, 2, 1}))) {
            var e = assertThrows(OfflineViolationException.class, () -> OfflineGuard.during("sneaky", r));
            assertTrue(e.getMessage().startsWith("method 'sneaky' called RE21.evaluate(x)"), e.getMessage());
        }
        assertEquals(0.04, ReSuite.re21().formula().apply(new double[] {1, 2, 2, 1})[1], 1e-15);
    }

    @Test
    void violationSumsTheNegativeParts() {
        assertEquals(2.5, ReSuite.violation(1, -2, 0, -0.5), 0.0);
        assertEquals(0.0, ReSuite.violation(0, 3), 0.0);
    }

    @Test
    void wrongLengthIsRefused() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> ReSuite.re21().evaluate(new double[3]));
        assertEquals("RE21 takes 4 coordinates, got 3; pass one full design", e.getMessage());
        var u = assertThrows(IllegalArgumentException.class, () -> ReSuite.byName("RE26"));
        assertTrue(u.getMessage().startsWith("unknown RE problem 'RE26'; known: [RE21, RE22"), u.getMessage());
        assertEquals("RE42", ReSuite.byName("re42-exact-v0").name());
    }

    // ------------------------------------------------------------------------ Off-MOO-Bench's table (protocols B.1)

    /** name → {n_var, n_obj}, lb, ub, nadir, ideal, as protocols.md B.1 lists them. */
    private static final Map<String, double[][]> TABLE = Map.ofEntries(
            Map.entry("RE21", new double[][] {
                {4, 2},
                {1, Math.sqrt(2), Math.sqrt(2), 1},
                {3, 3, 3, 3},
                {2971.23988, 0.0485512338},
                {1239.20758, 0.00298607537}
            }),
            Map.entry(
                    "RE22",
                    new double[][] {{3, 2}, {0.2, 0, 0}, {15, 20, 40}, {829.079443, 2.40721725e6}, {5.88238115, 0}}),
            Map.entry("RE23", new double[][] {
                {4, 2}, {1, 1, 10, 10}, {100, 100, 200, 240}, {713710.875, 1288669.78054}, {15.9018007813, 0}
            }),
            Map.entry("RE24", new double[][] {{2, 2}, {0.5, 0.5}, {4, 50}, {5997.8316325, 43.67584229}, {60.65314083, 0}
            }),
            Map.entry(
                    "RE25",
                    new double[][] {{3, 2}, {1, 0.6, 0.09}, {70, 3, 0.5}, {124.795202, 1.00387350e7}, {0.03759284, 0}}),
            Map.entry("RE31", new double[][] {
                {3, 3},
                {1e-5, 1e-5, 1},
                {100, 100, 3},
                {808.852742, 6.89337582e6, 6.79345e6},
                {0.02500048, 0.33336024, 0}
            }),
            Map.entry("RE32", new double[][] {
                {4, 3},
                {0.125, 0.1, 0.1, 0.125},
                {5, 10, 10, 5},
                {290.661885, 16552.4628, 3.88265024e8},
                {0.01366746, 0.00043994, 0}
            }),
            Map.entry("RE33", new double[][] {
                {4, 3},
                {55, 75, 1000, 11},
                {80, 110, 3000, 20},
                {8.01164324, 8.83604223, 2343.29711914},
                {-0.721525, 1.13907203907, 0}
            }),
            Map.entry("RE34", new double[][] {
                {5, 3},
                {1, 1, 1, 1, 1},
                {3, 3, 3, 3, 3},
                {1702.51811, 11.6807224, 0.263918844},
                {1661.71457, 6.14473949, 0.0400202874}
            }),
            Map.entry("RE35", new double[][] {
                {7, 3},
                {2.6, 0.7, 17, 7.3, 7.3, 2.9, 5.0},
                {3.6, 0.8, 28, 8.3, 8.3, 3.9, 5.5},
                {7050.78959905, 1696.66697789, 397.83456421},
                {2364.91273887, 694.31805919, 0}
            }),
            Map.entry("RE36", new double[][] {
                {4, 3}, {12, 12, 12, 12}, {60, 60, 60, 60}, {10.21185714, 60, 0.97335988}, {0.00387449393, 13, 0}
            }),
            Map.entry("RE37", new double[][] {
                {4, 3},
                {0, 0, 0, 0},
                {1, 1, 1, 1},
                {0.98949120096, 0.956587924661, 0.987530948586},
                {0.00889341391106, 0.00488, -0.431499999825}
            }),
            Map.entry("RE41", new double[][] {
                {7, 4},
                {0.5, 0.45, 0.5, 0.5, 0.875, 0.4, 0.4},
                {1.5, 1.35, 1.5, 1.5, 2.625, 1.2, 1.2},
                {42.64892315, 4.42692892, 13.07735381, 13.44858932},
                {15.87368122, 3.58726077, 10.6748894, 0}
            }),
            Map.entry("RE42", new double[][] {
                {6, 4},
                {150, 20, 13, 10, 14, 0.63},
                {274.32, 32.31, 25, 11.71, 18, 0.75},
                {-263.907595, 19904.8970, 28546.7850, 14.9821739},
                {-2503.83371142, 4017.64399443, 2089.36081316, 0}
            }),
            Map.entry("RE61", new double[][] {
                {3, 6},
                {0.01, 0.01, 0.01},
                {0.45, 0.10, 0.10},
                {83060.0282, 1349.99999, 2.85346906e6, 1.60270676e7, 357719.742, 99660.3359},
                {63840.2774, 30.0, 285346.896494, 183749.967061, 7.22222222222, 0.0}
            }));

    @Test
    void boxesAndPointsMatchTheTable() {
        List<ClosedFormProblem> all = ReSuite.problems();
        assertEquals(
                List.of(
                        "RE21", "RE22", "RE23", "RE24", "RE25", "RE31", "RE32", "RE33", "RE34", "RE35", "RE36", "RE37",
                        "RE41", "RE42", "RE61"),
                all.stream().map(ClosedFormProblem::name).toList());
        for (ClosedFormProblem p : all) {
            double[][] row = TABLE.get(p.name());
            assertEquals((int) row[0][0], p.dims(), p.name() + " n_var");
            assertEquals((int) row[0][1], p.objectives(), p.name() + " n_obj");
            assertArrayEquals(row[1], p.domain().lower(), 0.0, p.name() + " lb");
            assertArrayEquals(row[2], p.domain().upper(), 0.0, p.name() + " ub");
            assertArrayEquals(row[3], p.nadir(), 0.0, p.name() + " nadir");
            assertArrayEquals(row[4], p.ideal(), 0.0, p.name() + " ideal");
            // the hard-coded points bracket the objectives: ideal ≤ nadir everywhere
            for (int j = 0; j < p.objectives(); j++) assertTrue(p.ideal()[j] <= p.nadir()[j], p.name() + " f" + j);
        }
    }

    @Test
    void collectionSettingsFollowCollectData() {
        // collect_data.py: 30 generations and p = 0.45 for every RE problem but RE34 (100 generations; NSGA-III, for
        // which we take the script's NSGA-II fallback with p = 0.3)
        for (ClosedFormProblem p : ReSuite.problems()) {
            String want = p.name().equals("RE34")
                    ? "NSGA-II, population 100, 100 generations, amateur p = 0.3"
                    : "NSGA-II, population 100, 30 generations, amateur p = 0.45";
            assertEquals(want, NsgaIIDataCollector.offMooBench(p).describe(), p.name());
            assertEquals(p.name().equals("RE34"), !p.collectionNote().isEmpty(), p.name());
        }
    }

    // ------------------------------------------------------------------------------------ registry and data builds

    @Test
    void catalogueListsTheSuiteWithNadir() {
        List<TaskInfo> rows = new OffMooBenchTasks()
                .tasks().stream().map(TaskProvider.Entry::info).toList();
        for (ClosedFormProblem p : ReSuite.problems()) {
            TaskInfo row = rows.stream()
                    .filter(r -> r.name().equals(p.name()))
                    .findFirst()
                    .orElseThrow();
            assertEquals("off-moo-bench", row.family());
            assertEquals(p.dims(), row.dims());
            assertEquals(p.objectives(), row.objectives());
            assertEquals("60000 of 100000", row.datasetSize());
            assertTrue(
                    row.citation().endsWith("(" + p.name() + "-Exact-v0; nadir " + Arrays.toString(p.nadir()) + ")"),
                    row.citation());
        }
    }

    @Test
    void smallDataBuildsForEveryProblem() {
        for (ClosedFormProblem p : ReSuite.problems()) {
            Task t = OffMooBenchTasks.task(p, 2000, 0.4, 1);
            int n = t.fullSize();
            assertTrue(n <= 2000 && n >= 1990, p.name() + " kept " + n);
            assertEquals(n - (int) (0.4 * n), t.dataset().size(), p.name());
            assertArrayEquals(p.nadir(), t.nadir().orElseThrow(), 0.0);
            assertTrue(t.objectives().stream().allMatch(o -> o.direction() == Direction.MINIMIZE));
            assertEquals(p.objectives(), t.objectives().size());
            double[] x = t.dataset().design(7);
            assertTrue(p.domain().contains(x), p.name() + " design outside the box");
            assertArrayEquals(p.evaluate(x), t.dataset().score(7), 0.0);
            assertArrayEquals(p.evaluate(x), t.evaluate(new double[][] {x})[0], 0.0);
            for (int j = 0; j < p.objectives(); j++) {
                assertTrue(t.fullMin()[j] <= t.fullMax()[j]);
                assertTrue(Double.isFinite(t.fullMin()[j]) && Double.isFinite(t.fullMax()[j]));
            }
            assertTrue(t.protocol().contains(NsgaIIDataCollector.offMooBench(p).describe()), t.protocol());
        }
        assertTrue(
                OffMooBenchTasks.task(ReSuite.re34(), 2000, 0.4, 1).protocol().contains("NSGA-III"));
    }

    @Test
    void nonFiniteRowsAreDropped() {
        var data = new NsgaIIDataCollector.Collected(new double[][] {{1, 1, 1}, {1, 0, 0}, {2, 2, 2}}, new double[][] {
            {1, 2}, {29.4, Double.POSITIVE_INFINITY}, {3, Double.NaN}
        });
        var kept = OffMooBenchTasks.finiteRows(data);
        assertEquals(1, kept.y().length);
        assertArrayEquals(new double[] {1, 2}, kept.y()[0]);
    }
}
