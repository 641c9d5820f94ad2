#!/usr/bin/env python3
"""NumPy reference for Inputs/batched_linear.dsl.

  batched_linear.py make PREFIX    writes PREFIX.x.npy
  batched_linear.py check PREFIX   compares PREFIX.y.npy with x W^T + b, the
                                   weights read from PREFIX.safetensors
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import read_safetensors  # noqa: E402


def main():
    mode, prefix = sys.argv[1], sys.argv[2]
    if mode == "make":
        x = np.random.default_rng(5).standard_normal((8, 16, 32))
        np.save(prefix + ".x.npy", x.astype(np.float32))
        return 0
    _, w = read_safetensors(prefix + ".safetensors")
    x = np.load(prefix + ".x.npy").astype(np.float64)
    expected = x @ w["fc.weight"].T.astype(np.float64) + w["fc.bias"]
    got = np.load(prefix + ".y.npy")
    error = np.abs(got - expected).max() / np.abs(expected).max()
    print(f"shape {list(got.shape)} max relative error {error:.3g}")
    ok = got.shape == expected.shape and error <= 1e-5
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
