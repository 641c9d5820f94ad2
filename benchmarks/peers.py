#!/usr/bin/env python3
"""The PyTorch side of benchmarks/run.sh: torch.matmul and eager training.

  peers.py --sizes 256,512 --batch 32 --threads 1 --repetitions 5 \
      --models mlp,linear_regression [--device cuda] --out peers.json

Each model is the PyTorch twin of examples/NAME.dsl or
benchmarks/models/NAME.dsl (same layers, loss, optimizer and metric; the
larger ones from examples/torch_twins.py), so a train step does the work
dlc's train_step does:
forward, loss, metric, backward, optimizer update. Every figure is the median
of --repetitions timed runs, each long enough (about 0.2 s) to swamp the
clock. Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset: they pin
OpenBLAS to a slower kernel. The kernel that ran is printed and recorded.

With --device cuda the peers are PyTorch's CUDA eager mode and cuBLAS, in
FP32 (TF32 off, as dlc computes in FP32), doing what dlc-bench --device=cuda
does: batches come from the host each step, a step ends with its loss and
metric on the host, an inference with its output there. SGEMM is timed on
tensors resident on the GPU (cuBLAS alone) and, as `sgemm_with_copies`,
with A and B copied in and C copied back, as a dlc forward call does.
"""
import argparse
import ctypes
import ctypes.util
import json
import statistics
import sys
import os
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "examples"))
import torch_twins as twins  # noqa: E402


def linear_regression():
    model = torch.nn.Sequential(torch.nn.Linear(10, 1), torch.nn.Flatten(0))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

    def step(x, y):
        loss = torch.nn.functional.mse_loss(model(x), y)
        r2 = 1.0 - loss / ((y - y.mean()) ** 2).mean()
        return loss, r2

    return model, optimizer, step, (10,), None


def logistic_regression():
    model = torch.nn.Sequential(torch.nn.Linear(30, 1), torch.nn.Flatten(0))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

    def step(x, y):
        z = model(x)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
        accuracy = ((z > 0).float() == y).float().mean()
        return loss, accuracy

    return model, optimizer, step, (30,), None


def mlp():
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(),
                                torch.nn.Linear(128, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

    def step(x, y):
        logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits, y)
        accuracy = (logits.argmax(1) == y).float().mean()
        return loss, accuracy

    return model, optimizer, step, (784,), 10


def conv3x3():
    model = torch.nn.Sequential(
        torch.nn.Conv2d(16, 16, 3, padding=1), torch.nn.ReLU(),
        torch.nn.Conv2d(16, 16, 3, padding=1),
        torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(1),
        torch.nn.Linear(16, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

    def step(x, y):
        return torch.nn.functional.cross_entropy(model(x), y), torch.zeros(())

    return model, optimizer, step, (16, 32, 32), 10


def cnn():
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3, padding=1), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3, padding=1), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(1),
        torch.nn.Linear(64 * 7 * 7, 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step(x, y):
        logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits, y)
        accuracy = (logits.argmax(1) == y).float().mean()
        return loss, accuracy

    return model, optimizer, step, (1, 28, 28), 10


def classifier_step(model):
    def step(x, y):
        logits = model(x)
        loss = torch.nn.functional.cross_entropy(logits, y)
        return loss, (logits.argmax(1) == y).float().mean()
    return step


def resnet():
    model = twins.ResNet(10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9,
                                weight_decay=1e-4)
    return model, optimizer, classifier_step(model), (1, 28, 28), 10


# The word models read 16 character ids of a 99-id vocabulary (random ids
# below the class count, as dlc-bench fills an integer input).
WORD = ("ids", 16)


def transformer():
    model = twins.WordTransformer(99, drop=0.0)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.003)
    return model, optimizer, classifier_step(model), WORD, 7


def lstm():
    model = twins.WordLSTM(99)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.003,
                                  weight_decay=0.01)
    return model, optimizer, classifier_step(model), WORD, 7


def bert():
    """examples/bert.dsl's first train block, masked-character pre-training:
    labels at every position and a mask of weights."""
    model = twins.BertMaskedLM(99)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.001)

    def step(x, y, m):
        logp = torch.nn.functional.log_softmax(model(x), -1)
        picked = logp.gather(-1, y.unsqueeze(-1)).squeeze(-1)
        loss = -(picked * m).sum() / m.sum()
        hit = (logp.argmax(-1) == y).float()
        return loss, (hit * m).sum() / m.sum()

    return model, optimizer, step, WORD, ("masked", 99)


def random_batch(batch, features, target):
    """A batch as dlc-bench makes one (benchmarks/RandomInputs.cpp): floats
    uniform in [0, 1), ids and labels uniform below the class count."""
    classes = target[1] if isinstance(target, tuple) else target
    if features[0] == "ids":
        x = torch.randint(0, classes, (batch, features[1]))
    else:
        x = torch.rand(batch, *features)
    if isinstance(target, tuple):  # a label and a weight per position
        return (x, torch.randint(0, classes, (batch, features[1])),
                torch.rand(batch, features[1]))
    if target:
        return x, torch.randint(0, target, (batch,))
    return x, torch.rand(batch)


