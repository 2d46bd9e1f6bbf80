#!/usr/bin/env bash
# amzconn-host validate, through the real plugin: every example config is valid, and a bad config
# gets exactly the diagnostics amzconn-config prints (file:line:col: error: path: message), exit 1.
set -euo pipefail
host=$1 plugin=$2 config_tool=$3 examples=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The demo config reads its endpoint and credentials from the environment the demo exports.
export AMZCONN_SANDBOX_URL=http://127.0.0.1:9 AMZCONN_DEMO_CLIENT_ID=id
export AMZCONN_DEMO_CLIENT_SECRET=secret AMZCONN_DEMO_REFRESH_TOKEN=token

for example in "$examples"/*.yaml; do
    if ! "$host" --db "$work/db" --plugin "$plugin" validate "$example" >"$work/out" 2>&1; then
        echo "FAIL: $example should be valid:"; cat "$work/out"; exit 1
    fi
done

cat >"$work/bad.yaml" <<'YAML'
stores:
  - alias: UK_1
    colour: red
    marketplaces: {primary: XX}
YAML
set +e
"$host" --db "$work/db" --plugin "$plugin" validate "$work/bad.yaml" >"$work/host.out" 2>&1
host_rc=$?
"$config_tool" validate "$work/bad.yaml" >"$work/tool.out" 2>&1
set -e
if [ "$host_rc" -ne 1 ]; then
    echo "FAIL: amzconn-host validate exited $host_rc on a bad config, expected 1"; exit 1
fi
grep -E '^[^:]+:[0-9]+:[0-9]+: error: ' "$work/tool.out" | sort >"$work/tool.diag"
grep -E '^[^:]+:[0-9]+:[0-9]+: error: ' "$work/host.out" | sort >"$work/host.diag"
if [ ! -s "$work/tool.diag" ] || ! diff -u "$work/tool.diag" "$work/host.diag"; then
    echo "FAIL: amzconn-host and amzconn-config disagree (or printed nothing)"; exit 1
fi
grep -q "bad.yaml:3:5: error: stores\[0\].colour: " "$work/host.diag" || {
    echo "FAIL: the unknown key is not reported at 3:5"; cat "$work/host.diag"; exit 1; }
echo "validate: $(ls "$examples"/*.yaml | wc -l) examples valid; $(wc -l <"$work/host.diag") diagnostics match"
