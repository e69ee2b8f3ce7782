#!/usr/bin/env python3
"""Reference values of the RE engineering problems (Tanabe & Ishibuchi, Applied Soft Computing 89, 2020) as
Off-MOO-Bench encodes them, written in numpy from the formulas (not from mbo4j's Java), for ReSuiteTest.

For every problem the script evaluates seeded random designs in the original box, the box's corners, and designs
placed on the discrete handling's edge cases (halves for rounding, midpoints and the "3, 10" entries of RE22's list,
a dyadic tie in RE25's wire list), and writes {"problems": {"RE21": {"x": [...], "f": [...]}, ...}}.

Conventions, as in Off-MOO-Bench (lamda-bbo/offline-moo, off_moo_bench/problem/synthetic_func.py at 2b5c6a1):
  * x is in the original box (Off-MOO-Bench's data are stored there);
  * rounding is half to even (torch.round; np.round here);
  * snapping to a list takes the nearest entry, the first in list order on ties (torch.argmin; np.argmin here);
  * constraint objectives are sum_j max(-g_j, 0) over constraints g_j >= 0;
  * RE24 uses sigma_k = E*x1*x2/100 (Off-MOO-Bench line 600), not Tanabe's E*x1^2/100.
Everything is float64 (Off-MOO-Bench casts constraint sums to float32; mbo4j and this script do not).

Usage: re_functions_reference.py OUT.json     (the JUnit test ReSuiteTest reads the file)
"""
import json
import sys

import numpy as np

SQRT2 = np.sqrt(2.0)


def violation(*g):
    """sum_j max(-g_j, 0) for constraints g_j >= 0, row-wise."""
    total = np.zeros_like(np.asarray(g[0], dtype=float))
    for gj in g:
        total = total + np.where(gj < 0, -gj, 0.0)
    return total


def snap(v, values):
    """Nearest entry of `values` to each v; argmin returns the first of equal distances."""
    values = np.asarray(values, dtype=float)
    return values[np.argmin(np.abs(values[None, :] - v[:, None]), axis=1)]


# RE22: the list as published in Tanabe's code and copied by Off-MOO-Bench, "3,10" included (3 twice, and 10)
RE22_LIST = [0.20, 0.31, 0.40, 0.44, 0.60, 0.62, 0.79, 0.80, 0.88, 0.93, 1.0, 1.20, 1.24, 1.32, 1.40, 1.55, 1.58,
             1.60, 1.76, 1.80, 1.86, 2.0, 2.17, 2.20, 2.37, 2.40, 2.48, 2.60, 2.64, 2.79, 2.80, 3.0, 3.08, 3, 10, 3.16,
             3.41, 3.52, 3.60, 3.72, 3.95, 3.96, 4.0, 4.03, 4.20, 4.34, 4.40, 4.65, 4.74, 4.80, 4.84, 5.0, 5.28, 5.40,
             5.53, 5.72, 6.0, 6.16, 6.32, 6.60, 7.11, 7.20, 7.80, 7.90, 8.0, 8.40, 8.69, 9.0, 9.48, 10.27, 11.0, 11.06,
             11.85, 12.0, 13.0, 14.0, 15.0]
# RE25: spring wire diameters
RE25_LIST = [0.009, 0.0095, 0.0104, 0.0118, 0.0128, 0.0132, 0.014, 0.015, 0.0162, 0.0173, 0.018, 0.02, 0.023, 0.025,
             0.028, 0.032, 0.035, 0.041, 0.047, 0.054, 0.063, 0.072, 0.08, 0.092, 0.105, 0.12, 0.135, 0.148, 0.162,
             0.177, 0.192, 0.207, 0.225, 0.244, 0.263, 0.283, 0.307, 0.331, 0.362, 0.394, 0.4375, 0.5]


def re21(X):
    x1, x2, x3, x4 = X.T
    F, E, L = 10.0, 2e5, 200.0
    return [L * (2 * x1 + SQRT2 * x2 + np.sqrt(x3) + x4),
            F * L / E * (2 / x1 + 2 * SQRT2 / x2 - 2 * SQRT2 / x3 + 2 / x4)]


def re22(X):
    x1 = snap(X[:, 0], RE22_LIST)
    x2, x3 = X[:, 1], X[:, 2]
    return [29.4 * x1 + 0.6 * x2 * x3,
            violation(x1 * x3 - 7.735 * x1 ** 2 / x2 - 180.0, 4.0 - x3 / x2)]


