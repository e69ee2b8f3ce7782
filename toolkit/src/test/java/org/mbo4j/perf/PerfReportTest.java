package org.mbo4j.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerfReportTest {
    @Test
    void flopCountsOfTheSurrogate() {
        // 24·2048 + 2048·2048 + 2048·2 multiply-adds
        assertEquals(4_247_552.0, SurrogateShapes.macs(24, 2048, 2048, 2));
        assertEquals(2 * 4_247_552.0, SurrogateShapes.forward(24, 2048, 2048, 2));
        // weight grads (all layers) + data grads of all but the first layer
        assertEquals(
                2 * 4_247_552.0 + 2 * (4_247_552.0 - 24 * 2048), SurrogateShapes.backwardWeights(24, 2048, 2048, 2));
    }

    @Test
    void ratiosPeakFractionAndAcceptanceFollowTheMeasurements() throws Exception {
        ObjectMapper om = new ObjectMapper();
        PerfCase train = new PerfCase("train-epoch", "d", 2.0, 100, 200e9); // 100 GFLOP/s
        PerfCase ascent = new PerfCase("ascent-step", "d", 0.03, 128, 3e9);
        JsonNode t1 = om.readTree("{\"seconds\":4.0,\"samples_per_s\":25,\"gflops\":50}");
        JsonNode t2 = om.readTree("{\"seconds\":0.02,\"samples_per_s\":6400,\"gflops\":150}");
        JsonNode meta = om.readTree("{\"torch\":\"2.5.1\",\"numpy\":\"2.1.3\",\"python\":\"3.11\",\"threads\":2}");
        JsonNode r = PerfReport.build(
                false, 2, List.of(train, ascent), List.of(), meta, Map.of("train-epoch", t1, "ascent-step", t2), 200.0);
        assertEquals(0.5, r.get("cases").get(0).get("ratio_mbo4j_over_torch").asDouble());
        assertEquals(1.5, r.get("cases").get(1).get("ratio_mbo4j_over_torch").asDouble());
        assertEquals(0.5, r.get("train_epoch_fraction_of_numpy_peak").asDouble());
        JsonNode acc = r.get("acceptance");
        assertTrue(acc.get("train-epoch ratio <= 1.0").asBoolean());
        assertFalse(acc.get("ascent-step ratio <= 1.0").asBoolean());
        assertFalse(acc.get("train-epoch >= 60% of numpy GEMM peak").asBoolean());
        assertEquals("2.5.1", r.get("machine").get("torch").asText());
    }
}
