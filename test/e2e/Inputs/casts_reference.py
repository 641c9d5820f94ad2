#!/usr/bin/env python3
"""PyTorch reference for Inputs/casts.dsl and Inputs/half.dsl.

  casts_reference.py make PREFIX   writes PREFIX.c.npy (with NaNs, zeros,
                                   negatives) and PREFIX.h.npy (f16)
  casts_reference.py check PREFIX  compares PREFIX.cy.npy and PREFIX.hy.npy
"""
import sys

import numpy as np
import torch


def main():
    mode, prefix = sys.argv[1], sys.argv[2]
    x = np.array([[1, 0, -2.5, 0.3], [0, np.nan, 5, np.nan], [0, 0, 0, 0],
                  [-1, -3, -1, 2]], np.float32)
    # 3000 x 60 overflows f16 (max 65504) unless the sum is kept in f32.
    h = np.full((2, 3000), 60, np.float16)
    h[1, ::2] = 0.5
    if mode == "make":
        np.save(prefix + ".c.npy", x)
        np.save(prefix + ".h.npy", h)
        return 0
    t = torch.from_numpy(x)
    # argmax takes NaN as the maximum; nonzero (NaN included) casts to true.
    expected_c = (t.argmax(1).float() * 10 + (t != 0).float().sum(1)).numpy()
    expected_h = torch.from_numpy(h).float().mean(1).half().numpy()
    got_c, got_h = np.load(prefix + ".cy.npy"), np.load(prefix + ".hy.npy")
    print("casts", got_c, "expected", expected_c)
    print("half", got_h, "expected", expected_h)
    ok = np.array_equal(got_c, expected_c) and got_h.dtype == np.float16 \
        and np.array_equal(got_h, expected_h)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
