#!/usr/bin/env bash
# The benchmark suite in one command: builds dlc, compiles the models, runs
# dlc, OpenBLAS and PyTorch side by side, prints the table and writes
# benchmarks/RESULTS.md and benchmarks/RESULTS.png.
#
#   benchmarks/run.sh            # the full suite (about 7 minutes here)
#   QUICK=1 benchmarks/run.sh    # small sizes, few repetitions: a smoke run
#
# Every contender runs on THREADS threads (default 1): dlc's Halide kernels
# through HL_NUM_THREADS, the rest of its code is single-threaded so far. Run it on a quiet machine: the figures are medians of
# REPETITIONS runs, but two cores have no headroom for a build beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${DLC_BUILD_DIR:-build}
out=${DLC_BENCH_OUT:-$build/benchmarks-out}
threads=${THREADS:-1}
batch=${BATCH:-32}
if [ -n "${QUICK:-}" ]; then
  sizes=256 repetitions=3 min_time=0.05
else
  sizes=256,512,1024,2048 repetitions=${REPETITIONS:-5} min_time=0.5
fi
# The example models (bert: its first train block, masked-character
# pre-training), and benchmarks/models/conv3x3.dsl: a 3x3 conv2d forward
# and backward.
models=(linear_regression logistic_regression mlp cnn conv3x3 resnet
  transformer lstm bert)
source_of() {
  if [ -f "examples/$1.dsl" ]; then echo "examples/$1.dsl"; else echo "benchmarks/models/$1.dsl"; fi
}

bash scripts/build.sh
mkdir -p "$out"
python=/usr/bin/python3 # Debian's, with its torch and numpy

echo "== compiling the models (cold and cached compile times)"
sources=()
for m in "${models[@]}"; do sources+=("$(source_of "$m")"); done
"$python" benchmarks/compile_times.py "$build/bin/dlc" "$out" 3 "${sources[@]}" \
  > "$out/compile.json"
"$build/bin/dlc" benchmarks/models/matmul.dsl -o "$out/matmul.so"

bench_flags=(--benchmark_repetitions="$repetitions"
  --benchmark_report_aggregates_only=true --benchmark_min_time="$min_time"
  --benchmark_out_format=json)
model_flags=()
for m in "${models[@]}"; do model_flags+=(--model="$m=$out/$m.so"); done

echo "== dlc"
export HL_NUM_THREADS="$threads" # Halide's thread pool
# Models and SGEMM in separate processes: freeing SGEMM's large matrices
# raises glibc's mmap and trim thresholds, after which the heap no longer
# shrinks (brk) at the end of each step and faults its pages back in the
# next, and a model would seem up to 1.5x faster than in a process of its
# own, as under dlc-run.
"$build/bin/dlc-bench" --sgemm="$out/matmul.so" --sizes="$sizes" \
  "${bench_flags[@]}" --benchmark_out="$out/dlc-sgemm.json"
"$build/bin/dlc-bench" "${model_flags[@]}" --batch="$batch" \
  "${bench_flags[@]}" --benchmark_out="$out/dlc-models.json"

# The peers at their best: this environment pins OpenBLAS to an older kernel
# through these two variables, so they are unset in the peers' commands
# only; where OpenBLAS then falls back to a kernel older than the CPU (it
# does not know CPUs newer than itself), the best one the CPU runs is set.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" \
  benchmarks/openblas_kernel.py > "$out/openblas-kernel.txt"
read -r detected pinned < "$out/openblas-kernel.txt"
peer_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
if [ "$pinned" != - ]; then
  echo "OpenBLAS picks $detected on this CPU: OPENBLAS_CORETYPE=$pinned for the peers"
  peer_env+=(OPENBLAS_CORETYPE="$pinned")
fi
echo "== OpenBLAS"
"${peer_env[@]}" OPENBLAS_NUM_THREADS="$threads" \
  "$build/bin/dlc-bench" --openblas --threads="$threads" --sizes="$sizes" \
  "${bench_flags[@]}" --benchmark_out="$out/openblas.json"
echo "== PyTorch"
"${peer_env[@]}" OPENBLAS_NUM_THREADS="$threads" \
  "$python" benchmarks/peers.py --sizes "$sizes" --batch "$batch" \
  --threads "$threads" --repetitions "$repetitions" \
  --models "$(IFS=,; echo "${models[*]}")" --out "$out/torch.json"

echo "== results"
results=benchmarks/RESULTS.md
[ -n "${QUICK:-}" ] && results="$out/RESULTS.md"
"$python" benchmarks/report.py "$out" "$results" "$out/chart.json"
"$build/bin/dlc-bench-chart" "$out/chart.json" "${results%.md}.png"
echo "wrote $results and ${results%.md}.png"
