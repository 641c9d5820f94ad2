#!/usr/bin/env python3
"""Trains a dlc model and the same PyTorch model side by side.

  torch_equivalence.py MODEL.so KIND sgd|adam|adamw [STEPS]

KIND is one of KINDS: the test models here (mlp, cnn, convnet) or a
documented model of examples/, whose PyTorch twin is in
examples/torch_twins.py. Both start from the weights and buffers dlc
initialises, which PyTorch loads by their state_dict names, see the same
batches (a fixed generator), and take STEPS (default 20) optimizer steps with
the optimizer of the model's train block, whose hyper-parameters are read
from the model's own description; the loss is the train block's (the twins'
LOSSES). Each step's loss, and every parameter, buffer and optimizer state at
the end, must agree within 1e-4 relative. Prints PASS or FAIL.
"""
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "examples"))
from dlcmodel import Model  # noqa: E402
import torch_twins as twins  # noqa: E402

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


def images(shape):
    def make(rng, model):
        return [rng.standard_normal((BATCH, *shape)).astype(np.float32),
                rng.integers(0, 10, BATCH).astype(np.int32)]
    return make


def features(n, target):
    """Standardised features and a regression target or 0/1 labels."""
    def make(rng, model):
        x = rng.standard_normal((BATCH, n)).astype(np.float32)
        if target == "binary":
            return [x, rng.integers(0, 2, BATCH).astype(np.float32)]
        return [x, rng.standard_normal(BATCH).astype(np.float32)]
    return make


def words(rng, model):
    return [twins.random_words(rng, BATCH, vocab_of(model)),
            rng.integers(0, 7, BATCH).astype(np.int32)]


def masked_words(rng, model):
    """data/fortunes' batches: the input with some characters masked ([MASK]
    is 2), every position's original id, and the mask (at least one)."""
    y = twins.random_words(rng, BATCH, vocab_of(model))
    m = ((rng.random(y.shape) < 0.15) & (y >= 4)).astype(np.float32)
    for row in np.flatnonzero(m.sum(1) == 0):
        m[row, rng.integers(1, np.count_nonzero(y[row]))] = 1.0
    x = np.where(m > 0, 2, y)
    return [x, y.astype(np.int32), m]


def vocab_of(model):
    """The vocabulary size of a word model: its embedding table's rows."""
    for name in ("embed.weight", "bert.embeddings.word_embeddings.weight"):
        try:
            return model.state_tensor(name).shape[0]
        except KeyError:
            pass
    raise KeyError("the model has no embedding table")


# kind: (the PyTorch twin of the model, given the dlc model; its batches).
# Dropout is 0 in the dlc models of these tests, so it is in the twins.
KINDS = {
    "mlp": (lambda m: MLP(64), images((784,))),
    "cnn": (lambda m: CNN(), images((1, 14, 14))),
    "convnet": (lambda m: ConvNet(), images((3, 32, 32))),
    "keras_cnn": (lambda m: twins.CNN(), images((1, 28, 28))),
    "linear_regression": (lambda m: twins.LinearRegression(10),
                          features(10, "real")),
    "logistic_regression": (lambda m: twins.LogisticRegression(30),
                            features(30, "binary")),
    "mlp_example": (lambda m: twins.MLP(128), images((784,))),
    "mlp_regression": (lambda m: twins.MLPRegression(10),
                       features(10, "real")),
    "resnet": (lambda m: twins.ResNet(10), images((1, 28, 28))),
    "transformer": (lambda m: twins.WordTransformer(vocab_of(m), drop=0.0),
                    words),
    "lstm": (lambda m: twins.WordLSTM(vocab_of(m), drop=0.0), words),
    "bert_pretrain": (lambda m: twins.BertMaskedLM(vocab_of(m), drop=0.0),
                      masked_words),
    "bert_finetune": (lambda m: twins.BertClassifier(vocab_of(m), drop=0.0),
                      words),
}


def batches(kind, model, steps):
    rng = np.random.default_rng(7)
    make = KINDS[kind][1]
    for _ in range(steps):
        yield make(rng, model)


