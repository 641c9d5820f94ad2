#!/usr/bin/env python3
"""Independent checks of what `dlc-run train` produced, with NumPy only.

  check_training.py csv-to-npy DATA.csv PREFIX     PREFIX.x.npy, PREFIX.y.npy
  check_training.py r2 Y.csv PREDICTION.npy MIN     test R^2 of a regression
  check_training.py binary Y.csv P.npy MIN         accuracy of probabilities > 0.5
  check_training.py log LOG.jsonl EPOCHS            the metrics log's shape
  check_training.py png IMAGE.png                   a PNG signature and size
  check_training.py same A.safetensors B.safetensors  equal tensors, bit for bit
"""
import json
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_io import read_safetensors as read_with_metadata  # noqa: E402


def read_safetensors(path):
    return {name: t.reshape(-1) for name, t in read_with_metadata(path)[1].items()}


def read_csv(path):
    return np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "csv-to-npy":
        table = read_csv(args[0]).astype(np.float32)
        np.save(args[1] + ".x.npy", table[:, :-1])
        return 0
    if command in ("r2", "binary"):
        y = read_csv(args[0])[:, -1]
        out = np.load(args[1]).reshape(-1).astype(np.float64)
        if command == "r2":
            value = 1 - ((y - out) ** 2).sum() / ((y - y.mean()) ** 2).sum()
            name = "R^2"
        else:
            value = ((out > 0.5) == (y > 0.5)).mean()
            name = "accuracy"
        print(f"test {name} {value:.4f} over {len(y)} samples")
        print("PASS" if value >= float(args[2]) else "FAIL")
        return 0
    if command == "log":
        lines = [json.loads(line) for line in open(args[0])]
        epochs = [l for l in lines if "epoch" in l]
        ok = [l["epoch"] for l in epochs] == list(range(1, int(args[1]) + 1))
        ok &= all("loss" in l["train"] and "loss" in l["validation"]
                  for l in epochs)
        tests = [l for l in lines if l.get("evaluation") == "test"]
        print(f"{len(epochs)} epochs, {len(tests)} test evaluation(s)")
        print("PASS" if ok and len(tests) == 1 else "FAIL")
        return 0
    if command == "png":
        blob = open(args[0], "rb").read()
        ok = blob[:8] == b"\x89PNG\r\n\x1a\n" and blob[12:16] == b"IHDR"
        width, height = struct.unpack(">II", blob[16:24])
        print(f"png {width}x{height}")
        print("PASS" if ok and width > 0 and height > 0 else "FAIL")
        return 0
    if command == "same":
        a, b = read_safetensors(args[0]), read_safetensors(args[1])
        differ = [n for n in a if n not in b or a[n].tobytes() != b[n].tobytes()]
        differ += [n for n in b if n not in a]
        print(f"{len(a)} tensors, {len(differ)} differ: {differ[:5]}")
        print("PASS" if not differ else "FAIL")
        return 0
    print(f"unknown command {command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
