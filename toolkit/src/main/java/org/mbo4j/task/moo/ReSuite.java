package org.mbo4j.task.moo;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mbo4j.data.ContinuousSpace;

/**
 * The RE engineering problems (Tanabe &amp; Ishibuchi, "An easy-to-use real-world multi-objective optimization problem
 * suite", Applied Soft Computing 89, 2020) as Off-MOO-Bench registers them ({@code RE21-Exact-v0} …
 * {@code RE61-Exact-v0}), every objective minimised.
 *
 * <p>Sources, cited per problem below as "OMB" and "T":
 * <ul>
 *   <li>OMB = {@code lamda-bbo/offline-moo} {@code off_moo_bench/problem/synthetic_func.py} at commit
 *   {@code 2b5c6a1b} (the only version of that file; unchanged up to HEAD {@code a960f6f1}): bounds, hard-coded
 *   {@code nadir_point}/{@code ideal_point}, formulas and the discrete-variable handling;</li>
 *   <li>T = {@code ryojitanabe/reproblems} at commit {@code 28845742}, {@code reproblem_python_ver/reproblem.py} and
 *   {@code reproblem_c_ver/reproblem.c}, the paper's reference implementation, which OMB ports. Where the two
 *   differ we follow OMB and say so (only RE24's σ_k, see {@link #re24()}).</li>
 * </ul>
 *
 * <p><b>Input space.</b> {@link MultiObjectiveFunction#evaluate} takes x in the original box
 * ({@link MultiObjectiveFunction#domain()}), like {@link SyntheticSuite#zdt1()} and {@link SyntheticSuite#dtlz2()}. OMB's {@code SyntheticProblem.f}
 * takes x in [0, 1]^d and first maps it to {@code x·(ub − lb) + lb} with float32 bounds (OMB lines 29–36); its saved
 * data are already in the original box (protocols B.3), so raw-box evaluation is what reproduces OMB's scores of its
 * stored designs.
 *
 * <p><b>Discrete variables</b>, handled inside {@code evaluate} exactly as OMB does: rounding is
 * {@code torch.round}, i.e. half to even ({@link Math#rint}; T's C version rounds halves away from zero);
 * snapping to a list picks the entry with the smallest |v − x|, the first such entry in list order on ties
 * ({@code torch.argmin}). Designs are not snapped in the data: the continuous x is kept and discretised in the
 * objective, as in OMB.
 *
 * <p><b>Constraint objectives.</b> Most problems have a last objective Σ_j max(−g_j, 0) over the constraints g_j ≥ 0
 * ({@link #violation}).
 *
 * <p><b>Precision.</b> We compute in double. OMB casts the constraint values (and RE23's f1) to float32 before summing
 * ({@code .float()}), holds its snapping lists as float32 tensors (so RE22's x1 and RE25's x3 take the float32
 * neighbours of the listed decimals, relative difference below 6e-8) and compares the snapping distances in float32:
 * our values differ from OMB's at about float32 precision, and a point within about 1e-7 of a midpoint between two
 * list entries may snap to the other entry there.
 */
public final class ReSuite {
    private ReSuite() {}

    /** All 15 problems in Off-MOO-Bench's order (RE21–RE25, RE31–RE37, RE41, RE42, RE61). */
    public static List<ClosedFormProblem> problems() {
        return List.of(
                re21(), re22(), re23(), re24(), re25(), re31(), re32(), re33(), re34(), re35(), re36(), re37(), re41(),
                re42(), re61());
    }

    /**
     * The problem with this name (case-insensitive, with or without {@code -Exact-v0}).
     *
     * @throws IllegalArgumentException naming the known problems when there is none
     */
    public static ClosedFormProblem byName(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace("-EXACT-V0", "");
        for (ClosedFormProblem p : problems()) if (p.name().equals(key)) return p;
        throw new IllegalArgumentException("unknown RE problem '" + name + "'; known: "
                + problems().stream().map(ClosedFormProblem::name).toList());
    }

    // ---------------------------------------------------------------------------------------------- shared pieces

    /** Σ_j max(−g_j, 0): the total violation of the constraints g_j ≥ 0 (OMB's {@code torch.where(g < 0, −g, 0)}). */
    static double violation(double... g) {
        double s = 0;
        for (double v : g) if (v < 0) s -= v;
        return s;
    }

    /**
     * The entry of {@code values} nearest to {@code v}; on a tie the first in list order ({@code torch.argmin} of
     * |values − v|, OMB lines 504 and 642). A NaN {@code v} gives the first entry.
     */
    static double nearest(double v, double[] values) {
        int best = 0;
        double bestDist = Math.abs(values[0] - v);
        for (int i = 1; i < values.length; i++) {
            double d = Math.abs(values[i] - v);
            if (d < bestDist) {
                best = i;
                bestDist = d;
            }
        }
        return values[best];
    }

    /** {@code torch.round}: to the nearest integer, halves to even. */
    static double round(double v) {
        return Math.rint(v);
    }

    private static ClosedFormProblem problem(
            String name, double[] lb, double[] ub, double[] nadir, double[] ideal, ClosedFormProblem.Formula formula) {
        return problem(name, lb, ub, nadir, ideal, formula, CollectionSettings.OFF_MOO_DEFAULT, "");
    }

    private static ClosedFormProblem problem(
            String name,
            double[] lb,
            double[] ub,
            double[] nadir,
            double[] ideal,
            ClosedFormProblem.Formula formula,
            CollectionSettings collection,
            String note) {
        return new ClosedFormProblem(
                name, ContinuousSpace.box(lb, ub), nadir.length, nadir, ideal, formula, collection, note);
    }

