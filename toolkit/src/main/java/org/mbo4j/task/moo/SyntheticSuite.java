package org.mbo4j.task.moo;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mbo4j.data.ContinuousSpace;

/**
 * The synthetic closed-form problems of Off-MOO-Bench (ZDT1–4, ZDT6, DTLZ1–7, OmniTest, VLMOP1–3), every objective
 * minimised, each a {@link ClosedFormProblem} with Off-MOO-Bench's box, hard-coded nadir and ideal points and
 * data-collection settings (sources per problem below). x is taken in the original box, as Off-MOO-Bench stores its
 * data. The DTLZ objectives use the standard (N, M) layout (see {@link Dtlz}).
 */
public final class SyntheticSuite {
    /** DTLZ4's angle exponent α ({@code off_moo_bench/problem/dtlz.py} line 113). */
    static final double DTLZ4_ALPHA = 100;

    private SyntheticSuite() {}

    /**
     * The closed-form synthetic tasks, in catalogue order: Off-MOO-Bench's {@code off_moo_bench/task_set.py} lines
     * 2–17 register exactly these (ZDT5, binary, is not among them).
     */
    public static List<ClosedFormProblem> problems() {
        return List.of(
                zdt1(),
                zdt2(),
                zdt3(),
                zdt4(),
                zdt6(),
                dtlz1(),
                dtlz2(),
                dtlz3(),
                dtlz4(),
                dtlz5(),
                dtlz6(),
                dtlz7(),
                omniTest(),
                vlmop1(),
                vlmop2(),
                vlmop3());
    }

    /**
     * The problem with this name (case-insensitive, with or without {@code -Exact-v0}).
     *
     * @throws IllegalArgumentException naming the known problems when there is none
     */
    public static ClosedFormProblem byName(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace("-EXACT-V0", "");
        for (ClosedFormProblem p : problems())
            if (p.name().toUpperCase(Locale.ROOT).equals(key)) return p;
        throw new IllegalArgumentException("unknown synthetic problem '" + name + "'; known: "
                + problems().stream().map(ClosedFormProblem::name).toList());
    }

