#!/usr/bin/env python3
"""NumPy reference for Inputs/contractions.dsl.

  contractions_reference.py make PREFIX    writes PREFIX.<input>.npy
  contractions_reference.py check PREFIX   compares PREFIX.y.npy with NumPy
"""
import sys

import numpy as np

SHAPES = {"x": (37, 300), "w1": (300, 70), "w2": (64, 70),
          "s": (37, 7, 20), "t": (37, 20, 64), "w3": (20, 64),
          "z": (37, 64), "w4": (42, 64), "b4": (42,), "residual": (37, 42)}


def forward(x, w1, w2, s, t, w3, z, w4, b4, residual):
    h = x @ w1
    g = h @ w2.T
    u = (s @ t + s @ w3).sum(1)
    q = h.T @ g
    l = (np.maximum(z @ w4.T + b4, 0.0) + residual).sum(1, keepdims=True)
    return g + u + q.mean(0) + l


def main():
    mode, prefix = sys.argv[1], sys.argv[2]
    rng = np.random.default_rng(3)
    inputs = {name: rng.standard_normal(shape).astype(np.float32)
              for name, shape in SHAPES.items()}
    if mode == "make":
        for name, value in inputs.items():
            np.save(f"{prefix}.{name}.npy", value)
        return 0
    expected = forward(*(v.astype(np.float64) for v in inputs.values()))
    got = np.load(prefix + ".y.npy")
    error = np.max(np.abs(got - expected)) / np.max(np.abs(expected))
    print(f"shape {list(got.shape)} max relative error {error:.3g}")
    if got.shape != expected.shape or not error <= 1e-5:
        print("FAIL")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
