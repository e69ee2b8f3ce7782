#!/usr/bin/env python3
"""Reference hypervolumes of pymoo's NSGA-II on ZDT1, for mbo4j's jMetal adapter (method.moo.JMetalNsgaII).

Runs pymoo's NSGA2 with its default operators (SBX eta 15, probability 0.9; polynomial mutation eta 20, 1/n per
variable; duplicates eliminated), the settings Off-MOO-Bench uses, on ZDT1 (30 variables) from one fixed initial
population of 40 random designs for 30 generations, for 30 seeds, and records the initial population and the
hypervolume of each final population (reference point (1.1, 11)). JMetalNsgaIIPymooTest runs the adapter from the
same initial population and compares the distributions (the random streams differ, so only statistics compare).

Usage: nsga2_pymoo.py OUT.json
"""
import json
import sys

import numpy as np
import pymoo
from pymoo.algorithms.moo.nsga2 import NSGA2
from pymoo.indicators.hv import HV
from pymoo.optimize import minimize
from pymoo.problems import get_problem

N_VAR = 30
POP = 40
N_GEN = 30
SEEDS = 30
REF = [1.1, 11.0]


def main(out):
    problem = get_problem("zdt1", n_var=N_VAR)
    initial = np.random.default_rng(2024).random((POP, N_VAR))
    hv = HV(ref_point=np.array(REF))
    values = []
    for seed in range(SEEDS):
        algorithm = NSGA2(pop_size=POP, sampling=initial.copy(), eliminate_duplicates=True)
        res = minimize(problem, algorithm, ("n_gen", N_GEN), seed=seed, verbose=False)
        values.append(float(hv.do(res.pop.get("F"))))
    initial_f = problem.evaluate(initial)
    record = {
        "pymoo": pymoo.__version__,
        "numpy": np.__version__,
        "problem": "zdt1",
        "n_var": N_VAR,
        "pop_size": POP,
        "n_gen": N_GEN,
        "ref": REF,
        "initial": initial.tolist(),
        "hv_initial": float(hv.do(initial_f)),
        "hv": values,
    }
    with open(out, "w") as f:
        json.dump(record, f)
    print(f"pymoo {pymoo.__version__}: initial HV {record['hv_initial']:.4f}, final HV median "
          f"{np.median(values):.4f} (quartiles {np.percentile(values, 25):.4f}, {np.percentile(values, 75):.4f})")


if __name__ == "__main__":
    main(sys.argv[1])
