#!/usr/bin/env python3
"""Reference values for mbo4j's FlowLikelihood, the log-likelihood estimate of RGD's refinement
(GGchen1997/RGD at c8ab225, likelihood.py 45-131), computed with SciPy's solve_ivp(method="RK23").

The score network is replaced by the exact score of Gaussian data N(mu(y), s0^2 I) under the VP SDE
(beta 0.01 -> 2.0, T = 1): s(x, t, y) = -(x - m(t) mu(y)) / (m(t)^2 s0^2 + v(t)), mu(y) = y * (1, -0.5), s0 = 0.5.
The ODE is the authors': state [x (N x D, row-major) | delta (N)], t from 1e-5 to T,
dx/dt = -1/2 beta(T - t) (s(x, T - t, y) + x) and d delta/dt = eps . d(dx/dt)/dx . eps with one Gaussian eps per
group shared by its rows; rtol = atol = 1e-6 as the authors pass them; their StopCondition event (a terminal event
that counts its own calls and returns 0 after max_nfev of them). The estimate is -D/2 ln 2 pi - |z|^2/2 + delta at the
solution's last point. Each case records the final time, the number of accepted steps behind it and the per-row
estimates.

The authors pin scipy 1.8.1 (their requirements.txt line 91), which has no wheel for Python 3.11; this uses the
version in crosscheck/requirements.txt.

Usage: flow_likelihood_scipy.py OUT.json     (the JUnit test FlowLikelihoodScipyTest reads the file)
"""
import json
import sys

import numpy as np
import scipy
from scipy import integrate

BETA_MIN, BETA_MAX, T, S0 = 0.01, 2.0, 1.0, 0.5
DIRECTION = np.array([1.0, -0.5])


def beta(t):
    return BETA_MIN + (BETA_MAX - BETA_MIN) * t


def mean_weight(t):
    return np.exp(-0.25 * t ** 2 * (BETA_MAX - BETA_MIN) - 0.5 * t * BETA_MIN)


def variance(t):
    return 1.0 - np.exp(-0.5 * t ** 2 * (BETA_MAX - BETA_MIN) - t * BETA_MIN)


class StopCondition:  # as the authors' likelihood.py 45-56
    def __init__(self, max_nfev):
        self.max_nfev = max_nfev
        self.nfev = 0
        self.terminal = True

    def __call__(self, t, y):
        self.nfev += 1
        return 0 if self.nfev > self.max_nfev else 1


def estimate(rows, ys, eps, max_nfev):
    n, d = rows.shape

    def ode(t, state):
        x = state[: n * d].reshape(n, d)
        s = T - t
        m, var = mean_weight(s), S0 ** 2 * mean_weight(s) ** 2 + variance(s)
        score = -(x - m * ys[:, None] * DIRECTION[None, :]) / var
        drift = -0.5 * beta(s) * (score + x)
        div = -0.5 * beta(s) * (-1.0 / var + 1.0) * np.sum(eps * eps) * np.ones(n)
        return np.concatenate([drift.reshape(-1), div])

    init = np.concatenate([rows.reshape(-1), np.zeros(n)])
    sol = integrate.solve_ivp(ode, (1e-5, T), init, rtol=1e-6, atol=1e-6, method="RK23",
                              events=StopCondition(max_nfev))
    zp = sol.y[:, -1]
    z = zp[: n * d].reshape(n, d)
    logp = -d / 2.0 * np.log(2 * np.pi) - np.sum(z ** 2, axis=1) / 2.0 + zp[n * d:]
    # a fired stop event appends its time, the previous step's end, once more: count the steps whose state is used
    steps = len(sol.t) - 2 if sol.status == 1 else len(sol.t) - 1
    return float(sol.t[-1]), steps, [float(v) for v in logp]


def main(out):
    rng = np.random.default_rng(7)
    cases = []
    for n, max_nfev in [(3, 500), (1, 500), (4, 500), (3, 5), (2, 12)]:
        rows = rng.normal(size=(n, 2)) * 1.5
        ys = np.where(rng.uniform(size=n) < 0.3, 0.0, rng.normal(size=n))
        eps = rng.normal(size=2)
        reached, steps, logp = estimate(rows, ys, eps, max_nfev)
        cases.append({"rows": rows.tolist(), "y": ys.tolist(), "eps": eps.tolist(), "max_events": max_nfev,
                      "reached": reached, "steps": steps, "logp": logp})
    with open(out, "w") as f:
        json.dump({"scipy": scipy.__version__, "cases": cases}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
