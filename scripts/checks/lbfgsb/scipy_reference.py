"""SciPy's L-BFGS-B on the problems of LbfgsBTest: the reference numbers that test asserts (nit, nfev, message, f, x).

usage: python scipy_reference.py   (any Python with NumPy and SciPy; the test's numbers are from SciPy 1.17.1)
"""
import numpy as np
import scipy
from scipy.optimize import minimize


def rosen(x):
    f = np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
    g = np.zeros_like(x)
    g[:-1] += -400 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2 * (1 - x[:-1])
    g[1:] += 200 * (x[1:] - x[:-1] ** 2)
    return f, g


C = np.array([0.3, 0.8, 0.5, 1.4, -0.2])


def mixed(x):
    s = x.sum()
    return (np.sum((x - C) ** 2) + 0.01 * s ** 4 + 0.3 * np.sum(np.sin(5 * x)),
            2 * (x - C) + 0.04 * s ** 3 + 1.5 * np.cos(5 * x))


CASES = {
    "rosen4-bounded": (rosen, [-1.2, 1.0, -1.2, 1.0], [(-2, 0.5), (-2, 2), (-2, 2), (-2, 2)], {}),
    "rosen2-free": (rosen, [-1.2, 1.0], None, {}),
    "rosen2-maxiter5": (rosen, [-1.2, 1.0], None, {"maxiter": 5}),
    "rosen6-mixed-bounds": (rosen, [3.0, -1.0, 2.0, 0.5, -0.5, 1.5],
                            [(0.2, None), (None, None), (-1, None), (None, 0.8), (None, None), (0, None)], {}),
    "mixed5-box": (mixed, [0.5] * 5, [(0, 1)] * 5, {}),
}

if __name__ == "__main__":
    print("scipy", scipy.__version__)
    for name, (fn, x0, bounds, options) in CASES.items():
        r = minimize(fn, np.array(x0), jac=True, method="L-BFGS-B", bounds=bounds, options=options)
        print(name, "nit", r.nit, "nfev", r.nfev, "f", repr(float(r.fun)), r.message)
        print("  x", ", ".join(repr(float(v)) for v in r.x))
