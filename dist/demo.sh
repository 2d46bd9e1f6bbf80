#!/usr/bin/env bash
# The demo on the embedded defaults: builds amzconn, starts the local SP-API sandbox
# (amzconn-sandbox, loopback only) with 200 orders of the past 30 days and 30 more that arrive over
# the next 6 hours of its clock, and drives the reference host (amzconn-host) through what an
# integrator and an admin do: seed host master data, validate and install the demo config, test
# the store's connection, import the orders, export stock and prices (and a stock count), ship two
# orders back to Amazon, then let time pass while Amazon lives (new orders arrive, FBA orders ship,
# buyers ask to cancel) and import what changed, cancel two orders (one a buyer asked for), import
# two returns, import Amazon's catalogue and set a lead time that reaches Amazon, close and reopen
# the store. After each step it
# prints a few lines of what Amazon and the host now hold, and it fails when a step did not do
# what it says. Both sides run on the same virtual clock, so the output is the same every run.
#
# Each part is a function `section_*` called from main at the end; a new part is one more
# function and one more line there. Helpers: `host` (a host
# command, its output trimmed), `job` (run a job, fail unless its status is the one expected),
# `time_passes` (both clocks), `amazon_state FILE`, `log_mark`/`import_changes`, `summary`.
#
# From a package (.deb or .tgz) it runs as <prefix>/share/amzconn/demo/demo.sh with the installed
# programs and writes to $AMZCONN_DEMO_WORK (default: ./amzconn-demo); from a checkout it builds
# first and writes to build/demo.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

preset=${AMZCONN_DEMO_PRESET:-default}
if [ -f "$here/../CMakePresets.json" ]; then # a checkout: dist/demo.sh
    installed=""
    cd "$here/.."
    root=$(pwd)
    bin="${AMZCONN_DEMO_BIN:-$root/build/$preset/bin}"
    work="$root/build/demo"
    data="dist/demo"
    demo_config="config/examples/demo.yaml"
else # a package: <prefix>/share/amzconn/demo/demo.sh
    installed=yes
    bin="${AMZCONN_DEMO_BIN:-$(cd "$here/../../../bin" && pwd)}"
    work="${AMZCONN_DEMO_WORK:-$(pwd)/amzconn-demo}"
    data="$here"
    demo_config="$here/demo.yaml"
fi
start="2026-03-01T00:00:00Z"
sandbox_pid=""
url=""
shipped_orders="" # the two orders section_shipments ships, "ID1 ID2"
clock_now=""      # the time both clocks read after the last time_passes

build() {
    if [ -n "$installed" ]; then
        echo "== the installed amzconn in $bin; the demo writes to $work"
    else
        dist/install-deps.sh
        echo "== building amzconn ($preset): amzconn-host, the plugin, amzconn-sandbox"
    fi
    if [ -z "$installed" ] && [ -z "${AMZCONN_DEMO_BIN:-}" ]; then
        cmake --preset "$preset" >/dev/null
        cmake --build --preset "$preset" --target amzconn-host amzconn_plugin amzconn-sandbox \
            >/dev/null
    fi
    # From a package, only a folder an earlier demo made (it holds the marker) is emptied.
    if [ -n "$installed" ] && [ -e "$work" ] && [ ! -e "$work/.amzconn-demo" ]; then
        fail "$work exists and is not a demo folder: set AMZCONN_DEMO_WORK to another folder"
    fi
    rm -rf "$work"
    mkdir -p "$work"
    chmod 700 "$work"
    touch "$work/.amzconn-demo"
}

cleanup() {
    if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
        kill -TERM "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
}

summary() { /usr/bin/python3 "$data/summarize.py" "$@"; }

fail() {
    echo "demo: $*" >&2
    exit 1
}

# POST a control call to the sandbox (Amazon's side of the demo).
sandbox_post() {
    curl -fsS -X POST -H 'content-type: application/json' -d "$2" "$url$1" >/dev/null
}

# Amazon's state as the sandbox holds it, saved to FILE.
amazon_state() { curl -fsS "$url/_sandbox/state" >"$1"; }

