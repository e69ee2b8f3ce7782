package org.mbo4j.method.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mbo4j.data.ContinuousSpace;
import org.mbo4j.data.Percentiles;
import org.mbo4j.eval.Evaluation;
import org.mbo4j.eval.Score;
import org.mbo4j.method.Methods;
import org.mbo4j.method.Proposal;
import org.mbo4j.method.Trajectory;
import org.mbo4j.nn.TrainingDivergedException;
import org.mbo4j.nn.TrainingHistory;
import org.mbo4j.task.OfflineProblem;
import org.mbo4j.task.Task;
import org.mbo4j.task.Tasks;

class MinsTest {
    private static OfflineProblem slice(Task t, int rows) {
        int step = t.dataset().size() / rows;
        int[] idx = IntStream.range(0, rows).map(i -> i * step).toArray();
        return new OfflineProblem("TFBind8-slice", t.space(), t.dataset().subset(idx), t.objectives());
    }

    @Test
    void registeredWithThePapersSettings() {
        Mins m = (Mins) Methods.create("mins");
        assertEquals(Mins.Settings.paper(), m.config());
        assertEquals(
                "hidden=1024 layers=3 latent=32 epochs=200 batch=128 val=200 d_lr=2.0e-04 d_betas=0.0,0.9"
                        + " g_lr=2.0e-04 g_betas=0.0,0.9 gp=10.0 n_critic=10 base_temp=0.1 keep=0.99 temp=5.0->1.0"
                        + " order=fixed net=authors",
                m.settings());
        assertTrue(
                m.quick().settings().startsWith("quick: hidden=64 "), m.quick().settings());
        // the variant that reshuffles every epoch with an MLP on [x, y]: the settings text of the rows committed before
        // order=fixed and net=authors
        Mins r = (Mins) Methods.create("mins-reshuffled");
        assertEquals("mins-reshuffled", r.name());
        assertEquals(m.settings().replace(" order=fixed net=authors", ""), r.settings());
        assertEquals("mins-reshuffled", r.quick().name());
        assertEquals(
                m.quick().settings().replace(" order=fixed net=authors", ""),
                r.quick().settings());
        assertEquals(r.config(), r.reshuffled().config());
    }

    @Test
    void theBatchOrderSettingReachesTheTrainer() {
        // design-baselines' fixed order and a reshuffle each epoch train on the same rows in other orders: same seed,
        // other GAN, other designs; each deterministic
        OfflineProblem p = slice(Tasks.load("TFBind8"), 1000);
        Proposal fixed = Mins.defaults().quick().propose(p, 16, 5);
        Proposal again = Mins.defaults().quick().propose(p, 16, 5);
        Proposal reshuffled =
                Mins.defaults().quick().with(Mins.Settings::fixedOrder, false).propose(p, 16, 5);
        assertArrayEquals(fixed.designs(), again.designs());
        assertFalse(Arrays.deepEquals(fixed.designs(), reshuffled.designs()));
        assertFalse(fixed.training().get("gan").equals(reshuffled.training().get("gan")));
    }

    @Test
    void theNetworkSettingReachesTheGan() {
        // the same rows in the same order with the authors' networks and with the MLP on [x, y]: other losses from
        // the first epoch on (the networks' initial outputs differ)
        OfflineProblem p = slice(Tasks.load("TFBind8"), 400);
        Mins authors = Mins.defaults().quick().with(Mins.Settings::epochs, 2);
        Mins plain = authors.with(Mins.Settings::authorsNetworks, false);
        TrainingHistory a = authors.propose(p, 8, 5).training().get("gan");
        TrainingHistory b = plain.propose(p, 8, 5).training().get("gan");
        assertEquals(a, authors.propose(p, 8, 5).training().get("gan"));
        assertFalse(a.equals(b));
        assertTrue(plain.settings().endsWith(" order=fixed"), plain.settings());
        assertTrue(authors.settings().endsWith(" order=fixed net=authors"), authors.settings());
    }

