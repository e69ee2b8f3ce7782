#!/usr/bin/env python3
"""Reference values for mbo4j's Pareto utilities and exact hypervolume, computed with pymoo.

Generates seeded random point sets (2 to 6 objectives, 1..600 points; at most 60 for m >= 4, because pymoo's
exact HV is slow there: 27 s for 256 points at m = 5, 425 s at m = 6) that include dominated points, exact
duplicates, tied coordinates and points on or beyond the reference point, and records for each set

  * hv     -- pymoo.indicators.hv.HV(ref_point=ref).do(points)   (all objectives minimised)
  * ranks  -- pymoo NonDominatedSorting front index of every point
  * crowding -- pymoo calc_crowding_distance of the first front (duplicates removed first, as Off-MOO-Bench's
                get_N_nondominated_index does; duplicates get 0; infinities written as the string "inf")

Usage: hypervolume_pymoo.py OUT.json     (the JUnit test HypervolumePymooTest reads the file)
"""
import json
import sys

import numpy as np
import pymoo
from pymoo.indicators.hv import HV
from pymoo.operators.survival.rank_and_crowding.metrics import calc_crowding_distance
from pymoo.util.misc import find_duplicates
from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting


def random_set(rng, n, m, kind):
    if kind == "front":  # points on the unit sphere's positive orthant plus dominated noise
        v = np.abs(rng.normal(size=(n, m)))
        pts = v / np.linalg.norm(v, axis=1, keepdims=True)
        k = n // 3
        pts[:k] += rng.uniform(0.0, 0.5, size=(k, m))
    elif kind == "uniform":
        pts = rng.uniform(0.0, 1.3, size=(n, m))
    elif kind == "grid":  # ties and duplicates: coordinates on a coarse grid
        pts = rng.integers(0, 6, size=(n, m)) / 5.0
    elif kind == "anisotropic":  # objectives on different scales, as after min-max normalisation with a nadir ref
        scale = np.array([1.0, 7.5, 0.02, 300.0, 1.0, 0.3][:m])
        pts = rng.uniform(0.0, 1.0, size=(n, m)) ** 2 * scale
    else:  # linear front with points beyond the reference
        w = rng.dirichlet(np.ones(m), size=n)
        pts = w + rng.uniform(-0.05, 0.6, size=(n, m)) * (rng.uniform(size=(n, 1)) < 0.5)
    return pts


def crowding_first_front(F, front):
    Fr = F[front]
    is_unique = np.where(np.logical_not(find_duplicates(Fr, epsilon=1e-32)))[0]
    d = np.zeros(len(front))
    d[is_unique] = calc_crowding_distance(Fr[is_unique])
    return ["inf" if np.isinf(x) else float(x) for x in d]


def main(out):
    rng = np.random.default_rng(20240607)
    cases = []
    for m in (2, 3, 4, 5, 6):  # m = 5 and 6 come last, so the m <= 4 cases keep their random streams
        sizes = {2: (1, 2, 5, 17, 60, 250, 600), 3: (1, 2, 5, 17, 60, 250, 600), 4: (1, 3, 12, 40),
                 5: (1, 3, 12, 40, 60), 6: (1, 3, 12, 30, 60)}[m]
        for n in sizes:
            for kind in ("front", "uniform", "grid", "beyond", "anisotropic"):
                pts = random_set(rng, n, m, kind)
                if kind == "grid":
                    ref = np.ones(m)  # points exactly on the reference point's faces
                elif kind == "anisotropic":
                    ref = np.array([0.9, 6.0, 0.015, 220.0, 0.8, 0.25][:m])
                else:
                    ref = np.full(m, 1.1)
                hv = float(HV(ref_point=ref).do(pts))
                fronts, rank = NonDominatedSorting().do(pts, return_rank=True)
                cases.append({
                    "name": f"m{m}-n{n}-{kind}",
                    "ref": ref.tolist(),
                    "points": pts.tolist(),
                    "hv": hv,
                    "ranks": [int(r) for r in rank],
                    "front0": [int(i) for i in fronts[0]],
                    "crowding0": crowding_first_front(pts, fronts[0]),
                })
    doc = {"generator": "crosscheck/hypervolume_pymoo.py", "pymoo": pymoo.__version__, "numpy": np.__version__,
           "cases": cases}
    with open(out, "w") as f:
        json.dump(doc, f)
    print(f"wrote {len(cases)} cases (pymoo {pymoo.__version__}, numpy {np.__version__}) to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: hypervolume_pymoo.py OUT.json")
    main(sys.argv[1])
