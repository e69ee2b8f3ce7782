#!/usr/bin/env python3
"""Reference objective values for mbo4j's Off-MOO-Bench synthetic functions (org.mbo4j.task.moo).

For every task the script evaluates, at fixed seeded points of Off-MOO-Bench's design box (plus its corners, its
centre and a few boundary/Pareto-set points):

  * ZDT1, ZDT2, ZDT3, ZDT4, ZDT6   -- pymoo.problems.multi.zdt.ZDT*() with pymoo's default n_var (30, 30, 30, 10, 10)
  * DTLZ1 .. DTLZ7                -- pymoo.problems.many.dtlz.DTLZ*() with n_obj=3 and pymoo's default n_var
                                     (7 for DTLZ1, 10 otherwise; DTLZ4 with pymoo's default alpha=100)
  * OmniTest                      -- pymoo.problems.multi.omnitest.OmniTest(n_var=2)
  * VLMOP1, VLMOP2, VLMOP3        -- pymoo 0.6.1.3 has no VLMOP problem, so these are written out here in numpy from
                                     Off-MOO-Bench's definitions (lamda-bbo/offline-moo,
                                     off_moo_bench/problem/synthetic_func.py lines 141-142, 163-169, 199-206)

Off-MOO-Bench's definitions of the ZDT, DTLZ and OmniTest objectives are the same expressions as pymoo 0.6.1.3's
(compared line by line: off_moo_bench/problem/dtlz.py with pymoo/problems/many/dtlz.py, synthetic_func.py lines
235-453 with pymoo/problems/multi/zdt.py and omnitest.py; same default n_var, same DTLZ4 alpha = 100, same g1 with
k = n - M + 1 for DTLZ1/DTLZ3, same ZDT6 g with the 0.25 power). The one difference is that Off-MOO-Bench's
DTLZ.obj_func (dtlz.py line 43, used by DTLZ2-DTLZ6) stacks the objectives as rows, shape (M, N), where pymoo
returns (N, M). mbo4j follows the standard
(N, M) semantics, so pymoo's values are the reference. Off-MOO-Bench's SyntheticProblem (ZDT, OmniTest, VLMOP)
takes x in [0, 1]^n and rescales it to the box (synthetic_func.py line 36); the points here are raw x in the box.

Usage: moo_functions_pymoo.py OUT.json     (the JUnit test MooFunctionsPymooTest reads the file)
"""
import json
import sys

import numpy as np
import pymoo
from pymoo.problems.many.dtlz import DTLZ1, DTLZ2, DTLZ3, DTLZ4, DTLZ5, DTLZ6, DTLZ7
from pymoo.problems.multi.omnitest import OmniTest
from pymoo.problems.multi.zdt import ZDT1, ZDT2, ZDT3, ZDT4, ZDT6


def vlmop1(x):  # synthetic_func.py lines 141-142
    return np.column_stack([x[:, 0] ** 2, (x[:, 0] - 2) ** 2])


def vlmop2(x):  # synthetic_func.py lines 163-169
    n = x.shape[1]
    f1 = 1 - np.exp(-np.sum((x - 1 / np.sqrt(n)) ** 2, axis=1))
    f2 = 1 - np.exp(-np.sum((x + 1 / np.sqrt(n)) ** 2, axis=1))
    return np.column_stack([f1, f2])


def vlmop3(x):  # synthetic_func.py lines 199-206
    a, b = x[:, 0], x[:, 1]
    f1 = 0.5 * (a ** 2 + b ** 2) + np.sin(a ** 2 + b ** 2)
    f2 = (3 * a - 2 * b + 4) ** 2 / 8 + (a - b + 1) ** 2 / 27 + 15
    f3 = 1 / (a ** 2 + b ** 2 + 1) - 1.1 * np.exp(-a ** 2 - b ** 2)
    return np.column_stack([f1, f2, f3])


