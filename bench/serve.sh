#!/usr/bin/env bash
# Load on the web editor (#17): one `vanban serve` on this machine, 16 concurrent clients
# each previewing a 5-page document as it is typed, for 60 s; median and 99th-percentile
# preview latency, errors (target 0), the server's memory over the run (target: flat).
#   bash bench/serve.sh [CLIENTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-release}
cargo build --profile "$profile" --quiet --bin vanban
cargo build --profile "$profile" --quiet --example serve-load
dir=target/$profile
tmp=$(mktemp -d)
"$dir/vanban" serve --port 0 > "$tmp/addr" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do grep -q http "$tmp/addr" && break; sleep 0.1; done
url=$(sed -n 's/^vanban serve: \(http:[^ ]*\)\/$/\1/p' "$tmp/addr")
echo "machine: $(nproc) cores; server pid $pid at $url ($profile build)"
"$dir/examples/serve-load" "$url" "$pid" "${1:-16}" "${2:-60}"
