#!/usr/bin/env python3
"""What design-baselines' REINFORCE loss computes on TFBind8, checked with numpy.

design-baselines HEAD (785dbcf), design_baselines/reinforce/__init__.py lines 92-97:

    mean_y = tf.reduce_mean(ty)
    standard_dev_y = tf.math.reduce_std(ty - mean_y)
    log_probs = td.log_prob(tf.stop_gradient(tx))
    loss = tf.reduce_mean(-log_probs[:, tf.newaxis] *
                          tf.stop_gradient((ty - mean_y) / standard_dev_y))

td is tfpd.Categorical over 8 positions x 4 letters (reinforce/nets.py lines 135-174), tx has shape [256, 8]
(reinforce_batch_size 256, reinforce/experiments.py line 329), so log_probs is [256, 8] and log_probs[:, newaxis]
is [256, 1, 8]; ty, the ensemble's mean prediction, is [256, 1]. Broadcasting gives [256, 256, 8]: every sample's
log-probability times every sample's advantage, so the loss is mean(log pi) * mean(A), and mean(A) = 0 up to
rounding because A is standardised. Before commit aaee3a3 (2021-06-01; parent dac5928, same file lines 101-102) the
loss was -reduce_mean(td.log_prob(tx) * A): [256, 8] times [256, 1], one advantage per sample (the textbook
REINFORCE gradient, and mbo4j's `reinforce`).

This script builds both losses with those shapes, checks
  1. the broadcast product has shape (256, 256, 8) and its mean equals -mean(log pi) * mean(A);
  2. its gradient with respect to the logits is zero up to rounding (float64 and float32), while the per-sample
     loss has a gradient of order 1e-2 (analytic gradients, confirmed by central finite differences);
  3. 200 Adam steps (lr 0.01, epsilon 1e-7 as tf.keras; float32; a fixed linear reward standing in for the
     ensemble) leave the broadcast policy's probabilities where they started, while the per-sample loss moves them.
It prints the numbers and exits 1 when any check fails. Needs numpy only:

    .venv-ref/bin/python crosscheck/reinforce_broadcast.py
"""
import sys

import numpy as np

B, P, C = 256, 8, 4          # reinforce_batch_size, TFBind8 positions, letters
LR, EPS, ITERATIONS = 0.01, 1e-7, 200   # reinforce_lr, tf.keras Adam epsilon, iterations (experiments.py 328-330)

failures = []


def check(ok, message):
    print(("ok    " if ok else "FAIL  ") + message)
    if not ok:
        failures.append(message)


def log_softmax(logits):
    m = logits.max(axis=-1, keepdims=True)
    z = logits - m
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def sample(logits, rng, n):
    probs = np.exp(log_softmax(logits.astype(np.float64)))
    u = rng.random((n, P, 1))
    return (u > np.cumsum(probs, axis=-1)[None]).sum(axis=-1).clip(0, C - 1)   # [n, P] letter indices


def log_probs(logits, x):
    ls = log_softmax(logits)                                      # [P, C]
    return ls[np.arange(P)[None, :], x]                           # [n, P]


def advantage(ty):
    mean_y = ty.mean()
    std_y = np.sqrt(((ty - mean_y - (ty - mean_y).mean()) ** 2).mean())   # tf.math.reduce_std(ty - mean_y)
    return (ty - mean_y) / std_y                                  # [n, 1]


def loss_broadcast(logits, x, a):
    lp = log_probs(logits, x)
    prod = -lp[:, np.newaxis] * a                                 # [n, 1, P] * [n, 1] -> [n, n, P]
    return prod.mean(), prod.shape


def loss_per_sample(logits, x, a):
    return (-log_probs(logits, x) * a).mean()                     # [n, P] * [n, 1] -> [n, P]


def score_grads(logits, x):
    """d log pi(x_ip) / d logits[p, c] = onehot(x_ip)[c] - softmax(logits[p])[c], summed appropriately below."""
    probs = np.exp(log_softmax(logits))
    onehot = np.eye(C, dtype=logits.dtype)[x]                     # [n, P, C]
    return onehot - probs[None]                                   # [n, P, C]


def grad_broadcast(logits, x, a):
    # loss = -(1/(n*n*P)) sum_ijp lp[i,p] a[j] = -mean_j(a) * (1/(n*P)) sum_ip lp[i,p]
    return -a.mean() * score_grads(logits, x).sum(axis=0) / (x.shape[0] * P)


def grad_per_sample(logits, x, a):
    return -(a[:, :, None] * score_grads(logits, x)).sum(axis=0) / (x.shape[0] * P)


def finite_difference(f, logits, h=1e-6):
    g = np.zeros_like(logits)
    for idx in np.ndindex(*logits.shape):
        up, down = logits.copy(), logits.copy()
        up[idx] += h
        down[idx] -= h
        g[idx] = (f(up) - f(down)) / (2 * h)
    return g


