#!/usr/bin/env python3
"""Reference fronts and IGD values for mbo4j's MultiObjectiveFunction.referenceFront() and moo.Igd, from pymoo.

Records pymoo's pareto_front() for ZDT1, ZDT2, ZDT3, ZDT4, ZDT6 and DTLZ1-DTLZ4 (3 objectives, Off-MOO-Bench's
n_var); DTLZ5-7's fronts are files on pymoo's server (not reachable here), so they are not in the fixture. Then, for
each recorded front and for random 2- to 5-objective fronts, seeded random solution sets (front points jittered,
dominated noise, far points; 1..80 points) with pymoo.indicators.igd.IGD(pf).do(F).

Usage: moo_fronts_pymoo.py OUT.json     (the JUnit test ParetoFrontsPymooTest reads the file)
"""
import json
import sys

import numpy as np
import pymoo
from pymoo.indicators.igd import IGD
from pymoo.problems.many.dtlz import DTLZ1, DTLZ2, DTLZ3, DTLZ4
from pymoo.problems.multi.zdt import ZDT1, ZDT2, ZDT3, ZDT4, ZDT6

PROBLEMS = {
    "ZDT1": ZDT1(n_var=30), "ZDT2": ZDT2(n_var=30), "ZDT3": ZDT3(n_var=30), "ZDT4": ZDT4(n_var=10),
    "ZDT6": ZDT6(n_var=10), "DTLZ1": DTLZ1(n_var=7, n_obj=3), "DTLZ2": DTLZ2(n_var=10, n_obj=3),
    "DTLZ3": DTLZ3(n_var=10, n_obj=3), "DTLZ4": DTLZ4(n_var=10, n_obj=3),
}


def solution_set(rng, pf, n):
    m = pf.shape[1]
    pts = pf[rng.integers(0, len(pf), size=n)] + rng.normal(scale=0.05, size=(n, m))
    k = n // 3
    pts[:k] += rng.uniform(0.0, 0.5, size=(k, m))  # dominated noise
    if n > 2:
        pts[-1] = pf.max(axis=0) + 2.0  # one far point
    return pts


def main(out):
    rng = np.random.default_rng(20241204)
    fronts = {name: p.pareto_front().tolist() for name, p in PROBLEMS.items()}
    cases = []
    for name, pf in fronts.items():
        pf = np.array(pf)
        for n in (1, 5, 30, 80):
            F = solution_set(rng, pf, n)
            cases.append({"name": f"{name}-n{n}", "front": name, "points": F.tolist(), "igd": float(IGD(pf).do(F))})
    for m in (2, 3, 4, 5):
        for n in (1, 7, 40):
            pf = np.abs(rng.normal(size=(25, m)))
            pf /= np.linalg.norm(pf, axis=1, keepdims=True)
            F = solution_set(rng, pf, n)
            cases.append({"name": f"random-m{m}-n{n}", "front_points": pf.tolist(), "points": F.tolist(),
                          "igd": float(IGD(pf).do(F))})
    doc = {"generator": "crosscheck/moo_fronts_pymoo.py", "pymoo": pymoo.__version__, "numpy": np.__version__,
           "fronts": fronts, "cases": cases}
    with open(out, "w") as f:
        json.dump(doc, f)
    print(f"wrote {len(fronts)} fronts and {len(cases)} IGD cases (pymoo {pymoo.__version__}) to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: moo_fronts_pymoo.py OUT.json")
    main(sys.argv[1])
