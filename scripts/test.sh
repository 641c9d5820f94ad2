#!/usr/bin/env bash
# Builds dlc and runs the whole test suite (lit + GoogleTest + end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir "${DLC_BUILD_DIR:-build}" --output-on-failure