def re23(X):
    x1 = 0.0625 * np.round(X[:, 0])
    x2 = 0.0625 * np.round(X[:, 1])
    x3, x4 = X[:, 2], X[:, 3]
    f1 = 0.6224 * x1 * x3 * x4 + 1.7781 * x2 * x3 ** 2 + 3.1661 * x1 ** 2 * x4 + 19.84 * x1 ** 2 * x3
    g = (x1 - 0.0193 * x3, x2 - 0.00954 * x3, np.pi * x3 ** 2 * x4 + 4.0 / 3.0 * np.pi * x3 ** 3 - 1296000.0)
    return [f1, violation(*g)]


def re24(X):
    x1, x2 = X.T
    E = 700000.0
    sigma_k = E * x1 * x2 / 100.0  # Off-MOO-Bench; Tanabe's paper code: E * x1**2 / 100
    sigma_b = 4500.0 / (x1 * x2)
    tau = 1800.0 / x2
    delta = 562000.0 / (E * x1 * x2 ** 2)
    return [x1 + 120 * x2,
            violation(1 - sigma_b / 700.0, 1 - tau / 450.0, 1 - delta / 1.5, 1 - sigma_b / sigma_k)]


def re25(X):
    n = np.round(X[:, 0])  # number of active coils
    D = X[:, 1]  # coil diameter
    d = snap(X[:, 2], RE25_LIST)  # wire diameter
    Fmax, S, G, lmax, Fp, sigma_pm, sigma_w = 1000.0, 189000.0, 11.5e6, 14.0, 300.0, 6.0, 1.25
    c = D / d
    Cf = (4 * c - 1) / (4 * c - 4) + 0.615 * d / D
    K = (G * d * d * d * d) / (8 * n * D * D * D)
    lf = Fmax / K + 1.05 * (n + 2) * d
    sigma_p = Fp / K
    # g5 is zero in exact arithmetic (lf - 1.05(n+2)d = Fmax/K); its rounding residue, which can be the whole
    # constraint objective of a feasible design, depends on the order of operations, so this line and K above
    # keep the order of the reference code (-sigma_p - (Fmax - Fp)/K - 1.05(n+2)d + lf)
    g = (S - 8 * Cf * Fmax * D / (np.pi * d ** 3),
         lmax - lf,
         D / d - 3,
         sigma_pm - sigma_p,
         -sigma_p - (Fmax - Fp) / K - 1.05 * (n + 2) * d + lf,
         sigma_w - (Fmax - Fp) / K)
    return [np.pi ** 2 * D * d ** 2 * (n + 2) / 4.0, violation(*g)]


def re31(X):
    x1, x2, x3 = X.T
    f1 = x1 * np.sqrt(16 + x3 ** 2) + x2 * np.sqrt(1 + x3 ** 2)
    f2 = 20 * np.sqrt(16 + x3 ** 2) / (x1 * x3)
    return [f1, f2, violation(0.1 - f1, 1e5 - f2, 1e5 - 80 * np.sqrt(1 + x3 ** 2) / (x3 * x2))]


def re32(X):
    h, l, t, b = X.T  # weld thickness, weld length, bar height, bar thickness
    P, L, E, G = 6000.0, 14.0, 30e6, 12e6
    f1 = 1.10471 * h ** 2 * l + 0.04811 * t * b * (14.0 + l)
    f2 = 4 * P * L ** 3 / (E * b * t ** 3)
    M = P * (L + l / 2)
    R = np.sqrt(l ** 2 / 4 + ((h + t) / 2) ** 2)
    J = 2 * SQRT2 * h * l * (l ** 2 / 12 + ((h + t) / 2) ** 2)
    tau2 = M * R / J
    tau1 = P / (SQRT2 * h * l)
    tau = np.sqrt(tau1 ** 2 + 2 * tau1 * tau2 * l / (2 * R) + tau2 ** 2)
    sigma = 6 * P * L / (b * t ** 2)
    Pc = 4.013 * E * np.sqrt(t ** 2 * b ** 6 / 36) / L ** 2 * (1 - t / (2 * L) * np.sqrt(E / (4 * G)))
    return [f1, f2, violation(13600 - tau, 30000 - sigma, b - h, Pc - P)]


def re33(X):
    ri, ro, F, z = X.T  # inner radius, outer radius, engaging force, number of friction surfaces
    a = ro ** 2 - ri ** 2
    b = ro ** 3 - ri ** 3
    f1 = 4.9e-5 * a * (z - 1)
    f2 = 9.82e6 * a / (F * z * b)
    g = ((ro - ri) - 20, 0.4 - F / (3.14 * a), 1 - 2.22e-3 * F * b / a ** 2, 2.66e-2 * F * z * b / a - 900)
    return [f1, f2, violation(*g)]


