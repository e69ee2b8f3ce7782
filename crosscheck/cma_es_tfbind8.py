#!/usr/bin/env python3
"""Manual diagnostic: pycma vs. mbo4j's CMA-ES on the SAME trained TFBind8 surrogate ensemble.

`CmaEsCrossCheck` (Java, test scope) trains SmallEnsemble.paper() for a seed exactly as CmaEs.propose does, runs our
CMA-ES search, and writes the ensemble weights, the 128 start points, the input encoding and our results into
DIR/seed<k>/. This script

1. loads the weights into a numpy forward pass (Dense(256) + LeakyReLU(0.3) -> Dense(2), mean = column 0, ensemble
   prediction = mean of the members' means) and checks it reproduces the Java predictions on the starts;
2. runs pycma per start the way design-baselines' cma_es does: cma.CMAEvolutionStrategy(x_i, 0.5) with default
   options (only seed and verbosity set: they do not change the algorithm), `while not es.stop() and step < 100`,
   ask / tell with fitness = -(ensemble mean), result es.result.xbest;
3. decodes (x * std + mean, prepend the class-0 logit 0, argmax per position), scores with the exact TFBind8
   lookup oracle read from the Design-Bench shard (MBO4J_DATA), normalised with the task's min/max;
4. prints the 100th percentile of pycma's 128 designs beside ours for every tag (`ours` = the search run right
   after training; other tags = `CmaEsCrossCheck search` re-runs on the same ensemble), re-scoring our decoded
   points here as a check, plus diagnostics: surrogate value of the results, distance travelled, distinct designs,
   pycma's iterations and stop reasons.

    python crosscheck/cma_es_tfbind8.py [--tags ours,TAG2[:R],...] [--reps R] DIR SEED [SEED ...]

--reps R also runs pycma with R-1 further pycma seeds on each ensemble (its own noise; the table uses the first).
TAG:R also reads TAG_r1 .. TAG_r<R-1> (written by `CmaEsCrossCheck search SEED DIR TAG R`).
The 100th percentile of one 128-run search varies by several hundredths with the optimizer's seed alone, so
compare optimizers by the per-seed averages over repeats.

Writes DIR/seed<k>/pycma.json and caches pycma's results in DIR/seed<k>/pycma_rep<r>.npz (delete them to rerun).
"""
import json
import os
import sys
from collections import Counter

import cma
import numpy as np

SIGMA0 = 0.5
MAX_ITER = 100
LEAKY = 0.3


class NumpyEnsemble:
    def __init__(self, d, meta):
        self.members = []
        for m in range(meta["members"]):
            layers = []
            for l in range(meta["layers"]):
                w = np.load(os.path.join(d, f"m{m}_w{l}.npy"))
                b = np.load(os.path.join(d, f"m{m}_b{l}.npy")).reshape(-1)
                layers.append((w, b))
            self.members.append(layers)

    def __call__(self, x):
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        out = np.zeros(x.shape[0])
        for layers in self.members:
            a = x
            for i, (w, b) in enumerate(layers):
                a = a @ w + b
                if i < len(layers) - 1:
                    a = np.where(a > 0, a, LEAKY * a)
            out += a[:, 0]
        return out / len(self.members)


def load_oracle(data_dir):
    xs = np.load(os.path.join(data_dir, "tf_bind_8-SIX6_REF_R1", "tf_bind_8-x-0.npy"))
    ys = np.load(os.path.join(data_dir, "tf_bind_8-SIX6_REF_R1", "tf_bind_8-y-0.npy")).reshape(-1)
    table = {}
    for x, y in zip(xs, ys):  # last row wins, as design_bench's exact oracle dict
        table[tuple(int(v) for v in x)] = float(y)
    return table


def decode(x, enc, alphabet):
    raw = np.asarray(x) * enc[1] + enc[0]
    logits = raw.reshape(raw.shape[0], -1, alphabet - 1)
    full = np.concatenate([np.zeros(logits.shape[:2] + (1,)), logits], axis=2)
    return np.argmax(full, axis=2)


def run_pycma(f, starts, seed, rep):
    """design-baselines' loop, once per start; returns the xbest rows, iterations and stop reasons."""
    xbest, iters, stops = [], [], Counter()
    for i, x0 in enumerate(starts):
        es = cma.CMAEvolutionStrategy(x0.tolist(), SIGMA0, {"seed": 1_000_003 * seed + 10_007 * rep + i + 1,
                                                            "verbose": -9, "verb_log": 0})
        step = 0
        while not es.stop() and step < MAX_ITER:
            sol = es.ask()
            # fitness(x) = -(ensemble mean); one batched forward instead of one call per solution (same values)
            es.tell(sol, (-f(np.array(sol))).tolist())
            step += 1
        xbest.append(np.asarray(es.result.xbest))
        iters.append(step)
        for k in es.stop():
            stops[k] += 1
        if step == MAX_ITER and not es.stop():
            stops["max_iter"] += 1
    return np.array(xbest), iters, stops


def cached_pycma(d, f, starts, seed, rep):
    """run_pycma, cached in d/pycma_rep<rep>.npz (pycma is the slow part: about 6 s per 128 runs)."""
    path = os.path.join(d, f"pycma_rep{rep}.npz")
    if os.path.exists(path):
        z = np.load(path, allow_pickle=False)
        return z["xbest"], list(z["iters"]), Counter(json.loads(str(z["stops"])))
    xbest, iters, stops = run_pycma(f, starts, seed, rep)
    np.savez(path, xbest=xbest, iters=np.array(iters), stops=json.dumps(dict(stops)))
    return xbest, iters, stops


