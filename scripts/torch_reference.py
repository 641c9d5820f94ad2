#!/usr/bin/env python3
"""PyTorch's result for a documented model, for the README's table: the twin
of examples/NAME.dsl (examples/torch_twins.py) with its train block's
optimizer and schedule (read from the compiled model's self-description), the
same batch and epochs as under dlc-run, on the same data (90% of the train
split for training, as dlc-run's default --validation 0.1 leaves, and the
test split), one thread.

    /usr/bin/python3 scripts/torch_reference.py cnn --epochs 8 --batch 32
    /usr/bin/python3 scripts/torch_reference.py bert --epochs 3 \\
        --finetune-epochs 10 --batch 64

`bert` pre-trains BertMaskedLM on fortunes for --epochs, loads its encoder
into BertClassifier with load_state_dict(strict=False) and fine-tunes that
on the word task for --finetune-epochs. Needs build/bin/dlc (for the train
blocks) and scripts/fetch-data.sh's data.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(ROOT, "examples"))
import torch_twins as twins  # noqa: E402


def mnist(split, flat=False):
    prefix = "train" if split == "train" else "t10k"
    images = open(f"data/mnist/{prefix}-images-idx3-ubyte", "rb").read()[16:]
    labels = open(f"data/mnist/{prefix}-labels-idx1-ubyte", "rb").read()[8:]
    x = np.frombuffer(images, np.uint8).reshape(-1, 1, 28, 28)
    x = x.reshape(-1, 784) if flat else x
    return [torch.from_numpy(x.astype(np.float32) / 255),
            torch.from_numpy(np.frombuffer(labels, np.uint8).astype(np.int32))]


def csv(name):
    def load(split):
        table = np.loadtxt(f"data/{name}/{split}.csv", delimiter=",",
                           skiprows=1, dtype=np.float32)
        return [torch.from_numpy(table[:, :-1]),
                torch.from_numpy(np.ascontiguousarray(table[:, -1]))]
    return load


def npy(name, inputs):
    def load(split):
        return [torch.from_numpy(np.load(f"data/{name}/{split}/{i}.npy"))
                for i in inputs]
    return load


WORDS = npy("words", ["x", "y"])
# model: (the twin, given the vocabulary size; its data; its train block).
MODELS = {
    "linear_regression": (lambda v: twins.LinearRegression(10),
                          csv("diabetes"), None),
    "logistic_regression": (lambda v: twins.LogisticRegression(30),
                            csv("breast_cancer"), None),
    "mlp": (lambda v: twins.MLP(128), lambda s: mnist(s, flat=True), None),
    "mlp_regression": (lambda v: twins.MLPRegression(10), csv("diabetes"),
                       None),
    "cnn": (lambda v: twins.CNN(), mnist, None),
    "resnet": (lambda v: twins.ResNet(10), mnist, None),
    # The train block trains it without dropout.
    "transformer": (lambda v: twins.WordTransformer(v, drop=0.0), WORDS,
                    None),
    "lstm": (twins.WordLSTM, WORDS, None),
    "bert": (twins.BertMaskedLM, npy("fortunes", ["x", "y", "m"]),
             "pretrain"),
}


def train_spec(example, train):
    """The optimizer and schedule of the example's train block."""
    with tempfile.TemporaryDirectory() as tmp:
        so = os.path.join(tmp, "model.so")
        command = [os.path.join(ROOT, "build/bin/dlc"),
                   os.path.join(ROOT, f"examples/{example}.dsl"), "-o", so]
        if train:
            command += ["--train", train]
        subprocess.run(command, check=True)
        info = subprocess.run([os.path.join(ROOT, "build/bin/dlc-run"), so,
                               "info"], check=True, capture_output=True,
                              text=True).stdout
    return json.loads(info)["optimizer"]


def metric(net, batch):
    """Accuracy of a classifier, R^2 of a regression, masked accuracy of the
    masked-character model."""
    with torch.no_grad():
        out = net(batch[0])
    if len(batch) == 3:
        hit = (out.argmax(-1) == batch[1]).float() * batch[2]
        return "masked accuracy", (hit.sum() / batch[2].sum()).item()
    if isinstance(net, twins.LogisticRegression):
        return "accuracy", ((out > 0).float() == batch[1]).float().mean().item()
    if batch[1].dtype.is_floating_point:
        y = batch[1]
        r2 = 1 - ((out - y) ** 2).mean() / ((y - y.mean()) ** 2).mean()
        return "R^2", r2.item()
    return "accuracy", (out.argmax(1) == batch[1]).float().mean().item()


def train(net, data, spec, epochs, batch):
    """dlc-run train's loop: 90% of the train split, reshuffled each epoch."""
    inputs = data("train")
    keep = int(len(inputs[0]) * 0.9)
    order = torch.randperm(len(inputs[0]))[:keep]
    inputs = [t[order] for t in inputs]
    optimizer = twins.optimizer(spec, net.parameters())
    loss_of = twins.LOSSES[type(net)]
    step = 0
    start = time.perf_counter()
    for _ in range(epochs):
        net.train()
        for rows in torch.randperm(keep).split(batch):
            twins.set_learning_rate(optimizer, spec, step)
            optimizer.zero_grad(set_to_none=True)
            loss_of(net, *[t[rows] for t in inputs]).backward()
            optimizer.step()
            step += 1
    seconds = time.perf_counter() - start
    net.eval()
    name, value = metric(net, data("test"))
    return f"test {name} {value:.4f}, {seconds:.1f} s training"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=MODELS)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--finetune-epochs", type=int, default=1)
    args = parser.parse_args()
    os.chdir(ROOT)
    torch.manual_seed(0)
    torch.set_num_threads(1)
    make, data, block = MODELS[args.model]
    vocab = len(json.load(open("data/words/vocab.json"))["tokens"])
    net = make(vocab)
    spec = train_spec(args.model, block)
    result = train(net, data, spec, args.epochs, args.batch)
    print(f"{args.model}: {args.epochs} epochs, batch {args.batch}: {result}")
    if args.model == "bert":
        # The finetune train block's classifier has no dropout.
        classifier = twins.BertClassifier(vocab, drop=0.0)
        keys = classifier.load_state_dict(net.state_dict(), strict=False)
        print(f"load_state_dict(strict=False): {keys}")
        result = train(classifier, WORDS, train_spec("bert", "finetune"),
                       args.finetune_epochs, args.batch)
        print(f"bert fine-tuned: {args.finetune_epochs} epochs, batch "
              f"{args.batch}: {result}")


if __name__ == "__main__":
    sys.exit(main())