def re34(X):
    x1, x2, x3, x4, x5 = X.T
    f1 = 1640.2823 + 2.3573285 * x1 + 2.3220035 * x2 + 4.5688768 * x3 + 7.7213633 * x4 + 4.4559504 * x5
    f2 = (6.5856 + 1.15 * x1 - 1.0427 * x2 + 0.9738 * x3 + 0.8364 * x4 - 0.3695 * x1 * x4 + 0.0861 * x1 * x5
          + 0.3628 * x2 * x4 - 0.1106 * x1 ** 2 - 0.3437 * x3 ** 2 + 0.1764 * x4 ** 2)
    f3 = (-0.0551 + 0.0181 * x1 + 0.1024 * x2 + 0.0421 * x3 - 0.0073 * x1 * x2 + 0.024 * x2 * x3 - 0.0118 * x2 * x4
          - 0.0204 * x3 * x4 - 0.008 * x3 * x5 - 0.0241 * x2 ** 2 + 0.0109 * x4 ** 2)
    return [f1, f2, f3]


def re35(X):
    x1, x2, _, x4, x5, x6, x7 = X.T
    x3 = np.round(X[:, 2])  # number of teeth
    f1 = (0.7854 * x1 * x2 ** 2 * (10 * x3 ** 2 / 3 + 14.933 * x3 - 43.0934) - 1.508 * x1 * (x6 ** 2 + x7 ** 2)
          + 7.477 * (x6 ** 3 + x7 ** 3) + 0.7854 * (x4 * x6 ** 2 + x5 * x7 ** 2))
    f2 = np.sqrt((745 * x4 / (x2 * x3)) ** 2 + 1.69e7) / (0.1 * x6 ** 3)
    g = (1 / 27 - 1 / (x1 * x2 ** 2 * x3),
         1 / 397.5 - 1 / (x1 * x2 ** 2 * x3 ** 2),
         1 / 1.93 - x4 ** 3 / (x2 * x3 * x6 ** 4),
         1 / 1.93 - x5 ** 3 / (x2 * x3 * x7 ** 4),
         40 - x2 * x3,
         12 - x1 / x2,
         x1 / x2 - 5,
         x4 - 1.5 * x6 - 1.9,
         x5 - 1.1 * x7 - 1.9,
         1300 - f2,
         1100 - np.sqrt((745 * x5 / (x2 * x3)) ** 2 + 1.575e8) / (0.1 * x7 ** 3))
    return [f1, f2, violation(*g)]


def re36(X):
    x = np.round(X)  # numbers of teeth
    f1 = np.abs(6.931 - (x[:, 2] / x[:, 0]) * (x[:, 3] / x[:, 1]))
    return [f1, x.max(axis=1), violation(0.5 - f1 / 6.931)]


def re37(X):
    a, ha, oa, t = X.T
    f1 = (0.692 + 0.477 * a - 0.687 * ha - 0.080 * oa - 0.0650 * t - 0.167 * a ** 2 - 0.0129 * ha * a
          + 0.0796 * ha ** 2 - 0.0634 * oa * a - 0.0257 * oa * ha + 0.0877 * oa ** 2 - 0.0521 * t * a
          + 0.00156 * t * ha + 0.00198 * t * oa + 0.0184 * t ** 2)
    f2 = (0.153 - 0.322 * a + 0.396 * ha + 0.424 * oa + 0.0226 * t + 0.175 * a ** 2 + 0.0185 * ha * a
          - 0.0701 * ha ** 2 - 0.251 * oa * a + 0.179 * oa * ha + 0.0150 * oa ** 2 + 0.0134 * t * a
          + 0.0296 * t * ha + 0.0752 * t * oa + 0.0192 * t ** 2)
    f3 = (0.370 - 0.205 * a + 0.0307 * ha + 0.108 * oa + 1.019 * t - 0.135 * a ** 2 + 0.0141 * ha * a
          + 0.0998 * ha ** 2 + 0.208 * oa * a - 0.0301 * oa * ha - 0.226 * oa ** 2 + 0.353 * t * a - 0.0497 * t * oa
          - 0.423 * t ** 2 + 0.202 * ha * a ** 2 - 0.281 * oa * a ** 2 - 0.342 * ha ** 2 * a - 0.245 * ha ** 2 * oa
          + 0.281 * oa ** 2 * ha - 0.184 * t ** 2 * a - 0.281 * ha * a * oa)
    return [f1, f2, f3]