def run_seed(root, seed, oracle, tags, reps):
    d = os.path.join(root, f"seed{seed}")
    with open(os.path.join(d, "meta.json")) as fh:
        meta = json.load(fh)
    f = NumpyEnsemble(d, meta)
    enc = np.load(os.path.join(d, "encoding.npy"))
    starts = np.load(os.path.join(d, "starts.npy"))
    java_pred = np.load(os.path.join(d, "starts_pred.npy")).reshape(-1)
    err = float(np.max(np.abs(f(starts) - java_pred)))
    if err > 1e-4:
        raise SystemExit(f"seed {seed}: numpy forward differs from Java by {err:.3g} on the starts")

    def score(designs):
        y = np.array([oracle[tuple(int(v) for v in row)] for row in designs])
        return (y - meta["full_min"]) / (meta["full_max"] - meta["full_min"])

    xbest, iters, stops = cached_pycma(d, f, starts, seed, 0)
    rep100 = [float(score(decode(xbest, enc, meta["alphabet"])).max())]
    for rep in range(1, reps):  # pycma's own seed noise on the same ensemble
        xr, _, _ = cached_pycma(d, f, starts, seed, rep)
        rep100.append(float(score(decode(xr, enc, meta["alphabet"])).max()))
    py_designs = decode(xbest, enc, meta["alphabet"])
    py_s = score(py_designs)
    res = {
        "seed": seed, "forward_max_abs_err": err,
        "starts_score100": float(score(decode(starts, enc, meta["alphabet"])).max()),
        "pycma": summary(py_s, f(xbest), xbest - starts, py_designs),
        "pycma_iterations_median": float(np.median(iters)), "pycma_stops": dict(stops),
        "pycma_score100_reps": rep100,
    }
    for tag in tags:
        tx = np.load(os.path.join(d, f"{tag}_x.npy"))
        td = np.load(os.path.join(d, f"{tag}_designs.npy")).astype(int)
        if not np.array_equal(decode(tx, enc, meta["alphabet"]), td):
            raise SystemExit(f"seed {seed}: decoding of {tag} differs from the Java one")
        ts = score(td)
        java_s = np.load(os.path.join(d, f"{tag}_scores.npy")).reshape(-1)
        if not np.allclose(ts, (java_s - meta["full_min"]) / (meta["full_max"] - meta["full_min"])):
            raise SystemExit(f"seed {seed}: oracle lookup of {tag} differs from the Java one")
        res[tag] = summary(ts, f(tx), tx - starts, td)
    with open(os.path.join(d, "pycma.json"), "w") as fh:
        json.dump(res, fh, indent=1)
    return res


def summary(scores, pred, dx, designs):
    return {"score100": float(scores.max()), "score50": float(np.percentile(scores, 50, method="nearest")),
            "pred_median": float(np.median(pred)), "dx_median": float(np.median(np.linalg.norm(dx, axis=1))),
            "unique_designs": len({tuple(r) for r in designs})}


def main(argv):
    args = argv[1:]
    spec, reps = ["ours"], 1
    while args[:1] in (["--tags"], ["--reps"]):
        if args[0] == "--tags":
            spec = args[1].split(",")
        else:
            reps = int(args[1])
        args = args[2:]
    base = {t.split(":")[0]: int(t.split(":")[1]) if ":" in t else 1 for t in spec}  # tag -> repeats
    tags = [t if r == 0 else f"{t}_r{r}" for t, n in base.items() for r in range(n)]
    if len(args) < 2:
        raise SystemExit(__doc__)
    root, seeds = args[0], [int(s) for s in args[1:]]
    data = os.environ.get("MBO4J_DATA")
    if not data:
        raise SystemExit("set MBO4J_DATA to the Design-Bench data folder (holding tf_bind_8-SIX6_REF_R1/)")
    oracle = load_oracle(data)
    names = ["pycma"] + list(base)
    print(f"pycma {cma.__version__}, numpy {np.__version__}; per run: 100th pct / 50th pct / median surrogate value "
          f"of the results / median |x_result - x_start| / distinct designs")
    rows = []
    for s in seeds:
        r = run_seed(root, s, oracle, tags, reps)
        rows.append(r)
        print(f"seed {s} (best start {r['starts_score100']:.4f}; pycma iterations median "
              f"{r['pycma_iterations_median']:.0f}, stops {r['pycma_stops']})"
              + (f"; pycma 100th over {reps} pycma seeds: " + " ".join(f"{v:.4f}" for v in r["pycma_score100_reps"])
                 if reps > 1 else ""))
        for n in names:
            q = r[n]
            print(f"   {n:>10s}  {q['score100']:.4f}  {q['score50']:.4f}  {q['pred_median']:10.4g}  "
                  f"{q['dx_median']:10.4g}  {q['unique_designs']:3d}", flush=True)
    if len(rows) > 1:
        for n in names:
            v = np.array([r[n]["score100"] for r in rows])
            print(f"{n:>10s}: 100th pct mean ± std (ddof 0) over {len(v)} seeds = {v.mean():.3f} ± {v.std():.3f}  "
                  f"[{' '.join(f'{x:.3f}' for x in v)}]")
        if reps > 1:
            v = np.array([np.mean(r["pycma_score100_reps"]) for r in rows])
            print(f"pycma, each seed averaged over {reps} pycma seeds: {v.mean():.3f} ± {v.std():.3f}  "
                  f"[{' '.join(f'{x:.3f}' for x in v)}]")
        for t, n in base.items():
            if n > 1:
                v = np.array([np.mean([r[t if k == 0 else f"{t}_r{k}"]["score100"] for k in range(n)])
                              for r in rows])
                print(f"{t}, each seed averaged over {n} CMA-ES seeds: {v.mean():.3f} ± {v.std():.3f}  "
                      f"[{' '.join(f'{x:.3f}' for x in v)}]")


if __name__ == "__main__":
    main(sys.argv)