    private static double[] v(double... a) {
        return a;
    }

    private static double[] fill(int d, double value) {
        double[] a = new double[d];
        Arrays.fill(a, value);
        return a;
    }

    // ---------------------------------------------------------------------------------------------- the problems

    /**
     * RE21, four-bar truss (4 variables, 2 objectives), F = 10, σ = 10, E = 2·10^5, L = 200:
     * f1 = L(2x1 + √2·x2 + √x3 + x4), f2 = (FL/E)(2/x1 + 2√2/x2 − 2√2/x3 + 2/x4).
     * Box lb = (1, √2, √2, 1)·F/σ, ub = 3·F/σ (OMB lines 456–483, T reproblem.py lines 25–59).
     * Nadir (2971.23988, 0.0485512338), ideal (1239.20758, 0.00298607537) (OMB lines 469–470).
     */
    public static ClosedFormProblem re21() {
        double s2 = Math.sqrt(2.0);
        return problem(
                "RE21",
                v(1, s2, s2, 1),
                fill(4, 3),
                v(2.97123988e+03, 4.85512338e-02),
                v(1.23920758e+03, 2.98607537e-03),
                x -> {
                    double f = 10.0;
                    double e = 2.0 * 1e5;
                    double l = 200.0;
                    return new double[] {
                        l * ((2 * x[0]) + s2 * x[1] + Math.sqrt(x[2]) + x[3]),
                        ((f * l) / e) * ((2.0 / x[0]) + (2.0 * s2 / x[1]) - (2.0 * s2 / x[2]) + (2.0 / x[3]))
                    };
                });
    }

    /**
     * RE22's 77-entry list of x1 values (OMB line 498, identical to T reproblem.py line 78 and reproblem.c line 23).
     * It holds {@code 3, 10} where the series suggests 3.10: both codes therefore offer 3 (a second time, after 3.0)
     * and 10 (between 9.48 and 10.27), and never 3.10. We keep the list, order and duplicate included, because the
     * tie rule of {@link #nearest} depends on the order (9.74 snaps to 10, not 9.48).
     */
    static final double[] RE22_VALUES = {
        0.20, 0.31, 0.40, 0.44, 0.60, 0.62, 0.79, 0.80, 0.88, 0.93, 1.0, 1.20, 1.24, 1.32, 1.40, 1.55, 1.58, 1.60, 1.76,
        1.80, 1.86, 2.0, 2.17, 2.20, 2.37, 2.40, 2.48, 2.60, 2.64, 2.79, 2.80, 3.0, 3.08, 3, 10, 3.16, 3.41, 3.52, 3.60,
        3.72, 3.95, 3.96, 4.0, 4.03, 4.20, 4.34, 4.40, 4.65, 4.74, 4.80, 4.84, 5.0, 5.28, 5.40, 5.53, 5.72, 6.0, 6.16,
        6.32, 6.60, 7.11, 7.20, 7.80, 7.90, 8.0, 8.40, 8.69, 9.0, 9.48, 10.27, 11.0, 11.06, 11.85, 12.0, 13.0, 14.0,
        15.0
    };

    /**
     * RE22, reinforced concrete beam (3 variables, 2 objectives): x1 snapped to {@link #RE22_VALUES};
     * f1 = 29.4·x1 + 0.6·x2·x3, f2 = violation of g1 = x1·x3 − 7.735·x1²/x2 − 180 and g2 = 4 − x3/x2.
     * Box (0.2, 0, 0) … (15, 20, 40) (OMB lines 486–529, T reproblem.py lines 61–98). x2 = 0 divides by zero
     * (f2 = +∞, or NaN when x3 = 0 too), as in OMB. Nadir (829.079443, 2.40721725e6), ideal (5.88238115, 0)
     * (OMB lines 494–495).
     */
    public static ClosedFormProblem re22() {
        return problem(
                "RE22", v(0.2, 0.0, 0.0), v(15, 20, 40), v(8.29079443e+02, 2.40721725e+06), v(5.88238115, 0.0), x -> {
                    double x1 = nearest(x[0], RE22_VALUES);
                    double x2 = x[1];
                    double x3 = x[2];
                    double g1 = (x1 * x3) - 7.735 * ((x1 * x1) / x2) - 180.0;
                    double g2 = 4.0 - (x3 / x2);
                    return new double[] {(29.4 * x1) + (0.6 * x2 * x3), violation(g1, g2)};
                });
    }

    /**
     * RE23, pressure vessel (4 variables, 2 objectives): x1 = 0.0625·round(x1), x2 = 0.0625·round(x2) (OMB lines
     * 548–549); f1 = 0.6224·x1x3x4 + 1.7781·x2x3² + 3.1661·x1²x4 + 19.84·x1²x3, f2 = violation of g1 = x1 − 0.0193·x3,
     * g2 = x2 − 0.00954·x3, g3 = πx3²x4 + (4/3)πx3³ − 1296000. Box (1, 1, 10, 10) … (100, 100, 200, 240) (OMB lines
     * 532–578, T reproblem.py lines 100–138). Nadir (713710.875, 1288669.78054), ideal (15.9018007813, 0) (OMB lines
     * 541–542).
     */
    public static ClosedFormProblem re23() {
        return problem(
                "RE23",
                v(1, 1, 10, 10),
                v(100, 100, 200, 240),
                v(713710.875, 1288669.78054),
                v(15.9018007813, 0.0),
                x -> {
                    double x1 = 0.0625 * round(x[0]);
                    double x2 = 0.0625 * round(x[1]);
                    double x3 = x[2];
                    double x4 = x[3];
                    double f1 = (0.6224 * x1 * x3 * x4)
                            + (1.7781 * x2 * x3 * x3)
                            + (3.1661 * x1 * x1 * x4)
                            + (19.84 * x1 * x1 * x3);
                    double g1 = x1 - (0.0193 * x3);
                    double g2 = x2 - (0.00954 * x3);
                    double g3 = (Math.PI * x3 * x3 * x4) + ((4.0 / 3.0) * (Math.PI * x3 * x3 * x3)) - 1296000;
                    return new double[] {f1, violation(g1, g2, g3)};
                });
    }

