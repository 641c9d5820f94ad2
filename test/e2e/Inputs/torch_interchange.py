#!/usr/bin/env python3
"""Weights move between PyTorch and dlc both ways, through safetensors files.

  torch_interchange.py DLC_RUN MODEL.so cnn|resnet|encoder_layer|lstm WORK_DIR

torch -> dlc: the PyTorch twin (examples/torch_twins.py), initialised by
PyTorch, trains 3 SGD steps (so batch norm's running statistics and
num_batches_tracked move), and its state_dict is written as safetensors, as
PyTorch users write it; `dlc-run predict --weights` on it gives PyTorch's
eval-mode outputs.

dlc -> torch: `dlc-run train` takes 3 steps from its own initialisation and
saves its checkpoint; PyTorch loads its params and buffers with
load_state_dict(strict=True) (the checkpoint's optimizer.* tensors are not
the model's) and gives dlc's outputs.

Outputs agree within 1e-5 of their largest magnitude. Prints PASS or FAIL.
"""
import json
import os
import subprocess
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "examples"))
import torch_twins as twins  # noqa: E402
from safetensors_io import read_safetensors, write_safetensors  # noqa: E402

TOLERANCE = 1e-5
BATCH = 8
VOCAB = 99  # examples/lstm.dsl's, data/words/vocab.json's


class EncoderLayer(nn.Module):
    """interchange_encoder_layer.dsl: std's TransformerEncoderLayer."""

    def __init__(self):
        super().__init__()
        self.layer = twins.encoder_layer(32, 4, 64, 0.1)

    def forward(self, x):
        return self.layer(x)


# kind: (twin, the batch inputs of its train block; the first is forward's
# input, the second the target).
KINDS = {
    "cnn": (twins.CNN, lambda rng: [
        rng.random((BATCH, 1, 28, 28), np.float32),
        rng.integers(0, 10, BATCH).astype(np.int32)]),
    "resnet": (twins.ResNet, lambda rng: [
        rng.random((BATCH, 1, 28, 28), np.float32),
        rng.integers(0, 10, BATCH).astype(np.int32)]),
    "encoder_layer": (EncoderLayer, lambda rng: [
        rng.standard_normal((BATCH, 16, 32)).astype(np.float32),
        rng.standard_normal((BATCH, 16, 32)).astype(np.float32)]),
    "lstm": (lambda: twins.WordLSTM(VOCAB), lambda rng: [
        twins.random_words(rng, BATCH, VOCAB),
        rng.integers(0, 7, BATCH).astype(np.int32)]),
}


def torch_loss(net, x, t):
    out = net(torch.from_numpy(x))
    if t.dtype == np.int32:
        return nn.functional.cross_entropy(out, torch.from_numpy(t).long())
    return nn.functional.mse_loss(out, torch.from_numpy(t))


def torch_outputs(net, x):
    net.eval()
    with torch.no_grad():
        return net(torch.from_numpy(x)).numpy()


def compare(what, got, want):
    error = np.abs(got - want).max()
    scale = max(np.abs(want).max(), 1e-6)
    print(f"{what}: largest difference {error:.2e} (outputs up to {scale:.3g})")
    return error <= TOLERANCE * scale


def main():
    dlc_run, so, kind, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    path = lambda name: os.path.join(work, name)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    make_net, make_batch = KINDS[kind]
    rng = np.random.default_rng(3)
    ok = True

    # torch -> dlc
    net = make_net()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    for _ in range(3):
        x, t = make_batch(rng)
        optimizer.zero_grad()
        torch_loss(net, x, t).backward()
        optimizer.step()
    state = {name: value.detach().numpy()
             for name, value in net.state_dict().items()}
    write_safetensors(path("torch.safetensors"), state, {"format": "pt"})
    x = make_batch(rng)[0]
    np.save(path("x.npy"), x)
    subprocess.run([dlc_run, so, "predict", "--weights",
                    path("torch.safetensors"), "--input", path("x.npy"),
                    "--output", path("dlc_y.npy")], check=True)
    ok &= compare("torch -> dlc", np.load(path("dlc_y.npy")),
                  torch_outputs(net, x))

    # dlc -> torch: 3 steps of dlc-run train on batches of .npy files named
    # after the train block's inputs.
    info = json.loads(subprocess.run([dlc_run, so, "info"], check=True,
                                     capture_output=True, text=True).stdout)
    names = [batch_input["name"] for batch_input in info["train"]["batch"]]
    data = os.path.join(work, "data")
    os.makedirs(data, exist_ok=True)
    for name, array in zip(names, make_batch(np.random.default_rng(4))):
        np.save(os.path.join(data, name + ".npy"), array)
    subprocess.run([dlc_run, so, "train", "--data", data, "--batch",
                    str(BATCH // 2), "--validation", "0", "--epochs", "2",
                    "--max-steps", "3",
                    "--progress", "none", "--save", path("dlc.safetensors")],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run([dlc_run, so, "predict", "--weights",
                    path("dlc.safetensors"), "--input", path("x.npy"),
                    "--output", path("dlc_y2.npy")], check=True)
    _, saved = read_safetensors(path("dlc.safetensors"))
    net = make_net()
    net.load_state_dict({name: torch.from_numpy(value.copy())
                         for name, value in saved.items()
                         if not name.startswith("optimizer.")}, strict=True)
    if kind == "resnet":
        counted = int(saved["bn1.num_batches_tracked"])
        ok &= counted == 3
        print(f"dlc's bn1.num_batches_tracked after 3 steps: {counted}")
    ok &= compare("dlc -> torch", torch_outputs(net, x),
                  np.load(path("dlc_y2.npy")))
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
