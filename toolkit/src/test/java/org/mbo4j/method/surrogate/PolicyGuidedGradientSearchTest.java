package org.mbo4j.method.surrogate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbo4j.method.Proposal;
import org.mbo4j.nn.TrainingCheckpoints;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;
import org.mbo4j.util.Progress;

class PolicyGuidedGradientSearchTest {
    private static OfflineProblem slice(int every) {
        Task t = Tasks.load("TFBind8");
        int n = t.dataset().size() / every;
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i * every;
        return new OfflineProblem("TFBind8-slice", t.space(), t.dataset().subset(rows), t.objectives());
    }

    @Test
    void actionIsTheStepOverTheGradientOverTenZeroedBeyondOneThenClipped() {
        // generate_trajectories.py: a = nan_to_num(Δx/∇f)/10, a[|a| > 1] = 0; pgs.py: clip to ±0.999
        assertEquals(0.5, PolicyGuidedGradientSearch.action(0.05, 0.01, 10, 0.999), 1e-12);
        assertEquals(-0.25, PolicyGuidedGradientSearch.action(0.05, -0.02, 10, 0.999), 1e-12);
        assertEquals(0.0, PolicyGuidedGradientSearch.action(0.5, 0.01, 10, 0.999)); // 5 > 1: zeroed
        assertEquals(0.999, PolicyGuidedGradientSearch.action(0.1, 0.01, 10, 0.999)); // exactly 1: kept, clipped
        assertEquals(0.0, PolicyGuidedGradientSearch.action(0.0, 0.0, 10, 0.999)); // 0/0 = NaN → 0
        assertEquals(0.0, PolicyGuidedGradientSearch.action(1.0, 0.0, 10, 0.999)); // ∞ → huge → zeroed
    }

    @Test
    void walksVisitDistinctRowsAndEndWithDone() {
        PolicyGuidedGradientSearch.Walks w = PolicyGuidedGradientSearch.Walks.draw(60, 30, 50, 7);
        assertEquals(30 * 50, w.size());
        for (int k = 0; k < 30; k++) {
            Set<Integer> seen = new HashSet<>();
            for (int t = 0; t < 50; t++) {
                int i = k * 50 + t;
                if (t == 0) seen.add(w.from()[i]);
                else assertEquals(w.to()[i - 1], w.from()[i], "walk " + k + " chains");
                assertTrue(seen.add(w.to()[i]), "walk " + k + " revisits row " + w.to()[i]);
                assertEquals(t == 49, w.done(i));
            }
        }
        // a walk of length L needs L + 1 distinct rows: with exactly that many, each walk is a permutation
        PolicyGuidedGradientSearch.Walks all = PolicyGuidedGradientSearch.Walks.draw(4, 5, 3, 1);
        for (int k = 0; k < 5; k++) {
            Set<Integer> rows = new HashSet<>();
            rows.add(all.from()[k * 3]);
            for (int t = 0; t < 3; t++) rows.add(all.to()[k * 3 + t]);
            assertEquals(Set.of(0, 1, 2, 3), rows);
        }
    }

    @Test
    void sequencesGoThroughTheVaeAndComeBackAsValidDesigns() {
        OfflineProblem p = slice(50);
        Proposal a = PolicyGuidedGradientSearch.paper().quick().propose(p, 8, 3);
        assertEquals(8, a.size());
        for (double[] x : a.designs()) assertTrue(p.space().contains(x), java.util.Arrays.toString(x));
        assertTrue(
                a.training().containsKey("vae") && a.training().containsKey("surrogate"),
                a.training().keySet().toString());
        assertTrue(a.trajectory().isPresent() && a.trajectory().get().steps().size() >= 2);
        Proposal b = PolicyGuidedGradientSearch.paper().quick().propose(p, 8, 3);
        for (int i = 0; i < 8; i++) assertArrayEquals(a.designs()[i], b.designs()[i]);
    }

