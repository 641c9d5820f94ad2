#!/usr/bin/env python3
"""Cold and cached compile times of models: median wall times of
`dlc MODEL -o SO`.

  compile_times.py DLC OUT_DIR REPETITIONS MODEL.dsl... > compile.json

Cold: each of REPETITIONS compiles starts from an empty compile cache, so
every Halide kernel is built. Cached: REPETITIONS compiles more into the
last of those caches, which hold the kernels and the model. The JSON maps
NAME to {"cold": seconds, "cached": seconds}; OUT_DIR/NAME.so is the model.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def main():
    dlc, out_dir, repetitions, models = (sys.argv[1], sys.argv[2],
                                         int(sys.argv[3]), sys.argv[4:])
    times = {}
    for path in models:
        name = os.path.splitext(os.path.basename(path))[0]
        command = [dlc, path, "-o", os.path.join(out_dir, name + ".so")]
        cache = tempfile.mkdtemp(prefix="dlc-cache-")
        try:
            cold = []
            for _ in range(repetitions):
                shutil.rmtree(cache)
                cold.append(timed(command + ["--cache-dir=" + cache]))
            cached = [timed(command + ["--cache-dir=" + cache])
                      for _ in range(repetitions)]
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        times[name] = {"cold": statistics.median(cold),
                       "cached": statistics.median(cached)}
    json.dump(times, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