def reward_weights(rng):
    return rng.normal(size=(P, C))                                # a fixed linear reward on the one-hot design


def reward(w, x):
    return w[np.arange(P)[None, :], x].sum(axis=1, keepdims=True)  # [n, 1], like ensemble(tx).mean()


def adam_run(loss_grad, logits0, w, rng, dtype):
    logits = logits0.astype(dtype)
    m = np.zeros_like(logits)
    v = np.zeros_like(logits)
    for t in range(1, ITERATIONS + 1):
        x = sample(logits, rng, B)
        a = advantage(reward(w, x).astype(dtype)).astype(dtype)
        g = loss_grad(logits, x, a).astype(dtype)
        m = (0.9 * m + 0.1 * g).astype(dtype)
        v = (0.999 * v + 0.001 * g * g).astype(dtype)
        lr_t = LR * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)     # tf.keras Adam's bias correction
        logits = (logits - lr_t * m / (np.sqrt(v) + EPS)).astype(dtype)
    return logits


def main():
    rng = np.random.default_rng(20)
    w = reward_weights(rng)
    logits = rng.normal(size=(P, C))
    x = sample(logits, rng, B)
    a = advantage(reward(w, x))

    loss_db, shape = loss_broadcast(logits, x, a)
    check(shape == (B, B, P), f"broadcast product shape {shape} == {(B, B, P)}")
    shifted = a + 0.5   # the identity holds for any advantage; a non-centred one makes it a sharp test
    factored = -log_probs(logits, x).mean() * shifted.mean()
    check(abs(loss_broadcast(logits, x, shifted)[0] - factored) <= 1e-12 * abs(factored),
          f"with A + 0.5: broadcast loss {loss_broadcast(logits, x, shifted)[0]:.12f} == "
          f"-mean(log pi) * mean(A + 0.5) = {factored:.12f}")
    check(abs(loss_db) < 1e-12 < abs(loss_per_sample(logits, x, a)),
          f"standardised A (mean {a.mean():.1e}): broadcast loss {loss_db:.1e}, per-sample loss "
          f"{loss_per_sample(logits, x, a):.4f}")

    for dtype, limit in ((np.float64, 1e-12), (np.float32, 1e-6)):
        lg = logits.astype(dtype)
        aa = advantage(reward(w, x).astype(dtype)).astype(dtype)   # standardised in this precision, as TF does
        g_db = np.abs(grad_broadcast(lg, x, aa)).max()
        g_ps = np.abs(grad_per_sample(lg, x, aa)).max()
        name = np.dtype(dtype).name
        check(g_db < limit and g_ps > 1e-3,
              f"{name}: max |d loss / d logits| broadcast {g_db:.2e} (< {limit:g}), per-sample {g_ps:.2e} (> 1e-3)")

    fd_db = finite_difference(lambda lg: loss_broadcast(lg, x, a)[0], logits)
    fd_ps = finite_difference(lambda lg: loss_per_sample(lg, x, a), logits)
    check(np.abs(fd_ps - grad_per_sample(logits, x, a)).max() < 1e-8,
          f"per-sample analytic gradient == finite differences (max error "
          f"{np.abs(fd_ps - grad_per_sample(logits, x, a)).max():.1e})")
    check(np.abs(fd_db).max() < 1e-8,
          f"broadcast loss, finite-difference gradient max {np.abs(fd_db).max():.1e} (< 1e-8)")

    start = np.exp(log_softmax(logits))
    end_db = np.exp(log_softmax(adam_run(grad_broadcast, logits, w, np.random.default_rng(1), np.float32)))
    end_ps = np.exp(log_softmax(adam_run(grad_per_sample, logits, w, np.random.default_rng(1), np.float32)))
    move_db, move_ps = np.abs(end_db - start).max(), np.abs(end_ps - start).max()
    best = np.eye(C)[w.argmax(axis=1)]
    mass_start, mass_db, mass_ps = (float((p * best).sum(axis=1).mean()) for p in (start, end_db, end_ps))
    check(move_db < 1e-3 and move_ps > 0.1,
          f"after {ITERATIONS} Adam steps (float32): max |change in a letter's probability| broadcast {move_db:.1e} "
          f"(< 1e-3), per-sample {move_ps:.3f} (> 0.1)")
    print(f"      probability of the reward's best letter, mean over positions: start {mass_start:.3f}, "
          f"broadcast {mass_db:.3f}, per-sample {mass_ps:.3f}")

    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("design-baselines' broadcast REINFORCE loss has a (near) zero policy gradient; the per-sample loss does not")


if __name__ == "__main__":
    main()