def re41(X):
    x1, x2, x3, x4, x5, x6, x7 = X.T
    f1 = 1.98 + 4.9 * x1 + 6.67 * x2 + 6.98 * x3 + 4.01 * x4 + 1.78 * x5 + 0.00001 * x6 + 2.73 * x7
    f2 = 4.72 - 0.5 * x4 - 0.19 * x2 * x3
    vmbp = 10.58 - 0.674 * x1 * x2 - 0.67275 * x2
    vfd = 16.45 - 0.489 * x3 * x7 - 0.843 * x5 * x6
    g = (1 - (1.16 - 0.3717 * x2 * x4 - 0.0092928 * x3),
         0.32 - (0.261 - 0.0159 * x1 * x2 - 0.06486 * x1 - 0.019 * x2 * x7 + 0.0144 * x3 * x5 + 0.0154464 * x6),
         0.32 - (0.214 + 0.00817 * x5 - 0.045195 * x1 - 0.0135168 * x1 + 0.03099 * x2 * x6 - 0.018 * x2 * x7
                 + 0.007176 * x3 + 0.023232 * x3 - 0.00364 * x5 * x6 - 0.018 * x2 ** 2),
         0.32 - (0.74 - 0.61 * x2 - 0.031296 * x3 - 0.031872 * x7 + 0.227 * x2 ** 2),
         32 - (28.98 + 3.818 * x3 - 4.2 * x1 * x2 + 1.27296 * x6 - 2.68065 * x7),
         32 - (33.86 + 2.95 * x3 - 5.057 * x1 * x2 - 3.795 * x2 - 3.4431 * x7 + 1.45728),
         32 - (46.36 - 9.9 * x2 - 4.4505 * x1),
         4 - f2,
         9.9 - vmbp,
         15.7 - vfd)
    return [f1, f2, 0.5 * (vmbp + vfd), violation(*g)]


def re42(X):
    L, B, D, T, Vk, CB = X.T
    disp = 1.025 * L * B * T * CB
    Fn = 0.5144 * Vk / np.sqrt(9.8065 * L)
    a = 4977.06 * CB ** 2 - 8105.61 * CB + 4456.51
    b = -10847.2 * CB ** 2 + 12817.0 * CB - 6960.32
    power = disp ** (2 / 3) * Vk ** 3 / (a + b * Fn)
    outfit = L ** 0.8 * B ** 0.6 * D ** 0.3 * CB ** 0.1
    steel = 0.034 * L ** 1.7 * B ** 0.7 * D ** 0.4 * CB ** 0.5
    machinery = 0.17 * power ** 0.9
    light_ship = steel + outfit + machinery
    capital = 0.2 * 1.3 * (2000 * steel ** 0.85 + 3500 * outfit + 2400 * power ** 0.8)
    DWT = disp - light_ship
    running = 40000 * DWT ** 0.3
    sea_days = 5000 / 24 * Vk
    daily = 0.19 * power * 24 / 1000 + 0.2
    fuel_cost = 1.05 * daily * sea_days * 100
    port_cost = 6.3 * DWT ** 0.8
    cargo = DWT - daily * (sea_days + 5) - 2 * DWT ** 0.5
    port_days = 2 * (cargo / 8000 + 0.5)
    rtpa = 350 / (sea_days + port_days)
    annual_costs = capital + running + (fuel_cost + port_cost) * rtpa
    annual_cargo = cargo * rtpa
    KB = 0.53 * T
    BMT = (0.085 * CB - 0.002) * B ** 2 / (T * CB)
    KG = 1 + 0.52 * D
    g = (L / B - 6, 15 - L / D, 19 - L / T, 0.45 * DWT ** 0.31 - T, 0.7 * D + 0.7 - T, 500000 - DWT, DWT - 3000,
         0.32 - Fn, KB + BMT - KG - 0.07 * B)
    return [annual_costs / annual_cargo, light_ship, -annual_cargo, violation(*g)]


def re61(X):
    x1, x2, x3 = X.T
    p = x1 * x2
    g = (1 - (0.00139 / p + 4.94 * x3 - 0.08),
         1 - (0.000306 / p + 1.082 * x3 - 0.0986),
         50000 - (12.307 / p + 49408.24 * x3 + 4051.02),
         16000 - (2.098 / p + 8046.33 * x3 - 696.71),
         10000 - (2.138 / p + 7883.39 * x3 - 705.04),
         2000 - (0.417 * p + 1721.26 * x3 - 136.54),
         550 - (0.164 / p + 631.13 * x3 - 54.48))
    return [106780.37 * (x2 + x3) + 61704.67,
            3000 * x1,
            305700 * 2289 * x2 / (0.06 * 2289) ** 0.65,
            250 * 2289 * np.exp(-39.75 * x2 + 9.9 * x3 + 2.74),
            25 * (1.39 / p + 4940 * x3 - 80),
            violation(*g)]


