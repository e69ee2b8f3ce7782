package org.mbo4j.method.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mbo4j.method.Methods;
import org.mbo4j.nn.Mlp;

/**
 * {@code reinforce} (per-sample loss) against {@code reinforce-db} (design-baselines' broadcast loss): their settings
 * text keeps their records apart, and on one surrogate the first learns while the second's policy stays where it
 * started.
 */
class ReinforceLossTest {
    private static final int L = 8;
    private static final int K = 4;

    /** f(x) = the number of positions holding letter 3 (a linear model on the one-hot input). */
    private static Mlp countsLetterThree() {
        Mlp m = Mlp.builder(L * K).hidden().outputs(1).build();
        m.weight(0).assign(0);
        for (int l = 0; l < L; l++) m.weight(0).putScalar(l * K + 3, 0, 1.0);
        m.bias(0).assign(0);
        return m;
    }

    /** The policy after {@code iterations} steps of {@code method} from uniform letters. */
    private static CategoricalPolicy trained(Reinforce method, int iterations) {
        CategoricalPolicy policy = new CategoricalPolicy(new double[L][K], new boolean[L][K]);
        method.with(Reinforce.Settings::iterations, iterations)
                .train(policy, countsLetterThree(), new Random(1), null, null);
        return policy;
    }

    @Test
    void theBroadcastLossLeavesThePolicyWhereItStartedAndThePerSampleLossLearns() {
        double[][] db = trained(Reinforce.designBaselines(), 50).logits();
        for (double[] row : db) for (double v : row) assertEquals(0, v, 1e-9, "reinforce-db moved a logit");
        double[][] p = trained(Reinforce.defaults(), 50).probabilities();
        for (int l = 0; l < L; l++) assertTrue(p[l][3] > 0.4, "position " + l + ": P(letter 3) = " + p[l][3]);
    }

    @Test
    void theTwoLossesHaveTheirOwnNamesAndSettingsText() {
        assertEquals("reinforce-db", Methods.create("reinforce-db").name());
        String ens = "ensemble=5x[256 leaky0.3] epochs=100 lr=1e-03 batch=100 val=200 min_steps=5000";
        assertEquals(
                ens + " policy_lr=1e-02 iterations=200 batch=256 init=top128 floor=0.0 loss=db-broadcast",
                Methods.create("reinforce-db").settings());
        assertNotEquals(
                Methods.create("reinforce").settings(),
                Methods.create("reinforce-db").settings());
        Reinforce quick = Reinforce.designBaselines().quick();
        assertEquals("reinforce-db", quick.name());
        assertTrue(quick.config().broadcastLoss());
        assertEquals(
                "quick: ensemble=5x[256 leaky0.3] epochs=10 lr=1e-03 batch=100 val=200 policy_lr=1e-02 "
                        + "iterations=50 batch=256 init=top128 floor=0.0 loss=db-broadcast",
                quick.settings());
    }
}