    /**
     * RE24, hatch cover (2 variables, 2 objectives), E = 700000, σ_b,max = 700, τ_max = 450, δ_max = 1.5:
     * f1 = x1 + 120·x2; σ_k = E·x1·x2/100, σ_b = 4500/(x1·x2), τ = 1800/x2, δ = 56.2·10^4/(E·x1·x2²);
     * f2 = violation of 1 − σ_b/σ_b,max, 1 − τ/τ_max, 1 − δ/δ_max, 1 − σ_b/σ_k. Box (0.5, 0.5) … (4, 50)
     * (OMB lines 580–620). <b>Deviation from T:</b> OMB line 600 has σ_k = E·x1·x2/100, T has E·x1²/100
     * (reproblem.py line 169, reproblem.c line 430); we follow OMB. Nadir (5997.8316325, 43.67584229), ideal
     * (60.65314083, 0) (OMB lines 588–589).
     */
    public static ClosedFormProblem re24() {
        return problem("RE24", v(0.5, 0.5), v(4, 50), v(5997.8316325, 43.67584229), v(60.65314083, 0.0), x -> {
            double x1 = x[0];
            double x2 = x[1];
            double e = 700000;
            double sigmaK = (e * x1 * x2) / 100; // OMB; Tanabe: e * x1 * x1 / 100
            double sigmaB = 4500 / (x1 * x2);
            double tau = 1800 / x2;
            double delta = (56.2 * 10000) / (e * x1 * x2 * x2);
            double g1 = 1 - (sigmaB / 700);
            double g2 = 1 - (tau / 450);
            double g3 = 1 - (delta / 1.5);
            double g4 = 1 - (sigmaB / sigmaK);
            return new double[] {x1 + (120 * x2), violation(g1, g2, g3, g4)};
        });
    }

    /**
     * RE25's 42 wire diameters for x3 (OMB line 634, identical to T reproblem.py line 200 and reproblem.c line 25).
     */
    static final double[] RE25_VALUES = {
        0.009, 0.0095, 0.0104, 0.0118, 0.0128, 0.0132, 0.014, 0.015, 0.0162, 0.0173, 0.018, 0.02, 0.023, 0.025, 0.028,
        0.032, 0.035, 0.041, 0.047, 0.054, 0.063, 0.072, 0.08, 0.092, 0.105, 0.12, 0.135, 0.148, 0.162, 0.177, 0.192,
        0.207, 0.225, 0.244, 0.263, 0.283, 0.307, 0.331, 0.362, 0.394, 0.4375, 0.5
    };

    /**
     * RE25, coil compression spring (3 variables, 2 objectives): x1 = round(x1) (OMB line 638), x3 snapped to
     * {@link #RE25_VALUES}; f1 = π²·x2·x3²·(x1 + 2)/4; with C_f = (4(x2/x3) − 1)/(4(x2/x3) − 4) + 0.615·x3/x2,
     * F_max = 1000, S = 189000, G = 11.5·10^6, K = G·x3⁴/(8·x1·x2³), l_max = 14, l_f = F_max/K + 1.05(x1 + 2)x3,
     * F_p = 300, σ_p = F_p/K, σ_pm = 6, σ_w = 1.25, f2 = violation of g1 = S − 8·C_f·F_max·x2/(πx3³),
     * g2 = l_max − l_f, g3 = x2/x3 − 3, g4 = σ_pm − σ_p, g5 = l_f − σ_p − (F_max − F_p)/K − 1.05(x1 + 2)x3 (zero in
     * exact arithmetic), g6 = σ_w − (F_max − F_p)/K. Box (1, 0.6, 0.09) … (70, 3, 0.5) (OMB lines 622–689, T
     * reproblem.py lines 183–240). Nadir (124.795202, 1.00387350e7), ideal (0.03759284, 0) (OMB lines 630–631).
     */
    public static ClosedFormProblem re25() {
        return problem(
                "RE25", v(1, 0.6, 0.09), v(70, 3, 0.5), v(1.24795202e+02, 1.00387350e+07), v(0.03759284, 0.0), x -> {
                    double x1 = round(x[0]);
                    double x2 = x[1];
                    double x3 = nearest(x[2], RE25_VALUES);
                    double f1 = (Math.PI * Math.PI * x2 * x3 * x3 * (x1 + 2)) / 4.0;
                    double cf = ((4.0 * (x2 / x3) - 1) / (4.0 * (x2 / x3) - 4)) + (0.615 * x3 / x2);
                    double fMax = 1000.0;
                    double s = 189000.0;
                    double g = 11.5 * 1e+6;
                    double k = (g * x3 * x3 * x3 * x3) / (8 * x1 * x2 * x2 * x2);
                    double lMax = 14.0;
                    double lf = (fMax / k) + 1.05 * (x1 + 2) * x3;
                    double fp = 300.0;
                    double sigmaP = fp / k;
                    double sigmaPm = 6;
                    double sigmaW = 1.25;
                    double g1 = -((8 * cf * fMax * x2) / (Math.PI * x3 * x3 * x3)) + s;
                    double g2 = -lf + lMax;
                    double g3 = -3 + (x2 / x3);
                    double g4 = -sigmaP + sigmaPm;
                    double g5 = -sigmaP - ((fMax - fp) / k) - 1.05 * (x1 + 2) * x3 + lf;
                    double g6 = sigmaW - ((fMax - fp) / k);
                    return new double[] {f1, violation(g1, g2, g3, g4, g5, g6)};
                });
    }