# name -> (function, lower bounds, upper bounds, designs on the discrete handling's edge cases)
PROBLEMS = {
    "RE21": (re21, [1, SQRT2, SQRT2, 1], [3, 3, 3, 3], []),
    "RE22": (re22, [0.2, 0, 0], [15, 20, 40],
             [[9.9, 5, 30], [10.1, 5, 30], [9.74, 2, 12], [3.05, 7, 35], [3.12, 7, 35], [14.5, 3, 15],
              [12.5, 1, 20], [0.2, 20, 40], [15, 0.5, 2]]),
    "RE23": (re23, [1, 1, 10, 10], [100, 100, 200, 240],
             [[2.5, 3.5, 50, 100], [16.5, 8.5, 60, 200], [1.5, 1.5, 10, 10], [99.5, 99.5, 200, 240]]),
    "RE24": (re24, [0.5, 0.5], [4, 50], [[1.0, 10.0], [3.0, 40.0], [0.5, 2.0], [0.6, 4.5], [1.0, 0.6]]),
    "RE25": (re25, [1, 0.6, 0.09], [70, 3, 0.5],
             [[2.5, 1.0, 0.46875], [3.5, 2.0, 0.3], [10.5, 1.5, 0.2], [69.5, 3.0, 0.09]]),
    "RE31": (re31, [1e-5, 1e-5, 1.0], [100, 100, 3.0], []),
    "RE32": (re32, [0.125, 0.1, 0.1, 0.125], [5, 10, 10, 5], []),
    "RE33": (re33, [55, 75, 1000, 11], [80, 110, 3000, 20], []),
    "RE34": (re34, [1] * 5, [3] * 5, []),
    "RE35": (re35, [2.6, 0.7, 17, 7.3, 7.3, 2.9, 5.0], [3.6, 0.8, 28, 8.3, 8.3, 3.9, 5.5],
             [[3.0, 0.75, 20.5, 7.8, 7.8, 3.4, 5.2], [3.0, 0.75, 21.5, 7.8, 7.8, 3.4, 5.2],
              [3.5, 0.7, 17.5, 8.3, 7.3, 3.9, 5.0]]),
    "RE36": (re36, [12] * 4, [60] * 4,
             [[12.5, 13.5, 40.5, 41.5], [24.5, 24.5, 59.5, 60.0], [30, 30, 30, 30], [16.4, 19.6, 43.2, 49.0]]),
    "RE37": (re37, [0] * 4, [1] * 4, []),
    "RE41": (re41, [0.5, 0.45, 0.5, 0.5, 0.875, 0.4, 0.4], [1.5, 1.35, 1.5, 1.5, 2.625, 1.2, 1.2], []),
    "RE42": (re42, [150, 20, 13, 10, 14, 0.63], [274.32, 32.31, 25, 11.71, 18, 0.75], []),
    "RE61": (re61, [0.01] * 3, [0.45, 0.10, 0.10], []),
}


def designs(rng, lo, hi, special, n=40):
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    pts = [lo + rng.uniform(size=(n, len(lo))) * (hi - lo), lo[None, :], hi[None, :]]
    if special:
        pts.append(np.asarray(special, float))
    return np.concatenate(pts, axis=0)


def main(out):
    rng = np.random.default_rng(20200101)
    doc = {"generator": "crosscheck/re_functions_reference.py", "numpy": np.__version__, "problems": {}}
    for name, (f, lo, hi, special) in PROBLEMS.items():
        X = designs(rng, lo, hi, special)
        with np.errstate(divide="ignore", invalid="ignore"):
            F = np.stack([np.broadcast_to(np.asarray(c, float), (len(X),)) for c in f(X)], axis=1)
        finite = np.isfinite(F).all(axis=1)
        if not finite.all():  # RE22's lower corner has x2 = 0: a division by zero (ReSuiteTest checks it apart)
            print(f"{name}: left out {np.count_nonzero(~finite)} design(s) with a non-finite value: "
                  f"{X[~finite].tolist()}", file=sys.stderr)
            X, F = X[finite], F[finite]
        doc["problems"][name] = {"x": X.tolist(), "f": F.tolist()}
    with open(out, "w") as fh:
        json.dump(doc, fh)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: re_functions_reference.py OUT.json")
    main(sys.argv[1])
