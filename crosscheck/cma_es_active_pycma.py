#!/usr/bin/env python3
"""Prints pycma 3.2.2's strategy parameters and the state after two tells with fixed candidates, the reference
values hard-coded in CmaEvolutionStrategyTest (active covariance update, step size, paths, weights).

    python crosscheck/cma_es_active_pycma.py
"""
import cma
import numpy as np

np.set_printoptions(precision=17, floatmode="unique")


def fixed_case():
    # n = 3, lambda = 7 (pycma's default for n = 3: 4 + floor(3 ln 3) = 7), x0 = (0.5, -1, 2), sigma0 = 0.7
    es = cma.CMAEvolutionStrategy([0.5, -1.0, 2.0], 0.7, {"seed": 1, "verbose": -9, "verb_log": 0})
    assert es.popsize == 7
    sp = es.sp
    print("weights", list(sp.weights))
    print("mueff", sp.weights.mueff, "cc", sp.cc, "c1", sp.c1, "cmu", sp.cmu,
          "cs", es.adapt_sigma.cs if hasattr(es.adapt_sigma, "cs") else None)
    gen1 = np.array([[0.9, -0.7, 2.3], [0.1, -1.4, 1.5], [1.2, -0.2, 2.9], [-0.4, -1.9, 2.2],
                     [0.6, -1.1, 1.1], [0.3, 0.2, 2.6], [1.5, -2.0, 1.8]])
    f1 = [3.0, 1.0, 6.0, 2.0, 0.5, 5.0, 4.0]
    es.ask()
    es.tell(list(gen1), f1)
    print("after 1: cs", es.adapt_sigma.cs, "damps", es.adapt_sigma.damps)
    dump(es)
    gen2 = np.array([[0.2, -1.5, 1.0], [0.8, -0.9, 1.6], [-0.3, -1.2, 0.7], [0.5, -2.1, 1.4],
                     [1.1, -1.6, 0.4], [0.0, -0.6, 1.9], [0.4, -1.0, 1.2]])
    f2 = [2.5, 4.0, 1.5, 0.2, 3.3, 6.1, 0.9]
    es.ask()
    es.tell(list(gen2), f2)
    dump(es)


def dump(es):
    es.sm.update_now(-1)
    print("  mean", list(es.mean))
    print("  sigma", es.sigma)
    print("  ps", list(es.adapt_sigma.ps))
    print("  pc", list(es.pc))
    print("  C", [list(r) for r in es.sm.C])



def tfbind8_budget():
    # n = 24 (TFBind8's logits), default lambda = 13: weights and learning rates; linear f(x) = -sum(x) from 0 with
    # sigma0 = 0.5: the search diverges and pycma stops on tolfacupx; quartiles of that stopping iteration
    es = cma.CMAEvolutionStrategy(24 * [0.0], 0.5, {"seed": 1, "verbose": -9, "verb_log": 0})
    print("n=24 weights", list(es.sp.weights))
    print("n=24 mueff", es.sp.weights.mueff, "cc", es.sp.cc, "c1", es.sp.c1, "cmu", es.sp.cmu)
    iters = []
    for seed in range(1, 31):
        es = cma.CMAEvolutionStrategy(24 * [0.0], 0.5, {"seed": seed, "verbose": -9, "verb_log": 0})
        while not es.stop():
            xs = es.ask()
            es.tell(xs, [-float(np.sum(x)) for x in xs])
        assert list(es.stop()) == ["tolfacupx"], es.stop()
        iters.append(es.countiter)
    print("linear: tolfacupx at iteration quartiles", np.quantile(iters, [0.25, 0.5, 0.75]), "min", min(iters),
          "max", max(iters))


if __name__ == "__main__":
    print("pycma", cma.__version__)
    fixed_case()
    tfbind8_budget()
