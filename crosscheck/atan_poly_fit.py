"""Derives ReluNtk's atan polynomial: g(s) = atan(sqrt(s))/sqrt(s) on [0, tan(pi/8)^2] by a degree-11 polynomial
in s with g(0) = 1 held exactly, fitted by weighted least squares in 60-digit arithmetic on 400 Chebyshev nodes
(weights 1/g, i.e. relative error), coefficients rounded to doubles. Prints the coefficients as Java literals and
the worst relative error of the double Horner evaluation over 200,001 points, against mpmath.

    .venv-perf/bin/python crosscheck/atan_poly_fit.py   (needs mpmath: the perf venv has 1.3.0, a dependency of torch)
"""
import mpmath as mp

mp.mp.dps = 60
DEGREE = 11
NODES = 400
S_MAX = mp.tan(mp.pi / 8) ** 2


def g(s):
    if s == 0:
        return mp.mpf(1)
    r = mp.sqrt(s)
    return mp.atan(r) / r


def fit():
    nodes = [S_MAX * (1 - mp.cos(mp.pi * (k + mp.mpf(0.5)) / NODES)) / 2 for k in range(NODES)]
    # unknowns c1..c11 of g(s) - 1 = sum_k c_k s^k, rows weighted by 1/g(s)
    a = mp.matrix(NODES, DEGREE)
    b = mp.matrix(NODES, 1)
    for i, s in enumerate(nodes):
        w = 1 / g(s)
        for k in range(DEGREE):
            a[i, k] = w * s ** (k + 1)
        b[i] = w * (g(s) - 1)
    coef = mp.lu_solve(a.T * a, a.T * b)
    return [1.0] + [float(coef[k]) for k in range(DEGREE)]


def horner(c, s):
    p = c[-1]
    for k in range(len(c) - 2, -1, -1):
        p = p * s + c[k]
    return p


def main():
    c = fit()
    for v in c:
        print(repr(v) + ",")
    s_max = float(S_MAX)
    worst = 0.0
    points = 200_000
    for i in range(points + 1):
        s = s_max * i / points
        exact = g(mp.mpf(s))
        worst = max(worst, float(abs((mp.mpf(horner(c, s)) - exact) / exact)))
    print("worst relative error of the double evaluation on [0, tan(pi/8)^2]: %.3g" % worst)


if __name__ == "__main__":
    main()