    @Test
    void sameSeedSameDesignsOtherSeedOthers() {
        Task t = Tasks.load("TFBind8");
        OfflineProblem p = slice(t, 1000);
        Proposal a = Mins.defaults().quick().propose(p, 16, 5);
        Proposal b = Mins.defaults().quick().propose(p, 16, 5);
        Proposal c = Mins.defaults().quick().propose(p, 16, 6);
        assertArrayEquals(a.designs(), b.designs());
        assertFalse(Arrays.deepEquals(a.designs(), c.designs()));
        // the GAN's history: 20 quick epochs with the critic's parts and the generator's loss, the same per seed
        TrainingHistory h = a.training().get("gan");
        assertEquals(List.of("gan"), List.copyOf(a.training().keySet()));
        assertEquals(20, h.epochs());
        assertEquals(
                List.of("wasserstein", "penalty", "generator"),
                List.copyOf(h.metrics().keySet()));
        assertEquals(h, b.training().get("gan"));
    }

    /**
     * Quick settings on all of TFBind8's visible data: the trajectory conditions on rising scores and ends at the
     * proposal, and the designs' median oracle score is above the visible data's median (measured: 0.39–0.40 against
     * 0.337).
     */
    @Test
    void quickRunOnTfBind8() {
        Task t = Tasks.load("TFBind8");
        long start = System.nanoTime();
        Proposal p = Mins.defaults().quick().propose(t.problem(), 128, 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(128, p.size());
        Trajectory tr = p.trajectory().orElseThrow();
        assertEquals(Mins.CONDITION_QUANTILES.size(), tr.steps().size());
        for (int s = 1; s < tr.steps().size(); s++) {
            assertTrue(tr.steps().get(s).predicted()[0] > tr.steps().get(s - 1).predicted()[0]);
        }
        assertArrayEquals(p.designs(), tr.steps().get(tr.steps().size() - 1).designs());
        Score score = Evaluation.of(t).score(p);
        System.out.printf("mins quick TFBind8: %.1f s, %s%n", seconds, score);
        double[] visible = new double[t.dataset().size()];
        for (int i = 0; i < visible.length; i++) visible[i] = t.dataset().score(i, 0);
        double median = Percentiles.linear(visible, 50);
        assertTrue(score.raw50() > median, "median of the designs " + score.raw50() + " vs the data's " + median);
    }

    @Test
    void proposesInsideABox() {
        Task t = Tasks.load("Branin");
        ContinuousSpace box = (ContinuousSpace) t.space();
        Mins m = Mins.defaults().quick();
        assertTrue(m.forProblem(t.problem()).config().normalizeX());
        Proposal p = m.propose(t.problem(), 32, 1);
        for (double[] d : p.designs()) assertTrue(box.contains(d), Arrays.toString(d));
        Score score = Evaluation.of(t).score(p);
        System.out.printf("mins quick Branin: %s%n", score);
    }

    @Test
    void onABoxTheScheduleKeepsTheAuthorsContinuousProportions() {
        Task t = Tasks.load("Branin");
        Mins.Settings paper = Mins.defaults().forProblem(t.problem()).config();
        assertTrue(paper.normalizeX() && paper.countAcrossEpochs());
        assertEquals(12_000, paper.minCriticSteps());
        assertTrue(
                Mins.defaults()
                        .forProblem(t.problem())
                        .settings()
                        .endsWith(" order=fixed net=authors min_critic_steps=12000 critic_count=global"),
                Mins.defaults().forProblem(t.problem()).settings());
        Mins.Settings quick = Mins.defaults().quick().forProblem(t.problem()).config();
        assertTrue(quick.countAcrossEpochs());
        assertEquals(0, quick.minCriticSteps());
        // sequences keep the authors' TFBind8 schedule
        assertEquals(
                Mins.Settings.paper(),
                Mins.defaults().forProblem(Tasks.load("TFBind8").problem()).config());
        // the floor reaches the trainer: 90 rows, 18 of them validation, one batch of 72 per epoch; quick's 20
        // epochs become 50 to make 50 critic steps
        OfflineProblem small = new OfflineProblem(
                "Branin-90",
                t.space(),
                t.dataset().subset(IntStream.range(0, 90).toArray()),
                t.objectives());
        Mins floored = Mins.defaults().quick().with(Mins.Settings::minCriticSteps, 50);
        TrainingHistory h = floored.propose(small, 8, 3).training().get("gan");
        assertEquals(50, h.epochs());
        assertEquals(
                20,
                Mins.defaults()
                        .quick()
                        .propose(small, 8, 3)
                        .training()
                        .get("gan")
                        .epochs());
        // one batch per epoch and quick's n_critic = 2: counted across epochs the generator steps after critic steps
        // 0, 2, 4, …, i.e. in the odd epochs only (its metric is NaN in an epoch without a generator step)
        List<Double> generator = h.metrics().get("generator");
        for (int e = 0; e < 50; e++) assertEquals(e % 2 == 1, Double.isNaN(generator.get(e)), "epoch " + (e + 1));
        // a sequence keeps the authors' per-epoch count (a generator step in every epoch of one batch) unless the
        // setting is turned on
        OfflineProblem seq = slice(Tasks.load("TFBind8"), 90);
        Mins tf = Mins.defaults().quick().with(Mins.Settings::epochs, 6);
        List<Double> perEpoch =
                tf.propose(seq, 8, 3).training().get("gan").metrics().get("generator");
        List<Double> across = tf.with(Mins.Settings::countAcrossEpochs, true)
                .propose(seq, 8, 3)
                .training()
                .get("gan")
                .metrics()
                .get("generator");
        for (int e = 0; e < 6; e++) {
            assertFalse(Double.isNaN(perEpoch.get(e)), "epoch " + (e + 1));
            assertEquals(e % 2 == 1, Double.isNaN(across.get(e)), "epoch " + (e + 1));
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Mins.Settings.paper().with(Mins.Settings::minCriticSteps, -1));
        assertEquals("min critic steps must be ≥ 0, got -1", e.getMessage());
    }

    @Test
    void divergenceNamesTheEpochAndTheSettings() {
        Task t = Tasks.load("TFBind8");
        OfflineProblem p = slice(t, 400);
        Mins m = Mins.defaults()
                .quick()
                .with(Mins.Settings::discriminatorLr, 1e30)
                .with(Mins.Settings::generatorLr, 1e30);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> m.propose(p, 8, 0));
        assertTrue(
                e.getMessage().startsWith("mins: the GAN diverged at epoch " + e.epoch() + " of 20"), e.getMessage());
        assertTrue(e.getMessage().contains("lower d_lr and g_lr (now 1.0E30, 1.0E30)"), e.getMessage());
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Mins.Settings.paper().with(Mins.Settings::criticFrequency, 0));
        assertEquals("critic frequency must be ≥ 1, got 0", e.getMessage());
    }

    /** Reference values from design-baselines' get_weights (utils.py lines 52-84) run with numpy 1.26.4. */
    @Test
    void reweightingMatchesTheAuthorsCode() {
        double[] y = {-1.5, -0.7, -0.2, 0.0, 0.1, 0.3, 0.35, 0.9, 1.2, 1.6};
        assertArrayEquals(
                new double[] {
                    1.548979072844152e-12, 3.5960670863248064e-09, 3.7609462435761437e-07, 1.7719586084935669e-06,
                    8.348530148702428e-06, 1.976478071457547e-05, 1.976478071457547e-05, 0.019381717295776264,
                    0.4302344162823165, 5.0
                },
                ScoreReweighting.weights(y, 0.1),
                1e-12);
        assertArrayEquals(
                new double[] {
                    0.15604972510050671, 0.3387203047523004, 0.5392475312298252, 0.6296566728467898,
                    0.7352236268125195, 0.4313806227799584, 0.4313806227799584, 1.5958706160785119,
                    2.1758500768670346, 2.966608639386944
                },
                ScoreReweighting.weights(y, 1.0),
                1e-12);
        assertArrayEquals(
                new double[] {
                    0.0016677807928935048, 0.014357488516778068, 0.05224469322505661, 0.0803581787596771,
                    0.12359986239665054, 0.09552816219078042, 0.09552816219078042, 1.0640388788483748,
                    2.5172902909739108, 5.0
                },
                ScoreReweighting.weights(y, ScoreReweighting.adaptiveTemperature(y)),
                1e-12);
        assertArrayEquals(
                new double[] {0.9999770008879171, 0.9999770008879171, 0.9999770008879171},
                ScoreReweighting.weights(new double[] {0.5, 0.5, 0.5}, 0.1),
                1e-12);
    }
}
