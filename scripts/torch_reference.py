#!/usr/bin/env python3
"""PyTorch's result for a documented model, for the README's table: the same
layers, optimizer, batch and epochs as examples/NAME.dsl under dlc-run, on
the same data (90% of the train split for training, as dlc-run's default
--validation 0.1 leaves, and the test split), one thread.

    /usr/bin/python3 scripts/torch_reference.py cnn --epochs 5 --batch 32
"""
import argparse
import os
import sys
import time

import numpy as np
import torch


def mnist(split):
    prefix = "train" if split == "train" else "t10k"
    images = open(f"data/mnist/{prefix}-images-idx3-ubyte", "rb").read()[16:]
    labels = open(f"data/mnist/{prefix}-labels-idx1-ubyte", "rb").read()[8:]
    x = np.frombuffer(images, np.uint8).reshape(-1, 1, 28, 28)
    return (torch.from_numpy(x.astype(np.float32) / 255),
            torch.from_numpy(np.frombuffer(labels, np.uint8).astype(np.int64)))


# The twins benchmarks/peers.py times: the same modules and optimizers.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "benchmarks"))
import peers  # noqa: E402

MODELS = {"cnn": mnist}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=MODELS)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    data = MODELS[args.model]
    model, optimizer = peers.MODELS[args.model]()[:2]
    x, y = data("train")
    keep = int(len(x) * 0.9)
    order = torch.randperm(len(x))
    x, y = x[order[:keep]], y[order[:keep]]
    start = time.perf_counter()
    for epoch in range(args.epochs):
        for batch in torch.randperm(keep).split(args.batch):
            optimizer.zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
    seconds = time.perf_counter() - start
    tx, ty = data("test")
    with torch.no_grad():
        accuracy = (model(tx).argmax(1) == ty).float().mean().item()
    print(f"{args.model}: {args.epochs} epochs, batch {args.batch}: test "
          f"accuracy {accuracy:.4f}, {seconds:.1f} s training")


if __name__ == "__main__":
    sys.exit(main())
