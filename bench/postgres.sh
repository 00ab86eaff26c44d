#!/usr/bin/env bash
# Part of `make bench`: the demo journal on PostgreSQL beside the same journal on SQLite, in one
# run. On each store: an article page from the page cache and rendered each time (cache off),
# wrk at 32 connections. Then two nodes on the PostgreSQL journal: how long after node A
# acknowledges a new article node B serves it (bench/nodes.py: 200 articles created one at a
# time through A's Admin API, B's Content API polled until it shows each). PostgreSQL runs in a
# cluster of its own on 127.0.0.1, durable (fsync on). Appends to bench/out/report.md; needs
# build/release.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
pg=$out/postgres
node_b=""
cleanup() {
  stop_serving
  [ -z "$node_b" ] || kill "$node_b" 2>/dev/null || true
  bash scripts/postgres.sh stop "$pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT
bash scripts/postgres.sh start "$pg" --durable >/dev/null
url=$(cat "$pg/url")
psql -q "$url/postgres" -c "CREATE DATABASE journal"

# wrk_get URL → "req/s p50 p99" at 32 connections.
wrk_get() {
  local text
  text=$(timeout $((seconds + 30)) wrk -t2 -c32 -d"${seconds}s" --latency -H 'Accept-Encoding: gzip' "$1")
  wrk_figures "$1" "$text"
}

say ""
say "## PostgreSQL beside SQLite (the demo journal)"
say ""
say "An English article page, 32 connections, gzip, ${seconds} s each; PostgreSQL 15 on the same"
say "machine, over TCP on 127.0.0.1, fsync on."
say ""
say "| store | page cache | req/s | p50 ms | p99 ms |"
say "|---|---|---:|---:|---:|"
for store in sqlite postgresql; do
  dir=$out/journal-demo-$store
  rm -rf "$dir"
  "$bin" init "$dir" >/dev/null
  if [ "$store" = postgresql ]; then
    sed -i "s|^data_dir = \"data\".*|&\ndatabase = \"$url/journal\"|" "$dir/tapchi.toml"
  fi
  sed -i 's/^rate_burst = 300 .*/rate_burst = 1000000/' "$dir/tapchi.toml"
  "$bin" demo --config "$dir/tapchi.toml" >/dev/null
  sed 's/^budget_mb = .*/budget_mb = 0/' "$dir/tapchi.toml" >"$dir/tapchi-nocache.toml"
  for mode in on off; do
    config=$dir/tapchi.toml
    [ "$mode" = on ] || config=$dir/tapchi-nocache.toml
    serve "$config" "$out/postgres-$store-$mode.log"
    page=$(curl -s "http://127.0.0.1:$port/en/" | grep -o 'href="/en/[a-z0-9-]*-[0-9]*\.html"' |
      head -n 1 | sed 's/^href="//; s/"$//')
    read -r rps p50 p99 <<<"$(wrk_get "http://127.0.0.1:$port$page")"
    say "| $store | $mode | $rps | $p50 | $p99 |"
    stop_serving
  done
done

# Two nodes on the PostgreSQL journal.
dir=$out/journal-demo-postgresql
key=$("$bin" key add --name "bench nodes" --role editor --config "$dir/tapchi.toml" 2>/dev/null)
serve "$dir/tapchi.toml" "$out/postgres-node-a.log"
port_a=$port
"$bin" serve --config "$dir/tapchi.toml" --listen 127.0.0.1:0 >"$out/postgres-node-b.log" 2>&1 &
node_b=$!
port_b=""
until [ -n "$port_b" ]; do
  sleep 0.05
  port_b=$(sed -n 's|^tapchi: serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$out/postgres-node-b.log")
done
read -r count n_p50 n_p99 n_max polls <<<"$(python3 bench/nodes.py "$port_a" "$port_b" "$key" 200)"
say ""
say "Cross-node invalidation: $count articles published one at a time through node A's Admin"
say "API; node B (its page cache on) served each **p50 $n_p50 ms, p99 $n_p99 ms** (largest"
say "$n_max ms) after A's answer, polled $polls times in all."