    /**
     * RE31, two-bar truss (3 variables, 3 objectives): f1 = x1√(16 + x3²) + x2√(1 + x3²), f2 = 20√(16 + x3²)/(x1x3),
     * f3 = violation of 0.1 − f1, 10^5 − f2, 10^5 − 80√(1 + x3²)/(x3x2). Box (1e-5, 1e-5, 1) … (100, 100, 3) (OMB lines
     * 692–723, T reproblem.py lines 242–279). Nadir (808.852742, 6.89337582e6, 6.79345e6), ideal (0.02500048,
     * 0.33336024, 0) (OMB lines 700–701).
     */
    public static ClosedFormProblem re31() {
        return problem(
                "RE31",
                v(0.00001, 0.00001, 1.0),
                v(100.0, 100.0, 3.0),
                v(8.08852742e+02, 6.89337582e+06, 6.79345000e+06),
                v(0.02500048, 0.33336024, 0.0),
                x -> {
                    double x1 = x[0];
                    double x2 = x[1];
                    double x3 = x[2];
                    double f1 = x1 * Math.sqrt(16.0 + (x3 * x3)) + x2 * Math.sqrt(1.0 + x3 * x3);
                    double f2 = (20.0 * Math.sqrt(16.0 + (x3 * x3))) / (x1 * x3);
                    double g1 = 0.1 - f1;
                    double g2 = 100000.0 - f2;
                    double g3 = 100000 - ((80.0 * Math.sqrt(1.0 + x3 * x3)) / (x3 * x2));
                    return new double[] {f1, f2, violation(g1, g2, g3)};
                });
    }

    /**
     * RE32, welded beam (4 variables, 3 objectives), P = 6000, L = 14, E = 30·10^6, G = 12·10^6, τ_max = 13600,
     * σ_max = 30000: f1 = 1.10471·x1²x2 + 0.04811·x3x4(14 + x2), f2 = 4PL³/(E·x4·x3³); with M = P(L + x2/2),
     * R = √(x2²/4 + ((x1 + x3)/2)²), J = 2√2·x1x2(x2²/12 + ((x1 + x3)/2)²), τ'' = MR/J, τ' = P/(√2·x1x2),
     * τ = √(τ'² + 2τ'τ''x2/(2R) + τ''²), σ = 6PL/(x4x3²), P_C = 4.013·E·√(x3²x4⁶/36)/L²·(1 − x3/(2L)·√(E/(4G))),
     * f3 = violation of τ_max − τ, σ_max − σ, x4 − x1, P_C − P. Box (0.125, 0.1, 0.1, 0.125) … (5, 10, 10, 5) (OMB
     * lines 725–788, T reproblem.py lines 281–346). Nadir (290.661885, 16552.4628, 3.88265024e8), ideal (0.01366746,
     * 0.00043994, 0) (OMB lines 733–734).
     */
    public static ClosedFormProblem re32() {
        return problem(
                "RE32",
                v(0.125, 0.1, 0.1, 0.125),
                v(5.0, 10.0, 10.0, 5.0),
                v(2.90661885e+02, 1.65524628e+04, 3.88265024e+08),
                v(0.01366746, 0.00043994, 0.0),
                x -> {
                    double x1 = x[0];
                    double x2 = x[1];
                    double x3 = x[2];
                    double x4 = x[3];
                    double p = 6000;
                    double l = 14;
                    double e = 30 * 1e6;
                    double g = 12 * 1e6;
                    double f1 = (1.10471 * x1 * x1 * x2) + (0.04811 * x3 * x4) * (14.0 + x2);
                    double f2 = (4 * p * l * l * l) / (e * x4 * x3 * x3 * x3);
                    double m = p * (l + (x2 / 2));
                    double half = (x1 + x3) / 2.0;
                    double r = Math.sqrt(((x2 * x2) / 4.0) + half * half);
                    double j = 2 * Math.sqrt(2) * x1 * x2 * (((x2 * x2) / 12.0) + half * half);
                    double tauDashDash = (m * r) / j;
                    double tauDash = p / (Math.sqrt(2) * x1 * x2);
                    double tau = Math.sqrt(tauDash * tauDash
                            + ((2 * tauDash * tauDashDash * x2) / (2 * r))
                            + (tauDashDash * tauDashDash));
                    double sigma = (6 * p * l) / (x4 * x3 * x3);
                    double pc = 4.013
                            * e
                            * Math.sqrt((x3 * x3 * x4 * x4 * x4 * x4 * x4 * x4) / 36.0)
                            / (l * l)
                            * (1 - (x3 / (2 * l)) * Math.sqrt(e / (4 * g)));
                    return new double[] {f1, f2, violation(13600 - tau, 30000 - sigma, x4 - x1, pc - p)};
                });
    }

