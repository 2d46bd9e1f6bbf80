#!/usr/bin/env bash
# Fuzzes every target for a bounded time and prints one line per target. A crash, leak, UB or
# broken invariant fails the run and keeps the input (crash-*, leak-*) in the work folder.
# Usage: tests/fuzz/smoke.sh [seconds per target, default 30] [build folder, default build/fuzz]
# A long run is the same with more seconds, e.g. `tests/fuzz/smoke.sh 3600`.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-30}
build=${2:-build/fuzz}
work="$build/fuzz-work"
mkdir -p "$work"

failed=0
for name in order_page listings_report processing_report config entity; do
    bin="$build/tests/fuzz/amzconn_fuzz_$name"
    if [ ! -x "$bin" ]; then
        echo "fuzz: $name: $bin is missing; build it with: cmake --build --preset fuzz" >&2
        exit 2
    fi
    seeds=("tests/fuzz/corpus/$name")
    if [ "$name" = config ]; then
        seeds+=(config/examples)
    fi
    corpus="$work/corpus/$name" # grows across runs; the committed seeds are only read
    mkdir -p "$corpus"
    log="$work/$name.log"
    start=$SECONDS
    if (cd "$work" && "$OLDPWD/$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 "$OLDPWD/$corpus" "${seeds[@]/#/$OLDPWD/}") >"$log" 2>&1; then
        runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
        cov=$(sed -n 's/.*DONE *cov: \([0-9]*\).*/\1/p' "$log" | tail -1)
        echo "fuzz: $name: ok, ${runs:-?} inputs in $((SECONDS - start)) s, coverage ${cov:-?}," \
             "corpus $(ls "$corpus" | wc -l) files"
    else
        failed=1
        echo "fuzz: $name: FAILED after $((SECONDS - start)) s; the input is in $work, the log in $log:"
        grep -m1 -A25 -E "ERROR: |invariant failed|runtime error" "$log" || tail -40 "$log"
    fi
done
exit $failed
