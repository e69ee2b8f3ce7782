"""Where IOM's solve takes TFBind8's top designs when its surrogate is flat, with and without the entropy term of the
official particle step (InvariantObjectiveModels javadoc, note 4; notebooks/results/tfbind8/README.md, IOM section).

The official `IOMModel.optimize` (kept from COMs) ascends  loss = c * mean((x - x[shuffle])^2) + f(x)  with
`loss.backward(ones_like(loss))`: the scalar entropy is broadcast to every particle's row, so its gradient is
multiplied by the number of particles N. A collapsed IOM surrogate is flat (f's gradient is zero), so only the
entropy term moves the particles: per step
    x_i <- x_i + lr * (2c/d) * ((x_i - x_perm(i)) + (x_i - x_perm^-1(i))),   lr = 2.0 * sqrt(d), d = 24,
with a fresh random permutation each step (50 steps, N = 128 particles started at the best visible designs, as
design-baselines' logits: soft one-hot 0.6, log-ratio to class 0). The designs are decoded as Design-Bench does
(argmax over [0, logits]) and scored from the oracle table (min-max normalised over all 65,536 8-mers; the 256
duplicate rows averaged). c = 0 is what we run (D(best), 0.439: the designs do not move); c = 0.9 is the class
default.

usage: python crosscheck/iom_entropy_scatter.py [DATA_DIR]   (DATA_DIR defaults to $MBO4J_DATA; numpy only)
"""
import os
import sys

import numpy as np

data = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MBO4J_DATA")
if not data:
    sys.exit("give the design-bench data folder (the one holding tf_bind_8-SIX6_REF_R1/) or set MBO4J_DATA")
folder = os.path.join(data, "tf_bind_8-SIX6_REF_R1")
x_all = np.load(os.path.join(folder, "tf_bind_8-x-0.npy")).astype(np.int64)
y_all = np.load(os.path.join(folder, "tf_bind_8-y-0.npy")).reshape(-1).astype(np.float64)
place = 4 ** np.arange(8)
key = x_all @ place
table = np.bincount(key, weights=y_all, minlength=4 ** 8) / np.maximum(np.bincount(key, minlength=4 ** 8), 1)
lo, hi = table.min(), table.max()

visible = y_all <= np.percentile(y_all, 50)
xv, yv = x_all[visible], y_all[visible]
on, off = np.log(0.6 + 0.4 / 4), np.log(0.4 / 4)
p = np.where(np.eye(4, dtype=bool)[xv[np.argsort(-yv, kind="stable")[:128]]], on, off)
start = (p[:, :, 1:] - p[:, :, :1]).reshape(128, -1)
n, d = start.shape
lr = 2.0 * np.sqrt(d)
print(f"visible rows {len(xv)}, N = {n} particles from the best visible designs, d = {d}, lr = {lr:.3f}, 50 steps")

for c in (0.0, 0.1, 0.9):
    scores, distinct = [], []
    for seed in range(8):
        rng = np.random.default_rng(seed)
        x = start.copy()
        for _ in range(50):
            perm = rng.permutation(n)
            inv = np.argsort(perm)
            x = x + lr * (2 * c / d) * ((x - x[perm]) + (x - x[inv]))
        full = np.concatenate([np.zeros((n, 8, 1)), x.reshape(n, 8, 3)], axis=2).argmax(2)
        scores.append((table[full @ place].max() - lo) / (hi - lo))
        distinct.append(len(np.unique(full, axis=0)))
    print(f"c = {c}: 100th percentile over 8 shuffle seeds {np.mean(scores):.3f} ± {np.std(scores):.3f} "
          f"(min {np.min(scores):.3f}, max {np.max(scores):.3f}); distinct designs {int(np.mean(distinct))} of {n}")
