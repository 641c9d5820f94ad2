#!/usr/bin/env python3
"""Checks a compiled learning-rate schedule step by step.

  lr_schedules.py MODEL.so KIND

MODEL.so is Inputs/schedules.dsl compiled with --train KIND. Its loss has a
gradient of 1, so each plain SGD step lowers w by that step's learning rate;
the rates are compared with the formulas of the schedule, written here from
the documentation of dlc.learning_rate.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dlcmodel import Model  # noqa: E402

STEPS = 14


def expected(kind, t):
    lr = 0.5
    if kind == "step":
        return lr * 0.5 ** (t // 3)
    if kind == "cosine":
        warmup, total, low = 4, 10, 0.1
        progress = min(max((t - warmup) / (total - warmup), 0.0), 1.0)
        rate = low + (lr - low) * 0.5 * (1 + math.cos(math.pi * progress))
        return rate * min((t + 1) / warmup, 1.0)
    if kind == "warmup":
        return lr * min((t + 1) / 4, 1.0)
    return lr


def main():
    so, kind = sys.argv[1], sys.argv[2]
    model = Model(so)
    model.init()
    w = model.state_tensor("w")
    ok = True
    rates = []
    for t in range(STEPS):
        before = float(w[0])
        model.train_step([np.zeros(2, np.float64)], seed=t)
        rate = before - float(w[0])
        rates.append(rate)
        if abs(rate - expected(kind, t)) > 1e-12:
            ok = False
            print(f"step {t}: rate {rate!r}, expected {expected(kind, t)!r}")
    print(kind, " ".join(f"{r:.4f}" for r in rates))
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
