#!/usr/bin/env python3
"""NumPy reference for Inputs/ops.dsl, a forward that chains most elementwise,
broadcasting, reduction, softmax and contraction lowerings.

  ops_reference.py make PREFIX    writes PREFIX.x.npy and PREFIX.w.npy
  ops_reference.py check PREFIX   compares PREFIX.y.npy with the reference
"""
import math
import sys

import numpy as np


def softmax(z, axis):
    e = np.exp(z - z.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


def log_softmax(z, axis):
    s = z - z.max(axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis, keepdims=True))


erf = np.vectorize(math.erf)


def gelu(z):
    return 0.5 * z * (1.0 + erf(z / math.sqrt(2.0)))


def gelu_tanh(z):
    return 0.5 * z * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (z + 0.044715 * z**3)))


def forward(x, w):
    z = x @ w
    a = softmax(z, 1) + log_softmax(z, -1)
    b = gelu(a) + gelu_tanh(a) + 1.0 / (1.0 + np.exp(-a)) * np.tanh(a)
    c = np.exp(-np.abs(b)) + np.log(1.0 + np.sqrt(np.abs(b))) + 1.0 / np.sqrt(np.abs(b) + 1.0)
    d = np.maximum(c, 0.5) - np.minimum(c, 0.25) + erf(c) ** 2.0
    e = d / (d.sum(1, keepdims=True) + 1.0) + d.mean(0) - d.max(1, keepdims=True)
    f = e + e * e.min()
    return np.maximum(f, 0.0) + f


def main():
    mode, prefix = sys.argv[1], sys.argv[2]
    rng = np.random.default_rng(7)
    x = rng.standard_normal((5, 4)).astype(np.float32)
    w = rng.standard_normal((4, 3)).astype(np.float32)
    if mode == "make":
        np.save(prefix + ".x.npy", x)
        np.save(prefix + ".w.npy", w)
        return 0
    expected = forward(x.astype(np.float64), w.astype(np.float64))
    got = np.load(prefix + ".y.npy")
    error = np.max(np.abs(got - expected))
    print(f"shape {list(got.shape)} max abs error {error:.3g}")
    if got.shape != expected.shape or not error <= 1e-5:
        print("FAIL")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
