#!/usr/bin/env bash
# Installs what is missing, builds and runs every test: the default (debug, warnings as errors)
# build, the ASan + UBSan build, and a bounded libFuzzer smoke per parser (clang). Each step
# prints its time. Set AMZCONN_TEST_PRESETS to choose, e.g. "default" or "default fuzz tsan"
# (tsan: ThreadSanitizer over the debounce, lease and scheduler tests; not yet part of the
# default run). AMZCONN_FUZZ_SECONDS sets the smoke time per fuzz target (default 15).
set -euo pipefail
cd "$(dirname "$0")/.."

dist/install-deps.sh

# Runs a command and prints how long it took.
step() {
    local start=$SECONDS
    "$@"
    echo "== amzconn: $* took $((SECONDS - start)) s"
}

presets=${AMZCONN_TEST_PRESETS:-"default asan fuzz tsan"}
for preset in $presets; do
    echo "== amzconn: configure, build and test preset '$preset'"
    cmake --preset "$preset" >/dev/null
    # The tsan and fuzz build presets list only the targets they run.
    step cmake --build --preset "$preset"
    step ctest --preset "$preset"
    if [ "$preset" = fuzz ]; then
        step tests/fuzz/smoke.sh "${AMZCONN_FUZZ_SECONDS:-15}" build/fuzz
    fi
done
echo "== amzconn: all tests passed (presets: $presets) in $SECONDS s"
