#!/usr/bin/env python3
"""Independent NumPy reference for examples/mlp.dsl.

  mlp_reference.py make PREFIX   writes PREFIX.weights.safetensors and PREFIX.x.npy
  mlp_reference.py check PREFIX  compares PREFIX.y.npy with relu(x W1^T + b1) W2^T + b2

The safetensors file is written here by hand from the format's specification
(u64 header length, JSON header, raw little-endian data), so the test does not
trust dlc's own writer.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import write_safetensors  # noqa: E402

HIDDEN = 128


def weights(rng):
    return {
        "fc1.weight": rng.standard_normal((HIDDEN, 784), dtype=np.float32) * 0.05,
        "fc1.bias": rng.standard_normal(HIDDEN, dtype=np.float32) * 0.1,
        "fc2.weight": rng.standard_normal((10, HIDDEN), dtype=np.float32) * 0.1,
        "fc2.bias": rng.standard_normal(10, dtype=np.float32) * 0.1,
    }


def main():
    mode, prefix = sys.argv[1], sys.argv[2]
    rng = np.random.default_rng(1234)
    w = weights(rng)
    x = rng.standard_normal((37, 784), dtype=np.float32)
    if mode == "make":
        write_safetensors(prefix + ".weights.safetensors", w)
        np.save(prefix + ".x.npy", x)
        return 0
    h = np.maximum(x.astype(np.float64) @ w["fc1.weight"].T.astype(np.float64)
                   + w["fc1.bias"], 0.0)
    expected = h @ w["fc2.weight"].T.astype(np.float64) + w["fc2.bias"]
    got = np.load(prefix + ".y.npy")
    if got.shape != expected.shape or got.dtype != np.float32:
        print(f"FAIL: got {got.dtype}{list(got.shape)}, expected float32{list(expected.shape)}")
        return 1
    error = np.max(np.abs(got - expected))
    print(f"max abs error {error:.3g}")
    if not error <= 1e-5 * max(1.0, np.max(np.abs(expected))):
        print("FAIL: outputs differ from the NumPy reference")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
