#!/usr/bin/env bash
# The main job: fetch MNIST, compile examples/mlp.dsl, train it for a few
# epochs with dlc-run, and predict the first test digits with the result.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${DLC_BUILD_DIR:-build}/bin
out=${DLC_OUT_DIR:-out}
mkdir -p "$out"
bash scripts/fetch-data.sh mnist
"$bin/dlc" examples/mlp.dsl -o "$out/mlp.so"
"$bin/dlc-run" "$out/mlp.so" info > "$out/mlp.json"
"$bin/dlc-run" "$out/mlp.so" train --data data/mnist --epochs 3 --batch 32 \
  --save "$out/mlp.safetensors"
echo "curves in $out/mlp.png, metrics in $out/mlp.metrics.jsonl"
/usr/bin/python3 - "$out" <<'PY'
import struct, sys
import numpy as np
out = sys.argv[1]
blob = open("data/mnist/t10k-images-idx3-ubyte", "rb").read()
images = np.frombuffer(blob[16:16 + 8 * 784], np.uint8).reshape(8, 784)
np.save(f"{out}/x.npy", images.astype(np.float32) / 255)
PY
"$bin/dlc-run" "$out/mlp.so" predict --weights "$out/mlp.safetensors" \
  --input "$out/x.npy" --output "$out/y.npy"
/usr/bin/python3 -c "
import numpy as np
labels = open('data/mnist/t10k-labels-idx1-ubyte', 'rb').read()[8:16]
print('predicted', np.load('$out/y.npy').argmax(1), 'labels', np.frombuffer(labels, np.uint8))"
