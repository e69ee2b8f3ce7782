"""The chance floor of TFBind8's percentiles: what k designs drawn uniformly at random score, computed exactly from
the oracle table (no sampling), to read beside the `random` row of notebooks/results/tfbind8/summary.md.

With the N = 65,536 distinct 8-mers' normalised scores sorted, s_(1) <= ... <= s_(N), and k draws with replacement,
    E[max]         = sum_i s_(i) * ((i/N)^k - ((i-1)/N)^k)
    P(max >= t)    = 1 - F(t)^k,  F(t) = fraction of 8-mers scoring below t.
The 50th percentile (median of k) is estimated by resampling (seeded). Scores are min-max normalised over the whole
task, as Design-Bench's normalised 100th percentile is; duplicate rows of the npy table (256) are averaged.

usage: python crosscheck/tfbind8_random_floor.py [DATA_DIR] [k]   (DATA_DIR defaults to $MBO4J_DATA)
"""
import os
import sys

import numpy as np

data = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MBO4J_DATA")
if not data:
    sys.exit("give the design-bench data folder (the one holding tf_bind_8-SIX6_REF_R1/) or set MBO4J_DATA")
k = int(sys.argv[2]) if len(sys.argv) > 2 else 128
folder = os.path.join(data, "tf_bind_8-SIX6_REF_R1")
x = np.load(os.path.join(folder, "tf_bind_8-x-0.npy"))
y = np.load(os.path.join(folder, "tf_bind_8-y-0.npy")).reshape(-1).astype(np.float64)
seqs, inv = np.unique(x, axis=0, return_inverse=True)
inv = inv.reshape(-1)
s = np.bincount(inv, weights=y) / np.bincount(inv)
s = (s - s.min()) / (s.max() - s.min())
n = len(s)
srt = np.sort(s)
i = np.arange(1, n + 1)
expected_max = float(np.sum(srt * ((i / n) ** k - ((i - 1) / n) ** k)))
second = float(np.sum(srt ** 2 * ((i / n) ** k - ((i - 1) / n) ** k)))
print(f"{n} distinct 8-mers, k = {k} uniform draws")
print(f"100th percentile: expected {expected_max:.4f}, std {np.sqrt(second - expected_max ** 2):.4f} (exact)")
for t in (0.8, 0.9, 0.95, 0.983):
    below = float(np.mean(s < t))
    print(f"P(100th percentile >= {t}) = {1 - below ** k:.3f}   ({1 - below:.2%} of 8-mers score >= {t})")
rng = np.random.default_rng(0)
med = np.array([np.percentile(s[rng.integers(0, n, k)], 50) for _ in range(5000)])
print(f"50th percentile: {med.mean():.4f} ± {med.std():.4f} (5,000 seeded resamples)")
