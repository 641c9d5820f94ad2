"""Each documented model trained and evaluated on the CPU and on the GPU.

usage: compare_devices.py DLC DLC_RUN DATA_DIR WORK_DIR

For every documented model (test/e2e/Inputs/documented_models.py) with its
README data: compiles it for the CPU and with --target=nvptx, runs three
train steps from the same initialisation on each device (the same batches
and dropout seeds), compares every parameter, buffer and optimizer state
tensor, then evaluates the test split (forward and the loss) with each
device's weights. Prints one line per model and exits 1 if any tensor or
loss differs by more than 1e-4 (absolute, or relative to the CPU's value
when that is larger than 1)."""
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


def compare(name, dlc, dlc_run, data_dir, work):
    example, options = MODELS[name]
    data, batch = DATA[name]
    source = os.path.join(EXAMPLES, example)
    results = {}
    for device, target in (("cpu", "cpu"), ("cuda", "nvptx")):
        model = os.path.join(work, f"{name}.{target}.so")
        weights = os.path.join(work, f"{name}.{target}.safetensors")
        run([dlc, source, *options, f"--target={target}", "-o", model])
        run([dlc_run, model, "train", "--data", os.path.join(data_dir, data),
             "--batch", str(batch), "--max-steps", "3", "--seed", "0",
             "--progress", "none", "--device", device, "--save", weights])
        report = run([dlc_run, model, "eval", "--weights", weights,
                      "--data", os.path.join(data_dir, data),
                      "--device", device])
        loss = float(re.search(r"loss (\S+)", report).group(1))
        results[device] = (read_safetensors(weights)[1], loss)
    (cpu_state, cpu_loss), (gpu_state, gpu_loss) = results["cpu"], results["cuda"]
    worst, worst_name = 0.0, ""
    for key, value in cpu_state.items():
        if key not in gpu_state:
            raise RuntimeError(f"{name}: the GPU's checkpoint lacks {key}")
        d = difference(value, gpu_state[key])
        if d > worst:
            worst, worst_name = d, key
    loss_difference = difference(cpu_loss, gpu_loss)
    ok = worst <= TOLERANCE and loss_difference <= TOLERANCE
    print(f"{name}: after 3 train steps the state differs by at most "
          f"{worst:.2e} ({worst_name or 'none'}); eval loss cpu {cpu_loss:.6f} "
          f"cuda {gpu_loss:.6f}: {'ok' if ok else 'MISMATCH'}")
    return ok


def main():
    dlc, dlc_run, data_dir, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    ok = True
    for name in MODELS:
        ok &= compare(name, dlc, dlc_run, data_dir, work)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