def loss_of(net, batch):
    loss = twins.LOSSES.get(type(net), twins.cross_entropy)
    return loss(net, *[torch.from_numpy(a) for a in batch])


# Batch norm on random batches of 16 amplifies rounding (sums taken in
# another order) about 3x per step: PyTorch's own float32 and float64 runs
# of the ResNet drift apart so, to 1.4e-5 in the loss by step 10 at lr 0.05.
# Its losses keep the 1e-4 bound (at lr 0.01, equivalence_examples.dsl); its
# parameters and buffers after 10 steps are held to 2e-3 of the larger of
# their magnitude and 0.1 (the biases start at 0), and the momenta, sums of
# the most sensitive values (gradients), to 0.1 of theirs: there PyTorch's
# float32 run is 1% away from its float64 one, and dlc's 6%.
# kind: {what: (rtol, smallest scale)}.
# The Transformer's attention biases start at 0 and after 10 steps of its
# warm-up (1/788 of the rate and up) are about 2e-4: they are compared on a
# scale of at least 1e-2, where float32 rounding of the other weights is.
STATE_TOLERANCE = {"resnet": {"state": (2e-3, 0.1), "optimizer": (0.1, 0.1)},
                   "transformer": {"state": (RTOL, 1e-2)}}


def close(got, want, kind, what="state"):
    rtol, floor = STATE_TOLERANCE.get(kind, {}).get(what, (RTOL, 1e-6))
    scale = max(np.abs(want).max(), floor)
    return np.abs(got - want).max() <= rtol * scale


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
    net = KINDS[kind][0](model)
    # Params and buffers (batch norm's running statistics) alike.
    names = model.param_names() + [t.name.decode() for t in model.buffers]
    state = {name: torch.from_numpy(model.state_tensor(name).copy())
             for name in names}
    net.load_state_dict(state, strict=True)
    optimizer = twins.optimizer(spec, net.parameters())
    ok = True
    worst = 0.0
    for step, batch in enumerate(batches(kind, model, steps)):
        got = model.train_step(batch, seed=step)[0]
        optimizer.zero_grad()
        loss = loss_of(net, batch)
        loss.backward()
        twins.set_learning_rate(optimizer, spec, step)
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
        if name.endswith("self_attn.in_proj_bias"):
            # The keys' bias (the middle third) has a zero gradient in exact
            # arithmetic: softmax ignores the shift q.b it adds to a query's
            # every score. Adam scales its rounding noise into steps of +-lr
            # of either sign, in PyTorch as in dlc; the rest must agree.
            third = len(want) // 3
            got = np.concatenate([got[:third], got[2 * third:]])
            want = np.concatenate([want[:third], want[2 * third:]])
        if not close(got, want, kind):
            ok = False
            print(f"{name}: differs by {np.abs(got - want).max():.3g} "
                  f"(largest magnitude {np.abs(want).max():.3g})")
    for name, buffer in net.named_buffers():
        got, want = model.state_tensor(name), buffer.numpy()
        if not close(got.astype(np.float64), want.astype(np.float64), kind):
            ok = False
            print(f"buffer {name}: differs by {np.abs(got - want).max():.3g}")
    # The optimizer's state too: momentum, or Adam's two moments.
    names = {"momentum_buffer": "momentum_buffer", "exp_avg": "exp_avg",
             "exp_avg_sq": "exp_avg_sq"}
    for name, param in net.named_parameters():
        for key, value in optimizer.state[param].items():
            # SGD without momentum keeps a momentum_buffer of None.
            if key not in names or value is None:
                continue
            got = model.state_tensor(f"optimizer.{name}.{names[key]}")
            if not close(got, value.numpy(), kind, "optimizer"):
                ok = False
                print(f"optimizer state {name}.{key} differs by "
                      f"{np.abs(got - value.numpy()).max():.3g} (largest "
                      f"magnitude {np.abs(value.numpy()).max():.3g})")
    taken = int(model.state_tensor("optimizer.step"))
    if taken != steps:
        ok = False
        print(f"optimizer.step is {taken}, not {steps}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
