#!/usr/bin/env python3
"""Inputs/pooling.dsl's max and average pooling against PyTorch's.

  pooling_reference.py MODEL.so

Values are small multiples of 1/4, so windows hold many tied maxima and every
sum is exact in f32: results must agree exactly. Which tap wins a tie (the
first in scan order), a window of -inf or one holding NaN (the last NaN) is
then visible in where the gradient lands. Checks forward on a batch with NaN,
-inf and ties, then the parameters after one SGD step (lr 1) of the
sum of every pooling times a random target, each against torch. Prints one
line per check and PASS or FAIL.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dlcmodel import Model  # noqa: E402

F = torch.nn.functional


def quarters(rng, shape, low=-8, high=8):
    """Multiples of 1/4 in [low/4, high/4]: exact in f32, often tied."""
    return (rng.integers(low, high + 1, shape) / 4).astype(np.float32)


def same(got, want):
    """Equal, NaN where NaN."""
    return got.shape == want.shape and np.array_equal(got, want,
                                                      equal_nan=True)


def pooled(p, t):
    """The loss of Inputs/pooling.dsl's `pooled`, in torch."""
    a, b, c, d, e = p
    ta, tb, tc, td, te, tf, tg = t
    return ((F.max_pool2d(a, 2) * ta).sum()
            + (F.max_pool2d(b, 3, stride=2, padding=1) * tb).sum()
            + (F.max_pool2d(c, [2, 3], stride=[2, 1], padding=[1, 1])
               * tc).sum()
            + (F.max_pool2d(d, 5, stride=4) * td).sum()
            + (F.avg_pool2d(b, 3, stride=2, padding=1) * te).sum()
            + (F.max_pool2d(e, [2, 3]) * tf).sum()
            + (F.max_pool2d(F.relu(b), 3, stride=2, padding=1) * tg).sum())


def main():
    model = Model(sys.argv[1])
    model.init(seed=0)
    rng = np.random.default_rng(7)
    ok = True

    x = quarters(rng, (2, 3, 8, 7))
    x[0, 0, 0:2, 0:2] = -np.inf           # a padded window of only -inf
    x[0, 1, 2, 2] = x[0, 1, 3, 3] = np.nan
    x[1, 2] = 0.0                          # a plane of ties
    got = model.forward([x], [(2, 3, 4, 4)])[0]
    want = F.max_pool2d(torch.from_numpy(x), 3, stride=2, padding=1).numpy()
    print(f"forward: equal {same(got, want)}")
    ok &= same(got, want)

    names = ["a", "b", "c", "d", "e"]
    params = {}
    for name in names:
        view = model.state_tensor(name)
        view[...] = quarters(rng, view.shape, -2, 2)  # ties in most windows
        params[name] = view.copy()
    params["a"][0, 0, 4:6, 4:6] = -np.inf
    # One NaN, and a window with two: the gradient goes to the last.
    params["c"][1, 2, 1, 1] = np.nan
    params["c"][0, 1, 3, 0] = params["c"][0, 1, 4, 1] = np.nan
    params["e"][1, 0, 2, 3] = params["e"][1, 0, 3, 5] = np.nan
    params["b"][1, 1, 4, 4] = np.nan  # through relu, then the pooling
    params["e"][0, 2, 6:8, 0:3] = -np.inf
    for name in names:
        model.state_tensor(name)[...] = params[name]
    shapes = [(1, 2, 3, 4, 4), (1, 2, 3, 4, 4), (1, 2, 3, 4, 5),
              (1, 1, 2, 3, 3), (1, 2, 3, 4, 4), (1, 2, 3, 4, 2),
              (1, 2, 3, 4, 4)]
    targets = [quarters(rng, s) for s in shapes]
    loss = model.train_step(targets)[0]

    p = [torch.from_numpy(params[n]).requires_grad_() for n in names]
    want_loss = pooled(p, [torch.from_numpy(t) for t in targets])
    want_loss.backward()
    print(f"loss: {loss} want {want_loss.item()}")
    ok &= bool(np.isnan(loss)) == bool(torch.isnan(want_loss))
    for name, tensor in zip(names, p):
        # SGD with lr 1 leaves param - grad; NaN stays NaN.
        want = (tensor - tensor.grad).detach().numpy()
        got = model.state_tensor(name)
        equal = same(got, want)
        print(f"{name} after the step: equal {equal}")
        if not equal:
            bad = np.argwhere(~((got == want) | (np.isnan(got) & np.isnan(want))))
            print(f"  first differences at {bad[:4].tolist()}")
        ok &= equal
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
