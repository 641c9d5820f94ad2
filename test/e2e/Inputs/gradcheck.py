#!/usr/bin/env python3
"""Checks the gradients of a compiled model against central finite differences.

  gradcheck.py MODEL.so PROGRAM.dsl

The program trains in f64 with `sgd(lr = 1.0)`, so one train_step moves each
parameter by exactly minus its gradient: g = p_before - p_after. Each checked
element of g is compared with (L(p + h) - L(p - h)) / 2h, where L is the loss
that train_step reports (computed before its update, with the same seed, so
dropout drops the same elements). The whole state is restored before every
step, so running statistics and the optimizer's counter do not drift.

Batch inputs are drawn from a fixed generator: floats standard normal, or as
a `# GRADCHECK: NAME ...` line of the program says:
  # GRADCHECK: y int LOW HIGH      integers in [LOW, HIGH)
  # GRADCHECK: y uniform LOW HIGH  floats in [LOW, HIGH)
  # GRADCHECK: y onehot C          probability rows of C classes (softmax)
  # GRADCHECK: batch N             the extent of symbolic batch dimensions
  # GRADCHECK: step H TOL          the finite-difference step and relative
                                   tolerance, for a program that rounds to f32
Parameters keep their initial values unless `# GRADCHECK: params normal` asks
for standard normal ones. Prints one line per parameter and PASS or FAIL.
"""
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dlcmodel import DTYPES, Model  # noqa: E402

STEP = 1e-6
# f64 central differences are accurate to about 1e-9 here; a wrong rule is
# off by O(1).
ABS_TOL, REL_TOL = 1e-6, 1e-5
MAX_ELEMENTS = 24  # checked per parameter, spread over the tensor


def directives(program):
    spec = {}
    for line in open(program):
        m = re.match(r"\s*#\s*GRADCHECK:\s*(\S+)\s+(.*)", line)
        if m:
            spec[m.group(1)] = m.group(2).split()
    return spec


def make_batch(model, spec, rng):
    batch_size = int(spec.get("batch", ["3"])[0])
    symbols = [model.info.symbols[i].decode()
               for i in range(model.info.num_symbols)]
    batch = []
    for t in model.batch_inputs:
        name = t.name.decode()
        shape = []
        for d in range(t.rank):
            dim = t.dims[d]
            shape.append(dim if dim >= 0 else
                         int(spec.get(symbols[-1 - dim], [batch_size])[0]))
        dtype = DTYPES[t.dtype]
        kind = spec.get(name, ["normal"])
        if kind[0] == "int":
            value = rng.integers(int(kind[1]), int(kind[2]), shape)
        elif kind[0] == "uniform":
            value = rng.uniform(float(kind[1]), float(kind[2]), shape)
        elif kind[0] == "onehot":
            logits = rng.standard_normal(shape)
            value = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
        else:
            value = rng.standard_normal(shape)
        batch.append(np.asarray(value, dtype=dtype))
    return batch


def main():
    so, program = sys.argv[1], sys.argv[2]
    spec = directives(program)
    step, rel_tol = STEP, REL_TOL
    if "step" in spec:
        step, rel_tol = float(spec["step"][0]), float(spec["step"][1])
    rng = np.random.default_rng(20261201)
    model = Model(so)
    model.init(seed=3)
    if spec.get("params") == ["normal"]:
        for name in model.param_names():
            view = model.state_tensor(name)
            view[...] = rng.standard_normal(view.shape)
    batch = make_batch(model, spec, rng)
    saved = model.arena.copy()

    def loss_and_update(seed=11):
        model.arena[...] = saved
        return model.train_step(batch, seed=seed)[0]

    loss = loss_and_update()
    updated = model.arena.copy()
    grads = {}
    for name in model.param_names():
        model.arena[...] = updated
        after = model.state_tensor(name).copy()
        model.arena[...] = saved
        grads[name] = model.state_tensor(name) - after
    ok = np.isfinite(loss)
    print(f"loss {loss:.6g}")
    for name in model.param_names():
        grad = grads[name].reshape(-1)
        count = grad.size
        picks = np.unique(np.linspace(0, count - 1, min(count, MAX_ELEMENTS))
                          .round().astype(int))
        worst = 0.0
        for i in picks:
            model.arena[...] = saved
            flat = model.state_tensor(name).reshape(-1)
            original = flat[i]
            values = []
            for delta in (step, -step):
                model.arena[...] = saved
                model.state_tensor(name).reshape(-1)[i] = original + delta
                values.append(model.train_step(batch, seed=11)[0])
            numeric = (values[0] - values[1]) / (2 * step)
            error = abs(grad[i] - numeric)
            allowed = ABS_TOL + rel_tol * abs(numeric)
            worst = max(worst, error / allowed)
            if not error <= allowed:
                ok = False
                print(f"  {name}[{i}]: autodiff {grad[i]:.9g} "
                      f"finite differences {numeric:.9g}")
        print(f"{name}: {len(picks)} of {count} elements, "
              f"|g| max {np.abs(grad).max():.3g}, worst error "
              f"{worst:.3f} of the tolerance")
        if np.abs(grad).max() == 0:
            # A rule that returns zeros would pass everywhere.
            ok = False
            print(f"  {name}: the gradient is identically zero")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
