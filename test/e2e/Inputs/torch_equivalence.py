#!/usr/bin/env python3
"""Trains a dlc model and the same PyTorch model side by side.

  torch_equivalence.py MODEL.so mlp|cnn|convnet|keras_cnn sgd|adam|adamw [STEPS]

Both start from the weights dlc initialises, which PyTorch loads by their
state_dict names, see the same batches (a fixed generator), and take STEPS
(default 20) optimizer steps with the optimizer of the model's train block,
whose hyper-parameters are read from the model's own description. Each step's
loss, and every parameter and optimizer state at the end, must agree within
1e-4 relative. Prints PASS or FAIL.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dlcmodel import Model  # noqa: E402

RTOL = 1e-4
BATCH = 16


class MLP(torch.nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.fc1 = torch.nn.Linear(784, hidden)
        self.fc2 = torch.nn.Linear(hidden, 10)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


class CNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(4, 8, 3, stride=2)
        self.fc = torch.nn.Linear(8 * 3 * 3, 10)

    def forward(self, x):
        h = torch.nn.functional.max_pool2d(torch.relu(self.conv1(x)), 2)
        h = torch.nn.functional.avg_pool2d(torch.relu(self.conv2(h)), 1)
        return self.fc(torch.flatten(h, 1))


class ConvNet(torch.nn.Module):
    """Convolutions wide enough (32 and 16 columns) for dlc's Halide window
    kernels: padding, dilation, stride and groups."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(8, 8, 3, padding=2, dilation=2)
        self.conv3 = torch.nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=2)
        self.fc = torch.nn.Linear(8, 10)

    def forward(self, x):
        h = torch.relu(self.conv1(x))
        h = torch.relu(self.conv2(h))
        h = torch.relu(self.conv3(h))
        return self.fc(torch.flatten(torch.nn.functional.adaptive_avg_pool2d(h, 1), 1))


class KerasCNN(torch.nn.Module):
    """examples/cnn.dsl: Conv32-Pool-Conv64-Pool-Dense64-Dense10 on 28x28
    digits. Its 14-wide maps and 28- and 14-wide weight-gradient sums take
    dlc's masked vectors."""

    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(32, 64, 3, padding=1)
        self.fc1 = torch.nn.Linear(64 * 7 * 7, 64)
        self.fc2 = torch.nn.Linear(64, 10)

    def forward(self, x):
        pool = torch.nn.functional.max_pool2d
        h = pool(torch.relu(self.conv1(x)), 2)
        h = pool(torch.relu(self.conv2(h)), 2)
        return self.fc2(torch.relu(self.fc1(torch.flatten(h, 1))))


SHAPES = {"mlp": (BATCH, 784), "cnn": (BATCH, 1, 14, 14),
          "convnet": (BATCH, 3, 32, 32), "keras_cnn": (BATCH, 1, 28, 28)}
NETS = {"mlp": lambda: MLP(64), "cnn": CNN, "convnet": ConvNet,
        "keras_cnn": KerasCNN}


def batches(kind, steps):
    rng = np.random.default_rng(7)
    shape = SHAPES[kind]
    for _ in range(steps):
        x = rng.standard_normal(shape).astype(np.float32)
        y = rng.integers(0, 10, BATCH).astype(np.int32)
        yield x, y


def torch_optimizer(spec, params):
    kind = spec["kind"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=spec["lr"], momentum=spec["momentum"],
                               dampening=spec["dampening"],
                               nesterov=spec["nesterov"],
                               weight_decay=spec["weight_decay"])
    cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
    return cls(params, lr=spec["lr"], betas=(spec["beta1"], spec["beta2"]),
               eps=spec["eps"], weight_decay=spec["weight_decay"])


def close(got, want):
    scale = max(np.abs(want).max(), 1e-6)
    return np.abs(got - want).max() <= RTOL * scale


def main():
    so, kind, opt = sys.argv[1], sys.argv[2], sys.argv[3]
    steps = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = Model(so)
    model.init(seed=0)
    spec = json.loads(model.info.optimizer.decode())
    if spec["kind"] != opt:
        print(f"FAIL: the model trains with {spec['kind']}, not {opt}")
        return 1
    net = NETS[kind]()
    state = {name: torch.from_numpy(model.state_tensor(name).copy())
             for name in model.param_names()}
    net.load_state_dict(state, strict=True)
    optimizer = torch_optimizer(spec, net.parameters())
    ok = True
    worst = 0.0
    for step, (x, y) in enumerate(batches(kind, steps)):
        got = model.train_step([x, y], seed=step)[0]
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(torch.from_numpy(x)),
                                                 torch.from_numpy(y).long())
        loss.backward()
        optimizer.step()
        want = loss.item()
        error = abs(got - want) / abs(want)
        worst = max(worst, error)
        if error > RTOL:
            ok = False
            print(f"step {step}: loss {got:.7f} in dlc, {want:.7f} in torch")
    print(f"{steps} {opt} steps: worst loss difference {worst:.2e} relative")
    for name, param in net.named_parameters():
        got, want = model.state_tensor(name), param.detach().numpy()
        if not close(got, want):
            ok = False
            print(f"{name}: differs by {np.abs(got - want).max():.3g} "
                  f"(largest magnitude {np.abs(want).max():.3g})")
    # The optimizer's state too: momentum, or Adam's two moments.
    names = {"momentum_buffer": "momentum_buffer", "exp_avg": "exp_avg",
             "exp_avg_sq": "exp_avg_sq"}
    for name, param in net.named_parameters():
        for key, value in optimizer.state[param].items():
            if key not in names:
                continue
            got = model.state_tensor(f"optimizer.{name}.{names[key]}")
            if not close(got, value.numpy()):
                ok = False
                print(f"optimizer state {name}.{key} differs by "
                      f"{np.abs(got - value.numpy()).max():.3g}")
    taken = int(model.state_tensor("optimizer.step"))
    if taken != steps:
        ok = False
        print(f"optimizer.step is {taken}, not {steps}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
