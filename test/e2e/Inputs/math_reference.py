#!/usr/bin/env python3
"""Python's math.erf and math.tanh, in float64, against dlc's erf, tanh and
gelu (Inputs/math_functions.dsl), which the CPU computes with rational
approximations (dlc-approximate-math) instead of libm.

  math_reference.py make PREFIX    writes PREFIX.x.npy: a fine grid over
                                   [-12, 12] and values at the extremes
  math_reference.py check PREFIX   bounds the error of PREFIX.y.npy

Bounds: erf 5e-7 absolute (its values are within [-1, 1]; a float32 ulp at
1 is 6e-8), tanh 5e-7 relative wherever it is not 0, gelu 1e-6 absolute
per unit of max(1, |x|). Each function's worst error and where it is are
printed.
"""
import math
import sys

import numpy as np


def inputs():
    grid = np.linspace(-12.0, 12.0, 240001)
    extremes = [0.0, 1e-30, -1e-30, 1e-8, -1e-8, 40.0, -40.0, 1e4, -1e4,
                3.4e38, -3.4e38]
    return np.concatenate([grid, extremes]).astype(np.float32)


def main():
    mode, prefix = sys.argv[1], sys.argv[2]
    x = inputs()
    if mode == "make":
        np.save(prefix + ".x.npy", x.reshape(-1, 1))
        return 0
    got = np.load(prefix + ".y.npy").astype(np.float64)
    xd = x.astype(np.float64)
    erf = np.vectorize(math.erf)(xd)
    tanh = np.vectorize(math.tanh)(xd)
    # 0.5 x (1 + erf(x / sqrt 2)), as erfc for negative x: no cancellation.
    gelu = np.where(xd < 0,
                    0.5 * xd * np.vectorize(math.erfc)(-xd / math.sqrt(2.0)),
                    0.5 * xd * (1.0 + np.vectorize(math.erf)(xd / math.sqrt(2.0))))
    checks = [
        ("erf", np.abs(got[:, 0] - erf), 5e-7),
        ("tanh", np.abs(got[:, 1] - tanh) / np.where(tanh == 0, 1.0, np.abs(tanh)), 5e-7),
        ("gelu", np.abs(got[:, 2] - gelu) / np.maximum(1.0, np.abs(xd)), 1e-6),
    ]
    ok = got.shape == (len(x), 3)
    for name, error, bound in checks:
        worst = int(np.nanargmax(error)) if not np.isnan(error).all() else 0
        finite = not np.isnan(error).any()
        print(f"{name}: worst error {error[worst]:.3g} at x = {x[worst]:.6g}"
              f"{'' if finite else ', NaN in the results'}")
        ok = ok and finite and error[worst] <= bound
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