    /**
     * RE33, disc brake (4 variables, 3 objectives): with a = x2² − x1², b = x2³ − x1³: f1 = 4.9·10^-5·a·(x4 − 1),
     * f2 = 9.82·10^6·a/(x3·x4·b), f3 = violation of (x2 − x1) − 20, 0.4 − x3/(3.14·a), 1 − 2.22·10^-3·x3·b/a²,
     * 2.66·10^-2·x3·x4·b/a − 900. Box (55, 75, 1000, 11) … (80, 110, 3000, 20) (OMB lines 791–836, T reproblem.py
     * lines 348–389). Nadir (8.01164324, 8.83604223, 2343.29711914), ideal (−0.721525, 1.13907203907, 0) (OMB lines
     * 800–801).
     */
    public static ClosedFormProblem re33() {
        return problem(
                "RE33",
                v(55, 75, 1000, 11),
                v(80, 110, 3000, 20),
                v(8.01164324, 8.83604223, 2343.29711914),
                v(-0.721525, 1.13907203907, 0.0),
                x -> {
                    double x1 = x[0];
                    double x2 = x[1];
                    double x3 = x[2];
                    double x4 = x[3];
                    double a = x2 * x2 - x1 * x1;
                    double b = x2 * x2 * x2 - x1 * x1 * x1;
                    double f1 = 4.9 * 1e-5 * a * (x4 - 1.0);
                    double f2 = ((9.82 * 1e6) * a) / (x3 * x4 * b);
                    double g1 = (x2 - x1) - 20.0;
                    double g2 = 0.4 - (x3 / (3.14 * a));
                    double g3 = 1.0 - (2.22 * 1e-3 * x3 * b) / (a * a);
                    double g4 = (2.66 * 1e-2 * x3 * x4 * b) / a - 900.0;
                    return new double[] {f1, f2, violation(g1, g2, g3, g4)};
                });
    }

    /**
     * RE34, vehicle crashworthiness (5 variables, 3 objectives), three response-surface polynomials (OMB lines
     * 855–872, T reproblem.py lines 412–414) on [1, 3]^5 (OMB lines 846–847). Nadir (1702.51811, 11.6807224,
     * 0.263918844), ideal (1661.71457, 6.14473949, 0.0400202874) (OMB lines 848–849).
     *
     * <p><b>Data collection.</b> Off-MOO-Bench collects RE34 with pymoo's NSGA-III (uniform reference directions, 3
     * objectives, 100 partitions: C(102, 2) = 5151 of them, and population 5151, pymoo 0.5.0's default of one per
     * direction, {@code pymoo/algorithms/moo/nsga3.py} lines 76–77) for 100 generations, so one run records about
     * 5151 × 100 designs, without the perturbed survival ({@code data_generation/collect_data.py} at {@code 2b5c6a1b}, lines 84, 197–200;
     * p = 0.3 on line 139 is only read by the NSGA-II fallback on line 202, taken when NSGA-III cannot be imported).
     * mbo4j has no NSGA-III yet, so our stand-in takes that fallback: NSGA-II with the amateur survival p = 0.3,
     * population 100, 100 generations. The data therefore differ in kind from Off-MOO-Bench's for RE34.
     */
    public static ClosedFormProblem re34() {
        return problem(
                "RE34",
                fill(5, 1),
                fill(5, 3),
                v(1.70251811e+03, 1.16807224e+01, 2.63918844e-01),
                v(1.66171457e+03, 6.14473949e+00, 4.00202874e-02),
                x -> {
                    double x1 = x[0];
                    double x2 = x[1];
                    double x3 = x[2];
                    double x4 = x[3];
                    double x5 = x[4];
                    double f1 = 1640.2823
                            + (2.3573285 * x1)
                            + (2.3220035 * x2)
                            + (4.5688768 * x3)
                            + (7.7213633 * x4)
                            + (4.4559504 * x5);
                    double f2 = 6.5856
                            + (1.15 * x1)
                            - (1.0427 * x2)
                            + (0.9738 * x3)
                            + (0.8364 * x4)
                            - (0.3695 * x1 * x4)
                            + (0.0861 * x1 * x5)
                            + (0.3628 * x2 * x4)
                            - (0.1106 * x1 * x1)
                            - (0.3437 * x3 * x3)
                            + (0.1764 * x4 * x4);
                    double f3 = -0.0551
                            + (0.0181 * x1)
                            + (0.1024 * x2)
                            + (0.0421 * x3)
                            - (0.0073 * x1 * x2)
                            + (0.024 * x2 * x3)
                            - (0.0118 * x2 * x4)
                            - (0.0204 * x3 * x4)
                            - (0.008 * x3 * x5)
                            - (0.0241 * x2 * x2)
                            + (0.0109 * x4 * x4);
                    return new double[] {f1, f2, f3};
                },
                new CollectionSettings(100, 0.3),
                "Off-MOO-Bench collects RE34 with NSGA-III (100-partition reference directions, 100 generations, no"
                        + " perturbed survival); mbo4j has no NSGA-III, so this stand-in uses the NSGA-II fallback of"
                        + " its collect_data.py (amateur p = 0.3) with 100 generations.");
    }

