package org.mbo4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Compares {@link FlowLikelihood} with SciPy's {@code solve_ivp(method="RK23")} and the authors' stop event on the
 * exact score of Gaussian data ({@code crosscheck/flow_likelihood_scipy.py}): the committed fixture always, a fresh
 * one when {@code ./mbo4j test} points {@code MBO4J_FLOW_FIXTURE} at it. All cases run as one batch of groups, as
 * RGD's refinement runs them, except the small stop caps, which need their own call.
 */
class FlowLikelihoodScipyTest {
    private static final VpSde SDE = VpSde.ddom();
    private static final double S0 = 0.5;

    /** s(x, t, y) = −(x − m(t)·y·(1, −0.5))/(m(t)²s₀² + v(t)), in double. */
    private static final class ExactScore implements DiffusionNetwork {
        double[] slope = new double[0];

        @Override
        public int dims() {
            return 2;
        }

        @Override
        public DataType dataType() {
            return DataType.DOUBLE;
        }

        @Override
        public INDArray forward(double[][] x, double[] t, double[] y) {
            double[][] out = new double[x.length][2];
            slope = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double m = SDE.meanWeight(t[i]);
                double var = S0 * S0 * m * m + SDE.variance(t[i]);
                out[i][0] = -(x[i][0] - m * y[i]) / var;
                out[i][1] = -(x[i][1] + 0.5 * m * y[i]) / var;
                slope[i] = -1 / var;
            }
            return Tensors.matrix(out, DataType.DOUBLE);
        }

        @Override
        public INDArray backward(INDArray dn) {
            double[][] g = Tensors.rows(dn);
            for (int i = 0; i < g.length; i++) for (int j = 0; j < 2; j++) g[i][j] *= slope[i];
            return Tensors.matrix(g, DataType.DOUBLE);
        }

        @Override
        public List<Param> parameters() {
            return List.of();
        }
    }

    @Test
    void committedFixtureAgrees() throws IOException {
        try (InputStream in = FlowLikelihoodScipyTest.class.getResourceAsStream("flow-likelihood-scipy.json")) {
            check(new ObjectMapper().readTree(in));
        }
    }

    @Test
    void freshScipyFixtureAgrees() throws IOException {
        String path = System.getenv("MBO4J_FLOW_FIXTURE");
        Assumptions.assumeTrue(
                path != null && !path.isBlank(),
                "no fresh fixture: ./mbo4j test regenerates one with SciPy and sets MBO4J_FLOW_FIXTURE");
        check(new ObjectMapper().readTree(Files.readString(Path.of(path))));
    }

    private static void check(JsonNode doc) {
        JsonNode cases = doc.get("cases");
        List<JsonNode> batch = new ArrayList<>();
        for (JsonNode c : cases) if (c.get("max_events").asInt() == FlowLikelihood.MAX_EVENTS) batch.add(c);
        assertTrue(batch.size() >= 3 && cases.size() > batch.size(), "the fixture needs both kinds of case");
        List<FlowLikelihood.Estimate> together = run(batch, FlowLikelihood.MAX_EVENTS);
        for (int i = 0; i < batch.size(); i++) compare(batch.get(i), together.get(i), doc);
        for (JsonNode c : cases) {
            int cap = c.get("max_events").asInt();
            if (cap != FlowLikelihood.MAX_EVENTS)
                compare(c, run(List.of(c), cap).get(0), doc);
        }
    }

    private static List<FlowLikelihood.Estimate> run(List<JsonNode> cases, int cap) {
        int g = cases.size();
        double[][][] rows = new double[g][][];
        double[][] y = new double[g][], eps = new double[g][];
        for (int i = 0; i < g; i++) {
            JsonNode c = cases.get(i);
            rows[i] = new double[c.get("rows").size()][];
            for (int r = 0; r < rows[i].length; r++)
                rows[i][r] = vector(c.get("rows").get(r));
            y[i] = vector(c.get("y"));
            eps[i] = vector(c.get("eps"));
        }
        return FlowLikelihood.estimate(new ExactScore(), SDE, rows, y, eps, cap);
    }

    private static void compare(JsonNode c, FlowLikelihood.Estimate got, JsonNode doc) {
        String name = "case with " + c.get("rows").size() + " rows, cap "
                + c.get("max_events").asInt() + " (scipy " + doc.get("scipy").asText() + ")";
        assertEquals(c.get("steps").asInt(), got.steps(), name + ": steps");
        assertEquals(c.get("reached").asDouble(), got.reached(), 1e-12, name + ": time reached");
        double[] want = vector(c.get("logp"));
        for (int r = 0; r < want.length; r++) {
            assertEquals(want[r], got.logLikelihood()[r], 1e-9 * Math.max(1, Math.abs(want[r])), name + ", row " + r);
        }
    }

    private static double[] vector(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asDouble();
        return v;
    }
}
