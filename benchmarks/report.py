#!/usr/bin/env python3
"""Sets dlc's benchmark results beside its peers' and writes the report.

  report.py OUT_DIR RESULTS.md CHART.json

Reads OUT_DIR/dlc-sgemm.json, OUT_DIR/dlc-models.json and
OUT_DIR/openblas.json (Google Benchmark, with
median aggregates), OUT_DIR/torch.json (peers.py) and OUT_DIR/compile.json
(compile_times.py); prints the table, writes it as RESULTS.md with the run's
conditions (keeping the GPU section report_gpu.py wrote there), and writes
the series of the chart for dlc-bench-chart.
"""
import json
import os
import platform
import sys
import time

import results_file


def cpu_model():
    """The CPU's model name: the same VM has run on Intel and AMD hosts."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def medians(path):
    """{benchmark name: its median row} of a Google Benchmark JSON file."""
    with open(path) as f:
        data = json.load(f)
    rows = {}
    for row in data["benchmarks"]:
        if row.get("aggregate_name", "median") == "median":
            rows[row["run_name"].removesuffix("/real_time")] = row
    return data["context"], rows


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "n/a"


def rate(value, spec):
    """`value` formatted by `spec`, or "failed" where the benchmark gave none
    (dlc-bench skips a kernel whose result is wrong)."""
    return format(value, spec) if value is not None else "failed"


MODEL_COLUMNS = ("| model | dlc train | PyTorch train | train ratio | "
                 "dlc inference | PyTorch inference | inference ratio |")


def model_cells(dlc, torch, name):
    """Model `name`'s row under MODEL_COLUMNS, and dlc's train
    and inference rates (None where its benchmark failed)."""
    dt = dlc.get(f"train_step/{name}", {}).get("samples_per_s")
    di = dlc.get(f"inference/{name}", {}).get("samples_per_s")
    tt, ti = torch["train_step"][name], torch["inference"][name]
    row = (f"| {name} | {rate(dt, ',.0f')} | {tt:,.0f} | {ratio(dt, tt)} | "
           f"{rate(di, ',.0f')} | {ti:,.0f} | {ratio(di, ti)} |")
    return row, dt, di


def main():
    out_dir, results_path, chart_path = sys.argv[1:4]
    context, dlc = medians(os.path.join(out_dir, "dlc-sgemm.json"))
    dlc.update(medians(os.path.join(out_dir, "dlc-models.json"))[1])
    _, openblas = medians(os.path.join(out_dir, "openblas.json"))
    with open(os.path.join(out_dir, "torch.json")) as f:
        torch = json.load(f)
    with open(os.path.join(out_dir, "compile.json")) as f:
        compile_times = json.load(f)

    sizes = sorted(int(k) for k in torch["sgemm"])
    models = sorted(torch["train_step"])
    lines = []
    lines.append("## SGEMM, GFLOP/s (C = A B, n x n, f32)\n")
    lines.append("| n | dlc | OpenBLAS | torch.matmul | dlc / OpenBLAS | dlc / torch |")
    lines.append("|---|---|---|---|---|---|")
    chart_sgemm = {"dlc": [], "OpenBLAS": [], "torch.matmul": []}
    for n in sizes:
        d = dlc.get(f"sgemm/dlc/{n}", {}).get("GFLOPS")
        o = openblas.get(f"sgemm/openblas/{n}", {}).get("GFLOPS")
        t = torch["sgemm"][str(n)]
        lines.append(f"| {n} | {rate(d, '.1f')} | {rate(o, '.1f')} | {t:.1f} | "
                     f"{ratio(d, o)} | {ratio(d, t)} |")
        for label, value in (("dlc", d), ("OpenBLAS", o), ("torch.matmul", t)):
            if value is not None:
                chart_sgemm[label].append([n, value])

    lines.append(f"\n## Models, samples/s at batch {torch['batch']}\n")
    lines.append(MODEL_COLUMNS + " dlc compile, cold | cached |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    # Speed-ups share one axis where raw rates differ by 100x between models.
    chart_ratios = {"train step, dlc / PyTorch": [],
                    "inference, dlc / PyTorch": [], "target of training": []}
    for i, name in enumerate(models, start=1):
        row, dt, di = model_cells(dlc, torch, name)
        compile_s = compile_times.get(name, {})
        lines.append(f"{row} {rate(compile_s.get('cold'), '.2f')} s | "
                     f"{rate(compile_s.get('cached'), '.3f')} s |")
        if dt:
            chart_ratios["train step, dlc / PyTorch"].append(
                [i, dt / torch["train_step"][name]])
        if di:
            chart_ratios["inference, dlc / PyTorch"].append(
                [i, di / torch["inference"][name]])
        chart_ratios["target of training"].append([i, 1.5])
    table = "\n".join(lines)
    print(table)

    openblas_kernel = next(iter(openblas.values()), {}).get("label", "?")
    peers_env = ("OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for the "
                 "peers' commands only")
    kernel_path = os.path.join(out_dir, "openblas-kernel.txt")
    if os.path.exists(kernel_path):
        detected, pinned = results_file.read(kernel_path).split()
        if pinned != "-":
            peers_env += (f"; OpenBLAS picks its {detected} kernel on this "
                          f"CPU, older than the CPU, so the peers run with "
                          f"OPENBLAS_CORETYPE={pinned}, the best it runs "
                          f"(benchmarks/openblas_kernel.py)")
    conditions = (
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.node()}: "
        f"{context['num_cpus']} CPUs ({cpu_model()}) at "
        f"{context['mhz_per_cpu']} MHz, "
        f"{torch['threads']} thread(s) for every contender. "
        f"OpenBLAS kernel: {openblas_kernel} ({peers_env}); "
        f"PyTorch {torch['torch']} eager, matmul "
        f"through {torch['kernel']}. Each figure is the median of "
        f"{torch['repetitions']} repetitions, dlc's and OpenBLAS's by Google "
        f"Benchmark, PyTorch's by benchmarks/peers.py, all in one run of "
        f"benchmarks/run.sh. Cold compiles start from an empty compile cache; "
        f"cached ones find the model in it. dlc runs matrix multiplies as "
        f"Halide kernels (--kernels=halide, template schedules) with "
        f"HL_NUM_THREADS={torch['threads']}.")
    gpu = results_file.gpu_section(results_file.read(results_path))
    with open(results_path, "w") as f:
        f.write("# dlc benchmark results\n\n"
                "Written by `benchmarks/run.sh`; do not edit by hand.\n\n"
                f"{conditions}\n\n{table}\n\n"
                "Models in the chart (x axis): " +
                ", ".join(f"{i} {n}" for i, n in enumerate(models, start=1)) +
                "\n\n![chart](RESULTS.png)\n" + ("\n" + gpu if gpu else ""))

    charts = [
        {"title": "SGEMM GFLOP/s", "xlabel": "n", "series": chart_sgemm},
        {"title": "speed-up over PyTorch eager (batch %d)" % torch["batch"],
         "xlabel": "model: " + ", ".join(f"{i} {n}" for i, n in enumerate(models, start=1)),
         "series": chart_ratios},
    ]
    with open(chart_path, "w") as f:
        json.dump(charts, f, indent=1)


if __name__ == "__main__":
    main()