    /**
     * RE35, speed reducer (7 variables, 3 objectives): x3 = round(x3) in every objective (OMB lines 889–902);
     * f1 = 0.7854·x1x2²(10x3²/3 + 14.933x3 − 43.0934) − 1.508·x1(x6² + x7²) + 7.477(x6³ + x7³)
     * + 0.7854(x4x6² + x5x7²), f2 = √((745x4/(x2x3))² + 1.69·10^7)/(0.1·x6³), f3 = violation of the 11 constraints of
     * OMB lines 909–920 (the last two: 1300 − f2 and 1100 − √((745x5/(x2x3))² + 1.575·10^8)/(0.1·x7³)).
     * Box (2.6, 0.7, 17, 7.3, 7.3, 2.9, 5.0) … (3.6, 0.8, 28, 8.3, 8.3, 3.9, 5.5) (OMB lines 876–939, T reproblem.py
     * lines 418–478). Nadir (7050.78959905, 1696.66697789, 397.83456421), ideal (2364.91273887, 694.31805919, 0)
     * (OMB lines 884–885).
     */
    public static ClosedFormProblem re35() {
        return problem(
                "RE35",
                v(2.6, 0.7, 17, 7.3, 7.3, 2.9, 5.0),
                v(3.6, 0.8, 28, 8.3, 8.3, 3.9, 5.5),
                v(7050.78959905, 1696.66697789, 397.83456421),
                v(2364.91273887, 694.31805919, 0.0),
                x -> {
                    double x1 = x[0];
                    double x2 = x[1];
                    double x3 = round(x[2]);
                    double x4 = x[3];
                    double x5 = x[4];
                    double x6 = x[5];
                    double x7 = x[6];
                    double f1 = 0.7854 * x1 * (x2 * x2) * (((10.0 * x3 * x3) / 3.0) + (14.933 * x3) - 43.0934)
                            - 1.508 * x1 * (x6 * x6 + x7 * x7)
                            + 7.477 * (x6 * x6 * x6 + x7 * x7 * x7)
                            + 0.7854 * (x4 * x6 * x6 + x5 * x7 * x7);
                    double a = (745.0 * x4) / (x2 * x3);
                    double f2 = Math.sqrt(a * a + 1.69 * 1e7) / (0.1 * x6 * x6 * x6);
                    double b = (745.0 * x5) / (x2 * x3);
                    double f3 = violation(
                            -(1.0 / (x1 * x2 * x2 * x3)) + 1.0 / 27.0,
                            -(1.0 / (x1 * x2 * x2 * x3 * x3)) + 1.0 / 397.5,
                            -(x4 * x4 * x4) / (x2 * x3 * x6 * x6 * x6 * x6) + 1.0 / 1.93,
                            -(x5 * x5 * x5) / (x2 * x3 * x7 * x7 * x7 * x7) + 1.0 / 1.93,
                            -(x2 * x3) + 40.0,
                            -(x1 / x2) + 12.0,
                            -5.0 + (x1 / x2),
                            -1.9 + x4 - 1.5 * x6,
                            -1.9 + x5 - 1.1 * x7,
                            -f2 + 1300.0,
                            -Math.sqrt(b * b + 1.575 * 1e8) / (0.1 * x7 * x7 * x7) + 1100.0);
                    return new double[] {f1, f2, f3};
                });
    }

    /**
     * RE36, gear train (4 variables, 3 objectives): all four variables rounded (OMB lines 955–962);
     * f1 = |6.931 − (x3/x1)(x4/x2)|, f2 = max(x1, x2, x3, x4), f3 = violation of 0.5 − f1/6.931. Box [12, 60]^4
     * (OMB lines 942–982, T reproblem.py lines 480–511). Nadir (10.21185714, 60, 0.97335988), ideal
     * (0.00387449393, 13, 0) (OMB lines 950–951).
     */
    public static ClosedFormProblem re36() {
        return problem(
                "RE36",
                fill(4, 12),
                fill(4, 60),
                v(10.21185714, 60.0, 0.97335988),
                v(3.87449393e-03, 1.30000000e+01, 0.0),
                x -> {
                    double x1 = round(x[0]);
                    double x2 = round(x[1]);
                    double x3 = round(x[2]);
                    double x4 = round(x[3]);
                    double f1 = Math.abs(6.931 - ((x3 / x1) * (x4 / x2)));
                    double f2 = Math.max(Math.max(x1, x2), Math.max(x3, x4));
                    return new double[] {f1, f2, violation(0.5 - (f1 / 6.931))};
                });
    }

    /**
     * RE37, rocket injector (4 variables, 3 objectives), three response-surface polynomials in (α, HA, OA, OPTT)
     * (OMB lines 1001–1032, T reproblem.py lines 533–537) on [0, 1]^4 (OMB lines 992–993). Nadir (0.98949120096,
     * 0.956587924661, 0.987530948586), ideal (0.00889341391106, 0.00488, −0.431499999825) (OMB lines 994–995).
     */
    public static ClosedFormProblem re37() {
        return problem(
                "RE37",
                fill(4, 0),
                fill(4, 1),
                v(0.98949120096, 0.956587924661, 0.987530948586),
                v(0.00889341391106, 0.00488, -0.431499999825),
                x -> {
                    double a = x[0];
                    double ha = x[1];
                    double oa = x[2];
                    double t = x[3];
                    double f1 = 0.692
                            + (0.477 * a)
                            - (0.687 * ha)
                            - (0.080 * oa)
                            - (0.0650 * t)
                            - (0.167 * a * a)
                            - (0.0129 * ha * a)
                            + (0.0796 * ha * ha)
                            - (0.0634 * oa * a)
                            - (0.0257 * oa * ha)
                            + (0.0877 * oa * oa)
                            - (0.0521 * t * a)
                            + (0.00156 * t * ha)
                            + (0.00198 * t * oa)
                            + (0.0184 * t * t);
                    double f2 = 0.153
                            - (0.322 * a)
                            + (0.396 * ha)
                            + (0.424 * oa)
                            + (0.0226 * t)
                            + (0.175 * a * a)
                            + (0.0185 * ha * a)
                            - (0.0701 * ha * ha)
                            - (0.251 * oa * a)
                            + (0.179 * oa * ha)
                            + (0.0150 * oa * oa)
                            + (0.0134 * t * a)
                            + (0.0296 * t * ha)
                            + (0.0752 * t * oa)
                            + (0.0192 * t * t);
                    double f3 = 0.370
                            - (0.205 * a)
                            + (0.0307 * ha)
                            + (0.108 * oa)
                            + (1.019 * t)
                            - (0.135 * a * a)
                            + (0.0141 * ha * a)
                            + (0.0998 * ha * ha)
                            + (0.208 * oa * a)
                            - (0.0301 * oa * ha)
                            - (0.226 * oa * oa)
                            + (0.353 * t * a)
                            - (0.0497 * t * oa)
                            - (0.423 * t * t)
                            + (0.202 * ha * a * a)
                            - (0.281 * oa * a * a)
                            - (0.342 * ha * ha * a)
                            - (0.245 * ha * ha * oa)
                            + (0.281 * oa * oa * ha)
                            - (0.184 * t * t * a)
                            - (0.281 * ha * a * oa);
                    return new double[] {f1, f2, f3};
                });
    }

