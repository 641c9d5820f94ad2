#!/usr/bin/env python3
"""Cold compile times of models: the median wall time of `dlc MODEL -o SO`.

  compile_times.py DLC OUT_DIR REPETITIONS MODEL.dsl... > compile.json

Each model is compiled REPETITIONS times into OUT_DIR/NAME.so; the JSON maps
NAME to the median seconds. dlc has no compile cache yet, so every compile is
a cold one.
"""
import json
import os
import statistics
import subprocess
import sys
import time


def main():
    dlc, out_dir, repetitions, models = (sys.argv[1], sys.argv[2],
                                         int(sys.argv[3]), sys.argv[4:])
    times = {}
    for path in models:
        name = os.path.splitext(os.path.basename(path))[0]
        samples = []
        for _ in range(repetitions):
            start = time.perf_counter()
            subprocess.run([dlc, path, "-o", os.path.join(out_dir, name + ".so")],
                           check=True)
            samples.append(time.perf_counter() - start)
        times[name] = statistics.median(samples)
    json.dump(times, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
