#!/usr/bin/env bash
# Packs what a GPU machine without dlc's compiler needs to run the GPU test
# suite and the GPU benchmarks. The device tool lends such a machine for
# minutes, with the NVIDIA driver and PyTorch but none of LLVM 19, MLIR or
# Halide, so everything is compiled here and only run there:
#
#   scripts/gpu-bundle.sh [BUNDLE.tar.gz]   # default .gpu/bundle.tar.gz
#
# Here it compiles the documented models for the CPU and with --target=nvptx
# (host code for generic x86-64-v3: the GPU's machine has another CPU), runs
# the CPU's half of test/gpu/Inputs/compare_devices.py, compiles the
# benchmark models for the GPU, and packs them with dlc-run, dlc-bench, the
# libraries those load, the data sets and the scripts. There:
#
#   tar xzf BUNDLE.tar.gz -C /tmp && /tmp/dlc-gpu/run.sh OUT_DIR
#
# and back here `benchmarks/report_gpu.py OUT_DIR benchmarks/RESULTS.md`.
# It needs a build (scripts/build.sh) and the data (scripts/fetch-data.sh).
# DLC_GPU_MODELS narrows the documented models of the suite and
# DLC_GPU_BENCH_MODELS the benchmarked ones (space-separated names);
# DLC_GPU_ARCH (default sm_90, the H200 the tool lends) is the benchmark
# models' --gpu-arch; the suite's keep dlc's default, sm_80.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$(cd "${DLC_BUILD_DIR:-build}" && pwd)
bundle=$(realpath -m "${1:-.gpu/bundle.tar.gz}")
arch=${DLC_GPU_ARCH:-sm_90}
suite_models=${DLC_GPU_MODELS:-}
bench_models=${DLC_GPU_BENCH_MODELS:-linear_regression logistic_regression mlp cnn conv3x3}
python=/usr/bin/python3 # Debian's, with numpy

for tool in dlc dlc-run dlc-bench; do
  [ -x "$build/bin/$tool" ] || { echo "gpu-bundle.sh: no $build/bin/$tool: run scripts/build.sh first" >&2; exit 1; }
done
[ -f data/mnist/.stamp ] || { echo "gpu-bundle.sh: no data: run scripts/fetch-data.sh first" >&2; exit 1; }
dlc=$build/bin/dlc
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/dlc-gpu"/{bin,lib,suite,bench,data}
dest=$stage/dlc-gpu

# The binaries, and every library they load but the C library's own, which
# cannot travel (the machine's glibc must be at least Debian 12's, 2.36).
# bin/ holds wrappers that point the real ones, in libexec/, at lib/: those
# libraries are for them alone, not for the machine's Python and PyTorch.
mkdir -p "$dest/libexec"
for tool in dlc-run dlc-bench; do
  cp "$build/bin/$tool" "$dest/libexec/"
  cat >"$dest/bin/$tool" <<'WRAPPER'
#!/bin/sh
here=$(dirname "$(readlink -f "$0")")
LD_LIBRARY_PATH=$here/../lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
  exec "$here/../libexec/$(basename "$0")" "$@"
WRAPPER
  chmod +x "$dest/bin/$tool"
done
ldd "$build/bin/dlc-run" "$build/bin/dlc-bench" |
  awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | sort -u |
  while read -r soname path; do
    case $soname in
    libc.so.* | libm.so.* | libpthread.so.* | libdl.so.* | librt.so.*) ;;
    *) cp -L "$path" "$dest/lib/$soname" ;;
    esac
  done

# The suite: models and the CPU's results, and the scripts that check them.
export DLC_SOURCE_DIR=$root
# shellcheck disable=SC2086 # the names are words
"$python" test/gpu/Inputs/compare_devices.py prepare "$dlc" \
  "$build/bin/dlc-run" data "$dest/suite" $suite_models
rm -f "$dest/suite"/*.cpu.so "$dest/suite"/*.jsonl
"$dlc" test/e2e/Inputs/batched_linear.dsl --target=nvptx --cpu=x86-64-v3 \
  -o "$dest/suite/batched.so"
for script in test/gpu/Inputs/compare_devices.py \
  test/e2e/Inputs/{documented_models,safetensors_io,dlcmodel,bind_cuda}.py \
  benchmarks/peers.py examples/torch_twins.py; do
  mkdir -p "$dest/$(dirname "$script")"
  cp "$script" "$dest/$script"
done
cp scripts/gpu-device-run.sh "$dest/run.sh"

# The data sets of the suite's models.
"$python" - "$dest/suite/cpu.json" <<'EOF' | while read -r set; do cp -r "data/$set" "$dest/data/"; done
import json, sys
sys.path.insert(0, "test/gpu/Inputs")
from compare_devices import DATA
print("\n".join(sorted({DATA[name][0] for name in json.load(open(sys.argv[1]))})))
EOF

# The benchmark models, for the GPU they will run on.
"$dlc" benchmarks/models/matmul.dsl --target=nvptx --gpu-arch="$arch" \
  --cpu=x86-64-v3 -o "$dest/bench/matmul.so"
for m in $bench_models; do
  source=examples/$m.dsl
  [ -f "$source" ] || source=benchmarks/models/$m.dsl
  "$dlc" "$source" --target=nvptx --gpu-arch="$arch" --cpu=x86-64-v3 \
    -o "$dest/bench/$m.so"
done
echo "$bench_models" >"$dest/bench/models.txt"
git rev-parse --short HEAD >"$dest/commit.txt" 2>/dev/null || echo unknown >"$dest/commit.txt"

mkdir -p "$(dirname "$bundle")"
tar czf "$bundle" -C "$stage" dlc-gpu
echo "wrote $bundle ($(du -h "$bundle" | cut -f1)): unpack it on the GPU machine and run dlc-gpu/run.sh OUT_DIR"
