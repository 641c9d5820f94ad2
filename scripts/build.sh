#!/usr/bin/env bash
# Configures (once) and builds dlc into build/ with Ninja, ccache and LLD.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${DLC_BUILD_DIR:-build}
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S . -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DLLVM_USE_LINKER=lld -DCMAKE_C_COMPILER_LAUNCHER=ccache \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
ninja -C "$build" "$@"
