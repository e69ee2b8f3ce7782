package org.mbo4j.task.moo;

/**
 * Per-task settings of Off-MOO-Bench's data collector: NSGA-II generations per run ({@code env_name_n_gens}) and the
 * probability that a generation's survival is the perturbed "amateur" one ({@code env_name_perturb_proba}), both from
 * {@code lamda-bbo/offline-moo} {@code data_generation/collect_data.py} at commit {@code 2b5c6a1} (the only commit that
 * holds it), lines 57–110 and 112–165. Population 100 is pymoo's {@code NSGA2} default (line 257).
 *
 * @param generations  generations per NSGA-II run (≥ 1) @param perturbation the amateur survival probability p, in [0,
 * 1]
 */
public record CollectionSettings(int generations, double perturbation) {
    /**
     * The setting shared by VLMOP1–3, DTLZ1–7, OmniTest, ZDT1 and ZDT3: 30 generations ({@code collect_data.py}
     * lines 58–71 and 73), p = 0.45 (lines 113–128). The RE tasks use it too except RE34 (lines 76–91, 131–146).
     */
    public static final CollectionSettings OFF_MOO_DEFAULT = new CollectionSettings(30, 0.45);

    public CollectionSettings {
        if (generations < 1) throw new IllegalArgumentException("generations must be ≥ 1, got " + generations);
        if (!(perturbation >= 0 && perturbation <= 1)) {
            throw new IllegalArgumentException(
                    "the amateur survival probability must be in [0, 1], got " + perturbation);
        }
    }
}
