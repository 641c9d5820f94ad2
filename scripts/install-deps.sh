#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of dlc from Debian 12 packages.
# Nothing is downloaded from anywhere else; safe to re-run (apt-get is idempotent).
set -euo pipefail

packages=(
  # toolchain and build
  cmake ninja-build ccache g++ pkg-config
  # LLVM/MLIR 19 (the compiler stack), LLD as a library (in-process linking)
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools liblld-19-dev lld-19
  zlib1g-dev libzstd-dev libedit-dev libcurl4-openssl-dev libxml2-dev
  # Halide 14 (kernel generation; carries its own LLVM 14)
  libhalide14-0-dev
  # tests and benchmarks
  googletest libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
  python3-numpy python3-torch libopenblas-dev valgrind
)

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
