#!/usr/bin/env bash
# Installs exactly the Debian 12 packages amzconn needs to build, test and run its demo.
# Idempotent and quiet: packages already present are skipped; nothing is fetched from elsewhere.
set -euo pipefail

packages=(
    cmake g++ make pkg-config ccache
    libboost1.81-dev libboost-json1.81-dev libyaml-cpp-dev doctest-dev
    libcurl4-openssl-dev libsqlite3-dev libssl-dev libsodium-dev zlib1g-dev libpugixml-dev
    openssl curl strace python3 python3-jsonschema
    clang-14 libclang-rt-14-dev libfuzzer-14-dev
    # the admin console (serve --http): its static assets, and its browser tests (tests/console)
    libjs-bootstrap5 libjs-chart.js chromium chromium-driver python3-selenium
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
