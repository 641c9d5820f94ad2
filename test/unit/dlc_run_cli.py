#!/usr/bin/env python3
"""End-to-end test of dlc-run on the fake model, checked against NumPy.

usage: dlc_run_cli.py DLC_RUN FAKE_MODEL.so NOT_A_MODEL.so WORK_DIR
The fake model computes y = x * scale.weight + 1 and t = b.sum(axis=0).
"""
import json
import os
import shutil
import struct
import subprocess
import sys

try:
    import numpy as np
except ImportError:
    # NumPy is a declared dependency (scripts/install-deps.sh): its absence
    # is a broken set-up, not a reason to pass.
    print("FAIL: numpy is not installed; run scripts/install-deps.sh")
    sys.exit(1)

DLC_RUN, MODEL, NOT_A_MODEL, WORK = sys.argv[1:5]
failures = []


def run(*args, expect=0):
    proc = subprocess.run([DLC_RUN, *args], capture_output=True, text=True)
    if proc.returncode != expect:
        failures.append(f"dlc-run {' '.join(args)}: exit {proc.returncode}, "
                        f"expected {expect}\nstderr: {proc.stderr}")
    return proc


def check(cond, what):
    if not cond:
        failures.append(what)


def expect_error(args, text, code=1):
    proc = run(*args, expect=code)
    check(proc.stderr.startswith("dlc-run: error: "),
          f"{args}: stderr should start with 'dlc-run: error: ': {proc.stderr!r}")
    check(text in proc.stderr, f"{args}: {text!r} not in {proc.stderr!r}")


