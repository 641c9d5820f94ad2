#!/usr/bin/env bash
# Builds dlc, puts the real data sets in place, and runs the whole test suite
# (lit + GoogleTest + end-to-end training).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
# Training tests use the real data of scripts/fetch-data.sh (a no-op when it
# is already there).
bash scripts/fetch-data.sh
ctest --test-dir "${DLC_BUILD_DIR:-build}" --output-on-failure