def pymoo_eval(problem):
    return lambda x: problem.evaluate(x, return_values_of=["F"])


# name -> (evaluator, lower bounds, upper bounds, source); the bounds are Off-MOO-Bench's
def tasks():
    zdt4_lo = np.full(10, -5.0)
    zdt4_lo[0] = 0.0
    zdt4_hi = np.full(10, 5.0)
    zdt4_hi[0] = 1.0
    t = {
        "ZDT1": (pymoo_eval(ZDT1()), np.zeros(30), np.ones(30), "pymoo ZDT1()"),
        "ZDT2": (pymoo_eval(ZDT2()), np.zeros(30), np.ones(30), "pymoo ZDT2()"),
        "ZDT3": (pymoo_eval(ZDT3()), np.zeros(30), np.ones(30), "pymoo ZDT3()"),
        "ZDT4": (pymoo_eval(ZDT4()), zdt4_lo, zdt4_hi, "pymoo ZDT4()"),
        "ZDT6": (pymoo_eval(ZDT6()), np.zeros(10), np.ones(10), "pymoo ZDT6()"),
        "DTLZ1": (pymoo_eval(DTLZ1(n_obj=3)), np.zeros(7), np.ones(7), "pymoo DTLZ1(n_var=7, n_obj=3)"),
    }
    for name, cls in (("DTLZ2", DTLZ2), ("DTLZ3", DTLZ3), ("DTLZ4", DTLZ4), ("DTLZ5", DTLZ5), ("DTLZ6", DTLZ6),
                      ("DTLZ7", DTLZ7)):
        t[name] = (pymoo_eval(cls(n_obj=3)), np.zeros(10), np.ones(10), f"pymoo {name}(n_var=10, n_obj=3)")
    t["OmniTest"] = (pymoo_eval(OmniTest(n_var=2)), np.zeros(2), np.full(2, 6.0), "pymoo OmniTest(n_var=2)")
    t["VLMOP1"] = (vlmop1, np.full(1, -2.0), np.full(1, 4.0), "numpy, Off-MOO-Bench synthetic_func.py 141-142")
    t["VLMOP2"] = (vlmop2, np.full(6, -2.0), np.full(6, 2.0), "numpy, Off-MOO-Bench synthetic_func.py 163-169")
    t["VLMOP3"] = (vlmop3, np.full(2, -3.0), np.full(2, 3.0), "numpy, Off-MOO-Bench synthetic_func.py 199-206")
    return t


def points(rng, lo, hi, n_random):
    d = len(lo)
    u = rng.uniform(size=(n_random, d))
    special = [np.zeros(d), np.ones(d), np.full(d, 0.5)]
    on_set = np.full(d, 0.5)  # DTLZ Pareto set: x_M = 0.5; ZDT: x_2.. = lo (u = 0)
    on_set[0] = 0.3
    special.append(on_set)
    zdt_front = np.zeros(d)
    zdt_front[0] = 0.25
    special.append(zdt_front)
    u = np.vstack([u] + special)
    return lo + u * (hi - lo)


def main(out):
    rng = np.random.default_rng(20261204)
    cases = []
    for name, (f, lo, hi, source) in tasks().items():
        x = points(rng, lo, hi, 40)
        y = np.asarray(f(x), dtype=float)
        assert y.shape == (len(x), 3 if name.startswith("DTLZ") or name == "VLMOP3" else 2), (name, y.shape)
        cases.append({"name": name, "source": source, "x": x.tolist(), "f": y.tolist()})
    doc = {"generator": "crosscheck/moo_functions_pymoo.py", "pymoo": pymoo.__version__, "numpy": np.__version__,
           "cases": cases}
    with open(out, "w") as fh:
        json.dump(doc, fh)
    print(f"wrote {len(cases)} functions (pymoo {pymoo.__version__}, numpy {np.__version__}) to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: moo_functions_pymoo.py OUT.json")
    main(sys.argv[1])
