#!/usr/bin/env bash
# Soak: the demo API on loopback under 64 connections of mixed CORS traffic (preflights allowed
# and refused, actual requests from allowed and other origins, hostile headers) for 60 s.
# Reports requests/s, errors and unexpected statuses (both must be 0), and the server's resident
# memory at the start and the end (must stay flat).
#
#     bash scripts/soak.sh             # needs wrk: apt-get install wrk
#     DURATION=10s bash scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
duration=${DURATION:-60s}
api_port=${API_PORT:-18480}
page_port=${PAGE_PORT:-18481}

cargo build -q --release --example demo
./target/release/examples/demo --api-port "$api_port" --page-port "$page_port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$api_port/api/products" && break; sleep 0.1; done

rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$server/status"; }
# Warm up, so that the start figure includes the worker's pools.
PAGE_ORIGIN="http://localhost:$page_port" wrk -t2 -c64 -d2s -s scripts/soak.lua "http://127.0.0.1:$api_port" >/dev/null
start=$(rss)
report=$(PAGE_ORIGIN="http://localhost:$page_port" wrk -t2 -c64 -d"$duration" --latency -s scripts/soak.lua "http://127.0.0.1:$api_port")
end=$(rss)
echo "$report"
echo "resident memory: start $start, end $end"

errors=$(echo "$report" | awk '/Socket errors/ {s=0; for (i=1; i<=NF; i++) if ($i ~ /^[0-9]+,?$/) s+=$i; print s}')
unexpected=$(echo "$report" | awk '/unexpected statuses/ {print $3}')
if [ "${errors:-0}" != 0 ] || [ "${unexpected:-0}" != 0 ]; then
    echo "FAILED: socket errors ${errors:-0}, unexpected statuses ${unexpected:-0}" >&2
    exit 1
fi
echo "ok: no errors, no unexpected status"
