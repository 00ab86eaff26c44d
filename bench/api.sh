#!/usr/bin/env bash
# Part of `make bench`: the JSON API on a large journal (default: the 100,000-article demo journal
# bench/run.sh writes), beside the HTML article page in the same run. Reads: the newest 20
# articles (`/api/v1/articles?limit=20`) and one article (`/api/v1/articles/{id}`), with the page
# cache on and off, at 32 connections. Writes: articles created and published at once through
# the Admin API (each one durable transaction with its revision, tags, audit line and outbox),
# per second at 4 connections, on a copy of the 10,000-article journal, beside the same number
# of bare synced SQLite transactions (WAL, synchronous=FULL) made by the sqlite3 shell on the
# same disk: the floor. Appends to bench/out/report.md. Needs build/release.
#   bash bench/api.sh [JOURNAL_DIR] [WRITE_JOURNAL_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
journal=${1:-$out/journal-100000}
write_source=${2:-$out/journal-10000}
for j in "$journal" "$write_source"; do
  if [ ! -f "$j/tapchi.toml" ]; then
    echo "bench/api.sh: no journal at $j (bench/run.sh writes it)" >&2
    exit 1
  fi
done
sed 's/^budget_mb = .*/budget_mb = 0/' "$journal/tapchi.toml" >"$journal/tapchi-nocache.toml"
trap stop_serving EXIT

# wrk_get URL → "req/s p50 p99" at 32 connections.
wrk_get() {
  local text
  text=$(timeout $((seconds + 30)) wrk -t2 -c32 -d"${seconds}s" --latency -H 'Accept-Encoding: gzip' "$1")
  wrk_figures "$1" "$text"
}

say ""
say "## JSON API ($(sqlite3 "$journal/data/tapchi.db" "SELECT COUNT(*) FROM articles") articles)"
say ""
say "32 connections, gzip, ${seconds} s each; the HTML article page of the same article beside."
say ""
say "| request | cache | req/s | p50 ms | p99 ms |"
say "|---|---|---:|---:|---:|"
for mode in on off; do
  config=$journal/tapchi.toml
  [ "$mode" = off ] && config=$journal/tapchi-nocache.toml
  serve "$config" "$out/api-server.log"
  base="http://127.0.0.1:$port"
  id=$(curl -s "$base/api/v1/articles?edition=en&limit=1&fields=url" |
    sed -n 's|.*"id":\([0-9]*\).*|\1|p')
  page=$(curl -s "$base/api/v1/articles/$id?fields=url" | sed -n 's|.*"url":"http://[^/]*\([^"]*\)".*|\1|p')
  for path in "/api/v1/articles?limit=20" "/api/v1/articles/$id" "$page"; do
    read -r rps p50 p99 <<<"$(wrk_get "$base$path")"
    say "| \`$path\` | $mode | $rps | $p50 | $p99 |"
  done
  stop_serving
done

# Writes, on a copy of the smaller journal (they add articles).
copy=$out/journal-api-writes
rm -rf "$copy"
cp -r "$write_source" "$copy"
printf '\n[api]\nrate_burst = 1000000000\n' >>"$copy/tapchi.toml"
key=$("$bin" key add --name "bench wire" --role editor --config "$copy/tapchi.toml" 2>/dev/null)
serve "$copy/tapchi.toml" "$out/api-writes.log"
before=$(sqlite3 "$copy/data/tapchi.db" "SELECT COUNT(*) FROM articles")
text=$(API_KEY=$key timeout $((seconds + 30)) wrk -t2 -c4 -d"${seconds}s" --latency \
  -s bench/api_write.lua "http://127.0.0.1:$port")
if ! grep -q "Non-2xx" <<<"$text"; then :; else
  echo "bench: API writes answered errors" >&2
  echo "$text" >&2
  exit 1
fi
read -r wps wp50 wp99 <<<"$(wrk_figures writes "$text")"
stop_serving
after=$(sqlite3 "$copy/data/tapchi.db" "SELECT COUNT(*) FROM articles")
# The floor: as many bare synced transactions, one row each, in the sqlite3 shell.
n=$((after - before))
floor_db=$out/api-floor.db
rm -f "$floor_db" "$floor_db-wal" "$floor_db-shm"
sqlite3 "$floor_db" "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT);" >/dev/null
t0=$(now_ms)
{
  echo "PRAGMA synchronous=FULL;"
  for _ in $(seq "$n"); do echo "INSERT INTO t (x) VALUES ('a row');"; done
} | sqlite3 "$floor_db"
floor_ms=$(($(now_ms) - t0))
floor_tps=$(awk -v n="$n" -v ms="$floor_ms" 'BEGIN { printf "%d", (ms > 0 ? n * 1000 / ms : 0) }')
say ""
say "Articles created and published through the Admin API, 4 connections, ${seconds} s, on a copy"
say "of the $(sqlite3 "$write_source/data/tapchi.db" "SELECT COUNT(*) FROM articles")-article journal: **$wps/s** (p50 $wp50 ms, p99 $wp99 ms; $n articles"
say "written); bare synced SQLite transactions of one row on the same disk: **$floor_tps/s**"
say "(ratio $(awk -v a="$wps" -v b="$floor_tps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'))."
rm -rf "$copy" "$floor_db" "$floor_db-wal" "$floor_db-shm"
