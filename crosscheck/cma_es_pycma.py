#!/usr/bin/env python3
"""Records how far pycma's CMAEvolutionStrategy(x0, sigma0) gets in a fixed budget on standard functions, the way
design-baselines runs it for its CMA-ES baseline (default options, ask/tell, at most `iterations` iterations,
result = es.result.xbest), over many seeds. mbo4j's CmaEvolutionStrategy must reach comparable values
(CmaEsPycmaTest): the two are not bit-identical (different random streams; pycma adds active covariance updates),
so the comparison is on the distribution of final best values.

    python crosscheck/cma_es_pycma.py OUT.json
"""
import json
import math
import sys

import cma
import numpy as np

DIM = 24            # TFBind8's logits: 8 positions x 3
SIGMA0 = 0.5        # design-baselines' cma_sigma
ITERATIONS = 100    # design-baselines' cma_max_iterations
SEEDS = 30


def sphere(x):
    return float(np.sum(x ** 2))


def ellipsoid(x):
    n = len(x)
    return float(sum(10 ** (6 * i / (n - 1)) * x[i] ** 2 for i in range(n)))


def rosenbrock(x):
    return float(np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def rastrigin(x):
    return float(10 * len(x) + np.sum(x ** 2 - 10 * np.cos(2 * math.pi * x)))


FUNCTIONS = {"sphere": sphere, "ellipsoid": ellipsoid, "rosenbrock": rosenbrock, "rastrigin": rastrigin}


def x0(dim):
    # a fixed, non-symmetric start (the same in CmaEsPycmaTest)
    return np.array([math.sin(i + 1) for i in range(dim)])


def main(out):
    result = {"pycma": cma.__version__, "numpy": np.__version__, "dim": DIM, "sigma0": SIGMA0,
              "iterations": ITERATIONS, "seeds": SEEDS, "functions": {}}
    for name, f in FUNCTIONS.items():
        finals = []
        for seed in range(1, SEEDS + 1):
            es = cma.CMAEvolutionStrategy(x0(DIM).tolist(), SIGMA0, {"seed": seed, "verbose": -9})
            step = 0
            while not es.stop() and step < ITERATIONS:
                xs = es.ask()
                es.tell(xs, [f(np.asarray(x)) for x in xs])
                step += 1
            finals.append(f(np.asarray(es.result.xbest)))
        q = np.quantile(finals, [0.25, 0.5, 0.75])
        result["functions"][name] = {"q25": float(q[0]), "median": float(q[1]), "q75": float(q[2]),
                                     "popsize": int(es.popsize)}
    with open(out, "w") as fh:
        json.dump(result, fh, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
