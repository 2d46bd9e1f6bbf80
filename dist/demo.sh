#!/usr/bin/env bash
# The demo on the embedded defaults: builds amzconn, starts the local SP-API sandbox
# (amzconn-sandbox, loopback only) with generated orders, and drives the reference host
# (amzconn-host) through what an integrator and an admin do: validate and install the demo config,
# seed host master data, test the store's connection, import the orders, let time pass on Amazon
# and import the changes, ship two orders back to Amazon, cancel one (and see a buyer's request
# on another), close and reopen the store, read the
# log and dump. Both sides run on the
# same virtual clock, so the demo is the same every time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

dist/install-deps.sh

preset=${AMZCONN_DEMO_PRESET:-default}
echo "== building amzconn ($preset): amzconn-host, the plugin, amzconn-sandbox"
if [ -z "${AMZCONN_DEMO_BIN:-}" ]; then
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" --target amzconn-host amzconn_plugin amzconn-sandbox >/dev/null
fi
bin="${AMZCONN_DEMO_BIN:-$root/build/$preset/bin}"

work="$root/build/demo"
rm -rf "$work"
mkdir -p "$work"
chmod 700 "$work"

sandbox_pid=""
cleanup() {
    if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
        kill -TERM "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

start="2026-03-01T00:00:00Z"
echo "== starting the local SP-API sandbox with 200 generated orders (virtual clock at $start)"
"$bin/amzconn-sandbox" --port 0 --generate 200 --seed 7 --clock virtual --start-time "$start" \
    --max-lifetime 900 \
    >"$work/sandbox.out" 2>"$work/sandbox.log" &
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
echo "   sandbox at $url"

# The demo config reads these; real stores reference their own variables or host secrets.
export AMZCONN_SANDBOX_URL="$url"
export AMZCONN_DEMO_CLIENT_ID="amzn1.application-oa2-client.demo"
export AMZCONN_DEMO_CLIENT_SECRET="demo-client-secret"
export AMZCONN_DEMO_REFRESH_TOKEN="Atzr|demo-refresh-token"

host() {
    echo
    echo "\$ amzconn-host $*"
    "$bin/amzconn-host" --db "$work/amzconn.db" "$@"
}

echo
echo "\$ amzconn-host manifest --json > $work/manifest.json   (summary below)"
"$bin/amzconn-host" --db "$work/amzconn.db" manifest --json >"$work/manifest.json"
/usr/bin/python3 - "$work/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print(f"{m['id']} {m['version']}  ABI {m['abi']['major']}.{m['abi']['minor']}  "
      f"settings: {len(json.dumps(m['settings_schema']))} bytes of JSON Schema")
for job in m["jobs"]:
    every = job["default_interval_s"]
    state = "ready" if job["implemented"] else "not implemented in this build"
    print(f"  job {job['name']:<22} every {str(every) + ' s' if every else 'on demand':<10} {state}")
PY
host clock set "$start"
host validate config/examples/demo.yaml
host install config/examples/demo.yaml
host seed dist/demo/host-data.yaml
host store list
host check --store demo
host run import_orders --store demo
host run import_orders --store demo

echo
echo "== stock and prices: Amazon is told what the FBM warehouses can ship, at the tier's price"
host run export_stock --store demo
echo
echo "== a minute passes: Amazon's listings report is ready, and the export follows the same report"
curl -fsS -X POST -H 'content-type: application/json' -d '{"advance_s": 60}' \
    "$url/_sandbox/clock" >/dev/null
host clock advance 1m
host run export_stock --store demo
host run explain_stock --store demo --arg sku=SKU-FBM-DE
host event stock-changed SKU-FBM-1

echo
echo "== shipments: the host ships two orders (one whole, one by its lines); each package goes to Amazon at once"
# Two unshipped FBM orders of the demo store's marketplaces, with the SKU of their first item.
shipping=$(curl -fsS "$url/_sandbox/state" | /usr/bin/python3 -c '
import json, sys
orders = [o for o in json.load(sys.stdin)["orders"]
          if o["marketplaceId"] in ("A1F83G8C2ARO7P", "A1PA6795UKMFR9")
          and o["fulfilledBy"] != "AMAZON" and o["status"] == "UNSHIPPED"]
for o in orders[:2]:
    print(o["orderId"], o["items"][0]["sellerSku"])
')
read -r ship1 _ <<<"$(sed -n 1p <<<"$shipping")"
read -r ship2 sku2 <<<"$(sed -n 2p <<<"$shipping")"
host event shipped --order "demo:$ship1" --carrier "Royal Mail" --tracking RM000000001GB \
    --service "Tracked 48"
host event shipped --order "demo:$ship2" --carrier "Bob's Vans" --tracking BV0002 \
    --lines "$sku2:1"
host run confirm_shipments --store demo
echo
echo "   what Amazon (the sandbox) now holds for these orders:"
curl -fsS "$url/_sandbox/state" | /usr/bin/python3 -c '
import json, sys
wanted = sys.argv[1:]
for o in json.load(sys.stdin)["orders"]:
    if o["orderId"] in wanted:
        print("  ", o["orderId"], o["status"])
        for s in o["shipments"]:
            units = sum(i["quantity"] for i in s["orderItems"])
            print("     package", s["packageReferenceId"] + ":", s["carrierCode"],
                  s.get("carrierName", ""), s["trackingNumber"] + ",", units, "unit(s)")
' "$ship1" "$ship2"

echo
echo "== cancellations both ways: the host cancels an order; a buyer asks Amazon to cancel another"
read -r cancel1 cancel2 <<<"$(curl -fsS "$url/_sandbox/state" | /usr/bin/python3 -c '
import json, sys
ids = [o["orderId"] for o in json.load(sys.stdin)["orders"]
       if o["marketplaceId"] in ("A1F83G8C2ARO7P", "A1PA6795UKMFR9")
       and o["fulfilledBy"] != "AMAZON" and o["status"] == "UNSHIPPED"]
print(ids[0], ids[1])
')"
host event cancelled --order "demo:$cancel1" --reason NoInventory
host run send_cancellations --store demo --arg now=true   # no waiting out batch_delay here
curl -fsS -X POST -H 'content-type: application/json' -d '{"advance_s": 60}' \
    "$url/_sandbox/clock" >/dev/null
host clock advance 1m
host run send_cancellations --store demo   # Amazon's processing report, read back per order
curl -fsS -X POST -H 'content-type: application/json' \
    -d "{\"requests\": [{\"order_id\": \"$cancel2\", \"reason\": \"Changed my mind\"}]}" \
    "$url/_sandbox/cancellation_requests" >/dev/null
echo "   (the next import cancels demo:$cancel1 in the host and shows the buyer's request on demo:$cancel2)"

echo
echo "== two hours pass: the next import asks Amazon only for what changed since the cursor"
curl -fsS -X POST -H 'content-type: application/json' -d '{"advance_s": 7200}' \
    "$url/_sandbox/clock" >/dev/null
host clock advance 2h
host run import_orders --store demo   # the shipped order becomes shipped in the host
host run poll_feeds --store demo
host run reconcile_orders --store demo --arg days=30
host store close demo
host run import_orders --store demo
host store open demo
host log --level INFO
host dump

echo
echo "== demo done. The database is $work/amzconn.db; try:"
echo "   $bin/amzconn-host --db $work/amzconn.db dump --json"
