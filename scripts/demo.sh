#!/usr/bin/env bash
# README command (1): install dependencies, build, and run newswatchd on a demo setup — demo feeds
# served on 127.0.0.1, the embedded Kafka-protocol broker — and show the matches as an
# independent consumer (kcat) receives them. Stops by itself after DEMO_SECONDS (default 40) or
# on Ctrl-C, stopping only the processes it started.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target newswatchd

work=$(mktemp -d /tmp/newswatch-demo.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "demo stopped; daemon log kept in $work/daemon.log"
}
trap cleanup EXIT INT TERM

# Demo feeds on a local HTTP server.
python3 -u -m http.server 0 --bind 127.0.0.1 --directory deploy/demo/feeds >"$work/http.log" 2>&1 &
pids+=($!)
port=""
for _ in $(seq 1 100); do
  port=$(grep -oE 'port [0-9]+' "$work/http.log" | head -n1 | cut -d' ' -f2 || true)
  [ -n "$port" ] && break; sleep 0.1
done
[ -n "$port" ] || { echo "demo: HTTP server did not start" >&2; exit 1; }

cat >"$work/newswatch.yaml" <<YAML
# Demo configuration written by scripts/demo.sh (see config/newswatch.example.yaml for every key).
sources:
  - {name: demo-world-wire, url: "http://127.0.0.1:$port/world-wire.xml", kind: auto, interval: 5s}
  - {name: demo-regional, url: "http://127.0.0.1:$port/regional.atom", kind: auto, interval: 5s}
  # A site without a feed: its statements page is read as a listing, each statement page fetched.
  - {name: demo-ministry, url: "http://127.0.0.1:$port/ministry/", kind: html, interval: 5s}
kafka:
  brokers: embedded
  topic: newswatch.matches
metrics:
  listen: 127.0.0.1:0
state_dir: $work/state
profiles: [$root/config/profiles/iran-russia-treaty.yaml]
YAML

build/daemon/newswatchd check-config -c "$work/newswatch.yaml"
build/daemon/newswatchd run -c "$work/newswatch.yaml" >"$work/daemon.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$work/state/embedded-broker.addr" ] && break; sleep 0.1; done
[ -s "$work/state/embedded-broker.addr" ] || { cat "$work/daemon.log"; echo "demo: daemon did not start" >&2; exit 1; }
broker=$(cat "$work/state/embedded-broker.addr")
grep -E 'metrics on|embedded' "$work/daemon.log" || true
echo
echo "== matches on topic newswatch.matches, as 'kcat -b $broker -t newswatch.matches -C' sees them =="
echo
timeout "${DEMO_SECONDS:-40}" kcat -b "$broker" -t newswatch.matches -C -o beginning -q -J 2>/dev/null \
  | python3 deploy/demo/show_matches.py || true