    /**
     * The policy learner checkpoints per epoch in the benchmark's scope: a run killed in its third epoch resumes
     * from epoch 2 and proposes exactly what an uninterrupted run does, with the same per-epoch history.
     */
    @Test
    void aKilledPolicyLearnerResumesToTheSameDesigns(@TempDir Path dir) {
        OfflineProblem p = slice(50);
        PolicyGuidedGradientSearch pgs = PolicyGuidedGradientSearch.paper().quick();
        Proposal plain = pgs.propose(p, 8, 4);
        assertEquals(3, plain.training().get("cql").trainLoss().size());

        Progress.Sink before = Progress.sink();
        Progress.setSink((label, total) -> new Progress.Bar() {
            long done;

            @Override
            public void step(String status) {
                if (label.equals("pgs cql") && ++done == 2 * 50 + 7) throw new IllegalStateException("killed");
            }

            @Override
            public void set(long d, String status) {
                done = d;
            }

            @Override
            public void close() {}
        });
        try (TrainingCheckpoints.Scope s = TrainingCheckpoints.open(dir, Duration.ZERO)) {
            var e = assertThrows(IllegalStateException.class, () -> pgs.propose(p, 8, 4));
            assertEquals("killed", e.getMessage());
        } finally {
            Progress.setSink(before);
        }
        assertTrue(Files.isRegularFile(dir.resolve("fit-02-pgs_cql.ckpt")), "epochs 1-2 were checkpointed");
        List<String> resumedFrom = new ArrayList<>();
        Progress.setSink((label, total) -> new Progress.Bar() {
            @Override
            public void step(String status) {}

            @Override
            public void set(long d, String status) {
                if (label.equals("pgs cql")) resumedFrom.add(d + " " + status);
            }

            @Override
            public void close() {}
        });
        Proposal resumed;
        try (TrainingCheckpoints.Scope s = TrainingCheckpoints.open(dir, Duration.ZERO)) {
            resumed = pgs.propose(p, 8, 4);
        } finally {
            Progress.setSink(before);
        }
        assertEquals(List.of("100 resumed from fit-02-pgs_cql.ckpt"), resumedFrom);
        for (int i = 0; i < 8; i++) assertArrayEquals(plain.designs()[i], resumed.designs()[i]);
        assertEquals(plain.training().get("cql"), resumed.training().get("cql"));
    }

    /**
     * Every epoch's streams restart from (seed, epoch), so the learner's state after epoch 2 does not depend on the
     * total: a 3-epoch run in the folder of a finished 2-epoch run continues it (in a scope of the user's; the
     * benchmark's folder names also hash the settings) and proposes what a 3-epoch run from scratch does.
     */
    @Test
    void aLongerRunContinuesAShorterOnesPolicyLearner(@TempDir Path dir) {
        OfflineProblem p = slice(50);
        PolicyGuidedGradientSearch three = PolicyGuidedGradientSearch.paper().quick();
        PolicyGuidedGradientSearch two =
                new PolicyGuidedGradientSearch(three.config().with(PolicyGuidedGradientSearch.Settings::epochs, 2));
        Proposal plain = three.propose(p, 8, 5);
        try (TrainingCheckpoints.Scope s = TrainingCheckpoints.open(dir, Duration.ZERO)) {
            two.propose(p, 8, 5);
        }
        Proposal continued;
        try (TrainingCheckpoints.Scope s = TrainingCheckpoints.open(dir, Duration.ZERO)) {
            continued = three.propose(p, 8, 5);
        }
        for (int i = 0; i < 8; i++)
            assertArrayEquals(plain.designs()[i], continued.designs()[i]);
        assertEquals(plain.training().get("cql"), continued.training().get("cql"));
        // and a 2-epoch run in the 3-epoch folder does not take the later state: it trains from the start
        Proposal shorter;
        try (TrainingCheckpoints.Scope s = TrainingCheckpoints.open(dir, Duration.ZERO)) {
            shorter = two.propose(p, 8, 5);
        }
        Proposal twoPlain = two.propose(p, 8, 5);
        for (int i = 0; i < 8; i++) assertArrayEquals(twoPlain.designs()[i], shorter.designs()[i]);
    }

    @Test
    void theCodesSettingsAreTheDefaults() {
        assertEquals(
                "vae=64 latent=32 vae_epochs=50 vae_lr=3.0e-04 vae_batch=32 vae_val=200 surrogate=2048"
                        + " surrogate_epochs=50 surrogate_lr=3.0e-04 surrogate_batch=128 top_p=20 walks=20000 walk=50"
                        + " action_div=10.0 clip_action=0.999 hidden=[256,256] epochs=401 steps=1000 batch=256 cql_n=10"
                        + " cql_w=5.00 td=batch_broadcast rollout=50 scale=2.00·sqrt(d) (boxes: scale=0.05·sqrt(d))",
                PolicyGuidedGradientSearch.paper().settings());
    }
}
