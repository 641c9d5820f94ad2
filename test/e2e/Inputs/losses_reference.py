#!/usr/bin/env python3
"""PyTorch reference for Inputs/losses.dsl: cross_entropy + 2 accuracy + 3 mse,
with a tie for the maximum and a row labelled ignore_index (-100).

  losses_reference.py make PREFIX    writes the inputs (with tied maxima)
  losses_reference.py check PREFIX   compares PREFIX.y.npy with torch's value
"""
import sys

import numpy as np
import torch


def inputs():
    rng = np.random.default_rng(3)
    logits = rng.standard_normal((9, 5)).astype(np.float32)
    logits[0, 1] = logits[0, 3] = logits[0].max() + 1.0  # argmax takes the first
    labels = rng.integers(0, 5, 9).astype(np.int32)
    labels[0] = 1
    labels[1] = int(np.argmax(logits[1]))
    labels[2] = -100  # ignore_index: out of the cross-entropy mean
    p = rng.standard_normal((9, 5)).astype(np.float32)
    return logits, labels, p


def main():
    mode, prefix = sys.argv[1], sys.argv[2]
    logits, labels, p = inputs()
    if mode == "make":
        np.save(prefix + ".logits.npy", logits)
        np.save(prefix + ".labels.npy", labels)
        np.save(prefix + ".p.npy", p)
        return 0
    t_logits = torch.from_numpy(logits).double()
    t_labels = torch.from_numpy(labels).long()
    ce = torch.nn.functional.cross_entropy(t_logits, t_labels)
    acc = (t_logits.argmax(1) == t_labels).double().mean()
    mse = torch.nn.functional.mse_loss(torch.from_numpy(p).double(), t_logits)
    expected = (ce + 2.0 * acc + 3.0 * mse).item()
    got = np.load(prefix + ".y.npy")
    print(f"shape {list(got.shape)} got {float(got):.6f} expected {expected:.6f}")
    if got.shape != () or not abs(float(got) - expected) <= 1e-5 * max(1.0, abs(expected)):
        print("FAIL")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
