"""Each documented model trained and evaluated on the CPU and on the GPU.

usage: compare_devices.py all DLC DLC_RUN DATA_DIR WORK_DIR [MODEL...]
       compare_devices.py prepare DLC DLC_RUN DATA_DIR WORK_DIR [MODEL...]
       compare_devices.py check DLC_RUN DATA_DIR WORK_DIR

For every documented model (test/e2e/Inputs/documented_models.py) with its
README data, or the MODELs named: compiles it for the CPU and with
--target=nvptx, runs three train steps from the same initialisation on each
device (the same batches and dropout seeds), compares every parameter,
buffer and optimizer state tensor, then evaluates the test split (forward
and the loss) with each device's weights. Prints one line per model and
exits 1 if any tensor or loss differs by more than 1e-4 (absolute, or
relative to the CPU's value when that is larger than 1).

`all` does it on one machine. `prepare` does the compiling and the CPU's
half and leaves in WORK_DIR what `check` needs to do the GPU's half on
another machine, one with a GPU and no compiler (scripts/gpu-bundle.sh):
the --target=nvptx models, the CPU's checkpoints and cpu.json."""
import json
import os
import re
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "e2e",
                                "Inputs"))
from documented_models import EXAMPLES, MODELS  # noqa: E402
from safetensors_io import read_safetensors  # noqa: E402

# name -> (data set, batch): README's table.
DATA = {
    "linear_regression": ("diabetes", 16),
    "logistic_regression": ("breast_cancer", 16),
    "mlp": ("mnist", 32),
    "mlp_regression": ("diabetes", 16),
    "cnn": ("mnist", 32),
    "resnet": ("mnist", 32),
    "transformer": ("words", 64),
    "lstm": ("words", 64),
    "bert_pretrain": ("fortunes", 64),
    "bert_finetune": ("words", 64),
}
TOLERANCE = 1e-4
# dlc-run eval prints the loss to four decimals: two losses within
# TOLERANCE can print a unit of the last digit further apart.
LOSS_RESOLUTION = 1e-4


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr}")
    return result.stdout


def difference(cpu, gpu):
    """The largest difference, relative where the CPU's value exceeds 1."""
    cpu, gpu = np.asarray(cpu, np.float64), np.asarray(gpu, np.float64)
    return float(np.max(np.abs(cpu - gpu) / np.maximum(1.0, np.abs(cpu)),
                        initial=0.0))


def train_and_evaluate(name, model, device, dlc_run, data_dir, work):
    """The state after three train steps of `model` on `device`, saved in
    WORK/NAME.DEVICE.safetensors, and the eval loss of the test split."""
    data, batch = DATA[name]
    weights = os.path.join(work, f"{name}.{device}.safetensors")
    run([dlc_run, model, "train", "--data", os.path.join(data_dir, data),
         "--batch", str(batch), "--max-steps", "3", "--seed", "0",
         "--progress", "none", "--device", device, "--save", weights])
    report = run([dlc_run, model, "eval", "--weights", weights,
                  "--data", os.path.join(data_dir, data), "--device", device])
    return float(re.search(r"loss (\S+)", report).group(1))


def prepare(names, dlc, dlc_run, data_dir, work):
    """Compiles `names` for both targets and runs the CPU's half."""
    cpu_losses = {}
    for name in names:
        example, options = MODELS[name]
        source = os.path.join(EXAMPLES, example)
        for target in ("cpu", "nvptx"):
            # Generic x86-64 host code: the GPU's machine may have another
            # CPU than this one.
            run([dlc, source, *options, f"--target={target}",
                 "--cpu=x86-64-v3", "-o",
                 os.path.join(work, f"{name}.{target}.so")])
        cpu_losses[name] = train_and_evaluate(
            name, os.path.join(work, f"{name}.cpu.so"), "cpu", dlc_run,
            data_dir, work)
    with open(os.path.join(work, "cpu.json"), "w") as f:
        json.dump(cpu_losses, f, indent=1)


def check(dlc_run, data_dir, work):
    """Runs the GPU's half of every prepared model and compares."""
    with open(os.path.join(work, "cpu.json")) as f:
        cpu_losses = json.load(f)
    ok = True
    for name, cpu_loss in cpu_losses.items():
        # One model's failure is reported and the others still run: a GPU
        # machine is lent for minutes, and each result counts.
        try:
            gpu_loss = train_and_evaluate(
                name, os.path.join(work, f"{name}.nvptx.so"), "cuda",
                dlc_run, data_dir, work)
        except RuntimeError as error:
            print(f"{name}: FAILED on the GPU: {error}", flush=True)
            ok = False
            continue
        cpu_state = read_safetensors(
            os.path.join(work, f"{name}.cpu.safetensors"))[1]
        gpu_state = read_safetensors(
            os.path.join(work, f"{name}.cuda.safetensors"))[1]
        worst, worst_name = 0.0, ""
        for key, value in cpu_state.items():
            if key not in gpu_state:
                raise RuntimeError(f"{name}: the GPU's checkpoint lacks {key}")
            d = difference(value, gpu_state[key])
            if d > worst:
                worst, worst_name = d, key
        loss_difference = difference(cpu_loss, gpu_loss)
        agrees = (worst <= TOLERANCE
                  and loss_difference <= TOLERANCE + LOSS_RESOLUTION)
        print(f"{name}: after 3 train steps the state differs by at most "
              f"{worst:.2e} ({worst_name or 'none'}); eval loss cpu "
              f"{cpu_loss:.6f} cuda {gpu_loss:.6f}: "
              f"{'ok' if agrees else 'MISMATCH'}", flush=True)
        ok &= agrees
    return ok


def main():
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "check":
        dlc_run, data_dir, work = args[:3]
        return 0 if check(dlc_run, data_dir, work) else 1
    if mode not in ("prepare", "all"):
        sys.exit(f"compare_devices.py: unknown mode '{mode}'")
    dlc, dlc_run, data_dir, work = args[:4]
    names = args[4:] or list(MODELS)
    os.makedirs(work, exist_ok=True)
    prepare(names, dlc, dlc_run, data_dir, work)
    if mode == "prepare":
        return 0
    return 0 if check(dlc_run, data_dir, work) else 1


if __name__ == "__main__":
    sys.exit(main())
