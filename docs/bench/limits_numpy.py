"""Reference timing for LimitsBenchmark: a straightforward vectorised numpy version of the same recursion
(neural-tangents' stax conventions, fullyConnected(depth, act, 1.0, 0.1)), full N x N matrices, float64.
Development cross-check only; the Java project never runs it.  Usage: python3 limits_numpy.py [N] [d] [depth]"""
import sys, time
import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
d = int(sys.argv[2]) if len(sys.argv) > 2 else 64
depth = int(sys.argv[3]) if len(sys.argv) > 3 else 5
w2, b2 = 1.0, 0.01


def relu(k, q):
    s = np.sqrt(np.outer(q, q))
    rho = np.clip(k / s, -1, 1)
    th = np.arccos(rho)
    return s * (np.sin(th) + (np.pi - th) * rho) / (2 * np.pi), (np.pi - th) / (2 * np.pi), q / 2


def erf(k, q):
    dd = 1 + 2 * q
    den = np.outer(dd, dd)
    return (2 / np.pi) * np.arcsin(np.clip(2 * k / np.sqrt(den), -1, 1)), (4 / np.pi) / np.sqrt(den - 4 * k * k), \
        (2 / np.pi) * np.arcsin(2 * q / dd)


def kernels(x, act):
    k = x @ x.T / d
    q = np.diag(k).copy()
    t = np.zeros_like(k)
    k = w2 * k + b2; q = w2 * q + b2; t = w2 * t + k
    for _ in range(depth):
        k, dot, q = act(k, q)
        t = t * dot
        k = w2 * k + b2; q = w2 * q + b2; t = w2 * t + k
    return k, t


rng = np.random.default_rng(42)
x = rng.standard_normal((n, d))
for name, act in (("relu", relu), ("erf", erf)):
    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        k, t = kernels(x, act)
        best = min(best, time.perf_counter() - t0)
    print(f"numpy {name}: {best:.3f} s total, {best / depth:.3f} s per layer (N={n}, d={d}, depth={depth})")
