#!/usr/bin/env bash
# Runs on the GPU machine, as run.sh of a bundle unpacked there (made by
# scripts/gpu-bundle.sh): the GPU test suite, then dlc's GPU benchmarks and
# PyTorch's CUDA peers, with every result written to OUT_DIR for
# benchmarks/report_gpu.py. Every step runs even if one before it failed,
# since a machine is lent for minutes; the exit status is 1 if any failed.
#
#   run.sh OUT_DIR
#
# SIZES, BATCHES and REPETITIONS override the benchmark's; PYTHON is the
# interpreter with PyTorch (default: python3).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: run.sh OUT_DIR}
mkdir -p "$out"
python=${PYTHON:-python3}
sizes=${SIZES:-512,1024,2048,4096}
batches=${BATCHES:-32 256}
repetitions=${REPETITIONS:-5}
read -r -a models <"$here/bench/models.txt"
status=0

cp "$here/commit.txt" "$out/commit.txt"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader \
  >"$out/gpu.txt" 2>&1 || echo "nvidia-smi failed" >>"$out/gpu.txt"
cat "$out/gpu.txt"

echo "== the GPU test suite"
"$python" "$here/test/gpu/Inputs/compare_devices.py" check "$here/bin/dlc-run" \
  "$here/data" "$here/suite" | tee "$out/suite.txt" || status=1
"$python" "$here/test/e2e/Inputs/bind_cuda.py" "$here/suite/batched.so" \
  "${DLC_CUDA_DRIVER:-libcuda.so.1}" | tee -a "$out/suite.txt" || status=1

bench_flags=(--benchmark_repetitions="$repetitions"
  --benchmark_report_aggregates_only=true --benchmark_min_time=0.5
  --benchmark_out_format=json)
echo "== dlc on the GPU"
"$here/bin/dlc-bench" --device=cuda --sgemm="$here/bench/matmul.so" \
  --sizes="$sizes" "${bench_flags[@]}" --benchmark_out="$out/dlc-sgemm.json" ||
  status=1
for batch in $batches; do
  model_flags=()
  for m in "${models[@]}"; do model_flags+=(--model="$m=$here/bench/$m.so"); done
  "$here/bin/dlc-bench" --device=cuda "${model_flags[@]}" --batch="$batch" \
    "${bench_flags[@]}" --benchmark_out="$out/dlc-models-$batch.json" ||
    status=1
done

echo "== PyTorch CUDA eager"
for batch in $batches; do
  # SGEMM once, with the first batch.
  [ "$batch" = "${batches%% *}" ] && peer_sizes=$sizes || peer_sizes=
  "$python" "$here/benchmarks/peers.py" --device cuda --sizes "$peer_sizes" \
    --batch "$batch" --repetitions "$repetitions" \
    --models "$(IFS=,; echo "${models[*]}")" --out "$out/torch-$batch.json" ||
    status=1
done
exit $status