    /**
     * RE41, car side impact (7 variables, 4 objectives): f1 (weight), f2 (pubic force), f3 = (V_MBP + V_FD)/2 with
     * V_MBP = 10.58 − 0.674·x1x2 − 0.67275·x2 and V_FD = 16.45 − 0.489·x3x7 − 0.843·x5x6, f4 = violation of the ten
     * constraints of OMB lines 1070–1079. Box (0.5, 0.45, 0.5, 0.5, 0.875, 0.4, 0.4) … (1.5, 1.35, 1.5, 1.5, 2.625,
     * 1.2, 1.2) (OMB lines 1036–1097, T reproblem.py lines 541–602). Nadir (42.64892315, 4.42692892, 13.07735381,
     * 13.44858932), ideal (15.87368122, 3.58726077, 10.6748894, 0) (OMB lines 1044–1045).
     */
    public static ClosedFormProblem re41() {
        return problem(
                "RE41",
                v(0.5, 0.45, 0.5, 0.5, 0.875, 0.4, 0.4),
                v(1.5, 1.35, 1.5, 1.5, 2.625, 1.2, 1.2),
                v(42.64892315, 4.42692892, 13.07735381, 13.44858932),
                v(15.87368122, 3.58726077, 10.6748894, 0.0),
                x -> {
                    double x1 = x[0];
                    double x2 = x[1];
                    double x3 = x[2];
                    double x4 = x[3];
                    double x5 = x[4];
                    double x6 = x[5];
                    double x7 = x[6];
                    double f1 =
                            1.98 + 4.9 * x1 + 6.67 * x2 + 6.98 * x3 + 4.01 * x4 + 1.78 * x5 + 0.00001 * x6 + 2.73 * x7;
                    double f2 = 4.72 - 0.5 * x4 - 0.19 * x2 * x3;
                    double vmbp = 10.58 - 0.674 * x1 * x2 - 0.67275 * x2;
                    double vfd = 16.45 - 0.489 * x3 * x7 - 0.843 * x5 * x6;
                    double f3 = 0.5 * (vmbp + vfd);
                    double f4 = violation(
                            1 - (1.16 - 0.3717 * x2 * x4 - 0.0092928 * x3),
                            0.32
                                    - (0.261
                                            - 0.0159 * x1 * x2
                                            - 0.06486 * x1
                                            - 0.019 * x2 * x7
                                            + 0.0144 * x3 * x5
                                            + 0.0154464 * x6),
                            0.32
                                    - (0.214
                                            + 0.00817 * x5
                                            - 0.045195 * x1
                                            - 0.0135168 * x1
                                            + 0.03099 * x2 * x6
                                            - 0.018 * x2 * x7
                                            + 0.007176 * x3
                                            + 0.023232 * x3
                                            - 0.00364 * x5 * x6
                                            - 0.018 * x2 * x2),
                            0.32 - (0.74 - 0.61 * x2 - 0.031296 * x3 - 0.031872 * x7 + 0.227 * x2 * x2),
                            32 - (28.98 + 3.818 * x3 - 4.2 * x1 * x2 + 1.27296 * x6 - 2.68065 * x7),
                            32 - (33.86 + 2.95 * x3 - 5.057 * x1 * x2 - 3.795 * x2 - 3.4431 * x7 + 1.45728),
                            32 - (46.36 - 9.9 * x2 - 4.4505 * x1),
                            4 - f2,
                            9.9 - vmbp,
                            15.7 - vfd);
                    return new double[] {f1, f2, f3, f4};
                });
    }

    /**
     * RE42, conceptual marine design (6 variables L, B, D, T, V_k, C_B; 4 objectives): the ship model of OMB lines
     * 1116–1177 (T reproblem.py lines 627–697); f1 = annual costs / annual cargo, f2 = light-ship weight,
     * f3 = −annual cargo, f4 = violation of the nine constraints c1…c9. Box (150, 20, 13, 10, 14, 0.63) … (274.32,
     * 32.31, 25, 11.71, 18, 0.75) (OMB lines 1100–1204). Nadir (−263.907595, 19904.8970, 28546.7850, 14.9821739),
     * ideal (−2503.83371142, 4017.64399443, 2089.36081316, 0) (OMB lines 1109–1110).
     */
    public static ClosedFormProblem re42() {
        return problem(
                "RE42",
                v(150, 20, 13, 10, 14, 0.63),
                v(274.32, 32.31, 25, 11.71, 18, 0.75),
                v(-2.63907595e+02, 1.99048970e+04, 2.85467850e+04, 1.49821739e+01),
                v(-2503.83371142, 4017.64399443, 2089.36081316, 0.0),
                ReSuite::ship);
    }

