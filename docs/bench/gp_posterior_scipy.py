"""The GP posterior of `./tangent4j bench gp-posterior` in numpy/scipy, for a side-by-side timing (development only:
the project never runs Python). Same sizes and kernel: N = 4096 training and M = 512 test points uniform in
[-1, 1]^8, RBF with variance 1 and length scale sqrt(d)/2, noise 1e-2; the route scipy users write: the Gram matrix
from squared distances, cho_factor / cho_solve, solve_triangular for V = L^-1 K(X, X*), and K** - V^T V.
Usage: python3 gp_posterior_scipy.py [N [M [d [REPEATS]]]]."""
import sys
import time

import numpy as np
from scipy.linalg import cho_factor, cho_solve, solve_triangular

n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
m = int(sys.argv[2]) if len(sys.argv) > 2 else 512
d = int(sys.argv[3]) if len(sys.argv) > 3 else 8
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 5
rng = np.random.default_rng(1)
x = rng.uniform(-1, 1, (n, d))
xs = rng.uniform(-1, 1, (m, d))
y = np.sin(3 * x[:, 0]) + x[:, 1] ** 2 + 0.1 * rng.standard_normal(n)
length = np.sqrt(d) / 2
noise = 1e-2


def rbf(a, b):
    sq = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2 * a @ b.T
    return np.exp(-0.5 * np.maximum(sq, 0) / length ** 2)


def run():
    t = [time.perf_counter()]
    k = rbf(x, x)
    k[np.diag_indices(n)] += noise
    t.append(time.perf_counter())
    c = cho_factor(k, lower=True, overwrite_a=True, check_finite=False)
    t.append(time.perf_counter())
    alpha = cho_solve(c, y, check_finite=False)
    t.append(time.perf_counter())
    kxs = rbf(x, xs)
    mean = kxs.T @ alpha
    v = solve_triangular(c[0], kxs, lower=True, check_finite=False)
    cov = rbf(xs, xs) - v.T @ v
    t.append(time.perf_counter())
    return np.diff(t), mean, cov


run()
best = None
for _ in range(repeats):
    stages, _, _ = run()
    best = stages if best is None or stages.sum() < best.sum() else best
print(f"numpy {np.__version__}, N = {n}, M = {m}, d = {d}, best of {repeats} by total")
print(f"  total {best.sum():.3f} s: Gram {best[0]:.3f} s, Cholesky {best[1]:.3f} s ({n ** 3 / 3 / best[1] / 1e9:.1f} GFLOP/s),"
      f" solve {best[2]:.3f} s, test side {best[3]:.3f} s")
