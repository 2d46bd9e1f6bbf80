#!/usr/bin/env bash
# Installs what is missing, builds and runs every test: the default (debug, warnings as errors)
# build, then the ASan + UBSan build. Set AMZCONN_TEST_PRESETS to choose, e.g. "default".
set -euo pipefail
cd "$(dirname "$0")/.."

dist/install-deps.sh

presets=${AMZCONN_TEST_PRESETS:-"default asan"}
for preset in $presets; do
    echo "== amzconn: configure, build and test preset '$preset'"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
    ctest --preset "$preset"
done
echo "== amzconn: all tests passed (presets: $presets)"
