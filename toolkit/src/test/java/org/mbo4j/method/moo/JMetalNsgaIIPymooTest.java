package org.mbo4j.method.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbo4j.moo.Hypervolume;

/**
 * The adapter against pymoo's NSGA-II on ZDT1 (crosscheck/nsga2_pymoo.py; fixture
 * {@code nsga2-pymoo.json}): the same initial population, pymoo's default operators, 30 generations, 30 seeds each.
 * The random streams differ, so the final hypervolumes compare as distributions.
 */
class JMetalNsgaIIPymooTest {

    @Test
    void finalHypervolumesMatchPymoosOnZdt1() throws IOException {
        JsonNode f;
        try (InputStream in = getClass().getResourceAsStream("nsga2-pymoo.json")) {
            f = new ObjectMapper().readTree(in);
        }
        int n = f.get("n_var").asInt();
        int pop = f.get("pop_size").asInt();
        int gen = f.get("n_gen").asInt();
        double[] ref = {f.get("ref").get(0).asDouble(), f.get("ref").get(1).asDouble()};
        double[][] initial = new double[pop][n];
        for (int i = 0; i < pop; i++)
            for (int j = 0; j < n; j++)
                initial[i][j] = f.get("initial").get(i).get(j).asDouble();
        double[] pymoo = new double[f.get("hv").size()];
        for (int s = 0; s < pymoo.length; s++) pymoo[s] = f.get("hv").get(s).asDouble();
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(upper, 1);
        double[] ours = new double[pymoo.length];
        for (int s = 0; s < ours.length; s++) {
            JMetalNsgaII.Result r = JMetalNsgaII.minimize(
                    JMetalNsgaIITest::zdt1,
                    lower,
                    upper,
                    initial,
                    pop,
                    JMetalNsgaII.Settings.offMooBench().withGenerations(gen),
                    s);
            ours[s] = Hypervolume.compute(r.objectives(), ref);
        }
        assertEquals(f.get("hv_initial").asDouble(), Hypervolume.compute(JMetalNsgaIITest.zdt1(initial), ref), 1e-9);
        double mp = median(pymoo);
        double mo = median(ours);
        String msg = "median hypervolume: ours " + mo + ", pymoo " + mp + "; ours " + Arrays.toString(sorted(ours))
                + ", pymoo " + Arrays.toString(sorted(pymoo));
        assertTrue(Math.abs(mo - mp) <= TOLERANCE * mp, msg);
    }

    /** Allowed relative difference of the medians (measured 2026-12-04: ours 10.855, pymoo 10.772, +0.8 %; the initial population has 8.099). */
    static final double TOLERANCE = 0.02;

    private static double[] sorted(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c;
    }

    private static double median(double[] v) {
        double[] c = sorted(v);
        int k = c.length / 2;
        return c.length % 2 == 1 ? c[k] : (c[k - 1] + c[k]) / 2;
    }
}
