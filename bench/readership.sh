#!/usr/bin/env bash
# Part of `make bench`: what counting readers' views costs. The cached article page of a large
# journal (default: the 100,000-article demo journal bench/run.sh writes) at 32 connections with
# a browser's User-Agent (so that every request is a view), with [readership] count_views on and
# off, alternately, twice each; prints each run, the ratio of the best runs (on/off), and the
# views the "on" runs wrote (every answered request should be one). Appends to
# bench/out/report.md. Needs build/release.
#   bash bench/readership.sh [JOURNAL_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
journal=${1:-$out/journal-100000}
if [ ! -f "$journal/tapchi.toml" ]; then
  echo "bench/readership.sh: no journal at $journal (bench/run.sh writes it)" >&2
  exit 1
fi
trap stop_serving EXIT
agent='Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
db=$journal/data/tapchi.db

# A config of the journal with count_views set to $1.
config_with() {
  local file=$journal/tapchi-views-$1.toml
  grep -v '^count_views' "$journal/tapchi.toml" >"$file"
  if grep -q '^\[readership\]' "$file"; then
    sed -i "/^\[readership\]/a count_views = $1" "$file"
  else
    printf '\n[readership]\ncount_views = %s\n' "$1" >>"$file"
  fi
  echo "$file"
}

views() { sqlite3 "$db" "SELECT COALESCE(SUM(views), 0) FROM article_views" 2>/dev/null || echo 0; }

say ""
say "## Counting readers' views (cached article page)"
say ""
say "32 connections, gzip, a browser's User-Agent, ${seconds} s each, alternately."
say ""
say "| count_views | req/s | p50 ms | p99 ms | requests | views written (with the warm-up) |"
say "|---|---:|---:|---:|---:|---:|"
best_on=0
best_off=0
for mode in true false true false; do
  serve "$(config_with "$mode")" "$out/readership-server.log"
  base="http://127.0.0.1:$port"
  page=$(curl -s "$base/en/" | grep -o 'href="/en/[a-z0-9-]*-[0-9]*\.html"' | head -1 |
    sed 's/href="\(.*\)"/\1/')
  curl -s -o /dev/null -A "$agent" "$base$page"  # renders it into the cache
  before=$(views)
  text=$(timeout $((seconds + 30)) wrk -t2 -c32 -d"${seconds}s" --latency \
    -H 'Accept-Encoding: gzip' -H "User-Agent: $agent" "$base$page")
  read -r rps p50 p99 <<<"$(wrk_figures "$page" "$text")"
  requests=$(awk '/requests in/ { print $1 }' <<<"$text")
  stop_serving  # writes what it counted
  written=$(($(views) - before))
  say "| $mode | $rps | $p50 | $p99 | $requests | $written |"
  if [ "$mode" = true ]; then
    [ "$rps" -gt "$best_on" ] && best_on=$rps
  else
    [ "$rps" -gt "$best_off" ] && best_off=$rps
  fi
done
say ""
say "Counting on / off (best runs): $(awk -v a="$best_on" -v b="$best_off" 'BEGIN { printf "%.3f", a / b }')"