    private static double[] ship(double[] x) {
        double len = x[0];
        double beam = x[1];
        double depth = x[2];
        double draft = x[3];
        double speed = x[4];
        double cb = x[5];
        double displacement = 1.025 * len * beam * draft * cb;
        double fn = 0.5144 * speed / Math.pow(9.8065 * len, 0.5);
        double a = (4977.06 * cb * cb) - (8105.61 * cb) + 4456.51;
        double b = (-10847.2 * cb * cb) + (12817.0 * cb) - 6960.32;
        double power = (Math.pow(displacement, 2.0 / 3.0) * Math.pow(speed, 3.0)) / (a + (b * fn));
        double outfitWeight = 1.0 * Math.pow(len, 0.8) * Math.pow(beam, 0.6) * Math.pow(depth, 0.3) * Math.pow(cb, 0.1);
        double steelWeight =
                0.034 * Math.pow(len, 1.7) * Math.pow(beam, 0.7) * Math.pow(depth, 0.4) * Math.pow(cb, 0.5);
        double machineryWeight = 0.17 * Math.pow(power, 0.9);
        double lightShipWeight = steelWeight + outfitWeight + machineryWeight;
        double shipCost = 1.3
                * ((2000.0 * Math.pow(steelWeight, 0.85)) + (3500.0 * outfitWeight) + (2400.0 * Math.pow(power, 0.8)));
        double capitalCosts = 0.2 * shipCost;
        double dwt = displacement - lightShipWeight;
        double runningCosts = 40000.0 * Math.pow(dwt, 0.3);
        double seaDays = (5000.0 / 24.0) * speed;
        double dailyConsumption = ((0.19 * power * 24.0) / 1000.0) + 0.2;
        double fuelCost = 1.05 * dailyConsumption * seaDays * 100.0;
        double portCost = 6.3 * Math.pow(dwt, 0.8);
        double fuelCarried = dailyConsumption * (seaDays + 5.0);
        double miscellaneousDwt = 2.0 * Math.pow(dwt, 0.5);
        double cargoDwt = dwt - fuelCarried - miscellaneousDwt;
        double portDays = 2.0 * ((cargoDwt / 8000.0) + 0.5);
        double rtpa = 350.0 / (seaDays + portDays);
        double voyageCosts = (fuelCost + portCost) * rtpa;
        double annualCosts = capitalCosts + runningCosts + voyageCosts;
        double annualCargo = cargoDwt * rtpa;
        double kb = 0.53 * draft;
        double bmt = ((0.085 * cb - 0.002) * beam * beam) / (draft * cb);
        double kg = 1.0 + 0.52 * depth;
        double v = violation(
                (len / beam) - 6.0,
                -(len / depth) + 15.0,
                -(len / draft) + 19.0,
                0.45 * Math.pow(dwt, 0.31) - draft,
                0.7 * depth + 0.7 - draft,
                500000.0 - dwt,
                dwt - 3000.0,
                0.32 - fn,
                (kb + bmt - kg) - (0.07 * beam));
        return new double[] {annualCosts / annualCargo, lightShipWeight, -annualCargo, v};
    }

    /**
     * RE61, water resource planning (3 variables, 6 objectives): f1 = 106780.37(x2 + x3) + 61704.67, f2 = 3000x1,
     * f3 = 305700·2289·x2/(0.06·2289)^0.65, f4 = 250·2289·exp(−39.75x2 + 9.9x3 + 2.74),
     * f5 = 25(1.39/(x1x2) + 4940x3 − 80), f6 = violation of the seven constraints of OMB lines 1240–1246. Box
     * (0.01, 0.01, 0.01) … (0.45, 0.10, 0.10) (OMB lines 1208–1254, T reproblem.py lines 704–748). Nadir
     * (83060.0282, 1349.99999, 2.85346906e6, 1.60270676e7, 357719.742, 99660.3359), ideal (63840.2774, 30,
     * 285346.896494, 183749.967061, 7.22222222222, 0) (OMB lines 1217–1219).
     */
    public static ClosedFormProblem re61() {
        return problem(
                "RE61",
                v(0.01, 0.01, 0.01),
                v(0.45, 0.10, 0.10),
                v(8.30600282e+04, 1.34999999e+03, 2.85346906e+06, 1.60270676e+07, 3.57719742e+05, 9.96603359e+04),
                v(63840.2774, 30.0, 285346.896494, 183749.967061, 7.22222222222, 0.0),
                x -> {
                    double x1 = x[0];
                    double x2 = x[1];
                    double x3 = x[2];
                    double p = x1 * x2;
                    double f6 = violation(
                            1 - (0.00139 / p + 4.94 * x3 - 0.08),
                            1 - (0.000306 / p + 1.082 * x3 - 0.0986),
                            50000 - (12.307 / p + 49408.24 * x3 + 4051.02),
                            16000 - (2.098 / p + 8046.33 * x3 - 696.71),
                            10000 - (2.138 / p + 7883.39 * x3 - 705.04),
                            2000 - (0.417 * x1 * x2 + 1721.26 * x3 - 136.54),
                            550 - (0.164 / p + 631.13 * x3 - 54.48));
                    return new double[] {
                        106780.37 * (x2 + x3) + 61704.67,
                        3000 * x1,
                        305700 * 2289 * x2 / Math.pow(0.06 * 2289, 0.65),
                        250 * 2289 * Math.exp(-39.75 * x2 + 9.9 * x3 + 2.74),
                        25 * (1.39 / (x1 * x2) + 4940 * x3 - 80),
                        f6
                    };
                });
    }
}
