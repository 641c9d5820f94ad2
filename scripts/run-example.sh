#!/usr/bin/env bash
# The main job: compile examples/mlp.dsl, initialise it, and run it on a batch.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${DLC_BUILD_DIR:-build}/bin
out=${DLC_OUT_DIR:-out}
mkdir -p "$out"
"$bin/dlc" examples/mlp.dsl -o "$out/mlp.so"
"$bin/dlc-run" "$out/mlp.so" info
"$bin/dlc-run" "$out/mlp.so" init --seed 0 --save "$out/mlp.safetensors"
/usr/bin/python3 -c "import numpy as np; np.save('$out/x.npy', np.random.default_rng(0).random((4, 784), dtype=np.float32))"
"$bin/dlc-run" "$out/mlp.so" predict --weights "$out/mlp.safetensors" --input "$out/x.npy" --output "$out/y.npy"
/usr/bin/python3 -c "import numpy as np; y = np.load('$out/y.npy'); print('logits', y.shape); print(y)"
