#!/usr/bin/env python3
"""Sets dlc's GPU results beside PyTorch's CUDA eager mode and cuBLAS, and
writes them as the GPU section of RESULTS.md.

  report_gpu.py OUT_DIR RESULTS.md

OUT_DIR is what run.sh of a GPU bundle (scripts/gpu-bundle.sh,
scripts/gpu-device-run.sh) wrote on the GPU machine: gpu.txt, commit.txt,
suite.txt, dlc-sgemm.json, and dlc-models-B.json and torch-B.json for each
batch B. Prints the section; the rest of RESULTS.md is left as it is.
"""
import glob
import json
import os
import re
import sys
import time

import results_file
from report import MODEL_COLUMNS, medians, model_cells, rate, ratio


def read_text(out_dir, name):
    return results_file.read(os.path.join(out_dir, name)).strip()


def sgemm_table(dlc, torch):
    lines = ["### SGEMM, GFLOP/s (C = A B, n x n, f32)\n",
             "dlc's figure is a forward call of a compiled `a @ b`: A and B "
             "copied to the GPU, the Halide kernel, C copied back. cuBLAS "
             "is timed on resident tensors and, as dlc's call, with the "
             "copies.\n",
             "| n | dlc | cuBLAS | cuBLAS with copies | dlc / cuBLAS | "
             "dlc / cuBLAS with copies |",
             "|---|---|---|---|---|---|"]
    for n in sorted(int(k) for k in torch["sgemm"]):
        d = dlc.get(f"sgemm/dlc/{n}", {}).get("GFLOPS")
        t = torch["sgemm"][str(n)]
        c = torch.get("sgemm_with_copies", {}).get(str(n))
        copies = format(c, ".1f") if c is not None else "n/a"
        lines.append(f"| {n} | {rate(d, '.1f')} | {t:.1f} | {copies} "
                     f"| {ratio(d, t)} | {ratio(d, c)} |")
    return lines


def models_table(dlc, torch):
    lines = [f"\n### Models, samples/s at batch {torch['batch']}\n",
             MODEL_COLUMNS, "|---|---|---|---|---|---|---|"]
    for name in sorted(torch["train_step"]):
        lines.append(model_cells(dlc, torch, name)[0])
    return lines


def errors(rows):
    """The benchmarks that failed, with their messages."""
    return [f"- `{name}`: {row['error_message'].strip()}"
            for name, row in sorted(rows.items()) if row.get("error_occurred")]


def main():
    out_dir, results_path = sys.argv[1:3]
    gpu = read_text(out_dir, "gpu.txt") or "unknown GPU"
    suite = read_text(out_dir, "suite.txt")
    passed = len(re.findall(r": ok$", suite, re.M))
    failed = len(re.findall(r"MISMATCH|FAILED", suite))

    _, sgemm = medians(os.path.join(out_dir, "dlc-sgemm.json"))
    batches = sorted(int(re.search(r"(\d+)\.json$", p).group(1)) for p in
                     glob.glob(os.path.join(out_dir, "torch-*.json")))
    lines = []
    failures = errors(sgemm)
    for batch in batches:
        with open(os.path.join(out_dir, f"torch-{batch}.json")) as f:
            torch = json.load(f)
        _, models = medians(os.path.join(out_dir, f"dlc-models-{batch}.json"))
        failures += errors(models)
        kernel, version = torch["kernel"], torch["torch"]
        if torch["sgemm"]:
            lines += sgemm_table(sgemm, torch)
        lines += models_table(models, torch)
    if failures:
        lines += ["\nBenchmarks that failed:\n"] + failures

    section = "\n".join([
        results_file.BEGIN,
        "## On an NVIDIA GPU\n",
        f"Measured {time.strftime('%Y-%m-%d')} on {gpu} (GPU, driver, "
        f"memory), commit {read_text(out_dir, 'commit.txt') or '?'}, by "
        f"scripts/gpu-bundle.sh and its run.sh on the device tool's machine. "
        f"Models compiled with --target=nvptx; the peers are PyTorch "
        f"{version} CUDA eager, FP32 with TF32 off, matmul through "
        f"{kernel}, fed from the host and ending each step with its loss "
        f"there, as dlc does. Each figure is the median of "
        f"{torch['repetitions']} repetitions.\n",
        f"GPU test suite: {passed} checks ok, {failed} failed.\n",
        "```", suite, "```\n",
        *lines, "",
        results_file.END, ""])
    print(section)
    text = results_file.read(results_path)
    with open(results_path, "w") as f:
        f.write(results_file.with_gpu_section(text, section))


if __name__ == "__main__":
    main()