def read_safetensors(path):
    """An independent reader of the format, to check interoperability."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    kinds = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "I32": "<i4",
             "I64": "<i8", "BOOL": "?", "BF16": "<u2"}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(body[begin:end], kinds[entry["dtype"]]
                                      ).reshape(entry["shape"])
    return header.get("__metadata__", {}), tensors


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
p = lambda name: os.path.join(WORK, name)

# info
proc = run(MODEL, "info")
info = json.loads(proc.stdout)
check(info["name"] == "FakeModel", f"info name: {info.get('name')}")
check(info["inputs"][0]["shape"] == ["N", 4], f"info inputs: {info['inputs']}")
check([o["name"] for o in info["outputs"]] == ["y", "t"], "info outputs")

# init: deterministic, readable by an independent reader
run(MODEL, "init", "--seed", "3", "--save", p("w3.safetensors"))
run(MODEL, "init", "--seed=3", "--save", p("w3b.safetensors"))
run(MODEL, "init", "--seed", "4", "--save", p("w4.safetensors"))
with open(p("w3.safetensors"), "rb") as a, open(p("w3b.safetensors"), "rb") as b:
    check(a.read() == b.read(), "init with the same seed differs")
meta, w3 = read_safetensors(p("w3.safetensors"))
_, w4 = read_safetensors(p("w4.safetensors"))
check(meta.get("format") == "pt", f"metadata: {meta}")
check(len(w3) == 14, f"tensor count {len(w3)}")
check(np.array_equal(w3["scale.weight"], np.ones(4, np.float32)), "ones init")
u = w3["init.uniform"]
check(u.min() >= -2 and u.max() <= 3 and abs(u.mean() - 0.5) < 0.25,
      "uniform init out of range")
check(not np.array_equal(u, w4["init.uniform"]), "seeds 3 and 4 agree")

# predict with weights written by NumPy-side code
rng = np.random.default_rng(0)
x = rng.standard_normal((6, 4)).astype(np.float32)
b = rng.standard_normal((6, 3))
np.save(p("x.npy"), x)
np.save(p("b.npy"), b)
weights = {k: np.array(v) for k, v in w3.items()}
weights["scale.weight"] = np.array([0.5, -1, 2, 3], np.float32)


def write_safetensors(path, tensors):
    names = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64",
             np.dtype("<f2"): "F16", np.dtype("<i4"): "I32",
             np.dtype("<i8"): "I64", np.dtype("bool"): "BOOL",
             np.dtype("<u2"): "BF16"}
    header, blobs, offset = {}, [], 0
    for name, arr in tensors.items():  # deliberately not sorted
        raw = np.ascontiguousarray(arr).tobytes()
        header[name] = {"dtype": names[arr.dtype], "shape": list(arr.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


write_safetensors(p("w.safetensors"), weights)
run(MODEL, "predict", "--weights", p("w.safetensors"), "--input", p("x.npy"),
    "--input", p("b.npy"), "--output", p("y.npy"), "--output", p("t.npy"))
y, t = np.load(p("y.npy")), np.load(p("t.npy"))
check(y.dtype == np.float32 and y.shape == (6, 4), f"y is {y.dtype}{y.shape}")
check(np.array_equal(y, x * weights["scale.weight"] + np.float32(1)),
      "y != x * w + 1")
check(t.dtype == np.float64 and np.allclose(t, b.sum(axis=0)), "t != b.sum(0)")

# predict from a seed: scale.weight is ones
run(MODEL, "predict", "--seed", "9", "--input", p("x.npy"), "--input",
    p("b.npy"), "--output", p("y1.npy"), "--output", p("t1.npy"))
check(np.array_equal(np.load(p("y1.npy")), x + np.float32(1)), "seeded predict")

# errors: exit 1 with a message naming what is wrong
io = ["--input", p("x.npy"), "--input", p("b.npy")]
expect_error([MODEL, "predict", *io, "--output", p("y2.npy")],
             "the model has 2 output(s) (y, t) but 1 --output was given")
check(not os.path.exists(p("y2.npy")), "partial output written")
expect_error([MODEL, "predict", "--input", p("x.npy"), "--output", "a.npy",
              "--output", "b.npy"],
             "the model takes 2 input(s) (x, b) but 1 --input was given")
np.save(p("x64.npy"), x.astype(np.float64))
expect_error([MODEL, "predict", "--input", p("x64.npy"), "--input",
              p("b.npy"), "--output", p("o1.npy"), "--output", p("o2.npy")],
             f"input 'x' ({p('x64.npy')}): expected dtype f32, got f64")
np.save(p("x5.npy"), np.zeros((6, 5), np.float32))
expect_error([MODEL, "predict", "--input", p("x5.npy"), "--input", p("b.npy"),
              "--output", p("o1.npy"), "--output", p("o2.npy")],
             f"input 'x' ({p('x5.npy')}) dim 1: expected 4, got 5")
np.save(p("b7.npy"), np.zeros((7, 3)))
expect_error([MODEL, "predict", "--input", p("x.npy"), "--input", p("b7.npy"),
              "--output", p("o1.npy"), "--output", p("o2.npy")],
             "symbol N is 6 from input 'x'")
np.save(p("xf.npy"), np.asfortranarray(np.zeros((6, 4), np.float32)))
expect_error([MODEL, "predict", "--input", p("xf.npy"), "--input", p("b.npy"),
              "--output", p("o1.npy"), "--output", p("o2.npy")],
             "Fortran-order")
del weights["counts"]
write_safetensors(p("partial.safetensors"), weights)
expect_error([MODEL, "predict", "--weights", p("partial.safetensors"), *io,
              "--output", p("o1.npy"), "--output", p("o2.npy")],
             'missing key(s): "counts"')
# --strict false, as load_state_dict(strict=False): what the weights lack
# comes from --seed, what the model lacks is left out; both are listed.
weights["head.weight"] = np.zeros(2, np.float32)
write_safetensors(p("other_head.safetensors"), weights)
expect_error([MODEL, "predict", "--weights", p("other_head.safetensors"), *io,
              "--output", p("o1.npy"), "--output", p("o2.npy")],
             'unexpected key(s): "head.weight"')
proc = run(MODEL, "predict", "--weights", p("other_head.safetensors"),
           "--strict", "false", "--seed", "3", *io, "--output", p("y5.npy"),
           "--output", p("t5.npy"))
check('missing key(s), initialised from --seed 3: "counts"' in proc.stderr,
      f"--strict false should list the missing key: {proc.stderr!r}")
check('unexpected key(s), not used: "head.weight"' in proc.stderr,
      f"--strict false should list the unexpected key: {proc.stderr!r}")
check(np.array_equal(np.load(p("y5.npy")),
                     x * weights["scale.weight"] + np.float32(1)),
      "--strict false did not load scale.weight")
expect_error([MODEL, "predict", "--strict", "false", *io, "--output",
              p("o1.npy"), "--output", p("o2.npy")],
             "--strict applies to --weights", code=2)
expect_error([MODEL, "predict", "--weights", p("w.safetensors"), "--strict",
              "no", *io, "--output", p("o1.npy"), "--output", p("o2.npy")],
             "--strict is 'true' or 'false', got 'no'", code=2)
expect_error([p("missing.so"), "info"], "cannot load model")
expect_error([NOT_A_MODEL, "info"], "is not a dlc model")
# The fake model has no train block: train and eval say so before touching
# the data.
expect_error([MODEL, "train", "--data", p("x.npy")],
             "has no train_step: its program has no train block")
expect_error([MODEL, "eval", "--seed", "1", "--data", p("x.npy")],
             "has no eval_step: its program has no train block")

# usage errors: exit 2
expect_error([MODEL, "train"], "'train' needs --data DATASET", code=2)
expect_error([MODEL, "eval", "--data", "d"], "'eval' needs --weights", code=2)
expect_error([MODEL, "train", "--data", "d", "--epochs", "0"],
             "--epochs must be at least 1", code=2)
expect_error([MODEL, "train", "--data", "d", "--validation", "1.5"],
             "--validation expects a fraction in [0, 1)", code=2)
expect_error([MODEL, "train", "--data", "d", "--resume", "c", "--weights", "w"],
             "--resume and --weights exclude each other", code=2)
expect_error([MODEL, "train", "--data", "d", "--progress", "loud"],
             "--progress is auto, bar, lines or none", code=2)
expect_error([MODEL, "eval", "--seed", "1", "--data", "d", "--split", "dev"],
             "--split is 'test' or 'train'", code=2)
expect_error([], "no model given", code=2)
expect_error([MODEL], "no command given", code=2)
expect_error([MODEL, "fly"], "unknown command 'fly'", code=2)
expect_error([MODEL, "init"], "'init' needs --save", code=2)
expect_error([MODEL, "init", "--seed", "-1", "--save", "w"],
             "--seed expects an unsigned 64-bit integer, got '-1'", code=2)
expect_error([MODEL, "init", "--save"], "--save needs a value", code=2)
expect_error([MODEL, "info", "--bogus"], "unknown option '--bogus'", code=2)
expect_error([MODEL, "predict", "--weights", "w", "--seed", "1", *io,
              "--output", "o"], "exclude each other", code=2)
expect_error([MODEL, "predict", "--output", "o"], "needs --input", code=2)

# help: exit 0 on stdout
for args in (["--help"], ["-h"], [MODEL, "predict", "--help"]):
    proc = run(*args)
    check(proc.stdout.startswith("usage: dlc-run MODEL.so COMMAND"),
          f"{args}: help text missing")

leftovers = [f for f in os.listdir(WORK) if ".tmp." in f]
check(not leftovers, f"temporary files left behind: {leftovers}")

if failures:
    print("\n\n".join(failures))
    sys.exit(1)
print("dlc-run CLI: all checks passed")