    /**
     * ZDT1 (Zitzler, Deb, Thiele, "Comparison of Multiobjective Evolutionary Algorithms: Empirical Results", Evolutionary
     * Computation 2000) on [0, 1]^30: f1 = x1, g = 1 + 9/(n − 1)·Σ_{i≥2} x_i, f2 = g(1 − sqrt(f1/g)). Pareto front f2 = 1 −
     * sqrt(f1) at g = 1. As Off-MOO-Bench's {@code ZDT1} ({@code lamda-bbo/offline-moo}
     * {@code off_moo_bench/problem/synthetic_func.py} lines 329–349) and pymoo's {@code ZDT1}: bounds [0, 1]^30 (lines 330,
     * 335–336), nadir [0.99999809, 7.8250663] (line 337), ideal [7.27727072e-07, 2.38306515e-01] (line 338). Data
     * collection: 30 generations ({@code data_generation/collect_data.py} line 71), p = 0.45 (line 126).
     */
    public static ClosedFormProblem zdt1() {
        return new ClosedFormProblem(
                "ZDT1",
                ContinuousSpace.cube(30, 0, 1),
                2,
                v(0.99999809, 7.8250663),
                v(7.27727072e-07, 2.38306515e-01),
                x -> {
                    int n = x.length;
                    double s = 0;
                    for (int i = 1; i < n; i++) s += x[i];
                    double g = 1 + 9.0 / (n - 1) * s;
                    double f1 = x[0];
                    return new double[] {f1, g * (1 - Math.sqrt(f1 / g))};
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * ZDT2 (Zitzler, Deb, Thiele, Evolutionary Computation 2000) on [0, 1]^30: f1 = x1, g = 1 + 9/(n − 1)·Σ_{i≥2} x_i, f2 =
     * g(1 − (f1/g)²); Pareto front f2 = 1 − f1² at g = 1 (non-convex). As Off-MOO-Bench's {@code ZDT2}
     * ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/synthetic_func.py} lines 352–373, unchanged since commit
     * {@code 2b5c6a1}) and pymoo's {@code ZDT2}: bounds [0, 1]^30 (lines 355, 358–359), nadir [0.99999706, 9.74316166]
     * (line 360), ideal [3.21854609e-09, 8.08941746e-02] (line 361). Data collection: 40 generations per run
     * ({@code data_generation/collect_data.py} line 72), p = 0.45 (line 127).
     */
    public static ClosedFormProblem zdt2() {
        return new ClosedFormProblem(
                "ZDT2",
                ContinuousSpace.cube(30, 0, 1),
                2,
                v(0.99999706, 9.74316166),
                v(3.21854609e-09, 8.08941746e-02),
                x -> {
                    double g = 1 + 9.0 * Zdt.tailSum(x) / (x.length - 1);
                    double r = x[0] / g;
                    return new double[] {x[0], g * (1 - r * r)};
                },
                new CollectionSettings(40, 0.45),
                "");
    }

    /**
     * ZDT3 (Zitzler, Deb, Thiele, Evolutionary Computation 2000) on [0, 1]^30: f1 = x1, g = 1 + 9/(n − 1)·Σ_{i≥2} x_i, f2 =
     * g(1 − sqrt(f1/g) − (f1/g)·sin(10π·f1)); a front of five disconnected pieces (f2 can be negative). As Off-MOO-Bench's
     * {@code ZDT3} ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/synthetic_func.py} lines 376–397) and
     * pymoo's {@code ZDT3}: bounds [0, 1]^30 (lines 379, 382–383), nadir [0.99999954, 9.83643758] (line 384), ideal
     * [3.85619704e-07, −7.69222414e-01] (line 385). Data collection: 30 generations
     * ({@code data_generation/collect_data.py} line 73), p = 0.45 (line 128).
     */
    public static ClosedFormProblem zdt3() {
        return new ClosedFormProblem(
                "ZDT3",
                ContinuousSpace.cube(30, 0, 1),
                2,
                v(0.99999954, 9.83643758),
                v(3.85619704e-07, -7.69222414e-01),
                x -> {
                    double g = 1 + 9.0 * Zdt.tailSum(x) / (x.length - 1);
                    double r = x[0] / g;
                    return new double[] {x[0], g * (1 - Math.sqrt(r) - r * Math.sin(10 * Math.PI * x[0]))};
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * ZDT4 (Zitzler, Deb, Thiele, Evolutionary Computation 2000), 10-d with x1 ∈ [0, 1] and x2..x10 ∈ [−5, 5]: f1 = x1, g =
     * 1 + 10(n − 1) + Σ_{i≥2}(x_i² − 10·cos(4π·x_i)), f2 = g(1 − sqrt(f1/g)); g is a Rastrigin sum, hence many local
     * fronts. As Off-MOO-Bench's {@code ZDT4} ({@code lamda-bbo/offline-moo}
     * {@code off_moo_bench/problem/synthetic_func.py} lines 400–429) and pymoo's {@code ZDT4}: n = 10 (line 401), bounds
     * lines 402–405, nadir [0.99980978, 273.25533168] (line 413), ideal [0, 1.58235196] (line 414). Data collection: 600
     * generations per run ({@code data_generation/collect_data.py} line 74), p = 0.25 (line 129).
     */
    public static ClosedFormProblem zdt4() {
        return new ClosedFormProblem(
                "ZDT4",
                zdt4Domain(),
                2,
                v(0.99980978, 273.25533168),
                v(0, 1.58235196),
                x -> {
                    double g = 1.0 + 10 * (x.length - 1);
                    for (int i = 1; i < x.length; i++) g += x[i] * x[i] - 10.0 * Math.cos(4.0 * Math.PI * x[i]);
                    return new double[] {x[0], g * (1 - Math.sqrt(x[0] / g))};
                },
                new CollectionSettings(600, 0.25),
                "");
    }

    /**
     * ZDT6 (Zitzler, Deb, Thiele, Evolutionary Computation 2000) on [0, 1]^10: f1 = 1 − exp(−4x1)·sin⁶(6π·x1), g = 1 +
     * 9·(Σ_{i≥2} x_i/(n − 1))^0.25, f2 = g(1 − (f1/g)²); a non-convex front starting at f1 = 0.2807753191 (pymoo 0.6.1.3
     * {@code pymoo/problems/multi/zdt.py} line 143). As Off-MOO-Bench's {@code ZDT6} ({@code lamda-bbo/offline-moo}
     * {@code off_moo_bench/problem/synthetic_func.py} lines 432–453) and pymoo's {@code ZDT6} (both with the 0.25 power of
     * the mean of x2..x10): n = 10 (line 433), bounds [0, 1]^10 (lines 438–439), nadir [1.0, 9.34365208] (line 440), ideal
     * [0.28077532, 0.07205017] (line 441). Data collection: 600 generations per run
     * ({@code data_generation/collect_data.py} line 75), p = 0.2 (line 130).
     */
    public static ClosedFormProblem zdt6() {
        return new ClosedFormProblem(
                "ZDT6",
                ContinuousSpace.cube(10, 0, 1),
                2,
                v(1.0, 9.34365208),
                v(0.28077532, 0.07205017),
                x -> {
                    double f1 = 1 - Math.exp(-4 * x[0]) * Math.pow(Math.sin(6 * Math.PI * x[0]), 6);
                    double g = 1 + 9.0 * Math.pow(Zdt.tailSum(x) / (x.length - 1.0), 0.25);
                    double r = f1 / g;
                    return new double[] {f1, g * (1 - r * r)};
                },
                new CollectionSettings(600, 0.2),
                "");
    }

    /**
     * DTLZ1 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^7 (k = 5): g = g1 = 100(k + Σ_{i≥3} ((x_i −
     * 0.5)² − cos(20π(x_i − 0.5)))), f1 = ½(1 + g)x1x2, f2 = ½(1 + g)x1(1 − x2), f3 = ½(1 + g)(1 − x1); linear front f1 +
     * f2 + f3 = ½ at g = 0. As Off-MOO-Bench's {@code DTLZ1} ({@code lamda-bbo/offline-moo}
     * {@code off_moo_bench/problem/dtlz.py} lines 56–80; its own {@code obj_func} stacks (N, M), line 74) and pymoo's
     * {@code DTLZ1}: n = 7 (line 57), bounds [0, 1] (line 20), nadir [507.46516068, 502.09050332, 516.68985527] (line 61),
     * ideal [5.26912179e-09, 1.94578236e-07, 1.76968514e-06] (line 62). Data collection: 30 generations
     * ({@code data_generation/collect_data.py} line 61), p = 0.45 (line 116).
     */
    public static ClosedFormProblem dtlz1() {
        return new ClosedFormProblem(
                "DTLZ1",
                ContinuousSpace.cube(7, 0, 1),
                3,
                v(507.46516068, 502.09050332, 516.68985527),
                v(5.26912179e-09, 1.94578236e-07, 1.76968514e-06),
                x -> {
                    int m = 3;
                    double g = Dtlz.g1(x, m);
                    double[] f = new double[m];
                    for (int i = 0; i < m; i++) {
                        double p = 1;
                        for (int j = 0; j < m - 1 - i; j++) p *= x[j];
                        double v = 0.5 * (1 + g) * p;
                        if (i > 0) v *= 1 - x[m - 1 - i];
                        f[i] = v;
                    }
                    return f;
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * DTLZ2 with 3 objectives (Deb, Thiele, Laumanns, Zitzler, "Scalable Test Problems for Evolutionary Multiobjective
     * Optimization", 2005) on [0, 1]^10 (k = 8): g = Σ_{i≥3} (x_i − 0.5)², f1 = (1 + g)cos(x1π/2)cos(x2π/2), f2 = (1 +
     * g)cos(x1π/2)sin(x2π/2), f3 = (1 + g)sin(x1π/2). Pareto front: the positive unit-sphere octant. Objectives in the
     * standard (n, m) layout (Off-MOO-Bench's {@code torch.stack(f)} without {@code dim=1} would give (m, n); see
     * {@link Dtlz}). As Off-MOO-Bench's {@code DTLZ2} ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/dtlz.py}
     * lines 83–95) and pymoo's {@code DTLZ2}: n = 10 (line 84), bounds [0, 1] (line 20), nadir [2.51925352, 2.53011955,
     * 2.66682285] (line 88), ideal [8.14503680e-06, 8.10665237e-06, 3.76396814e-06] (line 89). Data collection: 30
     * generations ({@code data_generation/collect_data.py} line 62), p = 0.45 (line 117).
     */
    public static ClosedFormProblem dtlz2() {
        return new ClosedFormProblem(
                "DTLZ2",
                ContinuousSpace.cube(10, 0, 1),
                3,
                v(2.51925352, 2.53011955, 2.66682285),
                v(8.14503680e-06, 8.10665237e-06, 3.76396814e-06),
                x -> {
                    double g = 0;
                    for (int i = 2; i < x.length; i++) g += (x[i] - 0.5) * (x[i] - 0.5);
                    double a = x[0] * Math.PI / 2;
                    double b = x[1] * Math.PI / 2;
                    return new double[] {
                        (1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)
                    };
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * DTLZ3 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^10 (k = 8): DTLZ2's spherical objectives with
     * the multimodal g1 of DTLZ1, g = 100(k + Σ_{i≥3}((x_i − 0.5)² − cos(20π(x_i − 0.5)))), f1 = (1 + g)cos(x1π/2)
     * cos(x2π/2), f2 = (1 + g)cos(x1π/2)sin(x2π/2), f3 = (1 + g)sin(x1π/2). As Off-MOO-Bench's {@code DTLZ3}
     * ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/dtlz.py} lines 98–110) and pymoo's {@code DTLZ3}, in the
     * standard (N, M) layout (see {@link Dtlz}): n = 10 (line 99), bounds [0, 1] (line 20), nadir [1548.83497615,
     * 1459.58638514, 1518.61926977] (line 103), ideal [0.00024734, 0.00057021, 0.00393799] (line 104). Data collection: 30
     * generations ({@code data_generation/collect_data.py} line 63), p = 0.45 (line 118).
     */
    public static ClosedFormProblem dtlz3() {
        return new ClosedFormProblem(
                "DTLZ3",
                ContinuousSpace.cube(10, 0, 1),
                3,
                v(1548.83497615, 1459.58638514, 1518.61926977),
                v(0.00024734, 0.00057021, 0.00393799),
                x -> {
                    return Dtlz.sphere(x, Dtlz.g1(x, 3), 1, 3);
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * DTLZ4 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^10 (k = 8): DTLZ2 with every angle raised to
     * α = 100, g = Σ_{i≥3}(x_i − 0.5)², f1 = (1 + g)cos(x1^α·π/2)cos(x2^α·π/2), f2 = (1 + g)cos(x1^α·π/2) sin(x2^α·π/2), f3
     * = (1 + g)sin(x1^α·π/2). As Off-MOO-Bench's {@code DTLZ4} ({@code lamda-bbo/offline-moo}
     * {@code off_moo_bench/problem/dtlz.py} lines 112–126, α = 100 at line 113) and pymoo's {@code DTLZ4} (same default α),
     * in the standard (N, M) layout (see {@link Dtlz}): n = 10 (line 113), bounds [0, 1] (line 20), nadir [2.75747516,
     * 2.57674881, 2.52558196] (line 117), ideal [0, 0, 0] (line 118). Data collection: 30 generations
     * ({@code data_generation/collect_data.py} line 64), p = 0.45 (line 119).
     */
    public static ClosedFormProblem dtlz4() {
        return new ClosedFormProblem(
                "DTLZ4",
                ContinuousSpace.cube(10, 0, 1),
                3,
                v(2.75747516, 2.57674881, 2.52558196),
                v(0, 0, 0),
                x -> {
                    return Dtlz.sphere(x, Dtlz.g2(x, 3), DTLZ4_ALPHA, 3);
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * DTLZ5 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^10 (k = 8): g = Σ_{i≥3}(x_i − 0.5)², angles
     * θ1 = x1, θ2 = (1 + 2g·x2)/(2(1 + g)), then DTLZ2's form f1 = (1 + g)cos(θ1π/2)cos(θ2π/2), f2 = (1 +
     * g)cos(θ1π/2)sin(θ2π/2), f3 = (1 + g)sin(θ1π/2). As Off-MOO-Bench's {@code DTLZ5} ({@code lamda-bbo/offline-moo}
     * {@code off_moo_bench/problem/dtlz.py} lines 128–144) and pymoo's {@code DTLZ5}, in the standard (N, M) layout (see
     * {@link Dtlz}): n = 10 (line 129), bounds [0, 1] (line 20), nadir [2.40756462, 2.36937324, 2.45008585] (line 133),
     * ideal [5.11293872e-06, 8.82751291e-06, 8.15403672e-06] (line 134). Data collection: 30 generations
     * ({@code data_generation/collect_data.py} line 65), p = 0.45 (line 120).
     */
    public static ClosedFormProblem dtlz5() {
        return new ClosedFormProblem(
                "DTLZ5",
                ContinuousSpace.cube(10, 0, 1),
                3,
                v(2.40756462, 2.36937324, 2.45008585),
                v(5.11293872e-06, 8.82751291e-06, 8.15403672e-06),
                x -> {
                    double g = Dtlz.g2(x, 3);
                    return Dtlz.sphere(Dtlz.degenerateAngles(x, g, 3), g, 1, 3);
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * DTLZ6 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^10 (k = 8): DTLZ5 with g = Σ_{i≥3} x_i^0.1,
     * angles θ1 = x1, θ2 = (1 + 2g·x2)/(2(1 + g)), f1 = (1 + g)cos(θ1π/2)cos(θ2π/2), f2 = (1 + g)cos(θ1π/2)sin(θ2π/2), f3 =
     * (1 + g)sin(θ1π/2). As Off-MOO-Bench's {@code DTLZ6} ({@code lamda-bbo/offline-moo}
     * {@code off_moo_bench/problem/dtlz.py} lines 146–162, g at line 157) and pymoo's {@code DTLZ6}, in the standard (N, M)
     * layout (see {@link Dtlz}): n = 10 (line 147), bounds [0, 1] (line 20), nadir [8.90471718, 8.89404128, 8.88893072]
     * (line 151), ideal [9.56700075e-05, 9.51044735e-05, 5.57043760e-05] (line 152). Data collection: 30 generations
     * ({@code data_generation/collect_data.py} line 66), p = 0.45 (line 121).
     */
    public static ClosedFormProblem dtlz6() {
        return new ClosedFormProblem(
                "DTLZ6",
                ContinuousSpace.cube(10, 0, 1),
                3,
                v(8.90471718, 8.89404128, 8.88893072),
                v(9.56700075e-05, 9.51044735e-05, 5.57043760e-05),
                x -> {
                    double g = 0;
                    for (int i = 2; i < x.length; i++) g += Math.pow(x[i], 0.1);
                    return Dtlz.sphere(Dtlz.degenerateAngles(x, g, 3), g, 1, 3);
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * DTLZ7 with 3 objectives (Deb, Thiele, Laumanns, Zitzler 2005) on [0, 1]^10 (k = 8): f1 = x1, f2 = x2, g = 1 +
     * 9/k·Σ_{i≥3} x_i, h = M − Σ_{i≤2} f_i/(1 + g)·(1 + sin(3π·f_i)), f3 = (1 + g)h. As Off-MOO-Bench's {@code DTLZ7}
     * ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/dtlz.py} lines 164–182, already (N, M) at line 182) and
     * pymoo's {@code DTLZ7}: n = 10 (line 165), bounds [0, 1] (line 20), nadir [0.9999954, 0.99999772, 30.79227037] (line
     * 169), ideal [1.80047270e-08, 5.11191256e-07, 4.40902012] (line 170). Data collection: 30 generations
     * ({@code data_generation/collect_data.py} line 67), p = 0.45 (line 122).
     */
    public static ClosedFormProblem dtlz7() {
        return new ClosedFormProblem(
                "DTLZ7",
                ContinuousSpace.cube(10, 0, 1),
                3,
                v(0.9999954, 0.99999772, 30.79227037),
                v(1.80047270e-08, 5.11191256e-07, 4.40902012),
                x -> {
                    int m = 3;
                    int k = x.length - m + 1;
                    double s = 0;
                    for (int i = x.length - k; i < x.length; i++) s += x[i];
                    double g = 1 + 9.0 / k * s;
                    double t = 0;
                    for (int i = 0; i < m - 1; i++) t += x[i] / (1 + g) * (1 + Math.sin(3 * Math.PI * x[i]));
                    return new double[] {x[0], x[1], (1 + g) * (m - t)};
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * Omni-test (Deb and Tiwari, "Omni-optimizer", per pymoo's docstring, {@code omnitest.py} line 17) on [0, 6]^2: f1 = Σ
     * sin(π·x_i), f2 = Σ cos(π·x_i); 3^n Pareto subsets (pymoo's comment, line 31). As Off-MOO-Bench's {@code OmniTest}
     * ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/synthetic_func.py} lines 235–269, objectives at lines
     * 249–252) and pymoo's {@code OmniTest} ({@code pymoo/problems/multi/omnitest.py} lines 19–28): n = 2 (line 236),
     * bounds [0, 6]^2 (lines 241–242), nadir [2, 2] (line 243), ideal [−2, −2] (line 244). Data collection: 30 generations
     * ({@code data_generation/collect_data.py} line 69), p = 0.45 (line 124).
     */
    public static ClosedFormProblem omniTest() {
        return new ClosedFormProblem(
                "OmniTest",
                ContinuousSpace.cube(2, 0, 6),
                2,
                v(2, 2),
                v(-2, -2),
                x -> {
                    double s = 0;
                    double c = 0;
                    for (double v : x) {
                        s += Math.sin(Math.PI * v);
                        c += Math.cos(Math.PI * v);
                    }
                    return new double[] {s, c};
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * VLMOP1 as Off-MOO-Bench defines it, on [−2, 4]: f1 = x², f2 = (x − 2)²; Pareto set x ∈ [0, 2]. As Off-MOO-Bench's
     * {@code VLMOP1} ({@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/synthetic_func.py} lines 127–142,
     * objectives at lines 141–142): n = 1 (line 128), bounds [−2, 4] (lines 133–134), nadir [4, 4] (line 135), ideal [0, 0]
     * (line 136). pymoo 0.6.1.3 has no VLMOP problems. Data collection: 30 generations
     * ({@code data_generation/collect_data.py} line 58), p = 0.45 (line 113).
     */
    public static ClosedFormProblem vlmop1() {
        return new ClosedFormProblem(
                "VLMOP1",
                ContinuousSpace.cube(1, -2, 4),
                2,
                v(4, 4),
                v(0, 0),
                x -> {
                    double d = x[0] - 2;
                    return new double[] {x[0] * x[0], d * d};
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * VLMOP2 as Off-MOO-Bench defines it, on [−2, 2]^6: f1 = 1 − exp(−Σ(x_i − 1/√n)²), f2 = 1 − exp(−Σ(x_i + 1/√n)²);
     * Pareto set x1 = … = xn ∈ [−1/√n, 1/√n]. As Off-MOO-Bench's {@code VLMOP2} ({@code lamda-bbo/offline-moo}
     * {@code off_moo_bench/problem/synthetic_func.py} lines 146–179, objectives at lines 163–169): n = 6 (line 147), bounds
     * [−2, 2]^6 (lines 153–154), nadir [1, 1] (line 155), ideal [0, 0] (line 156). pymoo 0.6.1.3 has no VLMOP problems.
     * Data collection: 30 generations ({@code data_generation/collect_data.py} line 59), p = 0.45 (line 114).
     */
    public static ClosedFormProblem vlmop2() {
        return new ClosedFormProblem(
                "VLMOP2",
                ContinuousSpace.cube(6, -2, 2),
                2,
                v(1, 1),
                v(0, 0),
                x -> {
                    double c = 1 / Math.sqrt(x.length);
                    double a = 0;
                    double b = 0;
                    for (double v : x) {
                        a += (v - c) * (v - c);
                        b += (v + c) * (v + c);
                    }
                    return new double[] {1 - Math.exp(-a), 1 - Math.exp(-b)};
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /**
     * VLMOP3 as Off-MOO-Bench defines it, on [−3, 3]^2, with r = x1² + x2²: f1 = ½r + sin(r), f2 = (3x1 − 2x2 + 4)²/8 + (x1
     * − x2 + 1)²/27 + 15, f3 = 1/(r + 1) − 1.1·exp(−r). As Off-MOO-Bench's {@code VLMOP3} ({@code lamda-bbo/offline-moo}
     * {@code off_moo_bench/problem/synthetic_func.py} lines 183–206, objectives at lines 199–206): n = 2 (line 184), bounds
     * [−3, 3]^2 (lines 190–191), nadir [10, 60, 1] (line 192), ideal [0, 15, 0.0526] (line 193; f3 reaches −0.1 at x = 0,
     * below this "ideal", which the metric does not use). pymoo 0.6.1.3 has no VLMOP problems. Data collection: 30
     * generations ({@code data_generation/collect_data.py} line 60), p = 0.45 (line 115).
     */
    public static ClosedFormProblem vlmop3() {
        return new ClosedFormProblem(
                "VLMOP3",
                ContinuousSpace.cube(2, -3, 3),
                3,
                v(10, 60, 1),
                v(0, 15, 0.0526),
                x -> {
                    double a = x[0];
                    double b = x[1];
                    double r = a * a + b * b;
                    double u = 3 * a - 2 * b + 4;
                    double v = a - b + 1;
                    return new double[] {
                        0.5 * r + Math.sin(r), u * u / 8 + v * v / 27 + 15, 1 / (r + 1) - 1.1 * Math.exp(-a * a - b * b)
                    };
                },
                CollectionSettings.OFF_MOO_DEFAULT,
                "");
    }

    /** ZDT4's box: x1 in [0, 1], x2…x10 in [−5, 5] ({@code synthetic_func.py} lines 402–405). */
    private static ContinuousSpace zdt4Domain() {
        double[] lo = new double[10];
        double[] hi = new double[10];
        Arrays.fill(lo, -5);
        Arrays.fill(hi, 5);
        lo[0] = 0;
        hi[0] = 1;
        return ContinuousSpace.box(lo, hi);
    }

    private static double[] v(double... a) {
        return a;
    }
}
