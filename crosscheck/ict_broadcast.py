#!/usr/bin/env python3
"""What ICT's released code computes in its co-teaching step, checked with numpy (mbo4j's `ict` reproduces it).

mila-iqia/Importance-aware-Co-teaching at 4198064, ICT.py:

  lines 76-77   temp_x = candidate.data + args.noise_coefficient * np.random.normal(args.mu, args.std)
                np.random.normal without a size returns one float: each of the 128 neighbours is the point shifted
                by the same amount in every coordinate (a line through the point), not an isotropic Gaussian.
  lines 9-25    loss_coteaching returns per-example losses of the selected rows, shape [num_coteaching, 1]
                (y_1[ind] has shape [8, 1] for model outputs [128, 1]).
  lines 99-118  weight_1 = torch.ones(num_coteaching), shape [8];  l1_t = torch.sum(weight_1 * l1) / num_coteaching
                [8] * [8, 1] broadcasts to [8, 8], so l1_t = sum(w) * sum(l) / 8, every weight has the same gradient,
                F.normalize(p=1) makes each +-1/8, the clamp at +-0.2 keeps it, and w = 1 -+ 0.3/8 for all eight.
  lines 132-136 loss1 = weight_1 * F.mse_loss(f1(x_train), y3_label, reduction='none'); sum / num_coteaching
                [8] * [128, 1] broadcasts to [128, 8]: mean(w) * (sum of all 128 squared errors) -- the real update
                uses every neighbour, not the co-teaching selection.

This script builds those shapes with numpy (torch broadcasting follows numpy's rules), checks each statement and
prints the numbers; it exits 1 when any check fails. Needs numpy only:

    .venv-ref/bin/python crosscheck/ict_broadcast.py
"""
import sys

import numpy as np

K, KC, D = 128, 8, 24           # neighbours (--K), num_coteaching (README), TFBind8 logits 8 x 3
BETA, CLAMP = 0.3, 0.2          # --beta (README), --clamp_min/max (ICT.py 585-586)
failures = []
checks = []


def check(ok, message):
    checks.append(message)
    print(("ok    " if ok else "FAIL  ") + message)
    if not ok:
        failures.append(message)


rng = np.random.default_rng(0)
np.random.seed(0)

# 1. the neighbourhood
candidate = rng.normal(size=D)
shift = np.random.normal(0, 1)
check(np.ndim(shift) == 0, "np.random.normal(mu, std) without a size is a scalar (ndim %d)" % np.ndim(shift))
neighbours = np.stack([candidate + 0.1 * np.random.normal(0, 1) for _ in range(K)])
deltas = neighbours - candidate
check(neighbours.shape == (K, D), "neighbours have shape %s" % (neighbours.shape,))
check(np.allclose(deltas, deltas[:, :1]), "every coordinate of a neighbour is shifted by the same amount")

# 2. the meta step's loss and gradient
l1 = rng.random((KC, 1))                         # per-example losses of the selected rows, [8, 1]
w = np.ones(KC)
product = w * l1
check(product.shape == (KC, KC), "weights [8] * losses [8, 1] broadcast to %s" % (product.shape,))
check(np.isclose(product.sum() / KC, w.sum() * l1.sum() / KC), "sum(w * l) / 8 = sum(w) * sum(l) / 8")
# d/dw_i of sum(w) * sum(l) / 8 * c (c: any chain-rule factor, here the derivative of the validation loss)
c = -0.37
grad = np.full(KC, c * l1.sum() / KC)           # identical for every i
normalised = grad / max(np.abs(grad).sum(), 1e-12)
check(np.allclose(normalised, np.sign(c) / KC), "F.normalize(p=1) of equal entries is sign/8 = %+.4f each" % normalised[0])
w_new = np.clip(w - BETA * np.clip(normalised, -CLAMP, CLAMP), 0, 2)
check(np.allclose(w_new, 1 - BETA * np.sign(c) / KC), "all eight weights become 1 -+ 0.3/8 = %.4f" % w_new[0])

# 3. the real update
e = rng.random((K, 1))                            # F.mse_loss(f1(x_train), y3_label, reduction='none'), [128, 1]
real = w_new * e
check(real.shape == (K, KC), "weights [8] * errors [128, 1] broadcast to %s" % (real.shape,))
check(np.isclose(real.sum() / KC, w_new.mean() * e.sum()), "the real loss is mean(w) * (sum of all 128 errors)")

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("ICT's released co-teaching step: all %d checks hold" % len(checks))
