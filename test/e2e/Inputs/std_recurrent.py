#!/usr/bin/env python3
"""std's RNN, LSTM or GRU against PyTorch's (batch_first=True).

  std_recurrent.py MODEL.so rnn|lstm|gru

PyTorch's layer loads the weights dlc initialises, by their names
(`rnn.weight_ih_l0`, ...), which checks names, layouts and gate order. The
outputs of every step must agree, then 10 SGD steps of a classifier of the
last state: each loss within 1e-5 relative. Prints PASS or FAIL.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dlcmodel import Model  # noqa: E402

RTOL = 1e-5


def main():
    so, kind = sys.argv[1], sys.argv[2]
    torch.set_num_threads(1)
    model = Model(so)
    model.init(seed=3)
    layer = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM,
             "gru": torch.nn.GRU}[kind](5, 7, batch_first=True)
    layer.load_state_dict({
        name.split(".", 1)[1]: torch.from_numpy(model.state_tensor(name).copy())
        for name in model.param_names()}, strict=True)
    rng = np.random.default_rng(0)
    ok = True
    x = rng.standard_normal((4, 6, 5)).astype(np.float32)
    got = model.forward([x], [(4, 6, 7)])[0]
    want = layer(torch.from_numpy(x))[0].detach().numpy()
    error = np.abs(got - want).max()
    print(f"{kind} forward: largest difference {error:.2e}")
    ok &= bool(error <= RTOL)
    optimizer = torch.optim.SGD(layer.parameters(), lr=0.5)
    for step in range(10):
        x = rng.standard_normal((4, 6, 5)).astype(np.float32)
        y = rng.integers(0, 7, 4).astype(np.int32)
        got = model.train_step([x, y])[0]
        optimizer.zero_grad()
        last = layer(torch.from_numpy(x))[0][:, 5]
        loss = torch.nn.functional.cross_entropy(last, torch.from_numpy(y).long())
        loss.backward()
        optimizer.step()
        if abs(got - loss.item()) > RTOL * abs(loss.item()):
            ok = False
            print(f"step {step}: loss {got:.7f} in dlc, {loss.item():.7f} in torch")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
