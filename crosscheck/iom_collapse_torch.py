"""Does IOM's representation collapse on TFBind8 at λ = 1 in PyTorch too? A reference peer for the collapse that
mbo4j's `FitCheck` flags in `InvariantObjectiveModels` (notebooks/results/tfbind8/README.md, IOM section).

Trains IOM the way the PyTorch `IOMModel.train_step` updates its three networks (Qi et al., NeurIPS 2022; the
repository of that code is not established, docs/methods/iom.md), written from its description, on the TFBind8
pipeline mbo4j uses: Design-Bench logits (soft one-hot 0.6, log-ratio to class 0: 24 inputs), z-scored y, the
visible bottom half (y <= 50th percentile), 500 validation rows, batch 128, 128 persistent particles started at the
best visible designs taking one ascent step of 2.0*sqrt(24) per batch, phi: 24 -> 2048 -> 2048 -> 128 ReLU,
head: 128 -> 2048 -> 2048 -> 1 ReLU, D: 128 -> 512 -> 512 -> 256 -> 1 LeakyReLU(0.2) + sigmoid, LSGAN d_loss,
Adam 3e-4 (phi, head) and 1e-3 with betas (0.5, 0.999) (D), mmd_param 2 (lambda = 1, our choice: no source gives
it for TFBind8) and that code's backward order (phi's gradient = grad MSE + (1 - mmd_param) grad d_loss).

After each epoch it prints the mean training MSE and d_loss and the same check as `FitCheck`: the predictions' spread
over the targets' spread on 1,024 evenly spaced visible rows (collapsed below 0.01) and R².

usage: python crosscheck/iom_collapse_torch.py [DATA_DIR] [--seeds 0,1,2] [--epochs 3]   (DATA_DIR: $MBO4J_DATA)
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
ap.add_argument("--seeds", default="0,1,2,3")
ap.add_argument("--epochs", type=int, default=3)
ap.add_argument("--mmd-param", type=float, default=2.0)
args = ap.parse_args()
if not args.data:
    sys.exit("give the design-bench data folder (the one holding tf_bind_8-SIX6_REF_R1/) or set MBO4J_DATA")
torch.set_num_threads(1)

logits, yv = visible_logits(args.data)
yz = (yv - yv.mean()) / yv.std()
X = torch.tensor(logits, dtype=torch.float32)
Y = torch.tensor(yz, dtype=torch.float32).reshape(-1, 1)
d = X.shape[1]
print(f"TFBind8 visible rows {len(X)}, inputs {d}, mmd_param {args.mmd_param}", flush=True)


def mlp(sizes, act):
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), act()]
    return nn.Sequential(*layers[:-1])


def unit(z):
    return z / (torch.sqrt((z ** 2).sum(-1, keepdim=True) + 1e-6) + 1e-6)


check_rows = torch.tensor([i * len(X) // 1024 for i in range(1024)])

for seed in [int(v) for v in args.seeds.split(",")]:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    rep = mlp([d, 2048, 2048, 128], nn.ReLU)
    head = mlp([128, 2048, 2048, 1], nn.ReLU)
    disc = nn.Sequential(mlp([128, 512, 512, 256, 1], lambda: nn.LeakyReLU(0.2)), nn.Sigmoid())
    o_rep = torch.optim.Adam(rep.parameters(), lr=3e-4)
    o_head = torch.optim.Adam(head.parameters(), lr=3e-4)
    o_disc = torch.optim.Adam(disc.parameters(), lr=1e-3, betas=(0.5, 0.999))
    order = rng.permutation(len(X))
    val, train = order[:500], order[500:]
    particles = X[torch.topk(Y[:, 0], 128).indices].clone()
    lr_particle = 2.0 * np.sqrt(d)
    for epoch in range(1, args.epochs + 1):
        perm = rng.permutation(train)
        mses, dls = [], []
        for b0 in range(0, len(perm), 128):
            idx = torch.tensor(perm[b0:b0 + 128])
            xb, yb = X[idx], Y[idx]
            xp = particles.clone().requires_grad_(True)
            g, = torch.autograd.grad(head(unit(rep(xp))).sum(), xp)
            particles = (xp + lr_particle * g).detach()
            x_neg = particles[:len(xb)]
            z_pos = unit(rep(xb))
            mse = ((head(z_pos) - yb) ** 2).mean()
            z_neg = unit(rep(x_neg))
            d_loss = (((1 - disc(z_pos.detach())) ** 2).mean() + (disc(z_neg) ** 2).mean()) / 2
            total = mse - args.mmd_param * d_loss
            o_head.zero_grad()
            total.backward(retain_graph=True)
            o_rep.zero_grad()
            total.backward(retain_graph=True)
            o_disc.zero_grad()
            d_loss.backward()
            o_head.step()
            o_rep.step()
            o_disc.step()
            mses.append(mse.item())
            dls.append(d_loss.item())
        with torch.no_grad():
            pred = head(unit(rep(X[check_rows])))[:, 0]
            t = Y[check_rows, 0]
            ratio = (pred.std(unbiased=False) / t.std(unbiased=False)).item()
            r2 = 1 - (((pred - t) ** 2).mean() / t.var(unbiased=False)).item()
        print(f"seed {seed} epoch {epoch}: train mse {np.mean(mses):.4f} d_loss {np.mean(dls):.4f} "
              f"spread {ratio:.3g} R2 {r2:.3f} {'COLLAPSED' if ratio < 0.01 else ''}", flush=True)
