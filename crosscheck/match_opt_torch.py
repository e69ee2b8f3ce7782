"""Match-OPT's surrogate training on TFBind8 in PyTorch, as a reference peer for mbo4j's `match-opt`
(method.surrogate.MatchOpt, nn.GradientMatchingLoss, nn.StratifiedBatches; docs/methods/match-opt.md).

Written from the reading notes of `azzafadhel/MatchOpt` at aae3f57 (`gm_surrogate_traj_sampling.py`, GM): the
network Linear(24, 512) - LeakyReLU(0.3) - Linear(512, 128) - LeakyReLU(0.3) - Linear(128, 32) - LeakyReLU(0.3) -
Linear(32, 1) with PyTorch's default initialisation (nets.py 3-28), Adam 1e-4 (GM 74), batches stratified by y
(128 buckets of the y-sorted rows, one row of each per batch, reshuffled each epoch; GM 45-62), and the loss
mean over consecutive y-sorted pairs of (sum_k (1/5) grad f(x_u + (k/5)(x_v - x_u)) . (x_v - x_u) - (y_v - y_u))^2
plus the MSE (GM 35-43, 88-92), the input gradient taken per row with create_graph=True (the diagonal of the
authors' batch Jacobian). Data: the visible bottom half of TFBind8 (y <= 50th percentile), Design-Bench logits
(soft one-hot 0.6, log-ratio to class 0: 24 inputs) z-scored per column with the population std, y z-scored: the
design-baselines gradient-ascent pipeline the authors read x and y from (GM 68-70).

It prints the mean batch loss of each epoch and its two terms, to set beside mbo4j's `match-opt train` progress
(the same numbers up to the random streams: initial weights, stratification).

usage: python crosscheck/match_opt_torch.py [DATA_DIR] [--epochs 10] [--seed 0]   (DATA_DIR: $MBO4J_DATA)
"""
import argparse
import os
import sys

import numpy as np
import torch
from torch import nn

from tfbind8_data import visible_logits

ap = argparse.ArgumentParser()
ap.add_argument("data", nargs="?", default=os.environ.get("MBO4J_DATA"))
ap.add_argument("--epochs", type=int, default=10)
ap.add_argument("--seed", type=int, default=0)
args = ap.parse_args()
if not args.data:
    sys.exit("give the design-bench data folder (the one holding tf_bind_8-SIX6_REF_R1/) or set MBO4J_DATA")
torch.set_num_threads(1)
torch.manual_seed(args.seed)
rng = np.random.default_rng(args.seed)

logits, yv = visible_logits(args.data)
sd = logits.std(0)
sd[sd == 0] = 1
X = torch.tensor((logits - logits.mean(0)) / sd, dtype=torch.float32)
Y = torch.tensor((yv - yv.mean()) / yv.std(), dtype=torch.float32)
n, d = X.shape
print(f"TFBind8 visible rows {n}, inputs {d}", flush=True)

net = nn.Sequential(
    nn.Linear(d, 512), nn.LeakyReLU(0.3), nn.Linear(512, 128), nn.LeakyReLU(0.3),
    nn.Linear(128, 32), nn.LeakyReLU(0.3), nn.Linear(32, 1))
opt = torch.optim.Adam(net.parameters(), lr=1e-4)

buckets_n = 128
order = np.argsort(Y.numpy(), kind="stable")
size = n // buckets_n
buckets = [order[i * size:(i + 1) * size if i < buckets_n - 1 else n] for i in range(buckets_n)]


def terms(xb, yb):
    idx = torch.argsort(yb, stable=True)
    xb, yb = xb[idx], yb[idx]
    xu, xv_, dy = xb[:-1], xb[1:], yb[1:] - yb[:-1]
    pred = 0.0
    for j in range(5):
        z = (xu * (1 - j / 5) + xv_ * (j / 5)).requires_grad_(True)
        g, = torch.autograd.grad(net(z).sum(), z, create_graph=True)
        pred = pred + (g * (xv_ - xu)).sum(1) / 5
    gm = ((pred - dy) ** 2).mean()
    mse = ((net(xb).reshape(-1) - yb) ** 2).mean()
    return gm, mse


for epoch in range(1, args.epochs + 1):
    kept = [b[rng.permutation(len(b))[:size]] for b in buckets]
    batches = np.stack(kept).T  # size x 128: row j holds one row of every bucket
    tot = gms = mses = 0.0
    for rows in batches:
        opt.zero_grad()
        gm, mse = terms(X[rows], Y[rows])
        (gm + mse).backward()
        opt.step()
        tot += (gm + mse).item()
        gms += gm.item()
        mses += mse.item()
    b = len(batches)
    print(f"epoch {epoch}: loss={tot / b:.4f} gm={gms / b:.5f} mse={mses / b:.4f}", flush=True)