# A host command's stdout into FILE; its stderr without the progress lines
# ("import_orders demo: 100/200 ..."). Fails as the command fails.
host_to() {
    local file=$1 rc=0
    shift
    "$bin/amzconn-host" --db "$work/amzconn.db" "$@" >"$file" 2>"$work/err.txt" || rc=$?
    grep -Ev '^[a-z_]+ [A-Za-z0-9_-]+: [0-9]+[ /][0-9]+ ' "$work/err.txt" >&2 || true
    if [ "$rc" -ne 0 ]; then
        echo "demo: amzconn-host $* failed with exit status $rc" >&2
        exit "$rc"
    fi
}

# A host command as a user types it, with its output: at most $shown lines (default 14; the
# rest is counted, the whole output stays in $work/out.txt).
host() {
    local limit=${shown:-14} lines
    echo
    echo "\$ amzconn-host $*"
    host_to "$work/out.txt" "$@"
    head -n "$limit" "$work/out.txt"
    lines=$(wc -l <"$work/out.txt")
    if [ "$lines" -gt "$limit" ]; then
        echo "   ... $((lines - limit)) more line(s)"
    fi
}

# Runs JOB for the demo store and fails unless its report's status is STATUS (default ok).
job() {
    local name=$1 status=${2:-ok}
    shift $(($# > 1 ? 2 : 1))
    host run "$name" --store demo "$@"
    if ! head -n 1 "$work/out.txt" | grep -q "^$name demo: $status\b"; then
        fail "$name should have ended $status"
    fi
}

# Time passes on both sides of the demo: the host's clock moves by WORDS (e.g. 3h), and Amazon's
# (the sandbox's) is set to the same time, so both read the same clock again even after a job
# that waited on the host's virtual clock.
time_passes() {
    local words=$1 now
    echo
    echo "\$ amzconn-host clock advance $words   (and the sandbox's clock to the same time)"
    now=$("$bin/amzconn-host" --db "$work/amzconn.db" clock advance "$words")
    echo "$now"
    clock_now=${now%% *}
    sandbox_post /_sandbox/clock "{\"set\": \"$clock_now\"}"
}

# The id of the last connection-log entry, so a summary can show what came after it.
log_mark() {
    host_to "$work/log.json" log --json
    summary last-log-id "$work/log.json"
}

# The orders the host wrote since MARK, as the connection log tells it.
import_changes() {
    host_to "$work/log.json" log --json
    summary import-changes "$work/log.json" "$1"
}

# Fails unless the host wrote at least NEW new and UPDATED updated orders since MARK.
check_import() {
    host_to "$work/log.json" log --json
    summary check-import "$work/log.json" "$@"
}

start_sandbox() {
    echo "== starting the local SP-API sandbox with 200 orders of the past 30 days (virtual clock" \
        "at $start)"
    "$bin/amzconn-sandbox" --port 0 --generate 200 --seed 7 --clock virtual --start-time "$start" \
        --max-lifetime 900 >"$work/sandbox.out" 2>"$work/sandbox.log" &
    sandbox_pid=$!
    for _ in $(seq 1 100); do
        if grep -q '^listening ' "$work/sandbox.out" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    url=$(sed -n 's/^listening //p' "$work/sandbox.out" | head -n 1)
    if [ -z "$url" ]; then
        echo "demo: the sandbox did not start; its log:" >&2
        cat "$work/sandbox.log" >&2
        exit 1
    fi
    # Amazon lives on the clock: 30 more orders arrive over the next 6 hours, each with its
    # timeline (paid, shipped by Amazon, shipped from Seller Central, a buyer's cancellation).
    sandbox_post /_sandbox/generate '{"count": 30, "seed": 3, "live_hours": 6}'
    echo "   listening on loopback (its address: $work/sandbox.out, its log: $work/sandbox.log);"
    echo "   30 more orders will arrive over the next 6 hours of its clock"

    # The demo config reads these; real stores reference their own variables or host secrets.
    export AMZCONN_SANDBOX_URL="$url"
    export AMZCONN_DEMO_CLIENT_ID="amzn1.application-oa2-client.demo"
    export AMZCONN_DEMO_CLIENT_SECRET="demo-client-secret"
    export AMZCONN_DEMO_REFRESH_TOKEN="Atzr|demo-refresh-token"
}

section_setup() {
    echo
    echo "\$ amzconn-host manifest --json > $work/manifest.json   (summary below)"
    host_to "$work/manifest.json" manifest --json
    summary manifest "$work/manifest.json"
    host clock set "$start"
    echo
    echo "== setup: the ERP's master data, then the store's config"
    host seed "$data/host-data.yaml"
    host validate "$demo_config"
    host install "$demo_config"
    host store list
    host check --store demo
}

section_orders() {
    echo
    echo "== orders: the first import reads the orders since the config's start_date"
    amazon_state "$work/amazon-0.json"
    summary amazon-orders "$work/amazon-0.json"
    local mark
    mark=$(log_mark)
    job import_orders
    check_import "$mark" 1 0
    host_to "$work/dump.json" dump --json
    summary host-orders "$work/dump.json"
    echo "   (FBM imports unshipped orders, FBA shipped ones: orders.fbm/fba.statuses)"
    echo
    echo "== orders: nothing changed on Amazon, so the next import writes nothing"
    job import_orders
    head -n 1 "$work/out.txt" | grep -q "imported=0 updated=0 " ||
        fail "the second import should have written nothing"
}

section_stock() {
    echo
    echo "== stock and prices: Amazon is told what the FBM warehouses can ship, at the tier's price"
    job export_stock retry_later
    echo
    echo "== a minute passes: Amazon's listings report is ready, and the export follows the same report"
    time_passes 1m
    job export_stock
    job explain_stock ok --arg sku=SKU-FBM-DE
    time_passes 1m
    job poll_feeds
    echo
    echo "   Amazon's listings after the feeds:"
    amazon_state "$work/amazon-stock.json"
    summary listings "$work/amazon-stock.json"
    summary check-listing "$work/amazon-stock.json" SKU-FBM-DE DE 3
    echo
    echo "== stock count: the warehouse finds 3 coasters (SKU-FBM-2), not 7; the gift set that needs"
    echo "   two of them (SKU-FBM-DE) can now be assembled once, and Amazon DE is told at once"
    host seed "$data/stock-count.yaml"
    echo
    echo "\$ amzconn-host event stock-changed SKU-FBM-2 --json   (summary below)"
    host_to "$work/event.json" event stock-changed SKU-FBM-2 --json
    summary event "$work/event.json"
    amazon_state "$work/amazon-stock.json"
    summary listings "$work/amazon-stock.json" SKU-FBM-DE
    summary check-listing "$work/amazon-stock.json" SKU-FBM-DE DE 1
}

section_shipments() {
    echo
    echo "== shipments: the host ships two orders (one whole, one by its lines); each package goes to Amazon at once"
    # Two unshipped FBM orders of the demo store's marketplaces, with the SKU of their first item.
    local shipping ship1 ship2 sku2
    amazon_state "$work/amazon-ship.json"
    shipping=$(/usr/bin/python3 -c '
import json, sys
orders = [o for o in json.load(open(sys.argv[1]))["orders"]
          if o["marketplaceId"] in ("A1F83G8C2ARO7P", "A1PA6795UKMFR9")
          and o["fulfilledBy"] != "AMAZON" and o["status"] == "UNSHIPPED"]
for o in orders[:2]:
    print(o["orderId"], o["items"][0]["sellerSku"])
' "$work/amazon-ship.json")
    read -r ship1 _ <<<"$(sed -n 1p <<<"$shipping")"
    read -r ship2 sku2 <<<"$(sed -n 2p <<<"$shipping")"
    shipped_orders="$ship1 $ship2"
    echo
    echo "\$ amzconn-host event shipped --order demo:$ship1 --carrier \"Royal Mail\"" \
        "--tracking RM000000001GB --service \"Tracked 48\" --json   (summary below)"
    host_to "$work/event.json" event shipped --order "demo:$ship1" --carrier "Royal Mail" \
        --tracking RM000000001GB --service "Tracked 48" --json
    summary event "$work/event.json"
    echo
    echo "\$ amzconn-host event shipped --order demo:$ship2 --carrier \"Bob's Vans\"" \
        "--tracking BV0002 --lines $sku2:1 --json   (summary below)"
    host_to "$work/event.json" event shipped --order "demo:$ship2" --carrier "Bob's Vans" \
        --tracking BV0002 --lines "$sku2:1" --json
    summary event "$work/event.json"
    job confirm_shipments
    echo
    echo "   what Amazon (the sandbox) now holds for these orders:"
    amazon_state "$work/amazon-ship.json"
    # shellcheck disable=SC2086 # two order ids
    summary check-shipped "$work/amazon-ship.json" $shipped_orders
    # shellcheck disable=SC2086
    summary shipments "$work/amazon-ship.json" $shipped_orders
}

# Time passes while Amazon lives; the import asks Amazon only for what changed since its cursor.
# WORDS TITLE REQUESTS, then what the import must have written: NEW UPDATED [NEW_FBA]. REQUESTS
# is the least number of buyer cancellation requests Amazon must show after the time passed.
amazon_lives() {
    local words=$1 title=$2 requests=$3 mark
    shift 3
    echo
    echo "== $title"
    amazon_state "$work/amazon-before.json"
    time_passes "$words"
    amazon_state "$work/amazon-after.json"
    summary amazon-changes "$work/amazon-before.json" "$work/amazon-after.json" "$requests"
    mark=$(log_mark)
    job import_orders
    import_changes "$mark"
    check_import "$mark" "$@"
}

section_time_passes() {
    amazon_lives 3h "three hours pass: new orders arrive; the import asks Amazon only for
   what changed since its cursor, so the two orders shipped above come back shipped too" 0 1 2
    amazon_lives 21h "the day ends: FBA orders ship, the seller ships from Seller Central,
   buyers ask to cancel" 1 1 1 1
    host_to "$work/dump.json" dump --json
    summary host-orders "$work/dump.json"
    echo "   (a buyer's cancellation request leaves the order unchanged until the seller answers it)"
}

# A host event as the admin types it, with the plugin's answer summarised.
host_event() {
    echo
    echo "\$ amzconn-host event $* --json   (summary below)"
    host_to "$work/event.json" event "$@" --json
    summary event "$work/event.json"
}

section_cancellations() {
    echo
    echo "== cancellations both ways: the seller answers a buyer's request (BuyerCanceled) and"
    echo "   cancels another order that cannot be shipped (NoInventory); one feed carries both"
    local requested open cancelled mark
    amazon_state "$work/amazon-cancel.json"
    requested=$(summary pick-orders "$work/amazon-cancel.json" requested 1 | cut -d' ' -f1)
    open=$(summary pick-orders "$work/amazon-cancel.json" open 1 | cut -d' ' -f1)
    cancelled="$requested $open"
    host_event cancelled --order "demo:$requested" --reason BuyerCanceled
    host_event cancelled --order "demo:$open" --reason NoInventory
    # --arg now=true: no waiting out cancellations.batch_delay (5 minutes) in the demo
    job send_cancellations ok --arg now=true
    time_passes 2m
    job send_cancellations # Amazon's processing report, read back per order
    echo
    echo "   what Amazon (the sandbox) now holds for these orders:"
    amazon_state "$work/amazon-cancel.json"
    # shellcheck disable=SC2086 # two order ids
    summary order-status "$work/amazon-cancel.json" $cancelled
    # shellcheck disable=SC2086
    summary check-status "$work/amazon-cancel.json" CANCELLED $cancelled
    host_to "$work/dump.json" dump --json
    summary host-entities "$work/dump.json" cancellations 2
    echo
    echo "== ten minutes later the import brings Amazon's cancelled state into the host orders"
    echo "   (it reads up to two minutes before Amazon's now, so that late writes are not missed)"
    time_passes 10m
    mark=$(log_mark)
    job import_orders
    import_changes "$mark"
    check_import "$mark" 0 2
}

section_returns() {
    echo
    echo "== returns: buyers send back an FBM and an FBA order; import_returns brings both into"
    echo "   the host, linked to their orders, with reason and disposition"
    local fbm fbm_sku fba fba_sku
    amazon_state "$work/amazon-returns.json"
    read -r fbm fbm_sku _ <<<"$(summary pick-orders "$work/amazon-returns.json" fbm-shipped 1)"
    read -r fba fba_sku _ <<<"$(summary pick-orders "$work/amazon-returns.json" fba-shipped 1)"
    sandbox_post /_sandbox/returns "{\"returns\": [
        {\"order_id\": \"$fbm\", \"sku\": \"$fbm_sku\", \"reason\": \"DEFECTIVE\",
         \"return_date\": \"2026-03-01T18:00:00Z\"},
        {\"order_id\": \"$fba\", \"sku\": \"$fba_sku\", \"reason\": \"UNWANTED_ITEM\",
         \"channel\": \"AFN\", \"disposition\": \"CUSTOMER_DAMAGED\",
         \"return_date\": \"2026-03-01T19:30:00Z\"}]}"
    echo "   on Amazon: returns of $fbm (FBM) and $fba (FBA), both yesterday evening"
    # The first run reads 90 days: two 60-day reports per channel, each ready a minute or so after
    # it is asked for; each run follows the reports it asked for and asks for the next.
    local run
    for run in 1 2 3 4 5; do
        host run import_returns --store demo
        if head -n 1 "$work/out.txt" | grep -q '^import_returns demo: ok\b'; then
            break
        fi
        head -n 1 "$work/out.txt" | grep -q '^import_returns demo: retry_later\b' ||
            fail "import_returns should have ended ok or retry_later"
        [ "$run" -lt 5 ] || fail "import_returns should have ended ok within 5 runs"
        time_passes 2m
    done
    host_to "$work/dump.json" dump --json
    summary host-entities "$work/dump.json" returns 2
}

section_products() {
    echo
    echo "== products: Amazon's listings matched to the host's products (the demo host has them all;"
    echo "   a missing one would be created with Amazon's title), the admin's product list, and a"
    echo "   lead time set in the host that reaches Amazon"
    # It asks Amazon for the listings report of each marketplace and reads them once ready.
    job import_products retry_later
    time_passes 5m
    job import_products
    echo
    echo "\$ amzconn-host products --store demo --search SKU-FBM   (summary below)"
    host_to "$work/products.json" products --store demo --search SKU-FBM
    summary product-list "$work/products.json" 2
    host product set SKU-FBM-1 --store demo --lead-time 4
    job export_stock
    time_passes 1m
    job poll_feeds
    amazon_state "$work/amazon-products.json"
    summary listings "$work/amazon-products.json" SKU-FBM-1
    summary check-handling "$work/amazon-products.json" SKU-FBM-1 UK 4
}

section_reconcile() {
    echo
    echo "== reconcile: every order of the last 30 days on Amazon is in the host, or left out on purpose"
    shown=6 job reconcile_orders ok --arg days=30
}

section_store_admin() {
    echo
    echo "== the admin closes the store: no job calls Amazon until it is opened again"
    host store close demo
    job import_orders store_closed
    host store open demo
}

section_log() {
    echo
    echo "== the connection log: one shipped order's story, and every error"
    host log --reference "${shipped_orders%% *}" --level INFO
    host log --level ERROR
    if [ ! -s "$work/out.txt" ]; then
        echo "   (no ERROR entries)"
    fi
}

finish() {
    echo
    echo "== demo done. The database is $work/amzconn.db; to see everything:"
    echo "   $bin/amzconn-host --db $work/amzconn.db log"
    echo "   $bin/amzconn-host --db $work/amzconn.db dump"
    echo "   (--json for either); Amazon's (the sandbox's) last state: $work/amazon-after.json"
}

main() {
    build
    trap cleanup EXIT
    start_sandbox
    section_setup
    section_orders
    section_stock
    section_shipments
    section_time_passes
    section_cancellations
    section_returns
    section_products
    section_reconcile
    section_store_admin
    section_log
    finish
}

main "$@"
