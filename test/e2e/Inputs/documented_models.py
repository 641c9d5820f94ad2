"""The documented models (README's table), compiled with dlc.

usage: documented_models.py DLC OUTDIR [DLC OPTION...]

Compiles every documented model into OUTDIR/NAME.so with the options given
(--target=nvptx, --gpu-arch=sm_90) and prints "compiled NAME" for each;
exits 1 with dlc's messages if one fails. Other scripts import MODELS."""
import os
import subprocess
import sys

EXAMPLES = os.path.join(os.environ.get("DLC_SOURCE_DIR", "."), "examples")

# name -> (example, extra dlc options)
MODELS = {
    "linear_regression": ("linear_regression.dsl", []),
    "logistic_regression": ("logistic_regression.dsl", []),
    "mlp": ("mlp.dsl", []),
    "mlp_regression": ("mlp_regression.dsl", []),
    "cnn": ("cnn.dsl", []),
    "resnet": ("resnet.dsl", []),
    "transformer": ("transformer.dsl", []),
    "lstm": ("lstm.dsl", []),
    "bert_pretrain": ("bert.dsl", ["--train", "pretrain"]),
    "bert_finetune": ("bert.dsl", ["--train", "finetune"]),
}


def main():
    dlc, outdir, options = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(outdir, exist_ok=True)
    for name, (example, extra) in MODELS.items():
        command = [dlc, os.path.join(EXAMPLES, example), *extra, *options,
                   "-o", os.path.join(outdir, name + ".so")]
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"{name}: {' '.join(command)} failed:\n{run.stderr}")
            return 1
        print(f"compiled {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