# Batches a training benchmark cycles through, as NumBatches in
# benchmarks/RandomInputs.h.
NUM_BATCHES = 16
# Steps after which training starts again from the initial weights, as
# StepsPerRestart there.
STEPS_PER_RESTART = 256

MODELS = {
    "linear_regression": linear_regression,
    "logistic_regression": logistic_regression,
    "mlp": mlp,
    "conv3x3": conv3x3,
    "cnn": cnn,
    "resnet": resnet,
    "transformer": transformer,
    "lstm": lstm,
    "bert": bert,
}


def median_seconds(run, repetitions, min_time=0.2, reset=lambda: None):
    """The median over repetitions of the time of one call of run(); reset()
    is called, untimed, before each repetition."""
    run()  # warm-up: first-call allocation and dispatch caches
    iterations = 1
    while True:
        reset()
        start = time.perf_counter()
        for _ in range(iterations):
            run()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            break
        iterations *= 2
    samples = [elapsed / iterations]
    for _ in range(repetitions - 1):
        reset()
        start = time.perf_counter()
        for _ in range(iterations):
            run()
        samples.append((time.perf_counter() - start) / iterations)
    return statistics.median(samples)


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def blas_kernel(device):
    """The OpenBLAS core type that torch's BLAS runs, where it is OpenBLAS;
    cuBLAS and the GPU on CUDA."""
    if device.type == "cuda":
        return f"cuBLAS on {torch.cuda.get_device_name(device)}"
    for name in ("openblas", "openblas.so.0"):
        path = ctypes.util.find_library(name) or f"lib{name}.so.0"
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return "OpenBLAS " + lib.openblas_get_corename().decode()
        except (OSError, AttributeError):
            continue
    return "unknown"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="256,512,1024,2048")
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    device = torch.device(args.device)
    if device.type == "cuda":
        if not torch.cuda.is_available():
            sys.exit(f"peers.py: --device {args.device}: torch "
                     f"{torch.__version__} has no CUDA or sees no GPU")
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    kernel = blas_kernel(device)
    print(f"torch {torch.__version__}, {args.threads} thread(s), "
          f"matmul through {kernel}", file=sys.stderr)
    results = {"torch": torch.__version__, "threads": args.threads,
               "batch": args.batch, "repetitions": args.repetitions,
               "kernel": kernel, "device": args.device, "sgemm": {},
               "sgemm_with_copies": {}, "train_step": {}, "inference": {}}

    def gflops(n, seconds):
        return 2.0 * n ** 3 / seconds * 1e-9

    with torch.no_grad():
        for n in (int(s) for s in args.sizes.split(",") if s):
            host_a, host_b = torch.rand(n, n), torch.rand(n, n)
            a, b = host_a.to(device), host_b.to(device)

            def resident():
                torch.matmul(a, b)
                synchronize(device)

            results["sgemm"][str(n)] = gflops(
                n, median_seconds(resident, args.repetitions))
            if device.type == "cuda":
                def with_copies():
                    torch.matmul(host_a.to(device),
                                 host_b.to(device)).cpu()

                results["sgemm_with_copies"][str(n)] = gflops(
                    n, median_seconds(with_copies, args.repetitions))

    for name in (m for m in args.models.split(",") if m):
        if name not in MODELS:
            sys.exit(f"peers.py: no PyTorch twin of model '{name}'")
        model, optimizer, loss_and_metric, features, target = MODELS[name]()
        model.to(device)
        # As dlc-bench does: several batches in turn, with labels of every
        # class (a classifier's `target` is its class count, None for a
        # regression), and a restart from the initial weights and a fresh
        # optimizer state every STEPS_PER_RESTART steps and repetition: so
        # neither side times the subnormal floats of a model trained too
        # long on random data.
        batches = [random_batch(args.batch, features, target)
                   for _ in range(NUM_BATCHES)]
        x = batches[0][0]
        initial = {k: v.clone() for k, v in model.state_dict().items()}
        steps = [0]

        def reset():
            model.load_state_dict(initial)
            optimizer.state.clear()

        def train_step():
            steps[0] += 1
            if steps[0] % STEPS_PER_RESTART == 0:
                reset()  # timed here, unlike dlc-bench's: ~0.1% of a step
            inputs = batches[steps[0] % NUM_BATCHES]
            optimizer.zero_grad(set_to_none=True)
            loss, metric = loss_and_metric(*(t.to(device) for t in inputs))
            loss.backward()
            optimizer.step()
            return loss.item(), metric.item()

        def inference():
            with torch.no_grad():
                return model(x.to(device)).cpu()

        # Batch norm and dropout as dlc's train_step and forward run them.
        model.train()
        seconds = median_seconds(train_step, args.repetitions, reset=reset)
        results["train_step"][name] = args.batch / seconds
        model.eval()
        seconds = median_seconds(inference, args.repetitions)
        results["inference"][name] = args.batch / seconds

    with open(args.out, "w") as out:
        json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
