package org.mbo4j.method.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.task.OfflineProblem;

class DdomTest {
    private static Ddom tiny() {
        return Ddom.defaults()
                .quick()
                .with(Ddom.Settings::hidden, 16)
                .with(Ddom.Settings::epochs, 3)
                .with(Ddom.Settings::steps, 20);
    }

    @Test
    void proposesDecodedSequencesWithADenoisingTrajectoryAndItsHistory() {
        OfflineProblem p = BonetTest.tfBind8Slice(600);
        Proposal a = tiny().propose(p, 8, 5);
        assertEquals(8, a.size());
        for (double[] d : a.designs()) assertTrue(p.space().contains(d));
        // steps 0, 5, 10, 15, 20 of 20: the noise decoded, each quarter, the proposal last
        Trajectory tr = a.trajectory().orElseThrow();
        assertEquals(5, tr.steps().size());
        assertArrayEquals(a.designs(), tr.steps().get(4).designs());
        TrainingHistory h = a.training().get("denoiser");
        assertEquals(3, h.epochs());
        // ⌊0.02 · 600⌋ = 12 validation rows: a validation loss every epoch
        assertTrue(
                h.validationLoss().stream().allMatch(Double::isFinite),
                h.validationLoss().toString());
        Proposal b = tiny().propose(p, 8, 5);
        assertArrayEquals(a.designs(), b.designs(), "same seed, same designs");
        assertEquals("ddom", Methods.create("ddom").name());
    }

    @Test
    void boxesAreZScoredAndProposalsStayInTheBox() {
        OfflineProblem box = CbasTest.box();
        Ddom m = tiny();
        assertTrue(
                m.forProblem(box).settings().contains("normalize_xs"),
                m.forProblem(box).settings());
        assertTrue(!m.settings().contains("normalize_xs"), m.settings());
        Proposal p = m.propose(box, 8, 3);
        for (double[] d : p.designs()) assertTrue(((ContinuousSpace) box.space()).contains(d));
    }

    @Test
    void divergenceNamesTheEpochAndTheSetting() {
        OfflineProblem box = CbasTest.box();
        Ddom wild = tiny().with(Ddom.Settings::learningRate, 1e12).with(Ddom.Settings::epochs, 50);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> wild.propose(box, 8, 3));
        assertTrue(
                e.getMessage().startsWith("ddom: the denoiser diverged at epoch " + e.epoch() + " of 50 ("),
                e.getMessage());
        assertTrue(
                e.getMessage().endsWith("lower lr (now 1.0E12) with with(Ddom.Settings::learningRate, …)"),
                e.getMessage());
    }

    @Test
    void badSettingsAreOneLineErrors() {
        assertEquals(
                "p_uncond (condition dropout) must be in (0, 1) so that the unconditional model guidance needs is "
                        + "trained, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> tiny().with(Ddom.Settings::dropout, 0.0))
                        .getMessage());
        assertEquals(
                "gamma (guidance weight) must be a number ≥ 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> tiny().with(Ddom.Settings::guidance, -1.0))
                        .getMessage());
        assertEquals(
                "beta_max must be a number ≥ beta_min (0.01), got 0.001",
                assertThrows(IllegalArgumentException.class, () -> tiny().with(Ddom.Settings::betaMax, 0.001))
                        .getMessage());
    }
}
